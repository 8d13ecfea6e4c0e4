/** a same-site path to return to (after a login or an upload), or the fallback: never `//host` or `/\host`,
 *  which browsers read as another site */
export function safeBack(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || value.length > 500) return fallback
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback
  return value
}

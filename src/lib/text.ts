// One normaliser for every text a person types (forms, CSV, the observer page), and the writers' last guard.

/** C0 controls but tab and line breaks, DEL, C1 controls, lone surrogates, U+FFFE/U+FFFF: what XML 1.0 and
 *  iCalendar cannot hold, and no form needs */
const UNSAFE = new RegExp(
  [
    '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uFFFE\\uFFFF]',
    '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])',
    '(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]',
  ].join('|'),
  'g',
)

export const stripControls = (s: string): string => s.replace(UNSAFE, '')

/** control characters removed (tab and line breaks stay), then Unicode NFC; length limits count the result */
export const normalizeText = (s: string): string => stripControls(s).normalize('NFC')

/** every string in a parsed body (strings, arrays, nested objects), normalised; other values unchanged */
export function normalizeFields<T>(value: T, clean: (s: string) => string = normalizeText): T {
  if (typeof value === 'string') return clean(value) as T
  if (Array.isArray(value)) return value.map((v) => normalizeFields(v, clean)) as T
  const proto = value && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined
  // plain objects only (bodies, records); Dates, Buffers and class instances pass through
  if (proto === null || proto === Object.prototype) {
    return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [clean(k), normalizeFields(v, clean)])) as T
  }
  return value
}

/** a single line for formats that have no line breaks in a field (iCalendar SUMMARY, LOCATION) */
export const oneLine = (s: string): string => stripControls(s).replace(/[\r\n\t]+/g, ' ')

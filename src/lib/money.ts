/** integer fen as 元 with two decimals, never through floating point: 12345 → 123.45 */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** 元 as typed (“1,280.50”, “¥12”, “12.5元”; at most two decimals) → fen, never through floating point; null when not money */
export function yuanToFen(typed: string): number | null {
  const s = typed.trim().replace(/^[¥￥]\s*/, '').replace(/\s*元$/, '')
  const m = /^(\d{1,3}(?:,\d{3}){1,2}|\d{1,7})(?:\.(\d{1,2}))?$/.exec(s)
  if (!m) return null
  return Number(m[1].replaceAll(',', '')) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

/** fen → 元 for a form field; '' for none */
export const fenToYuan = (fen: number | null | undefined): string => (fen === null || fen === undefined ? '' : yuan(fen))

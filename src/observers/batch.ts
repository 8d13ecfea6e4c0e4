// Observers typed in a batch: one per line, “姓名”, “姓名 单位” or “姓名 职务 单位”, separated by spaces, tabs
// (pasted from a spreadsheet) or commas. Pure, so each line's error can name its line.

export type TypedObserver = { name: string; title: string | null; unit: string | null }
export type ParsedLines = { rows: TypedObserver[]; errors: string[] }

export const MAX_LINES = 200
const LIMITS = { name: ['姓名', 50], title: ['职务', 50], unit: ['单位', 100] } as const

export function parseObserverLines(text: string): ParsedLines {
  const lines = text.split(/\r?\n/)
  const rows: TypedObserver[] = []
  const errors: string[] = []
  lines.forEach((line, i) => {
    const parts = line.split(/[\t,，、;；]+|\s+/).map((p) => p.trim()).filter(Boolean)
    if (!parts.length) return
    const [name, ...rest] = parts
    const row: TypedObserver =
      rest.length >= 2 ? { name, title: rest[0], unit: rest.slice(1).join(' ') } : { name, title: null, unit: rest[0] ?? null }
    const tooLong = (Object.keys(LIMITS) as (keyof typeof LIMITS)[]).find((k) => (row[k] ?? '').length > LIMITS[k][1])
    if (tooLong) errors.push(`第 ${i + 1} 行：${LIMITS[tooLong][0]}最多 ${LIMITS[tooLong][1]} 个字`)
    else rows.push(row)
  })
  if (rows.length + errors.length > MAX_LINES) errors.unshift(`一次最多邀请 ${MAX_LINES} 人，请分批提交`)
  return { rows, errors }
}

/** the same person twice (same name and unit, spaces ignored) */
export const observerKey = (o: { name: string; unit: string | null }) => `${o.name.trim()}\u0000${(o.unit ?? '').trim()}`

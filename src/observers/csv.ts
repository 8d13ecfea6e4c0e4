// The comments export: RFC 4180 with a UTF-8 BOM so Excel shows the Chinese, and a guard against formulas.
import { local } from '../lib/dates.ts'
import { stripControls } from '../lib/text.ts'
import type { ScoreRow } from '../assessment/criteria.ts'
import { parseScores } from './scores.ts'

/** a cell Excel would run as a formula (=, +, -, @, or a tab/CR that hides one) is prefixed with ' */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ''
  let s = stripControls(String(value))
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s
}

export function csvLine(cells: (string | number | null | undefined)[]): string {
  return cells.map(csvCell).join(',')
}

export type ExportComment = {
  createdAt: Date
  authorName: string | null
  authorUnit: string | null
  learnings: string
  suggestions: string
  criterionScores: ScoreRow[]
  status: string
  adoptedAt: Date | null
}

const STATUS_TEXT: Record<string, string> = { visible: '已上墙', pending: '待审核', hidden: '已隐藏' }

/** oldest first, numbered from 1; CRLF line ends as RFC 4180 asks */
export function commentsCsv(comments: ExportComment[], criteria: readonly string[]): string {
  const header = ['序号', '提交时间', '姓名', '单位', '可借鉴之处', '优化建议', ...criteria.map((c) => `${c}评分`), '状态', '已采纳']
  const rows = comments.map((c, i) => {
    const scores = parseScores(c.criterionScores, criteria)
    return [
      i + 1,
      local(c.createdAt).format('YYYY-MM-DD HH:mm:ss'),
      c.authorName ?? '匿名',
      c.authorUnit ?? '',
      c.learnings,
      c.suggestions,
      ...criteria.map((k) => scores[k]),
      STATUS_TEXT[c.status] ?? c.status,
      c.adoptedAt ? '是' : '否',
    ]
  })
  return '\uFEFF' + [header, ...rows].map(csvLine).join('\r\n') + '\r\n'
}

import { z } from 'zod'
import { OFFICE_MAX, rulesSchema } from './scoring.ts'

const NAME_MAX = 10
const rowKey = /^name_(\d+|new)$/

/** the criteria table in 设置: name_<id>, weight_<id>, position_<id>, active_<id> per row, and one new row (name_new…) */
export const saveCriteria = z.looseObject({}).transform((v, ctx) => {
  const rows = []
  for (const key of Object.keys(v)) {
    const m = rowKey.exec(key)
    if (!m) continue
    const id = m[1] === 'new' ? null : Number(m[1])
    const name = String(v[key] ?? '').trim()
    if (id === null && !name) continue
    const field = (f: string) => `${f}_${m[1]}`
    if (!name) ctx.addIssue({ code: 'custom', path: [key], message: '请填写评分项名称（不用的请取消“启用”）' })
    if (name.length > NAME_MAX) ctx.addIssue({ code: 'custom', path: [key], message: `评分项最多 ${NAME_MAX} 个字` })
    const weight = Number(v[field('weight')] ?? 1)
    if (!Number.isInteger(weight) || weight < 1 || weight > 10) ctx.addIssue({ code: 'custom', path: [field('weight')], message: '权重为 1–10 的整数' })
    const position = Number(v[field('position')] ?? 99)
    rows.push({ id, name, weight, position: Number.isFinite(position) ? position : 99, active: id === null || v[field('active')] !== undefined })
  }
  if (rows.filter((r) => r.active).length > 8) ctx.addIssue({ code: 'custom', path: ['criteria'], message: '最多启用 8 个评分项' })
  // the form's order numbers, renumbered 1, 2, 3…
  return rows.sort((a, b) => a.position - b.position).map((r, i) => ({ ...r, position: i + 1 }))
})
export type SaveCriteria = z.output<typeof saveCriteria>

const points = (label: string) =>
  z.coerce.number({ error: `请填写${label}` }).min(0, `${label}不能小于 0`).max(1000, `${label}最多 1000`)

/** the assessment rules in 设置 */
export const saveRules = z
  .object({
    pointsPerHosted: points('每次承办的分值'),
    pointsPerObserved: points('每次观摩的分值'),
    yearlyCap: points('年度上限'),
    advancedMin: points('先进分数线'),
    middleMin: points('中间分数线'),
    onTimeDays: z.coerce.number({ error: '请填写天数' }).int('请填写整数天').min(0, '不能小于 0').max(60, '最多 60 天'),
  })
  .refine((r) => r.advancedMin >= r.middleMin, { path: ['advancedMin'], message: '先进分数线不能低于中间分数线' })
  .pipe(rulesSchema)

/** the office's score sheet: score_<criterionId> 0–20 for each criterion on the form, a comment, the version read */
export const saveScoreSheet = z.looseObject({ comment: z.string().optional(), version: z.coerce.number().int().min(0) }).transform((v, ctx) => {
  const scores: { criterionId: number; score: number }[] = []
  for (const [key, raw] of Object.entries(v)) {
    const m = /^score_(\d+)$/.exec(key)
    if (!m) continue
    const text = String(raw ?? '').trim()
    const n = Number(text)
    if (text === '' || !Number.isInteger(n) || n < 0 || n > OFFICE_MAX) {
      ctx.addIssue({ code: 'custom', path: [key], message: `请填写 0–${OFFICE_MAX} 的整数` })
    } else scores.push({ criterionId: Number(m[1]), score: n })
  }
  const comment = (v.comment ?? '').replace(/\r\n?/g, '\n').trim()
  if (comment.length > 1000) ctx.addIssue({ code: 'custom', path: ['comment'], message: `评语最多 1000 字，现有 ${comment.length} 字` })
  return { scores, comment, version: v.version }
})
export type SaveScoreSheet = z.output<typeof saveScoreSheet>

export const SORT_KEYS = ['branch', 'hosted', 'onTime', 'reviewed', 'score', 'observed', 'openActions', 'points'] as const
export type SortKey = (typeof SORT_KEYS)[number]

/** /assessment?year=&sort=&dir= */
export const annualQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  sort: z.enum(SORT_KEYS).catch('points'),
  dir: z.enum(['asc', 'desc']).catch('desc'),
})

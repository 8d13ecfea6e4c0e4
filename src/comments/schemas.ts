import { z } from 'zod'
import { checkbox } from '../lib/zod.ts'

/** each of 可借鉴之处 / 优化建议; the page shows it and the counter counts against it */
export const TEXT_MAX = 1000
export const NAME_MAX = 40
export const UNIT_MAX = 80
/** score radios are named score_<criterion>, e.g. score_形式 */
export const SCORE_PREFIX = 'score_'
const ONE_REQUIRED = '请至少填写“可借鉴之处”或“优化建议”中的一项'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Browsers send a textarea's line breaks as CRLF but count them as one character against maxlength:
 * normalise before measuring, so text that fitted in the box is never refused.
 */
const text = z
  .string()
  .optional()
  .catch('')
  .transform((v) => (v ?? '').replace(/\r\n?/g, '\n').trim())

/**
 * Fields only normalise; every rule is checked in one pass below, so a phone user sees all the
 * problems at once instead of one round trip per rule.
 */
const commentShape = {
  authorName: text,
  authorUnit: text,
  anonymous: checkbox,
  learnings: text,
  suggestions: text,
}

type Fields = { [K in keyof typeof commentShape]: z.output<(typeof commentShape)[K]> } & Record<string, unknown>

function checkComment(v: Fields, ctx: z.RefinementCtx): void {
  const tooLong = (key: string, label: string, max: number, unit = '个字') => {
    const n = String(v[key]).length
    if (n > max) ctx.addIssue({ code: 'custom', path: [key], message: `${label}最多 ${max} ${unit}，现有 ${n} ${unit}` })
  }
  tooLong('learnings', '可借鉴之处', TEXT_MAX, '字')
  tooLong('suggestions', '优化建议', TEXT_MAX, '字')
  if (!v.learnings && !v.suggestions) {
    ctx.addIssue({ code: 'custom', path: ['learnings'], message: ONE_REQUIRED })
    ctx.addIssue({ code: 'custom', path: ['suggestions'], message: ONE_REQUIRED })
  }
  if (!v.anonymous) {
    if (!v.authorName) ctx.addIssue({ code: 'custom', path: ['authorName'], message: '请填写姓名' })
    tooLong('authorName', '姓名', NAME_MAX)
    tooLong('authorUnit', '单位', UNIT_MAX)
  }
  for (const [key, raw] of Object.entries(v)) {
    if (key.startsWith(SCORE_PREFIX) && raw !== '' && !(typeof raw === 'string' && /^[1-5]$/.test(raw))) {
      ctx.addIssue({ code: 'custom', path: [key], message: '评分只能是 1–5 分' })
    }
  }
}

/** `score_形式=4` fields → { 形式: 4 }; '' (不评) is left out */
function scoresOf(v: Record<string, unknown>): Record<string, number> {
  const scores: Record<string, number> = {}
  for (const [key, raw] of Object.entries(v)) {
    if (key.startsWith(SCORE_PREFIX) && typeof raw === 'string' && raw !== '') scores[key.slice(SCORE_PREFIX.length)] = Number(raw)
  }
  return scores
}

const commentOf = (v: Fields) => ({
  authorName: v.anonymous ? null : v.authorName,
  authorUnit: v.anonymous || !v.authorUnit ? null : v.authorUnit,
  anonymous: v.anonymous,
  learnings: v.learnings,
  suggestions: v.suggestions,
  scores: scoresOf(v),
})

/** the thank-you page's edit form; loose, because score fields are named after settings.commentCriteria */
export const updateComment = z
  .looseObject(commentShape)
  .superRefine(checkComment)
  .transform((v) => commentOf(v))
export type UpdateComment = z.output<typeof updateComment>

/** the phone page's form: also the idempotency key rendered into it, and the personal link's token */
export const createComment = z
  .looseObject({ ...commentShape, idempotencyKey: text, invite: text })
  .superRefine((v, ctx) => {
    checkComment(v, ctx)
    if (!UUID.test(v.idempotencyKey)) ctx.addIssue({ code: 'custom', path: ['idempotencyKey'], message: '页面已过期，请刷新后重新提交' })
  })
  .transform((v) => ({ ...commentOf(v), idempotencyKey: v.idempotencyKey.toLowerCase(), invite: v.invite || null }))
export type CreateComment = z.output<typeof createComment>

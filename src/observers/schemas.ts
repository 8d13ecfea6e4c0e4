import { z } from 'zod'
import { fromLocal, isRealDate } from '../lib/dates.ts'
import { checkbox, STALE_PAGE, text } from '../lib/zod.ts'
import { parseObserverLines } from './batch.ts'

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/
const blankable = z.string().trim().optional().default('')

/** a date + time pair where both blank means “use the default”; one without the other is an error */
function instant(d: string, t: string, ctx: z.RefinementCtx, date: string, time: string): Date | null {
  if (!d && !t) return null
  if (d && !isRealDate(d)) ctx.addIssue({ code: 'custom', path: [date], message: '请填写有效的日期，例如 2020-10-15' })
  else if (!d) ctx.addIssue({ code: 'custom', path: [date], message: '请同时填写日期和时间，或都留空使用默认' })
  if (t && !TIME.test(t)) ctx.addIssue({ code: 'custom', path: [time], message: '请填写有效的时间，例如 14:30' })
  else if (!t) ctx.addIssue({ code: 'custom', path: [time], message: '请同时填写日期和时间，或都留空使用默认' })
  return d && t ? fromLocal(d, t) : null
}

export const updateObserverSettings = z
  .object({
    commentsOpenDate: blankable,
    commentsOpenTime: blankable,
    commentsCloseDate: blankable,
    commentsCloseTime: blankable,
    allowAnonymous: checkbox,
    holdComments: checkbox,
  })
  .transform((v, ctx) => {
    const commentsOpenAt = instant(v.commentsOpenDate, v.commentsOpenTime, ctx, 'commentsOpenDate', 'commentsOpenTime')
    const commentsCloseAt = instant(v.commentsCloseDate, v.commentsCloseTime, ctx, 'commentsCloseDate', 'commentsCloseTime')
    return { commentsOpenAt, commentsCloseAt, allowAnonymous: v.allowAnonymous, holdComments: v.holdComments }
  })
export type UpdateObserverSettings = z.output<typeof updateObserverSettings>

export const hideComment = z.object({
  commentId: z.string().optional(),
  reason: text('隐藏原因', 200),
})
export type HideComment = z.output<typeof hideComment>

/** buttons with nothing to type */
export const noFields = z.object({})

export const wallQuery = z.object({
  after: z.coerce.number({ error: 'after 应为数字' }).int().min(0).optional().default(0),
})

/** several at once: members ticked in the directory and/or typed lines (see batch.ts) */
export const inviteObservers = z
  .object({
    memberIds: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => (v === undefined ? [] : [v].flat()))
      .pipe(z.array(z.string().regex(/^[1-9]\d{0,9}$/, STALE_PAGE).transform(Number))),
    lines: z.string().optional().default(''),
  })
  .transform((v, ctx) => {
    const typed = parseObserverLines(v.lines)
    if (typed.errors.length) ctx.addIssue({ code: 'custom', path: ['lines'], message: typed.errors.join('；') })
    else if (!v.memberIds.length && !typed.rows.length) {
      ctx.addIssue({ code: 'custom', path: ['lines'], message: '请勾选要邀请的人员，或每行填写一位观摩者' })
    }
    return { memberIds: [...new Set(v.memberIds)], typed: typed.rows }
  })
export type InviteObservers = z.output<typeof inviteObservers>

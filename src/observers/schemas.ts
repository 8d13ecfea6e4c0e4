import { z } from 'zod'
import { fromLocal, isRealDate } from '../lib/dates.ts'
import { checkbox, optionalId, optionalText, text } from '../lib/zod.ts'

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

/** from the directory (memberId) or typed (name, title, unit); `source` says which form, for where the error goes */
export const inviteObserver = z
  .object({
    source: z.enum(['directory', 'typed']).optional(),
    memberId: optionalId,
    name: z.string().trim().max(50, '姓名最多 50 个字').optional().default(''),
    title: optionalText('职务', 50),
    unit: optionalText('单位', 100),
  })
  .superRefine((v, ctx) => {
    if (v.memberId) return
    if (v.source === 'directory') ctx.addIssue({ code: 'custom', path: ['memberId'], message: '请选择要邀请的人员' })
    else if (!v.name) ctx.addIssue({ code: 'custom', path: ['name'], message: '请填写姓名' })
  })
export type InviteObserver = z.output<typeof inviteObserver>

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

import { z } from 'zod'
import { fromLocal, isRealDate } from '../lib/dates.ts'
import { pageParam } from '../lib/paging.ts'
import { checkbox, hiddenNumber, optionalId, requiredId, text } from '../lib/zod.ts'
import { STATUSES, TRANSITION_NAMES } from './status.ts'

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/

const openDayFields = z.object({
  branchId: requiredId('支部'),
  theme: text('主题', 100),
  date: z.string().trim().refine(isRealDate, '请填写有效的日期，例如 2020-10-15'),
  startTime: z.string().trim().regex(TIME, '请填写开始时间，例如 14:30'),
  endTime: z.string().trim().regex(TIME, '请填写结束时间，例如 17:00'),
  place: text('地点', 100),
  hostId: optionalId,
  recorderId: optionalId,
  description: z.string().trim().max(2000, '活动简介最多 2000 字').default(''),
  confirmSameMonth: checkbox,
})

/** turns the date and times into instants; end must follow start */
const withInstants = <T extends z.infer<typeof openDayFields>>(v: T, ctx: z.RefinementCtx) => {
  const startsAt = fromLocal(v.date, v.startTime)
  const endsAt = fromLocal(v.date, v.endTime)
  if (!startsAt || !endsAt) return z.NEVER
  if (endsAt <= startsAt) {
    ctx.addIssue({ code: 'custom', path: ['endTime'], message: '结束时间必须晚于开始时间' })
    return z.NEVER
  }
  return { ...v, startsAt, endsAt }
}

export const createOpenDay = openDayFields.transform(withInstants)
export type CreateOpenDay = z.output<typeof createOpenDay>

export const updateOpenDay = openDayFields
  .extend({ version: hiddenNumber })
  .transform(withInstants)
export type UpdateOpenDay = z.output<typeof updateOpenDay>

export const changeStatus = z.object({
  action: z.enum(TRANSITION_NAMES, { error: '未知的操作' }),
  note: z.string().trim().max(500, '说明最多 500 字').default(''),
  /** set by the confirmation page */
  confirm: z.string().optional().transform((v) => v === '1'),
})
export type ChangeStatus = z.output<typeof changeStatus>

export const listOpenDays = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().or(z.literal('').transform(() => undefined)),
  branchId: optionalId,
  status: z.enum(STATUSES).optional().or(z.literal('').transform(() => undefined)),
  page: pageParam,
})
export type ListOpenDays = z.output<typeof listOpenDays>

import { z } from 'zod'
import { isRealDate } from '../lib/dates.ts'
import { optionalText, text } from '../lib/zod.ts'
import { ATTENDANCE_STATUSES, ATTENDEE_KINDS, LEAVE_REASONS, type AttendanceStatus, type LeaveReason } from './labels.ts'

export const NOTE_MAX = 100

/** one member's line of the attendance table; `seen` is the row as the form was rendered (see service) */
export type AttendanceInput = { memberId: number; status: AttendanceStatus | null; leaveReason: LeaveReason | null; note: string | null; seen: string }

const field = (body: Record<string, unknown>, key: string): string => {
  const v = body[key]
  return typeof v === 'string' ? v.trim() : Array.isArray(v) && typeof v[0] === 'string' ? v[0].trim() : ''
}

/** the whole table in one form: status-<memberId>, reason-<memberId>, note-<memberId>, seen-<memberId> */
export const saveAttendance = z.record(z.string(), z.unknown()).transform((body, ctx): AttendanceInput[] => {
  const rows: AttendanceInput[] = []
  for (const key of Object.keys(body)) {
    const m = /^seen-(\d{1,9})$/.exec(key)
    if (!m) continue
    const id = m[1]
    const status = field(body, `status-${id}`)
    const reason = field(body, `reason-${id}`)
    const note = field(body, `note-${id}`)
    if (status && !(ATTENDANCE_STATUSES as readonly string[]).includes(status)) ctx.addIssue({ code: 'custom', path: [`status-${id}`], message: '请选择出席、请假或缺席' })
    if (status === 'leave' && !(LEAVE_REASONS as readonly string[]).includes(reason)) ctx.addIssue({ code: 'custom', path: [`reason-${id}`], message: '请选择请假原因' })
    if (note.length > NOTE_MAX) ctx.addIssue({ code: 'custom', path: [`note-${id}`], message: `备注最多 ${NOTE_MAX} 个字` })
    rows.push({
      memberId: Number(id),
      status: (status || null) as AttendanceStatus | null,
      leaveReason: status === 'leave' ? (reason as LeaveReason) : null,
      note: note || null,
      seen: field(body, key),
    })
  }
  if (!rows.length) ctx.addIssue({ code: 'custom', path: ['_form'], message: '没有可保存的出勤记录' })
  return rows
})

/** “全部标记为出席”: the members still unmarked become present */
export const markAllPresent = z.object({})

export const addAttendee = z.object({
  name: text('姓名', 50),
  unit: optionalText('单位', 100),
  kind: z.enum(ATTENDEE_KINDS, { error: '请选择列席类别' }),
})
export type AddAttendee = z.output<typeof addAttendee>

export const recordMakeUp = z.object({
  madeUpOn: z.string({ error: '请填写补课日期' }).trim().min(1, '请填写补课日期').refine(isRealDate, '补课日期格式应为 YYYY-MM-DD'),
  madeUpNote: optionalText('补课说明', 200),
})
export type RecordMakeUp = z.output<typeof recordMakeUp>

export const noFields = z.object({})

export const signIn = z.object({ memberId: z.coerce.number({ error: '请先选择您的姓名' }).int('请先选择您的姓名').positive('请先选择您的姓名') })

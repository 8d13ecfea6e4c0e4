/** attendance statuses and leave reasons, stored in English, shown in Chinese */
export const ATTENDANCE_STATUSES = ['present', 'leave', 'absent'] as const
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number]
/** a member without a row has not been marked yet */
export type RowStatus = AttendanceStatus | 'unmarked'
export const STATUS_LABELS: Record<RowStatus, string> = { present: '出席', leave: '请假', absent: '缺席', unmarked: '未登记' }

export const LEAVE_REASONS = ['business', 'sick', 'personal', 'other'] as const
export type LeaveReason = (typeof LEAVE_REASONS)[number]
export const LEAVE_REASON_LABELS: Record<LeaveReason, string> = { business: '公差', sick: '病假', personal: '事假', other: '其他' }

export const ATTENDEE_KINDS = ['activist', 'guest'] as const
export type AttendeeKind = (typeof ATTENDEE_KINDS)[number]
export const ATTENDEE_KIND_LABELS: Record<AttendeeKind, string> = { activist: '入党积极分子', guest: '其他列席人员' }

export const VIA_LABELS: Record<string, string> = { self: '扫码签到', secretary: '书记登记', paper: '纸质签到' }

export const leaveReasonLabel = (r: string | null): string | null => (r ? (LEAVE_REASON_LABELS[r as LeaveReason] ?? r) : null)

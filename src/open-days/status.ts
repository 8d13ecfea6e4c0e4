import type { Role } from '../accounts/roles.ts'

export const STATUSES = ['draft', 'submitted', 'approved', 'held', 'reviewed', 'cancelled'] as const
export type Status = (typeof STATUSES)[number]

export const STATUS_LABELS: Record<Status, string> = {
  draft: '草稿',
  submitted: '已申报',
  approved: '已批准',
  held: '已举办',
  reviewed: '已定稿',
  cancelled: '已取消',
}

type Rule = { from: Status[]; to: Status; roles: Role[]; label: string; noteRequired?: string; confirm?: string }

/** the lifecycle: draft → submitted → approved → held → reviewed (final, locked), or cancelled with a reason;
 * only the party office reopens a final record, with a reason */
export const TRANSITIONS = {
  submit: { from: ['draft'], to: 'submitted', roles: ['office', 'secretary'], label: '提交申报' },
  approve: { from: ['submitted'], to: 'approved', roles: ['office'], label: '批准' },
  return: { from: ['submitted'], to: 'draft', roles: ['office'], label: '退回修改', noteRequired: '请填写退回意见' },
  hold: { from: ['approved'], to: 'held', roles: ['office', 'secretary'], label: '标记为已举办', confirm: '标记为已举办后，开放日的时间、地点等基本信息不能再修改。' },
  review: { from: ['held'], to: 'reviewed', roles: ['office', 'secretary'], label: '复盘完成，定稿锁定', confirm: '定稿后记录锁定，出勤、环节记录、照片都不能再修改；只有机关党办能填写原因重新开启。' },
  reopen: { from: ['reviewed'], to: 'held', roles: ['office'], label: '重新开启记录', noteRequired: '请填写重新开启的原因' },
  cancel: { from: ['draft', 'submitted', 'approved'], to: 'cancelled', roles: ['office', 'secretary'], label: '取消开放日', noteRequired: '请填写取消原因' },
} satisfies Record<string, Rule>

export type Transition = keyof typeof TRANSITIONS
export const TRANSITION_NAMES = Object.keys(TRANSITIONS) as Transition[]

/** what this role may do to an open day in this status */
export function allowedTransitions(status: string, role: Role): Transition[] {
  return TRANSITION_NAMES.filter((t) => {
    const rule: Rule = TRANSITIONS[t]
    return rule.from.includes(status as Status) && rule.roles.includes(role)
  })
}

/** held before the event's start: refused, except for the office with a reason */
export const isEarlyHold = (action: string, openDay: { startsAt: Date }, now = new Date()): boolean => action === 'hold' && now < openDay.startsAt

/** details can be edited until the event is held; afterwards the record belongs to the run sheet */
export function isEditable(status: string): boolean {
  return status === 'draft' || status === 'submitted' || status === 'approved'
}

/** statuses shown on the shared calendar and in the public feed */
export const PUBLISHED: Status[] = ['approved', 'held', 'reviewed']

import { formatDateTime, local } from '../lib/dates.ts'

export type SignInState = 'open' | 'not-yet' | 'closed' | 'cancelled'

type Timed = { startsAt: Date; endsAt: Date; status: string; signInOpen: boolean }

const EARLY_MS = 2 * 60 * 60 * 1000

/** from two hours before the start until the end of the event's day in Shanghai, or while run mode opens it */
export function signInWindow(o: Timed): { opensAt: Date; closesAt: Date } {
  return { opensAt: new Date(o.startsAt.getTime() - EARLY_MS), closesAt: local(o.endsAt).endOf('day').toDate() }
}

export function signInState(o: Timed, now = new Date()): SignInState {
  if (o.status === 'cancelled') return 'cancelled'
  if (o.status === 'reviewed') return 'closed'
  if (o.signInOpen) return 'open'
  const { opensAt, closesAt } = signInWindow(o)
  // an open day marked held (the office may do so early) has had its sign-in, whatever the clock says
  if (now < opensAt) return o.status === 'held' ? 'closed' : 'not-yet'
  return now > closesAt ? 'closed' : 'open'
}

export function signInClosedMessage(state: SignInState, o: Timed): string {
  if (state === 'cancelled') return '本次开放日已取消，无需签到。'
  if (state === 'not-yet') return `签到尚未开始：${formatDateTime(signInWindow(o).opensAt)} 起可以签到。`
  return '签到已结束。如需补登，请联系支部书记。'
}

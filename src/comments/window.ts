/** when observers may comment: from the start of the event until 24 hours after its end, unless set;
 *  never once the record is final (reviewed) */
export type CommentWindow = { opensAt: Date; closesAt: Date; state: 'not-yet' | 'open' | 'closed' }

type Timed = { startsAt: Date; endsAt: Date; commentsOpenAt: Date | null; commentsCloseAt: Date | null; status: string }

export const DAY = 24 * 60 * 60 * 1000

/** the statuses that take comments: published, and the record not locked (reviewed or cancelled) */
export const TAKING_COMMENTS: readonly string[] = ['approved', 'held']

export function commentWindow(o: Timed, now = new Date()): CommentWindow {
  const opensAt = o.commentsOpenAt ?? o.startsAt
  const closesAt = o.commentsCloseAt ?? new Date(o.endsAt.getTime() + DAY)
  const published = TAKING_COMMENTS.includes(o.status)
  const state = !published || now >= closesAt ? 'closed' : now < opensAt ? 'not-yet' : 'open'
  return { opensAt, closesAt, state }
}

/** why the phone page shows a form or a message instead */
export type CommentAvailability = 'open' | 'not-yet' | 'closed' | 'unpublished' | 'cancelled'

/** the window, told apart from an event that is not (or no longer) going ahead: a draft's link says so, not “closed” */
export function commentAvailability(o: Timed, now = new Date()): CommentAvailability {
  if (o.status === 'cancelled') return 'cancelled'
  if (o.status === 'draft' || o.status === 'submitted') return 'unpublished'
  return commentWindow(o, now).state
}

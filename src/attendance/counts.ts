import { isLocked } from '../open-days/policy.ts'
import type { RowStatus } from './labels.ts'

type Counted = { standing: string; status: RowStatus }
export type Counts = { full: number; probationary: number; total: number }

function count(rows: Counted[]): Counts {
  const probationary = rows.filter((r) => r.standing === 'probationary').length
  return { full: rows.length - probationary, probationary, total: rows.length }
}

/** 应到 / 实到 split by standing, and the rate against the threshold (percent); integers only, so 80 % of 5 is not “below 80” */
export function attendanceCounts(members: Counted[], threshold: number) {
  const expected = count(members)
  const present = count(members.filter((m) => m.status === 'present'))
  const rate = expected.total ? present.total / expected.total : null
  const belowThreshold = expected.total > 0 && present.total * 100 < threshold * expected.total
  return { expected, present, rate, threshold, belowThreshold }
}

/** who counts as expected: not transferred out before the event started */
export const isExpected = (m: { transferredOutAt: Date | null }, startsAt: Date): boolean =>
  m.transferredOutAt === null || m.transferredOutAt > startsAt

export type ExpectedMember = { id: number; name: string; standing: string }
type FrozenRow = { memberId: number; memberName: string | null; memberStanding: string | null }

/** a locked record's expected roster: the rows its lock froze (those with a standing, src/open-days/snapshot.ts),
 *  with the names and standings of that moment, in branch order */
export const frozenRoster = (rows: FrozenRow[]): ExpectedMember[] =>
  rows
    .filter((r) => r.memberStanding !== null)
    .sort((a, b) => a.memberId - b.memberId)
    .map((r) => ({ id: r.memberId, name: r.memberName ?? '', standing: r.memberStanding! }))

/** who was expected: a locked record's frozen roster, else the branch's live members expected at the event */
export function rosterOf(
  openDay: { status: string; startsAt: Date },
  live: (ExpectedMember & { transferredOutAt: Date | null })[],
  rows: FrozenRow[],
): ExpectedMember[] {
  return isLocked(openDay) ? frozenRoster(rows) : live.filter((m) => isExpected(m, openDay.startsAt))
}

/** 85.7 % */
export const formatRate = (rate: number | null): string => (rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toString()}%`)

import { counters } from '../cache/counters.ts'
import { VersionedCache } from '../cache/versioned.ts'
import { db } from '../db.ts'
import { readRow, sqlInstant } from '../db.ts'
import { local, monthBounds } from '../lib/dates.ts'
import { getSettings } from '../settings/service.ts'
import { branchPoints, heldOnTime, mean, sheetTotal, tierOf, type Rules, type Tier } from './scoring.ts'
import type { SortKey } from './schemas.ts'

const HOSTED = ['held', 'reviewed']

export type HostedOpenDay = {
  id: number; theme: string; startsAt: Date; status: string
  heldAt: Date | null; onTime: boolean; reviewed: boolean; score: number | null; openActions: number
}
export type ObservedOpenDay = { id: number; theme: string; startsAt: Date; branchName: string; observers: string[]; bySecretary: boolean }

export type BranchAssessment = {
  branch: { id: number; name: string }
  hosted: number; onTime: number; reviewed: number; scored: number
  averageScore: number | null; scores: number[]
  observed: number; observedBySecretary: number; openActions: number
  points: number; rawPoints: number; capped: boolean; tier: Tier
  openDays: HostedOpenDay[]
  observedOpenDays: ObservedOpenDay[]
}

export type Annual = { year: number; rules: Rules; branches: BranchAssessment[]; perMonth: { held: number[]; other: number[] } }

/** the year's open days' versions: any write to one (or its rows) raises the sum of their data versions; a comment
 *  (an observer who came) raises the highest comment id; one added, removed or moved bumps the calendar counter */
const YEAR_VERSION = `SELECT count(*) AS "n", coalesce(sum(o."dataVersion"), 0) AS "data",
  coalesce(max((SELECT max(c."id") FROM "Comment" c WHERE c."openDayId" = o."id")), 0) AS "comments"
FROM "OpenDay" o WHERE o."startsAt" >= ? AND o."startsAt" < ?`
const annuals = new VersionedCache<Annual>(10)

/** the year's assessment as computed at the last write to anything it counts (shared: never mutated) */
export async function cachedAnnualAssessment(year: number): Promise<Annual> {
  const bounds = [sqlInstant(monthBounds(year, 1).start), sqlInstant(monthBounds(year + 1, 1).start)]
  const [y, c] = await Promise.all([readRow<{ n: number; data: number; comments: number }>(YEAR_VERSION, ...bounds), counters()])
  return annuals.get(String(year), `${y!.n}.${y!.data}.${y!.comments}.${c.settings}.${c.directory}.${c.calendar}`, () => annualAssessment(year))
}

/** the year's facts for every branch, in four queries; each number keeps the records behind it */
export async function annualAssessment(year: number): Promise<Annual> {
  const { start } = monthBounds(year, 1)
  const { start: end } = monthBounds(year + 1, 1)
  const inYear = { startsAt: { gte: start, lt: end }, status: { not: 'cancelled' } }
  const [{ assessment: rules }, branches, openDays, observers] = await Promise.all([
    getSettings(),
    db.branch.findMany({ where: { OR: [{ archivedAt: null }, { openDays: { some: inYear } }] }, select: { id: true, name: true, secretaryId: true }, orderBy: { name: 'asc' } }),
    db.openDay.findMany({
      where: inYear,
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      select: {
        id: true, branchId: true, theme: true, startsAt: true, endsAt: true, status: true,
        statusChanges: { where: { toStatus: 'held' }, orderBy: { createdAt: 'asc' }, take: 1, select: { createdAt: true } },
        scoreSheet: { select: { scores: { select: { score: true, criterion: { select: { weight: true } } } } } },
        _count: { select: { actions: { where: { status: 'open' } } } },
      },
    }),
    // who came to another branch's open day: opened their personal link, or commented
    db.observer.findMany({
      where: { memberId: { not: null }, openDay: { ...inYear, status: { in: HOSTED } }, OR: [{ arrivedAt: { not: null } }, { comments: { some: {} } }] },
      select: { name: true, memberId: true, member: { select: { branchId: true } }, openDay: { select: { id: true, theme: true, startsAt: true, branchId: true, branch: { select: { name: true } } } } },
    }),
  ])

  const perMonth = { held: Array<number>(12).fill(0), other: Array<number>(12).fill(0) }
  for (const o of openDays) perMonth[HOSTED.includes(o.status) ? 'held' : 'other'][local(o.startsAt).month()]++

  return {
    year,
    rules,
    perMonth,
    branches: branches.map((branch) => {
      const hostedDays: HostedOpenDay[] = openDays
        .filter((o) => o.branchId === branch.id && HOSTED.includes(o.status))
        .map((o) => {
          const heldAt = o.statusChanges[0]?.createdAt ?? null
          const score = o.scoreSheet ? sheetTotal(o.scoreSheet.scores.map((s) => ({ weight: s.criterion.weight, score: s.score }))) : null
          return { id: o.id, theme: o.theme, startsAt: o.startsAt, status: o.status, heldAt, onTime: heldOnTime(o.endsAt, heldAt, rules), reviewed: o.status === 'reviewed', score, openActions: o._count.actions }
        })
      const observed = observedBy(branch, observers)
      const scores = hostedDays.flatMap((o) => (o.score === null ? [] : [o.score]))
      const observedBySecretary = observed.filter((o) => o.bySecretary).length
      const points = branchPoints({ hosted: hostedDays.length, observedBySecretary }, rules)
      return {
        branch: { id: branch.id, name: branch.name },
        hosted: hostedDays.length,
        onTime: hostedDays.filter((o) => o.onTime).length,
        reviewed: hostedDays.filter((o) => o.reviewed).length,
        scored: scores.length,
        averageScore: mean(scores),
        scores,
        observed: observed.length,
        observedBySecretary,
        openActions: openDays.filter((o) => o.branchId === branch.id).reduce((n, o) => n + o._count.actions, 0),
        points: points.points,
        rawPoints: points.raw,
        capped: points.capped,
        tier: tierOf(points.points, rules),
        openDays: hostedDays,
        observedOpenDays: observed,
      }
    }),
  }
}

type ObserverRow = { name: string; memberId: number | null; member: { branchId: number } | null; openDay: { id: number; theme: string; startsAt: Date; branchId: number; branch: { name: string } } }

/** other branches' open days the branch's members observed, each once, with who went */
function observedBy(branch: { id: number; secretaryId: number | null }, observers: ObserverRow[]): ObservedOpenDay[] {
  const byOpenDay = new Map<number, ObservedOpenDay>()
  for (const o of observers) {
    if (o.member?.branchId !== branch.id || o.openDay.branchId === branch.id) continue
    const entry = byOpenDay.get(o.openDay.id) ?? { id: o.openDay.id, theme: o.openDay.theme, startsAt: o.openDay.startsAt, branchName: o.openDay.branch.name, observers: [], bySecretary: false }
    entry.observers.push(o.name)
    entry.bySecretary ||= o.memberId === branch.secretaryId
    byOpenDay.set(o.openDay.id, entry)
  }
  return [...byOpenDay.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
}

/** server-side sorting for the table; ties keep the branch-name order, a missing score sorts last */
export function sortBranches(rows: BranchAssessment[], key: SortKey, dir: 'asc' | 'desc'): BranchAssessment[] {
  const value = (r: BranchAssessment): number | string | null =>
    key === 'branch' ? r.branch.name
    : key === 'score' ? r.averageScore
    : r[key]
  const sign = dir === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => {
    const [x, y] = [value(a), value(b)]
    if (x === y) return a.branch.name.localeCompare(b.branch.name, 'zh-CN')
    if (x === null) return 1
    if (y === null) return -1
    return (typeof x === 'string' ? x.localeCompare(String(y), 'zh-CN') : x - Number(y)) * sign
  })
}

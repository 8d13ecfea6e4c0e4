import { db } from '../db.ts'
import { local, monthBounds } from '../lib/dates.ts'

/** the office's dashboard flags look back this many completed months */
export const LOOKBACK_MONTHS = 3

export type Month = { year: number; month: number }

/** the completed Shanghai months before now, oldest first */
export function lastMonths(now: Date, n = LOOKBACK_MONTHS): Month[] {
  const first = local(now).startOf('month')
  return Array.from({ length: n }, (_, i) => first.subtract(n - i, 'month')).map((d) => ({ year: d.year(), month: d.month() + 1 }))
}

/** each branch with the months (since it was created) in which it held no themed party day (an open day held or reviewed) */
export function missingMonths<B extends { id: number; createdAt: Date }>(branches: B[], held: { branchId: number; startsAt: Date }[], months: Month[]) {
  const key = (m: Month) => `${m.year}-${m.month}`
  const done = new Set(held.map((o) => `${o.branchId}:${key({ year: local(o.startsAt).year(), month: local(o.startsAt).month() + 1 })}`))
  const existed = (b: B, m: Month) => b.createdAt < monthBounds(m.year, m.month).end
  return branches
    .map((branch) => ({ branch, months: months.filter((m) => existed(branch, m) && !done.has(`${branch.id}:${key(m)}`)) }))
    .filter((b) => b.months.length > 0)
}

/** what the party office should chase: branches without a themed party day, open days past their date not marked held */
export async function officeFlags(now = new Date()) {
  const months = lastMonths(now)
  const start = monthBounds(months[0].year, months[0].month).start
  const end = local(now).startOf('month').toDate()
  const [branches, held, notHeld] = await Promise.all([
    db.branch.findMany({ where: { archivedAt: null, createdAt: { lt: end } }, select: { id: true, name: true, createdAt: true }, orderBy: { name: 'asc' } }),
    db.openDay.findMany({ where: { startsAt: { gte: start, lt: end }, status: { in: ['held', 'reviewed'] } }, select: { branchId: true, startsAt: true } }),
    db.openDay.findMany({
      where: { endsAt: { lt: now }, status: { in: ['draft', 'submitted', 'approved'] } },
      select: { id: true, theme: true, status: true, startsAt: true, endsAt: true, place: true, branch: { select: { id: true, name: true } } },
      orderBy: { startsAt: 'asc' },
      take: 50,
    }),
  ])
  return { months, missing: missingMonths(branches, held, months), notHeld }
}

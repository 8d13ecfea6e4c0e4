// Members' unpaid months from the register: the branch's arrears list and the warnings on the branch page and dashboard.
import { db } from '../db.ts'
import { HIGHLIGHT_RUN, longestRun, unpaidMonths, WARNING_RUN } from './arrears.ts'
import { memberDue } from './due.ts'
import { currentMonth } from './service.ts'

export type MemberArrears = {
  memberId: number
  name: string
  branchId: number
  branchName: string
  months: string[]
  longest: number
  /** highlight: 3+ consecutive unpaid months; warning: 6+ */
  level: 'none' | 'highlight' | 'warning'
}

/** every active member who owes months, longest run first; sinceYear limits how far back the dashboard looks */
export async function arrearsOf({ branchId, sinceYear }: { branchId?: number; sinceYear?: number } = {}): Promise<MemberArrears[]> {
  const members = await db.member.findMany({
    where: { transferredOutAt: null, ...(branchId ? { branchId } : { branch: { archivedAt: null } }), duesBases: { some: sinceYear ? { year: { gte: sinceYear } } : {} } },
    select: { id: true, name: true, category: true, branchId: true, branch: { select: { name: true } } },
    orderBy: { id: 'asc' },
  })
  const ids = members.map((m) => m.id)
  const [bases, payments] = await Promise.all([
    db.duesBase.findMany({ where: { memberId: { in: ids }, ...(sinceYear ? { year: { gte: sinceYear } } : {}) } }),
    db.duesPayment.findMany({
      where: { memberId: { in: ids }, ...(sinceYear ? { month: { gte: `${sinceYear}-01` } } : {}) },
      select: { memberId: true, month: true, paidFen: true, dueFen: true, adjustments: { select: { amountFen: true } } },
    }),
  ])
  const paidBy = new Map<number, Map<string, number>>()
  for (const p of payments) {
    const net = p.paidFen + p.adjustments.reduce((s, a) => s + a.amountFen, 0)
    // a waived month (nothing due) counts as paid
    const m = paidBy.get(p.memberId) ?? new Map<string, number>()
    m.set(p.month, p.dueFen === 0 ? 1 : net)
    paidBy.set(p.memberId, m)
  }
  const before = currentMonth()
  const out: MemberArrears[] = []
  for (const m of members) {
    const mine = bases.filter((b) => b.memberId === m.id)
    const months = unpaidMonths({
      years: mine.map((b) => b.year),
      dueByYear: new Map(mine.map((b) => [b.year, memberDue(m.category, b).dueFen])),
      paid: paidBy.get(m.id) ?? new Map(),
      before,
    })
    if (!months.length) continue
    const longest = longestRun(months)
    const level = longest >= WARNING_RUN ? 'warning' : longest >= HIGHLIGHT_RUN ? 'highlight' : 'none'
    out.push({ memberId: m.id, name: m.name, branchId: m.branchId, branchName: m.branch.name, months, longest, level })
  }
  return out.sort((a, b) => b.longest - a.longest || a.memberId - b.memberId)
}

/** members at the six-month threshold, for the branch page and the office's dashboard (this year and last) */
export async function arrearsWarnings(branchId?: number): Promise<MemberArrears[]> {
  const list = await arrearsOf({ branchId, sinceYear: Number(currentMonth().slice(0, 4)) - 1 })
  return list.filter((a) => a.level === 'warning')
}

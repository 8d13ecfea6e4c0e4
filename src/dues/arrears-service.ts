// Members' unpaid months from the register: the branch's arrears list and the warnings on the branch page and dashboard.
import { db } from '../db.ts'
import { HIGHLIGHT_RUN, longestRun, unpaidMonths, WARNING_RUN } from './arrears.ts'
import { memberDue } from './due.ts'
import { currentMonth, paymentNets } from './service.ts'

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
  // filtered through the relation, never a list of ids: an office has more members than SQL parameters allow
  const memberWhere = { transferredOutAt: null, ...(branchId ? { branchId } : { branch: { archivedAt: null } }), duesBases: { some: sinceYear ? { year: { gte: sinceYear } } : {} } }
  const [members, bases, payments] = await Promise.all([
    db.member.findMany({ where: memberWhere, select: { id: true, name: true, category: true, branchId: true, branch: { select: { name: true } } }, orderBy: { id: 'asc' } }),
    db.duesBase.findMany({ where: { member: { transferredOutAt: null, ...(branchId ? { branchId } : { branch: { archivedAt: null } }) }, ...(sinceYear ? { year: { gte: sinceYear } } : {}) } }),
    paymentNets({ branchId, from: `${sinceYear ?? 1900}-01`, to: '9999-12' }),
  ])
  const paidBy = new Map<number, Map<string, number>>()
  for (const p of payments) {
    // a waived month (nothing due) counts as paid
    const m = paidBy.get(p.memberId) ?? new Map<string, number>()
    m.set(p.month, p.dueFen === 0 ? 1 : p.netFen)
    paidBy.set(p.memberId, m)
  }
  const basesBy = new Map<number, typeof bases>()
  for (const b of bases) basesBy.set(b.memberId, [...(basesBy.get(b.memberId) ?? []), b])
  const before = currentMonth()
  const out: MemberArrears[] = []
  for (const m of members) {
    const mine = basesBy.get(m.id) ?? []
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

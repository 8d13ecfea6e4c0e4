// What the register adds up to: an open day's figures, a branch's yearly ledger, the office's overview, arrears.
import { db, type Tx } from '../db.ts'
import { isLocked } from '../open-days/policy.ts'
import { monthBounds } from '../lib/dates.ts'
import { memberDue, OVERRIDE_LABELS, type Override } from './due.ts'
import { currentMonth, isPaid, loadRegister, monthOfDate, paymentNets, type Register } from './service.ts'
import { monthLabel } from './rates.ts'

// ---- an open day's figures (summary, news) -----------------------------------------------------------

export type DuesFigures = {
  month: string
  /** register: from DuesPayment rows; legacy: the total and payers typed before the register existed */
  source: 'register' | 'legacy'
  members: number | null
  dueFen: number | null
  collectedFen: number | null
  paid: number | null
  unpaid: number | null
}

type Legacy = { legacyTotalFen: number | null; legacyPayers: number | null } | null

/** the month's figures from the register; the old typed figures only while the month has no rows */
export async function duesFigures(branchId: number, month: string, legacy: Legacy, tx: Tx = db): Promise<DuesFigures> {
  return figuresOf(await loadRegister(branchId, month, tx), legacy)
}

/** a locked record's figures as frozen at the lock (src/open-days/snapshot.ts), when it has them */
export const frozenFigures = (openDay: { status: string; duesFigures: string | null }): DuesFigures | null =>
  isLocked(openDay) && openDay.duesFigures ? (JSON.parse(openDay.duesFigures) as DuesFigures) : null

/** the figures of a register already loaded (the record book loads a year of them at once) */
export function figuresOf(register: Register, legacy: Legacy): DuesFigures {
  const { month, totals: t } = register
  const hasRows = register.rows.some((r) => r.payment)
  if (!hasRows && legacy && (legacy.legacyTotalFen !== null || legacy.legacyPayers !== null))
    return { month: monthLabel(month), source: 'legacy', members: null, dueFen: null, collectedFen: legacy.legacyTotalFen, paid: legacy.legacyPayers, unpaid: null }
  return { month: monthLabel(month), source: 'register', members: t.members, dueFen: t.unknownDue ? null : t.dueFen, collectedFen: t.collectedFen, paid: t.paid, unpaid: t.unpaid }
}

// ---- a year of the register ----------------------------------------------------------------------------

const MONTHS = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'))

/** members, bases and payments of one year, for one branch or all: one query each */
async function loadYear(year: number, branchId?: number) {
  const start = monthBounds(year, 1).start
  // filtered through the relation, never a list of ids: an office has more members than SQL parameters allow
  const memberWhere = { ...(branchId ? { branchId } : { branch: { archivedAt: null } }), OR: [{ transferredOutAt: null }, { transferredOutAt: { gte: start } }] }
  const [members, bases, payments] = await Promise.all([
    db.member.findMany({ where: memberWhere, select: { id: true, name: true, branchId: true, category: true, transferredOutAt: true }, orderBy: { id: 'asc' } }),
    db.duesBase.findMany({ where: { year, member: memberWhere } }),
    paymentNets({ branchId, from: `${year}-01`, to: `${year}-12` }),
  ])
  // a payment of a member transferred out before the year is not this year's ledger's
  const ids = new Set(members.map((m) => m.id))
  return { members, bases: new Map(bases.map((b) => [b.memberId, b])), payments: payments.filter((p) => ids.has(p.memberId)) }
}

export type LedgerRow = {
  no: number
  memberId: number
  name: string
  branchId: number
  /** null: hidden from this reader, or not entered */
  baseFen: number | null
  rate: string
  monthlyFen: number | null
  /** net paid per month, null where nothing was paid */
  paid: (number | null)[]
  dueYearFen: number
  paidYearFen: number
  unpaidMonths: number
  note: string
}

function ledgerRows(data: Awaited<ReturnType<typeof loadYear>>, year: number, seeBase: boolean): LedgerRow[] {
  const byMember = new Map<number, Map<string, { dueFen: number; netFen: number }>>()
  for (const p of data.payments) {
    const m = byMember.get(p.memberId) ?? new Map()
    m.set(p.month, { dueFen: p.dueFen, netFen: p.netFen })
    byMember.set(p.memberId, m)
  }
  const now = currentMonth()
  return data.members.map((member, i) => {
    const base = data.bases.get(member.id) ?? null
    const due = memberDue(member.category, base ? { ...base } : null)
    const paid = byMember.get(member.id) ?? new Map<string, { dueFen: number; netFen: number }>()
    const last = member.transferredOutAt ? monthOfDate(member.transferredOutAt) : null
    const inBranch = MONTHS.map((m) => `${year}-${m}`).filter((m) => !last || m <= last)
    const tracked = base !== null
    const owed = tracked && due.dueFen !== 0 ? inBranch.filter((m) => m < now && !isPaid(paid.get(m))) : []
    const override = (base?.override ?? 'none') as Override
    return {
      no: i + 1,
      memberId: member.id,
      name: member.name,
      branchId: member.branchId,
      baseFen: seeBase ? (base && ['employed', 'retired', 'other'].includes(member.category) ? base.baseFen : null) : null,
      rate: due.rate,
      monthlyFen: due.dueFen,
      paid: MONTHS.map((m) => paid.get(`${year}-${m}`)?.netFen ?? null),
      dueYearFen: inBranch.reduce((s, m) => s + (paid.get(m)?.dueFen ?? due.dueFen ?? 0), 0),
      paidYearFen: [...paid.values()].reduce((s, p) => s + p.netFen, 0),
      unpaidMonths: owed.length,
      note: [
        override !== 'none' ? OVERRIDE_LABELS[override] + (base?.approvedBy ? `（${base.approvedBy}批准）` : '') : '',
        !tracked ? `未填${year}年基数` : '',
        last ? `${monthLabel(last)}转出` : '',
        base?.note ?? '',
      ].filter(Boolean).join('；'),
    }
  })
}

export type LedgerTotals = { paid: number[]; dueYearFen: number; paidYearFen: number; monthlyFen: number; unpaidMonths: number }

export function ledgerTotals(rows: LedgerRow[]): LedgerTotals {
  return {
    monthlyFen: rows.reduce((s, r) => s + (r.monthlyFen ?? 0), 0),
    paid: MONTHS.map((_, i) => rows.reduce((s, r) => s + (r.paid[i] ?? 0), 0)),
    dueYearFen: rows.reduce((s, r) => s + r.dueYearFen, 0),
    paidYearFen: rows.reduce((s, r) => s + r.paidYearFen, 0),
    unpaidMonths: rows.reduce((s, r) => s + r.unpaidMonths, 0),
  }
}

/** a branch's yearly ledger (台账) */
export async function branchLedger(branchId: number, year: number, seeBase: boolean) {
  const rows = ledgerRows(await loadYear(year, branchId), year, seeBase)
  return { year, rows, totals: ledgerTotals(rows) }
}
export type Ledger = Awaited<ReturnType<typeof branchLedger>>

export type OverviewRow = {
  branchId: number
  branchName: string
  members: number
  monthDueFen: number
  monthCollectedFen: number
  monthPaid: number
  monthUnpaid: number
  yearDueFen: number
  yearPaidFen: number
  unpaidMonths: number
}

/** every branch's collection for a month and the year, side by side */
export async function officeOverview(year: number, month: number) {
  const [data, branches] = await Promise.all([loadYear(year), db.branch.findMany({ where: { archivedAt: null }, select: { id: true, name: true }, orderBy: { name: 'asc' } })])
  const rows = ledgerRows(data, year, false)
  const key = `${year}-${String(month).padStart(2, '0')}`
  const i = month - 1
  const dueOf = new Map(data.payments.filter((p) => p.month === key).map((p) => [p.memberId, p.dueFen]))
  const monthStart = monthBounds(year, month).start
  const activeThen = new Set(data.members.filter((m) => !m.transferredOutAt || m.transferredOutAt >= monthStart).map((m) => m.id))
  const out: OverviewRow[] = branches.map((b) => {
    const mine = rows.filter((r) => r.branchId === b.id)
    const inMonth = mine.filter((r) => activeThen.has(r.memberId))
    const paid = inMonth.filter((r) => r.paid[i] !== null && (r.paid[i]! > 0 || dueOf.get(r.memberId) === 0))
    return {
      branchId: b.id,
      branchName: b.name,
      members: inMonth.length,
      monthDueFen: inMonth.reduce((s, r) => s + (dueOf.get(r.memberId) ?? r.monthlyFen ?? 0), 0),
      monthCollectedFen: inMonth.reduce((s, r) => s + (r.paid[i] ?? 0), 0),
      monthPaid: paid.length,
      monthUnpaid: inMonth.length - paid.length,
      yearDueFen: mine.reduce((s, r) => s + r.dueYearFen, 0),
      yearPaidFen: mine.reduce((s, r) => s + r.paidYearFen, 0),
      unpaidMonths: mine.reduce((s, r) => s + r.unpaidMonths, 0),
    }
  })
  const sum = (k: keyof OverviewRow) => out.reduce((s, r) => s + (r[k] as number), 0)
  const totals = { members: sum('members'), monthDueFen: sum('monthDueFen'), monthCollectedFen: sum('monthCollectedFen'), monthPaid: sum('monthPaid'), monthUnpaid: sum('monthUnpaid'), yearDueFen: sum('yearDueFen'), yearPaidFen: sum('yearPaidFen'), unpaidMonths: sum('unpaidMonths') }
  return { year, month, rows: out, totals }
}
export type Overview = Awaited<ReturnType<typeof officeOverview>>

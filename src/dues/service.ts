// The dues register: members' yearly bases, the monthly register (read and saved in one transaction), corrections.
import type { CurrentUser } from '../lib/user.ts'
import { db, isUniqueViolation, type Tx } from '../db.ts'
import type { Prisma } from '../generated/prisma/client.ts'
import { logEdit } from '../history/service.ts'
import { formatDate, local, monthBounds } from '../lib/dates.ts'
import { yuan } from '../lib/money.ts'
import { lockMessage } from '../open-days/policy.ts'
import { RecordLocked } from '../open-days/record.ts'
import { FormError, notFound } from '../lib/errors.ts'
import { memberDue, overrideError, type BaseRow, type Due, type Override } from './due.ts'
import { addMonths, aheadLimit, backLimit, monthLabel, monthsBetween, payableMonthsError } from './rates.ts'
import type { RegisterLine, SaveDuesBase, SaveRegister } from './schemas.ts'

/** this month in Shanghai, YYYY-MM */
export const currentMonth = (): string => local().format('YYYY-MM')
export const monthOfDate = (d: Date): string => local(d).format('YYYY-MM')
const monthStart = (month: string) => monthBounds(Number(month.slice(0, 4)), Number(month.slice(5))).start
const yearOf = (month: string) => Number(month.slice(0, 4))

export type PaymentNet = { memberId: number; month: string; dueFen: number; netFen: number }

/** every payment of months from–to with its net (corrections added) for one branch's members, or for the members
 *  of every active branch: one SQL statement, as the office's pages read tens of thousands of rows */
export async function paymentNets({ branchId, from, to }: { branchId?: number; from: string; to: string }): Promise<PaymentNet[]> {
  const branch = branchId ?? null
  const rows = await db.$queryRaw<{ memberId: number | bigint; month: string; dueFen: number | bigint; netFen: number | bigint }[]>`
    SELECT p."memberId", p."month", p."dueFen",
           p."paidFen" + COALESCE((SELECT SUM(a."amountFen") FROM "DuesAdjustment" a WHERE a."paymentId" = p."id"), 0) AS "netFen"
    FROM "DuesPayment" p JOIN "Member" m ON m."id" = p."memberId" JOIN "Branch" b ON b."id" = m."branchId"
    WHERE p."month" >= ${from} AND p."month" <= ${to}
      AND ((CAST(${branch} AS INTEGER) IS NULL AND b."archivedAt" IS NULL) OR m."branchId" = ${branch})`
  return rows.map((r) => ({ memberId: Number(r.memberId), month: r.month, dueFen: Number(r.dueFen), netFen: Number(r.netFen) }))
}

const netOf = (p: { paidFen: number; adjustments: { amountFen: number }[] }) => p.paidFen + p.adjustments.reduce((s, a) => s + a.amountFen, 0)
/** a month counts as paid once something was paid for it, or nothing was due (waived) */
export const isPaid = (p: { dueFen: number; netFen: number } | null | undefined) => !!p && (p.netFen > 0 || p.dueFen === 0)

const memberSelect = { id: true, name: true, standing: true, category: true, transferredOutAt: true } as const

/** the branch's members who belong to the register of `month`: not transferred out before it began */
export function registerMembers(branchId: number, month: string, tx: Tx = db) {
  return tx.member.findMany({
    where: { branchId, OR: [{ transferredOutAt: null }, { transferredOutAt: { gte: monthStart(month) } }] },
    select: memberSelect,
    orderBy: { id: 'asc' },
  })
}

/** the bases of some members for some years, keyed "memberId:year" */
async function basesOf(memberIds: number[], years: number[], tx: Tx = db): Promise<Map<string, BaseRow>> {
  const rows = await tx.duesBase.findMany({ where: { memberId: { in: memberIds }, year: { in: [...new Set(years)] } } })
  return new Map(rows.map((r) => [`${r.memberId}:${r.year}`, r]))
}

function paymentsOf(memberIds: number[], from: string, to: string, tx: Tx = db) {
  return tx.duesPayment.findMany({
    where: { memberId: { in: memberIds }, month: { gte: from, lte: to } },
    include: { adjustments: { orderBy: { id: 'asc' }, include: { user: { select: { displayName: true } } } } },
    orderBy: [{ month: 'asc' }],
  })
}
type PaymentRow = Awaited<ReturnType<typeof paymentsOf>>[number]
export type Payment = PaymentRow & { netFen: number }

// ---- the monthly register ----------------------------------------------------------------------------

/** why a branch's register for a month cannot be written, or null. A reviewed open day of the branch that month
 *  with a dues segment locks the month; an open day's own register is also closed when it is cancelled. */
export async function registerLock(tx: Tx, branchId: number, month: string, openDayId?: number): Promise<string | null> {
  if (openDayId) {
    const openDay = await tx.openDay.findUnique({ where: { id: openDayId }, select: { status: true } })
    const own = openDay && lockMessage(openDay)
    if (own) return own
  }
  return (await finalLocks(tx, branchId, [month])).get(month) ?? null
}

/** month → why the branch's register is locked by a reviewed open day with a dues segment that month */
async function finalLocks(tx: Tx, branchId: number, months: string[]): Promise<Map<string, string>> {
  const finals = await tx.openDay.findMany({
    where: { branchId, status: 'reviewed', startsAt: { gte: monthStart(months[0]!), lt: monthStart(addMonths(months.at(-1)!, 1)) }, segments: { some: { kind: 'dues' } } },
    select: { startsAt: true },
    orderBy: { startsAt: 'asc' },
  })
  const locks = new Map<string, string>()
  for (const { startsAt } of finals) {
    const month = monthOfDate(startsAt)
    if (!locks.has(month)) locks.set(month, `${monthLabel(month)}的党费登记已随 ${formatDate(startsAt)} 的开放日定稿锁定；如需更正，请机关党办重新开启该开放日的记录。`)
  }
  return locks
}

export type RegisterRow = {
  member: { id: number; name: string; standing: string; category: string }
  due: Due
  baseFen: number | null
  payment: Payment | null
  /** months before the register's month, within the back-payment limit, still owed */
  owedBack: string[]
  /** months after it already paid */
  paidAhead: string[]
}

/** one line per member of the branch that month, with what is due, what was paid and what is owed nearby */
export async function loadRegister(branchId: number, month: string, tx: Tx = db) {
  return (await loadRegisters(branchId, [month], tx)).get(month)!
}

/** the registers of several months of one branch (a record book's year) in the statements of one */
export async function loadRegisters(branchId: number, months: string[], tx: Tx = db) {
  const sorted = [...new Set(months)].sort()
  if (!sorted.length) return new Map<string, ReturnType<typeof registerOf>>()
  const members = await registerMembers(branchId, sorted[0]!, tx)
  const ids = members.map((m) => m.id)
  const first = backLimit(sorted[0]!)
  const last = aheadLimit(sorted.at(-1)!)
  const years = Array.from({ length: yearOf(last) - yearOf(first) + 1 }, (_, i) => yearOf(first) + i)
  const [bases, payments, locks] = await Promise.all([
    basesOf(ids, years, tx), paymentsOf(ids, first, last, tx), finalLocks(tx, branchId, sorted),
  ])
  const byMember = new Map<number, Map<string, Payment>>()
  for (const p of payments) {
    const paid = byMember.get(p.memberId) ?? new Map<string, Payment>()
    paid.set(p.month, { ...p, netFen: netOf(p) })
    byMember.set(p.memberId, paid)
  }
  const inRegister = (month: string) => (m: (typeof members)[number]) => !m.transferredOutAt || m.transferredOutAt >= monthStart(month)
  return new Map(sorted.map((month) => [month, registerOf(month, members.filter(inRegister(month)), bases, byMember, locks.get(month) ?? null)]))
}

function registerOf(month: string, members: { id: number; name: string; standing: string; category: string }[], bases: Map<string, BaseRow>, byMember: Map<number, Map<string, Payment>>, lock: string | null) {
  const first = backLimit(month)
  const last = aheadLimit(month)
  const now = currentMonth()
  const rows: RegisterRow[] = members.map((m) => {
    const base = bases.get(`${m.id}:${yearOf(month)}`) ?? null
    const paid = byMember.get(m.id) ?? new Map<string, Payment>()
    const owedBack = monthsBetween(first, addMonths(month, -1)).filter((x) => x < now && bases.has(`${m.id}:${yearOf(x)}`) && memberDue(m.category, bases.get(`${m.id}:${yearOf(x)}`)!).dueFen !== 0 && !isPaid(paid.get(x)))
    return {
      member: m,
      due: memberDue(m.category, base),
      baseFen: base?.baseFen ?? null,
      payment: paid.get(month) ?? null,
      owedBack,
      paidAhead: [...paid.keys()].filter((x) => x > month && x <= last && isPaid(paid.get(x))),
    }
  })
  return { month, rows, totals: registerTotals(rows), lock }
}
export type Register = ReturnType<typeof registerOf>

/** due / collected / paid / unpaid for the register's month */
export function registerTotals(rows: { due: { dueFen: number | null }; payment: { dueFen: number; netFen: number } | null }[]) {
  const paidRows = rows.filter((r) => isPaid(r.payment))
  return {
    members: rows.length,
    dueFen: rows.reduce((s, r) => s + (r.payment?.dueFen ?? r.due.dueFen ?? 0), 0),
    unknownDue: rows.filter((r) => !r.payment && r.due.dueFen === null).length,
    collectedFen: rows.reduce((s, r) => s + (r.payment?.netFen ?? 0), 0),
    paid: paidRows.length,
    unpaid: rows.length - paidRows.length,
  }
}

type RegisterTarget = { branchId: number; month: string; openDayId?: number }

/** saves the whole register in one transaction: new payments (one month, back or ahead) and corrections.
 *  Every line is checked before anything is written; the same form sent twice saves once. */
export async function saveRegister(user: CurrentUser, target: RegisterTarget, input: SaveRegister): Promise<{ duplicate: boolean; months: number; members: number; corrections: number }> {
  try {
    return await db.$transaction((tx) => writeRegister(tx, user, target, input))
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
    if (await batchSaved(db, input.batchKey)) return { duplicate: true, months: 0, members: 0, corrections: 0 }
    throw new FormError({}, '有党员的月份刚刚由他人登记，本次未保存。请刷新页面核对后再保存。')
  }
}

async function batchSaved(tx: Tx, batchKey: string): Promise<boolean> {
  const [p, a] = await Promise.all([tx.duesPayment.count({ where: { batchKey } }), tx.duesAdjustment.count({ where: { batchKey } })])
  return p + a > 0
}

async function writeRegister(tx: Tx, user: CurrentUser, { branchId, month, openDayId }: RegisterTarget, input: SaveRegister) {
  if (await batchSaved(tx, input.batchKey)) return { duplicate: true, months: 0, members: 0, corrections: 0 }
  const lock = await registerLock(tx, branchId, month, openDayId)
  if (lock) throw new RecordLocked(lock)
  const members = new Map((await registerMembers(branchId, month, tx)).map((m) => [m.id, m]))
  if (input.lines.some((l) => !members.has(l.memberId))) throw new FormError({ batchKey: '名单已变化，请刷新页面后重新填写' }, '名单已变化，请刷新页面后重新填写。')
  const active = input.lines.filter((l) => l.pay || l.fixFen !== null)
  if (!active.length) throw new FormError({}, '没有要保存的内容：请勾选交纳的党员，或点击“全部按应缴足额交纳”。')

  const ids = active.map((l) => l.memberId)
  const payments = await paymentsOf(ids, backLimit(month), aheadLimit(month), tx)
  const saved = new Map(payments.map((p) => [`${p.memberId}:${p.month}`, p]))
  const bases = await basesOf(ids, [yearOf(backLimit(month)), yearOf(month), yearOf(aheadLimit(month))], tx)
  const errors: Record<string, string> = {}
  const creates: Prisma.DuesPaymentCreateManyInput[] = []
  const corrections: { paymentId: number; amountFen: number; reason: string }[] = []

  for (const line of active) {
    const member = members.get(line.memberId)!
    if (line.pay) {
      const planned = planPayment(line, month, member.category, (y) => bases.get(`${line.memberId}:${y}`) ?? null, (m) => saved.get(`${line.memberId}:${m}`))
      if ('error' in planned) Object.assign(errors, { [`${planned.field}_${line.memberId}`]: planned.error })
      else
        for (const p of planned.months)
          creates.push({
            memberId: line.memberId, branchId, month: p.month, dueFen: p.dueFen, paidFen: p.paidFen, paidOn: input.paidOn, collector: input.collector,
            method: line.method, receiptNo: line.receiptNo, note: line.note, openDayId: openDayId ?? null, batchKey: input.batchKey, userId: user.id,
          })
    }
    if (line.fixFen !== null) {
      const payment = saved.get(`${line.memberId}:${month}`)
      if (!payment) errors[`fix_${line.memberId}`] = `${monthLabel(month)}尚未登记缴纳，无需更正；请勾选“交纳”登记`
      else if (line.fixFen === netOf(payment)) errors[`fix_${line.memberId}`] = `与已登记的实缴 ${yuan(netOf(payment))} 元相同，无需更正`
      else corrections.push({ paymentId: payment.id, amountFen: line.fixFen - netOf(payment), reason: line.fixReason })
    }
  }
  if (Object.keys(errors).length) throw new FormError(errors, '有党员的缴纳情况需要修改，本次未保存（全部党员都未保存）。')

  await tx.duesPayment.createMany({ data: creates })
  if (corrections.length) await tx.duesAdjustment.createMany({ data: corrections.map((c) => ({ ...c, batchKey: input.batchKey, userId: user.id })) })
  const payers = new Set(creates.map((c) => c.memberId)).size
  if (openDayId) {
    const words = [payers ? `${payers} 名党员交纳 ${creates.length} 个月共 ${yuan(creates.reduce((s, c) => s + c.paidFen, 0))} 元` : '', corrections.length ? `更正 ${corrections.length} 笔` : '']
    await logEdit(tx, { openDayId, userId: user.id, subject: `党费收缴登记（${monthLabel(month)}）：${words.filter(Boolean).join('，')}` })
  }
  return { duplicate: false, months: creates.length, members: payers, corrections: corrections.length }
}

type Planned = { months: { month: string; dueFen: number; paidFen: number }[] } | { field: string; error: string }

/** the months one line pays for and how the amount splits over them; an error names the field to fix */
export function planPayment(
  line: Pick<RegisterLine, 'from' | 'to' | 'amountFen'>,
  month: string,
  category: string,
  baseOf: (year: number) => BaseRow | null,
  savedOf: (month: string) => { dueFen: number; paidFen: number; adjustments: { amountFen: number }[] } | undefined,
): Planned {
  const limit = payableMonthsError(month, line.from, line.to)
  if (limit) return { field: line.to > month ? 'to' : 'from', error: limit }
  const months = monthsBetween(line.from, line.to)
  const taken = months.filter((m) => savedOf(m))
  if (taken.length) return { field: 'from', error: `${taken.map(monthLabel).join('、')}已登记缴纳，同一月份不能重复交纳；如金额有误，请在“更正”中填写` }
  const dues = months.map((m) => ({ month: m, dueFen: memberDue(category, baseOf(yearOf(m))).dueFen }))
  const unknown = dues.filter((d) => d.dueFen === null)
  if (unknown.length) return { field: 'amount', error: `尚未填写 ${[...new Set(unknown.map((d) => yearOf(d.month)))].join('、')} 年度的党费基数，请先在党员的党费页填写` }
  const total = dues.reduce((s, d) => s + d.dueFen!, 0)
  if (months.length === 1) {
    const paidFen = line.amountFen ?? total
    if (paidFen === 0 && total > 0) return { field: 'amount', error: '实缴金额不能为 0；未交纳的党员请不要勾选' }
    return { months: [{ month: months[0], dueFen: total, paidFen }] }
  }
  if (line.amountFen !== null && line.amountFen !== total) return { field: 'amount', error: `一次交纳多个月时，实缴金额须等于各月应缴之和 ${yuan(total)} 元（或留空）` }
  return { months: dues.map((d) => ({ month: d.month, dueFen: d.dueFen!, paidFen: d.dueFen! })) }
}

// ---- a member's dues ---------------------------------------------------------------------------------

export async function getMember(id: number) {
  const member = await db.member.findUnique({ where: { id }, include: { branch: { select: { id: true, name: true } } } })
  return member ?? Promise.reject(notFound('党员'))
}

/** the member's page: every year's base and amount, the year's months, payments with their corrections */
export async function memberDues(memberId: number, year: number) {
  const [bases, payments] = await Promise.all([
    db.duesBase.findMany({ where: { memberId }, orderBy: { year: 'desc' } }),
    db.duesPayment.findMany({
      where: { memberId },
      include: { adjustments: { orderBy: { id: 'asc' }, include: { user: { select: { displayName: true } } } } },
      orderBy: [{ month: 'desc' }],
    }),
  ])
  return { bases, payments: payments.map((p) => ({ ...p, netFen: netOf(p) })), year }
}

/** sets (or replaces) a member's base and override for a year; overrides need what the rules ask for */
export async function saveDuesBase(member: { id: number; category: string }, input: SaveDuesBase) {
  const needsFixed = member.category === 'farmer'
  if (needsFixed && input.fixedYuan === null) throw new FormError({ fixedYuan: '农民党员请填写每月定额（0.20–1.00 元）' })
  const needsBase = ['employed', 'retired', 'other'].includes(member.category)
  if (needsBase && input.baseYuan === null) throw new FormError({ baseYuan: '请填写月基数（税后固定工资收入或养老金），如 6800.00' })
  const row = {
    baseFen: input.baseYuan ?? 0,
    fixedFen: needsFixed ? input.fixedYuan : null,
    override: input.override as Override,
    overrideFen: input.override === 'voluntary' || input.override === 'reduced' ? input.overrideYuan : null,
    approvedBy: input.override === 'none' ? null : input.approvedBy,
    approvedOn: input.override === 'none' ? null : input.approvedOn,
    note: input.note,
  }
  const rule = memberDue(member.category, { ...row, year: input.year, override: 'none' })
  const errors = overrideError({ ...row, override: row.override }, rule.ruleFen)
  if (Object.keys(errors).length) throw new FormError(errors)
  await db.duesBase.upsert({ where: { memberId_year: { memberId: member.id, year: input.year } }, create: { memberId: member.id, year: input.year, ...row }, update: row })
}

import { randomUUID } from 'node:crypto'
import { Router, type Request, type RequestHandler, type Response } from 'express'
import { getBranch } from '../branches/service.ts'
import { db } from '../db.ts'
import { dateInput, local } from '../lib/dates.ts'
import { fenToYuan, yuan } from '../lib/money.ts'
import { CATEGORY_LABELS } from '../members/labels.ts'
import { requireEditor, requireLogin, userOf } from '../web/auth.ts'
import { forbidden, notFound } from '../lib/errors.ts'
import { flash } from '../web/flash.ts'
import { form, idParam, parseQuery } from '../web/form.ts'
import { assertDuesRead, assertDuesWrite, duesAccess } from './access.ts'
import { canSeeAllBranches } from '../open-days/policy.ts'
import { arrearsOf } from './arrears-service.ts'
import { HIGHLIGHT_RUN, WARNING_RUN } from './arrears.ts'
import { OVERRIDE_LABELS, OVERRIDES, memberDue } from './due.ts'
import { cachedArrears, cachedOverview, cachedOverviewXlsx } from './cached.ts'
import { ledgerCsv, ledgerXlsx, overviewCsv, sendDownload } from './exports.ts'
import { aheadLimit, backLimit, BACK_MONTHS, isMonth, monthLabel, quarterEnd, addMonths } from './rates.ts'
import { branchLedger } from './reports.ts'
import * as schemas from './schemas.ts'
import * as dues from './service.ts'

/** the dues register: members' bases, the monthly register, arrears, the yearly ledger and the office's overview */
export const duesRoutes = Router()

const labels = { yuan, fenToYuan, monthLabel, CATEGORY_LABELS, METHOD_LABELS: schemas.METHOD_LABELS, METHODS: schemas.METHODS, OVERRIDE_LABELS, OVERRIDES, HIGHLIGHT_RUN, WARNING_RUN }
const styles = ['/public/css/dues.css']

// ---- the monthly register -----------------------------------------------------------------------------

type Target = { branch: { id: number; name: string }; month: string; openDay: { id: number; theme: string; startsAt: Date; status: string } | null; url: string }
const targetOf = (res: Response): Target => res.locals.target

/** /open-days/:id/dues: the register of the open day's branch and month */
const openDayTarget: RequestHandler = async (req, res, next) => {
  const openDay = await db.openDay.findUnique({ where: { id: idParam(req) }, select: { id: true, theme: true, startsAt: true, status: true, branch: { select: { id: true, name: true } } } })
  if (!openDay) throw notFound('开放日')
  res.locals.target = { branch: openDay.branch, month: dues.monthOfDate(openDay.startsAt), openDay, url: `/open-days/${openDay.id}/dues` } satisfies Target
  next()
}

/** /branches/:id/dues/months/:month */
const branchTarget: RequestHandler = async (req, res, next) => {
  const month = String(req.params.month)
  if (!isMonth(month)) throw notFound()
  const branch = await getBranch(idParam(req))
  res.locals.target = { branch, month, openDay: null, url: `/branches/${branch.id}/dues/months/${month}` } satisfies Target
  next()
}

const canRead: RequestHandler = (req, res, next) => {
  res.locals.access = assertDuesRead(userOf(req), targetOf(res).branch.id)
  next()
}
const canWrite: RequestHandler = (req, res, next) => {
  res.locals.access = assertDuesWrite(userOf(req), targetOf(res).branch.id)
  next()
}

/** the form's starting values: every line for the month, nothing ticked unless “全部按应缴足额交纳” */
function defaultValues(register: dues.Register, fillAll: boolean, collector: string, paidOn: string): Record<string, unknown> {
  const values: Record<string, unknown> = { batchKey: randomUUID(), paidOn, collector }
  for (const r of register.rows) {
    const id = r.member.id
    Object.assign(values, { [`from_${id}`]: register.month, [`to_${id}`]: register.month, [`method_${id}`]: 'cash' })
    if (fillAll && !r.payment && r.due.dueFen !== null) values[`pay_${id}`] = '1'
  }
  return values
}

async function registerLocals(req: Request, res: Response) {
  const t = targetOf(res)
  const register = await dues.loadRegister(t.branch.id, t.month)
  const lock = register.lock ?? (t.openDay && (await dues.registerLock(db, t.branch.id, t.month, t.openDay.id)))
  return {
    ...labels,
    title: `党费收缴登记 · ${monthLabel(t.month)}`,
    styles,
    scripts: ['/public/js/unsaved.js'],
    bodyClass: 'dues-wide',
    target: t,
    register,
    lock,
    mayEdit: (res.locals.access as ReturnType<typeof duesAccess>).write && !lock,
    seeBase: (res.locals.access as ReturnType<typeof duesAccess>).seeBase,
    limits: { back: backLimit(t.month), ahead: aheadLimit(t.month), quarterEnd: quarterEnd(t.month), backMonths: BACK_MONTHS },
    prev: addMonths(t.month, -1),
    next: addMonths(t.month, 1),
  }
}

async function showRegister(req: Request, res: Response) {
  const locals = await registerLocals(req, res)
  const t = locals.target
  const leader = t.openDay ? await db.segment.findFirst({ where: { openDayId: t.openDay.id, kind: 'dues' }, select: { leader: { select: { name: true } } } }) : null
  const paidOn = t.openDay ? dateInput(t.openDay.startsAt) : local().format('YYYY-MM-DD')
  const fillAll = req.query.fill === 'all'
  res.render('dues/register', { ...locals, fillAll, values: defaultValues(locals.register, fillAll, leader?.leader?.name ?? userOf(req).displayName, paidOn), errors: {} })
}

const postRegister = form({ schema: schemas.saveRegister, view: 'dues/register', locals: async (req, res) => ({ ...(await registerLocals(req, res)), fillAll: false }) }, async (input, req, res) => {
  const t = targetOf(res)
  const result = await dues.saveRegister(userOf(req), { branchId: t.branch.id, month: t.month, openDayId: t.openDay?.id }, input)
  const words = result.duplicate ? '这份登记表已经保存过，未重复保存。' : `已保存：${result.members} 名党员交纳 ${result.months} 个月${result.corrections ? `，更正 ${result.corrections} 笔` : ''}。`
  flash(req, 'success', words)
  res.redirect(t.url)
})

duesRoutes.get('/open-days/:id/dues', requireLogin, openDayTarget, canRead, showRegister)
duesRoutes.post('/open-days/:id/dues', requireEditor, openDayTarget, canWrite, postRegister)
duesRoutes.get('/branches/:id/dues', requireLogin, async (req, res) => {
  assertDuesRead(userOf(req), idParam(req))
  res.redirect(`/branches/${idParam(req)}/dues/months/${dues.currentMonth()}`)
})
duesRoutes.get('/branches/:id/dues/months/:month', requireLogin, branchTarget, canRead, showRegister)
duesRoutes.post('/branches/:id/dues/months/:month', requireEditor, branchTarget, canWrite, postRegister)

// ---- a member's dues ----------------------------------------------------------------------------------

async function memberLocals(req: Request) {
  const member = await dues.getMember(idParam(req))
  const access = assertDuesRead(userOf(req), member.branchId)
  const year = parseQuery(schemas.yearQuery, req.query).year ?? Number(dues.currentMonth().slice(0, 4))
  const [data, arrears] = await Promise.all([dues.memberDues(member.id, year), arrearsOf({ branchId: member.branchId })])
  const base = data.bases.find((b) => b.year === year) ?? null
  return {
    ...labels,
    title: `${member.name} · 党费`,
    styles,
    member,
    access,
    year,
    base,
    due: memberDue(member.category, base),
    bases: data.bases.map((b) => ({ ...b, due: memberDue(member.category, b) })),
    payments: data.payments,
    arrears: arrears.find((a) => a.memberId === member.id) ?? null,
  }
}

duesRoutes.get('/members/:id/dues', requireLogin, async (req, res) => {
  const locals = await memberLocals(req)
  const b = locals.base
  const values = b
    ? { year: locals.year, baseYuan: fenToYuan(b.baseFen), fixedYuan: fenToYuan(b.fixedFen), override: b.override, overrideYuan: fenToYuan(b.overrideFen), approvedBy: b.approvedBy ?? '', approvedOn: b.approvedOn ?? '', note: b.note }
    : { year: locals.year, override: 'none' }
  res.render('dues/member', { ...locals, values: locals.access.seeBase ? values : {}, errors: {} })
})

duesRoutes.post(
  '/members/:id/dues',
  requireEditor,
  form({ schema: schemas.saveDuesBase, view: 'dues/member', locals: memberLocals }, async (input, req, res) => {
    const member = await dues.getMember(idParam(req))
    assertDuesWrite(userOf(req), member.branchId)
    await dues.saveDuesBase(member, input)
    flash(req, 'success', `${member.name} ${input.year} 年度的党费基数已保存。`)
    res.redirect(`/members/${member.id}/dues?year=${input.year}`)
  }),
)

// ---- arrears, the ledger, the office's overview -----------------------------------------------------

duesRoutes.get('/branches/:id/dues/arrears', requireLogin, async (req, res) => {
  const branch = await getBranch(idParam(req))
  assertDuesRead(userOf(req), branch.id)
  res.render('dues/arrears', { ...labels, styles, title: `欠缴党费名单 · ${branch.name}`, branch, arrears: await arrearsOf({ branchId: branch.id }) })
})

async function ledgerOf(req: Request) {
  const branch = await getBranch(idParam(req))
  const access = assertDuesRead(userOf(req), branch.id)
  const year = parseQuery(schemas.yearQuery, req.query).year ?? Number(dues.currentMonth().slice(0, 4))
  return { branch, access, ledger: await branchLedger(branch.id, year, access.seeBase) }
}

duesRoutes.get('/branches/:id/dues/ledger', requireLogin, async (req, res) => {
  const { branch, access, ledger } = await ledgerOf(req)
  res.render('dues/ledger', { ...labels, bodyClass: 'dues-wide', styles: [...styles, '/public/css/dues-print.css'], title: `${ledger.year}年党费收缴台账 · ${branch.name}`, branch, ledger, seeBase: access.seeBase, scripts: ['/public/js/print.js'] })
})
duesRoutes.get('/branches/:id/dues/ledger.xlsx', requireLogin, async (req, res) => {
  const { branch, access, ledger } = await ledgerOf(req)
  await sendDownload(res, `${branch.name}-${ledger.year}年党费台账.xlsx`, await ledgerXlsx(branch.name, ledger, access.seeBase))
})
duesRoutes.get('/branches/:id/dues/ledger.csv', requireLogin, async (req, res) => {
  const { branch, access, ledger } = await ledgerOf(req)
  await sendDownload(res, `${branch.name}-${ledger.year}年党费台账.csv`, ledgerCsv(ledger, access.seeBase))
})

function overviewOf(req: Request) {
  if (!canSeeAllBranches(userOf(req))) throw forbidden()
  const q = parseQuery(schemas.overviewQuery, req.query)
  const now = dues.currentMonth()
  return { year: q.year ?? Number(now.slice(0, 4)), month: q.month ? Number(q.month) : Number(now.slice(5)) }
}

duesRoutes.get('/dues', requireLogin, async (req, res) => {
  const { year, month } = overviewOf(req)
  const [overview, arrears] = await Promise.all([cachedOverview(year, month), cachedArrears(year - 1)])
  const warnings = arrears.filter((a) => a.level === 'warning')
  res.render('dues/overview', { ...labels, bodyClass: 'dues-wide', styles: [...styles, '/public/css/dues-print.css'], title: `党费收缴汇总 · ${overview.year}年`, overview, warnings, scripts: ['/public/js/print.js'] })
})
duesRoutes.get('/dues/overview.xlsx', requireLogin, async (req, res) => {
  const { year, month } = overviewOf(req)
  await sendDownload(res, `${year}年党费收缴汇总.xlsx`, await cachedOverviewXlsx(year, month))
})
duesRoutes.get('/dues/overview.csv', requireLogin, async (req, res) => {
  const { year, month } = overviewOf(req)
  await sendDownload(res, `${year}年党费收缴汇总.csv`, overviewCsv(await cachedOverview(year, month)))
})

import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import ExcelJS from 'exceljs'
import { db } from '../helpers/app.ts'
import { createBranch, createMember, createOpenDay } from '../helpers/factories.ts'
import { loginAsOffice, loginAsSecretary, type Agent } from '../helpers/http.ts'
import { counters as dashboardVersions } from '../../src/cache/counters.ts'
import { cachedVersions, dashboardData } from '../../src/dashboard/service.ts'
import { addMonths } from '../../src/dues/rates.ts'
import { fromLocal, local } from '../../src/lib/dates.ts'
import type { CurrentUser } from '../../src/lib/user.ts'

const officeUser: CurrentUser = { id: 0, username: 'o', displayName: 'o', role: 'office', branchId: null, branchName: null }
let office: Agent
before(async () => {
  office = (await loginAsOffice()).agent
})
const dashboard = async () => (await office.get('/')).text

/** a member with this year's and last year's bases and nothing paid: six months and more unpaid */
async function owingMember(branchId: number, name: string) {
  const member = await createMember(branchId, { name })
  const year = Number(local().format('YYYY'))
  await db.duesBase.createMany({ data: [year - 1, year].map((y) => ({ memberId: member.id, year: y, baseFen: 400000 })) })
  return member
}

describe('the dashboard’s cached parts see the next write', () => {
  it('a submitted open day, a rename, an overdue action, a payment; each write leaves the other parts cached', async () => {
    const branch = await createBranch({ name: '缓存甲支部' })
    await dashboard()
    const submitted = await createOpenDay(branch.id, { status: 'submitted', theme: '待审批的缓存主题' })
    assert.match(await dashboard(), /待审批的缓存主题/)
    await db.branch.update({ where: { id: branch.id }, data: { name: '改名后的缓存支部' } })
    assert.match(await dashboard(), /改名后的缓存支部/)

    const lists = cachedVersions(officeUser)
    const action = await db.followUpAction.create({ data: { openDayId: submitted.id, position: 1, description: '缓存整改措施', owner: '书记', dueOn: '2020-01-01' } })
    assert.match(await dashboard(), /缓存整改措施/)
    assert.equal(cachedVersions(officeUser).board, lists.board, 'an action leaves the lists cached')
    await db.followUpAction.update({ where: { id: action.id }, data: { status: 'done', doneAt: new Date() } })
    assert.doesNotMatch(await dashboard(), /缓存整改措施/)

    const member = await owingMember(branch.id, '缓存欠费党员')
    assert.match(await dashboard(), /缓存欠费党员<\/a>/)
    const cached = cachedVersions(officeUser)
    const now = local().format('YYYY-MM')
    const months: string[] = []
    for (let m = `${Number(now.slice(0, 4)) - 1}-01`; m < now; m = addMonths(m, 1)) months.push(m)
    await db.duesPayment.createMany({ data: months.map((month) => ({ memberId: member.id, branchId: branch.id, month, dueFen: 4000, paidFen: 4000, paidOn: `${month}-15`, batchKey: 'dashboard-cache' })) })
    assert.doesNotMatch(await dashboard(), /缓存欠费党员<\/a>/)
    const after = cachedVersions(officeUser)
    assert.deepEqual([after.board, after.actions, after.flags], [cached.board, cached.actions, cached.flags], 'a payment leaves the rest cached')
    assert.notEqual(after.arrears, cached.arrears)
  })

  it('a correction and a base change bump the dues counter; an action the actions counter only', async () => {
    const branch = await createBranch()
    const member = await owingMember(branch.id, '计数党员')
    const payment = await db.duesPayment.create({ data: { memberId: member.id, branchId: branch.id, month: '2020-01', dueFen: 1, paidFen: 1, paidOn: '2020-01-15', batchKey: 'c' } })
    const v0 = await dashboardVersions()
    await db.duesAdjustment.create({ data: { paymentId: payment.id, amountFen: -1, reason: '退还', batchKey: 'c' } })
    const v1 = await dashboardVersions()
    assert.equal(v1.dues, v0.dues + 1)
    await db.duesBase.updateMany({ where: { memberId: member.id }, data: { baseFen: 500000 } })
    const v2 = await dashboardVersions()
    assert.equal(v2.dues, v1.dues + 2)
    const openDay = await createOpenDay(branch.id)
    const v3 = await dashboardVersions()
    await db.followUpAction.create({ data: { openDayId: openDay.id, position: 1, description: '计数', owner: '书记', dueOn: '2020-01-01' } })
    assert.deepEqual(await dashboardVersions(), { ...v3, actions: v3.actions + 1 })
    assert.equal(v3.dues, v2.dues)
  })

  it('a secretary’s dashboard shows the own branch’s arrears only, and theirs is cached apart from the office’s', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const other = await createBranch()
    await owingMember(branchId, '本支部欠费党员')
    await owingMember(other.id, '他支部欠费党员')
    const page = (await agent.get('/')).text
    assert.match(page, /本支部欠费党员/)
    assert.doesNotMatch(page, /他支部欠费党员/)
    const office = await dashboard()
    assert.match(office, /本支部欠费党员/)
    assert.match(office, /他支部欠费党员/)
  })

  it('an open day that ends moves from “upcoming” to “to close” at the minute it ends', async () => {
    const branch = await createBranch()
    const openDay = await createOpenDay(branch.id, { status: 'approved', date: '2028-03-01', theme: '到点结项' })
    const at = (time: string, seconds = 0) => new Date(fromLocal('2028-03-01', time)!.getTime() + seconds * 1000)
    const where = async (time: string, seconds = 0) => {
      const d = await dashboardData(officeUser, at(time, seconds))
      return { upcoming: d.upcoming.some((o) => o.id === openDay.id), toClose: d.toClose.some((o) => o.id === openDay.id) }
    }
    assert.deepEqual(await where('16:29', 59), { upcoming: true, toClose: false })
    assert.deepEqual(await where('16:30', 30), { upcoming: false, toClose: true })
    assert.deepEqual(await where('16:29', 1), { upcoming: true, toClose: false }, 'back in time: computed again, not served')
  })
})

describe('the office’s dues overview, its exports and arrears are cached by the register’s and directory’s counters', () => {
  it('a payment, a correction, a rename and a new member show on the next read of the page, the CSV and the workbook', async () => {
    const branch = await createBranch({ name: '汇总缓存支部' })
    const member = await createMember(branch.id, { name: '汇总党员' })
    await db.duesBase.create({ data: { memberId: member.id, year: 2033, baseFen: 400000 } })
    const url = '/dues?year=2033&month=3'
    /** the branch's row of the page, found by its current name */
    const row = async () => {
      const text = (await office.get(url)).text
      const { name } = await db.branch.findUniqueOrThrow({ where: { id: branch.id } })
      return text.slice(text.indexOf(`>${name}<`)).slice(0, 400)
    }
    const sheet = async () => {
      const book = new ExcelJS.Workbook()
      const res = await office.get('/dues/overview.xlsx?year=2033&month=3').buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = []
        r.on('data', (c: Buffer) => chunks.push(c))
        r.on('end', () => cb(null, Buffer.concat(chunks)))
      })
      await book.xlsx.load(res.body)
      const rows: unknown[][] = []
      book.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)))
      return rows.find((r) => r.includes('汇总缓存支部'))
    }
    assert.match(await row(), /<td class="num">1<\/td><td class="num">40\.00<\/td><td class="num">0\.00<\/td><td class="num">0<\/td><td class="num">1<\/td>/)
    const before = await sheet()
    const payment = await db.duesPayment.create({ data: { memberId: member.id, branchId: branch.id, month: '2033-03', dueFen: 4000, paidFen: 4000, paidOn: '2033-03-15', batchKey: 'overview-cache' } })
    assert.match(await row(), /<td class="num">40\.00<\/td><td class="num">40\.00<\/td><td class="num">1<\/td><td class="num">0<\/td>/)
    assert.notDeepEqual(await sheet(), before)
    assert.match((await office.get('/dues/overview.csv?year=2033&month=3')).text, /汇总缓存支部,1,40\.00,40\.00,1,0/)
    await db.duesAdjustment.create({ data: { paymentId: payment.id, amountFen: -1000, reason: '多收退还', batchKey: 'overview-cache-fix' } })
    assert.match(await row(), /<td class="num">40\.00<\/td><td class="num">30\.00<\/td>/)
    await db.branch.update({ where: { id: branch.id }, data: { name: '改名的汇总缓存支部' } })
    assert.match(await row(), /<td class="num">40\.00<\/td><td class="num">30\.00<\/td>/)
    await createMember(branch.id, { name: '新党员' })
    assert.match(await row(), /<td class="num">2<\/td>/)
  })
})

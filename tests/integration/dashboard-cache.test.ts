import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { createBranch, createMember, createOpenDay } from '../helpers/factories.ts'
import { loginAsOffice, loginAsSecretary, type Agent } from '../helpers/http.ts'
import { cachedVersions, dashboardData, dashboardVersions } from '../../src/dashboard/service.ts'
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
    const v0 = dashboardVersions()
    await db.duesAdjustment.create({ data: { paymentId: payment.id, amountFen: -1, reason: '退还', batchKey: 'c' } })
    const v1 = dashboardVersions()
    assert.equal(v1.dues, v0.dues + 1)
    await db.duesBase.updateMany({ where: { memberId: member.id }, data: { baseFen: 500000 } })
    const v2 = dashboardVersions()
    assert.equal(v2.dues, v1.dues + 2)
    const openDay = await createOpenDay(branch.id)
    const v3 = dashboardVersions()
    await db.followUpAction.create({ data: { openDayId: openDay.id, position: 1, description: '计数', owner: '书记', dueOn: '2020-01-01' } })
    assert.deepEqual(dashboardVersions(), { ...v3, actions: v3.actions + 1 })
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

import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { createBranch, createMember, createOpenDay } from '../helpers/factories.ts'
import { anonymous, csrfOf, loginAsOffice, loginAsSecretary, loginAsViewer, submit, type Agent } from '../helpers/http.ts'

const good = (branchId: number, over: Record<string, string> = {}) => ({
  branchId: String(branchId),
  theme: '我为精准扶贫办实事',
  date: '2031-10-15',
  startTime: '14:30',
  endTime: '17:00',
  place: `机关党员活动室${branchId}`,
  hostId: '',
  recorderId: '',
  description: '',
  ...over,
})

async function post(agent: Agent, path: string, fields: Record<string, string>) {
  return submit(agent, path, fields, '/')
}

describe('POST /open-days', () => {
  it('creates a draft for the secretary’s own branch', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const host = await createMember(branchId, { name: '李学良' })
    const res = await post(agent, '/open-days', good(branchId, { hostId: String(host.id) }))
    assert.equal(res.status, 302)
    const openDay = await db.openDay.findFirstOrThrow({ where: { branchId } })
    assert.equal(openDay.status, 'draft')
    assert.equal(openDay.startsAt.toISOString(), '2031-10-15T06:30:00.000Z')
    const page = await agent.get(res.headers.location)
    assert.match(page.text, /2031年10月15日 星期三 14:30–17:00/)
    assert.match(page.text, /李学良/)
  })

  it('keeps every typed value and puts Chinese errors next to bad fields', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const res = await post(agent, '/open-days', good(branchId, { date: '2031-02-30', endTime: '13:00', theme: '学习<script>alert(1)</script>' }))
    assert.equal(res.status, 422)
    assert.match(res.text, /id="f-date-err">请填写有效的日期/)
    assert.match(res.text, /value="学习&lt;script&gt;alert\(1\)&lt;\/script&gt;"/)
    assert.match(res.text, /value="2031-02-30"/)
    assert.equal(await db.openDay.count({ where: { branchId } }), 0)
  })

  it('refuses an end before the start', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const res = await post(agent, '/open-days', good(branchId, { endTime: '14:00' }))
    assert.equal(res.status, 422)
    assert.match(res.text, /结束时间必须晚于开始时间/)
  })

  it('refuses a room already taken at an overlapping time, naming the other event', async () => {
    const other = await createBranch({ name: '研究室党支部' })
    await createOpenDay(other.id, { theme: '先占的会议', date: '2031-11-05', start: '15:00', end: '16:00', place: '三楼 会议室', status: 'approved' })
    const { agent, branchId } = await loginAsSecretary()
    const res = await post(agent, '/open-days', good(branchId, { date: '2031-11-05', place: '三楼会议室' }))
    assert.equal(res.status, 422)
    assert.match(res.text, /该地点此时段已被占用：研究室党支部“先占的会议”/)
  })

  it('asks to confirm a second open day of the branch in one month', async () => {
    const { agent, branchId } = await loginAsSecretary()
    await createOpenDay(branchId, { date: '2031-12-01', place: '甲' })
    const first = await post(agent, '/open-days', good(branchId, { date: '2031-12-20', place: '乙' }))
    assert.equal(first.status, 422)
    assert.match(first.text, /本支部当月已安排开放日/)
    assert.match(first.text, /name="confirmSameMonth"/)
    const confirmed = await post(agent, '/open-days', good(branchId, { date: '2031-12-20', place: '乙', confirmSameMonth: '1' }))
    assert.equal(confirmed.status, 302)
  })

  it('gives 403 to a secretary scheduling for another branch, and to a viewer', async () => {
    const other = await createBranch()
    const { agent } = await loginAsSecretary()
    const res = await post(agent, '/open-days', good(other.id))
    assert.equal(res.status, 422)
    assert.match(res.text, /只能为本支部安排开放日/)
    const { agent: viewer } = await loginAsViewer()
    assert.equal((await post(viewer, '/open-days', good(other.id))).status, 403)
    assert.equal((await viewer.get('/open-days/new')).status, 403)
  })
})

describe('POST /open-days/:id (edit)', () => {
  it('saves a change and refuses a stale form with the newer version named', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const openDay = await createOpenDay(branchId, { date: '2032-03-03' })
    const ok = await post(agent, `/open-days/${openDay.id}`, good(branchId, { date: '2032-03-03', version: '1', theme: '改过的主题' }))
    assert.equal(ok.status, 302)
    const stale = await post(agent, `/open-days/${openDay.id}`, good(branchId, { date: '2032-03-03', version: '1', theme: '另一个人的修改' }))
    assert.equal(stale.status, 409)
    assert.match(stale.text, /已被他人修改/)
    assert.match(stale.text, /value="另一个人的修改"/)
    assert.equal((await db.openDay.findUniqueOrThrow({ where: { id: openDay.id } })).theme, '改过的主题')
  })

  it('gives 403 when a secretary opens another branch’s edit page', async () => {
    const other = await createBranch()
    const openDay = await createOpenDay(other.id)
    const { agent } = await loginAsSecretary()
    assert.equal((await agent.get(`/open-days/${openDay.id}/edit`)).status, 403)
    assert.equal((await post(agent, `/open-days/${openDay.id}`, good(other.id, { version: '1' }))).status, 403)
  })

  it('sends an approved open day back for approval when its secretary changes it', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const openDay = await createOpenDay(branchId, { date: '2032-04-04', status: 'approved' })
    await post(agent, `/open-days/${openDay.id}`, good(branchId, { date: '2032-04-04', version: '1', place: '新地点' }))
    assert.equal((await db.openDay.findUniqueOrThrow({ where: { id: openDay.id } })).status, 'submitted')
  })
})

describe('POST /open-days/:id/status', () => {
  it('runs draft → submitted → approved → held → reviewed with a history', async () => {
    const { agent: secretary, branchId } = await loginAsSecretary()
    const { agent: office } = await loginAsOffice()
    const openDay = await createOpenDay(branchId, { date: '2032-05-05' })
    const path = `/open-days/${openDay.id}/status`
    assert.equal((await post(secretary, path, { action: 'submit' })).status, 302)
    assert.equal((await post(secretary, path, { action: 'approve' })).status, 403, 'a secretary cannot approve')
    assert.equal((await post(office, path, { action: 'approve' })).status, 302)
    // the event has started: held and reviewed each ask once more, then act
    await db.openDay.update({ where: { id: openDay.id }, data: { startsAt: new Date(Date.now() - 60_000) } })
    assert.equal((await post(secretary, path, { action: 'hold' })).status, 200)
    assert.equal((await post(secretary, path, { action: 'hold', confirm: '1' })).status, 302)
    await db.review.create({ data: { openDayId: openDay.id } }) // finalising needs a saved review
    assert.equal((await post(secretary, path, { action: 'review', confirm: '1' })).status, 302)
    const changes = await db.openDayStatusChange.findMany({ where: { openDayId: openDay.id }, orderBy: { id: 'asc' } })
    assert.deepEqual(changes.map((c) => c.toStatus), ['submitted', 'approved', 'held', 'reviewed'])
  })

  it('requires a comment to return and a reason to cancel, and keeps what was typed', async () => {
    const { agent: office } = await loginAsOffice()
    const branch = await createBranch()
    const openDay = await createOpenDay(branch.id, { status: 'submitted' })
    const path = `/open-days/${openDay.id}/status`
    const bare = await post(office, path, { action: 'return', note: '' })
    assert.equal(bare.status, 422)
    assert.match(bare.text, /请填写退回意见/)
    assert.equal((await post(office, path, { action: 'return', note: '请补充主讲人' })).status, 302)
    const page = await office.get(`/open-days/${openDay.id}`)
    assert.match(page.text, /退回意见：请补充主讲人/)
    assert.equal((await db.openDay.findUniqueOrThrow({ where: { id: openDay.id } })).status, 'draft')
  })

  it('turns a double click into one history row', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const openDay = await createOpenDay(branchId)
    const page = await agent.get(`/open-days/${openDay.id}`)
    const token = csrfOf(page.text)
    const send = () => agent.post(`/open-days/${openDay.id}/status`).type('form').send({ _csrf: token, action: 'submit' })
    const results = await Promise.all([send(), send()])
    // the second is refused: 422 (it read the new status) or, when it read before the first committed, 409
    const [won, lost] = results.map((r) => r.status).sort()
    assert.equal(won, 302)
    assert.ok(lost === 422 || lost === 409, String(lost))
    assert.equal(await db.openDayStatusChange.count({ where: { openDayId: openDay.id } }), 1)
  })
})

describe('GET /open-days and /calendar', () => {
  it('filters the list by year, branch and status', async () => {
    const { agent } = await loginAsViewer()
    const branch = await createBranch({ name: '筛选测试党支部' })
    await createOpenDay(branch.id, { theme: '二〇三三年的', date: '2033-01-10', status: 'approved' })
    await createOpenDay(branch.id, { theme: '二〇三四年的', date: '2034-01-10', status: 'approved' })
    const res = await agent.get(`/open-days?year=2033&branchId=${branch.id}&status=approved`)
    assert.equal(res.status, 200)
    assert.match(res.text, /二〇三三年的/)
    assert.doesNotMatch(res.text, /二〇三四年的/)
    assert.equal((await agent.get('/open-days?year=abc')).status, 400)
  })

  it('draws a Monday-first month with the open day on its date', async () => {
    const { agent } = await loginAsViewer()
    const branch = await createBranch()
    await createOpenDay(branch.id, { theme: '日历上的开放日', date: '2035-03-14', status: 'approved' })
    const res = await agent.get('/calendar?month=2035-03')
    assert.equal(res.status, 200)
    assert.match(res.text, /星期一<\/div><div role="columnheader">星期二/)
    assert.match(res.text, /data-date="2035-03-14">[\s\S]*?日历上的开放日/)
    assert.equal((await agent.get('/calendar?month=2035-13')).status, 400)
  })
})

describe('iCalendar', () => {
  it('serves a public feed of published open days only, with Shanghai times', async () => {
    const branch = await createBranch({ name: '订阅测试党支部' })
    await createOpenDay(branch.id, { theme: '已批准的', date: new Date().toISOString().slice(0, 10), status: 'approved' })
    await createOpenDay(branch.id, { theme: '还是草稿', status: 'draft' })
    const res = await anonymous().get('/calendar.ics')
    assert.equal(res.status, 200)
    assert.match(res.headers['content-type'], /text\/calendar/)
    assert.match(res.text, /BEGIN:VCALENDAR/)
    assert.match(res.text, /TZID:Asia\/Shanghai/)
    assert.match(res.text, /DTSTART;TZID=Asia\/Shanghai:\d{8}T143000\r\n/)
    assert.match(res.text, /DTSTAMP:\d{8}T\d{6}Z\r\n/)
    assert.match(res.text, /已批准的/)
    assert.doesNotMatch(res.text, /还是草稿/)
  })

  it('can be turned off in the settings', async () => {
    const { agent } = await loginAsOffice()
    const res = await post(agent, '/settings', { officeName: '机关党委', attendanceThreshold: '80', commentCriteria: '形式、主题' })
    assert.equal(res.status, 302)
    assert.equal((await anonymous().get('/calendar.ics')).status, 404)
    await post(agent, '/settings', { officeName: '机关党委', attendanceThreshold: '80', commentCriteria: '形式、主题', icsFeedEnabled: '1' })
    assert.equal((await anonymous().get('/calendar.ics')).status, 200)
  })

  it('downloads one open day as .ics for a logged-in user', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const openDay = await createOpenDay(branchId, { theme: '单个下载' })
    const res = await agent.get(`/open-days/${openDay.id}/calendar.ics`)
    assert.equal(res.status, 200)
    assert.match(res.text, /SUMMARY:【支部开放日】.*单个下载/)
  })
})

describe('GET / (dashboard)', () => {
  it('shows the party office what awaits approval', async () => {
    const branch = await createBranch()
    await createOpenDay(branch.id, { theme: '等待审批的', status: 'submitted' })
    const { agent } = await loginAsOffice()
    const res = await agent.get('/')
    assert.match(res.text, /待审批/)
    assert.match(res.text, /等待审批的/)
  })

  it('shows a secretary only their own branch', async () => {
    const other = await createBranch()
    await createOpenDay(other.id, { theme: '别的支部的草稿' })
    const { agent, branchId } = await loginAsSecretary()
    await createOpenDay(branchId, { theme: '自己的草稿' })
    const res = await agent.get('/')
    assert.match(res.text, /自己的草稿/)
    assert.doesNotMatch(res.text, /别的支部的草稿/)
  })
})

import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { anonymous, csrfOf, type Agent } from '../helpers/http.ts'
import { mark, secretaryWithEvent } from '../helpers/attendance.ts'
import { signInLimits } from '../../src/attendance/limits.ts'

/** a phone: open the page, then tap 签到 with a name picked (a closed page has no form: a form opened earlier) */
async function tap(phone: Agent, token: string, memberId: number | string, from = `/s/${token}`) {
  const page = await phone.get(from)
  return phone.post(`/s/${token}`).type('form').send({ _csrf: csrfOf(page.text), memberId: String(memberId) })
}

describe('GET /s/:token', () => {
  it('lists the branch’s expected members with big buttons, without the app’s header', async () => {
    const { openDay, members, branchId } = await secretaryWithEvent()
    await db.member.create({ data: { branchId, name: '早已转出', transferredOutAt: new Date('2020-01-01') } })
    const res = await anonymous().get(`/s/${openDay.signInToken}`)
    assert.equal(res.status, 200)
    assert.match(res.text, /请选择您的姓名/)
    for (const m of members) assert.ok(res.text.includes(`value="${m.id}"`), m.name)
    assert.doesNotMatch(res.text, /早已转出/)
    assert.doesNotMatch(res.text, /site-header/)
    assert.match(res.text, /<button class="button primary block big" type="submit">签到<\/button>/)
  })

  it('says 链接无效 (404) for an unknown token', async () => {
    const res = await anonymous().get('/s/not-a-token')
    assert.equal(res.status, 404)
    assert.match(res.text, /链接无效/)
    assert.doesNotMatch(res.text, /请选择您的姓名/)
  })

  it('is not open yet more than two hours before the start, closed after the day and when cancelled or final', async () => {
    const early = await secretaryWithEvent({ startsInHours: 3 })
    const res = await anonymous().get(`/s/${early.openDay.signInToken}`)
    assert.equal(res.status, 200)
    assert.match(res.text, /签到尚未开始/)
    assert.doesNotMatch(res.text, /请选择您的姓名/)
    // run mode opens it early
    await db.openDay.update({ where: { id: early.openDay.id }, data: { signInOpen: true } })
    assert.match((await anonymous().get(`/s/${early.openDay.signInToken}`)).text, /请选择您的姓名/)

    const soon = await secretaryWithEvent({ startsInHours: 1.5 })
    assert.match((await anonymous().get(`/s/${soon.openDay.signInToken}`)).text, /请选择您的姓名/)

    const past = await secretaryWithEvent({ startsInHours: -72, status: 'held' })
    assert.match((await anonymous().get(`/s/${past.openDay.signInToken}`)).text, /签到已结束/)
    const tapped = await tap(anonymous(), past.openDay.signInToken, past.members[0].id, '/login')
    assert.equal(tapped.status, 409)
    assert.match(tapped.text, /签到已结束/)
    assert.equal(await db.attendance.count({ where: { openDayId: past.openDay.id } }), 0)

    const cancelled = await secretaryWithEvent({ status: 'cancelled' })
    await db.openDay.update({ where: { id: cancelled.openDay.id }, data: { signInOpen: true } })
    assert.match((await anonymous().get(`/s/${cancelled.openDay.signInToken}`)).text, /本次开放日已取消/)
    const final = await secretaryWithEvent({ status: 'reviewed' })
    assert.match((await anonymous().get(`/s/${final.openDay.signInToken}`)).text, /签到已结束/)
  })
})

describe('POST /s/:token', () => {
  it('signs a member in once: present, via self, now; a second tap or phone says when', async () => {
    const { openDay, members, agent, base } = await secretaryWithEvent()
    const [a] = members
    const res = await tap(anonymous(), openDay.signInToken, a.id)
    assert.equal(res.status, 303)
    assert.equal(res.headers.location, `/s/${openDay.signInToken}/m/${a.id}`)
    const row = await db.attendance.findUniqueOrThrow({ where: { openDayId_memberId: { openDayId: openDay.id, memberId: a.id } } })
    assert.equal(row.status, 'present')
    assert.equal(row.signedInVia, 'self')
    assert.ok(row.signedInAt && Math.abs(row.signedInAt.getTime() - Date.now()) < 10_000)
    const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai' }).format(row.signedInAt)
    assert.match((await anonymous().get(res.headers.location)).text, new RegExp(`已签到 ${time}`))
    const version = (await db.openDay.findUniqueOrThrow({ where: { id: openDay.id } })).runVersion

    const again = await tap(anonymous(), openDay.signInToken, a.id)
    assert.equal(again.status, 303)
    assert.equal(again.headers.location, `/s/${openDay.signInToken}/m/${a.id}?again=1`)
    assert.match((await anonymous().get(again.headers.location)).text, new RegExp(`已于 ${time} 签到`))
    assert.equal(await db.attendance.count({ where: { openDayId: openDay.id } }), 1)
    const same = await db.attendance.findUniqueOrThrow({ where: { id: row.id } })
    assert.equal(same.signedInAt?.getTime(), row.signedInAt.getTime())
    assert.equal((await db.openDay.findUniqueOrThrow({ where: { id: openDay.id } })).runVersion, version)

    // the name list shows them signed in; the secretary's page counts them
    assert.match((await anonymous().get(`/s/${openDay.signInToken}`)).text, new RegExp(`value="${a.id}" disabled> <span>${a.name} <small>已签到 ${time}`))
    assert.match((await agent.get(base)).text, /<dt>实到<\/dt><dd><strong data-present>1<\/strong>/)
  })

  it('turns a member the secretary marked 请假 into present when they sign in after all', async () => {
    const { openDay, members } = await secretaryWithEvent()
    await mark(openDay.id, members[1].id, { status: 'leave', leaveReason: 'personal' })
    assert.equal((await tap(anonymous(), openDay.signInToken, members[1].id)).status, 303)
    const row = await db.attendance.findUniqueOrThrow({ where: { openDayId_memberId: { openDayId: openDay.id, memberId: members[1].id } } })
    assert.deepEqual([row.status, row.leaveReason, row.signedInVia], ['present', null, 'self'])
  })

  it('asks for a name (422) and refuses another branch’s member', async () => {
    const { openDay } = await secretaryWithEvent()
    const other = await secretaryWithEvent()
    const none = await tap(anonymous(), openDay.signInToken, '')
    assert.equal(none.status, 422)
    assert.match(none.text, /请先选择您的姓名/)
    const stranger = await tap(anonymous(), openDay.signInToken, other.members[0].id)
    assert.equal(stranger.status, 422)
    assert.match(stranger.text, /请从名单中选择您的姓名/)
    assert.equal(await db.attendance.count({ where: { openDayId: openDay.id } }), 0)
  })

  it('limits taps per address', async () => {
    const { openDay, members } = await secretaryWithEvent()
    const phone = anonymous()
    const statuses: number[] = []
    for (let i = 0; i <= signInLimits.perIp; i++) statuses.push((await tap(phone, openDay.signInToken, members[0].id)).status)
    assert.equal(statuses.at(-1), 429)
    const limited = await tap(phone, openDay.signInToken, members[1].id)
    assert.equal(limited.status, 429)
    assert.match(limited.text, /签到提交太频繁/)
    assert.equal(await db.attendance.count({ where: { openDayId: openDay.id, memberId: members[1].id } }), 0)
  })
})

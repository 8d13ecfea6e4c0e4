import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { createMember, createOpenDay } from '../helpers/factories.ts'
import { loginAsOffice, loginAsSecretary, loginAsViewer } from '../helpers/http.ts'
import { mark, post, secretaryWithEvent, seenFields } from '../helpers/attendance.ts'
import { attendanceSummary } from '../../src/attendance/service.ts'
import { saveSettings, getSettings } from '../../src/settings/service.ts'

const rowsOf = (openDayId: number) => db.attendance.findMany({ where: { openDayId }, orderBy: { memberId: 'asc' } })

describe('attendanceSummary', () => {
  it('counts expected and present members by standing, the rate, and the threshold', async () => {
    const { openDay, members, branchId } = await secretaryWithEvent({
      members: [{ name: '甲' }, { name: '乙' }, { name: '丙' }, { name: '丁', standing: 'probationary' }, { name: '戊', standing: 'probationary' }],
    })
    const [a, b, c, d] = members
    // left the branch before the event: not expected; left after it started: still expected
    await db.member.create({ data: { branchId, name: '已转出', transferredOutAt: new Date(openDay.startsAt.getTime() - 86400000) } })
    const later = await db.member.create({ data: { branchId, name: '会后转出', transferredOutAt: new Date(openDay.endsAt.getTime() + 86400000) } })
    await mark(openDay.id, a.id, { status: 'present', signedInVia: 'self', signedInAt: new Date() })
    await mark(openDay.id, b.id, { status: 'present' })
    await mark(openDay.id, d.id, { status: 'present' })
    await mark(openDay.id, c.id, { status: 'leave', leaveReason: 'sick' })
    await db.attendee.create({ data: { openDayId: openDay.id, name: '赵积极', kind: 'activist' } })

    const s = await attendanceSummary(openDay.id)
    assert.deepEqual(s.expected, { full: 4, probationary: 2, total: 6 })
    assert.deepEqual(s.present, { full: 2, probationary: 1, total: 3 })
    assert.equal(s.rate, 0.5)
    assert.equal(s.threshold, 80)
    assert.equal(s.belowThreshold, true)
    assert.deepEqual(s.members.map((m) => m.name), ['甲', '乙', '丙', '丁', '戊', '会后转出'])
    assert.deepEqual(s.absentees.map((m) => [m.name, m.status]), [['丙', 'leave'], ['戊', 'unmarked'], ['会后转出', 'unmarked']])
    assert.equal(s.absentees[0].leaveReasonLabel, '病假')
    assert.equal(s.members[0].signedInVia, 'self')
    assert.deepEqual(s.attendees.map((x) => [x.name, x.kind, x.kindLabel]), [['赵积极', 'activist', '入党积极分子']])
    assert.ok(later)
  })

  it('is not below the threshold at exactly the threshold, and follows the setting', async () => {
    const { openDay, members } = await secretaryWithEvent({ members: [{ name: '一' }, { name: '二' }, { name: '三' }, { name: '四' }, { name: '五' }] })
    for (const m of members.slice(0, 4)) await mark(openDay.id, m.id, { status: 'present' })
    const s = await attendanceSummary(openDay.id)
    assert.equal(s.rate, 0.8)
    assert.equal(s.belowThreshold, false)
    const settings = await getSettings()
    await saveSettings({ ...settings, attendanceThreshold: 90 })
    try {
      const t = await attendanceSummary(openDay.id)
      assert.equal(t.threshold, 90)
      assert.equal(t.belowThreshold, true)
    } finally {
      await saveSettings(settings)
    }
  })

  it('has no rate when nobody is expected', async () => {
    const { openDay } = await secretaryWithEvent({ members: [] })
    const s = await attendanceSummary(openDay.id)
    assert.equal(s.rate, null)
    assert.equal(s.belowThreshold, false)
  })
})

describe('GET /open-days/:id/attendance', () => {
  it('shows the counts, the warning below the threshold, the table and the sign-in QR link', async () => {
    const { agent, openDay, members, base } = await secretaryWithEvent()
    await mark(openDay.id, members[0].id, { status: 'present' })
    const res = await agent.get(base)
    assert.equal(res.status, 200)
    assert.match(res.text, /<dt>应到<\/dt><dd><strong>3<\/strong> 人 <span class="muted">正式 2 · 预备 1<\/span>/)
    assert.match(res.text, /<dt>实到<\/dt><dd><strong data-present>1<\/strong>/)
    assert.match(res.text, /出勤率 33\.3%，低于 80% 的要求/)
    assert.ok(res.text.includes(`src="${base}/qr.svg"`))
    assert.ok(res.text.includes(`/s/${openDay.signInToken}"`))
    assert.match(res.text, new RegExp(`name="status-${members[0].id}" value="present" checked`))
    const qr = await agent.get(`${base}/qr.svg`)
    assert.equal(qr.type, 'image/svg+xml')
    assert.match(qr.body.toString(), /<svg[^>]*>.*<path/s)
  })

  it('lets viewers and the office read, but not another branch’s secretary', async () => {
    const { base } = await secretaryWithEvent()
    const { agent: viewer } = await loginAsViewer()
    const page = await viewer.get(base)
    assert.equal(page.status, 200)
    assert.doesNotMatch(page.text, /保存出勤/)
    const { agent: office } = await loginAsOffice()
    assert.match((await office.get(base)).text, /保存出勤/)
    const { agent: stranger } = await loginAsSecretary()
    assert.equal((await stranger.get(base)).status, 403)
    assert.equal((await stranger.get(`${base}/qr.svg`)).status, 403)
    assert.equal((await stranger.get(`${base}/sheet`)).status, 403)
  })
})

describe('POST /open-days/:id/attendance', () => {
  it('saves present, leave with reason and absent in one go, with one history entry', async () => {
    const { agent, openDay, members, base } = await secretaryWithEvent()
    const [a, b, c] = members
    const seen = await seenFields(agent, base)
    const fields = { ...seen, [`status-${a.id}`]: 'present', [`status-${b.id}`]: 'leave', [`reason-${b.id}`]: 'business', [`note-${b.id}`]: '赴省里开会', [`status-${c.id}`]: 'absent' }
    const res = await post(agent, base, fields)
    assert.equal(res.status, 302)
    assert.equal(res.headers.location, base)
    const rows = await rowsOf(openDay.id)
    assert.deepEqual(rows.map((r) => [r.memberId, r.status, r.leaveReason, r.note, r.signedInVia]), [
      [a.id, 'present', null, null, 'secretary'],
      [b.id, 'leave', 'business', '赴省里开会', null],
      [c.id, 'absent', null, null, null],
    ])
    const logs = await db.editLog.findMany({ where: { openDayId: openDay.id } })
    assert.equal(logs.length, 1)
    assert.match(logs[0].subject, /出勤登记（3 人）/)
    assert.deepEqual(JSON.parse(logs[0].changes).map((c: { label: string; to: string }) => [c.label, c.to]), [
      ['张建国', '出席（书记登记）'],
      ['李红梅', '请假（公差：赴省里开会）'],
      ['王志强', '缺席'],
    ])
    const version = (await db.openDay.findUniqueOrThrow({ where: { id: openDay.id } })).runVersion
    assert.equal(version, openDay.runVersion + 1)

    // the same form again (a double submit): still one row each, nothing changed, no new history
    const again = await post(agent, base, fields)
    assert.equal(again.status, 302)
    assert.equal((await rowsOf(openDay.id)).length, 3)
    assert.equal(await db.editLog.count({ where: { openDayId: openDay.id } }), 1)
  })

  it('re-renders with the typed values and a Chinese error when a leave has no reason (422)', async () => {
    const { agent, openDay, members, base } = await secretaryWithEvent()
    const [a, b] = members
    const seen = await seenFields(agent, base)
    const res = await post(agent, base, { ...seen, [`status-${a.id}`]: 'present', [`status-${b.id}`]: 'leave', [`note-${b.id}`]: '家中有事' })
    assert.equal(res.status, 422)
    assert.match(res.text, /请选择请假原因/)
    assert.match(res.text, new RegExp(`name="status-${b.id}" value="leave" checked`))
    assert.match(res.text, new RegExp(`name="status-${a.id}" value="present" checked`))
    assert.match(res.text, /value="家中有事"/)
    assert.equal((await rowsOf(openDay.id)).length, 0)
  })

  it('refuses a stale form that would undo a sign-in made after the page was rendered, showing both values', async () => {
    const { agent, openDay, members, base } = await secretaryWithEvent()
    const [a, b] = members
    await mark(openDay.id, a.id, { status: 'absent' })
    const seen = await seenFields(agent, base)
    // meanwhile a member signs in from a phone
    await db.attendance.update({ where: { openDayId_memberId: { openDayId: openDay.id, memberId: a.id } }, data: { status: 'present', signedInVia: 'self', signedInAt: new Date() } })
    const res = await post(agent, base, { ...seen, [`status-${a.id}`]: 'absent', [`status-${b.id}`]: 'present' })
    assert.equal(res.status, 409)
    assert.match(res.text, /本次未保存/)
    assert.match(res.text, /张建国：打开本页后已变为“出席（扫码签到 \d\d:\d\d）”，您提交的是“缺席”/)
    // the row now shows the stored value, so saving again keeps the sign-in
    assert.match(res.text, new RegExp(`name="status-${a.id}" value="present" checked`))
    const rows = await rowsOf(openDay.id)
    assert.deepEqual(rows.map((r) => [r.memberId, r.status]), [[a.id, 'present']])

    // the re-rendered form carries fresh fingerprints: submitting it saves
    const fresh = [...res.text.matchAll(/name="(seen-\d+)" value="([^"]+)"/g)].map((m) => [m[1], m[2]])
    const ok = await post(agent, base, { ...Object.fromEntries(fresh), [`status-${a.id}`]: 'present', [`status-${b.id}`]: 'present' })
    assert.equal(ok.status, 302)
    const after = await rowsOf(openDay.id)
    assert.deepEqual(after.map((r) => [r.status, r.signedInVia]), [['present', 'self'], ['present', 'secretary']])
  })

  it('accepts a stale row that the form does not change, and corrects a sign-in on purpose', async () => {
    const { agent, openDay, members, base } = await secretaryWithEvent()
    const [a] = members
    await mark(openDay.id, a.id, { status: 'present', signedInVia: 'self', signedInAt: new Date() })
    const seen = await seenFields(agent, base)
    const res = await post(agent, base, { ...seen, [`status-${a.id}`]: 'absent', [`note-${a.id}`]: '代签，本人未到' })
    assert.equal(res.status, 302)
    const [row] = await rowsOf(openDay.id)
    assert.deepEqual([row.status, row.signedInVia, row.signedInAt, row.note], ['absent', null, null, '代签，本人未到'])
  })

  it('is refused for a viewer, another branch’s secretary, and a final record', async () => {
    const { openDay, members, base, agent } = await secretaryWithEvent()
    const fields = { [`seen-${members[0].id}`]: 'x', [`status-${members[0].id}`]: 'present' }
    const { agent: viewer } = await loginAsViewer()
    assert.equal((await post(viewer, base, fields)).status, 403)
    const { agent: stranger } = await loginAsSecretary()
    assert.equal((await post(stranger, base, fields)).status, 403)
    await db.openDay.update({ where: { id: openDay.id }, data: { status: 'reviewed' } })
    const seen = await seenFields(agent, base)
    const locked = await post(agent, base, { ...seen, [`status-${members[0].id}`]: 'present' })
    assert.equal(locked.status, 422)
    assert.match(locked.text, /已定稿锁定/)
    assert.equal((await rowsOf(openDay.id)).length, 0)
  })
})

describe('POST /open-days/:id/attendance/all-present', () => {
  it('marks only the unmarked members present, once', async () => {
    const { agent, openDay, members, base } = await secretaryWithEvent()
    await mark(openDay.id, members[1].id, { status: 'leave', leaveReason: 'sick' })
    assert.equal((await post(agent, `${base}/all-present`)).status, 302)
    assert.equal((await post(agent, `${base}/all-present`)).status, 302)
    const rows = await rowsOf(openDay.id)
    assert.deepEqual(rows.map((r) => r.status), ['present', 'leave', 'present'])
    assert.equal(await db.editLog.count({ where: { openDayId: openDay.id } }), 1)
  })
})

describe('列席 attendees', () => {
  it('adds an attendee once (double submit), and removes them', async () => {
    const { agent, openDay, base } = await secretaryWithEvent()
    const fields = { for: 'attendees', name: '赵小青', unit: '财务处', kind: 'activist' }
    const res = await post(agent, `${base}/attendees`, fields)
    assert.equal(res.status, 302)
    assert.equal(res.headers.location, `${base}#attendees`)
    await post(agent, `${base}/attendees`, fields)
    const list = await db.attendee.findMany({ where: { openDayId: openDay.id } })
    assert.deepEqual(list.map((a) => [a.name, a.unit, a.kind]), [['赵小青', '财务处', 'activist']])
    assert.match((await agent.get(base)).text, /赵小青<\/strong> · 财务处 <span class="muted">（入党积极分子）/)
    assert.equal((await post(agent, `${base}/attendees/${list[0].id}/delete`)).status, 302)
    assert.equal(await db.attendee.count({ where: { openDayId: openDay.id } }), 0)
    assert.equal(await db.editLog.count({ where: { openDayId: openDay.id } }), 2)
  })

  it('keeps the typed values with errors (422) and refuses viewers and other branches', async () => {
    const { agent, openDay, base } = await secretaryWithEvent()
    const bad = await post(agent, `${base}/attendees`, { for: 'attendees', name: '', unit: '宣传部', kind: 'nobody' })
    assert.equal(bad.status, 422)
    assert.match(bad.text, /请填写姓名/)
    assert.match(bad.text, /请选择列席类别/)
    assert.match(bad.text, /value="宣传部"/)
    const fields = { name: '钱多多', kind: 'guest' }
    assert.equal((await post((await loginAsViewer()).agent, `${base}/attendees`, fields)).status, 403)
    assert.equal((await post((await loginAsSecretary()).agent, `${base}/attendees`, fields)).status, 403)
    await db.openDay.update({ where: { id: openDay.id }, data: { status: 'reviewed' } })
    assert.equal((await post(agent, `${base}/attendees`, fields)).status, 409)
    assert.equal(await db.attendee.count({ where: { openDayId: openDay.id } }), 0)
  })
})

describe('补课 make-up', () => {
  it('lists the absentees after the event and records, then clears, when each made it up', async () => {
    const { agent, openDay, members, base } = await secretaryWithEvent({ status: 'held', startsInHours: -30 })
    const [a, b, c] = members
    await mark(openDay.id, a.id, { status: 'present' })
    await mark(openDay.id, b.id, { status: 'leave', leaveReason: 'business' })
    const page = await agent.get(base)
    assert.match(page.text, /补课登记/)
    assert.ok(page.text.includes(`id="make-up-${b.id}"`))
    assert.ok(page.text.includes(`id="make-up-${c.id}"`))
    assert.ok(!page.text.includes(`id="make-up-${a.id}"`))

    const day = new Date(Date.now() + 86400000).toISOString().slice(0, 10)
    const res = await post(agent, `${base}/make-up/${b.id}`, { for: `makeup-${b.id}`, madeUpOn: day, madeUpNote: '书记单独辅导学习' })
    assert.equal(res.status, 302)
    // an unmarked member gets a row, marked absent
    assert.equal((await post(agent, `${base}/make-up/${c.id}`, { madeUpOn: day })).status, 302)
    const rows = await rowsOf(openDay.id)
    assert.deepEqual(rows.map((r) => [r.status, r.madeUpOn, r.madeUpNote]), [['present', null, null], ['leave', day, '书记单独辅导学习'], ['absent', day, null]])
    assert.match((await agent.get(base)).text, new RegExp(`已于 ${day} 补课：书记单独辅导学习`))

    assert.equal((await post(agent, `${base}/make-up/${b.id}/clear`)).status, 302)
    const cleared = await db.attendance.findUniqueOrThrow({ where: { openDayId_memberId: { openDayId: openDay.id, memberId: b.id } } })
    assert.deepEqual([cleared.madeUpOn, cleared.madeUpNote, cleared.status], [null, null, 'leave'])
  })

  it('keeps the typed values on a bad date (422), refuses before the event ends and for a present member', async () => {
    const { agent, openDay, members, base } = await secretaryWithEvent({ status: 'held', startsInHours: -30 })
    const bad = await post(agent, `${base}/make-up/${members[1].id}`, { for: `makeup-${members[1].id}`, madeUpOn: '2020-13-45', madeUpNote: '补学党章' })
    assert.equal(bad.status, 422)
    assert.match(bad.text, /补课日期格式应为 YYYY-MM-DD/)
    assert.match(bad.text, /value="补学党章"/)
    const early = await post(agent, `${base}/make-up/${members[1].id}`, { madeUpOn: '2000-01-01' })
    assert.equal(early.status, 422)
    assert.match(early.text, /补课日期不能早于开放日当天/)
    await mark(openDay.id, members[0].id, { status: 'present' })
    assert.equal((await post(agent, `${base}/make-up/${members[0].id}`, { madeUpOn: '2099-01-01' })).status, 422)

    const running = await secretaryWithEvent({ status: 'approved' })
    const notYet = await post(running.agent, `${running.base}/make-up/${running.members[0].id}`, { madeUpOn: '2099-01-01' })
    assert.equal(notYet.status, 422)
    assert.match(notYet.text, /开放日结束后才能登记补课/)
    assert.equal(await db.attendance.count({ where: { openDayId: running.openDay.id } }), 0)
  })

  it('is refused for a viewer, another branch, and a final record', async () => {
    const { agent, openDay, members, base } = await secretaryWithEvent({ status: 'held', startsInHours: -30 })
    const path = `${base}/make-up/${members[1].id}`
    assert.equal((await post((await loginAsViewer()).agent, path, { madeUpOn: '2099-01-01' })).status, 403)
    assert.equal((await post((await loginAsSecretary()).agent, path, { madeUpOn: '2099-01-01' })).status, 403)
    await db.openDay.update({ where: { id: openDay.id }, data: { status: 'reviewed' } })
    assert.equal((await post(agent, path, { madeUpOn: '2099-01-01' })).status, 409)
    assert.equal(await db.attendance.count({ where: { openDayId: openDay.id } }), 0)
  })
})

describe('GET /open-days/:id/attendance/sheet', () => {
  it('prints the members with standing, blank lines for 列席, and the event at the top', async () => {
    const login = await loginAsSecretary()
    const openDay = await createOpenDay(login.branchId, { theme: '学习贯彻党章', place: '机关党员活动室', date: '2031-05-20' })
    await createMember(login.branchId, { name: '孙正式' })
    await createMember(login.branchId, { name: '周预备', standing: 'probationary' })
    const res = await login.agent.get(`/open-days/${openDay.id}/attendance/sheet`)
    assert.equal(res.status, 200)
    assert.match(res.text, /学习贯彻党章/)
    assert.match(res.text, /机关党员活动室/)
    assert.match(res.text, /2031年5月20日/)
    assert.match(res.text, /<th class="sheet-no">序号<\/th><th class="sheet-name">姓名<\/th><th class="sheet-standing">正式\/预备<\/th><th class="sheet-sign">签名<\/th><th>备注<\/th>/)
    assert.match(res.text, /<td class="sheet-no">1<\/td><td>孙正式<\/td><td>正式<\/td>/)
    assert.match(res.text, /<td class="sheet-no">2<\/td><td>周预备<\/td><td>预备<\/td>/)
    assert.equal(res.text.match(/class="sheet-blank"/g)?.length, 5)
    assert.match(res.text, /<button[^>]*data-print hidden>打印<\/button>/)
    assert.ok(res.text.includes('/public/js/print.js'))
  })
})

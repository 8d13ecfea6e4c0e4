import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { createMember, createOpenDay } from '../helpers/factories.ts'
import { loginAsSecretary, loginAsViewer, submit, type Agent } from '../helpers/http.ts'
import { local } from '../../src/lib/dates.ts'
import { ARTICLE_36 } from '../helpers/reading-text.ts'

/** an approved open day today (so run mode is the real run, not a rehearsal) with oath → reading → speeches,
 *  run by its branch's secretary */
async function event() {
  const { agent, branchId } = await loginAsSecretary()
  const openDay = await createOpenDay(branchId, { status: 'approved', date: local().format('YYYY-MM-DD'), start: '00:00', end: '23:59' })
  const seg = (position: number, kind: string, title: string, record = '{}') =>
    db.segment.create({ data: { openDayId: openDay.id, position, kind, title, plannedMinutes: 10, record } })
  const oath = await seg(1, 'oath', '重温入党誓词')
  const reading = await seg(2, 'reading', '诵读党章', JSON.stringify({ materialTitle: '《党章》第六章第三十六条', text: '党的各级领导干部必须信念坚定' }))
  const speeches = await seg(3, 'speeches', '交流发言')
  const zhao = await createMember(branchId, { name: '赵启洪' })
  const speech = await db.speech.create({ data: { segmentId: speeches.id, position: 1, kind: 'keynote', memberId: zhao.id, topic: '我为精准扶贫办实事' } })
  const base = `/open-days/${openDay.id}`
  return { agent, branchId, openDay, oath, reading, speeches, speech, base }
}

const act = (agent: Agent, base: string, path: string, fields: Record<string, string>) => submit(agent, `${base}/run/${path}`, fields, `${base}/run`)
const times = async (openDayId: number) =>
  (await db.segment.findMany({ where: { openDayId }, orderBy: { position: 'asc' } })).map((s) => [s.startedAt !== null, s.endedAt !== null])
const stage = async (agent: Agent, base: string) => (await agent.get(`${base}/projector.json`)).body as { version: string; html: string }

describe('run mode', () => {
  it('starts, advances and ends, stamping each segment once; a second tap changes nothing', async () => {
    const { agent, openDay, oath, reading, speeches, base } = await event()
    assert.equal((await agent.get(`${base}/run`)).status, 200)
    assert.equal((await act(agent, base, 'advance', { to: String(oath.id) })).status, 302)
    assert.deepEqual(await times(openDay.id), [[true, false], [false, false], [false, false]])
    await act(agent, base, 'advance', { from: String(oath.id), to: String(reading.id) })
    // the same button again (a double tap or a retry): reading is not skipped
    const again = await act(agent, base, 'advance', { from: String(oath.id), to: String(reading.id) })
    assert.equal(again.status, 302)
    assert.deepEqual(await times(openDay.id), [[true, true], [true, false], [false, false]])
    await act(agent, base, 'advance', { from: String(reading.id), to: String(speeches.id) })
    await act(agent, base, 'advance', { from: String(speeches.id) })
    assert.deepEqual(await times(openDay.id), [[true, true], [true, true], [true, true]])
    const rows = await db.segment.findMany({ where: { openDayId: openDay.id }, orderBy: { position: 'asc' } })
    assert.equal(rows[0].endedAt?.getTime(), rows[1].startedAt?.getTime())
    assert.ok((await db.openDay.findUniqueOrThrow({ where: { id: openDay.id } })).runVersion >= 4)
    assert.match((await agent.get(`${base}/run`)).text, /全部环节已完成/)
    assert.equal(await db.editLog.count({ where: { openDayId: openDay.id, subject: { startsWith: '主持模式' } } }), 4)
  })

  it('is refused to another branch’s secretary and viewers, and on a final record', async () => {
    const { base, oath, openDay, agent } = await event()
    const stranger = await loginAsSecretary()
    assert.equal((await stranger.agent.get(`${base}/run`)).status, 403)
    assert.equal((await act(stranger.agent, base, 'advance', { to: String(oath.id) })).status, 403)
    const viewer = await loginAsViewer()
    assert.equal((await viewer.agent.get(`${base}/run`)).status, 403)
    assert.equal((await viewer.agent.get(`${base}/projector`)).status, 200)
    assert.equal((await stranger.agent.get(`${base}/projector.json`)).status, 403)
    await db.openDay.update({ where: { id: openDay.id }, data: { status: 'reviewed' } })
    const locked = await act(agent, base, 'advance', { to: String(oath.id) })
    assert.equal(locked.status, 409)
    assert.match(locked.text, /已定稿锁定/)
    assert.equal((await db.segment.findUniqueOrThrow({ where: { id: oath.id } })).startedAt, null)
    await db.openDay.update({ where: { id: openDay.id }, data: { status: 'cancelled' } })
    const cancelled = await agent.get(`${base}/run`)
    assert.match(cancelled.text, /已取消/)
    assert.doesNotMatch(cancelled.text, /重新开启/)
  })

  it('warns that a draft open day is not approved yet', async () => {
    const { agent, base, openDay } = await event()
    assert.doesNotMatch((await agent.get(`${base}/run`)).text, /尚未批准/)
    await db.openDay.update({ where: { id: openDay.id }, data: { status: 'draft' } })
    assert.match((await agent.get(`${base}/run`)).text, /开放日尚未批准/)
  })

  it('answers a missing or tampered hidden field in Chinese', async () => {
    const { agent, base, oath } = await event()
    const res = await act(agent, base, 'notes', { segmentId: 'abc', version: '', summary: '留着的速记' })
    assert.equal(res.status, 422)
    assert.match(res.text, /页面已过期，请刷新后重新提交/)
    assert.doesNotMatch(res.text, /Invalid|expected/i)
    assert.equal((await act(agent, base, 'sign-in', { open: 'yes' })).status, 422)
    assert.equal((await db.segment.findUniqueOrThrow({ where: { id: oath.id } })).summary, '')
  })

  it('saves quick notes, and refuses stale ones with both texts', async () => {
    const { agent, base, oath } = await event()
    await act(agent, base, 'advance', { to: String(oath.id) })
    const json = (fields: Record<string, string>) => submit(agent, `${base}/run/notes`, fields, `${base}/run`).then((r) => r)
    const v = (await db.segment.findUniqueOrThrow({ where: { id: oath.id } })).version
    const first = await agent
      .post(`${base}/run/notes`)
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: (await agent.get(`${base}/run`)).text.match(/name="_csrf" value="([^"]+)"/)![1], segmentId: String(oath.id), version: String(v), summary: '全体党员面向党旗宣誓' })
    assert.equal(first.status, 200)
    assert.equal(first.body.version, v + 1)
    const stale = await json({ segmentId: String(oath.id), version: String(v), summary: '另一台电脑的速记' })
    assert.equal(stale.status, 409)
    assert.match(stale.text, /全体党员面向党旗宣誓/)
    assert.match(stale.text, /另一台电脑的速记/)
    assert.equal((await db.segment.findUniqueOrThrow({ where: { id: oath.id } })).summary, '全体党员面向党旗宣誓')
    // the next autosave of the same person's typing extends the same history row
    assert.equal((await json({ segmentId: String(oath.id), version: String(v + 1), summary: '全体党员面向党旗宣誓，李学良领誓' })).status, 302)
    const logs = await db.editLog.findMany({ where: { segmentId: oath.id, subject: { contains: '现场速记' } } })
    assert.equal(logs.length, 1)
    assert.deepEqual(JSON.parse(logs[0].changes), [{ label: '记录', from: '（空）', to: '全体党员面向党旗宣誓，李学良领誓' }])
  })
})

describe('the projector', () => {
  it('follows run mode: the oath text, the reading, the speaker, the sign-in and the comment QR codes', async () => {
    const { agent, base, oath, reading, speeches, speech } = await event()
    const before = await stage(agent, base)
    assert.match(before.html, /活动即将开始/)
    assert.deepEqual(await stage(agent, `${base}`).then((s) => s.version), before.version)
    const unchanged = await agent.get(`${base}/projector.json?v=${encodeURIComponent(before.version)}`)
    assert.deepEqual(unchanged.body, { version: before.version })

    await act(agent, base, 'advance', { to: String(oath.id) })
    const o = await stage(agent, base)
    assert.notEqual(o.version, before.version)
    assert.match(o.html, /我志愿加入中国共产党/)
    await act(agent, base, 'advance', { from: String(oath.id), to: String(reading.id) })
    assert.match((await stage(agent, base)).html, /党的各级领导干部必须信念坚定/)
    await act(agent, base, 'advance', { from: String(reading.id), to: String(speeches.id) })
    await act(agent, base, 'speaker', { speechId: String(speech.id) })
    const s = await stage(agent, base)
    assert.match(s.html, /赵启洪/)
    assert.match(s.html, /我为精准扶贫办实事/)

    await act(agent, base, 'sign-in', { open: '1' })
    const q = await stage(agent, base)
    assert.match(q.html, /attendance\/qr\.svg/)
    assert.match(q.html, /已签到 <strong>0<\/strong>/)
    await act(agent, base, 'sign-in', { open: '0' })
    assert.doesNotMatch((await stage(agent, base)).html, /qr\.svg/)
    assert.match((await agent.get(`${base}/projector`)).text, /赵启洪/)
    // the observers' comment QR code while 观摩点评 runs
    const comments = await db.segment.create({ data: { openDayId: speeches.openDayId, position: 4, kind: 'observer_comments', title: '观摩点评', plannedMinutes: 20 } })
    await act(agent, base, 'advance', { from: String(speeches.id), to: String(comments.id) })
    // commenting opens later: no QR code leads observers to a closed form
    await db.openDay.update({ where: { id: speeches.openDayId }, data: { commentsOpenAt: new Date(Date.now() + 3_600_000) } })
    assert.doesNotMatch((await stage(agent, base)).html, /observers\/qr\.svg/)
    assert.match((await agent.get(`${base}/run`)).text, /点评尚未开始.*投影不显示点评二维码/)
    await db.openDay.update({ where: { id: speeches.openDayId }, data: { commentsOpenAt: new Date(Date.now() - 60_000) } })
    const c = await stage(agent, base)
    assert.match(c.html, /observers\/qr\.svg/)
    assert.match(c.html, /请观摩同志扫码点评/)
    assert.doesNotMatch((await agent.get(`${base}/run`)).text, /投影不显示点评二维码/)
  })

  it('follows edits to the record it shows: the reading text and the speakers', async () => {
    const { agent, base, reading, speeches, speech } = await event()
    await act(agent, base, 'advance', { to: String(reading.id) })
    const before = await stage(agent, base)
    const url = `${base}/segments/${reading.id}/record`
    const v = (await db.segment.findUniqueOrThrow({ where: { id: reading.id } })).version
    assert.equal((await submit(agent, url, { version: String(v), startTime: '14:30', materialTitle: '《党章》第六章', text: '更正后的原文' }, url)).status, 302)
    const after = await stage(agent, base)
    assert.notEqual(after.version, before.version)
    assert.match(after.html, /更正后的原文/)
    const speechUrl = `${base}/segments/${speeches.id}/speeches/${speech.id}`
    assert.equal((await submit(agent, speechUrl, { kind: 'keynote', guestName: '王嘉宾', topic: '新的题目' }, `${base}/segments/${speeches.id}/record`)).status, 302)
    assert.notEqual((await stage(agent, base)).version, after.version)
  })

  it('pages a long reading: 下一页 in run mode turns the projector’s page and bumps its version; a new segment starts at page 1', async () => {
    const { agent, base, oath, reading, speeches } = await event()
    await db.segment.update({ where: { id: reading.id }, data: { record: JSON.stringify({ materialTitle: '《党章》第六章第三十六条', text: ARTICLE_36 }) } })
    await act(agent, base, 'advance', { to: String(oath.id) })
    assert.doesNotMatch((await agent.get(`${base}/run`)).text, /下一页/, 'the oath fits one page')
    await act(agent, base, 'advance', { from: String(oath.id), to: String(reading.id) })
    const host = (await agent.get(`${base}/run`)).text
    assert.match(host, /投影原文：第 <strong>1<\/strong> \/ 3 页/)
    const first = await stage(agent, base)
    assert.match(first.html, /第 1 \/ 3 页/)
    assert.match(first.html, /领导干部必须信念坚定/)
    assert.doesNotMatch(first.html, /（三）/)

    assert.equal((await act(agent, base, 'page', { page: '1' })).status, 302)
    // a double tap shows the same page, not the next
    await act(agent, base, 'page', { page: '1' })
    const second = await stage(agent, base)
    assert.notEqual(second.version, first.version)
    assert.match(second.html, /第 2 \/ 3 页/)
    assert.doesNotMatch(second.html, /领导干部必须信念坚定/)
    const unchanged = await agent.get(`${base}/projector.json?v=${encodeURIComponent(second.version)}`)
    assert.equal(unchanged.body.html, undefined)
    // a page past the end shows the last one; a bad page is refused
    await act(agent, base, 'page', { page: '7' })
    assert.match((await stage(agent, base)).html, /第 3 \/ 3 页/)
    assert.equal((await act(agent, base, 'page', { page: '-1' })).status, 422)
    await act(agent, base, 'advance', { from: String(reading.id), to: String(speeches.id) })
    assert.equal((await db.openDay.findFirstOrThrow({ where: { segments: { some: { id: reading.id } } } })).projectorPage, 0)
  })

  it('puts the segment on the projector in place of the sign-in QR code when the host starts it', async () => {
    const { agent, base, oath, openDay } = await event()
    await act(agent, base, 'sign-in', { open: '1' })
    assert.match((await stage(agent, base)).html, /attendance\/qr\.svg/)
    await act(agent, base, 'advance', { to: String(oath.id) })
    const s = await stage(agent, base)
    assert.doesNotMatch(s.html, /qr\.svg/)
    assert.match(s.html, /我志愿加入中国共产党/)
    assert.equal((await db.openDay.findUniqueOrThrow({ where: { id: openDay.id } })).signInOpen, false)
    assert.equal(await db.editLog.count({ where: { openDayId: openDay.id, subject: { contains: '收起签到二维码' } } }), 1)
  })

  it('logs a double tap on 请发言 once', async () => {
    const { agent, base, speeches, speech, openDay } = await event()
    await act(agent, base, 'advance', { to: String(speeches.id) })
    await act(agent, base, 'speaker', { speechId: String(speech.id) })
    const version = (await db.openDay.findUniqueOrThrow({ where: { id: openDay.id } })).runVersion
    assert.equal((await act(agent, base, 'speaker', { speechId: String(speech.id) })).status, 302)
    assert.equal((await db.openDay.findUniqueOrThrow({ where: { id: openDay.id } })).runVersion, version)
    assert.equal(await db.editLog.count({ where: { openDayId: openDay.id, subject: { startsWith: '主持模式：请' } } }), 1)
    // another speaker is a change, from one to the other
    const next = await db.speech.create({ data: { segmentId: speeches.id, position: 2, kind: 'exchange', guestName: '王嘉宾', topic: '交流体会' } })
    await act(agent, base, 'speaker', { speechId: String(next.id) })
    assert.equal((await db.openDay.findUniqueOrThrow({ where: { id: openDay.id } })).currentSpeechId, next.id)
    assert.equal(await db.editLog.count({ where: { openDayId: openDay.id, subject: { startsWith: '主持模式：请' } } }), 2)
    await act(agent, base, 'speaker', { speechId: '' })
    await act(agent, base, 'speaker', { speechId: '' })
    assert.equal(await db.editLog.count({ where: { openDayId: openDay.id, subject: '主持模式：清除当前发言人' } }), 1)
  })
})

import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { createMember, createOpenDay } from '../helpers/factories.ts'
import { loginAsSecretary, loginAsViewer, submit } from '../helpers/http.ts'

/** a secretary's approved open day with a speeches segment holding one exchange speaker */
async function withSpeech() {
  const { agent, branchId } = await loginAsSecretary()
  const openDay = await createOpenDay(branchId, { status: 'approved', date: '2030-06-12' })
  const segment = await db.segment.create({ data: { openDayId: openDay.id, position: 1, kind: 'speeches', title: '交流发言', plannedMinutes: 30 } })
  const member = await createMember(branchId, { name: '张文华' })
  const speech = await db.speech.create({ data: { segmentId: segment.id, position: 1, kind: 'exchange', memberId: member.id, topic: '扶贫路上的体会' } })
  const base = `/open-days/${openDay.id}/segments/${segment.id}`
  return { agent, openDay, segment, member, speech, base, record: `${base}/record`, speechUrl: `${base}/speeches/${speech.id}` }
}

describe('editing a speech', () => {
  it('saves a changed topic and logs it before → after', async () => {
    const { agent, openDay, speechUrl, record, member, speech } = await withSpeech()
    const edit = await agent.get(`${speechUrl}/edit`)
    assert.equal(edit.status, 200)
    assert.match(edit.text, /扶贫路上的体会/)
    const res = await submit(agent, speechUrl, { kind: 'exchange', memberId: String(member.id), topic: '驻村一年的收获', notes: '三点体会' }, record)
    assert.equal(res.status, 302)
    assert.equal((await db.speech.findUniqueOrThrow({ where: { id: speech.id } })).topic, '驻村一年的收获')
    const log = await db.editLog.findFirstOrThrow({ where: { openDayId: openDay.id }, orderBy: { id: 'desc' } })
    assert.match(log.changes, /扶贫路上的体会/)
    assert.match(log.changes, /驻村一年的收获/)
  })

  it('keeps what was typed next to a Chinese error on a too-long topic', async () => {
    const { agent, speechUrl, record, speech } = await withSpeech()
    const res = await submit(agent, speechUrl, { kind: 'exchange', guestName: '王嘉宾', topic: '长'.repeat(101), notes: '保留的要点' }, record)
    assert.equal(res.status, 422)
    assert.match(res.text, /发言题目/)
    assert.match(res.text, /保留的要点/)
    assert.match(res.text, /王嘉宾/)
    assert.equal((await db.speech.findUniqueOrThrow({ where: { id: speech.id } })).topic, '扶贫路上的体会')
  })
})

describe('speeches and the segment’s record form', () => {
  it('a speaker added on the spot does not make the open record form stale', async () => {
    const { agent, base, record, segment } = await withSpeech()
    await submit(agent, `${base}/speeches`, { kind: 'exchange', guestName: '王嘉宾', topic: '现场补充' }, record)
    assert.equal((await db.segment.findUniqueOrThrow({ where: { id: segment.id } })).version, 1)
    assert.equal((await submit(agent, record, { version: '1', summary: '交流热烈' }, record)).status, 302)
  })

  it('a speech of another segment is not found, with or without bad input', async () => {
    const { agent, openDay, speechUrl, record } = await withSpeech()
    const other = await db.segment.create({ data: { openDayId: openDay.id, position: 2, kind: 'speeches', title: '中心发言', plannedMinutes: 10 } })
    const foreign = speechUrl.replace(/segments\/\d+/, `segments/${other.id}`)
    assert.equal((await submit(agent, foreign, { kind: 'exchange', topic: '' }, record)).status, 404)
    assert.equal((await submit(agent, foreign, { kind: 'exchange', guestName: '王嘉宾', topic: '改题' }, record)).status, 404)
  })
})

describe('speeches refused', () => {
  it('to another branch’s secretary and to viewers', async () => {
    const { base, speechUrl, speech } = await withSpeech()
    const stranger = await loginAsSecretary()
    assert.equal((await submit(stranger.agent, `${base}/speeches`, { kind: 'exchange', guestName: '外人', topic: '越权' }, '/')).status, 403)
    assert.equal((await submit(stranger.agent, `${speechUrl}/delete`, {}, '/')).status, 403)
    const viewer = await loginAsViewer()
    assert.equal((await submit(viewer.agent, `${speechUrl}/move`, { direction: 'down' }, '/')).status, 403)
    assert.equal((await viewer.agent.get(`${speechUrl}/edit`)).status, 403)
    assert.equal(await db.speech.count({ where: { segmentId: speech.segmentId } }), 1)
  })

  it('on a final record, keeping the list as it was', async () => {
    const { agent, openDay, base, record, speech } = await withSpeech()
    const page = await agent.get(record)
    await db.openDay.update({ where: { id: openDay.id }, data: { status: 'reviewed' } })
    const csrf = page.text.match(/name="_csrf" value="([^"]+)"/)![1]
    const res = await agent.post(`${base}/speeches`).type('form').send({ _csrf: csrf, kind: 'exchange', guestName: '王嘉宾', topic: '定稿后补登' })
    assert.equal(res.status, 409)
    assert.match(res.text, /已定稿锁定/)
    const del = await agent.post(`${base}/speeches/${speech.id}/delete`).type('form').send({ _csrf: csrf })
    assert.equal(del.status, 409)
    // the edit page of a final record offers no form: back to the read-only list
    const edit = await agent.get(`${base}/speeches/${speech.id}/edit`)
    assert.equal(edit.status, 302)
    assert.match(edit.headers.location, /record#speeches$/)
    assert.equal(await db.speech.count({ where: { segmentId: speech.segmentId } }), 1)
  })
})

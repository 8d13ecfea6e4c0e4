import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { createMember, createOpenDay } from '../helpers/factories.ts'
import { findSessionUser } from '../../src/accounts/service.ts'
import { saveRecord } from '../../src/records/schemas.ts'
import { saveSegmentRecord } from '../../src/records/service.ts'
import { FormError } from '../../src/lib/errors.ts'
import { csrfOf, loginAsOffice, loginAsSecretary, loginAsViewer, submit, type Agent } from '../helpers/http.ts'

/** a secretary with an approved open day of their branch and one segment of `kind` */
async function withSegment(kind: string, extra: { record?: string } = {}) {
  const { agent, branchId, user } = await loginAsSecretary()
  const openDay = await createOpenDay(branchId, { status: 'approved', date: '2030-06-12' })
  const segment = await db.segment.create({ data: { openDayId: openDay.id, position: 1, kind, title: kind, plannedMinutes: 10, ...extra } })
  const url = `/open-days/${openDay.id}/segments/${segment.id}/record`
  return { agent, branchId, user, openDay, segment, url }
}

const save = (agent: Agent, url: string, fields: Record<string, string | string[]>) => submit(agent, url, fields, url)

describe('a segment record form', () => {
  it("saves the dues segment's times and notes, keeps figures typed before the register, and opens the register", async () => {
    const { agent, segment, url, openDay } = await withSegment('dues', { record: JSON.stringify({ legacyTotalFen: 128050, legacyPayers: 8 }) })
    const page = await agent.get(url)
    assert.match(page.text, new RegExp(`href="/open-days/${openDay.id}/dues">党费收缴登记表`))
    assert.doesNotMatch(page.text, /name="totalYuan"/, 'amounts are kept in the register, not in the segment')
    const res = await save(agent, url, { version: '1', startTime: '14:30', endTime: '14:40', totalYuan: '1', payers: '1', summary: '收缴10月党费' })
    assert.equal(res.status, 302)
    const saved = await db.segment.findUniqueOrThrow({ where: { id: segment.id } })
    assert.deepEqual(JSON.parse(saved.record), { legacyTotalFen: 128050, legacyPayers: 8 })
    assert.equal(saved.version, 2)
    assert.equal(saved.startedAt?.toISOString(), '2030-06-12T06:30:00.000Z')
    const log = await db.editLog.findFirstOrThrow({ where: { openDayId: openDay.id } })
    assert.match(log.changes, /实际开始/)
  })

  it('keeps what was typed next to a Chinese error on bad input', async () => {
    const { agent, url, segment } = await withSegment('dues')
    const res = await save(agent, url, { version: '1', startTime: '15:00', endTime: '14:00', summary: '现场记录不能丢' })
    assert.equal(res.status, 422)
    assert.match(res.text, /结束时间不能早于开始时间/)
    assert.match(res.text, /现场记录不能丢/)
    assert.equal((await db.segment.findUniqueOrThrow({ where: { id: segment.id } })).version, 1)
  })

  it('refuses a stale form with both versions shown, then saves on the second try', async () => {
    const { agent, url, segment } = await withSegment('reading')
    assert.equal((await save(agent, url, { version: '1', materialTitle: '《党章》第六章第三十六条', text: '记录人的版本' })).status, 302)
    const stale = await save(agent, url, { version: '1', materialTitle: '《党章》第六章', text: '书记的版本' })
    assert.equal(stale.status, 409)
    assert.match(stale.text, /该环节在您编辑期间已被他人修改/)
    assert.match(stale.text, /记录人的版本/)
    assert.match(stale.text, /书记的版本/)
    assert.match(stale.text, /name="version" value="2"/)
    assert.equal(JSON.parse((await db.segment.findUniqueOrThrow({ where: { id: segment.id } })).record).text, '记录人的版本')
    assert.equal((await save(agent, url, { version: '2', materialTitle: '《党章》第六章', text: '书记的版本' })).status, 302)
    assert.equal(JSON.parse((await db.segment.findUniqueOrThrow({ where: { id: segment.id } })).record).text, '书记的版本')
  })

  it('records the oath participants: everyone present, or the members ticked from the branch', async () => {
    const { agent, url, segment, branchId } = await withSegment('oath')
    const a = await createMember(branchId, { name: '甲' })
    const other = await createMember((await db.branch.create({ data: { name: '别的支部' } })).id)
    assert.equal((await save(agent, url, { version: '1', oathEveryone: '1' })).status, 302)
    assert.deepEqual(JSON.parse((await db.segment.findUniqueOrThrow({ where: { id: segment.id } })).record), { participantIds: null })
    const bad = await save(agent, url, { version: '2', participantIds: [String(other.id)] })
    assert.equal(bad.status, 422)
    assert.match(bad.text, /请从列表中选择本支部党员/)
    assert.equal((await save(agent, url, { version: '2', participantIds: [String(a.id)] })).status, 302)
    assert.deepEqual(JSON.parse((await db.segment.findUniqueOrThrow({ where: { id: segment.id } })).record), { participantIds: [a.id] })
  })

  it('keeps study materials and the concluding speech’s points as items', async () => {
    const study = await withSegment('study')
    const res = await save(study.agent, study.url, { version: '1', materialTitles: ['习近平关于扶贫工作论述摘编', ''], materialUrls: ['https://example.org/a', ''], keyPoints: '精准扶贫' })
    assert.equal(res.status, 302)
    assert.deepEqual(JSON.parse((await db.segment.findUniqueOrThrow({ where: { id: study.segment.id } })).record), {
      materials: [{ title: '习近平关于扶贫工作论述摘编', url: 'https://example.org/a' }],
      keyPoints: '精准扶贫',
    })
    const badUrl = await save(study.agent, study.url, { version: '2', materialTitles: ['材料'], materialUrls: ['javascript:alert(1)'] })
    assert.equal(badUrl.status, 422)
    assert.match(badUrl.text, /须以 http:\/\/ 或 https:\/\/ 开头/)

    const talk = await withSegment('concluding_speech')
    await save(talk.agent, talk.url, { version: '1', points: '形式好\n\n主题好\n 发言好 ' })
    assert.deepEqual(JSON.parse((await db.segment.findUniqueOrThrow({ where: { id: talk.segment.id } })).record), { points: ['形式好', '主题好', '发言好'] })
  })

  it('is refused to another branch’s secretary and to viewers, and read by viewers', async () => {
    const { url } = await withSegment('custom')
    const stranger = await loginAsSecretary()
    assert.equal((await stranger.agent.get(url)).status, 403)
    const viewer = await loginAsViewer()
    assert.equal((await viewer.agent.get(url)).status, 200)
    // with a valid token, so the 403 comes from the role check and not from the CSRF check
    const post = await viewer.agent.post(url).type('form').send({ _csrf: csrfOf((await viewer.agent.get(url)).text), version: '1', summary: '只读用户' })
    assert.equal(post.status, 403)
    assert.match(post.text, /没有权限/)
    assert.equal(await db.segment.count({ where: { summary: '只读用户' } }), 0)
  })

  it('refuses a final record and keeps what was typed', async () => {
    const { agent, url, openDay, segment } = await withSegment('custom')
    const page = await agent.get(url)
    await db.openDay.update({ where: { id: openDay.id }, data: { status: 'reviewed' } })
    const res = await agent.post(url).type('form').send({ _csrf: page.text.match(/name="_csrf" value="([^"]+)"/)![1], version: '1', summary: '定稿后补记' })
    assert.equal(res.status, 409)
    assert.match(res.text, /已定稿锁定/)
    assert.match(res.text, /定稿后补记/)
    assert.equal((await db.segment.findUniqueOrThrow({ where: { id: segment.id } })).summary, '')
  })
})

describe('a segment record form, submitted twice or tampered with', () => {
  it('treats a double submit of the same values as one save', async () => {
    const { agent, url, segment, openDay } = await withSegment('reading')
    const fields = { version: '1', materialTitle: '《党章》第六章第三十六条', text: '党的各级领导干部' }
    assert.equal((await save(agent, url, fields)).status, 302)
    assert.equal((await save(agent, url, fields)).status, 302)
    assert.equal((await db.segment.findUniqueOrThrow({ where: { id: segment.id } })).version, 2)
    assert.equal(await db.editLog.count({ where: { openDayId: openDay.id } }), 1)
  })

  it('answers a missing or tampered version in Chinese and keeps the text', async () => {
    const { agent, url } = await withSegment('custom')
    const res = await save(agent, url, { version: 'x', summary: '还在的记录' })
    assert.equal(res.status, 422)
    assert.match(res.text, /页面已过期，请刷新后重新提交/)
    assert.match(res.text, /还在的记录/)
  })

  it('limits the study materials', async () => {
    const { agent, url } = await withSegment('study')
    const res = await save(agent, url, { version: '1', materialTitles: Array.from({ length: 21 }, (_, i) => `材料${i}`), keyPoints: '要点留着' })
    assert.equal(res.status, 422)
    assert.match(res.text, /学习材料最多 20 项/)
    assert.match(res.text, /要点留着/)
    // the form's blank rows do not count: 19 materials and the 2 empty rows it offers save
    const ok = await save(agent, url, { version: '1', materialTitles: [...Array.from({ length: 19 }, (_, i) => `材料${i}`), '', ''], materialUrls: Array(21).fill('') })
    assert.equal(ok.status, 302)
    const bad = await save(agent, url, { version: '2', materialTitles: ['甲', '乙'], materialUrls: ['javascript:x', 'ftp://x'] })
    assert.match(bad.text, /第 1、2 个链接须以 http:\/\/ 或 https:\/\/ 开头/)
  })

  it('checks the lock again inside the save, for a review that lands after the route let it through', async () => {
    const { user, openDay, segment } = await withSegment('custom')
    await db.openDay.update({ where: { id: openDay.id }, data: { status: 'reviewed' } })
    const input = saveRecord.parse({ version: '1', summary: '晚到的保存' })
    const current = (await findSessionUser(user.id, Date.now()))!
    await assert.rejects(saveSegmentRecord(current, openDay, segment.id, input), (err: Error) => err instanceof FormError && /已定稿锁定/.test(err.message))
    assert.equal((await db.segment.findUniqueOrThrow({ where: { id: segment.id } })).summary, '')
  })

  it('says a cancelled open day is cancelled, not locked for review', async () => {
    const { agent, url, openDay } = await withSegment('custom')
    const page = await agent.get(url)
    await db.openDay.update({ where: { id: openDay.id }, data: { status: 'cancelled' } })
    const res = await agent.post(url).type('form').send({ _csrf: page.text.match(/name="_csrf" value="([^"]+)"/)![1], version: '1', summary: '取消后补记' })
    assert.equal(res.status, 409)
    assert.match(res.text, /此开放日已取消/)
    assert.doesNotMatch(res.text, /重新开启/)
    assert.match(res.text, /取消后补记/)
    assert.match((await agent.get(`/open-days/${openDay.id}/record`)).text, /此开放日已取消/)
  })
})

describe('speeches', () => {
  it('adds one keynote and exchange speakers, a double tap once, reorders and deletes', async () => {
    const { agent, url, segment, branchId } = await withSegment('speeches')
    const zhao = await createMember(branchId, { name: '赵启洪' })
    const zhang = await createMember(branchId, { name: '张文华' })
    const add = (fields: Record<string, string>) => submit(agent, `${url.replace('/record', '')}/speeches`, fields, url)
    assert.equal((await add({ kind: 'keynote', memberId: String(zhao.id), topic: '我为精准扶贫办实事' })).status, 302)
    assert.equal((await add({ kind: 'exchange', memberId: String(zhang.id), topic: '扶贫路上的体会' })).status, 302)
    assert.equal((await add({ kind: 'exchange', memberId: String(zhang.id), topic: '扶贫路上的体会' })).status, 302)
    assert.equal((await add({ kind: 'exchange', guestName: '王嘉宾', topic: '现场补充' })).status, 302)
    const second = await add({ kind: 'keynote', memberId: String(zhang.id), topic: '第二个中心发言' })
    assert.equal(second.status, 422)
    assert.match(second.text, /已有中心发言/)
    assert.match(second.text, /第二个中心发言/)
    const noSpeaker = await add({ kind: 'exchange', topic: '无名' })
    assert.match(noSpeaker.text, /请选择发言的党员，或填写嘉宾姓名/)

    let rows = await db.speech.findMany({ where: { segmentId: segment.id }, orderBy: { position: 'asc' } })
    assert.deepEqual(rows.map((r) => r.topic), ['我为精准扶贫办实事', '扶贫路上的体会', '现场补充'])
    const base = `${url.replace('/record', '')}/speeches/${rows[2].id}`
    assert.equal((await submit(agent, `${base}/move`, { direction: 'up' }, url)).status, 302)
    rows = await db.speech.findMany({ where: { segmentId: segment.id }, orderBy: { position: 'asc' } })
    assert.deepEqual(rows.map((r) => r.topic), ['我为精准扶贫办实事', '现场补充', '扶贫路上的体会'])
    assert.equal((await submit(agent, `${base}/delete`, {}, url)).status, 302)
    assert.equal((await submit(agent, `${base}/delete`, {}, url)).status, 302)
    assert.equal(await db.speech.count({ where: { segmentId: segment.id } }), 2)
    const page = await agent.get(url)
    assert.match(page.text, /赵启洪/)
    assert.match(page.text, /中心发言/)
  })
})

describe('the full-screen views and the history', () => {
  it('shows the oath text and the reading text in large type', async () => {
    const { agent, openDay } = await withSegment('oath')
    const oath = await agent.get(`/open-days/${openDay.id}/oath`)
    assert.equal(oath.status, 200)
    assert.match(oath.text, /我志愿加入中国共产党/)
    const reading = await withSegment('reading', { record: JSON.stringify({ materialTitle: '《党章》第六章第三十六条', text: '党的各级领导干部必须信念坚定' }) })
    const page = await reading.agent.get(`/open-days/${reading.openDay.id}/segments/${reading.segment.id}/reading`)
    assert.match(page.text, /《党章》第六章第三十六条/)
    assert.match(page.text, /党的各级领导干部必须信念坚定/)
  })

  it('lists who changed what to the office only', async () => {
    const { agent, url, openDay } = await withSegment('host_summary')
    await save(agent, url, { version: '1', summary: '小结：形式新颖' })
    assert.equal((await agent.get(`/open-days/${openDay.id}/history`)).status, 403)
    const office = await loginAsOffice()
    const page = await office.agent.get(`/open-days/${openDay.id}/history`)
    assert.equal(page.status, 200)
    assert.match(page.text, /环节“host_summary”的记录/)
    assert.match(page.text, /小结：形式新颖/)
    const overview = await office.agent.get(`/open-days/${openDay.id}/record`)
    assert.match(overview.text, /小结：形式新颖/)
  })
})

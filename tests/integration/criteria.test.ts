import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { createBranch } from '../helpers/factories.ts'
import { anonymous, csrfOf, loginAsOffice, loginAsSecretary, loginAsViewer, submit, type Agent } from '../helpers/http.ts'
import { scoresData, storedScores } from '../helpers/score-rows.ts'

const HOUR = 60 * 60 * 1000

async function criteriaForm(agent: Agent) {
  const page = await agent.get('/settings/criteria')
  assert.equal(page.status, 200)
  const criteria = await db.criterion.findMany({ orderBy: { position: 'asc' } })
  const fields: Record<string, string> = { _csrf: csrfOf(page.text) }
  for (const c of criteria) {
    Object.assign(fields, { [`name_${c.id}`]: c.name, [`weight_${c.id}`]: String(c.weight), [`position_${c.id}`]: String(c.position) })
    if (c.active) fields[`active_${c.id}`] = '1'
  }
  return { fields, byName: (name: string) => criteria.find((c) => c.name === name)! }
}

async function openDayWithComment() {
  const branch = await createBranch()
  const openDay = await db.openDay.create({
    data: { branchId: branch.id, theme: '评分项测试', startsAt: new Date(Date.now() - HOUR), endsAt: new Date(Date.now() + HOUR), place: '会议室', status: 'approved' },
  })
  const comment = await db.comment.create({
    data: { openDayId: openDay.id, idempotencyKey: randomUUID(), authorName: '甲', learnings: '好', criterionScores: await scoresData(db, { 形式: 5, 转化: 3 }) },
  })
  return { openDay, comment }
}

describe('设置 › 评分项 (/settings/criteria)', () => {
  it('renames a criterion and keeps every past score under the new name', async () => {
    const { agent } = await loginAsOffice()
    const { openDay, comment } = await openDayWithComment()
    const { fields, byName } = await criteriaForm(agent)
    const form = byName('形式')
    const res = await agent.post('/settings/criteria').type('form').send({ ...fields, [`name_${form.id}`]: '形式规范' })
    assert.equal(res.status, 302)
    assert.deepEqual(await storedScores(db, comment.id), { 形式规范: 5, 转化: 3 })
    const moderation = await agent.get(`/open-days/${openDay.id}/comments`)
    assert.match(moderation.text, /<th scope="row">形式规范<\/th><td class="num">5\.0<\/td>/)
    const phone = await anonymous().get(`/o/${openDay.observerToken}`)
    assert.match(phone.text, /name="score_形式规范"/)
    await agent.post('/settings/criteria').type('form').send({ ...fields, [`name_${form.id}`]: '形式' })
  })

  it('retires a criterion: gone from new forms, its past scores still shown', async () => {
    const { agent } = await loginAsOffice()
    const { openDay, comment } = await openDayWithComment()
    const { fields, byName } = await criteriaForm(agent)
    const change = byName('转化')
    const { [`active_${change.id}`]: _dropped, ...retired } = fields
    assert.equal((await agent.post('/settings/criteria').type('form').send(retired)).status, 302)
    const phone = await anonymous().get(`/o/${openDay.observerToken}`)
    assert.doesNotMatch(phone.text, /name="score_转化"/)
    assert.match(phone.text, /name="score_形式"/)
    const moderation = await agent.get(`/open-days/${openDay.id}/comments`)
    assert.match(moderation.text, /<th scope="row">转化<\/th><td class="num">3\.0<\/td>/)
    assert.deepEqual(await storedScores(db, comment.id), { 形式: 5, 转化: 3 })
    const summary = await agent.get(`/open-days/${openDay.id}/summary`)
    assert.match(summary.text, /转化 3/)
    await agent.post('/settings/criteria').type('form').send(fields)
  })

  it('adds a criterion at the end, and refuses duplicate or empty names with the typed values kept', async () => {
    const { agent } = await loginAsOffice()
    const { fields, byName } = await criteriaForm(agent)
    const dup = await agent.post('/settings/criteria').type('form').send({ ...fields, name_new: '主题' })
    assert.equal(dup.status, 422)
    assert.match(dup.text, /评分项“主题”重复/)
    assert.match(dup.text, /name="name_new" value="主题"/)
    const empty = await agent.post('/settings/criteria').type('form').send({ ...fields, [`name_${byName('主题').id}`]: '' })
    assert.equal(empty.status, 422)
    assert.match(empty.text, /请填写评分项名称/)
    const added = await agent.post('/settings/criteria').type('form').send({ ...fields, name_new: '实效', weight_new: '2' })
    assert.equal(added.status, 302)
    const row = await db.criterion.findUniqueOrThrow({ where: { name: '实效' } })
    assert.deepEqual([row.weight, row.active, row.position], [2, true, 6])
    await db.criterion.update({ where: { id: row.id }, data: { active: false } })
    await agent.post('/settings/criteria').type('form').send({ ...(await criteriaForm(agent)).fields })
  })

  it('is the party office’s alone', async () => {
    const secretary = await loginAsSecretary()
    const viewer = await loginAsViewer()
    for (const agent of [secretary.agent, viewer.agent]) {
      assert.equal((await agent.get('/settings/criteria')).status, 403)
      assert.equal((await submit(agent, '/settings/criteria', { name_new: '新' }, '/')).status, 403)
    }
  })
})

describe('a comment with scores', () => {
  it('is written with its score rows, and an edit replaces them', async () => {
    const { openDay } = await openDayWithComment()
    const agent = anonymous()
    const page = await agent.get(`/o/${openDay.observerToken}`)
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(page.text)![1]
    const res = await agent.post(`/o/${openDay.observerToken}/comments`).type('form')
      .send({ _csrf: csrfOf(page.text), idempotencyKey: key, authorName: '乙', learnings: '很好', score_主题: '4', score_点评: '2' })
    assert.equal(res.status, 303)
    const row = await db.comment.findUniqueOrThrow({ where: { idempotencyKey: key } })
    assert.deepEqual(await storedScores(db, row.id), { 主题: 4, 点评: 2 })
    const thanks = await agent.get(res.headers.location)
    const edit = await agent.post(res.headers.location).type('form').send({ _csrf: csrfOf(thanks.text), authorName: '乙', learnings: '很好', score_主题: '5' })
    assert.equal(edit.status, 303)
    assert.deepEqual(await storedScores(db, row.id), { 主题: 5 })
  })
})

import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { createBranch, createOpenDay } from '../helpers/factories.ts'
import { csrfOf, loginAsOffice, loginAsSecretary, loginAsViewer, submit, type Agent } from '../helpers/http.ts'
import { createSeedEvent, SUGGESTIONS } from '../helpers/news.ts'
import { binary, documentXml } from '../helpers/summary.ts'
import { dateInput } from '../../src/lib/dates.ts'

/** a held seed-like event of a fresh branch, its secretary logged in, the observer's suggestion adopted */
async function heldEvent() {
  const { openDay, branch } = await createSeedEvent(db, { branchName: `复盘测试支部${randomBytes(3).toString('hex')}`, status: 'held' })
  await db.comment.updateMany({ where: { openDayId: openDay.id, suggestions: SUGGESTIONS }, data: { adoptedAt: new Date() } })
  await db.comment.create({ data: { openDayId: openDay.id, authorName: '某观摩者', idempotencyKey: `not-adopted-${openDay.id}`, suggestions: '未采纳的建议' } })
  const { agent } = await loginAsSecretary(branch.id)
  return { openDay, branch, agent, url: `/open-days/${openDay.id}/review` }
}

/** the form's current fields as a browser would send them (checked boxes only) */
async function formFields(agent: Agent, url: string): Promise<Record<string, string>> {
  const page = await agent.get(url)
  assert.equal(page.status, 200)
  const form = page.text.slice(page.text.indexOf('<form method="post" action="' + url))
  const fields: Record<string, string> = {}
  for (const m of form.matchAll(/<input type="(hidden|text|date|checkbox)"[^>]*name="([^"]+)"[^>]*>/g)) {
    const tag = m[0]
    if (m[1] === 'checkbox' && !/ checked/.test(tag)) continue
    fields[m[2]] = /value="([^"]*)"/.exec(tag)?.[1] ?? ''
  }
  for (const m of form.matchAll(/<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) fields[m[1]] = m[2].replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
  for (const m of form.matchAll(/<select name="([^"]+)"[^>]*>(.*?)<\/select>/g)) fields[m[1]] = /<option value="(\w+)" selected/.exec(m[2])?.[1] ?? 'open'
  return fields
}

const post = (agent: Agent, url: string, fields: Record<string, string>) => agent.post(url).type('form').send(fields)

describe('GET /open-days/:id/review: pre-filled from the record', () => {
  it('ticks the four requirements the record shows, with their evidence, and lists only the adopted suggestions', async () => {
    const { agent, url } = await heldEvent()
    const fields = await formFields(agent, url)
    for (const flag of ['hasTheme', 'hasKeynote', 'hasDiscussion', 'hasOutcomes']) assert.equal(fields[flag], '1', flag)
    assert.match(fields.themeNote, /我为精准扶贫办实事/)
    assert.match(fields.keynoteNote, /中心发言：赵启洪《结合担任/)
    assert.match(fields.discussionNote, /^交流发言 6 人：/)
    assert.match(fields.outcomesNote, /总结讲话要点 5 条/)
    assert.equal(fields.toImprove, `· ${SUGGESTIONS}（陈章贵）`)
    assert.equal(fields.version, '0')
    const page = await agent.get(url)
    assert.match(page.text, /已采纳的观摩建议（1 条）/)
    assert.doesNotMatch(page.text, /未采纳的建议/)
  })

  it('leaves a requirement unticked when the record does not show it', async () => {
    const branch = await createBranch()
    const openDay = await createOpenDay(branch.id, { status: 'held' })
    const { agent } = await loginAsSecretary(branch.id)
    const fields = await formFields(agent, `/open-days/${openDay.id}/review`)
    assert.equal(fields.hasTheme, '1')
    for (const flag of ['hasKeynote', 'hasDiscussion', 'hasOutcomes']) assert.equal(fields[flag], undefined, flag)
    assert.equal(fields.keynoteNote, '未登记中心发言')
  })

  it('is not open before the open day is held', async () => {
    const branch = await createBranch()
    const openDay = await createOpenDay(branch.id, { status: 'approved' })
    const { agent } = await loginAsSecretary(branch.id)
    const page = await agent.get(`/open-days/${openDay.id}/review`)
    assert.match(page.text, /标记为“已举办”后才能复盘/)
    assert.doesNotMatch(page.text, /保存并定稿/)
    const res = await submit(agent, `/open-days/${openDay.id}/review`, { version: '0', wentWell: '好' }, `/open-days/${openDay.id}`)
    assert.equal(res.status, 422)
    assert.equal(await db.review.count({ where: { openDayId: openDay.id } }), 0)
  })
})

describe('POST /open-days/:id/review: saving, actions, finalising', () => {
  it('saves the review with its actions, refuses a row without owner with what was typed, and a stale form', async () => {
    const { agent, url, openDay } = await heldEvent()
    const fields = await formFields(agent, url)
    const bad = await post(agent, url, { ...fields, wentWell: '规定动作规范', action_0_description: '请观摩支部党员参与交流', action_0_due: '2030-01-31' })
    assert.equal(bad.status, 422)
    assert.match(bad.text, /请填写责任人/)
    assert.match(bad.text, /value="请观摩支部党员参与交流"/)
    assert.match(bad.text, /规定动作规范<\/textarea>/)
    assert.equal(await db.review.count({ where: { openDayId: openDay.id } }), 0)

    const ok = await post(agent, url, { ...fields, wentWell: '规定动作规范', action_0_description: '请观摩支部党员参与交流', action_0_owner: '李学良', action_0_due: '2030-01-31', action_2_description: '总结经验', action_2_owner: '汪蓉', action_2_due: '2030-02-28', action_2_status: 'done' })
    assert.equal(ok.status, 302)
    const review = await db.review.findUniqueOrThrow({ where: { openDayId: openDay.id } })
    assert.deepEqual([review.wentWell, review.hasTheme, review.version], ['规定动作规范', true, 1])
    const actions = await db.followUpAction.findMany({ where: { openDayId: openDay.id }, orderBy: { position: 'asc' } })
    assert.deepEqual(actions.map((a) => [a.description, a.owner, a.dueOn, a.status, a.doneAt !== null]), [
      ['请观摩支部党员参与交流', '李学良', '2030-01-31', 'open', false],
      ['总结经验', '汪蓉', '2030-02-28', 'done', true],
    ])

    const stale = await post(agent, url, { ...fields, wentWell: '旧页面' })
    assert.equal(stale.status, 409)
    assert.match(stale.text, /复盘已被他人修改/)
    assert.equal((await db.review.findUniqueOrThrow({ where: { openDayId: openDay.id } })).wentWell, '规定动作规范')

    // the saved form: emptying a row removes that action, the other is kept
    const again = await formFields(agent, url)
    assert.equal(again.version, '1')
    const removed = await post(agent, url, { ...again, action_1_description: '', action_1_owner: '', action_1_due: '' })
    assert.equal(removed.status, 302)
    assert.deepEqual((await db.followUpAction.findMany({ where: { openDayId: openDay.id } })).map((a) => a.description), ['请观摩支部党员参与交流'])
  })

  it('finalises: the open day becomes reviewed through the status change, the record locks, actions still tick off', async () => {
    const { agent, url, openDay } = await heldEvent()
    const fields = await formFields(agent, url)
    const res = await post(agent, url, { ...fields, finalise: '1', confirm: '1', action_0_description: '做好督导调研服务', action_0_owner: '李学良', action_0_due: '2020-12-31' })
    assert.equal(res.status, 302)
    assert.equal(res.headers.location, `/open-days/${openDay.id}`)
    assert.equal((await db.openDay.findUniqueOrThrow({ where: { id: openDay.id } })).status, 'reviewed')
    const change = await db.openDayStatusChange.findFirstOrThrow({ where: { openDayId: openDay.id }, orderBy: { id: 'desc' } })
    assert.deepEqual([change.fromStatus, change.toStatus], ['held', 'reviewed'])

    const page = await agent.get(url)
    assert.doesNotMatch(page.text, /保存并定稿/)
    assert.match(page.text, /有主讲/)
    const locked = await post(agent, url, { ...fields, _csrf: csrfOf(page.text), version: '1', wentWell: '定稿后修改' })
    assert.equal(locked.status, 409)
    assert.match(locked.text, /记录已定稿锁定/)
    assert.equal((await db.review.findUniqueOrThrow({ where: { openDayId: openDay.id } })).wentWell, '')

    // the action's life cycle: open (overdue on the dashboard) → done (gone) → reopened
    const action = await db.followUpAction.findFirstOrThrow({ where: { openDayId: openDay.id } })
    const dashboard = await agent.get('/')
    assert.match(dashboard.text, /<li class="overdue">[\s\S]*?做好督导调研服务[\s\S]*?已逾期/)
    const done = await submit(agent, `/open-days/${openDay.id}/actions/${action.id}/done`, { from: 'dashboard' }, '/')
    assert.equal(done.status, 302)
    assert.equal(done.headers.location, '/')
    const doneAt = (await db.followUpAction.findUniqueOrThrow({ where: { id: action.id } })).doneAt
    assert.ok(doneAt)
    await submit(agent, `/open-days/${openDay.id}/actions/${action.id}/done`, { from: 'dashboard' }, '/')
    assert.deepEqual((await db.followUpAction.findUniqueOrThrow({ where: { id: action.id } })).doneAt, doneAt, 'a second tap changes nothing')
    assert.doesNotMatch((await agent.get('/')).text, /id="open-actions"/)
    await submit(agent, `/open-days/${openDay.id}/actions/${action.id}/reopen`, {}, '/')
    assert.equal((await db.followUpAction.findUniqueOrThrow({ where: { id: action.id } })).status, 'open')
  })

  it('保存并定稿 needs the form’s own confirmation: without the tick nothing is saved and the typed values stay', async () => {
    const { agent, url, openDay } = await heldEvent()
    const fields = { ...(await formFields(agent, url)), finalise: '1', wentWell: '未勾选确认时填写的内容' }
    const res = await post(agent, url, fields)
    assert.equal(res.status, 422)
    assert.match(res.text, /<div class="field has-error field-check">[\s\S]*?name="confirm"[\s\S]*?请勾选确认后再“保存并定稿”/)
    assert.match(res.text, /未勾选确认时填写的内容/)
    assert.equal(await db.review.count({ where: { openDayId: openDay.id } }), 0)
    assert.equal((await db.openDay.findUniqueOrThrow({ where: { id: openDay.id } })).status, 'held')
    assert.equal((await post(agent, url, { ...fields, confirm: '1' })).status, 302)
    assert.equal((await db.openDay.findUniqueOrThrow({ where: { id: openDay.id } })).status, 'reviewed')
  })

  it('a double click on 保存并定稿 saves and finalises once', async () => {
    const { agent, url, openDay } = await heldEvent()
    const fields = { ...(await formFields(agent, url)), finalise: '1', confirm: '1', action_0_description: '总结经验', action_0_owner: '汪蓉', action_0_due: '2030-02-28' }
    const [first, second] = [await post(agent, url, fields), await post(agent, url, fields)]
    assert.deepEqual([first.status, second.status], [302, 302])
    assert.equal(await db.followUpAction.count({ where: { openDayId: openDay.id } }), 1)
    assert.equal(await db.openDayStatusChange.count({ where: { openDayId: openDay.id, toStatus: 'reviewed' } }), 1)
    const changed = await post(agent, url, { ...fields, wentWell: '改过的内容' })
    assert.equal(changed.status, 409)
  })

  it('prints in the summary as 八、复盘 and gives the news draft its 复盘 … 下一步 paragraph', async () => {
    const { agent, url, openDay } = await heldEvent()
    const fields = await formFields(agent, url)
    await post(agent, url, { ...fields, wentWell: '规定动作规范，点评质量高', finalise: '1', confirm: '1', action_0_description: '做好扶贫联系点督导调研的服务工作', action_0_owner: '李学良', action_0_due: '2020-12-31', action_1_description: '总结开放日经验', action_1_owner: '汪蓉', action_1_due: '2020-11-15' })
    const summary = await agent.get(`/open-days/${openDay.id}/summary`)
    const section = summary.text.slice(summary.text.indexOf('八、复盘'), summary.text.indexOf('九、活动照片'))
    assert.match(section, /<th>有主题<\/th><td class="nowrap">达到<\/td>/)
    assert.match(section, /做得好的方面：<\/strong>规定动作规范，点评质量高/)
    assert.match(section, /<td>做好扶贫联系点督导调研的服务工作<\/td><td>李学良<\/td><td class="nowrap">2020-12-31<\/td><td class="nowrap">未完成<\/td>/)
    assert.match(section, /已复盘，记录定稿/)
    const docx = await agent.get(`/open-days/${openDay.id}/summary.docx`).buffer(true).parse(binary)
    const words = documentXml(docx.body as Buffer).replace(/<[^>]+>/g, '')
    const eight = words.slice(words.indexOf('八、复盘'))
    assert.match(eight, /有主讲达到中心发言：赵启洪/)
    assert.match(eight, /做好扶贫联系点督导调研的服务工作李学良2020-12-31未完成/)

    const { agent: office } = await loginAsOffice()
    await submit(office, `/open-days/${openDay.id}/news/generate`, {}, `/open-days/${openDay.id}/news`)
    const release = await db.newsRelease.findUniqueOrThrow({ where: { openDayId: openDay.id } })
    const last = release.body.split('\n\n').at(-1)!
    assert.match(last, /^会后，按照主题党日“有主题、有主讲、有讨论、有收获”的要求，结合观摩同志所提的意见建议，复盘测试支部\w+对活动进行了复盘。支部一致认为，规定动作规范，点评质量高。复盘测试支部\w+表示，下一阶段要：一是做好扶贫联系点督导调研的服务工作；二是总结开放日经验。$/)
  })
})

describe('permissions', () => {
  it('refuses another branch’s secretary and viewers; viewers read the review', async () => {
    const { url, openDay } = await heldEvent()
    const other = await loginAsSecretary()
    assert.equal((await other.agent.get(url)).status, 403)
    assert.equal((await submit(other.agent, url, { version: '0', wentWell: '越权' }, '/')).status, 403)
    const viewer = await loginAsViewer()
    const page = await viewer.agent.get(url)
    assert.equal(page.status, 200)
    assert.doesNotMatch(page.text, /保存复盘/)
    assert.equal((await submit(viewer.agent, url, { version: '0', wentWell: '越权' }, '/')).status, 403)
    const action = await db.followUpAction.create({ data: { openDayId: openDay.id, position: 1, description: '措施', owner: '甲', dueOn: dateInput(new Date()) } })
    for (const agent of [other.agent, viewer.agent]) {
      assert.equal((await submit(agent, `/open-days/${openDay.id}/actions/${action.id}/done`, {}, '/')).status, 403)
    }
    assert.equal((await db.followUpAction.findUniqueOrThrow({ where: { id: action.id } })).status, 'open')
    assert.equal(await db.review.count({ where: { openDayId: openDay.id } }), 0)
  })
})

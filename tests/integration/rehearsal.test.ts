import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { createOpenDay } from '../helpers/factories.ts'
import { csrfOf, loginAsSecretary, submit, type Agent } from '../helpers/http.ts'
import { fromLocal, local } from '../../src/lib/dates.ts'

const KINDS = [['dues', '收缴党费'], ['oath', '重温入党誓词'], ['reading', '集体诵读'], ['host_summary', '小结']] as const

/** an approved open day on `date` with four segments, run by its branch's secretary */
async function event(date: string) {
  const { agent, branchId } = await loginAsSecretary()
  const openDay = await createOpenDay(branchId, { status: 'approved', date, start: '00:00', end: '23:59' })
  const segments = []
  for (const [i, [kind, title]] of KINDS.entries()) segments.push(await db.segment.create({ data: { openDayId: openDay.id, position: i + 1, kind, title, plannedMinutes: 10 } }))
  return { agent, openDay, segments, base: `/open-days/${openDay.id}` }
}

const act = (agent: Agent, base: string, path: string, fields: Record<string, string>) => submit(agent, `${base}/run/${path}`, fields, `${base}/run`)

/** 开始 → 下一环节 … → 结束活动 through every segment */
async function runThrough(agent: Agent, base: string, segments: { id: number }[]) {
  for (const [i, s] of segments.entries()) {
    const fields = { from: i ? String(segments[i - 1].id) : '', to: String(s.id) }
    assert.equal((await act(agent, base, 'advance', fields)).status, 302)
  }
  assert.equal((await act(agent, base, 'advance', { from: String(segments.at(-1)!.id), to: '' })).status, 302)
}

/** 保存记录 on a segment's form as it was rendered, touching nothing */
async function saveUntouched(agent: Agent, base: string, segmentId: number) {
  const url = `${base}/segments/${segmentId}/record`
  const html = (await agent.get(url)).text
  const field = (name: string) => html.match(new RegExp(`name="${name}"[^>]*value="([^"]*)"`))?.[1] ?? ''
  return agent.post(url).type('form').send({ _csrf: csrfOf(html), version: field('version'), startTime: field('startTime'), endTime: field('endTime'), oathEveryone: '1' })
}

const stamps = async (openDayId: number) =>
  (await db.segment.findMany({ where: { openDayId }, orderBy: { position: 'asc' } })).map((s) => ({ actual: [s.startedAt, s.endedAt], rehearsal: [s.rehearsalStartedAt, s.rehearsalEndedAt] }))

const future = local().add(42, 'day').format('YYYY-MM-DD')
const today = local().format('YYYY-MM-DD')

describe('run mode before the event’s day is a rehearsal', () => {
  it('stamps only rehearsal times; saving the record forms afterwards moves nothing; the summary prints the event’s day', async () => {
    const { agent, openDay, segments, base } = await event(future)
    const page = await agent.get(`${base}/run`)
    assert.match(page.text, /演练模式/)
    await runThrough(agent, base, segments)
    for (const s of await stamps(openDay.id)) {
      assert.deepEqual(s.actual, [null, null])
      assert.ok(s.rehearsal[0] && s.rehearsal[1])
    }
    assert.match((await agent.get(`${base}/run`)).text, /演练已结束/)
    for (const s of segments) assert.equal((await saveUntouched(agent, base, s.id)).status, 302)
    for (const s of await stamps(openDay.id)) assert.deepEqual(s.actual, [null, null])
    const summary = (await agent.get(`${base}/summary`)).text
    const day = local(openDay.startsAt)
    assert.match(summary, new RegExp(`<th>日期</th><td>${day.format('YYYY年M月D日')}`))
    assert.match(summary, /00:00–23:59（计划/)
    assert.doesNotMatch(summary, /（实际/)
  })

  it('refuses quick notes, so a rehearsal’s words never reach the record', async () => {
    const { agent, segments, base } = await event(future)
    await act(agent, base, 'advance', { to: String(segments[0].id) })
    const res = await act(agent, base, 'notes', { segmentId: String(segments[0].id), version: '1', summary: '演练时说的话' })
    assert.equal(res.status, 422)
    assert.equal((await db.segment.findUniqueOrThrow({ where: { id: segments[0].id } })).summary, '')
  })

  it('never opens members’ sign-in, which would write attendance a month early', async () => {
    const { agent, openDay, base } = await event(future)
    assert.equal((await act(agent, base, 'sign-in', { open: '1' })).status, 422)
    assert.equal((await db.openDay.findUniqueOrThrow({ where: { id: openDay.id } })).signInOpen, false)
  })
})

describe('on the event’s day', () => {
  it('a chosen rehearsal leaves the record alone; ending it clears its times in one action; then the real run stamps actual times', async () => {
    const { agent, openDay, segments, base } = await event(today)
    assert.match((await agent.get(`${base}/run`)).text, /先演练/)
    assert.equal((await act(agent, base, 'rehearsal', { on: '1' })).status, 302)
    await runThrough(agent, base, segments)
    for (const s of await stamps(openDay.id)) assert.deepEqual(s.actual, [null, null])
    assert.equal((await act(agent, base, 'rehearsal', { on: '0' })).status, 302)
    for (const s of await stamps(openDay.id)) assert.deepEqual(s, { actual: [null, null], rehearsal: [null, null] })
    await runThrough(agent, base, segments)
    for (const s of await stamps(openDay.id)) assert.ok(s.actual[0] && s.actual[1])
    assert.equal((await act(agent, base, 'rehearsal', { on: '1' })).status, 422)
    // an untouched save keeps the stamps to the second
    const before = await db.segment.findUniqueOrThrow({ where: { id: segments[3].id } })
    assert.equal((await saveUntouched(agent, base, segments[3].id)).status, 302)
    const after = await db.segment.findUniqueOrThrow({ where: { id: segments[3].id } })
    assert.equal(after.startedAt?.getTime(), before.startedAt?.getTime())
    assert.equal(after.version, before.version)
  })

  it('the real run clears what an earlier day’s rehearsal stamped', async () => {
    const { agent, openDay, segments, base } = await event(today)
    await db.segment.updateMany({ where: { openDayId: openDay.id }, data: { rehearsalStartedAt: new Date(Date.now() - 86_400_000), rehearsalEndedAt: new Date(Date.now() - 86_000_000) } })
    await act(agent, base, 'advance', { to: String(segments[0].id) })
    for (const s of await stamps(openDay.id)) assert.deepEqual(s.rehearsal, [null, null])
    assert.ok((await stamps(openDay.id))[0].actual[0])
  })
})

describe('a record form and times on another day', () => {
  it('never moves an earlier stamp to the event’s date: the form leaves it out, says so, and a save clears it', async () => {
    const { agent, segments, base } = await event('2027-01-14')
    const rehearsed = fromLocal('2026-12-03', '00:47')!
    await db.segment.update({ where: { id: segments[1].id }, data: { startedAt: rehearsed, endedAt: new Date(rehearsed.getTime() + 60_000) } })
    await db.segment.update({ where: { id: segments[2].id }, data: { startedAt: fromLocal('2027-01-14', '14:30'), endedAt: fromLocal('2027-01-14', '14:40') } })
    // the summary already ignores the off-day stamp: date, duration and file name from the event's day
    const summary = (await agent.get(`${base}/summary`)).text
    assert.match(summary, /<th>日期<\/th><td>2027年1月14日/)
    assert.match(summary, /14:30–14:40（实际，10 分钟）/)
    assert.doesNotMatch(summary, /00:47|1008 小时/)
    const form = (await agent.get(`${base}/segments/${segments[1].id}/record`)).text
    assert.match(form, /不在开放日当天的时间（2026年12月3日/)
    assert.equal((await saveUntouched(agent, base, segments[1].id)).status, 302)
    const after = await db.segment.findUniqueOrThrow({ where: { id: segments[1].id } })
    assert.equal(after.startedAt, null)
    assert.equal(after.endedAt, null)
    const docx = await agent.get(`${base}/summary.docx`)
    assert.match(String(docx.headers['content-disposition']), /2027-01-14/)
  })
})

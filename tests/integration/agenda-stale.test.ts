// A stale agenda-segment form (opened before someone else changed that segment) is refused with 409 and both
// versions, as record forms are; the agenda has its own version, so a record save in between is no conflict.
import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { createOpenDay } from '../helpers/factories.ts'
import { csrfOf, loginAsOffice, loginAsSecretary, submit, type Agent } from '../helpers/http.ts'

/** what a browser sends from the edit form as it was rendered, with some fields changed */
async function openForm(agent: Agent, editUrl: string) {
  const page = await agent.get(editUrl)
  assert.equal(page.status, 200)
  const value = (name: string) => page.text.match(new RegExp(`name="${name}"[^>]*value="([^"]*)"`))?.[1] ?? ''
  const fields = { _csrf: csrfOf(page.text), version: value('version'), title: value('title'), plannedMinutes: value('plannedMinutes'), leaderId: '', guestName: '', guestTitle: '', notes: '' }
  return (changes: Record<string, string>) => agent.post(editUrl.replace(/\/edit$/, '')).type('form').send({ ...fields, ...changes })
}

async function setUp() {
  const secretary = await loginAsSecretary()
  const office = await loginAsOffice()
  const openDay = await createOpenDay(secretary.branchId, { date: '2033-09-01' })
  await submit(secretary.agent, `/open-days/${openDay.id}/agenda/segments`, { kind: 'custom', title: '参观', plannedMinutes: '20' }, '/')
  const segment = await db.segment.findFirstOrThrow({ where: { openDayId: openDay.id } })
  return { secretary, office, openDay, segment, editUrl: `/open-days/${openDay.id}/agenda/segments/${segment.id}/edit` }
}

describe('POST /open-days/:id/agenda/segments/:segmentId: a stale form', () => {
  it('is refused with 409, showing what is saved now beside what was typed; resubmitting from there saves', async () => {
    const { secretary, office, segment, editUrl } = await setUp()
    const officeForm = await openForm(office.agent, editUrl)
    const secretaryForm = await openForm(secretary.agent, editUrl)
    assert.equal((await secretaryForm({ title: '参观展览馆', notes: '二楼' })).status, 302)

    const stale = await officeForm({ title: '参观党史馆', plannedMinutes: '25' })
    assert.equal(stale.status, 409)
    assert.match(stale.text, /该环节在您编辑期间已被他人修改，尚未保存。/)
    assert.match(stale.text, /当前保存的内容[\s\S]*参观展览馆[\s\S]*二楼/)
    assert.match(stale.text, /value="参观党史馆"/)
    assert.match(stale.text, /value="25"/)
    let saved = await db.segment.findUniqueOrThrow({ where: { id: segment.id } })
    assert.deepEqual([saved.title, saved.plannedMinutes, saved.notes, saved.planVersion], ['参观展览馆', 20, '二楼', 2])

    // the 409 page carries the current version: saving from it is the office's deliberate choice
    const version = stale.text.match(/name="version" value="(\d+)"/)?.[1]
    assert.equal(version, '2')
    const again = await office.agent.post(`/open-days/${segment.openDayId}/agenda/segments/${segment.id}`).type('form')
      .send({ _csrf: csrfOf(stale.text), version, title: '参观党史馆', plannedMinutes: '25', leaderId: '', guestName: '', guestTitle: '', notes: '二楼' })
    assert.equal(again.status, 302)
    saved = await db.segment.findUniqueOrThrow({ where: { id: segment.id } })
    assert.deepEqual([saved.title, saved.plannedMinutes, saved.planVersion], ['参观党史馆', 25, 3])
  })

  it('a double submit of the same form is saved once, not a conflict', async () => {
    const { secretary, segment, editUrl } = await setUp()
    const form = await openForm(secretary.agent, editUrl)
    const [first, second] = [await form({ title: '参观展览馆' }), await form({ title: '参观展览馆' })]
    assert.deepEqual([first.status, second.status], [302, 302])
    const saved = await db.segment.findUniqueOrThrow({ where: { id: segment.id } })
    assert.deepEqual([saved.title, saved.planVersion], ['参观展览馆', 2])
    assert.equal(await db.editLog.count({ where: { segmentId: segment.id, subject: { startsWith: '议程：环节' } } }), 1)
  })

  it('a record save in between is no conflict, and an agenda save leaves an open record form valid', async () => {
    const { secretary, office, openDay, segment, editUrl } = await setUp()
    const agendaForm = await openForm(office.agent, editUrl)
    const recordUrl = `/open-days/${openDay.id}/segments/${segment.id}/record`
    const recordPage = await secretary.agent.get(recordUrl)
    const recordVersion = recordPage.text.match(/name="version" value="(\d+)"/)?.[1] ?? ''
    const record = (summary: string) =>
      secretary.agent.post(recordUrl).type('form').send({ _csrf: csrfOf(recordPage.text), version: recordVersion, startTime: '', endTime: '', summary })
    assert.equal((await record('参观了二楼展厅')).status, 302)
    assert.equal((await agendaForm({ title: '参观展览馆' })).status, 302)
    const saved = await db.segment.findUniqueOrThrow({ where: { id: segment.id } })
    assert.deepEqual([saved.title, saved.summary, saved.version, saved.planVersion], ['参观展览馆', '参观了二楼展厅', 2, 2])
  })
})

import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { createBranch, createMember, createOpenDay } from '../helpers/factories.ts'
import { loginAsOffice, loginAsSecretary, loginAsViewer, submit, type Agent } from '../helpers/http.ts'

const STANDARD = ['收缴党费', '重温入党誓词', '集体诵读', '领学', '交流发言', '主持人小结', '观摩点评', '总结讲话']

async function post(agent: Agent, path: string, fields: Record<string, string> = {}) {
  return submit(agent, path, fields, '/')
}

const titles = async (openDayId: number) =>
  (await db.segment.findMany({ where: { openDayId }, orderBy: { position: 'asc' } })).map((s) => s.title)

const standardTemplate = () => db.agendaTemplate.findFirstOrThrow({ where: { name: '标准开放日议程（3+X）' } })

describe('agenda templates', () => {
  it('lets the party office create, edit and delete a template and its segments', async () => {
    const { agent } = await loginAsOffice()
    const created = await post(agent, '/agenda-templates/new', { name: '简短议程' })
    assert.equal(created.status, 302)
    const t = await db.agendaTemplate.findUniqueOrThrow({ where: { name: '简短议程' } })
    assert.equal(created.headers.location, `/agenda-templates/${t.id}`)

    await post(agent, `/agenda-templates/${t.id}/segments`, { kind: 'dues', title: '', plannedMinutes: '10', notes: '' })
    await post(agent, `/agenda-templates/${t.id}/segments`, { kind: 'custom', title: '参观展览', plannedMinutes: '30', notes: '二楼' })
    let segs = await db.templateSegment.findMany({ where: { templateId: t.id }, orderBy: { position: 'asc' } })
    assert.deepEqual(segs.map((s) => [s.position, s.title]), [[1, '收缴党费'], [2, '参观展览']])

    await post(agent, `/agenda-templates/${t.id}/segments/${segs[1].id}/move`, { direction: 'up' })
    const edited = await post(agent, `/agenda-templates/${t.id}/segments/${segs[0].id}`, { kind: 'dues', title: '收缴十月党费', plannedMinutes: '8', notes: '' })
    assert.equal(edited.status, 302)
    segs = await db.templateSegment.findMany({ where: { templateId: t.id }, orderBy: { position: 'asc' } })
    assert.deepEqual(segs.map((s) => [s.position, s.title, s.plannedMinutes]), [[1, '参观展览', 30], [2, '收缴十月党费', 8]])

    await post(agent, `/agenda-templates/${t.id}/segments/${segs[0].id}/delete`)
    segs = await db.templateSegment.findMany({ where: { templateId: t.id } })
    assert.deepEqual(segs.map((s) => [s.position, s.title]), [[1, '收缴十月党费']])

    const page = await agent.get(`/agenda-templates/${t.id}`)
    assert.match(page.text, /收缴十月党费/)
    assert.equal((await post(agent, `/agenda-templates/${t.id}`, { name: '简短议程（改）' })).status, 302)
    assert.equal((await post(agent, `/agenda-templates/${t.id}/delete`)).status, 302)
    assert.equal(await db.agendaTemplate.count({ where: { id: t.id } }), 0)
  })

  it('keeps only one default template', async () => {
    const { agent } = await loginAsOffice()
    await post(agent, '/agenda-templates/new', { name: '新默认', isDefault: '1' })
    let defaults = await db.agendaTemplate.findMany({ where: { isDefault: true } })
    assert.deepEqual(defaults.map((d) => d.name), ['新默认'])
    const standard = await standardTemplate()
    await post(agent, `/agenda-templates/${standard.id}`, { name: standard.name, isDefault: '1' })
    defaults = await db.agendaTemplate.findMany({ where: { isDefault: true } })
    assert.deepEqual(defaults.map((d) => d.name), [standard.name])
    const refused = await post(agent, `/agenda-templates/${standard.id}/delete`)
    assert.equal(refused.status, 422)
    assert.match(refused.text, /默认模板不能删除/)
  })

  it('re-renders a bad segment with what was typed and a Chinese error', async () => {
    const { agent } = await loginAsOffice()
    const standard = await standardTemplate()
    const res = await post(agent, `/agenda-templates/${standard.id}/segments`, { kind: 'custom', title: '参观', plannedMinutes: '0', notes: '' })
    assert.equal(res.status, 422)
    assert.match(res.text, /id="f-plannedMinutes-err">计划时长须为 1–240 之间的整数/)
    assert.match(res.text, /value="参观"/)
    const dup = await post(agent, '/agenda-templates/new', { name: standard.name })
    assert.equal(dup.status, 422)
    assert.match(dup.text, /已有同名的模板/)
  })

  it('lets secretaries and viewers read templates but gives them 403 on writes', async () => {
    const standard = await standardTemplate()
    for (const { agent } of [await loginAsSecretary(), await loginAsViewer()]) {
      const page = await agent.get(`/agenda-templates/${standard.id}`)
      assert.equal(page.status, 200)
      assert.match(page.text, /重温入党誓词/)
      assert.doesNotMatch(page.text, /添加环节/)
      assert.equal((await agent.get('/agenda-templates')).status, 200)
      assert.equal((await agent.get('/agenda-templates/new')).status, 403)
      assert.equal((await post(agent, '/agenda-templates/new', { name: '越权模板' })).status, 403)
      assert.equal((await post(agent, `/agenda-templates/${standard.id}`, { name: '改名', isDefault: '1' })).status, 403)
      assert.equal((await post(agent, `/agenda-templates/${standard.id}/delete`)).status, 403)
    }
    assert.equal(await db.agendaTemplate.count({ where: { name: '越权模板' } }), 0)
  })
})

describe('an open day’s agenda', () => {
  it('generates the standard eight segments from the default template, once', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const openDay = await createOpenDay(branchId, { date: '2033-10-15', start: '14:30', end: '17:00' })
    const standard = await standardTemplate()
    const page = await agent.get(`/open-days/${openDay.id}/agenda`)
    assert.equal(page.status, 200)
    assert.match(page.text, new RegExp(`<option value="${standard.id}" selected>`))

    assert.equal((await post(agent, `/open-days/${openDay.id}/agenda/generate`, { templateId: String(standard.id) })).status, 302)
    const again = await post(agent, `/open-days/${openDay.id}/agenda/generate`, { templateId: String(standard.id) })
    assert.equal(again.status, 422)
    assert.match(again.text, /已有议程，未重复生成/)
    assert.deepEqual(await titles(openDay.id), STANDARD)

    const agenda = await agent.get(`/open-days/${openDay.id}/agenda`)
    assert.match(agenda.text, /14:30–14:40/)
    assert.match(agenda.text, /16:40–17:00/)
    assert.doesNotMatch(agenda.text, /超出预定结束时间/)
    const show = await agent.get(`/open-days/${openDay.id}`)
    assert.match(show.text, /重温入党誓词/)
    assert.match(show.text, /编辑议程/)
  })

  it('copies the branch’s previous agenda with leaders and notes, but not run-mode times', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const li = await createMember(branchId, { name: '李学良' })
    const earlier = await createOpenDay(branchId, { date: '2033-03-01', status: 'held' })
    const older = await createOpenDay(branchId, { date: '2033-01-01', status: 'held' })
    await db.segment.createMany({
      data: [
        { openDayId: older.id, position: 1, kind: 'custom', title: '更早的环节', plannedMinutes: 5 },
        { openDayId: earlier.id, position: 1, kind: 'oath', title: '重温入党誓词', plannedMinutes: 5, leaderId: li.id, startedAt: new Date(), endedAt: new Date() },
        { openDayId: earlier.id, position: 2, kind: 'custom', title: '参观', plannedMinutes: 30, guestName: '王老师', guestTitle: '讲解员', notes: '展馆' },
      ],
    })
    const openDay = await createOpenDay(branchId, { date: '2033-04-01' })
    const page = await agent.get(`/open-days/${openDay.id}/agenda`)
    assert.match(page.text, /复制本支部上一次开放日的议程/)
    assert.equal((await post(agent, `/open-days/${openDay.id}/agenda/copy`)).status, 302)
    assert.equal((await post(agent, `/open-days/${openDay.id}/agenda/copy`)).status, 422)
    const segs = await db.segment.findMany({ where: { openDayId: openDay.id }, orderBy: { position: 'asc' } })
    assert.deepEqual(
      segs.map((s) => [s.position, s.title, s.plannedMinutes, s.leaderId, s.guestName, s.guestTitle, s.notes, s.startedAt]),
      [[1, '重温入党誓词', 5, li.id, null, null, '', null], [2, '参观', 30, null, '王老师', '讲解员', '展馆', null]],
    )
  })

  it('adds, edits, moves and removes segments, renumbering positions', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const leader = await createMember(branchId, { name: '汪蓉' })
    const openDay = await createOpenDay(branchId, { date: '2033-05-01', start: '14:30', end: '15:00' })
    const base = `/open-days/${openDay.id}/agenda/segments`
    await post(agent, base, { kind: 'study', title: '', plannedMinutes: '20' })
    await post(agent, base, { kind: 'custom', title: '参观展览', plannedMinutes: '20' })
    await post(agent, base, { kind: 'host_summary', title: '', plannedMinutes: '10' })
    assert.deepEqual(await titles(openDay.id), ['领学', '参观展览', '主持人小结'])

    const [study, visit, summary] = await db.segment.findMany({ where: { openDayId: openDay.id }, orderBy: { position: 'asc' } })
    assert.equal((await agent.get(`${base}/${study.id}/edit`)).status, 200)
    const saved = await post(agent, `${base}/${study.id}`, { version: '1', title: '领学重要讲话', plannedMinutes: '15', leaderId: String(leader.id), guestName: '', guestTitle: '', notes: '材料另发' })
    assert.equal(saved.status, 302)
    const s = await db.segment.findUniqueOrThrow({ where: { id: study.id } })
    assert.deepEqual([s.title, s.plannedMinutes, s.leaderId, s.notes], ['领学重要讲话', 15, leader.id, '材料另发'])

    await post(agent, `${base}/${summary.id}/move`, { direction: 'up' })
    await post(agent, `${base}/${study.id}/move`, { direction: 'down' })
    assert.deepEqual(await titles(openDay.id), ['主持人小结', '领学重要讲话', '参观展览'])
    await post(agent, `${base}/${visit.id}/delete`)
    const rows = await db.segment.findMany({ where: { openDayId: openDay.id }, orderBy: { position: 'asc' } })
    assert.deepEqual(rows.map((r) => [r.position, r.title]), [[1, '主持人小结'], [2, '领学重要讲话']])

    await post(agent, base, { kind: 'custom', title: '延长讨论', plannedMinutes: '30' })
    const page = await agent.get(`/open-days/${openDay.id}/agenda`)
    assert.match(page.text, /超出预定结束时间 15:00 共 25 分钟/)
  })

  it('keeps the typed values when the minutes are out of range', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const openDay = await createOpenDay(branchId, { date: '2033-06-01' })
    const res = await post(agent, `/open-days/${openDay.id}/agenda/segments`, { kind: 'custom', title: '参观展览', plannedMinutes: '241' })
    assert.equal(res.status, 422)
    assert.match(res.text, /id="f-plannedMinutes-err">计划时长须为 1–240 之间的整数/)
    assert.match(res.text, /value="参观展览"/)
    assert.match(res.text, /value="241"/)
    assert.match(res.text, /<option value="custom" selected>/)
    assert.equal(await db.segment.count({ where: { openDayId: openDay.id } }), 0)

    await post(agent, `/open-days/${openDay.id}/agenda/segments`, { kind: 'custom', title: '参观', plannedMinutes: '20' })
    const seg = await db.segment.findFirstOrThrow({ where: { openDayId: openDay.id } })
    const edit = `/open-days/${openDay.id}/agenda/segments/${seg.id}`
    const badMinutes = await post(agent, edit, { version: '1', title: '参观', plannedMinutes: 'abc', leaderId: '', guestName: '', guestTitle: '讲解员', notes: '' })
    assert.equal(badMinutes.status, 422)
    assert.match(badMinutes.text, /计划时长须为/)
    assert.match(badMinutes.text, /value="讲解员"/)
    const noGuest = await post(agent, edit, { version: '1', title: '参观', plannedMinutes: '20', leaderId: '', guestName: '', guestTitle: '讲解员', notes: '' })
    assert.equal(noGuest.status, 422)
    assert.match(noGuest.text, /填写了嘉宾职务，请同时填写嘉宾姓名/)
  })

  it('gives 403 to another branch’s secretary and to viewers', async () => {
    const other = await createBranch()
    const openDay = await createOpenDay(other.id, { date: '2033-07-01' })
    const standard = await standardTemplate()
    for (const { agent } of [await loginAsSecretary(), await loginAsViewer()]) {
      assert.equal((await agent.get(`/open-days/${openDay.id}/agenda`)).status, 403)
      assert.equal((await post(agent, `/open-days/${openDay.id}/agenda/generate`, { templateId: String(standard.id) })).status, 403)
      assert.equal((await post(agent, `/open-days/${openDay.id}/agenda/segments`, { kind: 'custom', title: 'x', plannedMinutes: '5' })).status, 403)
    }
    assert.equal(await db.segment.count({ where: { openDayId: openDay.id } }), 0)
    const { agent: office } = await loginAsOffice()
    assert.equal((await post(office, `/open-days/${openDay.id}/agenda/generate`, { templateId: String(standard.id) })).status, 302)
    assert.equal(await db.segment.count({ where: { openDayId: openDay.id } }), 8)
  })

  it('shows a held open day’s agenda read-only and refuses changes', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const openDay = await createOpenDay(branchId, { date: '2033-08-01', status: 'held' })
    await db.segment.create({ data: { openDayId: openDay.id, position: 1, kind: 'dues', title: '收缴党费', plannedMinutes: 10 } })
    const seg = await db.segment.findFirstOrThrow({ where: { openDayId: openDay.id } })
    const page = await agent.get(`/open-days/${openDay.id}/agenda`)
    assert.equal(page.status, 200)
    assert.match(page.text, /开放日已举办，议程已不能修改/)
    assert.doesNotMatch(page.text, /添加环节/)
    const add = await post(agent, `/open-days/${openDay.id}/agenda/segments`, { kind: 'custom', title: '补充', plannedMinutes: '5' })
    assert.equal(add.status, 422)
    assert.match(add.text, /开放日已举办，议程已不能修改/)
    assert.equal((await post(agent, `/open-days/${openDay.id}/agenda/segments/${seg.id}/delete`)).status, 422)
    assert.equal(await db.segment.count({ where: { openDayId: openDay.id } }), 1)
  })
})

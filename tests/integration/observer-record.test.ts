import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { createMember, createOpenDay } from '../helpers/factories.ts'
import { anonymous, csrfOf, loginAsOffice, loginAsSecretary, submit } from '../helpers/http.ts'
import { local } from '../../src/lib/dates.ts'

const HOUR = 3_600_000

/** an observer's phone commenting through the general link (no personal token) */
async function commentByGeneralLink(token: string, authorName: string, authorUnit: string) {
  const agent = anonymous()
  const page = await agent.get(`/o/${token}`)
  const key = page.text.match(/name="idempotencyKey" value="([^"]+)"/)![1]
  const res = await agent.post(`/o/${token}/comments`).type('form').send({ _csrf: csrfOf(page.text), idempotencyKey: key, authorName, authorUnit, learnings: '流程规范。', suggestions: '' })
  assert.equal(res.status, 303, res.text)
}

describe('the printed observer list is who came', () => {
  it('lists invitees who arrived or commented, matches a general-link comment to its invitation, and shows walk-ins', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const now = Date.now()
    const openDay = await db.openDay.create({ data: { branchId, theme: '观摩名单', startsAt: new Date(now - HOUR), endsAt: new Date(now + HOUR), place: '活动室', status: 'approved' } })
    await db.observer.create({ data: { openDayId: openDay.id, name: '到场甲', unit: '一支部', arrivedAt: new Date() } })
    await db.observer.create({ data: { openDayId: openDay.id, name: '未到乙', unit: '二支部' } })
    const invited = await db.observer.create({ data: { openDayId: openDay.id, name: '点评丙', unit: '三支部' } })
    await commentByGeneralLink(openDay.observerToken, '点评丙', '三支部')
    await commentByGeneralLink(openDay.observerToken, '路过丁', '四支部')

    const comment = await db.comment.findFirstOrThrow({ where: { openDayId: openDay.id, authorName: '点评丙' } })
    assert.equal(comment.observerId, invited.id)
    assert.ok((await db.observer.findUniqueOrThrow({ where: { id: invited.id } })).arrivedAt)

    const summary = (await agent.get(`/open-days/${openDay.id}/summary`)).text
    const section = summary.slice(summary.indexOf('六、观摩点评'), summary.indexOf('七、'))
    assert.match(section, /到场甲/)
    assert.match(section, /点评丙/)
    assert.doesNotMatch(section, /点评丙（现场扫码）/)
    assert.match(section, /路过丁（现场扫码）/)
    assert.doesNotMatch(section, /未到乙/)
  })
})

describe('attendance warnings', () => {
  it('say nothing about a low rate a month before the event', async () => {
    const { agent, branchId } = await loginAsSecretary()
    await createMember(branchId)
    const openDay = await createOpenDay(branchId, { status: 'approved', date: local().add(1, 'month').format('YYYY-MM-DD') })
    const page = (await agent.get(`/open-days/${openDay.id}/attendance`)).text
    assert.doesNotMatch(page, /低于 \d+% 的要求/)
    assert.match(page, /签到尚未开始/)
  })

  it('warn once sign-in has opened, and never say 签到尚未开始 after the event was held', async () => {
    const { agent, branchId } = await loginAsSecretary()
    await createMember(branchId)
    const now = await createOpenDay(branchId, { status: 'approved', date: local().format('YYYY-MM-DD'), start: '00:00', end: '23:59' })
    assert.match((await agent.get(`/open-days/${now.id}/attendance`)).text, /低于 \d+% 的要求/)
    // held early by the office (a reason in the history): the sign-in is over, not “not yet”
    const early = await createOpenDay(branchId, { status: 'held', date: local().add(1, 'month').format('YYYY-MM-DD') })
    assert.doesNotMatch((await agent.get(`/open-days/${early.id}/attendance`)).text, /签到尚未开始/)
  })
})

describe('template hints', () => {
  it('stay in the template: “如：…” is not copied into a real agenda’s notes', async () => {
    const { agent: office } = await loginAsOffice()
    const { agent, branchId } = await loginAsSecretary()
    const template = await db.agendaTemplate.findFirstOrThrow({ where: { isDefault: true }, include: { segments: true } })
    assert.ok(template.segments.some((s) => s.notes.startsWith('如：')), 'the standard template carries a hint')
    assert.match((await office.get(`/agenda-templates/${template.id}`)).text, /提示，不写入开放日议程/)
    const openDay = await createOpenDay(branchId)
    const res = await submit(agent, `/open-days/${openDay.id}/agenda/generate`, { templateId: String(template.id) }, `/open-days/${openDay.id}/agenda`)
    assert.equal(res.status, 302, res.text)
    const reading = await db.segment.findFirstOrThrow({ where: { openDayId: openDay.id, kind: 'reading' } })
    assert.equal(reading.notes, '')
    const dues = await db.segment.findFirstOrThrow({ where: { openDayId: openDay.id, kind: 'dues' } })
    assert.equal(dues.notes, '收缴当月党费（规定动作）')
  })
})

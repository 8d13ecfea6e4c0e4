// A reviewed open day's roster is frozen when it locks: adding a member to the branch, renaming one nobody marked,
// promoting a probationary member or transferring one out afterwards changes neither the printed record nor its
// counts. The office's reopen unfreezes it: the live branch again, and the rows the lock added are gone.
import { db } from '../helpers/app.ts'
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { loginAsOffice, loginAsSecretary, submit, type Agent } from '../helpers/http.ts'
import { createSeedEvent } from '../helpers/news.ts'
import { mark, post, secretaryWithEvent } from '../helpers/attendance.ts'
import { binary, documentXml } from '../helpers/summary.ts'
import { summaryRecord } from '../../src/summary/service.ts'
import { releaseFacts } from '../../src/news/service.ts'
import { draftRelease } from '../../src/news/draft.ts'

let office: Agent
before(async () => {
  office = (await loginAsOffice()).agent
})

/** the seed event, held: five members present, 陈志刚 on leave, 王丽萍 (预备) and 孙浩然 never marked */
async function heldEvent(branchName: string) {
  const event = await createSeedEvent(db, { branchName, status: 'held' })
  const [, , , , , chen, wang, sun] = event.members
  await db.attendance.update({ where: { openDayId_memberId: { openDayId: event.openDay.id, memberId: chen.id } }, data: { status: 'leave', leaveReason: 'sick' } })
  await db.attendance.deleteMany({ where: { openDayId: event.openDay.id, memberId: { in: [wang.id, sun.id] } } })
  const secretary = await loginAsSecretary(event.branch.id)
  return { ...event, secretary: secretary.agent }
}

async function finalise(agent: Agent, openDayId: number) {
  const review = `/open-days/${openDayId}/review`
  const res = await submit(agent, review, { version: '0', finalise: '1', confirm: '1' }, review)
  assert.equal(res.status, 302)
  assert.equal((await db.openDay.findUniqueOrThrow({ where: { id: openDayId } })).status, 'reviewed')
}

const reopen = (openDayId: number) => submit(office, `/open-days/${openDayId}/status`, { action: 'reopen', note: '补充记录' }, '/')

/** what the printed record and its counts say, in every form a reader gets it */
async function printed(openDayId: number, branchId: number) {
  const url = `/open-days/${openDayId}/summary`
  const docx = await office.get(`${url}.docx`).buffer(true).parse(binary)
  const record = await summaryRecord(openDayId)
  return {
    html: (await office.get(url)).text,
    word: documentXml(docx.body as Buffer),
    book: (await office.get(`/branches/${branchId}/record-book?year=2020`)).text,
    attendancePage: (await office.get(`/open-days/${openDayId}/attendance`)).text,
    counts: { expected: record.attendance.expected, present: record.attendance.present, rate: record.attendance.rate },
    roster: record.attendance.members.map((m) => `${m.name}:${m.standing}:${m.status}`),
    news: (await releaseFacts(openDayId)).attendance,
  }
}

/** after the event: a member joins, one nobody marked is renamed, the probationary one is promoted, one leaves */
async function changeTheBranch(event: Awaited<ReturnType<typeof heldEvent>>) {
  const [, wangRong, , , , , wang, sun] = event.members
  await db.member.create({ data: { branchId: event.branch.id, name: '新来的党员', standing: 'probationary' } })
  await db.member.update({ where: { id: sun.id }, data: { name: '孙浩然改' } })
  await db.member.update({ where: { id: wang.id }, data: { standing: 'full' } })
  const transfer = await submit(office, `/members/${wangRong.id}/transfer-out`, {}, `/branches/${event.branch.id}`)
  assert.equal(transfer.status, 302)
}

describe('the expected roster of a reviewed open day', () => {
  it('is frozen: later changes to the branch leave the summary, Word, record book and counts byte-identical', async () => {
    const event = await heldEvent('名单冻结支部')
    await finalise(event.secretary, event.openDay.id)
    const before = await printed(event.openDay.id, event.branch.id)
    assert.deepEqual(before.counts, { expected: { full: 7, probationary: 1, total: 8 }, present: { full: 5, probationary: 0, total: 5 }, rate: 0.625 })
    assert.match(before.html, /孙浩然/)
    assert.match(before.html, /未登记/)

    await changeTheBranch(event)
    const after = await printed(event.openDay.id, event.branch.id)
    assert.equal(after.html, before.html)
    assert.equal(after.word, before.word)
    assert.equal(after.book, before.book)
    assert.equal(after.attendancePage, before.attendancePage)
    assert.deepEqual(after.counts, before.counts)
    assert.deepEqual(after.roster, before.roster)
    assert.deepEqual(after.news, { present: 5, expected: 8, estimated: false })
    for (const text of [after.html, after.word, after.book]) assert.doesNotMatch(text, /新来的党员|孙浩然改/)
  })

  it('is unfrozen by the office reopening it: the live branch again, the added rows gone, snapshots cleared', async () => {
    const event = await heldEvent('名单重开支部')
    const marked = await db.attendance.count({ where: { openDayId: event.openDay.id } })
    await finalise(event.secretary, event.openDay.id)
    assert.equal(await db.attendance.count({ where: { openDayId: event.openDay.id, status: 'unmarked' } }), 2)
    await changeTheBranch(event)

    assert.equal((await reopen(event.openDay.id)).status, 302)
    assert.equal(await db.attendance.count({ where: { openDayId: event.openDay.id } }), marked)
    assert.equal(await db.attendance.count({ where: { openDayId: event.openDay.id, OR: [{ memberName: { not: null } }, { memberStanding: { not: null } }] } }), 0)
    const { roster, counts, html, attendancePage } = await printed(event.openDay.id, event.branch.id)
    assert.ok(roster.includes('新来的党员:probationary:unmarked'))
    assert.ok(roster.includes('孙浩然改:full:unmarked'))
    assert.ok(roster.includes('王丽萍:full:unmarked'))
    assert.deepEqual(counts.expected, { full: 8, probationary: 1, total: 9 })
    assert.match(html, /新来的党员/)
    assert.match(attendancePage, /新来的党员/)
  })

  it('is frozen once however often the status changes: a double review, and review → reopen → review', async () => {
    const event = await heldEvent('名单重复支部')
    const id = event.openDay.id
    await finalise(event.secretary, id)
    assert.equal((await reopen(id)).status, 302)
    // two review requests racing: one wins, the other is refused, and each expected member has one row
    const review = () => submit(event.secretary, `/open-days/${id}/status`, { action: 'review', confirm: '1' }, `/open-days/${id}`)
    const statuses = (await Promise.all([review(), review()])).map((r) => r.status).sort()
    assert.equal(statuses[0], 302)
    assert.notEqual(statuses[1], 302)
    assert.equal(await db.attendance.count({ where: { openDayId: id } }), 8)
    assert.equal(await db.attendance.count({ where: { openDayId: id, memberStanding: { not: null } } }), 8)
    assert.equal(await db.openDayStatusChange.count({ where: { openDayId: id, toStatus: 'reviewed' } }), 2)
  })
})

describe('an unmarked row on an unlocked record (none should be left there, but if one is)', () => {
  it('shows and counts as 未登记, and 全部标记为出席 marks it present', async () => {
    const { agent, openDay, members, base } = await secretaryWithEvent()
    await mark(openDay.id, members[0].id, { status: 'unmarked' })
    const page = (await agent.get(base)).text
    assert.match(page, /att-row att-unmarked[^>]*data-member="\d+"/)
    assert.doesNotMatch(page, /unmarked<\/|>unmarked/)
    assert.equal((await post(agent, `${base}/all-present`, {}, base)).status, 302)
    const rows = await db.attendance.findMany({ where: { openDayId: openDay.id } })
    assert.deepEqual(rows.map((r) => r.status), ['present', 'present', 'present'])
  })
})

describe('deleting a member who was expected at a reviewed open day but never marked', () => {
  it('is refused (they are on its frozen roster) until the office reopens the record', async () => {
    const event = await heldEvent('名单删除支部')
    const listed = await db.member.create({ data: { branchId: event.branch.id, name: '只在名单上' } })
    await finalise(event.secretary, event.openDay.id)
    const branchPage = `/branches/${event.branch.id}`
    const refused = await submit(event.secretary, `/members/${listed.id}/delete`, { confirm: '1' }, branchPage)
    assert.match((await event.secretary.get(refused.headers.location!)).text, /只在名单上已被记录为已定稿开放日的应到名单，不能删除/)
    assert.ok(await db.member.findUnique({ where: { id: listed.id } }))

    assert.equal((await reopen(event.openDay.id)).status, 302)
    assert.equal((await submit(event.secretary, `/members/${listed.id}/delete`, { confirm: '1' }, branchPage)).status, 302)
    assert.equal(await db.member.findUnique({ where: { id: listed.id } }), null)
  })
})

describe('the news release drafted from a reviewed open day', () => {
  it('names the host, leaders and speakers as they were at review, with their posts then', async () => {
    const event = await heldEvent('新闻冻结支部')
    await finalise(event.secretary, event.openDay.id)
    const before = draftRelease(await releaseFacts(event.openDay.id))
    for (const m of event.members) await db.member.update({ where: { id: m.id }, data: { name: `${m.name}改`, title: '新职务', partyPost: null } })
    const after = draftRelease(await releaseFacts(event.openDay.id))
    assert.deepEqual(after, before)

    const news = `/open-days/${event.openDay.id}/news`
    assert.equal((await submit(office, `${news}/generate`, {}, news)).status, 302)
    const release = await db.newsRelease.findUniqueOrThrow({ where: { openDayId: event.openDay.id } })
    assert.equal(release.body, before.body)
    assert.match(release.body, /李学良/)
    assert.doesNotMatch(release.body, /改|新职务/)
  })
})

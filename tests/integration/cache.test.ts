import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { before, describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { postgres } from '../../src/db.ts'
import { createBranch, createMember, createOpenDay } from '../helpers/factories.ts'
import { anonymous, loginAsOffice, type Agent } from '../helpers/http.ts'
import { versionsById, versionsByObserverToken } from '../../src/open-days/queries.ts'
import { projectorVersion } from '../../src/run/service.ts'
import { commentAvailability } from '../../src/comments/window.ts'

const HOUR = 60 * 60 * 1000

/** two approved open days happening now, in two branches, each with a segment */
async function pair() {
  const make = async (name: string) => {
    const branch = await createBranch({ name: `${name}${randomUUID().slice(0, 6)}` })
    const now = Date.now()
    return db.openDay.create({
      data: {
        branchId: branch.id, theme: `${name}主题${randomUUID().slice(0, 6)}`, place: '活动室', status: 'approved',
        startsAt: new Date(now - HOUR), endsAt: new Date(now + HOUR),
        segments: { create: { position: 1, kind: 'custom', title: `${name}环节`, plannedMinutes: 10 } },
      },
      include: { segments: true },
    })
  }
  return [await make('甲'), await make('乙')] as const
}

const addComment = (openDayId: number, learnings: string) =>
  db.comment.create({ data: { openDayId, authorName: '王建国', learnings, idempotencyKey: randomUUID() } })

let office: Agent
before(async () => {
  office = (await loginAsOffice()).agent
})

describe('version triggers', () => {
  it('every table that holds an open day’s rows bumps its data version (a redefined table loses them)', async () => {
    const tables = await db.$queryRawUnsafe<{ name: string }[]>(
      postgres
        ? `SELECT table_name::text AS name FROM information_schema.columns WHERE column_name = 'openDayId' AND table_schema = current_schema()`
        : `SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'openDayId')`,
    )
    const triggerSql = postgres ? 'SELECT tgname::text AS name FROM pg_trigger WHERE NOT tgisinternal' : `SELECT name FROM sqlite_master WHERE type = 'trigger'`
    const triggers = new Set((await db.$queryRawUnsafe<{ name: string }[]>(triggerSql)).map((t) => t.name))
    assert.ok(tables.length >= 9)
    for (const { name } of tables) {
      for (const event of name === 'Comment' ? ['update', 'delete'] : ['insert', 'update', 'delete']) {
        assert.ok(triggers.has(`${name}_bump_${event}`), `${name}_bump_${event} is missing`)
      }
    }
    for (const t of ['OpenDay_bump_update', 'Speech_bump_insert', 'Setting_settings_update', 'Member_directory_update', 'Branch_calendar_update', 'OpenDay_calendar_update']) {
      assert.ok(triggers.has(t), `${t} is missing`)
    }
  })

  it('the prepared reads agree with Prisma', async () => {
    const [a] = await pair()
    const member = await createMember(a.branchId)
    await db.attendance.create({ data: { openDayId: a.id, memberId: member.id, status: 'present' } })
    const c = await addComment(a.id, '好')
    const row = await db.openDay.findUniqueOrThrow({ where: { id: a.id } })
    const present = await db.attendance.count({ where: { openDayId: a.id, status: 'present' } })
    assert.deepEqual(await projectorVersion(a.id), { version: `${row.runVersion}-${present}-${commentAvailability(row)}`, branchId: a.branchId })
    const v = (await versionsById(a.id))!
    assert.deepEqual({ id: v.id, branchId: v.branchId, data: v.data, comments: v.comments }, { id: a.id, branchId: a.branchId, data: row.dataVersion, comments: c.id })
    assert.deepEqual(await versionsByObserverToken(a.observerToken), v)
    assert.equal(await versionsById(-1), undefined)
  })

  it('a write on one open day leaves the other’s version alone', async () => {
    const [a, b] = await pair()
    const before = (await versionsById(b.id))!.data
    await db.segment.update({ where: { id: a.segments[0]!.id }, data: { summary: '记录' } })
    await db.speech.create({ data: { segmentId: a.segments[0]!.id, position: 1, kind: 'keynote', guestName: '来宾' } })
    assert.equal((await versionsById(b.id))!.data, before)
  })
})

describe('cached pages see the next write', () => {
  it('observer page /o/:token: theme and segments', async () => {
    const [a, b] = await pair()
    const phone = anonymous()
    assert.match((await phone.get(`/o/${a.observerToken}`)).text, new RegExp(a.theme))
    const bPage = (await phone.get(`/o/${b.observerToken}`)).text
    await db.openDay.update({ where: { id: a.id }, data: { theme: '改过的主题' } })
    await db.segment.update({ where: { id: a.segments[0]!.id }, data: { title: '改过的环节' } })
    const aPage = (await phone.get(`/o/${a.observerToken}`)).text
    assert.match(aPage, /改过的主题/)
    assert.match(aPage, /改过的环节/)
    const bAgain = (await phone.get(`/o/${b.observerToken}`)).text
    assert.match(bAgain, new RegExp(b.theme))
    assert.match(bAgain, /乙环节/)
    assert.equal(bAgain.length, bPage.length)
  })

  it('observer page: a branch rename and the settings’ criteria', async () => {
    const [a] = await pair()
    const phone = anonymous()
    await phone.get(`/o/${a.observerToken}`)
    await db.branch.update({ where: { id: a.branchId }, data: { name: `新名称${a.id}` } })
    await db.criterion.update({ where: { name: '形式' }, data: { name: '新标准' } })
    const page = (await phone.get(`/o/${a.observerToken}`)).text
    await db.criterion.update({ where: { name: '新标准' }, data: { name: '形式' } })
    assert.match(page, new RegExp(`新名称${a.id}`))
    assert.match(page, /新标准/)
    assert.doesNotMatch((await phone.get(`/o/${a.observerToken}`)).text, /新标准/)
  })

  it('projector poll: a member signing in and run mode', async () => {
    const [a, b] = await pair()
    const poll = async (id: number) => (await office.get(`/open-days/${id}/projector.json?v=x`)).body as { version: string }
    const [va, vb] = [await poll(a.id), await poll(b.id)]
    const member = await createMember(a.branchId)
    await db.attendance.create({ data: { openDayId: a.id, memberId: member.id, status: 'present' } })
    const va2 = await poll(a.id)
    assert.notEqual(va2.version, va.version)
    await db.openDay.update({ where: { id: a.id }, data: { runVersion: { increment: 1 } } })
    assert.notEqual((await poll(a.id)).version, va2.version)
    assert.equal((await poll(b.id)).version, vb.version)
    assert.deepEqual((await office.get(`/open-days/${a.id}/projector.json?v=${va2.version}`)).body.html === undefined, false)
  })

  it('wall poll: a new comment, an edit, a hidden one; the other wall keeps its own', async () => {
    const [a, b] = await pair()
    const first = await addComment(a.id, '第一条')
    const other = await addComment(b.id, '乙的点评')
    const wall = async (id: number, after = 0) => (await office.get(`/open-days/${id}/wall.json?after=${after}`)).body
    assert.equal((await wall(a.id)).total, 1)
    const bWall = await wall(b.id)
    const second = await addComment(a.id, '第二条')
    const newer = await wall(a.id, first.id)
    assert.deepEqual(newer.comments.map((c: { id: number }) => c.id), [second.id])
    assert.equal(newer.total, 2)
    await db.comment.update({ where: { id: first.id }, data: { learnings: '改过了' } })
    assert.equal((await wall(a.id)).comments.find((c: { id: number }) => c.id === first.id).learnings, '改过了')
    await db.comment.update({ where: { id: first.id }, data: { status: 'hidden', hiddenAt: new Date() } })
    const afterHide = await wall(a.id, second.id)
    assert.deepEqual(afterHide.visible.map(([id]: [number]) => id), [second.id])
    assert.equal(afterHide.total, 1)
    assert.deepEqual(await wall(b.id), bWall)
    assert.equal(bWall.comments[0].id, other.id)
  })

  it('summary: comments, the record, a member’s name; the other summary unchanged', async () => {
    const [a, b] = await pair()
    const summary = async (id: number) => (await office.get(`/open-days/${id}/summary`)).text
    await summary(a.id)
    await addComment(b.id, '乙的点评')
    const bPage = await summary(b.id)
    await addComment(a.id, '新加的点评')
    assert.match(await summary(a.id), /新加的点评/)
    await db.segment.update({ where: { id: a.segments[0]!.id }, data: { summary: '环节记录已更新' } })
    assert.match(await summary(a.id), /环节记录已更新/)
    const host = await createMember(a.branchId, { name: '原名' })
    await db.openDay.update({ where: { id: a.id }, data: { hostId: host.id } })
    assert.match(await summary(a.id), /原名/)
    await db.member.update({ where: { id: host.id }, data: { name: '改名后' } })
    assert.match(await summary(a.id), /改名后/)
    const bAgain = await summary(b.id)
    assert.match(bAgain, /乙的点评/)
    const stamp = (html: string) => html.replace(/\d{4}年\d{1,2}月\d{1,2}日[^<]*/g, '')
    assert.equal(stamp(bAgain), stamp(bPage))
  })

  it('calendar month and the .ics feed: a new theme, a new open day, a cancellation', async () => {
    const [a, b] = await pair()
    const month = new Date(a.startsAt.getTime() + 8 * HOUR).toISOString().slice(0, 7)
    const calendar = async () => (await office.get(`/calendar?month=${month}`)).text
    const feed = async () => (await anonymous().get('/calendar.ics')).text
    assert.match(await calendar(), new RegExp(a.theme))
    assert.match(await feed(), new RegExp(a.theme))
    await db.openDay.update({ where: { id: a.id }, data: { theme: '日历新主题' } })
    const added = await createOpenDay(b.branchId, { theme: '新安排的开放日', date: new Date(Date.now() + 48 * HOUR).toISOString().slice(0, 10), status: 'approved' })
    assert.match(await calendar(), /日历新主题/)
    assert.match(await feed(), /日历新主题/)
    assert.match(await feed(), /新安排的开放日/)
    await db.openDay.update({ where: { id: a.id }, data: { status: 'cancelled' } })
    assert.doesNotMatch(await feed(), /日历新主题/)
    assert.match(await calendar(), new RegExp(b.theme))
    assert.match(await feed(), new RegExp(b.theme))
    assert.ok(added.id)
  })

  it('branch options: a rename and an archived branch', async () => {
    const [a, b] = await pair()
    assert.match((await office.get('/open-days')).text, new RegExp(`<option value="${a.branchId}"`))
    await db.branch.update({ where: { id: a.branchId }, data: { name: `改名支部${a.id}` } })
    await db.branch.update({ where: { id: b.branchId }, data: { archivedAt: new Date() } })
    const list = (await office.get('/open-days')).text
    assert.match(list, new RegExp(`<option value="${a.branchId}" >改名支部${a.id}</option>`))
    assert.doesNotMatch(list, new RegExp(`<option value="${b.branchId}"`))
  })
})

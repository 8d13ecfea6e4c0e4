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
import { cacheTriggers, triggersSql } from '../../src/cache/triggers.ts'
import { readFileSync } from 'node:fs'

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

// ---- every table with cache triggers: a write bumps the right version, and only that -----------------------

/** the two open days of branch A (one written to, one beside it) and one of branch B, with a member, a comment,
 *  a criterion */
async function spread() {
  const [a, b] = await pair()
  const a2 = await createOpenDay(a.branchId, { status: 'approved' })
  const member = await createMember(a.branchId)
  const comment = await addComment(a.id, '评分的点评')
  const criterion = await db.criterion.findFirstOrThrow({ where: { active: true } })
  return { a: a.id, a2: a2.id, b: b.id, branchId: a.branchId, memberId: member.id, commentId: comment.id, criterionId: criterion.id }
}
type Spread = Awaited<ReturnType<typeof spread>>

/** how far a write reaches: the written open day, every open day of its branch, or none; and the counters */
type Case = {
  reach: 'openDay' | 'branch' | 'none'
  counters: string[]
  /** its insert bumps nothing (the write that comes with it does) */
  quietInsert?: true
  /** rows the write needs, made before the versions are read */
  setup?: (f: Spread) => Promise<number>
  insert: (f: Spread, parent: number) => Promise<{ id: number }>
  update: (id: number) => Promise<unknown>
  remove: (id: number) => Promise<unknown>
}

const payment = (f: Spread, month: string) =>
  db.duesPayment.create({ data: { memberId: f.memberId, branchId: f.branchId, month, dueFen: 100, paidFen: 100, paidOn: `${month}-15`, batchKey: randomUUID() } })

const CASES: Record<string, Case> = {
  DuesPayment: {
    reach: 'branch', counters: ['dues'],
    insert: (f) => payment(f, '2030-01'),
    update: (id) => db.duesPayment.update({ where: { id }, data: { paidFen: 200 } }),
    remove: (id) => db.duesPayment.delete({ where: { id } }),
  },
  DuesAdjustment: {
    reach: 'branch', counters: ['dues'],
    setup: async (f) => (await payment(f, '2030-02')).id,
    insert: (_f, paymentId) => db.duesAdjustment.create({ data: { paymentId, amountFen: -50, reason: '更正', batchKey: randomUUID() } }),
    update: (id) => db.duesAdjustment.update({ where: { id }, data: { amountFen: -60 } }),
    remove: (id) => db.duesAdjustment.delete({ where: { id } }),
  },
  DuesBase: {
    reach: 'branch', counters: ['dues'],
    insert: (f) => db.duesBase.create({ data: { memberId: f.memberId, year: 2040, baseFen: 300000 } }),
    update: (id) => db.duesBase.update({ where: { id }, data: { baseFen: 400000 } }),
    remove: (id) => db.duesBase.delete({ where: { id } }),
  },
  Review: {
    reach: 'openDay', counters: [],
    insert: (f) => db.review.create({ data: { openDayId: f.a, wentWell: '好' } }),
    update: (id) => db.review.update({ where: { id }, data: { wentWell: '更好' } }),
    remove: (id) => db.review.delete({ where: { id } }),
  },
  FollowUpAction: {
    reach: 'openDay', counters: ['actions'],
    insert: (f) => db.followUpAction.create({ data: { openDayId: f.a, position: 1, description: '整改', owner: '书记', dueOn: '2030-12-31' } }),
    update: (id) => db.followUpAction.update({ where: { id }, data: { status: 'done', doneAt: new Date() } }),
    remove: (id) => db.followUpAction.delete({ where: { id } }),
  },
  ScoreSheet: {
    reach: 'openDay', counters: [],
    insert: (f) => db.scoreSheet.create({ data: { openDayId: f.a, comment: '好' } }),
    update: (id) => db.scoreSheet.update({ where: { id }, data: { comment: '很好' } }),
    remove: (id) => db.scoreSheet.delete({ where: { id } }),
  },
  OfficeScore: {
    reach: 'openDay', counters: [],
    setup: async (f) => (await db.scoreSheet.create({ data: { openDayId: f.a } })).id,
    insert: (f, sheetId) => db.officeScore.create({ data: { sheetId, criterionId: f.criterionId, score: 15 } }),
    update: (id) => db.officeScore.update({ where: { id }, data: { score: 18 } }),
    remove: (id) => db.officeScore.delete({ where: { id } }),
  },
  // score rows come with a new comment (a new highest id for the readers) or a comment's edit (its update bumps)
  CommentScore: {
    reach: 'openDay', counters: [], quietInsert: true,
    insert: (f) => db.commentScore.create({ data: { commentId: f.commentId, criterionId: f.criterionId, score: 4 } }),
    update: (id) => db.commentScore.update({ where: { id }, data: { score: 5 } }),
    remove: (id) => db.commentScore.delete({ where: { id } }),
  },
  Criterion: {
    reach: 'none', counters: ['settings'],
    insert: () => db.criterion.create({ data: { name: `临时标准${randomUUID().slice(0, 6)}`, position: 99 } }),
    update: (id) => db.criterion.update({ where: { id }, data: { weight: 2 } }),
    remove: (id) => db.criterion.delete({ where: { id } }),
  },
}

/** triggered tables whose writes other tests here cover: the openDayId tables (first test), the open day itself,
 *  settings and the directory */
const COVERED_ELSEWHERE = ['OpenDayStatusChange', 'Observer', 'Segment', 'Attendance', 'Attendee', 'Attachment', 'EditLog', 'NewsRelease', 'Comment', 'Speech', 'OpenDay', 'Setting', 'Branch', 'Member']

async function snapshot(f: Spread) {
  const days = await db.openDay.findMany({ where: { id: { in: [f.a, f.a2, f.b] } }, select: { id: true, dataVersion: true } })
  const data = new Map(days.map((d) => [d.id, d.dataVersion]))
  const counters = await db.cacheVersion.findMany()
  return { a: data.get(f.a)!, a2: data.get(f.a2)!, b: data.get(f.b)!, counters: new Map(counters.map((c) => [c.key, c.value])) }
}

/** the database's triggers and their tables (PostgreSQL's are generated from SQLite's by scripts/pg-schema.mjs) */
const triggerRows = () =>
  db.$queryRawUnsafe<{ name: string; t: string; sql: string | null }[]>(
    postgres
      ? `SELECT g.tgname::text AS name, c.relname::text AS t, NULL AS sql FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
         WHERE NOT g.tgisinternal ORDER BY g.tgname::text COLLATE "C"`
      : `SELECT name, tbl_name AS t, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`,
  )

describe('every table with cache triggers', () => {
  it('the migrated database holds exactly the triggers src/cache/triggers.ts generates, and prisma/triggers.sql is current', async () => {
    const rows = await triggerRows()
    const generated = cacheTriggers()
    assert.deepEqual(rows.map((r) => r.name), [...generated.keys()].sort())
    if (!postgres) for (const { name, sql } of rows) assert.equal(sql, generated.get(name), name)
    assert.equal(readFileSync(new URL('../../prisma/triggers.sql', import.meta.url), 'utf8'), triggersSql(), 'run npm run db:triggers')
  })

  it('has a case here or a test above (a new triggered table needs one)', async () => {
    const rows = await triggerRows()
    const missing = [...new Set(rows.map((r) => r.t))].filter((t) => !(t in CASES) && !COVERED_ELSEWHERE.includes(t))
    assert.deepEqual(missing, [])
    const triggers = new Set(rows.map((t) => t.name))
    for (const table of ['DuesPayment', 'DuesAdjustment', 'DuesBase']) for (const e of ['insert', 'update', 'delete']) assert.ok(triggers.has(`${table}_dues_${e}`), `${table}_dues_${e}`)
    for (const e of ['insert', 'update', 'delete']) assert.ok(triggers.has(`FollowUpAction_actions_${e}`), `FollowUpAction_actions_${e}`)
  })

  for (const [table, c] of Object.entries(CASES)) {
    const writes = c.quietInsert ? 'an update and a delete (not an insert)' : 'an insert, an update and a delete'
    it(`${table}: ${writes} each bump ${c.reach === 'none' ? '' : `the ${c.reach === 'branch' ? 'branch’s open days' : 'open day'} `}${c.counters.join(', ')} and nothing else`, async () => {
      const f = await spread()
      const parent = (await c.setup?.(f)) ?? 0
      let id = 0
      for (const [op, write] of [['insert', async () => (id = (await c.insert(f, parent)).id)], ['update', () => c.update(id)], ['delete', () => c.remove(id)]] as const) {
        const before = await snapshot(f)
        await write()
        const after = await snapshot(f)
        const what = `${table} ${op}`
        const quiet = op === 'insert' && c.quietInsert
        const reach = quiet ? 'none' : c.reach
        if (reach === 'none') assert.equal(after.a, before.a, `${what}: open day untouched`)
        else assert.ok(after.a > before.a, `${what}: the open day’s version`)
        assert.equal(after.a2 > before.a2, reach === 'branch', `${what}: the other open day of the branch`)
        assert.equal(after.b, before.b, `${what}: another branch’s open day`)
        const counters = quiet ? [] : c.counters
        for (const [key, value] of after.counters) {
          assert.equal(value > before.counters.get(key)!, counters.includes(key), `${what}: counter ${key}`)
        }
      }
    })
  }
})

import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { createBranch } from '../helpers/factories.ts'
import { anonymous, csrfOf, loginAsOffice, type Agent } from '../helpers/http.ts'
import { createComment, openDayByToken, ownComment, updateComment } from '../../src/comments/service.ts'
import { storedScores } from '../helpers/score-rows.ts'
import { postgres } from '../../src/db.ts'
import { freezeRecord } from '../../src/open-days/snapshot.ts'

const HOUR = 60 * 60 * 1000

/** an approved open day happening now, so its comment form is open (factories take Shanghai dates) */
async function openDayNow(over: Partial<{ allowAnonymous: boolean; holdComments: boolean; commentsOpenAt: Date; commentsCloseAt: Date; status: string }> = {}) {
  const branch = await createBranch()
  const now = Date.now()
  return db.openDay.create({
    data: {
      branchId: branch.id,
      theme: `观摩点评测试${branch.id}`,
      startsAt: new Date(now - HOUR),
      endsAt: new Date(now + HOUR),
      place: '机关党员活动室',
      description: '收缴党费、重温入党誓词。',
      status: 'approved',
      ...over,
    },
    include: { branch: true },
  })
}

function keyOf(html: string): string {
  const m = html.match(/name="idempotencyKey" value="([^"]+)"/)
  if (!m) throw new Error('no idempotency key on the page')
  return m[1]
}

/** opens the phone page as an observer's browser would: session cookie, CSRF token and key */
async function openPage(agent: Agent, token: string, query = '') {
  const page = await agent.get(`/o/${token}${query}`)
  assert.equal(page.status, 200, page.text)
  return { page, csrf: csrfOf(page.text), key: keyOf(page.text) }
}

const comment = (over: Record<string, string> = {}) => ({
  authorName: '王建国',
  authorUnit: '机关第二党支部',
  learnings: '流程规范，誓词环节庄重。',
  suggestions: '交流发言可以再聚焦一些。',
  ...over,
})

async function postComment(agent: Agent, token: string, fields: Record<string, string>, opts: { json?: boolean } = {}) {
  const req = agent.post(`/o/${token}/comments`).type('form')
  if (opts.json) req.set('Accept', 'application/json')
  return req.send(fields)
}

/** opens the page and sends a good comment; returns the thank-you page's path */
async function commentOnce(agent: Agent, token: string, over: Record<string, string> = {}) {
  const { csrf, key } = await openPage(agent, token)
  const res = await postComment(agent, token, { _csrf: csrf, idempotencyKey: key, ...comment(over) })
  assert.equal(res.status, 303, res.text)
  return res.headers.location as string
}

describe('GET /o/:token', () => {
  it('says the link is invalid for an unknown token, in the phone layout', async () => {
    const res = await anonymous().get('/o/not-a-real-token')
    assert.equal(res.status, 404)
    assert.match(res.text, /链接无效/)
    assert.doesNotMatch(res.text, /site-header/)
  })

  it('shows the event and the form without the app header', async () => {
    const openDay = await openDayNow()
    const { page } = await openPage(anonymous(), openDay.observerToken)
    assert.match(page.text, new RegExp(openDay.theme))
    assert.match(page.text, new RegExp(openDay.branch.name))
    assert.match(page.text, /机关党员活动室/)
    assert.match(page.text, /收缴党费、重温入党誓词。/)
    assert.match(page.text, /name="learnings"[^>]*maxlength="1000"/)
    assert.match(page.text, /name="score_形式" value="5"/)
    assert.match(page.text, /comment-draft\.js/)
    assert.doesNotMatch(page.text, /site-header|name="anonymous"/)
  })

  it('says when commenting closed, and refuses a comment', async () => {
    const openDay = await openDayNow({ commentsCloseAt: new Date(Date.now() - 60_000) })
    const agent = anonymous()
    const page = await agent.get(`/o/${openDay.observerToken}`)
    assert.equal(page.status, 200)
    assert.match(page.text, /点评已于 \d{4}年\d+月\d+日 星期. \d\d:\d\d 截止/)
    assert.doesNotMatch(page.text, /<form/)

    const other = await openDayNow()
    const { csrf, key } = await openPage(agent, other.observerToken)
    const res = await postComment(agent, openDay.observerToken, { _csrf: csrf, idempotencyKey: key, ...comment() })
    assert.equal(res.status, 409)
    assert.match(res.text, /点评已于.*截止/)
    assert.equal(await db.comment.count({ where: { openDayId: openDay.id } }), 0)
  })

  it('says when commenting opens, and that a cancelled or unpublished event takes no comments', async () => {
    const early = await openDayNow({ commentsOpenAt: new Date(Date.now() + HOUR / 2) })
    assert.match((await anonymous().get(`/o/${early.observerToken}`)).text, /点评尚未开始，将于 .* 开放/)
    const cancelled = await openDayNow({ status: 'cancelled' })
    assert.match((await anonymous().get(`/o/${cancelled.observerToken}`)).text, /本次开放日已取消/)
    const draft = await openDayNow({ status: 'draft' })
    assert.match((await anonymous().get(`/o/${draft.observerToken}`)).text, /尚未发布/)
  })

  it('pre-fills an invited observer’s name and unit and stamps arrivedAt once', async () => {
    const openDay = await openDayNow()
    const observer = await db.observer.create({ data: { openDayId: openDay.id, name: '赵<b>红</b>', unit: '研究室党支部' } })
    const agent = anonymous()
    const { page, csrf, key } = await openPage(agent, openDay.observerToken, `?i=${observer.token}`)
    assert.match(page.text, /id="f-authorName" name="authorName" value="赵&lt;b&gt;红&lt;\/b&gt;"/)
    assert.match(page.text, /value="研究室党支部"/)
    const arrived = (await db.observer.findUniqueOrThrow({ where: { id: observer.id } })).arrivedAt
    assert.ok(arrived)

    await openPage(agent, openDay.observerToken, `?i=${observer.token}`)
    assert.equal((await db.observer.findUniqueOrThrow({ where: { id: observer.id } })).arrivedAt?.getTime(), arrived.getTime())

    const res = await postComment(agent, openDay.observerToken, { _csrf: csrf, idempotencyKey: key, invite: observer.token, ...comment({ authorName: '赵红' }) })
    assert.equal(res.status, 303)
    const row = await db.comment.findFirstOrThrow({ where: { openDayId: openDay.id } })
    assert.equal(row.observerId, observer.id)
  })

  it('ignores another event’s personal link', async () => {
    const openDay = await openDayNow()
    const elsewhere = await openDayNow()
    const observer = await db.observer.create({ data: { openDayId: elsewhere.id, name: '钱七', unit: '别处' } })
    const { page } = await openPage(anonymous(), openDay.observerToken, `?i=${observer.token}`)
    assert.doesNotMatch(page.text, /钱七|name="invite"/)
    assert.equal((await db.observer.findUniqueOrThrow({ where: { id: observer.id } })).arrivedAt, null)
  })
})

describe('POST /o/:token/comments', () => {
  it('creates a visible comment with its scores and shows the thank-you page', async () => {
    const openDay = await openDayNow()
    const agent = anonymous()
    const location = await commentOnce(agent, openDay.observerToken, { score_形式: '5', score_主题: '4', score_发言: '', score_不存在: '3' })
    const row = await db.comment.findFirstOrThrow({ where: { openDayId: openDay.id } })
    assert.equal(location, `/o/${openDay.observerToken}/comments/${row.editToken}`)
    assert.equal(row.status, 'visible')
    assert.equal(row.authorName, '王建国')
    assert.equal(row.authorUnit, '机关第二党支部')
    assert.deepEqual(await storedScores(db, row.id), { 形式: 5, 主题: 4 })
    const thanks = await agent.get(location)
    assert.equal(thanks.status, 200)
    assert.match(thanks.text, /感谢您的点评/)
    assert.match(thanks.text, /已显示在点评墙上/)
    assert.match(thanks.text, /流程规范，誓词环节庄重。/)
  })

  it('re-renders with the values and Chinese errors next to both fields when neither is filled', async () => {
    const openDay = await openDayNow()
    const agent = anonymous()
    const { csrf, key } = await openPage(agent, openDay.observerToken)
    const res = await postComment(agent, openDay.observerToken, { _csrf: csrf, idempotencyKey: key, ...comment({ learnings: '  ', suggestions: '', score_形式: '4' }) })
    assert.equal(res.status, 422)
    assert.match(res.text, /id="f-learnings-err">请至少填写“可借鉴之处”或“优化建议”中的一项/)
    assert.match(res.text, /id="f-suggestions-err">请至少填写/)
    assert.match(res.text, /value="王建国"/)
    assert.match(res.text, /value="机关第二党支部"/)
    assert.match(res.text, /name="score_形式" value="4"\s+checked/)
    assert.equal(keyOf(res.text), key, 'the re-rendered form keeps its key')
    assert.equal(await db.comment.count({ where: { openDayId: openDay.id } }), 0)
  })

  it('refuses text over 1000 characters but counts a CRLF line break as one', async () => {
    const openDay = await openDayNow()
    const agent = anonymous()
    const { csrf, key } = await openPage(agent, openDay.observerToken)
    const tooLong = await postComment(agent, openDay.observerToken, { _csrf: csrf, idempotencyKey: key, ...comment({ suggestions: '议'.repeat(1001) }) })
    assert.equal(tooLong.status, 422)
    assert.match(tooLong.text, /id="f-suggestions-err">优化建议最多 1000 字，现有 1001 字/)
    assert.match(tooLong.text, /议{1001}<\/textarea>/, 'the long text is kept')

    const lines = Array.from({ length: 10 }, () => '好'.repeat(99)).join('\r\n')
    const fits = await postComment(agent, openDay.observerToken, { _csrf: csrf, idempotencyKey: key, ...comment({ suggestions: lines }) })
    assert.equal(fits.status, 303)
    const row = await db.comment.findFirstOrThrow({ where: { openDayId: openDay.id } })
    assert.equal(row.suggestions.length, 999)
  })

  it('requires a name unless anonymous, and a score from 1 to 5', async () => {
    const openDay = await openDayNow()
    const agent = anonymous()
    const { csrf, key } = await openPage(agent, openDay.observerToken)
    const res = await postComment(agent, openDay.observerToken, { _csrf: csrf, idempotencyKey: key, ...comment({ authorName: '', score_形式: '9' }) })
    assert.equal(res.status, 422)
    assert.match(res.text, /id="f-authorName-err">请填写姓名/)
    assert.match(res.text, /id="f-score_形式-err">评分只能是 1–5 分/)
  })

  it('answers the script with JSON: errors by field, then where to go', async () => {
    const openDay = await openDayNow()
    const agent = anonymous()
    const { csrf, key } = await openPage(agent, openDay.observerToken)
    const bad = await postComment(agent, openDay.observerToken, { _csrf: csrf, idempotencyKey: key, ...comment({ learnings: '', suggestions: '' }) }, { json: true })
    assert.equal(bad.status, 422)
    assert.match(bad.body.errors.learnings, /至少填写/)
    const good = await postComment(agent, openDay.observerToken, { _csrf: csrf, idempotencyKey: key, ...comment() }, { json: true })
    assert.equal(good.status, 201)
    const row = await db.comment.findFirstOrThrow({ where: { openDayId: openDay.id } })
    assert.deepEqual(good.body, { ok: true, location: `/o/${openDay.observerToken}/comments/${row.editToken}` })
    const again = await postComment(agent, openDay.observerToken, { _csrf: csrf, idempotencyKey: key, ...comment() }, { json: true })
    assert.equal(again.status, 200)
    assert.deepEqual(again.body, good.body)
  })

  it('refuses a post without the CSRF token', async () => {
    const openDay = await openDayNow()
    const agent = anonymous()
    const { key } = await openPage(agent, openDay.observerToken)
    const res = await postComment(agent, openDay.observerToken, { idempotencyKey: key, ...comment() })
    assert.equal(res.status, 403)
    assert.equal(await db.comment.count({ where: { openDayId: openDay.id } }), 0)
  })

  it('creates one comment for the same key sent twice, and both answers lead to the same page', async () => {
    const openDay = await openDayNow()
    const agent = anonymous()
    const { csrf, key } = await openPage(agent, openDay.observerToken)
    const fields = { _csrf: csrf, idempotencyKey: key, ...comment() }
    const first = await postComment(agent, openDay.observerToken, fields)
    const second = await postComment(agent, openDay.observerToken, fields)
    assert.equal(first.status, 303)
    assert.equal(second.status, 303)
    assert.equal(second.headers.location, first.headers.location)
    assert.equal(await db.comment.count({ where: { openDayId: openDay.id } }), 1)
  })

  it('creates one comment when the same key arrives concurrently', async () => {
    const openDay = await openDayNow()
    const agent = anonymous()
    const { csrf, key } = await openPage(agent, openDay.observerToken)
    const fields = { _csrf: csrf, idempotencyKey: key, ...comment() }
    const answers = await Promise.all([1, 2, 3].map(() => postComment(agent, openDay.observerToken, fields)))
    assert.deepEqual(answers.map((r) => r.status), [303, 303, 303])
    assert.equal(new Set(answers.map((r) => r.headers.location)).size, 1)
    assert.equal(await db.comment.count({ where: { openDayId: openDay.id } }), 1)
  })

  it('settles a race past the first look-up with the unique index', async () => {
    const openDay = await openDayNow()
    const found = await openDayByToken(openDay.observerToken)
    const input = { ...comment(), anonymous: false, scores: {}, idempotencyKey: crypto.randomUUID(), invite: null }
    const results = await Promise.all([1, 2, 3, 4].map(() => createComment(found, input)))
    assert.deepEqual(results.map((r) => r.created).sort(), [false, false, false, true])
    assert.equal(new Set(results.map((r) => r.editToken)).size, 1)
    assert.equal(await db.comment.count({ where: { openDayId: openDay.id } }), 1)
  })

  it('stores through its prepared insert what a Prisma create stores', async () => {
    const openDay = await openDayNow({ holdComments: true })
    const found = await openDayByToken(openDay.observerToken)
    const now = new Date(Date.now() - 1000)
    const input = { ...comment(), authorUnit: null, anonymous: false, scores: { 形式: 4 }, idempotencyKey: crypto.randomUUID(), invite: null }
    const { editToken } = await createComment(found, input, now)
    const fast = await db.comment.findUniqueOrThrow({ where: { editToken } })
    const viaPrisma = await db.comment.create({
      data: { openDayId: openDay.id, authorName: input.authorName, authorUnit: null, learnings: input.learnings, suggestions: input.suggestions, idempotencyKey: crypto.randomUUID(), status: 'pending', createdAt: now, updatedAt: now },
    })
    assert.equal(await db.commentScore.count({ where: { commentId: fast.id } }), 1, 'the score is a row, written with the comment')
    const strip = ({ id: _i, idempotencyKey: _k, editToken: _e, ...rest }: typeof fast) => rest
    assert.deepEqual(strip(fast), strip(viaPrisma))
    assert.equal(fast.createdAt.getTime(), now.getTime())
  })

  it('waits for an open Prisma transaction instead of writing inside it', async () => {
    const openDay = await openDayNow()
    const found = await openDayByToken(openDay.observerToken)
    let release = () => {}
    let started = () => {}
    const inside = new Promise<void>((resolve) => (started = resolve))
    const held = db.$transaction(async (tx) => {
      await tx.branch.count()
      started()
      await new Promise<void>((resolve) => (release = resolve))
      throw new Error('rolled back')
    })
    await inside
    const pending = createComment(found, { ...comment(), anonymous: false, scores: {}, idempotencyKey: crypto.randomUUID(), invite: null })
    release()
    await assert.rejects(held, /rolled back/)
    assert.equal((await pending).created, true)
    assert.equal(await db.comment.count({ where: { openDayId: openDay.id } }), 1)
  })

  it('refuses a key that belongs to another event’s comment', async () => {
    const first = await openDayNow()
    const second = await openDayNow()
    const agent = anonymous()
    const { csrf, key } = await openPage(agent, first.observerToken)
    await postComment(agent, first.observerToken, { _csrf: csrf, idempotencyKey: key, ...comment() })
    const res = await postComment(agent, second.observerToken, { _csrf: csrf, idempotencyKey: key, ...comment() })
    assert.equal(res.status, 422)
    assert.match(res.text, /页面已过期/)
    assert.equal(await db.comment.count({ where: { openDayId: second.id } }), 0)
  })

  it('accepts anonymous comments only where the event allows them', async () => {
    const strict = await openDayNow()
    const agent = anonymous()
    let { csrf, key } = await openPage(agent, strict.observerToken)
    const refused = await postComment(agent, strict.observerToken, { _csrf: csrf, idempotencyKey: key, ...comment({ anonymous: '1' }) })
    assert.equal(refused.status, 422)
    assert.match(refused.text, /本次开放日不接受匿名点评/)
    assert.equal(await db.comment.count({ where: { openDayId: strict.id } }), 0)

    const open = await openDayNow({ allowAnonymous: true })
    ;({ csrf, key } = await openPage(agent, open.observerToken))
    const page = await agent.get(`/o/${open.observerToken}`)
    assert.match(page.text, /name="anonymous"/)
    assert.match(page.text, /匿名发表/)
    const res = await postComment(agent, open.observerToken, { _csrf: csrf, idempotencyKey: key, ...comment({ anonymous: '1', authorName: '' }) })
    assert.equal(res.status, 303)
    const row = await db.comment.findFirstOrThrow({ where: { openDayId: open.id } })
    assert.equal(row.authorName, null)
    assert.equal(row.authorUnit, null)
    assert.match((await agent.get(res.headers.location)).text, /<p class="muted">匿名<\/p>/)
  })

  it('holds a comment for approval when the event holds comments', async () => {
    const openDay = await openDayNow({ holdComments: true })
    const agent = anonymous()
    const location = await commentOnce(agent, openDay.observerToken)
    assert.equal((await db.comment.findFirstOrThrow({ where: { openDayId: openDay.id } })).status, 'pending')
    assert.match((await agent.get(location)).text, /将在支部审核后显示在点评墙上/)
  })

  it('escapes what observers type', async () => {
    const openDay = await openDayNow()
    const agent = anonymous()
    const location = await commentOnce(agent, openDay.observerToken, { authorName: '<img src=x onerror=alert(1)>', learnings: '<script>alert(1)</script>' })
    const thanks = await agent.get(location)
    assert.doesNotMatch(thanks.text, /<script>alert|<img src=x/)
    assert.match(thanks.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/)
    assert.match(thanks.text, /&lt;img src=x onerror=alert\(1\)&gt;/)
  })
})

describe('the thank-you page /o/:token/comments/:editToken', () => {
  it('lets the author edit their comment with the same rules', async () => {
    const openDay = await openDayNow()
    const agent = anonymous()
    const location = await commentOnce(agent, openDay.observerToken)
    const page = await agent.get(location)
    assert.match(page.text, /修改点评/)
    assert.match(page.text, /<textarea id="f-learnings"[^>]*>流程规范，誓词环节庄重。<\/textarea>/)

    const bad = await agent.post(location).type('form').send({ _csrf: csrfOf(page.text), ...comment({ learnings: '', suggestions: '', authorName: '王建国（改）' }) })
    assert.equal(bad.status, 422)
    assert.match(bad.text, /id="f-learnings-err">请至少填写/)
    assert.match(bad.text, /value="王建国（改）"/)
    assert.match(bad.text, /<details class="edit-comment" open>/)

    const res = await agent.post(location).type('form').send({ _csrf: csrfOf(page.text), ...comment({ suggestions: '建议增加互动环节。', score_转化: '3' }) })
    assert.equal(res.status, 303)
    assert.equal(res.headers.location, location)
    const row = await db.comment.findFirstOrThrow({ where: { openDayId: openDay.id } })
    assert.equal(row.suggestions, '建议增加互动环节。')
    assert.deepEqual(await storedScores(db, row.id), { 转化: 3 })
    const after = await agent.get(location)
    assert.match(after.text, /修改已保存。/)
    assert.match(after.text, /建议增加互动环节。/)
    assert.equal(await db.comment.count({ where: { openDayId: openDay.id } }), 1)
  })

  it('sends an edited comment back for approval when comments are held', async () => {
    const openDay = await openDayNow({ holdComments: true })
    const agent = anonymous()
    const location = await commentOnce(agent, openDay.observerToken)
    await db.comment.updateMany({ where: { openDayId: openDay.id }, data: { status: 'visible' } })
    const page = await agent.get(location)
    const res = await agent.post(location).type('form').send({ _csrf: csrfOf(page.text), ...comment({ learnings: '改过的内容' }) })
    assert.equal(res.status, 303)
    assert.equal((await db.comment.findFirstOrThrow({ where: { openDayId: openDay.id } })).status, 'pending')
  })

  it('is a 404 under another event’s link', async () => {
    const openDay = await openDayNow()
    const other = await openDayNow()
    const agent = anonymous()
    const location = await commentOnce(agent, openDay.observerToken)
    const editToken = location.split('/').pop()
    const page = await agent.get(location)
    assert.equal((await agent.get(`/o/${other.observerToken}/comments/${editToken}`)).status, 404)
    const post = await agent.post(`/o/${other.observerToken}/comments/${editToken}`).type('form').send({ _csrf: csrfOf(page.text), ...comment({ learnings: '篡改' }) })
    assert.equal(post.status, 404)
    assert.equal((await agent.get(`/o/${openDay.observerToken}/comments/no-such-token`)).status, 404)
    assert.notEqual((await db.comment.findFirstOrThrow({ where: { openDayId: openDay.id } })).learnings, '篡改')
  })

  it('stops editing once commenting closes', async () => {
    const openDay = await openDayNow()
    const agent = anonymous()
    const location = await commentOnce(agent, openDay.observerToken)
    const page = await agent.get(location)
    await db.openDay.update({ where: { id: openDay.id }, data: { commentsCloseAt: new Date(Date.now() - 1000) } })
    const closed = await agent.get(location)
    assert.equal(closed.status, 200)
    assert.match(closed.text, /点评已不能修改/)
    assert.doesNotMatch(closed.text, /修改点评/)
    const res = await agent.post(location).type('form').send({ _csrf: csrfOf(page.text), ...comment({ learnings: '太晚了' }) })
    assert.equal(res.status, 409)
    assert.notEqual((await db.comment.findFirstOrThrow({ where: { openDayId: openDay.id } })).learnings, '太晚了')
  })
})

/** a comment as the service receives it after the form’s checks; `scores` by criterion name */
const sent = (scores: Record<string, number> = {}) =>
  ({ ...comment(), anonymous: false, scores, idempotencyKey: crypto.randomUUID(), invite: null })
const PATHS = [['its one insert', {}], ['with score rows', { 形式: 5, 主题: 4 }]] as const

/** a held open day taking comments, and the open day as the comment POST checked it */
async function checkedOpenDay() {
  const openDay = await openDayNow({ status: 'held' })
  return { openDay, checked: await openDayByToken(openDay.observerToken) }
}

/** until the comment's write waits: on PostgreSQL for the open day's row, on SQLite for the open transaction */
async function untilWaiting(): Promise<void> {
  if (!postgres) return new Promise((resolve) => setTimeout(resolve, 50))
  const waiting = `SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE datname = current_database() AND wait_event_type = 'Lock'`
  for (let tries = 0; tries < 200; tries++) {
    const [row] = await db.$queryRawUnsafe<{ n: number }[]>(waiting)
    if (row!.n > 0) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  assert.fail('the comment never waited for the finalisation in flight')
}

describe('a new comment racing the lock (its window is read again inside the insert)', () => {
  for (const [path, scores] of PATHS) {
    it(`is refused when the record locked after the form’s check: ${path}`, async () => {
      for (const [status, message] of [['reviewed', /点评已于.*截止/], ['cancelled', /本次开放日已取消/]] as const) {
        const { openDay, checked } = await checkedOpenDay()
        await db.openDay.update({ where: { id: openDay.id }, data: { status } })
        await assert.rejects(createComment(checked, sent(scores)), { status: 409, message })
        assert.equal(await db.comment.count({ where: { openDayId: openDay.id } }), 0)
      }
    })

    it(`waits for a finalisation in flight, then is refused: ${path}`, async () => {
      const { openDay, checked } = await checkedOpenDay()
      let release = () => {}
      let locked = () => {}
      const inside = new Promise<void>((resolve) => (locked = resolve))
      const finalising = db.$transaction(async (tx) => {
        await tx.openDay.update({ where: { id: openDay.id }, data: { status: 'reviewed' } })
        await freezeRecord(tx, openDay.id)
        locked()
        await new Promise<void>((resolve) => (release = resolve))
      })
      await inside
      const pending = createComment(checked, sent(scores))
      pending.catch(() => undefined)
      await untilWaiting()
      release()
      await finalising
      await assert.rejects(pending, { status: 409, message: /点评已于.*截止/ })
      assert.equal(await db.comment.count({ where: { openDayId: openDay.id } }), 0)
    })
  }

  it('is refused when the comment times moved after the form’s check', async () => {
    const closed = { commentsCloseAt: new Date(Date.now() - 1000) }
    const ended = { startsAt: new Date(Date.now() - 26 * HOUR), endsAt: new Date(Date.now() - 24 * HOUR - 1000) }
    const later = { commentsOpenAt: new Date(Date.now() + HOUR) }
    const moves = [[closed, /点评已于.*截止/], [ended, /点评已于.*截止/], [later, /点评尚未开始/]] as const
    for (const [data, message] of moves) {
      const { openDay, checked } = await checkedOpenDay()
      await db.openDay.update({ where: { id: openDay.id }, data })
      await assert.rejects(createComment(checked, sent()), { status: 409, message })
      assert.equal(await db.comment.count({ where: { openDayId: openDay.id } }), 0)
    }
  })

  it('refuses an edit inside its write when the times moved after the edit page was read', async () => {
    const { openDay, checked } = await checkedOpenDay()
    const { editToken } = await createComment(checked, sent())
    const own = await ownComment(openDay.id, editToken)
    await db.openDay.update({ where: { id: openDay.id }, data: { commentsCloseAt: new Date(Date.now() - 1000) } })
    const edit = { ...comment({ learnings: '截止后改的' }), anonymous: false, scores: {} }
    await assert.rejects(updateComment(checked, own, edit), { status: 409, message: /点评已于.*截止/ })
    assert.notEqual((await db.comment.findUniqueOrThrow({ where: { editToken } })).learnings, '截止后改的')
  })

  it('answers a retry of a comment made before the lock as that comment, once', async () => {
    for (const [, scores] of PATHS) {
      const { openDay, checked } = await checkedOpenDay()
      const input = sent(scores)
      const first = await createComment(checked, input)
      await db.openDay.update({ where: { id: openDay.id }, data: { status: 'reviewed' } })
      assert.deepEqual(await createComment(checked, input), { editToken: first.editToken, created: false })
      assert.equal(await db.comment.count({ where: { openDayId: openDay.id } }), 1)
    }
  })

  it('takes a room’s scored comments at once: their row locks never deadlock', async () => {
    const { openDay, checked } = await checkedOpenDay()
    const inputs = Array.from({ length: 8 }, (_, i) => sent(i % 2 ? { 形式: 5 } : {}))
    const results = await Promise.all(inputs.map((input) => createComment(checked, input)))
    assert.ok(results.every((r) => r.created))
    assert.equal(await db.comment.count({ where: { openDayId: openDay.id } }), 8)
  })
})

// last in the file: the per-address counter sees every POST made above
/** the open day's data version, which the triggers bump (src/cache/triggers.ts) */
const dataVersion = async (id: number) =>
  (await db.openDay.findUniqueOrThrow({ where: { id }, select: { dataVersion: true } })).dataVersion

describe('a scored comment and the caches (score rows are written with a new comment or an edit, which bump)', () => {
  /** the office's summary and wall of the open day, read (and cached) now */
  async function pages(openDayId: number) {
    const office = (await loginAsOffice()).agent
    const read = async () => {
      const summary = await office.get(`/open-days/${openDayId}/summary`)
      const wall = await office.get(`/open-days/${openDayId}/wall`)
      assert.deepEqual([summary.status, wall.status], [200, 200])
      return { summary: summary.text, wall: wall.text }
    }
    return { read, first: await read() }
  }

  it('leaves the data version alone; the cached summary and wall still show it with its scores', async () => {
    const openDay = await openDayNow()
    const phone = anonymous()
    await openPage(phone, openDay.observerToken)
    const { read, first } = await pages(openDay.id)
    assert.doesNotMatch(first.summary, /平均评分/)
    const before = await dataVersion(openDay.id)
    await commentOnce(phone, openDay.observerToken, { learnings: '评分的新点评。', score_形式: '5', score_主题: '3' })
    assert.equal(await dataVersion(openDay.id), before, 'neither the comment nor its score rows bump')
    const { summary, wall } = await read()
    assert.match(summary, /评分的新点评。/)
    assert.match(summary, /平均评分（5 分制）：形式 5\.0（1 人）；主题 3\.0（1 人）/)
    assert.match(wall, /评分的新点评。/)
  })

  it('refreshes the summary’s averages after an edit of only the scores (also of an unscored one)', async () => {
    const openDay = await openDayNow()
    const phone = anonymous()
    const location = await commentOnce(phone, openDay.observerToken)
    const { read, first } = await pages(openDay.id)
    assert.doesNotMatch(first.summary, /平均评分/)
    const edit = async (scores: Record<string, string>) => {
      const page = await phone.get(location)
      const res = await phone.post(location).type('form').send({ _csrf: csrfOf(page.text), ...comment(), ...scores })
      assert.equal(res.status, 303, res.text)
      return (await read()).summary
    }
    assert.match(await edit({ score_形式: '4' }), /平均评分（5 分制）：形式 4\.0（1 人）/)
    assert.match(await edit({ score_形式: '2' }), /平均评分（5 分制）：形式 2\.0（1 人）/)
    assert.doesNotMatch(await edit({}), /平均评分/)
  })

  it('bumps the data version when a scored comment is deleted, and the summary and wall drop it', async () => {
    const openDay = await openDayNow()
    const phone = anonymous()
    await commentOnce(phone, openDay.observerToken, { learnings: '将被删除的点评。', score_形式: '5' })
    const { read, first } = await pages(openDay.id)
    assert.match(first.summary, /将被删除的点评。/)
    const before = await dataVersion(openDay.id)
    await db.comment.deleteMany({ where: { openDayId: openDay.id } })
    assert.ok((await dataVersion(openDay.id)) > before)
    const { summary, wall } = await read()
    assert.doesNotMatch(summary, /将被删除的点评。|平均评分/)
    assert.doesNotMatch(wall, /将被删除的点评。/)
  })
})

describe('rate limits', () => {
  it('limits comments per link, with a Chinese message', async () => {
    const openDay = await openDayNow()
    const agent = anonymous()
    const { csrf } = await openPage(agent, openDay.observerToken)
    for (let i = 0; i < 5; i++) {
      const res = await postComment(agent, openDay.observerToken, { _csrf: csrf, idempotencyKey: crypto.randomUUID(), ...comment() })
      assert.equal(res.status, 303)
    }
    const res = await postComment(agent, openDay.observerToken, { _csrf: csrf, idempotencyKey: crypto.randomUUID(), ...comment() })
    assert.equal(res.status, 429)
    assert.match(res.text, /这次开放日的点评提交过于集中，请 10 分钟后再试/)
    const json = await postComment(agent, openDay.observerToken, { _csrf: csrf, idempotencyKey: crypto.randomUUID(), ...comment() }, { json: true })
    assert.equal(json.status, 429)
    assert.match(json.body.error, /提交过于集中/)
    assert.equal(await db.comment.count({ where: { openDayId: openDay.id } }), 5)
  })

  it('limits comments per address across links', async () => {
    const agent = anonymous()
    let limited = null
    for (let n = 0; n < 61 && !limited; n++) {
      const openDay = await openDayNow()
      const { csrf, key } = await openPage(agent, openDay.observerToken)
      const res = await postComment(agent, openDay.observerToken, { _csrf: csrf, idempotencyKey: key, ...comment() })
      if (res.status === 429) limited = res
      else assert.equal(res.status, 303)
    }
    assert.ok(limited, 'the 61st POST from one address at the latest is refused')
    assert.match(limited.text, /提交太频繁：同一网络 10 分钟内最多提交 60 次/)
  })
})

describe('GET /o/:token — the agenda', () => {
  it('lists the segments with planned times and marks the one in progress', async () => {
    const openDay = await openDayNow()
    await db.segment.createMany({
      data: [
        { openDayId: openDay.id, position: 1, kind: 'dues', title: '收缴党费', plannedMinutes: 10, startedAt: new Date(Date.now() - 50 * 60 * 1000), endedAt: new Date(Date.now() - 40 * 60 * 1000) },
        { openDayId: openDay.id, position: 2, kind: 'oath', title: '重温入党誓词', plannedMinutes: 5, startedAt: new Date(Date.now() - 40 * 60 * 1000) },
        { openDayId: openDay.id, position: 3, kind: 'reading', title: '集体诵读', plannedMinutes: 10 },
      ],
    })
    const { page } = await openPage(anonymous(), openDay.observerToken)
    assert.match(page.text, /<li class=" done">\s*<span class="agenda-time">[\d:–]+<\/span> 收缴党费/)
    assert.match(page.text, /aria-current="step">\s*<span class="agenda-time">[\d:–]+<\/span> 重温入党誓词 <strong class="now-tag">进行中<\/strong>/)
    assert.match(page.text, /集体诵读/)
  })
})

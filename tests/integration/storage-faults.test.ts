import { createSegment, jpeg, upload } from '../helpers/photos.ts'
import { formsOf, filled } from '../helpers/forms.ts'
import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { after, afterEach, describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { createOpenDay, createUser, PASSWORD } from '../helpers/factories.ts'
import { anonymous, csrfOf, loginAsSecretary, type Agent } from '../helpers/http.ts'
import { postgres, tuneDatabase } from '../../src/db.ts'

const FULL = /服务器存储空间不足，请联系管理员/
const READONLY = /服务器存储当前为只读，无法保存，请联系管理员/
const HOUR = 3600_000

await tuneDatabase()
const pragma = (sql: string) => (postgres ? Promise.resolve() : db.$queryRawUnsafe(`PRAGMA ${sql}`))
afterEach(async () => {
  await pragma('query_only = 0')
  await pragma('max_page_count = 1073741823')
})
after(() => pragma('query_only = 0'))

/** a secretary, a held open day with one segment, and its observers' page open for comments */
async function scene() {
  const { agent, branchId } = await loginAsSecretary()
  const openDay = await createOpenDay(branchId, { status: 'held' })
  await db.openDay.update({ where: { id: openDay.id }, data: { commentsOpenAt: new Date(Date.now() - HOUR), commentsCloseAt: new Date(Date.now() + HOUR) } })
  const segment = await createSegment(db, openDay.id)
  const observer = anonymous()
  return { agent, openDay, segment, observer }
}

/** the phone page's comment form, filled */
async function commentForm(observer: Agent, token: string, text: string) {
  const form = formsOf((await observer.get(`/o/${token}`)).text).find((f) => f.action.endsWith('/comments'))!
  const body = new URLSearchParams(filled(form, text))
  body.set('authorName', '王建国')
  body.set('authorUnit', '机关第二党支部')
  return { action: form.action, body: body.toString() }
}

async function recordForm(agent: Agent, openDayId: number, segmentId: number, text: string) {
  const page = await agent.get(`/open-days/${openDayId}/segments/${segmentId}/record`)
  const form = formsOf(page.text).find((f) => f.action.endsWith(`/segments/${segmentId}/record`))!
  return { action: form.action, body: filled(form, text) }
}

/** posts until the answer is not a success; every failure must be `status` with `message` */
async function untilRefused(what: string, send: (i: number) => Promise<{ status: number; text: string }>, message: RegExp, tries = 60): Promise<number> {
  for (let i = 1; i <= tries; i++) {
    const res = await send(i)
    if (res.status < 400) continue
    assert.equal(res.status, 503, res.text.slice(0, 300))
    assert.match(res.text, message)
    return i
  }
  assert.fail(`${what}: still accepted after ${tries} tries`)
}

describe('a read-only database (SQLITE_READONLY)', { skip: postgres && 'SQLite only: faults made with PRAGMAs' }, () => {
  it('answers every write with 503, a refused CSRF token included, and /healthz reports it', async () => {
    const { agent, openDay, segment, observer } = await scene()
    const user = await createUser('viewer')
    const c = await commentForm(observer, openDay.observerToken, '流程规范')
    const r = await recordForm(agent, openDay.id, segment.id, '记录')
    const loginAgent = anonymous()
    const loginToken = csrfOf((await loginAgent.get('/login')).text)
    assert.deepEqual((await anonymous().get('/healthz')).body, { status: 'ok', database: 'ok' })
    await pragma('query_only = 1')

    for (const res of [
      await observer.post(c.action).type('form').send(c.body),
      await agent.post(r.action).type('form').send(r.body),
      await upload(agent, openDay.id, segment.id, { filename: 'b.jpg', bytes: await jpeg(120, 80) }),
      await loginAgent.post('/login').type('form').send({ _csrf: loginToken, username: user.username, password: PASSWORD }),
      // a session that could not be saved looks like a stale page: the database is asked before saying 403
      await anonymous().post('/login').type('form').send({ _csrf: 'stale', username: user.username, password: PASSWORD }),
    ]) {
      assert.equal(res.status, 503, res.text.slice(0, 300))
      assert.match(res.text, READONLY)
    }
    const health = await anonymous().get('/healthz')
    assert.deepEqual([health.status, health.body], [503, { status: 'error', database: 'unwritable (readonly)' }])
  })
})

describe('a full database (SQLITE_FULL: max_page_count caps the file at its size)', { skip: postgres && 'SQLite only: faults made with PRAGMAs' }, () => {
  it('answers comments, record saves, uploads and logins with 503 and says the storage is full', async () => {
    const { agent, openDay, segment, observer } = await scene()
    const user = await createUser('viewer')
    await pragma(`max_page_count = ${Number(((await pragma('page_count')) as { page_count: bigint }[])[0].page_count)}`)
    const big = (i: number) => `点评内容${i}`.repeat(120)

    await untilRefused('comment', async (i) => {
      const c = await commentForm(observer, openDay.observerToken, big(i))
      return observer.post(c.action).type('form').send(c.body)
    }, FULL)
    const json = await (async () => {
      const c = await commentForm(observer, openDay.observerToken, big(99))
      return observer.post(c.action).type('form').set('Accept', 'application/json').send(c.body)
    })()
    assert.deepEqual([json.status, json.body.error], [503, '服务器存储空间不足，请联系管理员。'])
    await untilRefused('record', async (i) => {
      const r = await recordForm(agent, openDay.id, segment.id, big(i).repeat(4))
      return agent.post(r.action).type('form').send(r.body)
    }, FULL)
    await untilRefused('upload', async () => upload(agent, openDay.id, segment.id, { filename: 'a.jpg', bytes: await jpeg(200 + Math.floor(Math.random() * 100), 100) }), FULL)
    // each login stores a session row: sooner or later one cannot be saved
    await untilRefused('login', async () => {
      const a = anonymous()
      const token = csrfOf((await a.get('/login')).text)
      return a.post('/login').type('form').send({ _csrf: token, username: user.username, password: PASSWORD })
    }, FULL)
  })
})

// Sessions cost nothing when nothing changed: no row for anonymous pages, no write per request,
// the session and its user in one statement, a cookie-bound CSRF token for anonymous forms.
import '../helpers/count-sql.ts'
import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { createBranch } from '../helpers/factories.ts'
import { anonymous, csrfOf, loginAsOffice, type Agent } from '../helpers/http.ts'
import { sqlStatements } from '../../src/db.ts'
import { sweepExpiredSessions, TOUCH_INTERVAL_MS } from '../../src/web/session.ts'

const HOUR = 60 * 60 * 1000
const sessions = () => db.session.findMany({ orderBy: { id: 'asc' } })

async function openDayNow() {
  const branch = await createBranch()
  return db.openDay.create({
    data: { branchId: branch.id, theme: `会话测试${branch.id}`, startsAt: new Date(Date.now() - HOUR), endsAt: new Date(Date.now() + HOUR), place: '机关党员活动室', status: 'approved' },
  })
}

function commentFields(html: string, csrf: string | undefined) {
  const key = html.match(/name="idempotencyKey" value="([^"]+)"/)?.[1] ?? ''
  return { ...(csrf === undefined ? {} : { _csrf: csrf }), idempotencyKey: key, authorName: '王建国', authorUnit: '机关第二党支部', learnings: '流程规范。', suggestions: '可以更聚焦。' }
}

/** the one session row behind a logged-in agent */
async function rowOf(agent: Agent) {
  const res = await agent.get('/account/password')
  assert.equal(res.status, 200)
  const all = await sessions()
  const row = all.find((s) => JSON.parse(s.data).csrfToken === csrfOf(res.text))
  assert.ok(row, 'the logged-in session has a row')
  return row
}

describe('sessions', () => {
  it('an anonymous GET of the observer page, the sign-in page or /login writes no session row', async () => {
    const openDay = await openDayNow()
    const before = await db.session.count()
    const browser = anonymous()
    for (const path of [`/o/${openDay.observerToken}`, `/s/${openDay.signInToken}`, '/login']) {
      const res = await browser.get(path)
      assert.ok(res.status === 200 || res.status === 404, `${path}: ${res.status}`)
      assert.ok(!String(res.headers['set-cookie'] ?? '').includes('openday.sid'), `${path} sets no session cookie`)
    }
    assert.equal(await db.session.count(), before)
  })

  it('a logged-in GET neither writes the session nor asks for the user separately', async () => {
    const { agent } = await loginAsOffice()
    const row = await rowOf(agent)
    const before = sqlStatements()
    const res = await agent.get('/account/password')
    assert.equal(res.status, 200)
    // the settings counter comes with the session: the footer names the committee as 设置 has it now, whichever
    // instance renamed it, without a read of its own
    assert.equal(sqlStatements() - before, 1, 'one statement: the session with its user and the settings counter')
    const after = await db.session.findUniqueOrThrow({ where: { id: row.id } })
    assert.deepEqual(after, row)
  })

  it('touches the session once its stored expiry is older than the interval', async () => {
    const { agent } = await loginAsOffice()
    const row = await rowOf(agent)
    const aged = new Date(row.expiresAt.getTime() - TOUCH_INTERVAL_MS - 1000)
    await db.session.update({ where: { id: row.id }, data: { expiresAt: aged } })
    assert.equal((await agent.get('/account/password')).status, 200)
    const touched = await db.session.findUniqueOrThrow({ where: { id: row.id } })
    assert.ok(touched.expiresAt.getTime() > Date.now() + 11 * HOUR, 'expiry moved 12 hours ahead')
    assert.equal(touched.data, row.data)
  })

  it('an expired row logs out, and the sweep deletes only expired rows', async () => {
    const { agent } = await loginAsOffice()
    const row = await rowOf(agent)
    await db.session.update({ where: { id: row.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    const res = await agent.get('/account/password')
    assert.equal(res.status, 302)
    const { agent: other } = await loginAsOffice()
    const live = await rowOf(other)
    assert.ok((await sweepExpiredSessions()) >= 1)
    const left = await sessions()
    assert.ok(!left.some((s) => s.id === row.id))
    assert.ok(left.some((s) => s.id === live.id))
  })

  it('a disabled account’s session ends on its next request', async () => {
    const { user, agent } = await loginAsOffice()
    await rowOf(agent)
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } })
    assert.equal((await agent.get('/account/password')).status, 302)
  })
})

describe('CSRF on anonymous forms', () => {
  it('a fresh browser comments with the token of its page, and no session row is needed to read it', async () => {
    const openDay = await openDayNow()
    const browser = anonymous()
    const page = await browser.get(`/o/${openDay.observerToken}`)
    const res = await browser.post(`/o/${openDay.observerToken}/comments`).type('form').set('Accept', 'application/json').send(commentFields(page.text, csrfOf(page.text)))
    assert.equal(res.status, 201, res.text)
    assert.equal(await db.comment.count({ where: { openDayId: openDay.id } }), 1)
  })

  it('refuses a comment without a token, or with another browser’s token', async () => {
    const openDay = await openDayNow()
    const browser = anonymous()
    const page = await browser.get(`/o/${openDay.observerToken}`)
    const missing = await browser.post(`/o/${openDay.observerToken}/comments`).type('form').send(commentFields(page.text, undefined))
    assert.equal(missing.status, 403)
    assert.match(missing.text, /页面已过期/)
    const otherPage = await anonymous().get(`/o/${openDay.observerToken}`)
    const foreign = await browser.post(`/o/${openDay.observerToken}/comments`).type('form').send(commentFields(page.text, csrfOf(otherPage.text)))
    assert.equal(foreign.status, 403)
    assert.equal(await db.comment.count({ where: { openDayId: openDay.id } }), 0)
  })

  it('a logged-in session accepts only its own token, not a cookie-bound one', async () => {
    const openDay = await openDayNow()
    const { agent } = await loginAsOffice()
    const anon = await anonymous().get(`/o/${openDay.observerToken}`)
    const res = await agent.post('/account/password').type('form').send({ _csrf: csrfOf(anon.text), currentPassword: 'x', newPassword: 'y', confirmPassword: 'y' })
    assert.equal(res.status, 403)
  })

  it('two tabs opened at the same instant right after login both post (the token is made at login)', async () => {
    const { agent } = await loginAsOffice()
    // each tab loads its form and posts it, side by side, with no page viewed since the login
    const tab = async (i: number) => {
      const page = await agent.get('/')
      return agent.post('/branches').type('form').send({ _csrf: csrfOf(page.text), name: `同时打开的标签页${i}` })
    }
    const posts = await Promise.all([0, 1, 2, 3].map(tab))
    assert.deepEqual(posts.map((r) => r.status), [302, 302, 302, 302])
    assert.equal(await db.branch.count({ where: { name: { startsWith: '同时打开的标签页' } } }), 4)
  })
})

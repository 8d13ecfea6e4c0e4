import { createSegment, jpeg } from '../helpers/photos.ts'
import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { describe, it } from 'node:test'
import request from 'supertest'
import { db } from '../helpers/app.ts'
import { createOpenDay, createUser, PASSWORD } from '../helpers/factories.ts'
import { csrfOf } from '../helpers/http.ts'
import { buildApp } from '../../src/app.ts'
import { createLogger } from '../../src/web/logger.ts'

/** the app with an info-level logger writing into `lines` */
function loggedApp() {
  const lines: string[] = []
  const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(...String(chunk).split('\n').filter(Boolean)), done()) })
  return { app: buildApp({ log: createLogger('info', stream) }), lines }
}

describe('request logs', () => {
  it('never hold the session id, the cookie or the CSRF token, and say who did what in one readable line', async () => {
    const { app, lines } = loggedApp()
    const user = await createUser('secretary')
    await db.user.update({ where: { id: user.id }, data: { branchId: (await db.branch.create({ data: { name: '日志党支部' } })).id } })
    const openDay = await createOpenDay((await db.user.findUniqueOrThrow({ where: { id: user.id } })).branchId!, { status: 'held' })
    const segment = await createSegment(db, openDay.id)
    const agent = request.agent(app)
    const loginToken = csrfOf((await agent.get('/login')).text)
    const login = await agent.post('/login').type('form').send({ _csrf: loginToken, username: user.username, password: PASSWORD })
    assert.equal(login.status, 302)
    const cookie = /openday\.sid=([^;]+)/.exec(String(login.headers['set-cookie']))![1]
    const sessionId = /^s%3A([^.]+)\./.exec(cookie)![1]

    const page = await agent.get(`/open-days/${openDay.id}/record`)
    assert.equal(page.status, 200)
    const token = csrfOf(page.text)
    // a form in the body, a script's header, an upload in multipart, and an old page's token in the query string
    await agent.post('/account/password').type('form').send({ _csrf: token, currentPassword: 'wrong', newPassword: 'x', confirmPassword: 'x' })
    await agent.post(`/open-days/${openDay.id}/run/notes`).set('X-CSRF-Token', token).set('Accept', 'application/json').send({})
    const up = await agent
      .post(`/open-days/${openDay.id}/segments/${segment.id}/attachments`)
      .field('_csrf', token)
      .field('kind', 'photo')
      .attach('file', await jpeg(40, 30), { filename: 'a.jpg', contentType: 'image/jpeg' })
    assert.equal(up.status, 302)
    const old = await agent.post(`/open-days/${openDay.id}/segments/${segment.id}/attachments?_csrf=${token}`).attach('file', await jpeg(40, 30), 'b.jpg')
    assert.equal(old.status, 403, 'a token in the query string is no longer accepted')
    await agent.get('/no-such-page')

    const log = lines.join('\n')
    assert.ok(lines.length >= 7, log)
    for (const secret of [sessionId, cookie, decodeURIComponent(cookie), token, loginToken]) assert.equal(log.includes(secret), false, `leaked ${secret.slice(0, 12)}…`)
    const entry = lines.map((l) => JSON.parse(l)).find((e) => e.msg?.startsWith(`GET /open-days/${openDay.id}/record 200`))
    assert.ok(entry, log)
    assert.equal(entry.userId, user.id)
    assert.deepEqual([entry.req.method, entry.res.statusCode, typeof entry.responseTime], ['GET', 200, 'number'])
    assert.equal(entry.req.headers, undefined)
  })
})

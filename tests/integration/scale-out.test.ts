// Two app instances on one PostgreSQL database, as behind a proxy: runs with OPENDAY_TEST_DB=pg (skipped on SQLite,
// where one process owns the file).
import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import sharp from 'sharp'
import { db } from '../helpers/app.ts'
import { secretaryWithEvent } from '../helpers/attendance.ts'
import { Client } from '../helpers/browser-client.ts'
import { createBranch, createMember, createUser, PASSWORD } from '../helpers/factories.ts'
import { csrfOf } from '../helpers/http.ts'
import { testingPostgres } from '../helpers/pg.ts'
import { startServer, type Server } from '../helpers/server.ts'

const HOUR = 3600_000
const servers: Server[] = []
const url = (i: number, to: string) => `${servers[i % 2]!.url}${to}`
// the upload directory both instances share, as on a network file system
const uploads = mkdtempSync(path.join(os.tmpdir(), 'openday-shared-uploads-'))

describe('several instances, one PostgreSQL database', { skip: !testingPostgres && 'PostgreSQL only (OPENDAY_TEST_DB=pg)' }, () => {
  before(async () => {
    const env = { DATABASE_URL: process.env.DATABASE_URL!, UPLOAD_DIR: uploads, COMMENT_LIMIT_PER_IP: '100000', COMMENT_LIMIT_PER_LINK: '100000' }
    servers.push(...(await Promise.all([startServer(env), startServer(env)])))
  })
  after(async () => {
    await Promise.all(servers.map((s) => s.stop()))
    rmSync(uploads, { recursive: true, force: true })
  })

  it('a session made on one instance works on the other', async () => {
    const user = await createUser('office')
    const browser = new Client()
    const login = await browser.submit(url(0, '/login'), url(0, '/login'), { username: user.username, password: PASSWORD })
    assert.equal(login.status, 302)
    const page = await browser.request(url(1, '/settings'))
    assert.equal(page.status, 200)
    const out = await browser.submit(url(1, '/'), url(1, '/logout'), {})
    assert.equal(out.status, 302)
    assert.notEqual((await browser.request(url(0, '/settings'))).status, 200, 'logged out on the other instance too')
  })

  it('a setting changed on one instance shows on the other within a second, in the form and every footer', async () => {
    const user = await createUser('office')
    const browser = new Client()
    await browser.submit(url(0, '/login'), url(0, '/login'), { username: user.username, password: PASSWORD })
    assert.match((await browser.request(url(1, '/settings'))).text, /name="officeName"/) // B has cached the settings
    const name = `机关党委${randomUUID().slice(0, 4)}`
    const saved = await browser.submit(url(0, '/settings'), url(0, '/settings'), { officeName: name, attendanceThreshold: '80' })
    assert.equal(saved.status, 302)
    // every page's footer names the committee, also pages that read no settings themselves
    const footer = `<div class="wrap">${name} · 支部开放日管理</div></footer>`
    let start = Date.now()
    while (!(await browser.request(url(1, '/account/password'))).text.includes(footer)) {
      assert.ok(Date.now() - start < 1000, 'the footer on the other instance within a second')
      await new Promise((r) => setTimeout(r, 50))
    }
    start = Date.now()
    while (!(await browser.request(url(1, '/settings'))).text.includes(`value="${name}"`)) {
      assert.ok(Date.now() - start < 1000, 'seen on the other instance within a second')
      await new Promise((r) => setTimeout(r, 50))
    }
  })

  it('300 comments across both instances, each retried on the other: every one stored exactly once', async () => {
    const branch = await createBranch()
    const o = await db.openDay.create({
      data: { branchId: branch.id, theme: '扩容测试', place: '活动室', status: 'approved', startsAt: new Date(Date.now() - HOUR), endsAt: new Date(Date.now() + HOUR) },
    })
    const keys = Array.from({ length: 300 }, () => randomUUID())
    // comment n's attempt on instance i
    const post = async (i: number, n: number, key: string) => {
      const phone = new Client()
      // every other comment scores all five criteria: its rows go in a transaction of their own (no global turn)
      const scores: Record<string, string> = n % 2 ? { score_形式: '5', score_主题: '4', score_发言: '5', score_点评: '3', score_转化: '4' } : {}
      const fields = { idempotencyKey: key, authorName: `观摩${n}`, authorUnit: '单位', learnings: `可借鉴${n}`, suggestions: '', ...scores }
      return phone.submit(url(i, `/o/${o.observerToken}`), url(i, `/o/${o.observerToken}/comments`), fields)
    }
    const acknowledged = new Set<string>()
    // ten phones at a time; each comment goes to one instance and its retry to the other at once
    for (let at = 0; at < keys.length; at += 10) {
      await Promise.all(
        keys.slice(at, at + 10).map(async (key, j) => {
          const replies = await Promise.all([post(at + j, at + j, key), post(at + j + 1, at + j, key)])
          for (const r of replies) if (r.status === 201 || r.status === 200 || r.status === 303) acknowledged.add(key)
        }),
      )
    }
    const stored = await db.comment.findMany({ where: { openDayId: o.id }, select: { idempotencyKey: true, _count: { select: { criterionScores: true } } } })
    assert.equal(acknowledged.size, 300)
    assert.equal(stored.length, 300)
    assert.deepEqual(new Set(stored.map((c) => c.idempotencyKey)), new Set(keys))
    const byKey = new Map(stored.map((c) => [c.idempotencyKey, c._count.criterionScores]))
    assert.deepEqual(keys.map((k) => byKey.get(k)), keys.map((_, i) => (i % 2 ? 5 : 0)), 'each scored comment has its five scores once')
  })

  it('60 phones signing in across both instances (each tapping twice): each member present once', async () => {
    const { openDay } = await secretaryWithEvent({ members: [] })
    const members = await Promise.all(Array.from({ length: 60 }, (_, i) => createMember(openDay.branchId, { name: `党员${i}` })))
    await Promise.all(
      members.map(async (m, i) => {
        // the page from one instance; the tap and its repeat (a double tap, a retry) land on both
        const phone = new Client()
        const page = await phone.request(url(i, `/s/${openDay.signInToken}`))
        const form = { _csrf: csrfOf(page.text), memberId: String(m.id) }
        const replies = await Promise.all([0, 1].map((k) => phone.request(url(i + k, `/s/${openDay.signInToken}`), { form })))
        assert.deepEqual(replies.map((r) => r.status), [303, 303])
      }),
    )
    const rows = await db.attendance.findMany({ where: { openDayId: openDay.id, status: 'present' }, select: { memberId: true } })
    assert.equal(rows.length, 60)
    assert.equal(new Set(rows.map((r) => r.memberId)).size, 60)
  })

  it('the login throttle counts failures on both instances together', async () => {
    const user = await createUser('office')
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) {
      const r = await new Client().submit(url(i, '/login'), url(i, '/login'), { username: user.username, password: 'wrong-password' })
      statuses.push(r.status)
    }
    // 10 failures per address and username in 15 minutes (src/accounts/throttle.ts), five on each instance
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401))
    assert.equal(statuses[10], 429)
  })

  it('one photo sent six times at once to both instances: stored once in the shared folder, every answer names it', async () => {
    const { user, openDay } = await secretaryWithEvent({ members: [], status: 'held' })
    const segment = await db.segment.create({ data: { openDayId: openDay.id, position: 1, kind: 'oath', title: '重温入党誓词', plannedMinutes: 5 } })
    const browser = new Client()
    await browser.submit(url(0, '/login'), url(0, '/login'), { username: user.username, password: PASSWORD })
    const csrf = csrfOf((await browser.request(url(1, `/open-days/${openDay.id}/record`))).text)
    const photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#b71c1c' } }).jpeg().toBuffer()
    const replies = await Promise.all(
      Array.from({ length: 6 }, (_, i) => {
        const form = new FormData()
        for (const [k, v] of Object.entries({ _csrf: csrf, kind: 'photo', caption: '' })) form.set(k, v)
        form.set('file', new Blob([photo], { type: 'image/jpeg' }), '宣誓.jpg')
        const to = url(i, `/open-days/${openDay.id}/segments/${segment.id}/attachments`)
        return browser.request(to, { multipart: form, accept: 'application/json' })
      }),
    )
    assert.deepEqual(replies.map((r) => r.status), Array(6).fill(200), replies.map((r) => r.text).join('\n'))
    const rows = await db.attachment.findMany({ where: { segmentId: segment.id } })
    assert.equal(rows.length, 1)
    assert.deepEqual(replies.map((r) => (JSON.parse(r.text) as { id: number }).id), Array(6).fill(rows[0]!.id))
    assert.deepEqual(readdirSync(uploads).sort(), ['.incoming', rows[0]!.storedName, rows[0]!.thumbName].sort())
    assert.deepEqual(readdirSync(path.join(uploads, '.incoming')), [])
  })
})

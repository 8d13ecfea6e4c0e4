// deploy/nginx.conf as it stands, run by a real nginx in front of two compiled instances on one PostgreSQL database:
// TLS ends at nginx, the app sees https and each client's own address, requests land on both instances, and a
// restart one instance at a time (README: take it out, SIGTERM, start, /healthz, put it back) fails no request.
// Runs in the PostgreSQL pass; skipped without nginx only outside CI.
import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { createBranch, createUser, PASSWORD } from '../helpers/factories.ts'
import { csrfOf } from '../helpers/http.ts'
import { freePort, HttpsClient, nginxBinary, startInstance, startNginx, waitFor, deployConf, type Instance, type Nginx, type Ports, type Reply } from '../helpers/nginx.ts'
import { testingPostgres } from '../helpers/pg.ts'

const root = path.resolve(import.meta.dirname, '../..')
const HOUR = 3600_000
const skip = !testingPostgres ? 'PostgreSQL pass only (npm run test:integration:pg)' : !nginxBinary() && !process.env.CI && 'nginx is not installed'

describe('two instances behind nginx (deploy/nginx.conf)', { skip }, () => {
  let nginx: Nginx
  let ports: Ports
  const instances: Instance[] = []
  const clients: HttpsClient[] = []
  const client = (from?: string) => {
    const c = new HttpsClient(ports.https, nginx.ca, from)
    clients.push(c)
    return c
  }
  const env = {
    DATABASE_URL: process.env.DATABASE_URL!,
    SESSION_SECRET: 'nginx-test-secret-0123456789abcdef',
    TRUST_PROXY: '1',
    COMMENT_LIMIT_PER_IP: '100000',
    COMMENT_LIMIT_PER_LINK: '100000',
  }

  before(async () => {
    assert.ok(nginxBinary(), 'nginx is missing: .ci/run installs it')
    execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root }) // dist/ as of this source
    ports = { http: await freePort(), https: await freePort(), upstreams: [await freePort(), await freePort()] }
    instances.push(...(await Promise.all(ports.upstreams.map((p) => startInstance(p, env)))))
    nginx = await startNginx(ports)
  })
  after(async () => {
    for (const c of clients) c.close()
    await nginx?.stop()
    await Promise.all(instances.map((i) => i.stop()))
    if (nginx) rmSync(nginx.dir, { recursive: true, force: true })
  })

  async function login(c: HttpsClient, username: string, password = PASSWORD): Promise<Reply> {
    const page = await c.request('/login')
    return c.request('/login', { form: { _csrf: csrfOf(page.text), username, password } })
  }

  it('ends TLS: a Secure, HttpOnly, SameSite session cookie, https links and HSTS; plain HTTP is redirected', async () => {
    const user = await createUser('office')
    const branch = await createBranch()
    const o = await db.openDay.create({ data: { branchId: branch.id, theme: '代理测试', place: '活动室', startsAt: new Date(), endsAt: new Date(Date.now() + HOUR) } })
    const c = client()
    const signedIn = await login(c, user.username)
    assert.equal(signedIn.status, 302)
    const session = signedIn.setCookie.find((s) => !s.startsWith('openday.csrf'))
    assert.ok(session, 'the login sets the session cookie')
    assert.match(session, /; Secure/i)
    assert.match(session, /; HttpOnly/i)
    assert.match(session, /; SameSite=Lax/i)
    const page = await c.request(`/open-days/${o.id}`)
    assert.equal(page.status, 200)
    assert.match(page.text, new RegExp(`https://127\\.0\\.0\\.1/o/${o.observerToken}`), 'the observers\' link is https')
    assert.match(String(page.headers['strict-transport-security']), /max-age=/)
    const plain = await fetch(`http://127.0.0.1:${ports.http}/login`, { redirect: 'manual' })
    assert.equal(plain.status, 301)
    assert.equal(plain.headers.get('location'), 'https://127.0.0.1/login')
  })

  it('counts failed logins per client address, not per proxy (X-Forwarded-For from nginx only)', async () => {
    const user = await createUser('office')
    const first = client('127.0.0.2')
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) statuses.push((await login(first, user.username, 'wrong-password')).status)
    assert.deepEqual(statuses, [...Array(10).fill(401), 429])
    // a forged header does not make another client: nginx appends the real address, the app trusts one hop
    const forged = await first.request('/login')
    const again = await first.request('/login', {
      form: { _csrf: csrfOf(forged.text), username: user.username, password: 'wrong-password' },
      headers: { 'x-forwarded-for': '203.0.113.9' },
    })
    assert.equal(again.status, 429)
    // another phone, another address behind the same nginx: its own count
    assert.equal((await login(client('127.0.0.3'), user.username, 'wrong-password')).status, 401)
    assert.equal((await login(client('127.0.0.3'), user.username)).status, 302)
  })

  it('restarts one instance at a time under load: no failed request, every acknowledged comment stored once', async () => {
    const office = await createUser('office')
    const branch = await createBranch()
    const o = await db.openDay.create({
      data: { branchId: branch.id, theme: '重启测试', place: '活动室', status: 'approved', startsAt: new Date(Date.now() - HOUR), endsAt: new Date(Date.now() + HOUR) },
    })
    const logStart = nginx.accessLog().length
    const failures: string[] = []
    const acknowledged = new Set<string>()
    let sent = 0
    let running = true
    const send = async (c: HttpsClient, urlPath: string, expect: number, form?: Record<string, string>): Promise<Reply | undefined> => {
      sent++
      try {
        const r = await c.request(urlPath, form && { form })
        if (r.status !== expect) failures.push(`${form ? 'POST' : 'GET'} ${urlPath} ${r.status}`)
        return r
      } catch (err) {
        failures.push(`${form ? 'POST' : 'GET'} ${urlPath} ${(err as Error).message}`)
      }
    }
    const observer = async (n: number) => {
      const c = client()
      for (let i = 0; running; i++) {
        const page = await send(c, `/o/${o.observerToken}`, 200)
        if (page?.status !== 200) continue
        const key = randomUUID()
        const fields = { _csrf: csrfOf(page.text), idempotencyKey: key, authorName: `观摩${n}-${i}`, authorUnit: '单位', learnings: `可借鉴${i}`, suggestions: '' }
        if ((await send(c, `/o/${o.observerToken}/comments`, 303, fields))?.status === 303) acknowledged.add(key)
      }
    }
    const staff = async () => {
      const c = client()
      assert.equal((await login(c, office.username)).status, 302)
      while (running) {
        await send(c, '/', 200)
        await send(c, '/open-days', 200)
      }
    }
    const load = [observer(1), observer(2), staff()]
    const settle = () => new Promise((r) => setTimeout(r, 1500))
    await settle()
    const drains: { code: number | null; ms: number }[] = []
    for (const i of [0, 1]) {
      await nginx.reload([i]) // taken out: new requests go to the other instance
      drains.push(await instances[i]!.stop())
      assert.match(instances[i]!.log(), /"msg":"shutting down"/)
      instances[i] = await startInstance(ports.upstreams[i]!, env)
      await waitFor(async () => (await fetch(`http://127.0.0.1:${ports.upstreams[i]}/healthz`)).status === 200, 10_000)
      await nginx.reload([])
      await settle()
    }
    running = false
    await Promise.all(load)

    const stored = await db.comment.findMany({ where: { openDayId: o.id }, select: { idempotencyKey: true } })
    const served = nginx.accessLog().slice(logStart).map((line) => line.split('"')[1]!)
    const byInstance = ports.upstreams.map((p) => served.filter((a) => a.endsWith(`:${p}`)).length)
    const resent = clients.reduce((n, c) => n + c.resent, 0)
    console.log(`nginx restart: ${sent} requests sent, ${failures.length} failed, ${resent} resent on a fresh connection, ` +
      `${acknowledged.size} comments acknowledged, ` +
      `${stored.length} stored; served by instance A/B ${byInstance.join('/')}; drains ${drains.map((d) => `${d.ms} ms`).join(', ')}`)
    assert.deepEqual(failures, [])
    assert.ok(sent > 100, `${sent} requests during the restarts`)
    assert.deepEqual(drains.map((d) => d.code), [0, 0], 'each instance drained and exited cleanly')
    assert.ok(byInstance.every((n) => n > 20), `requests landed on both instances: ${byInstance}`)
    assert.equal(stored.length, acknowledged.size)
    assert.deepEqual(new Set(stored.map((c) => c.idempotencyKey)), acknowledged)
  })
})

it('the README shows deploy/nginx.conf as it is', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8')
  const block = /```nginx\n([\s\S]*?)```/.exec(readme)?.[1]
  assert.equal(block, readFileSync(deployConf, 'utf8'))
})

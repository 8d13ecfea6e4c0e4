// Comment load benchmark: `npx tsx bench/comments.ts` (BENCH_SECONDS, BENCH_CONNECTIONS override the defaults).
//
// Many observers sending comments at once, the moment the host asks for them. One process: a fresh
// seeded SQLite file with an approved open day happening now, the real app on an ephemeral port,
// autocannon in a worker thread POSTing comments (each with a fresh idempotency key; every fifth
// resends the previous one, like a double tap) as the fetch path does (Accept: application/json).
// Checks that the rows created equal the 201 answers (nothing lost, nothing doubled), prints the
// phone page's weight, and writes bench/results/comments.md.
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { migrate } from '../src/migrate.ts'
import { envInt } from './env.ts'


const SECONDS = envInt('BENCH_SECONDS', 10, 1)
const CONNECTIONS = envInt('BENCH_CONNECTIONS', 300, 1)
const HOST = '127.0.0.1'
const resultsDir = path.join(import.meta.dirname, 'results')

// --- environment: before anything imports src/config.ts -------------------------------------------
const tmpDir = mkdtempSync(path.join(os.tmpdir(), 'openday-bench-comments-'))
process.env.DATABASE_URL = `file:${path.join(tmpDir, 'bench.db')}`
process.env.NODE_ENV = 'production'
process.env.LOG_LEVEL = 'silent'
process.env.TRUST_PROXY = '0'
process.env.SESSION_SECRET = 'bench-session-secret-0123456789abcdef'
process.env.ADMIN_PASSWORD = 'bench-admin-pass'
// the load comes from one address to one link: lift both limits so they measure nothing
process.env.COMMENT_LIMIT_PER_IP = '1000000000'
process.env.COMMENT_LIMIT_PER_LINK = '1000000000'

const watchdog = setTimeout(() => {
  console.error('bench: gave up')
  rmSync(tmpDir, { recursive: true, force: true })
  process.exit(2)
}, (SECONDS * 3 + 120) * 1000)
watchdog.unref()

const ms = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2))

/** the page's cookies (the anonymous phone page sets only its CSRF cookie, no session) */
function pageCookies(res: Response): string | null {
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') || null
}

/** the phone page and the files it loads, as raw bytes (the app does not compress) */
async function pageWeight(url: string): Promise<{ html: string; cookie: string; parts: [string, number][] }> {
  const res = await fetch(url)
  const html = await res.text()
  const cookie = pageCookies(res)
  if (res.status !== 200 || !cookie) throw new Error(`GET ${url}: status ${res.status}, cookie ${Boolean(cookie)}`)
  const parts: [string, number][] = [[new URL(url).pathname, Buffer.byteLength(html)]]
  for (const [, asset] of html.matchAll(/(?:href|src)="(\/public\/[^"]+)"/g)) {
    const r = await fetch(new URL(asset, url))
    parts.push([asset, (await r.arrayBuffer()).byteLength])
  }
  return { html, cookie, parts }
}

/** autocannon's worker needs the request builder as a file it can require() */
function writeRequestBuilder(fields: Record<string, string>): string {
  const file = path.join(tmpDir, 'setup-request.cjs')
  writeFileSync(
    file,
    `const { randomUUID } = require('node:crypto')
const base = ${JSON.stringify(fields)}
let n = 0
let last
module.exports = function setupRequest(req) {
  n++
  // every fifth request resends the key sent just before (often still in flight on another
  // connection): a double tap, or a retry after a lost answer
  const key = last !== undefined && n % 5 === 0 ? last : randomUUID()
  last = key
  return { ...req, body: new URLSearchParams({ ...base, idempotencyKey: key, learnings: base.learnings + ' #' + n }).toString() }
}
`,
  )
  return file
}

async function settledCount(count: () => Promise<number>): Promise<number> {
  // requests still inside the server when the load stops finish on their own: wait until the count holds
  let last = await count()
  for (;;) {
    await new Promise((r) => setTimeout(r, 300))
    const now = await count()
    if (now === last) return now
    last = now
  }
}

async function main(): Promise<number> {
  migrate(process.env.DATABASE_URL!)
  const { db } = await import('../src/db.ts')
  const { seedIfEmpty } = await import('../src/demo/seed.ts')
  const { buildApp } = await import('../src/app.ts')
  let server: Server | undefined
  try {
    if (!(await seedIfEmpty())) throw new Error('expected an empty database to seed')
    const branch = await db.branch.findFirstOrThrow({ orderBy: { id: 'asc' } })
    const now = Date.now()
    const openDay = await db.openDay.create({
      data: { branchId: branch.id, theme: '压力测试：观摩点评', startsAt: new Date(now - 3600_000), endsAt: new Date(now + 3600_000), place: '机关党员活动室', status: 'approved' },
    })
    server = buildApp().listen(0, HOST)
    await new Promise<void>((resolve, reject) => server!.once('listening', resolve).once('error', reject))
    const base = `http://${HOST}:${(server.address() as AddressInfo).port}`
    const pageUrl = `${base}/o/${openDay.observerToken}`

    const { html, cookie, parts } = await pageWeight(pageUrl)
    const weight = parts.reduce((a, [, n]) => a + n, 0)
    const csrf = html.match(/name="_csrf" value="([^"]+)"/)?.[1]
    if (!csrf) throw new Error('no CSRF token on the phone page')
    const fields = {
      _csrf: csrf,
      authorName: '压测观摩者',
      authorUnit: '机关第一党支部',
      learnings: '流程规范，重温入党誓词环节庄重，值得学习。',
      suggestions: '交流发言可以更聚焦实际工作。',
      score_形式: '5',
      score_主题: '4',
    }
    const headers = { cookie, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }

    // one request by hand: a wrong setup would otherwise benchmark 403s
    const probe = await fetch(`${pageUrl}/comments`, { method: 'POST', headers, body: new URLSearchParams({ ...fields, idempotencyKey: crypto.randomUUID() }) })
    if (probe.status !== 201) throw new Error(`probe POST: ${probe.status} ${await probe.text()}`)

    const setupRequest = writeRequestBuilder(fields)
    const run = (opts: { duration?: number; amount?: number }) =>
      autocannon({
        url: pageUrl,
        connections: CONNECTIONS,
        workers: 1,
        timeout: 20,
        requests: [{ method: 'POST', path: `/o/${openDay.observerToken}/comments`, headers, setupRequest }],
        ...opts,
      })
    const count = () => db.comment.count({ where: { openDayId: openDay.id } })

    // a warm-up also measures the rate, so the measured run can be a fixed number of requests:
    // autocannon then waits for every answer, and rows can be matched to answers exactly
    console.log(`openday comments bench: ${CONNECTIONS} connections, ~${SECONDS} s; warming up…`)
    const warm = await run({ duration: 2 })
    const amount = Math.max(CONNECTIONS * 2, Math.round(warm.requests.average * SECONDS))
    const before = await settledCount(count)

    const r = await run({ amount })
    const after = await settledCount(count)
    const rows = after - before
    const byStatus = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s?.count ?? 0]))
    const created = byStatus['201'] ?? 0
    const repeated = byStatus['200'] ?? 0
    const answered = r['2xx'] + r['3xx']
    const ok = rows === created && answered === created + repeated && r.non2xx === 0 && r.errors === 0

    const cpus = os.cpus()
    const lines = [
      `Date: ${new Date().toISOString()}`,
      `Node: ${process.version} (${process.platform}/${process.arch}); CPUs: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown'}`,
      `Load: POST /o/:token/comments, ${CONNECTIONS} connections, ${amount} requests (≈ ${SECONDS} s at the warm-up rate), took ${r.duration.toFixed(1)} s; NODE_ENV=production, rate limits lifted`,
      `Requests/s: ${r.requests.average.toFixed(0)} (mean)`,
      `Latency: p50 ${ms(r.latency.p50)} ms, p90 ${ms(r.latency.p90)} ms, p99 ${ms(r.latency.p99)} ms, max ${ms(r.latency.max)} ms`,
      `Answers: ${Object.entries(byStatus).map(([c, n]) => `${c}×${n}`).join(', ')}; non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}`,
      `Rows: ${rows} comments created for ${created} “201 Created” answers; ${repeated} resent keys answered 200 with the existing comment → ${ok ? 'match: nothing lost, nothing doubled' : 'MISMATCH'}`,
      `Phone page: ${weight} bytes raw (${parts.map(([p, n]) => `${p.replace(openDay.observerToken, ':token')} ${n}`).join(' + ')}) before gzip`,
    ]
    console.log('')
    for (const l of lines) console.log(l)

    const md = [
      '# openday comment benchmark',
      '',
      'Generated by `npx tsx bench/comments.ts` (BENCH_SECONDS, BENCH_CONNECTIONS). All connections share one',
      'observer browser (its CSRF cookie and token from GET /o/:token) and send the fetch path’s request:',
      'urlencoded form, `Accept: application/json`, a fresh idempotency key each time except every fifth,',
      'which resends the previous key. The load generator runs in a worker thread of the same process.',
      '',
      ...lines.map((l) => `- ${l}`),
      '',
    ].join('\n')
    mkdirSync(resultsDir, { recursive: true })
    const tmp = path.join(resultsDir, `comments.md.${process.pid}.tmp`)
    writeFileSync(tmp, md)
    renameSync(tmp, path.join(resultsDir, 'comments.md'))
    console.log(`\nWrote ${path.relative(process.cwd(), path.join(resultsDir, 'comments.md'))}`)
    return ok ? 0 : 1
  } finally {
    if (server) {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server!.close(() => resolve()))
    }
    await db.$disconnect()
  }
}

main()
  .then((code) => {
    rmSync(tmpDir, { recursive: true, force: true })
    process.exit(code)
  })
  .catch((err) => {
    console.error(err)
    rmSync(tmpDir, { recursive: true, force: true })
    process.exit(1)
  })

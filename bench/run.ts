// Load benchmark: `npm run bench` (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_WARMUP_SECONDS override the defaults).
//
// One process: a fresh SQLite file with the demo seed plus ~40 extra open days, the real app and a
// bare Express 5 baseline on ephemeral 127.0.0.1 ports, and autocannon driving each page in turn from
// a worker thread (so the load generator does not share the servers' event loop). Prints a table and
// writes it to bench/results/latest.md.
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import express from 'express'
import { migrate } from '../src/migrate.ts'
import { envInt } from './env.ts'


const SECONDS = envInt('BENCH_SECONDS', 10, 1)
const CONNECTIONS = envInt('BENCH_CONNECTIONS', 20, 1)
const WARMUP_SECONDS = envInt('BENCH_WARMUP_SECONDS', 1, 0)
const ADMIN_PASSWORD = 'bench-admin-pass'
const HOST = '127.0.0.1'
const benchDir = import.meta.dirname
const resultsDir = path.join(benchDir, 'results')

/** bytes of a page and of the same-origin stylesheets, scripts and images it references (each counted once) */
async function pageWeight(url: string, html: string, headers?: Record<string, string>): Promise<number> {
  const refs = new Set([...html.matchAll(/(?:href|src)="(\/[^"]+\.(?:css|js|svg|png|jpe?g)[^"]*)"/g)].map((m) => m[1]))
  let bytes = Buffer.byteLength(html)
  for (const ref of refs) {
    const r = await fetch(new URL(ref, url), { headers })
    bytes += (await r.arrayBuffer()).byteLength
  }
  return bytes / 1024
}

const PDF_RUNS = envInt('BENCH_PDF_RUNS', 5, 1)

/** wall-clock times of `runs` GETs in a row (after one warm-up); null when the page does not answer with a PDF */
async function timeSequential(url: string, cookie: string, runs: number) {
  const get = async () => {
    const r = await fetch(url, { headers: { cookie }, redirect: 'manual' })
    const body = await r.arrayBuffer()
    return r.headers.get('content-type')?.includes('pdf') ? body.byteLength : null
  }
  if ((await get()) === null) return null
  const times: number[] = []
  let bytes = 0
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    bytes = (await get()) ?? 0
    times.push(performance.now() - t0)
  }
  times.sort((x, y) => x - y)
  return { median: times[Math.floor(times.length / 2)], max: times[times.length - 1], bytes }
}

// --- environment: must be set before anything imports src/config.ts -------------------------------
const tmpDir = mkdtempSync(path.join(os.tmpdir(), 'openday-bench-'))
const dbFile = path.join(tmpDir, 'bench.db')
process.env.DATABASE_URL = `file:${dbFile}`
process.env.NODE_ENV = 'production' // measure production behaviour (view cache, static maxAge)
process.env.LOG_LEVEL = 'silent' // …without paying for request logging to stdout
process.env.TRUST_PROXY = '0' // plain http on 127.0.0.1: cookies must not be secure-only
process.env.SESSION_SECRET = 'bench-session-secret-0123456789abcdef'
process.env.ADMIN_PASSWORD = ADMIN_PASSWORD
process.env.SEED_DEMO = '1'

type Target = { name: string; url: string; cookie?: boolean }
type Row = {
  name: string
  path: string
  rps: number
  p50: number
  p90: number
  p99: number
  non2xx: number
  errors: number
  timeouts: number
  total: number
  statuses: string
  /** the HTML plus the stylesheets, scripts and images it references, in KB */
  weightKb: number
}

const TARGET_COUNT = 15
// a hard stop so a hung server or client can never keep the process alive for ever
const watchdogMs = (TARGET_COUNT * (SECONDS + WARMUP_SECONDS + 15) + 120) * 1000
const watchdog = setTimeout(() => {
  console.error(`bench: gave up after ${Math.round(watchdogMs / 1000)} s`)
  cleanupFiles()
  process.exit(2)
}, watchdogMs)
watchdog.unref()

function cleanupFiles(): void {
  rmSync(tmpDir, { recursive: true, force: true })
}

function listen(app: express.Express): Promise<{ server: Server; base: string }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, HOST, (err?: Error) => {
      if (err) return reject(err)
      const { port } = server.address() as AddressInfo
      resolve({ server, base: `http://${HOST}:${port}` })
    })
  })
}

function close(server: Server): Promise<void> {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(() => resolve()))
}

/** the `name=value` part of a Set-Cookie header for the session cookie */
function sessionCookie(res: Response): string | null {
  for (const c of res.headers.getSetCookie()) {
    const pair = c.split(';')[0]
    if (pair.startsWith('openday.sid=')) return pair
  }
  return null
}

/** logs in through the real form, as a browser would; returns the Cookie header to send */
async function login(base: string): Promise<string> {
  const page = await fetch(`${base}/login`)
  const html = await page.text()
  const csrf = html.match(/name="_csrf" value="([^"]+)"/)?.[1]
  const first = sessionCookie(page)
  if (page.status !== 200 || !csrf || !first) throw new Error(`GET /login: status ${page.status}, csrf ${Boolean(csrf)}, cookie ${Boolean(first)}`)
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: first },
    body: new URLSearchParams({ username: 'admin', password: ADMIN_PASSWORD, _csrf: csrf, next: '/' }),
  })
  const cookie = sessionCookie(res) ?? first
  if (res.status !== 302 || res.headers.get('location') !== '/') throw new Error(`POST /login: status ${res.status}, location ${res.headers.get('location')}`)
  const check = await fetch(`${base}/`, { headers: { cookie }, redirect: 'manual' })
  if (check.status !== 200) throw new Error(`GET / after login: status ${check.status}`)
  await check.arrayBuffer()
  return cookie
}

/** a tiny deterministic PRNG so every run seeds the same data */
function mulberry32(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** autocannon records latency in whole milliseconds; keep decimals only when there are any */
function ms(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2)
}

async function main(): Promise<number> {
  migrate(process.env.DATABASE_URL!)
  const { db, tuneDatabase } = await import('../src/db.ts')
  await tuneDatabase()
  const { seedIfEmpty } = await import('../src/demo/seed.ts')
  const { buildApp } = await import('../src/app.ts')
  const { fromLocal, local } = await import('../src/lib/dates.ts')
  const { projectorVersion: versionOf } = await import('../src/run/service.ts')
  const projectorVersion = async (id: number) => encodeURIComponent((await versionOf(id)).version)

  let appServer: Server | undefined
  let baseServer: Server | undefined
  try {
    // --- data ---------------------------------------------------------------------------------------
    const logins = await seedIfEmpty()
    if (!logins) throw new Error('expected an empty database to seed')
    const seedEvent = await db.openDay.findFirstOrThrow({ where: { theme: '我为精准扶贫办实事' } })
    const upcoming = await db.openDay.findFirstOrThrow({ where: { theme: '学习贯彻党的二十届四中全会精神' } })
    const admin = await db.user.findUniqueOrThrow({ where: { username: 'admin' } })
    const branches = await db.branch.findMany({ include: { members: true }, orderBy: { id: 'asc' } })

    // ~40 more open days over the past year and the next three months; the upcoming event's month
    // gets a handful more so the benchmarked calendar page is busy
    const rnd = mulberry32(20201015)
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]
    const themes = ['重温入党誓词', '学习党章', '主题党日：走进社区', '专题学习研讨', '党员志愿服务', '红色教育基地参观', '组织生活会', '读书分享会']
    const places = ['机关党员活动室', '机关三楼第二会议室', '机关五楼会议室', '社区党群服务中心', '红色教育基地']
    const chain = ['draft', 'submitted', 'approved', 'held', 'reviewed'] as const
    const today = local().startOf('day')
    const focusMonth = local(upcoming.startsAt).startOf('month')
    const days: { date: string; past: boolean }[] = []
    for (let i = 0; i < 32; i++) {
      const d = today.add(Math.floor(rnd() * 455) - 365, 'day')
      days.push({ date: d.format('YYYY-MM-DD'), past: d.isBefore(today) })
    }
    for (let i = 0; i < 8; i++) {
      const d = focusMonth.add(Math.floor(rnd() * focusMonth.daysInMonth()), 'day')
      days.push({ date: d.format('YYYY-MM-DD'), past: d.isBefore(today) })
    }
    let extra = 0
    for (const { date, past } of days) {
      const branch = pick(branches)
      const host = branch.members[0]
      const recorder = branch.members[1]
      const status = past ? pick(['held', 'reviewed', 'reviewed', 'cancelled'] as const) : pick(['draft', 'submitted', 'approved', 'approved'] as const)
      const start = pick(['09:00', '14:30', '15:00'])
      const end = start === '09:00' ? '11:30' : '17:00'
      const created = await db.openDay.create({
        data: {
          branchId: branch.id,
          theme: `${pick(themes)}（${date.slice(0, 7)}）`,
          startsAt: fromLocal(date, start)!,
          endsAt: fromLocal(date, end)!,
          place: pick(places),
          hostId: host?.id,
          recorderId: recorder?.id,
          description: '收缴党费、重温入党誓词、领学、交流发言、观摩点评、总结讲话。'.repeat(1 + Math.floor(rnd() * 3)),
          status,
          statusNote: status === 'cancelled' ? '与全会精神集中学习时间冲突，另行安排' : null,
        },
      })
      const reached = status === 'cancelled' ? 2 : chain.indexOf(status)
      const changes: { fromStatus: string; toStatus: string }[] = []
      for (let s = 0; s < reached; s++) changes.push({ fromStatus: chain[s], toStatus: chain[s + 1] })
      if (status === 'cancelled') changes.push({ fromStatus: chain[reached], toStatus: 'cancelled' })
      if (changes.length) await db.openDayStatusChange.createMany({ data: changes.map((c) => ({ ...c, openDayId: created.id, userId: admin.id })) })
      extra++
    }
    // the upcoming open day, live: the seed event's agenda copied, the third segment (the oath) running, sign-in open
    const seedSegments = await db.segment.findMany({ where: { openDayId: seedEvent.id }, orderBy: { position: 'asc' } })
    const now = Date.now()
    await db.segment.createMany({
      data: seedSegments.map((seg, i) => ({
        openDayId: upcoming.id,
        position: seg.position,
        kind: seg.kind,
        title: seg.title,
        plannedMinutes: seg.plannedMinutes,
        record: seg.record,
        startedAt: i < 3 ? new Date(now - (3 - i) * 600_000) : null,
        endedAt: i < 2 ? new Date(now - (2 - i) * 600_000) : null,
      })),
    })
    await db.openDay.update({ where: { id: upcoming.id }, data: { signInOpen: true } })
    // the seed event's printed record with 100 more observers' comments (issue 5's measure)
    await db.comment.createMany({
      data: Array.from({ length: 100 }, (_, i) => ({
        openDayId: seedEvent.id,
        authorName: `观摩者${i + 1}`,
        authorUnit: `第${(i % 12) + 1}党支部`,
        idempotencyKey: `bench-${i}`,
        learnings: `第 ${i + 1} 条可借鉴之处：流程规范，发言紧扣主题，联系岗位实际，值得本支部学习借鉴。`,
        suggestions: `第 ${i + 1} 条建议：交流环节可增加互动，会后跟进落实情况。`,
        scores: JSON.stringify({ 形式: 5, 主题: 4 + (i % 2), 发言: 5, 点评: 4, 转化: 5 }),
      })),
    })
    const totalOpenDays = await db.openDay.count()

    // --- servers ------------------------------------------------------------------------------------
    const baseline = express()
    baseline.get('/', (_req, res) => {
      res.send('<!doctype html><html><head><title>baseline</title></head><body><h1>Hello</h1><p>bare Express 5</p></body></html>')
    })
    const b = await listen(baseline)
    baseServer = b.server
    const a = await listen(buildApp())
    appServer = a.server
    const cookie = await login(a.base)

    const month = local(upcoming.startsAt).format('YYYY-MM')
    const targets: Target[] = [
      { name: 'baseline: bare Express GET /', url: `${b.base}/` },
      { name: 'GET /healthz', url: `${a.base}/healthz` },
      { name: 'GET /login (anonymous)', url: `${a.base}/login` },
      { name: 'GET / dashboard', url: `${a.base}/`, cookie: true },
      { name: `GET /calendar?month=${month}`, url: `${a.base}/calendar?month=${month}`, cookie: true },
      { name: 'GET /open-days', url: `${a.base}/open-days`, cookie: true },
      { name: `GET /open-days/${seedEvent.id}`, url: `${a.base}/open-days/${seedEvent.id}`, cookie: true },
      { name: 'GET /calendar.ics (anonymous)', url: `${a.base}/calendar.ics` },
      { name: `GET /open-days/${upcoming.id}/run (live)`, url: `${a.base}/open-days/${upcoming.id}/run`, cookie: true },
      { name: `GET /open-days/${upcoming.id}/projector`, url: `${a.base}/open-days/${upcoming.id}/projector`, cookie: true },
      { name: 'GET …/projector.json (poll, unchanged)', url: `${a.base}/open-days/${upcoming.id}/projector.json?v=${await projectorVersion(upcoming.id)}`, cookie: true },
      { name: 'GET …/projector.json (changed: new stage)', url: `${a.base}/open-days/${upcoming.id}/projector.json`, cookie: true },
      { name: `GET /open-days/${seedEvent.id}/record`, url: `${a.base}/open-days/${seedEvent.id}/record`, cookie: true },
      { name: `GET /open-days/${seedEvent.id}/attendance`, url: `${a.base}/open-days/${seedEvent.id}/attendance`, cookie: true },
      { name: `GET /open-days/${seedEvent.id}/summary (101 comments)`, url: `${a.base}/open-days/${seedEvent.id}/summary`, cookie: true },
    ]
    if (targets.length !== TARGET_COUNT) throw new Error('update TARGET_COUNT')

    console.log(
      `openday bench: ${SECONDS} s × ${targets.length} pages, ${CONNECTIONS} connections, warm-up ${WARMUP_SECONDS} s; ` +
        `${totalOpenDays} open days (${extra} added), ${branches.length} branches`,
    )

    // --- runs ---------------------------------------------------------------------------------------
    const rows: Row[] = []
    for (const t of targets) {
      const headers = t.cookie ? { cookie } : undefined
      // one sanity request: an authenticated page that redirects to /login would benchmark the wrong thing
      const probe = await fetch(t.url, { headers, redirect: 'manual' })
      const weightKb = await pageWeight(t.url, await probe.text(), headers)
      if (probe.status !== 200) console.warn(`  ! ${t.name}: probe returned ${probe.status}`)
      const base = { url: t.url, connections: CONNECTIONS, headers, workers: 1, timeout: 10 }
      if (WARMUP_SECONDS > 0) await autocannon({ ...base, duration: WARMUP_SECONDS })
      const r = await autocannon({ ...base, duration: SECONDS })
      const statuses = (['1xx', '2xx', '3xx', '4xx', '5xx'] as const)
        .filter((k) => r[k] > 0)
        .map((k) => `${k}:${r[k]}`)
        .join(' ')
      const row: Row = {
        name: t.name,
        path: new URL(t.url).pathname + new URL(t.url).search,
        rps: r.requests.mean,
        p50: r.latency.p50,
        p90: r.latency.p90,
        p99: r.latency.p99,
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
        total: r.requests.total,
        statuses,
        weightKb,
      }
      rows.push(row)
      const flag = row.non2xx || row.errors ? `  ! non-2xx ${row.non2xx} (${statuses}), errors ${row.errors}, timeouts ${row.timeouts}` : ''
      console.log(`  ${t.name.padEnd(44)} ${row.rps.toFixed(0).padStart(7)} req/s  p50 ${ms(row.p50)} ms  p99 ${ms(row.p99)} ms${flag}`)
    }

    // --- PDFs: one at a time by design, so timed sequentially rather than under load ---------------------
    const pdfTimes = await timeSequential(`${a.base}/open-days/${seedEvent.id}/summary.pdf`, cookie, PDF_RUNS)
    const pdfLine = pdfTimes
      ? `PDF of the summary (101 comments), ${PDF_RUNS} sequential requests after one warm-up: median ${ms(pdfTimes.median)} ms, max ${ms(pdfTimes.max)} ms, ${(pdfTimes.bytes / 1024).toFixed(0)} KB`
      : 'PDF of the summary: not measured (no Chromium: the app falls back to the browser\'s print)'
    console.log(`  ${pdfLine}`)

    // --- report -------------------------------------------------------------------------------------
    const baseRps = rows[0].rps
    const header = ['Page', 'Req/s (mean)', 'p50 ms', 'p90 ms', 'p99 ms', 'KB', 'Non-2xx', 'Errors', 'vs baseline']
    const body = rows.map((r) => [
      r.name,
      r.rps.toFixed(0),
      ms(r.p50),
      ms(r.p90),
      ms(r.p99),
      r.weightKb.toFixed(1),
      String(r.non2xx),
      String(r.errors),
      `${((r.rps / baseRps) * 100).toFixed(1)}%`,
    ])
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)))
    const right = (i: number) => i > 0
    const line = (cells: string[]) => cells.map((c, i) => (right(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ')
    const cpus = os.cpus()
    const env = [
      `Date: ${new Date().toISOString()}`,
      `Node: ${process.version} (${process.platform}/${process.arch})`,
      `CPUs: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown'}`,
      `Settings: ${SECONDS} s per page after a ${WARMUP_SECONDS} s warm-up, ${CONNECTIONS} connections, no pipelining, 127.0.0.1`,
      `Data: ${totalOpenDays} open days, ${branches.length} branches; NODE_ENV=production, LOG_LEVEL=silent, SQLite file in ${os.tmpdir()}`,
      pdfLine,
    ]
    const failures = rows.filter((r) => r.non2xx > 0 || r.errors > 0)

    console.log('')
    console.log(line(header))
    console.log(widths.map((w) => '-'.repeat(w)).join('  '))
    for (const row of body) console.log(line(row))
    console.log('')
    for (const e of env) console.log(e)
    if (failures.length) {
      console.log('')
      for (const f of failures) console.log(`FAILED ${f.name}: non-2xx ${f.non2xx} (${f.statuses}), errors ${f.errors} (timeouts ${f.timeouts})`)
    } else {
      console.log('All runs: zero non-2xx responses, zero errors.')
    }

    const md = [
      '# openday benchmark',
      '',
      'Generated by `npm run bench` (bench/run.ts). Each page is driven by autocannon for a fixed time;',
      'latencies are per request, requests/s is the mean of the per-second samples. Authenticated pages',
      'use the session cookie of a real admin login; "vs baseline" compares throughput with a bare',
      'Express 5 route sending a small HTML string, run in the same process on the same machine.',
      '',
      ...env.map((e) => `- ${e}`),
      '',
      `| ${header.join(' | ')} |`,
      `| ${header.map((_, i) => (right(i) ? '---:' : '---')).join(' | ')} |`,
      ...body.map((row) => `| ${row.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`),
      '',
      failures.length
        ? failures.map((f) => `**Failed** ${f.name}: non-2xx ${f.non2xx} (${f.statuses}), errors ${f.errors} (timeouts ${f.timeouts})`).join('\n\n')
        : 'All runs: zero non-2xx responses, zero errors.',
      '',
      'The load generator runs in a worker thread of the same process as both servers, so on a machine',
      'with few cores it competes with them for CPU; compare numbers only between runs on the same machine.',
      '',
    ].join('\n')
    mkdirSync(resultsDir, { recursive: true })
    const tmp = path.join(resultsDir, `latest.md.${process.pid}.tmp`)
    writeFileSync(tmp, md)
    renameSync(tmp, path.join(resultsDir, 'latest.md'))
    console.log(`\nWrote ${path.relative(process.cwd(), path.join(resultsDir, 'latest.md'))}`)
    return failures.length ? 1 : 0
  } finally {
    if (appServer) await close(appServer)
    if (baseServer) await close(baseServer)
    await (await import('../src/summary/pdf.ts')).closePdfBrowser()
    await db.$disconnect()
  }
}

main()
  .then((code) => {
    cleanupFiles()
    // the session store's expiry sweep (production only) keeps a timer; everything else is closed
    process.exit(code)
  })
  .catch((err) => {
    console.error(err)
    cleanupFiles()
    process.exit(1)
  })

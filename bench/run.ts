// Load benchmark: `npm run bench` (see bench/README.md for the knobs). Every part runs in a process of its own:
// the app (compiled, `node dist/server.js`, forked with an IPC channel for its counters), a bare Express baseline,
// and each autocannon run. Writes bench/results/latest.md.
import { execFileSync, fork, type ChildProcess } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { ServerStats, StartupStats } from '../src/bench-ipc.ts'
import { addDemoData, addDuesData, addProvinceData, ASSESSMENT, BENCH_USER_PASSWORD, DUES, PROVINCE, type DemoIds, type DuesIds } from './data.ts'
import { envInt } from './env.ts'
import type { LoadOptions, LoadResult } from './load.ts'
import { cookies, csrfOf, PAGES, type BenchContext, type BenchPage } from './pages.ts'
import { benchEngines, postgresCopy, psqlCount, type Engine } from './postgres.ts'

const SECONDS = envInt('BENCH_SECONDS', 5, 1)
const WARMUP_SECONDS = envInt('BENCH_WARMUP_SECONDS', 1, 0)
const CONNECTIONS = envInt('BENCH_CONNECTIONS', 50, 1)
const PDF_RUNS = envInt('BENCH_PDF_RUNS', 3, 1)
/** only the pages whose "db name" matches (a case-insensitive regular expression), e.g. BENCH_PAGES='demo (observer|comment)' */
const ONLY = process.env.BENCH_PAGES ? new RegExp(process.env.BENCH_PAGES, 'i') : null
const SELECTED = PAGES.filter((p) => !ONLY || ONLY.test(`${p.db} ${p.name}`))
/** a folder: the app runs with --cpu-prof and writes one CPU profile per phase there */
const CPU_PROF = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null
const ADMIN_PASSWORD = 'bench-admin-pass'
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const root = path.resolve(import.meta.dirname, '..')
const tmp = mkdtempSync(path.join(os.tmpdir(), 'openday-bench-'))
const children = new Set<ChildProcess>()

function cleanup(): void {
  for (const child of children) child.kill('SIGKILL')
  rmSync(tmp, { recursive: true, force: true })
}
const watchdog = setTimeout(
  () => {
    console.error('bench: gave up (watchdog)')
    cleanup()
    process.exit(2)
  },
  (benchEngines.length * SELECTED.length * (SECONDS + WARMUP_SECONDS + 20) + 300) * 1000,
)
watchdog.unref()

/** forks a script and resolves with its first message of the given type */
function forkChild(script: string, opts: { env?: NodeJS.ProcessEnv; execArgv?: string[] }) {
  const child = fork(script, [], { cwd: root, env: opts.env ?? process.env, execArgv: opts.execArgv ?? [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
  children.add(child)
  child.once('exit', () => children.delete(child))
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: { type?: string }) => {
        if (m?.type !== type) return
        child.off('message', onMessage)
        child.off('exit', onExit)
        resolve(m as T)
      }
      const onExit = (code: number | null) => reject(new Error(`${path.basename(script)} exited (${code}) before '${type}'`))
      child.on('message', onMessage)
      child.once('exit', onExit)
    })
  return { child, next }
}

const TSX = ['--import', 'tsx']

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

type AppServer = { child: ChildProcess; base: string; startup: StartupStats; wallMs: number; stats(): Promise<ServerStats> }

/** starts `node dist/server.js` on the database file, as `npm start` does */
async function startApp(file: string, url = `file:${file}`): Promise<AppServer> {
  const env = {
    ...process.env,
    DATABASE_URL: url,
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    TRUST_PROXY: '0',
    SESSION_SECRET: 'bench-session-secret-0123456789abcdef',
    ADMIN_PASSWORD,
    SEED_DEMO: '1',
    UPLOAD_DIR: path.join(tmp, 'uploads'),
    // one address and one link carry all the load: the limits would measure nothing
    COMMENT_LIMIT_PER_IP: '1000000000',
    COMMENT_LIMIT_PER_LINK: '1000000000',
    OPENDAY_COUNT_SQL: '1',
  }
  const t0 = performance.now()
  const execArgv = CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF] : []
  const { child, next } = forkChild(path.join(root, 'dist/server.js'), { env, execArgv })
  const startup = await next<StartupStats>('listening')
  const wallMs = performance.now() - t0
  const stats = () => {
    const reply = next<ServerStats>('stats')
    child.send('stats')
    return reply
  }
  return { child, base: `http://127.0.0.1:${startup.port}`, startup, wallMs, stats }
}

/** memory of a process and all its descendants (the PDF browser's included), in MB: the sum of their PSS, which
 *  splits shared pages between the processes that share them (a sum of RSS would count Chromium's many times) */
function treeMb(pid: number): number {
  const parents = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]))
    } catch {
      // the process ended while we looked
    }
  }
  const tree = [pid]
  for (let i = 0; i < tree.length; i++) for (const [p, parent] of parents) if (parent === tree[i]) tree.push(p)
  let kb = 0
  for (const p of tree) {
    try {
      kb += Number(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+)/m)?.[1] ?? 0)
    } catch {
      // gone
    }
  }
  return kb / 1024
}

/** waits until the server has worked off what the last run left queued (at most 30 s) */
async function settle(app: AppServer): Promise<void> {
  let last = await app.stats()
  for (let i = 0; i < 150; i++) {
    await new Promise((r) => setTimeout(r, 200))
    const now = await app.stats()
    if (now.cpuMs - last.cpuMs < 10) return
    last = now
  }
}

async function load(o: LoadOptions): Promise<LoadResult> {
  const { child } = forkChild(path.join(import.meta.dirname, 'load.ts'), { execArgv: TSX })
  const reply = new Promise<LoadResult>((resolve, reject) => {
    child.once('message', (m: { result?: LoadResult; error?: string }) => (m.result ? resolve(m.result) : reject(new Error(m.error))))
    child.once('exit', (code) => code && reject(new Error(`load generator exited ${code}`)))
  })
  child.send(o)
  return reply
}

/** the load beside the measured one: what it got done (the page's CPU ms per request include its work) */
const besideNote = (b: LoadResult) => ({
  ok: b.non2xx === 0 && b.errors === 0,
  note: `beside it: ${b.total} requests (≈ ${Math.round(b.rps)}/s, p99 ${b.p99} ms), ${b.non2xx} non-2xx, CPU ms shared`,
})

/** logs in through the real form; returns the Cookie header */
async function login(base: string, username: string, password: string): Promise<string> {
  const page = await fetch(`${base}/login`)
  const csrf = csrfOf(await page.text())
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies(page) },
    body: new URLSearchParams({ username, password, _csrf: csrf ?? '', next: '/' }),
  })
  if (res.status !== 302) throw new Error(`POST /login as ${username}: ${res.status}`)
  return cookies(res)
}

/** one GET: the body's size as sent (with or without gzip) and the time to its last byte */
function fetchRaw(url: string, headers: Record<string, string>, gzip: boolean): Promise<{ bytes: number; ms: number }> {
  const t0 = performance.now()
  return new Promise((resolve, reject) => {
    const h = { ...headers, 'accept-encoding': gzip ? 'gzip' : 'identity' }
    http.get(url, { headers: h, agent: false }, (res) => {
      let bytes = 0
      res.on('data', (d: Buffer) => (bytes += d.length))
      res.on('end', () => resolve({ bytes, ms: performance.now() - t0 }))
    }).on('error', reject)
  })
}

const ALONE_RUNS = 3

/** the page requested alone, one request after another: its time, and the server's CPU time and SQL statements each */
async function alone(app: AppServer, url: string, headers: Record<string, string>) {
  await fetchRaw(url, headers, true)
  const before = await app.stats()
  const times: number[] = []
  for (let i = 0; i < ALONE_RUNS; i++) times.push((await fetchRaw(url, headers, true)).ms)
  const after = await app.stats()
  return { ms: median(times), cpuMs: (after.cpuMs - before.cpuMs) / ALONE_RUNS, sql: (after.sql - before.sql) / ALONE_RUNS }
}

type Row = { page: BenchPage; r: LoadResult; cpuMs: number; sql: number; raw: number; gzip: number; note?: string; ok: boolean; connections: number; alone: Awaited<ReturnType<typeof alone>> | null }

async function timePdfs(app: AppServer, ctx: BenchContext) {
  const url = `${app.base}/open-days/${ctx.ids.seedEventId}/summary.pdf`
  const pdf = async (cookie: string) => {
    const t0 = performance.now()
    const res = await fetch(url, { headers: { cookie }, redirect: 'manual' })
    const bytes = (await res.arrayBuffer()).byteLength
    if (!res.headers.get('content-type')?.includes('pdf')) throw new Error(`summary.pdf: ${res.status} ${res.headers.get('location') ?? ''}`)
    return { ms: performance.now() - t0, bytes }
  }
  try {
    await pdf(ctx.adminCookie) // launches the browser
    const single: number[] = []
    for (let i = 0; i < PDF_RUNS; i++) single.push((await pdf(ctx.adminCookie)).ms)
    const users = await Promise.all(ctx.ids.pdfUsers.map((u) => login(app.base, u, BENCH_USER_PASSWORD)))
    const t0 = performance.now()
    await Promise.all(users.map(pdf))
    const five = performance.now() - t0
    const one = median(single)
    return `summary PDF (100+ comments): one alone median ${Math.round(one)} ms of ${PDF_RUNS}; five users at once all done in ${Math.round(five)} ms (${(five / one).toFixed(1)} × one; 2 pages print at once)`
  } catch (err) {
    return `summary PDF: not measured (${(err as Error).message})`
  }
}

/** one database's pages on one engine: `url` is the PostgreSQL copy of `file`, made before any page wrote to it */
async function phase(db: 'demo' | 'province', engine: Engine, file: string, url: string | undefined, ids: DemoIds, month: string, dues: DuesIds) {
  const pages = SELECTED.filter((p) => p.db === db)
  const app = await startApp(file, url)
  await new Promise((r) => setTimeout(r, 1000))
  const startRss = treeMb(app.child.pid!)
  const sqlite = new Database(file, { readonly: true })
  try {
    const { child: baseChild, next } = forkChild(path.join(import.meta.dirname, 'baseline.ts'), { execArgv: TSX })
    const { port } = await next<{ port: number }>('listening')
    const baseline = await load({ url: `http://127.0.0.1:${port}`, path: '/', method: 'GET', headers: {}, connections: CONNECTIONS, duration: SECONDS })
    await stop(baseChild)
    const ctx: BenchContext = {
      base: app.base,
      ids,
      month,
      dues,
      adminCookie: await login(app.base, 'admin', ADMIN_PASSWORD),
      count: (sql, ...params) => (url ? psqlCount(url, sql, params) : (sqlite.prepare(sql).get(...params) as { n: number }).n),
    }
    const rows: Row[] = []
    for (const page of pages) {
      const l = await page.setup(ctx)
      const isGet = (l.method ?? 'GET') === 'GET'
      const single = isGet ? await alone(app, app.base + l.path, l.headers ?? {}) : null
      const connections = l.connections ?? CONNECTIONS
      const opts: LoadOptions = { url: app.base, path: l.path, method: l.method ?? 'GET', headers: l.headers ?? {}, connections, comment: l.comment }
      const warm = WARMUP_SECONDS ? await load({ ...opts, duration: WARMUP_SECONDS }) : null
      await settle(app) // the warm-up's last requests finish
      l.beforeMeasure?.()
      const before = await app.stats()
      const amount = l.exact ? Math.max(connections * 2, Math.round((warm?.rps ?? 200) * SECONDS)) : undefined
      const beside = l.beside && load({ url: app.base, ...l.beside, duration: SECONDS })
      const r = await load({ ...opts, ...(amount ? { amount } : { duration: SECONDS }) })
      const b = await beside
      const after = await app.stats()
      await settle(app)
      const checked = l.verify?.(r) ?? (b && besideNote(b))
      const [raw, gzip] = isGet ? await Promise.all([false, true].map(async (gz) => (await fetchRaw(app.base + l.path, l.headers ?? {}, gz)).bytes)) : [0, 0]
      rows.push({
        page,
        r,
        cpuMs: r.total ? (after.cpuMs - before.cpuMs) / r.total : NaN,
        // exact when the page was also requested alone; under load, requests still in flight blur it
        sql: single?.sql ?? (after.sql - before.sql) / Math.max(1, r.total),
        alone: single,
        raw,
        gzip,
        note: checked?.note,
        ok: (checked?.ok ?? true) && r.non2xx === 0 && r.errors === 0,
        connections,
      })
      const last = rows.at(-1)!
      console.log(`${db.padEnd(8)} ${engine.padEnd(10)} ${page.name.padEnd(30)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  ${last.cpuMs.toFixed(2)} CPU ms  ${last.sql.toFixed(1)} SQL  alone ${Math.round(single?.ms ?? 0)} ms`)
    }
    const pdf = db === 'demo' && !ONLY ? await timePdfs(app, ctx) : null
    const endRss = treeMb(app.child.pid!)
    return { db, engine, app, baseline, rows, pdf, startRss, endRss }
  } finally {
    sqlite.close()
    await stop(app.child)
  }
}

type Phase = Awaited<ReturnType<typeof phase>>
const both = benchEngines.length === 2
const TITLES = { demo: 'Demo database (seed + 100 comments on the seed event)', province: 'Province database' }

/** one database on both engines: the same pages, each engine's share of its own baseline measured in its phase */
function sideBySide([lite, pg]: Phase[]): string[] {
  const cell = (p: Phase, rps: number, p99: number) => `${rps.toFixed(0)} | ${((100 * rps) / p.baseline.rps).toFixed(1)} % | ${p99}`
  const lines = [
    '| page | SQLite req/s | SQLite vs baseline | SQLite p99 ms | PostgreSQL req/s | PostgreSQL vs baseline | PostgreSQL p99 ms | SQL/req SQLite / PostgreSQL |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| baseline: bare Express (own process) | ${cell(lite!, lite!.baseline.rps, lite!.baseline.p99)} | ${cell(pg!, pg!.baseline.rps, pg!.baseline.p99)} | – |`,
  ]
  for (const [i, a] of lite!.rows.entries()) {
    const b = pg!.rows[i]!
    const failed = a.ok && b.ok ? '' : ' **FAILED**'
    lines.push(`| ${a.page.name}${failed} | ${cell(lite!, a.r.rps, a.r.p99)} | ${cell(pg!, b.r.rps, b.r.p99)} | ${a.sql.toFixed(1)} / ${b.sql.toFixed(1)} |`)
  }
  return lines
}

function table(p: Phase): string[] {
  const fmt = (n: number, d = 0) => n.toFixed(d)
  const lines = [
    `| page | req/s | vs baseline | p50 ms | p99 ms | CPU ms/req | alone: ms (CPU ms) | SQL/req | body raw → gzip | non-2xx / errors |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| baseline: bare Express (own process) | ${fmt(p.baseline.rps)} | 100 % | ${p.baseline.p50} | ${p.baseline.p99} | – | – | – | 105 B | ${p.baseline.non2xx} / ${p.baseline.errors} |`,
  ]
  for (const row of p.rows) {
    const size = (n: number) => (n < 1024 ? `${n} B` : `${fmt(n / 1024, 1)} KB`)
    const kb = row.raw ? `${size(row.raw)} → ${size(row.gzip)}` : '–'
    const name = row.connections === CONNECTIONS ? row.page.name : `${row.page.name} (${row.connections} connections)`
    lines.push(
      `| ${name} | ${fmt(row.r.rps)} | ${fmt((100 * row.r.rps) / p.baseline.rps, 1)} % | ${row.r.p50} | ${row.r.p99} | ${Number.isNaN(row.cpuMs) ? '–' : fmt(row.cpuMs, 2)} | ${row.alone ? `${fmt(row.alone.ms)} (${fmt(row.alone.cpuMs, 1)})` : '–'} | ${fmt(row.sql, 1)} | ${kb} | ${row.r.non2xx} / ${row.r.errors}${row.ok ? '' : ' **FAILED**'} |`,
    )
  }
  return lines
}

async function main(): Promise<number> {
  console.log('bench: building dist/ …')
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' })

  // the demo database: created by the app itself on its first start (migrations by the CLI, the demo seed)
  const demo = path.join(tmp, 'demo.db')
  const first = await startApp(demo)
  await stop(first.child)
  const ids = await addDemoData(demo)
  const dues = addDuesData(demo)
  const seeding = performance.now()
  const seeder = forkChild(path.join(import.meta.dirname, 'seed-assessment.ts'), { env: { ...process.env, DATABASE_URL: `file:${demo}` }, execArgv: TSX })
  await seeder.next('seeded')
  await stop(seeder.child)
  const assessmentSeconds = (performance.now() - seeding) / 1000
  const month = (() => {
    const sqlite = new Database(demo, { readonly: true })
    const { startsAt } = sqlite.prepare('SELECT startsAt FROM OpenDay WHERE id = ?').get(ids.upcomingId) as { startsAt: string }
    sqlite.close()
    return new Date(Date.parse(startsAt) + 8 * 3600_000).toISOString().slice(0, 7)
  })()
  const province = path.join(tmp, 'province.db')
  const dbs = (['demo', 'province'] as const).filter((db) => SELECTED.some((p) => p.db === db))
  copyFileSync(demo, province)
  const generated = dbs.includes('province') ? addProvinceData(province) : { seconds: 0, counts: {} }
  if (dbs.includes('province')) console.log(`bench: province database in ${generated.seconds.toFixed(1)} s: ${JSON.stringify(generated.counts)}`)

  const phases: Phase[] = []
  for (const db of dbs) {
    const file = db === 'demo' ? demo : province
    // copied before the SQLite run's comments are added: both engines start from the same rows
    const url = benchEngines.includes('PostgreSQL') ? await postgresCopy(file, db) : undefined
    for (const engine of benchEngines) phases.push(await phase(db, engine, file, engine === 'PostgreSQL' ? url : undefined, ids, month, dues))
  }

  const cpus = os.cpus()
  const label = (p: Phase) => (both ? `${p.db}, ${p.engine}` : p.db)
  const failed = phases.flatMap((p) => p.rows.filter((r) => !r.ok))
  const md = [
    '# openday benchmark',
    '',
    'Generated by `npm run bench` (bench/run.ts). The app runs compiled (`node dist/server.js`, NODE_ENV=production,',
    'LOG_LEVEL=silent) in its own process; the bare Express baseline and every autocannon run in processes of their',
    'own. “vs baseline” is the page’s requests/s over the baseline’s, measured in the same phase. CPU ms/req is the',
    'server process’s CPU time over the measured run divided by the requests answered in it. “alone” is the median',
    `of ${ALONE_RUNS} GETs one after another before the load, with the server's CPU time for each. SQL/req counts the`,
    'statements the server sent to the database for one request alone (the POST: under load), through Prisma’s driver',
    'adapter and the prepared reads, enabled by OPENDAY_COUNT_SQL=1 and read over IPC. Requests accept gzip like a',
    'browser; “body raw → gzip” is the page’s own body (no assets).',
    '',
    `- Date: ${new Date().toISOString()}; Node ${process.version}; ${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}; load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    `- Settings: ${SECONDS} s per page after a ${WARMUP_SECONDS} s warm-up, ${CONNECTIONS} connections, 127.0.0.1`,
    `- First start on an empty file (migrations through the Prisma CLI, demo seed): ${Math.round(first.wallMs)} ms to listening (server's own count ${first.startup.ms} ms, ${first.startup.cpuMs} CPU ms)`,
    ...phases.map(
      (p) =>
        `- ${label(p)}: restart on the migrated database ${Math.round(p.app.wallMs)} ms from fork to listening (${p.app.startup.ms} ms, ${p.app.startup.cpuMs} CPU ms in the process; migrations ${p.app.startup.migrations}); memory of the process tree (PSS) ${Math.round(p.startRss)} MB after start, ${Math.round(p.endRss)} MB at the end${p.pdf ? ' (with the PDF browser)' : ''}`,
    ),
    `- Dues and assessment (in both databases): ${DUES.branches} branches × ${DUES.members} members with ${dues.year}'s bases, paid January–September (${DUES.stopAfterMarch} a branch stop after March); assessment year ${ASSESSMENT.year}: ${ASSESSMENT.branches} branches × ${ASSESSMENT.openDays} open days, seeded through Prisma in ${assessmentSeconds.toFixed(1)} s`,
    ...(dbs.includes('province') ? [`- Province database: ${Object.entries(generated.counts).map(([t, n]) => `${n} ${t}`).join(', ')} (goal ${JSON.stringify(PROVINCE)}; with the demo rows), written in ${generated.seconds.toFixed(1)} s`] : []),
    ...phases.flatMap((p) => [p.pdf, ...p.rows.map((r) => r.note)].filter((x): x is string => Boolean(x)).map((x) => `- ${label(p)}: ${x}`)),
    '',
    ...(both ? dbs.flatMap((db) => [`## ${TITLES[db]}: SQLite | PostgreSQL`, '', ...sideBySide(phases.filter((p) => p.db === db)), '']) : []),
    ...phases.flatMap((p) => [`## ${TITLES[p.db]}${both ? `, ${p.engine}` : ''}`, '', ...table(p), '']),
    failed.length ? `**Failed:** ${failed.map((f) => `${f.page.db} ${f.page.name}`).join(', ')}` : 'All runs: zero non-2xx answers, zero errors, every check passed.',
    '',
    'Numbers are noisy when other work shares the machine (see the load average); compare runs on one machine.',
    '',
  ].join('\n')
  const dir = path.join(import.meta.dirname, 'results')
  mkdirSync(dir, { recursive: true })
  // a filtered run never replaces the full report; OPENDAY_BENCH_DB=pg or both write beside the SQLite results
  const out = `${ONLY ? 'filtered' : 'latest'}${both ? '-both' : benchEngines[0] === 'PostgreSQL' ? '-postgresql' : ''}.md`
  writeFileSync(path.join(dir, `${out}.${process.pid}.tmp`), md)
  renameSync(path.join(dir, `${out}.${process.pid}.tmp`), path.join(dir, out))
  console.log(`\nWrote bench/results/${out}`)
  return failed.length ? 1 : 0
}

main()
  .then((code) => {
    cleanup()
    process.exit(code)
  })
  .catch((err) => {
    console.error(err)
    cleanup()
    process.exit(1)
  })

// Summarises a V8 CPU profile (`node --cpu-prof`, e.g. BENCH_CPU_PROF=dir npm run bench) by where the time went:
//   node scripts/profile-summary.mjs FILE.cpuprofile [top=25] [skip=3000: ms from the start left out (start-up)]
// Self time by category (a package, our own source folder via dist/server.js.map, or Node's core); time in Node's
// internals and in native code is charged to the nearest caller outside them, so "SQLite" includes the driver's
// C++ and "app: src/web" the crypto it calls. Then the functions with the most self time.
import { readFileSync } from 'node:fs'
import { SourceMap } from 'node:module'
import path from 'node:path'

const [file, topArg, skipArg] = process.argv.slice(2)
if (!file) {
  console.error('usage: node scripts/profile-summary.mjs FILE.cpuprofile [top]')
  process.exit(2)
}
const TOP = Number(topArg ?? 25)
const root = path.resolve(import.meta.dirname, '..')
const profile = JSON.parse(readFileSync(file, 'utf8'))
let map = null
try {
  map = new SourceMap(JSON.parse(readFileSync(path.join(root, 'dist/server.js.map'), 'utf8')))
} catch {
  // no build: app code stays "app (dist/server.js)"
}

const PACKAGES = [
  [/^(express|router|body-parser|finalhandler|send|serve-static|qs|path-to-regexp|on-finished|on-headers|content-type|content-disposition|accepts|negotiator|type-is|mime-types|mime-db|raw-body|iconv-lite|fresh|etag|parseurl|encodeurl|escape-html|vary|depd|statuses|http-errors|proxy-addr|forwarded|range-parser|merge-descriptors|debug|ms)$/, 'Express router/middleware'],
  [/^helmet$/, 'helmet'],
  [/^(express-session|cookie|cookie-signature|uid-safe|random-bytes|on-headers)$/, 'session'],
  [/^express-rate-limit$/, 'rate limiter'],
  [/^(pino|pino-http|pino-std-serializers|fast-redact|@pinojs\/redact|sonic-boom|thread-stream|atomic-sleep|quick-format-unescaped|fast-safe-stringify|safe-stable-stringify|on-exit-leak-free|real-require)$/, 'pino'],
  [/^ejs$/, 'EJS'],
  [/^better-sqlite3$/, 'SQLite (better-sqlite3)'],
  [/^(@prisma\/.*|\.prisma)$/, 'Prisma'],
  [/^(compression|compressible|bytes)$/, 'compression'],
  [/^zod$/, 'Zod'],
  [/^dayjs$/, 'dayjs'],
]

function packageOf(url) {
  const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)
  if (!m) return null
  const last = m.at(-1).replace(/^node_modules\//, '').replace(/\/$/, '')
  return last
}

function categoryOf(frame) {
  const { url, functionName, lineNumber, columnNumber } = frame
  if (!url) {
    if (functionName.startsWith('(')) return functionName // (garbage collector), (program), (idle), (root)
    return null // native: charged to its caller
  }
  if (url.startsWith('node:')) return null // Node's internals: charged to the caller
  if (url.includes('/src/generated/') || url.startsWith('wasm://')) return 'Prisma'
  if (/\.ejs"?$/.test(url)) return 'EJS'
  const pkg = packageOf(url)
  if (pkg) return PACKAGES.find(([re]) => re.test(pkg))?.[1] ?? `package ${pkg}`
  if (url.endsWith('/dist/server.js')) {
    const source = map?.findEntry(lineNumber, columnNumber)?.originalSource
    if (!source) return 'app (dist/server.js)'
    const rel = path.relative(root, path.resolve(root, 'dist', source.replace(/^file:\/\//, '')))
    return `app: ${rel.split(path.sep).slice(0, 2).join('/')}`
  }
  return `other ${url}`
}

const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
const parent = new Map()
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)

const own = new Map()
function chargedCategory(id) {
  if (own.has(id)) return own.get(id)
  const n = nodes.get(id)
  let cat = categoryOf(n.callFrame)
  if (cat === null) {
    const p = parent.get(id)
    const up = p === undefined ? '(root)' : chargedCategory(p)
    cat = up === '(root)' || up === '(program)' ? 'Node core (http, net, streams)' : up
  }
  own.set(id, cat)
  return cat
}

// self time per node from the samples and their time deltas (µs)
const SKIP_US = Number(skipArg ?? 3000) * 1000
const self = new Map()
let at = 0
profile.samples.forEach((id, i) => {
  at += profile.timeDeltas[i] ?? 0
  if (at >= SKIP_US) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
})
const total = [...self.values()].reduce((a, b) => a + b, 0)
const idle = [...self].filter(([id]) => nodes.get(id).callFrame.functionName === '(idle)').reduce((a, [, t]) => a + t, 0)
const busy = total - idle

const byCategory = new Map()
const byFunction = new Map()
for (const [id, t] of self) {
  const n = nodes.get(id)
  const cat = chargedCategory(id)
  if (cat === '(idle)') continue
  byCategory.set(cat, (byCategory.get(cat) ?? 0) + t)
  const f = n.callFrame
  const where = f.url ? `${f.url.replace(/^.*node_modules\//, '').replace(root + '/', '')}:${f.lineNumber + 1}` : 'native'
  const key = `${f.functionName || '(anonymous)'} ${where}`
  const entry = byFunction.get(key) ?? { t: 0, cat }
  entry.t += t
  byFunction.set(key, entry)
}

const pct = (t) => `${((100 * t) / busy).toFixed(1)} %`
const ms = (t) => `${(t / 1000).toFixed(0)} ms`
console.log(`${path.basename(file)}: ${ms(total)} sampled, ${ms(busy)} busy (not idle)\n`)
console.log('| category (self time, internals charged to the caller) | ms | share of busy |\n| --- | ---: | ---: |')
// packages under 0.5 % go together
let rest = 0
for (const [cat, t] of [...byCategory].sort((a, b) => b[1] - a[1])) {
  if (t / busy < 0.005 && cat.startsWith('package ')) rest += t
  else console.log(`| ${cat} | ${ms(t)} | ${pct(t)} |`)
}
if (rest) console.log(`| other packages (each < 0.5 %) | ${ms(rest)} | ${pct(rest)} |`)
console.log(`\n| top ${TOP} functions by self time | category | ms | share |\n| --- | --- | ---: | ---: |`)
for (const [key, { t, cat }] of [...byFunction].sort((a, b) => b[1].t - a[1].t).slice(0, TOP)) {
  console.log(`| \`${key}\` | ${cat} | ${ms(t)} | ${pct(t)} |`)
}

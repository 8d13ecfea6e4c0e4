// The pages `npm run bench` drives. To add one, append to PAGES: a name, the database it runs on, and a setup
// that returns the request (a path for a logged-in GET is enough; see `get`).
import { ASSESSMENT, type DemoIds, type DuesIds } from './data.ts'
import type { LoadOptions, LoadResult } from './load.ts'

export type BenchContext = {
  base: string
  ids: DemoIds
  /** the Cookie header of the logged-in admin */
  adminCookie: string
  /** YYYY-MM of the demo's upcoming open day (the calendar's busy month) */
  month: string
  /** the dues register's branch (60 members) and month, and its year */
  dues: DuesIds
  /** a SELECT COUNT(*) … AS n on the database file, for checks */
  count(sql: string, ...params: unknown[]): number
}

export type Load = {
  path: string
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  /** form fields of a comment POST (a fresh idempotency key is added to each request) */
  comment?: Record<string, string>
  /** fewer connections than BENCH_CONNECTIONS for a page that takes seconds (the server cannot drop a queued request) */
  connections?: number
  /** measure a fixed number of requests (the warm-up's rate × the duration) so every answer can be checked */
  exact?: boolean
  /** after the warm-up, before the measured run */
  beforeMeasure?: () => void
  /** after the measured run: a line for the report, and whether the check passed */
  verify?: (r: LoadResult) => { ok: boolean; note: string }
  /** a second load run beside the measured one, as long (e.g. comments posted while the page is read) */
  beside?: Pick<LoadOptions, 'path' | 'method' | 'headers' | 'comment' | 'connections'>
}

export type BenchPage = { name: string; db: 'demo' | 'province'; setup: (ctx: BenchContext) => Load | Promise<Load> }

const GZIP = { 'accept-encoding': 'gzip' }

/** a GET as a browser sends it: gzip accepted, logged in as the admin unless anonymous */
export const get =
  (path: (ctx: BenchContext) => string, opts: { anonymous?: boolean; connections?: number } = {}) =>
  (ctx: BenchContext): Load => ({
    path: path(ctx),
    headers: { ...GZIP, ...(opts.anonymous ? {} : { cookie: ctx.adminCookie }) },
    connections: opts.connections,
  })

/** the `name=value` pairs of a response's Set-Cookie headers */
export function cookies(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
}

export const csrfOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)?.[1]

/** an observer's phone: GET the page (cookie-bound CSRF token), then POST comments as its fetch path does;
 *  `scores`: tiles tapped, so each comment writes its score rows in the same transaction */
const commentPost = (scores: Record<string, string> = {}) => async (ctx: BenchContext): Promise<Load> => {
  const path = `/o/${ctx.ids.liveCommentsToken}`
  const page = await fetch(ctx.base + path)
  const csrf = csrfOf(await page.text())
  if (page.status !== 200 || !csrf) throw new Error(`GET ${path}: ${page.status}, CSRF token ${Boolean(csrf)}`)
  const rows = () => ctx.count('SELECT COUNT(*) AS n FROM "Comment" WHERE "openDayId" = ?', ctx.ids.liveCommentsId)
  const scoreRows = () =>
    ctx.count('SELECT COUNT(*) AS n FROM "CommentScore" s JOIN "Comment" c ON c."id" = s."commentId" WHERE c."openDayId" = ?', ctx.ids.liveCommentsId)
  const perComment = Object.keys(scores).length
  let before = 0
  let scoresBefore = 0
  return {
    path: `${path}/comments`,
    method: 'POST',
    headers: { cookie: cookies(page), accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    comment: { _csrf: csrf, authorName: '压测观摩者', authorUnit: '机关第一党支部', learnings: '流程规范，誓词环节庄重。', suggestions: '交流发言可以更聚焦。', ...scores },
    exact: true,
    verify: (r) => {
      const created = r.statuses['201'] ?? 0
      const made = rows() - before
      const scored = scoreRows() - scoresBefore
      const ok = made === created && scored === made * perComment && r.non2xx === 0 && r.errors === 0
      const scoreNote = perComment ? ` and ${scored} score rows` : ''
      return { ok, note: `comment POST${perComment ? `, ${perComment} scores` : ''}: ${created} × 201 (≈ ${Math.round(created / r.durationS)} accepted/s), ${r.statuses['200'] ?? 0} resent keys × 200, ${made} rows${scoreNote} → ${ok ? '0 lost, 0 doubled' : 'MISMATCH'}` }
    },
    beforeMeasure: () => {
      before = rows()
      scoresBefore = scoreRows()
    },
  }
}

const FIVE_SCORES = { score_形式: '5', score_主题: '4', score_发言: '5', score_点评: '3', score_转化: '4' }

/** the phone page read while a room posts scored comments beside it (5 connections) */
async function underScoredComments(ctx: BenchContext): Promise<Load> {
  const post = await commentPost(FIVE_SCORES)(ctx)
  const beside = { path: post.path, method: 'POST' as const, headers: post.headers!, comment: post.comment, connections: 5 }
  return { ...get((c) => `/o/${c.ids.liveCommentsToken}`, { anonymous: true })(ctx), beside }
}

/** the projector's poll when nothing changed: the version it already has */
async function projectorPoll(ctx: BenchContext): Promise<Load> {
  const path = `/open-days/${ctx.ids.upcomingId}/projector.json`
  const res = await fetch(ctx.base + path, { headers: { cookie: ctx.adminCookie } })
  const { version } = (await res.json()) as { version: string }
  return get(() => `${path}?v=${encodeURIComponent(version)}`)(ctx)
}

/** the first branch of the seeded assessment year (tests/helpers/assessment.ts names them) */
const assessmentBranch = (c: BenchContext) => c.count('SELECT min("id") AS n FROM "Branch" WHERE "name" LIKE ?', `考核${ASSESSMENT.year}第%`)

export const PAGES: BenchPage[] = [
  { name: 'observer page /o/:token', db: 'demo', setup: get((c) => `/o/${c.ids.liveCommentsToken}`, { anonymous: true }) },
  { name: 'A4 summary (100+ comments)', db: 'demo', setup: get((c) => `/open-days/${c.ids.seedEventId}/summary`) },
  { name: 'comment POST', db: 'demo', setup: commentPost() },
  { name: 'comment POST, 5 scores', db: 'demo', setup: commentPost(FIVE_SCORES) },
  { name: 'observer page, scored comments beside', db: 'demo', setup: underScoredComments },
  { name: 'projector poll, unchanged', db: 'demo', setup: projectorPoll },
  { name: 'dashboard /', db: 'demo', setup: get(() => '/') },
  { name: 'calendar month', db: 'demo', setup: get((c) => `/calendar?month=${c.month}`) },
  { name: '/calendar.ics feed', db: 'demo', setup: get(() => '/calendar.ics', { anonymous: true }) },
  { name: '/open-days', db: 'demo', setup: get(() => '/open-days') },
  // pages of tens to hundreds of ms each: a few connections keep the backlog short
  { name: 'dues register, 60 members', db: 'demo', setup: get((c) => `/branches/${c.dues.branchId}/dues/months/${c.dues.month}`, { connections: 8 }) },
  { name: 'dues overview /dues', db: 'demo', setup: get((c) => `/dues?year=${c.dues.year}&month=9`, { connections: 4 }) },
  { name: 'dues overview .xlsx', db: 'demo', setup: get((c) => `/dues/overview.xlsx?year=${c.dues.year}&month=9`, { connections: 4 }) },
  { name: `record book ${ASSESSMENT.year}, 12 open days`, db: 'demo', setup: get((c) => `/branches/${assessmentBranch(c)}/record-book?year=${ASSESSMENT.year}`, { connections: 8 }) },
  { name: `annual assessment ${ASSESSMENT.year}`, db: 'demo', setup: get(() => `/assessment?year=${ASSESSMENT.year}`, { connections: 4 }) },
  // a few connections, as before the lists were paged and cached: p50 then reads as a request's own time
  { name: '/open-days', db: 'province', setup: get(() => '/open-days', { connections: 4 }) },
  { name: 'dashboard /', db: 'province', setup: get(() => '/', { connections: 4 }) },
  { name: 'calendar month', db: 'province', setup: get((c) => `/calendar?month=${c.month}`) },
  { name: '/calendar.ics feed', db: 'province', setup: get(() => '/calendar.ics', { anonymous: true, connections: 8 }) },
  { name: 'observer page /o/:token', db: 'province', setup: get((c) => `/o/${c.ids.liveCommentsToken}`, { anonymous: true }) },
]

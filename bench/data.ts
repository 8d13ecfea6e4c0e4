// The bench's data, written straight into SQLite (better-sqlite3, one transaction per step): the demo database's
// additions and the province-size database. Columns this file does not name get their default, or a filler when
// the column is required and has none (so a later migration that adds such a column does not break the bench).
import Database from 'better-sqlite3'
import { monthlyDuesFen } from '../src/dues/rates.ts'
import { hashPassword } from '../src/lib/password.ts'

type Row = Record<string, string | number | null>
type Column = { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }

/** Prisma's DateTime text */
export const sqlTime = (d: Date | number) => new Date(d).toISOString().replace('Z', '+00:00')

/** a tiny deterministic PRNG so every run writes the same data */
export function mulberry32(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** inserts rows into a table through one prepared statement per column set; returns the new ids */
function inserter(sqlite: Database.Database, table: string) {
  const columns = sqlite.prepare(`PRAGMA table_info("${table}")`).all() as Column[]
  const required = columns.filter((c) => c.notnull && c.dflt_value === null && !c.pk)
  const statements = new Map<string, Database.Statement>()
  let n = 0
  return (row: Row): number => {
    n++
    const full: Row = { ...row }
    for (const c of required) {
      if (full[c.name] !== undefined) continue
      full[c.name] = /DATE/i.test(c.type) ? sqlTime(Date.now()) : /INT|REAL|NUM|BOOL/i.test(c.type) ? 0 : `bench-${table}-${c.name}-${n}-${Math.random().toString(36).slice(2)}`
    }
    const names = Object.keys(full)
    const key = names.join(',')
    let stmt = statements.get(key)
    if (!stmt) {
      stmt = sqlite.prepare(`INSERT INTO "${table}" (${names.map((c) => `"${c}"`).join(', ')}) VALUES (${names.map((c) => `@${c}`).join(', ')})`)
      statements.set(key, stmt)
    }
    return Number(stmt.run(full).lastInsertRowid)
  }
}

export type DemoIds = {
  seedEventId: number
  upcomingId: number
  /** an approved open day happening now: its phone page takes comments */
  liveCommentsId: number
  liveCommentsToken: string
  /** office accounts bench-1…bench-5 for concurrent PDFs (each user may have two underway) */
  pdfUsers: string[]
}

export const BENCH_USER_PASSWORD = 'bench-user-pass'

/** the demo seed's additions: 100 comments on the seed event, the upcoming open day live, an open day taking comments now */
export async function addDemoData(file: string): Promise<DemoIds> {
  const sqlite = new Database(file)
  const hash = await hashPassword(BENCH_USER_PASSWORD)
  try {
    const one = <T>(sql: string, ...params: unknown[]) => sqlite.prepare(sql).get(...params) as T
    const seedEvent = one<{ id: number; branchId: number }>("SELECT id, branchId FROM OpenDay WHERE theme = '我为精准扶贫办实事'")
    const upcoming = one<{ id: number }>("SELECT id FROM OpenDay WHERE theme = '学习贯彻党的二十届四中全会精神'")
    const now = Date.now()
    const ids = sqlite.transaction(() => {
      const comment = inserter(sqlite, 'Comment')
      for (let i = 0; i < 100; i++) {
        comment({
          openDayId: seedEvent.id,
          authorName: `观摩者${i + 1}`,
          authorUnit: `第${(i % 12) + 1}党支部`,
          idempotencyKey: `bench-${i}`,
          editToken: `bench-edit-${i}`,
          learnings: `第 ${i + 1} 条可借鉴之处：流程规范，发言紧扣主题，联系岗位实际，值得本支部学习借鉴。`,
          suggestions: `第 ${i + 1} 条建议：交流环节可增加互动，会后跟进落实情况。`,
          createdAt: sqlTime(now),
          updatedAt: sqlTime(now),
        })
      }
      // the upcoming open day live: the seed event's agenda, the third segment (the oath) running, sign-in open
      const segments = sqlite.prepare('SELECT position, kind, title, plannedMinutes, record FROM Segment WHERE openDayId = ? ORDER BY position').all(seedEvent.id) as Row[]
      const segment = inserter(sqlite, 'Segment')
      segments.forEach((s, i) =>
        segment({
          ...s,
          openDayId: upcoming.id,
          startedAt: i < 3 ? sqlTime(now - (3 - i) * 600_000) : null,
          endedAt: i < 2 ? sqlTime(now - (2 - i) * 600_000) : null,
          updatedAt: sqlTime(now),
        }),
      )
      sqlite.prepare('UPDATE OpenDay SET signInOpen = 1 WHERE id = ?').run(upcoming.id)
      const liveToken = 'bench-live-comments'
      const liveId = inserter(sqlite, 'OpenDay')({
        branchId: seedEvent.branchId,
        theme: '压力测试：观摩点评',
        startsAt: sqlTime(now - 3600_000),
        endsAt: sqlTime(now + 3600_000),
        place: '机关党员活动室',
        status: 'approved',
        observerToken: liveToken,
        signInToken: 'bench-live-sign-in',
        createdAt: sqlTime(now),
        updatedAt: sqlTime(now),
      })
      const user = inserter(sqlite, 'User')
      const pdfUsers = [1, 2, 3, 4, 5].map((i) => `bench-${i}`)
      for (const username of pdfUsers) {
        user({ username, displayName: username, role: 'office', passwordHash: hash, passwordChangedAt: sqlTime(now - 60_000), createdAt: sqlTime(now), updatedAt: sqlTime(now) })
      }
      return { seedEventId: seedEvent.id, upcomingId: upcoming.id, liveCommentsId: liveId, liveCommentsToken: liveToken, pdfUsers }
    })()
    sqlite.pragma('wal_checkpoint(TRUNCATE)')
    return ids
  } finally {
    sqlite.close()
  }
}

export const PROVINCE = { branches: 200, members: 6000, openDays: 5000, comments: 200_000, attendance: 100_000 }

/** adds a province's worth of rows to a copy of the demo database; returns the counts and the seconds it took */
export function addProvinceData(file: string): { counts: Record<string, number>; seconds: number } {
  const started = performance.now()
  const sqlite = new Database(file)
  sqlite.pragma('journal_mode = WAL')
  const rnd = mulberry32(20201015)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]
  const themes = ['重温入党誓词', '学习党章', '主题党日：走进社区', '专题学习研讨', '党员志愿服务', '红色教育基地参观', '组织生活会', '读书分享会']
  const places = ['机关党员活动室', '机关三楼第二会议室', '机关五楼会议室', '社区党群服务中心', '红色教育基地']
  const now = Date.now()
  const stamp = sqlTime(now)
  try {
    sqlite.transaction(() => {
      const branch = inserter(sqlite, 'Branch')
      const member = inserter(sqlite, 'Member')
      const openDay = inserter(sqlite, 'OpenDay')
      const comment = inserter(sqlite, 'Comment')
      const attendance = inserter(sqlite, 'Attendance')
      const perBranch = PROVINCE.members / PROVINCE.branches
      const branches: { id: number; members: number[] }[] = []
      for (let b = 0; b < PROVINCE.branches; b++) {
        const id = branch({ name: `第${b + 1}党支部（省直机关）`, createdAt: stamp, updatedAt: stamp })
        const members: number[] = []
        for (let m = 0; m < perBranch; m++) {
          members.push(member({ branchId: id, name: `党员${b + 1}-${m + 1}`, standing: m % 10 === 9 ? 'probationary' : 'full', createdAt: stamp, updatedAt: stamp }))
        }
        branches.push({ id, members })
      }
      // five years back and three months ahead; comments and attendance on the past ones
      const from = now - 5 * 365 * 86_400_000
      const to = now + 90 * 86_400_000
      const pastDays: { id: number; members: number[]; endsAt: number }[] = []
      for (let i = 0; i < PROVINCE.openDays; i++) {
        const b = branches[i % branches.length]
        const day = Math.floor((from + rnd() * (to - from)) / 86_400_000) * 86_400_000
        const startsAt = day + 6.5 * 3600_000
        const endsAt = startsAt + 2.5 * 3600_000
        const past = endsAt < now
        const status = past ? pick(['held', 'reviewed', 'reviewed', 'reviewed', 'cancelled'] as const) : pick(['draft', 'submitted', 'approved', 'approved'] as const)
        const id = openDay({
          branchId: b.id,
          theme: `${pick(themes)}（${new Date(day).toISOString().slice(0, 7)}）`,
          startsAt: sqlTime(startsAt),
          endsAt: sqlTime(endsAt),
          place: pick(places),
          hostId: b.members[0],
          recorderId: b.members[1],
          description: '收缴党费、重温入党誓词、领学、交流发言、观摩点评、总结讲话。',
          status,
          statusNote: status === 'cancelled' ? '与集中学习时间冲突，另行安排' : null,
          observerToken: `p-obs-${i}`,
          signInToken: `p-sign-${i}`,
          createdAt: sqlTime(startsAt - 30 * 86_400_000),
          updatedAt: stamp,
        })
        if (past && status !== 'cancelled') pastDays.push({ id, members: b.members, endsAt })
      }
      const commentsEach = Math.ceil(PROVINCE.comments / pastDays.length)
      const attendanceEach = Math.ceil(PROVINCE.attendance / pastDays.length)
      let comments = 0
      let present = 0
      for (const d of pastDays) {
        for (let c = 0; c < commentsEach && comments < PROVINCE.comments; c++, comments++) {
          comment({
            openDayId: d.id,
            authorName: `观摩者${c + 1}`,
            authorUnit: `第${(c % 200) + 1}党支部`,
            idempotencyKey: `p-${comments}`,
            editToken: `p-edit-${comments}`,
            learnings: '流程规范，发言紧扣主题，联系岗位实际，值得本支部学习借鉴。',
            suggestions: '交流环节可增加互动，会后跟进落实情况。',
            createdAt: sqlTime(d.endsAt),
            updatedAt: sqlTime(d.endsAt),
          })
        }
        for (let a = 0; a < attendanceEach && a < d.members.length && present < PROVINCE.attendance; a++, present++) {
          attendance({ openDayId: d.id, memberId: d.members[a], status: a % 12 === 11 ? 'leave' : 'present', leaveReason: a % 12 === 11 ? '出差' : null, createdAt: sqlTime(d.endsAt), updatedAt: sqlTime(d.endsAt) })
        }
      }
    })()
    sqlite.pragma('wal_checkpoint(TRUNCATE)')
    const count = (t: string) => (sqlite.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n
    const counts = Object.fromEntries(['Branch', 'Member', 'OpenDay', 'Comment', 'Attendance'].map((t) => [t, count(t)]))
    return { counts, seconds: (performance.now() - started) / 1000 }
  } finally {
    sqlite.close()
  }
}

export const DUES = { branches: 30, members: 60, stopAfterMarch: 3 }

export type DuesIds = { branchId: number; year: number; month: string }

/** the dues register's year: 30 branches × 60 members with this year's bases (baseFen 250000 + i × 17311), paid
 *  January–September by register batches, except 3 members a branch who stop after March (their arrears show) */
export function addDuesData(file: string): DuesIds {
  const sqlite = new Database(file)
  const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4))
  const stamp = sqlTime(Date.now())
  try {
    const branchId = sqlite.transaction(() => {
      const branch = inserter(sqlite, 'Branch')
      const member = inserter(sqlite, 'Member')
      const base = inserter(sqlite, 'DuesBase')
      const payment = inserter(sqlite, 'DuesPayment')
      let first = 0
      for (let b = 0; b < DUES.branches; b++) {
        const id = branch({ name: `党费第${b + 1}党支部`, createdAt: stamp, updatedAt: stamp })
        first ||= id
        for (let i = 0; i < DUES.members; i++) {
          const memberId = member({ branchId: id, name: `缴费党员${b + 1}-${i + 1}`, category: 'employed', createdAt: stamp, updatedAt: stamp })
          const baseFen = 250000 + i * 17311
          base({ memberId, year, baseFen, createdAt: stamp, updatedAt: stamp })
          const dueFen = monthlyDuesFen({ category: 'employed', baseFen })
          const last = i < DUES.stopAfterMarch ? 3 : 9
          for (let m = 1; m <= last; m++) {
            const month = `${year}-${String(m).padStart(2, '0')}`
            payment({ memberId, branchId: id, month, dueFen, paidFen: dueFen, paidOn: `${month}-15`, collector: '组织委员', batchKey: `bench-dues-${id}-${month}`, createdAt: stamp })
          }
        }
      }
      return first
    })()
    sqlite.pragma('wal_checkpoint(TRUNCATE)')
    return { branchId, year, month: `${year}-09` }
  } finally {
    sqlite.close()
  }
}

/** the annual assessment's year (bench/seed-assessment.ts): branches × monthly open days, held, reviewed, scored */
export const ASSESSMENT = { branches: 30, openDays: 12, year: 2035 }

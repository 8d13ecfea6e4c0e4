import { VersionedCache } from '../cache/versioned.ts'
import { db, readRow } from '../db.ts'

/**
 * The hot reads of open days and the versions their caches compare. Every write bumps them inside its
 * transaction (database triggers, see the cache_versions migration), so one small indexed read per request
 * tells whether what was computed at the last write still holds.
 */

/** one open day's versions: its rows (`data`), its comments' high-water mark, settings and directory counters */
export type OpenDayVersions = { id: number; branchId: number; data: number; comments: number; settings: number; directory: number }

const VERSIONS = `SELECT o."id", o."branchId", o."dataVersion" AS "data",
  coalesce((SELECT max(c."id") FROM "Comment" c WHERE c."openDayId" = o."id"), 0) AS "comments",
  (SELECT "value" FROM "CacheVersion" WHERE "key" = 'settings') AS "settings",
  (SELECT "value" FROM "CacheVersion" WHERE "key" = 'directory') AS "directory"
FROM "OpenDay" o WHERE `
const BY_ID = `${VERSIONS}o."id" = ?`
const BY_OBSERVER_TOKEN = `${VERSIONS}o."observerToken" = ?`

export const versionsById = (id: number): Promise<OpenDayVersions | undefined> => readRow<OpenDayVersions>(BY_ID, id)
export const versionsByObserverToken = (token: string): Promise<OpenDayVersions | undefined> => readRow<OpenDayVersions>(BY_OBSERVER_TOKEN, token)

/** the app-wide counters: settings, the directory (branches and members), the calendar (open days' list fields) */
export type AppVersions = { settings: number; directory: number; calendar: number }
const APP = `SELECT
  (SELECT "value" FROM "CacheVersion" WHERE "key" = 'settings') AS "settings",
  (SELECT "value" FROM "CacheVersion" WHERE "key" = 'directory') AS "directory",
  (SELECT "value" FROM "CacheVersion" WHERE "key" = 'calendar') AS "calendar"`
export const appVersions = async (): Promise<AppVersions> => (await readRow<AppVersions>(APP))!

/** what lists, the calendar and the feed show of an open day: Prisma's cost grows with every column read */
export const listFields = { id: true, branchId: true, theme: true, startsAt: true, endsAt: true, place: true, status: true, updatedAt: true } as const
const listSelect = { ...listFields, branch: { select: { id: true, name: true } } } as const
const DAY = 24 * 60 * 60 * 1000

/** open days overlapping [start, end), not cancelled unless `statuses` says otherwise; an open day lasts under a
 *  day (one date, two times), so both sides of startsAt are bounded and the index serves the range */
export function listOpenDaysBetween(start: Date, end: Date, statuses?: string[]) {
  return db.openDay.findMany({
    where: { startsAt: { gt: new Date(start.getTime() - DAY), lt: end }, endsAt: { gt: start }, status: statuses ? { in: statuses } : { not: 'cancelled' } },
    select: listSelect,
    orderBy: { startsAt: 'asc' },
  })
}
export type ListedOpenDay = Awaited<ReturnType<typeof listOpenDaysBetween>>[number]

const between = new VersionedCache<ListedOpenDay[]>(200)

/** the calendar's month and the feed: recomputed only when an open day's list fields or a branch name changed */
export async function cachedOpenDaysBetween(start: Date, end: Date, statuses?: string[]): Promise<ListedOpenDay[]> {
  const key = `${start.getTime()}-${end.getTime()}-${statuses?.join(',') ?? ''}`
  return between.get(key, String((await appVersions()).calendar), () => listOpenDaysBetween(start, end, statuses))
}

import { readRow } from '../db.ts'

/** the app-wide CacheVersion counters, bumped by database triggers inside every write to their tables: settings
 *  (and criteria), directory (branches, members), calendar (open days' list fields, branch names), dues (payments,
 *  corrections, yearly bases), actions (follow-up actions) */
export type Counters = { settings: number; directory: number; calendar: number; dues: number; actions: number }

const ALL = `SELECT
  (SELECT "value" FROM "CacheVersion" WHERE "key" = 'settings') AS "settings\",
  (SELECT "value" FROM "CacheVersion" WHERE "key" = 'directory') AS "directory\",
  (SELECT "value" FROM "CacheVersion" WHERE "key" = 'calendar') AS "calendar\",
  (SELECT "value" FROM "CacheVersion" WHERE "key" = 'dues') AS "dues\",
  (SELECT "value" FROM "CacheVersion" WHERE "key" = 'actions') AS "actions\"`

/** all counters in one prepared read on the read-only connection */
export const counters = async (): Promise<Counters> => (await readRow<Counters>(ALL))!

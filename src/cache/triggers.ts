// The cache triggers (see the cache_versions migration) from one list. `npm run db:triggers` writes every one of
// them to prisma/triggers.sql; a migration that redefines a table copies that table's statements from there (a
// migration already applied is never edited). tests/integration/cache.test.ts checks that the migrated database
// holds exactly these triggers and that prisma/triggers.sql is current.

type Event = 'insert' | 'update' | 'delete'
/** a parent row's column, found by the written row's foreign key: e.g. Speech → Segment.openDayId by segmentId */
type Via = { via: string; key: string }
/** what a write bumps: the open day in a column (or through a parent), every open day of the branch in a column
 *  (or through a parent), the row itself (OpenDay), or an app-wide CacheVersion counter */
type Reach = { openDay: string | Via } | { branch: string | Via } | { self: true } | { counter: string }
type Spec = { table: string; reach: Reach; events?: Event[]; name?: string; when?: string }

const OPEN_DAY_ROWS = ['OpenDayStatusChange', 'Observer', 'Segment', 'Attendance', 'Attendee', 'Attachment', 'EditLog', 'NewsRelease']
const LIST_FIELDS = ['branchId', 'theme', 'startsAt', 'endsAt', 'place', 'status']

export const CACHE_TRIGGERS: Spec[] = [
  ...OPEN_DAY_ROWS.map((table) => ({ table, reach: { openDay: 'openDayId' } })),
  // a comment's insert bumps nothing: readers add the comments' highest id, so the comment POST stays one insert
  { table: 'Comment', reach: { openDay: 'openDayId' }, events: ['update', 'delete'] },
  { table: 'Speech', reach: { openDay: { via: 'Segment', key: 'segmentId' } } },
  { table: 'OpenDay', reach: { self: true }, events: ['update'], when: 'NEW."dataVersion" = OLD."dataVersion"' },
  { table: 'Setting', reach: { counter: 'settings' } },
  { table: 'Branch', reach: { counter: 'directory' } },
  { table: 'Member', reach: { counter: 'directory' } },
  { table: 'OpenDay', reach: { counter: 'calendar' }, when: LIST_FIELDS.map((f) => `NEW."${f}" IS NOT OLD."${f}"`).join(' OR ') },
  { table: 'Branch', reach: { counter: 'calendar' }, when: 'NEW."name" IS NOT OLD."name"' },
  { table: 'DuesPayment', reach: { branch: 'branchId' } },
  { table: 'DuesAdjustment', reach: { branch: { via: 'DuesPayment', key: 'paymentId' } } },
  { table: 'DuesBase', reach: { branch: { via: 'Member', key: 'memberId' } } },
  { table: 'Review', reach: { openDay: 'openDayId' } },
  { table: 'FollowUpAction', reach: { openDay: 'openDayId' } },
  { table: 'ScoreSheet', reach: { openDay: 'openDayId' } },
  { table: 'OfficeScore', reach: { openDay: { via: 'ScoreSheet', key: 'sheetId' } } },
  // score rows are inserted with a new comment (its id is the readers' new highest) or in a comment's edit (whose
  // Comment update bumps): an insert trigger would only bump again, and lock the open day's row per scored comment
  { table: 'CommentScore', reach: { openDay: { via: 'Comment', key: 'commentId' } }, events: ['update', 'delete'] },
  { table: 'Criterion', reach: { counter: 'settings' }, name: 'bump' },
  { table: 'DuesPayment', reach: { counter: 'dues' } },
  { table: 'DuesAdjustment', reach: { counter: 'dues' } },
  { table: 'DuesBase', reach: { counter: 'dues' } },
  { table: 'FollowUpAction', reach: { counter: 'actions' } },
]

const BUMP = 'UPDATE "OpenDay" SET "dataVersion" = "dataVersion" + 1 WHERE'

function body(reach: Reach, event: Event): string {
  if ('counter' in reach) return `UPDATE "CacheVersion" SET "value" = "value" + 1 WHERE "key" = '${reach.counter}';`
  if ('self' in reach) return `${BUMP} "id" = NEW."id";`
  const [column, ref] = 'openDay' in reach ? ['id', reach.openDay] : ['branchId', reach.branch]
  const parentColumn = 'openDay' in reach ? 'openDayId' : 'branchId'
  const of = (row: 'NEW' | 'OLD') => (typeof ref === 'string' ? `${row}."${ref}"` : `(SELECT "${parentColumn}" FROM "${ref.via}" WHERE "id" = ${row}."${ref.key}")`)
  if (event === 'update') return `${BUMP} "${column}" IN (${of('OLD')}, ${of('NEW')});`
  return `${BUMP} "${column}" = ${of(event === 'insert' ? 'NEW' : 'OLD')};`
}

/** name → CREATE TRIGGER statement (as SQLite keeps it in sqlite_master: no closing semicolon) */
export function cacheTriggers(tables?: string[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const spec of CACHE_TRIGGERS) {
    if (tables && !tables.includes(spec.table)) continue
    const name = spec.name ?? ('counter' in spec.reach ? spec.reach.counter : 'bump')
    for (const event of spec.events ?? (['insert', 'update', 'delete'] as const)) {
      const when = event === 'update' && spec.when ? ` WHEN ${spec.when}` : ''
      const trigger = `${spec.table}_${name}_${event}`
      out.set(trigger, `CREATE TRIGGER "${trigger}" AFTER ${event.toUpperCase()} ON "${spec.table}"${when} BEGIN\n  ${body(spec.reach, event)}\nEND`)
    }
  }
  return out
}

/** the statements for a migration: DROP IF EXISTS, then CREATE, of the tables named (all when none) */
export function triggersSql(tables?: string[]): string {
  const triggers = cacheTriggers(tables)
  const drops = [...triggers.keys()].map((name) => `DROP TRIGGER IF EXISTS "${name}";`)
  return ['-- generated by `npm run db:triggers` from src/cache/triggers.ts', ...drops, ...[...triggers.values()].map((sql) => `${sql};`), ''].join('\n')
}

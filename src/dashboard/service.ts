// The dashboard's parts, each cached by the app-wide counters its rows bump (database triggers, see the
// cache_versions and dashboard_versions migrations) and by the minute: one small read per request decides,
// in this instance or any other, whether what was computed at the last write still holds.
import { counters } from '../cache/counters.ts'
import { VersionedCache } from '../cache/versioned.ts'
import { officeFlags } from '../assessment/flags.ts'
import { arrearsWarnings, type MemberArrears } from '../dues/arrears-service.ts'
import { currentMonth } from '../dues/service.ts'
import type { CurrentUser } from '../lib/user.ts'
import { dashboardFor } from '../open-days/service.ts'
import { openActionsFor } from '../review/service.ts'

const MINUTE = 60_000
type Board = Awaited<ReturnType<typeof dashboardFor>>
type Actions = Awaited<ReturnType<typeof openActionsFor>>
type Flags = Awaited<ReturnType<typeof officeFlags>>

const boards = new VersionedCache<Board>(200)
const actions = new VersionedCache<Actions>(200)
const flags = new VersionedCache<Flags>(2)
const arrears = new VersionedCache<MemberArrears[]>(200)

/** whose dashboard: the office's (every branch), a secretary's branch, or a viewer's */
const scopeOf = (user: CurrentUser) => (user.role === 'secretary' ? `branch:${user.branchId ?? -1}` : user.role)

/**
 * What the dashboard shows. Open days start and end on whole minutes, so the lists computed at the minute's
 * last millisecond are what any instant within it would give; branch and member names come with the directory counter.
 */
export async function dashboardData(user: CurrentUser, at = new Date()) {
  const v = await counters()
  const minute = Math.floor(at.getTime() / MINUTE)
  const now = new Date((minute + 1) * MINUTE - 1)
  const scope = scopeOf(user)
  const lists = `${v.calendar}.${v.directory}@${minute}`
  const office = user.role === 'office'
  // members at six consecutive unpaid months: every branch for the office, the own branch for a secretary
  const duesBranch = office ? undefined : user.role === 'secretary' && user.branchId ? user.branchId : null
  const [board, openActions, officeFlagsNow, duesWarnings] = await Promise.all([
    boards.get(scope, lists, () => dashboardFor(user, now)),
    actions.get(scope, `${v.actions}.${lists}`, () => openActionsFor(user, now)),
    office ? flags.get('office', lists, () => officeFlags(now)) : null,
    duesBranch === null ? [] : arrears.get(scope, `${v.dues}.${v.directory}@${currentMonth()}`, () => arrearsWarnings(duesBranch)),
  ])
  return { ...board, openActions, flags: officeFlagsNow, duesWarnings }
}

/** the versions a user's dashboard parts are cached at (tests check that a write left the others alone) */
export function cachedVersions(user: CurrentUser) {
  const scope = scopeOf(user)
  return { board: boards.versionOf(scope), actions: actions.versionOf(scope), flags: flags.versionOf('office'), arrears: arrears.versionOf(scope) }
}

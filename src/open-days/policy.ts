// Who may read and write an open day's record, and whether it is locked: pure rules, used by the one loader
// (src/web/open-day.ts), by services and, as booleans, by views.
import { canEditBranch, type CurrentUser } from '../lib/user.ts'

type OpenDayRef = { branchId: number; status: string }

export const LOCKED_MESSAGE = '此开放日的记录已定稿锁定，不能再修改。如需更正，请机关党办填写原因后重新开启。'
export const CANCELLED_MESSAGE = '此开放日已取消，记录不能再修改。'

/** the record is final once reviewed; a cancelled open day's record is closed too */
export const isLocked = (openDay: { status: string }): boolean => openDay.status === 'reviewed' || openDay.status === 'cancelled'

/** why the record cannot be written, or null when it can */
export const lockMessage = (openDay: { status: string }): string | null =>
  openDay.status === 'cancelled' ? CANCELLED_MESSAGE : isLocked(openDay) ? LOCKED_MESSAGE : null

/** the office and viewers read every open day; a secretary their own branch's */
export const canRead = (user: CurrentUser | undefined, openDay: { branchId: number }): boolean =>
  !!user && (user.role !== 'secretary' || user.branchId === openDay.branchId)

/** an editor of the open day's branch (the office, or its own secretary), whatever the status */
export const canEdit = (user: CurrentUser | undefined, openDay: { branchId: number }): boolean => canEditBranch(user, openDay.branchId)

/** may write the record now: an editor of the branch while the record is not locked */
export const canWrite = (user: CurrentUser | undefined, openDay: OpenDayRef): boolean => canEdit(user, openDay) && !isLocked(openDay)

/** every branch side by side (the dues overview, the annual assessment): the party office and viewers */
export const canSeeAllBranches = (user: CurrentUser | undefined): boolean => !!user && user.role !== 'secretary'

/** a branch's own pages (its dues register, arrears, ledger): whoever may read its open days */
export const canReadBranch = (user: CurrentUser | undefined, branchId: number): boolean => canRead(user, { branchId })

/** a member's pay or pension behind their dues: the party office and the member's own secretary only */
export const canSeeDuesBase = (user: CurrentUser | undefined, branchId: number): boolean => canEditBranch(user, branchId)

/** the booleans views receive instead of re-typing the rules */
export function access(user: CurrentUser | undefined, openDay: OpenDayRef) {
  return { mayRead: canRead(user, openDay), mayManage: canEdit(user, openDay), mayWrite: canWrite(user, openDay), lockMessage: lockMessage(openDay) }
}
export type Access = ReturnType<typeof access>

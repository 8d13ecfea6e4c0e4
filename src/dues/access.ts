// Who may see and change dues, in one place, on the shared access policy (src/open-days/policy.ts).
import { canRead } from '../open-days/policy.ts'
import { forbidden } from '../lib/errors.ts'
import { canEditBranch, type CurrentUser } from '../lib/user.ts'

/** read: amounts (office, viewers, own secretary); write: record payments and bases; seeBase: the member's pay or pension */
export function duesAccess(user: CurrentUser, branchId: number) {
  const write = canEditBranch(user, branchId)
  return { read: canRead(user, { branchId }), write, seeBase: write }
}
export type DuesAccess = ReturnType<typeof duesAccess>

export function assertDuesRead(user: CurrentUser, branchId: number): DuesAccess {
  const access = duesAccess(user, branchId)
  if (!access.read) throw forbidden()
  return access
}

export function assertDuesWrite(user: CurrentUser, branchId: number): DuesAccess {
  const access = duesAccess(user, branchId)
  if (!access.write) throw forbidden()
  return access
}

/** every branch side by side: the party office and viewers */
export const canSeeOverview = (user: CurrentUser): boolean => user.role !== 'secretary'

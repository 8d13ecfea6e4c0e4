// Who may see and change dues: the shared access policy's answers (src/open-days/policy.ts) as one object.
import { canEdit, canReadBranch, canSeeDuesBase } from '../open-days/policy.ts'
import { forbidden } from '../lib/errors.ts'
import type { CurrentUser } from '../lib/user.ts'

/** read: amounts (office, viewers, own secretary); write: record payments and bases; seeBase: the member's pay or pension */
export function duesAccess(user: CurrentUser, branchId: number) {
  return { read: canReadBranch(user, branchId), write: canEdit(user, { branchId }), seeBase: canSeeDuesBase(user, branchId) }
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

import type { Role } from '../accounts/roles.ts'

/** the logged-in user as routes and services see it */
export type CurrentUser = {
  id: number
  username: string
  displayName: string
  role: Role
  branchId: number | null
  branchName: string | null
}

/** the party office edits every branch; a secretary only their own */
export function canEditBranch(user: CurrentUser | undefined, branchId: number): boolean {
  return user?.role === 'office' || (user?.role === 'secretary' && user.branchId === branchId)
}

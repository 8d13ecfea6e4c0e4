import type { RequestHandler } from 'express'
import { findSessionUser, sessionUser } from '../accounts/service.ts'
import { canEditBranch, type CurrentUser } from '../lib/user.ts'
import { sessionSettingsVersion, sessionUserRow } from './session.ts'
import type { Role } from '../accounts/roles.ts'
import { forbidden } from '../lib/errors.ts'

/** puts the logged-in user on req and res.locals; a stale session is ended */
export const loadUser: RequestHandler = async (req, res, next) => {
  const { userId, authAt } = req.session ?? {}
  if (userId && authAt) {
    const row = sessionUserRow(req)
    const user = row === undefined ? await findSessionUser(userId, authAt) : sessionUser(row, authAt)
    if (user) req.user = user
    else await new Promise<void>((resolve) => req.session.regenerate(() => resolve()))
  }
  res.locals.currentUser = req.user ?? null
  // for the footer (src/web/locals.ts): the settings counter came with the session
  res.locals.settingsVersion = sessionSettingsVersion(req)
  next()
}

export const requireLogin: RequestHandler = (req, res, next) => {
  if (req.user) return next()
  if (req.method === 'GET') return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`)
  next(forbidden())
}

export function requireRole(...roles: Role[]): RequestHandler {
  return requireAccess((user) => roles.includes(user.role))
}

/** signed in, and allowed by a rule of the access policy (src/open-days/policy.ts) */
export function requireAccess(allowed: (user: CurrentUser) => boolean): RequestHandler {
  return (req, res, next) => {
    if (!req.user) return requireLogin(req, res, next)
    next(allowed(req.user) ? undefined : forbidden())
  }
}

export const requireOffice = requireRole('office')
/** office and secretaries write; viewers only read */
export const requireEditor = requireRole('office', 'secretary')

export function assertCanEditBranch(user: CurrentUser | undefined, branchId: number): void {
  if (!canEditBranch(user, branchId)) throw forbidden()
}

/** the current user, for routes behind requireLogin */
export function userOf(req: { user?: CurrentUser }): CurrentUser {
  if (!req.user) throw forbidden()
  return req.user
}

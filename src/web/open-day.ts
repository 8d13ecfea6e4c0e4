import type { RequestHandler, Response } from 'express'
import { forbidden } from '../lib/errors.ts'
import { requireEditor, requireLogin, userOf } from './auth.ts'
import { idParam } from './form.ts'
import { access, canEdit, canRead, type Access } from '../open-days/policy.ts'
import { findOpenDay, type LoadedOpenDay } from '../open-days/record.ts'

/**
 * The one loader for /open-days/:id/… pages: 'read' lets in whoever may read the record, 'write' only an editor of
 * the open day's branch. It puts the open day and the policy's booleans (mayWrite, lockMessage…) on res.locals.
 * The lock itself is checked again inside each write's transaction (assertRecordWritable).
 */
export function loadOpenDay(mode: 'read' | 'write'): RequestHandler[] {
  const load: RequestHandler = async (req, res, next) => {
    const openDay = await findOpenDay(idParam(req))
    const user = userOf(req)
    if (!canRead(user, openDay) || (mode === 'write' && !canEdit(user, openDay))) throw forbidden()
    res.locals.openDay = openDay
    Object.assign(res.locals, access(user, openDay))
    next()
  }
  return [mode === 'write' ? requireEditor : requireLogin, load]
}

export const openDayOf = (res: Response): LoadedOpenDay => res.locals.openDay
export const accessOf = (res: Response): Access => res.locals as Access

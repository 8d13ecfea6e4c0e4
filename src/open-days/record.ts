import { db } from '../db.ts'
import type { CurrentUser } from '../lib/user.ts'
import { canEditBranch } from '../lib/user.ts'
import { forbidden, HttpError, notFound, FormError } from '../lib/errors.ts'
import { isRecordLocked } from './status.ts'

export const LOCKED_MESSAGE = '此开放日的记录已定稿锁定，不能再修改。如需更正，请机关党办填写原因后重新开启。'
export const CANCELLED_MESSAGE = '此开放日已取消，记录不能再修改。'

/** why this open day's run sheet cannot be written, or null when it can */
export const recordLockMessage = (status: string): string | null => (status === 'cancelled' ? CANCELLED_MESSAGE : isRecordLocked(status) ? LOCKED_MESSAGE : null)

/** the open day whose run sheet this user may write: own branch (or the office), not final or cancelled.
 *  A locked record is refused as a form error (422 with the form kept) so nothing typed is lost. */
export async function openDayForRecord(user: CurrentUser, openDayId: number) {
  const openDay = await db.openDay.findUnique({ where: { id: openDayId } })
  if (!openDay) throw notFound('开放日')
  if (!canEditBranch(user, openDay.branchId)) throw forbidden()
  const locked = recordLockMessage(openDay.status)
  if (locked) throw new FormError({}, locked)
  return openDay
}

/** for endpoints without a form (JSON, uploads): the same rule as an HTTP error */
export async function openDayForRecordOrFail(user: CurrentUser, openDayId: number) {
  try {
    return await openDayForRecord(user, openDayId)
  } catch (err) {
    if (err instanceof FormError) throw new HttpError(409, err.message)
    throw err
  }
}

/** who may write an open day's run sheet now: an editor of its branch, while the record is not final or cancelled */
export function canWriteRecord(user: CurrentUser | undefined, openDay: { branchId: number; status: string }): boolean {
  return canEditBranch(user, openDay.branchId) && !isRecordLocked(openDay.status)
}

/** who may read an open day's run sheet: the office and viewers everything, a secretary their own branch */
export function canReadRecord(user: CurrentUser, branchId: number): boolean {
  return user.role !== 'secretary' || user.branchId === branchId
}

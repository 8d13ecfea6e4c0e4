import { db, type Tx } from '../db.ts'
import { FormError, notFound } from '../lib/errors.ts'
import { lockMessage } from './policy.ts'

/** a write refused because the record is locked (reviewed or cancelled): 409, the form kept with what was typed */
export class RecordLocked extends FormError {
  constructor(message: string) {
    super({}, message, 409)
  }
}

/** every write to an open day's record calls this first INSIDE its transaction: the status is read again there,
 *  so a lock that lands between the page's check and the write still refuses the write */
export async function assertRecordWritable(tx: Tx, openDayId: number) {
  const openDay = await tx.openDay.findUnique({ where: { id: openDayId }, select: { id: true, status: true, branchId: true, startsAt: true, endsAt: true, rehearsing: true } })
  if (!openDay) throw notFound('开放日')
  const locked = lockMessage(openDay)
  if (locked) throw new RecordLocked(locked)
  return openDay
}

/** a transaction that writes the record: refused (409) when the record is locked */
export function writeRecord<T>(openDayId: number, write: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(async (tx) => {
    await assertRecordWritable(tx, openDayId)
    return write(tx)
  })
}

/** what the record pages show about an open day: one query for every feature's loader */
export async function findOpenDay(id: number) {
  const openDay = await db.openDay.findUnique({
    where: { id },
    include: { branch: { select: { id: true, name: true } }, host: { select: { id: true, name: true } }, recorder: { select: { id: true, name: true } } },
  })
  if (!openDay) throw notFound('开放日')
  return openDay
}
export type LoadedOpenDay = Awaited<ReturnType<typeof findOpenDay>>

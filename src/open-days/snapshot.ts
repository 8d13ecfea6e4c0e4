// A locked record prints the names as they were when it was locked: renaming a member (or changing their title)
// later must not change a reviewed open day's official file. Unlocked records print the live names.
import { rawSql, type Tx } from '../db.ts'
import { personLabel } from '../members/labels.ts'
import { isLocked } from './policy.ts'

const person = { select: { name: true, title: true, partyPost: true } } as const

/** writes the printed names into the record's rows; called inside the transaction that locks the record */
export async function freezeNames(tx: Tx, openDayId: number): Promise<void> {
  const openDay = await tx.openDay.findUniqueOrThrow({
    where: { id: openDayId },
    select: {
      host: person,
      recorder: person,
      segments: { select: { id: true, leader: person } },
    },
  })
  const label = (p: { name: string } | null) => (p ? personLabel(p) : null)
  await tx.openDay.update({ where: { id: openDayId }, data: { hostName: label(openDay.host), recorderName: label(openDay.recorder) } })
  for (const s of openDay.segments) await tx.segment.update({ where: { id: s.id }, data: { leaderName: label(s.leader) } })
  // speakers' and attendees' names are the plain name: one statement each for the whole open day
  await tx.$executeRawUnsafe(rawSql(FREEZE_SPEAKERS), openDayId)
  await tx.$executeRawUnsafe(rawSql(FREEZE_ATTENDEES), openDayId)
}

const FREEZE_SPEAKERS = `UPDATE "Speech" SET "memberName" = (SELECT m."name" FROM "Member" m WHERE m."id" = "Speech"."memberId")
  WHERE "segmentId" IN (SELECT s."id" FROM "Segment" s WHERE s."openDayId" = ?)`
const FREEZE_ATTENDEES = `UPDATE "Attendance" SET "memberName" = (SELECT m."name" FROM "Member" m WHERE m."id" = "Attendance"."memberId")
  WHERE "openDayId" = ?`

/** the name to print: the frozen one while the record is locked (when it has one), else the live one */
export function printedName(openDay: { status: string }, frozen: string | null, live: string | null): string | null {
  return (isLocked(openDay) && frozen) || live
}

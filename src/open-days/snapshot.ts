// A locked record prints what it was when it was locked: renaming a member (or changing their title), adding one to
// the branch, promoting or transferring one out later must not change a reviewed open day's official file. So the
// lock freezes the names and the expected roster into the record's rows, and the branch's name, the attendance
// threshold and the month's dues figures into the open day; unlocked records follow the live members and settings.
import { rawSql, type Tx } from '../db.ts'
import { duesFigures, type DuesFigures } from '../dues/reports.ts'
import { monthOfDate } from '../dues/service.ts'
import { parseRecord } from '../records/shapes.ts'
import { readSettings } from '../settings/service.ts'
import { isExpected } from '../attendance/counts.ts'
import { personLabel } from '../members/labels.ts'
import { isLocked } from './policy.ts'

const person = { select: { name: true, title: true, partyPost: true } } as const

/** freezes the printed names and the expected roster; called inside the transaction that locks the record */
export async function freezeRecord(tx: Tx, openDayId: number): Promise<void> {
  const openDay = await tx.openDay.findUniqueOrThrow({
    where: { id: openDayId },
    select: {
      branchId: true,
      startsAt: true,
      branch: { select: { name: true } },
      host: person,
      recorder: person,
      segments: { select: { id: true, kind: true, record: true, leader: person } },
    },
  })
  const label = (p: { name: string } | null) => (p ? personLabel(p) : null)
  const dues = openDay.segments.find((s) => s.kind === 'dues')
  const figures: DuesFigures | null = dues
    ? await duesFigures(openDay.branchId, monthOfDate(openDay.startsAt), parseRecord('dues', dues.record), tx)
    : null
  await tx.openDay.update({
    where: { id: openDayId },
    data: {
      hostName: label(openDay.host), recorderName: label(openDay.recorder), branchName: openDay.branch.name,
      attendanceThreshold: (await readSettings(tx)).attendanceThreshold,
      duesFigures: figures && JSON.stringify(figures),
    },
  })
  for (const s of openDay.segments) await tx.segment.update({ where: { id: s.id }, data: { leaderName: label(s.leader) } })
  // speakers' and attendees' names are the plain name: one statement each for the whole open day
  await tx.$executeRawUnsafe(rawSql(FREEZE_SPEAKERS), openDayId)
  await tx.$executeRawUnsafe(rawSql(FREEZE_ATTENDEES), openDayId)
  await tx.$executeRawUnsafe(rawSql(FREEZE_CRITERIA), openDayId)
  await freezeRoster(tx, openDayId, openDay)
}

/**
 * The expected members as the live rule sees them at the lock (the branch's members not transferred out before the
 * event) each get a row: an `unmarked` one, with their name, for those nobody marked. Every row of the roster keeps
 * the member's standing (正式/预备); a row without one (a member not expected) is not in the printed roster.
 */
async function freezeRoster(tx: Tx, openDayId: number, openDay: { branchId: number; startsAt: Date }): Promise<void> {
  const select = { id: true, name: true, standing: true, transferredOutAt: true }
  const members = await tx.member.findMany({ where: { branchId: openDay.branchId }, select })
  const expected = members.filter((m) => isExpected(m, openDay.startsAt))
  const rows = await tx.attendance.findMany({ where: { openDayId }, select: { memberId: true } })
  const marked = new Set(rows.map((a) => a.memberId))
  const unmarked = expected.filter((m) => !marked.has(m.id))
  if (unmarked.length) {
    await tx.attendance.createMany({
      data: unmarked.map((m) => ({
        openDayId, memberId: m.id, status: 'unmarked', memberName: m.name, memberStanding: m.standing,
      })),
    })
  }
  for (const standing of new Set(expected.filter((m) => marked.has(m.id)).map((m) => m.standing))) {
    const memberIds = expected.filter((m) => marked.has(m.id) && m.standing === standing).map((m) => m.id)
    const where = { openDayId, memberId: { in: memberIds } }
    await tx.attendance.updateMany({ where, data: { memberStanding: standing } })
  }
}

/** the office reopened the record: the rows the lock added go, and no snapshot is left behind */
export async function unfreezeRecord(tx: Tx, openDayId: number): Promise<void> {
  await tx.attendance.deleteMany({ where: { openDayId, status: 'unmarked' } })
  await tx.attendance.updateMany({ where: { openDayId }, data: { memberName: null, memberStanding: null } })
  await tx.speech.updateMany({ where: { segment: { openDayId } }, data: { memberName: null, memberPost: null } })
  await tx.segment.updateMany({ where: { openDayId }, data: { leaderName: null } })
  await tx.commentScore.updateMany({ where: { comment: { openDayId } }, data: { criterionName: null } })
  const facts = { branchName: null, attendanceThreshold: null, duesFigures: null }
  await tx.openDay.update({ where: { id: openDayId }, data: { hostName: null, recorderName: null, ...facts } })
}

const POST = `CASE WHEN COALESCE(m."title", '') <> '' AND COALESCE(m."partyPost", '') <> ''
  THEN m."title" || '、' || m."partyPost" ELSE COALESCE(NULLIF(m."title", ''), NULLIF(m."partyPost", ''), '') END`
const FREEZE_SPEAKERS = `UPDATE "Speech" SET
  "memberName" = (SELECT m."name" FROM "Member" m WHERE m."id" = "Speech"."memberId"),
  "memberPost" = (SELECT ${POST} FROM "Member" m WHERE m."id" = "Speech"."memberId")
  WHERE "segmentId" IN (SELECT s."id" FROM "Segment" s WHERE s."openDayId" = ?)`
const FREEZE_ATTENDEES = `UPDATE "Attendance" SET "memberName" = (SELECT m."name" FROM "Member" m WHERE m."id" = "Attendance"."memberId")
  WHERE "openDayId" = ?`

const FREEZE_CRITERIA = `UPDATE "CommentScore" SET
  "criterionName" = (SELECT c."name" FROM "Criterion" c WHERE c."id" = "CommentScore"."criterionId")
  WHERE "commentId" IN (SELECT k."id" FROM "Comment" k WHERE k."openDayId" = ?)`

/** the attendance threshold a record is judged by: the one frozen at its lock while it is locked, else 设置's */
export function printedThreshold(openDay: { status: string; attendanceThreshold: number | null }, live: number): number {
  return (isLocked(openDay) ? openDay.attendanceThreshold : null) ?? live
}

/** the name to print: the frozen one while the record is locked (when it has one), else the live one */
export function printedName(openDay: { status: string }, frozen: string | null, live: string | null): string | null {
  return (isLocked(openDay) && frozen) || live
}

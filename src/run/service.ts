import type { CurrentUser } from '../lib/user.ts'
import { commentAvailability } from '../comments/window.ts'
import { db, readRow, type Tx } from '../db.ts'
import type { Prisma } from '../generated/prisma/client.ts'
import { logEdit, type Change } from '../history/service.ts'
import { assertRecordWritable } from '../open-days/record.ts'
import { dateInput } from '../lib/dates.ts'
import { notFound, FormError } from '../lib/errors.ts'

const segmentInclude = {
  leader: { select: { name: true } },
  speeches: { include: { member: { select: { name: true } } }, orderBy: [{ position: 'asc' }, { id: 'asc' }] },
} satisfies Prisma.SegmentInclude

/** run mode rehearses on any day but the event's, or when the host chose to: it then stamps the rehearsal
 *  columns, never the record's actual times */
export const isRehearsal = (openDay: { startsAt: Date; rehearsing: boolean }, now = new Date()): boolean =>
  openDay.rehearsing || dateInput(now) !== dateInput(openDay.startsAt)

/** the open day as run mode and the projector see it: which segment runs now and which comes next
 *  (in a rehearsal, by the rehearsal's times) */
export async function runState(openDayId: number, now = new Date()) {
  const openDay = await db.openDay.findUnique({
    where: { id: openDayId },
    include: { branch: { select: { name: true } }, segments: { include: segmentInclude, orderBy: [{ position: 'asc' }, { id: 'asc' }] } },
  })
  if (!openDay) throw notFound('开放日')
  const rehearsal = isRehearsal(openDay, now)
  const realStarted = openDay.segments.some((s) => s.startedAt)
  const rehearsed = openDay.segments.some((s) => s.rehearsalStartedAt)
  const segments = rehearsal ? openDay.segments.map((s) => ({ ...s, startedAt: s.rehearsalStartedAt, endedAt: s.rehearsalEndedAt })) : openDay.segments
  const current = segments.find((s) => s.startedAt && !s.endedAt) ?? null
  const after = current ? segments.slice(segments.indexOf(current) + 1) : segments
  const next = after.find((s) => !s.startedAt) ?? null
  const started = segments.some((s) => s.startedAt)
  const finished = started && !current && !next
  const speech = current?.speeches.find((s) => s.id === openDay.currentSpeechId) ?? null
  return { openDay, segments, current, next, started, finished, speech, rehearsal, realStarted, rehearsed }
}
export type RunState = Awaited<ReturnType<typeof runState>>

async function segmentOf(tx: Tx, openDayId: number, id: number) {
  const s = await tx.segment.findFirst({ where: { id, openDayId }, select: { id: true, title: true } })
  if (!s) throw new FormError({}, '找不到该环节，可能已从议程中删除。请刷新页面。')
  return s
}

const bump = (tx: Tx, openDayId: number, data: Prisma.OpenDayUpdateManyMutationInput = {}) =>
  tx.openDay.update({ where: { id: openDayId }, data: { ...data, runVersion: { increment: 1 } } })

/**
 * ends segment `from` and starts segment `to` at the same instant (either may be absent: the first start,
 * the last end). Each form names the segments it acts on, so a second tap or a retried request finds the
 * work done and changes nothing.
 */
export async function advance(user: CurrentUser, openDayId: number, step: { from?: number; to?: number }, now = new Date()) {
  return db.$transaction(async (tx) => {
    const rehearsal = isRehearsal(await assertRecordWritable(tx, openDayId), now)
    const t = rehearsal ? REHEARSAL : ACTUAL
    // the real run starts clean: whatever a rehearsal stamped goes
    if (!rehearsal) await tx.segment.updateMany({ where: { openDayId, rehearsalStartedAt: { not: null } }, data: { rehearsalStartedAt: null, rehearsalEndedAt: null } })
    const done: string[] = []
    if (step.from) {
      const s = await segmentOf(tx, openDayId, step.from)
      const { count } = await tx.segment.updateMany({ where: { id: s.id, ...t.running }, data: t.end(now) })
      if (!count) return { changed: false }
      done.push(`“${s.title}”结束`)
    }
    if (step.to) {
      const s = await segmentOf(tx, openDayId, step.to)
      const running = await tx.segment.count({ where: { openDayId, ...t.running } })
      const { count } = running ? { count: 0 } : await tx.segment.updateMany({ where: { id: s.id, ...t.notStarted }, data: t.start(now) })
      if (count) done.push(`“${s.title}”开始`)
      // the projector turns to the segment; members can still sign in by the link while the event's window lasts
      if (count && (await tx.openDay.updateMany({ where: { id: openDayId, signInOpen: true }, data: { signInOpen: false } })).count) done.push('收起签到二维码')
    }
    if (!done.length) return { changed: false }
    await bump(tx, openDayId, { currentSpeechId: null, projectorPage: 0 })
    await logEdit(tx, { openDayId, userId: user.id, subject: `${rehearsal ? '主持模式（演练）' : '主持模式'}：${done.join('，')}` })
    return { changed: true }
  })
}

/** which columns a run writes: the record's actual times (each stamp a new version of the segment's record),
 *  or the rehearsal's, which leave the record and its version alone */
const ACTUAL = {
  running: { startedAt: { not: null }, endedAt: null },
  notStarted: { startedAt: null },
  start: (at: Date) => ({ startedAt: at, version: { increment: 1 } }),
  end: (at: Date) => ({ endedAt: at, version: { increment: 1 } }),
} satisfies Stamps
const REHEARSAL = {
  running: { rehearsalStartedAt: { not: null }, rehearsalEndedAt: null },
  notStarted: { rehearsalStartedAt: null },
  start: (at: Date) => ({ rehearsalStartedAt: at }),
  end: (at: Date) => ({ rehearsalEndedAt: at }),
} satisfies Stamps
type Stamps = {
  running: Prisma.SegmentWhereInput
  notStarted: Prisma.SegmentWhereInput
  start: (at: Date) => Prisma.SegmentUpdateManyMutationInput
  end: (at: Date) => Prisma.SegmentUpdateManyMutationInput
}

/** a rehearsal chosen on the event's day, or its end: ending clears every rehearsal time in one action */
export async function setRehearsal(user: CurrentUser, openDayId: number, on: boolean) {
  await db.$transaction(async (tx) => {
    await assertRecordWritable(tx, openDayId)
    if (on && (await tx.segment.count({ where: { openDayId, startedAt: { not: null } } }))) {
      throw new FormError({}, '活动已正式开始，不能再演练。')
    }
    const cleared = on ? 0 : (await tx.segment.updateMany({ where: { openDayId, rehearsalStartedAt: { not: null } }, data: { rehearsalStartedAt: null, rehearsalEndedAt: null } })).count
    const { count } = await tx.openDay.updateMany({ where: { id: openDayId, rehearsing: !on }, data: { rehearsing: on } })
    if (!count && !cleared) return
    await bump(tx, openDayId, { currentSpeechId: null, projectorPage: 0 })
    await logEdit(tx, { openDayId, userId: user.id, subject: on ? '主持模式：开始演练（不记录实际时间）' : '主持模式：结束演练，清除演练计时' })
  })
}

/** quick notes land in the segment's record text; a note typed on an older version is refused with both texts */
export async function saveNotes(user: CurrentUser, openDayId: number, input: { segmentId: number; version: number; summary: string }, now = new Date()) {
  return db.$transaction(async (tx) => {
    if (isRehearsal(await assertRecordWritable(tx, openDayId), now)) throw new FormError({}, '演练时不保存速记，以免演练内容进入正式记录。')
    const s = await tx.segment.findFirst({ where: { id: input.segmentId, openDayId } })
    if (!s) throw new FormError({}, '找不到该环节，可能已从议程中删除。')
    if (s.summary === input.summary) return { version: s.version }
    const { count } = await tx.segment.updateMany({ where: { id: s.id, version: input.version }, data: { summary: input.summary, version: { increment: 1 } } })
    if (!count) return { stale: { version: s.version, summary: s.summary } }
    await logNotes(tx, { openDayId, segmentId: s.id, userId: user.id, title: s.title, from: s.summary, to: input.summary })
    return { version: input.version + 1 }
  })
}

const NOTES_MERGE_MS = 10 * 60 * 1000

/** autosave writes every few seconds: one history row per person and segment for a stretch of typing, from → latest */
async function logNotes(tx: Tx, n: { openDayId: number; segmentId: number; userId: number; title: string; from: string; to: string }) {
  const subject = `环节“${n.title}”的现场速记`
  const last = await tx.editLog.findFirst({ where: { openDayId: n.openDayId }, orderBy: { id: 'desc' } })
  const recent = last && last.segmentId === n.segmentId && last.userId === n.userId && last.subject === subject && Date.now() - last.createdAt.getTime() < NOTES_MERGE_MS
  if (recent) {
    const [first] = JSON.parse(last.changes) as Change[]
    await tx.editLog.update({ where: { id: last.id }, data: { changes: JSON.stringify([{ ...first, to: n.to || '（空）' }]) } })
    return
  }
  await logEdit(tx, { openDayId: n.openDayId, segmentId: n.segmentId, userId: n.userId, subject, changes: [{ label: '记录', from: n.from || '（空）', to: n.to || '（空）' }] })
}

/** the speaker the projector shows; none clears it. A second tap on the same speaker changes nothing. */
export async function setSpeaker(user: CurrentUser, openDayId: number, speechId: number | null) {
  await db.$transaction(async (tx) => {
    await assertRecordWritable(tx, openDayId)
    const other = speechId === null ? { currentSpeechId: { not: null } } : { OR: [{ currentSpeechId: null }, { currentSpeechId: { not: speechId } }] }
    const { count } = await tx.openDay.updateMany({ where: { id: openDayId, ...other }, data: { currentSpeechId: speechId, runVersion: { increment: 1 } } })
    if (!count) return
    let subject = '主持模式：清除当前发言人'
    if (speechId) {
      const speech = await tx.speech.findFirst({ where: { id: speechId, segment: { openDayId } }, include: { member: { select: { name: true } } } })
      if (!speech) throw new FormError({}, '找不到该发言人，可能已被删除。请刷新页面。')
      subject = `主持模式：请 ${speech.member?.name ?? speech.guestName} 发言`
    }
    await logEdit(tx, { openDayId, userId: user.id, subject })
  })
}

/** the page of the current segment's long text on the projector (the page to show, so a second tap changes nothing);
 *  presentation only: no history row */
export async function setProjectorPage(openDayId: number, page: number) {
  await db.$transaction(async (tx) => {
    await assertRecordWritable(tx, openDayId)
    await tx.openDay.updateMany({ where: { id: openDayId, projectorPage: { not: page } }, data: { projectorPage: page, runVersion: { increment: 1 } } })
  })
}

/** opens or closes members' self sign-in; the projector shows the QR code while it is open */
export async function setSignIn(user: CurrentUser, openDayId: number, open: boolean, now = new Date()) {
  await db.$transaction(async (tx) => {
    const openDay = await assertRecordWritable(tx, openDayId)
    // attendance is part of the record: a rehearsal on another day never lets members sign in
    if (open && dateInput(now) !== dateInput(openDay.startsAt)) throw new FormError({}, '扫码签到只在开放日当天开放，演练时不开放。')
    const { count } = await tx.openDay.updateMany({ where: { id: openDayId, signInOpen: !open }, data: { signInOpen: open, runVersion: { increment: 1 } } })
    if (count) await logEdit(tx, { openDayId, userId: user.id, subject: open ? '主持模式：开始扫码签到' : '主持模式：结束扫码签到' })
  })
}

const PROJECTOR_VERSION = `SELECT o."runVersion", o."branchId", o."status", o."startsAt", o."endsAt", o."commentsOpenAt",
  o."commentsCloseAt", (SELECT count(*) FROM "Attendance" a WHERE a."openDayId" = o."id" AND a."status" = 'present') AS "present"
FROM "OpenDay" o WHERE o."id" = ?`
type ProjectorRow = { runVersion: number; branchId: number; status: string; startsAt: string; endsAt: string; commentsOpenAt: string | null; commentsCloseAt: string | null; present: number }
const instant = (s: string | null) => (s === null ? null : new Date(s))

/**
 * what the projector's poll compares: run-mode changes, members signing in, commenting opening or closing.
 * Polled every second by every projector: one prepared statement (tests compare it with the Prisma reads).
 */
export async function projectorVersion(openDayId: number): Promise<{ version: string; branchId: number }> {
  const row = await readRow<ProjectorRow>(PROJECTOR_VERSION, openDayId)
  if (!row) throw notFound('开放日')
  const timed = { ...row, startsAt: new Date(row.startsAt), endsAt: new Date(row.endsAt), commentsOpenAt: instant(row.commentsOpenAt), commentsCloseAt: instant(row.commentsCloseAt) }
  return { version: `${row.runVersion}-${row.present}-${commentAvailability(timed)}`, branchId: row.branchId }
}

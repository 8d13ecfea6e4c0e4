import { createHash } from 'node:crypto'
import { db, type Tx } from '../db.ts'
import { changesBetween, logEdit } from '../history/service.ts'
import { dateInput, timeInput } from '../lib/dates.ts'
import { getSettings } from '../settings/service.ts'
import { HttpError, notFound, FormError, staleForm, type FieldErrors } from '../lib/errors.ts'
import { assertRecordWritable } from '../open-days/record.ts'
import { isLocked } from '../open-days/policy.ts'
import { printedThreshold } from '../open-days/snapshot.ts'
import { attendanceCounts, frozenRoster, isExpected, type ExpectedMember } from './counts.ts'
import { ATTENDEE_KIND_LABELS, leaveReasonLabel, STATUS_LABELS, VIA_LABELS, type AttendeeKind, type RowStatus } from './labels.ts'
import type { AddAttendee, AttendanceInput, RecordMakeUp } from './schemas.ts'
import { signInClosedMessage, signInState } from './window.ts'

export type AttendanceRow = {
  memberId: number
  name: string
  standing: 'full' | 'probationary'
  status: 'present' | 'leave' | 'absent' | 'unmarked'
  leaveReason: string | null
  leaveReasonLabel: string | null
  note: string | null
  signedInAt: Date | null
  signedInVia: string | null
  madeUpOn: string | null
  madeUpNote: string | null
}

export type AttendanceSummary = {
  expected: { full: number; probationary: number; total: number }
  present: { full: number; probationary: number; total: number }
  rate: number | null
  threshold: number
  belowThreshold: boolean
  members: AttendanceRow[]
  absentees: AttendanceRow[]
  attendees: { id: number; name: string; unit: string | null; kind: 'activist' | 'guest'; kindLabel: string }[]
}

/** the members expected at the event, in branch order: a locked record's frozen roster, else the live branch's */
type ExpectedAt = { id: number; status: string; branchId: number; startsAt: Date }
export async function expectedMembers(openDay: ExpectedAt): Promise<ExpectedMember[]> {
  if (isLocked(openDay)) {
    const select = { memberId: true, memberName: true, memberStanding: true }
    return frozenRoster(await db.attendance.findMany({ where: { openDayId: openDay.id }, select }))
  }
  const members = await db.member.findMany({
    where: { branchId: openDay.branchId },
    select: { id: true, name: true, standing: true, transferredOutAt: true },
    orderBy: { id: 'asc' },
  })
  return members.filter((m) => isExpected(m, openDay.startsAt))
}

/** attendance of one open day: counts, every expected member's row, absentees and 列席 */
export async function attendanceSummary(openDayId: number, now = new Date()): Promise<AttendanceSummary> {
  const openDay = await db.openDay.findUnique({ where: { id: openDayId }, select: { id: true, branchId: true, startsAt: true, endsAt: true, status: true, signInOpen: true, attendanceThreshold: true } })
  if (!openDay) throw notFound('开放日')
  const [members, rows, attendees, { attendanceThreshold }] = await Promise.all([
    expectedMembers(openDay),
    db.attendance.findMany({ where: { openDayId } }),
    db.attendee.findMany({ where: { openDayId }, orderBy: { id: 'asc' } }),
    getSettings(),
  ])
  // a low rate is only news once members can sign in, not a month before the event
  const threshold = printedThreshold(openDay, attendanceThreshold)
  return summarizeAttendance(members, rows, attendees, threshold, signInState(openDay, now) !== 'not-yet')
}

type AttendanceRecord = { memberId: number; status: string; leaveReason: string | null; note: string | null; signedInAt: Date | null; signedInVia: string | null; madeUpOn: string | null; madeUpNote: string | null }

/** the summary from rows already loaded: the expected members (branch order), their attendance, 列席 by id */
export function summarizeAttendance(
  members: { id: number; name: string; standing: string }[],
  rows: AttendanceRecord[],
  attendees: { id: number; name: string; unit: string | null; kind: string }[],
  attendanceThreshold: number,
  warnBelowThreshold = true,
): AttendanceSummary {
  const byMember = new Map(rows.map((r) => [r.memberId, r]))
  const list: AttendanceRow[] = members.map((m) => {
    const a = byMember.get(m.id)
    return {
      memberId: m.id,
      name: m.name,
      standing: m.standing === 'probationary' ? 'probationary' : 'full',
      status: (a?.status ?? 'unmarked') as RowStatus,
      leaveReason: a?.leaveReason ?? null,
      leaveReasonLabel: leaveReasonLabel(a?.leaveReason ?? null),
      note: a?.note ?? null,
      signedInAt: a?.signedInAt ?? null,
      signedInVia: a?.signedInVia ?? null,
      madeUpOn: a?.madeUpOn ?? null,
      madeUpNote: a?.madeUpNote ?? null,
    }
  })
  const counts = attendanceCounts(list, attendanceThreshold)
  return {
    ...counts,
    belowThreshold: counts.belowThreshold && warnBelowThreshold,
    members: list,
    absentees: list.filter((r) => r.status !== 'present'),
    attendees: attendees.map((a) => {
      const kind: AttendeeKind = a.kind === 'activist' ? 'activist' : 'guest'
      return { id: a.id, name: a.name, unit: a.unit, kind, kindLabel: ATTENDEE_KIND_LABELS[kind] }
    }),
  }
}

// ---- the secretary's writes ----

type User = { id: number }
type OpenDayRef = { id: number; branchId: number; startsAt: Date; endsAt: Date; status: string }
type Marked = { status: string; leaveReason: string | null; note: string | null; signedInAt: Date | null; signedInVia?: string | null }

/** the row as a form saw it: a stale form is told apart from one rendered after the latest change */
export function fingerprint(row: Marked | null | undefined): string {
  const parts = row && row.status !== 'unmarked' ? [row.status, row.leaveReason ?? '', row.note ?? '', row.signedInAt?.getTime() ?? ''] : ['unmarked']
  return createHash('sha1').update(JSON.stringify(parts)).digest('base64url').slice(0, 12)
}

/** 出席（扫码签到 14:25） · 请假（病假：发烧） · 未登记 */
export function describeRow(row: Marked | null | undefined): string {
  if (!row || row.status === 'unmarked') return STATUS_LABELS.unmarked
  const label = STATUS_LABELS[row.status as RowStatus] ?? row.status
  if (row.status === 'present') {
    const via = row.signedInVia ? VIA_LABELS[row.signedInVia] : null
    const at = row.signedInAt ? timeInput(row.signedInAt) : null
    const detail = [via, at].filter(Boolean).join(' ')
    return detail ? `${label}（${detail}）` : label
  }
  const detail = [leaveReasonLabel(row.leaveReason), row.note].filter(Boolean).join('：')
  return detail ? `${label}（${detail}）` : label
}

async function expectedIds(tx: Tx, openDay: OpenDayRef): Promise<Map<number, string>> {
  const members = await tx.member.findMany({ where: { branchId: openDay.branchId }, select: { id: true, name: true, transferredOutAt: true } })
  return new Map(members.filter((m) => isExpected(m, openDay.startsAt)).map((m) => [m.id, m.name]))
}

const sameMarking = (a: Marked | null | undefined, b: AttendanceInput): boolean =>
  (a?.status ?? null) === b.status && (a?.leaveReason ?? null) === b.leaveReason && (a?.note ?? null) === b.note

/**
 * Saves the whole table in one transaction. A row whose stored value changed after the form was rendered (a member
 * signed in from a phone, another editor) and that this form would change too is a conflict: nothing is saved and
 * the form comes back with both values, so a stale form never silently undoes a sign-in. Unchanged rows are skipped.
 */
export async function saveAttendance(user: User, openDay: OpenDayRef, rows: AttendanceInput[]): Promise<number> {
  return db.$transaction(async (tx) => {
    await assertRecordWritable(tx, openDay.id)
    const names = await expectedIds(tx, openDay)
    const current = new Map((await tx.attendance.findMany({ where: { openDayId: openDay.id } })).map((a) => [a.memberId, a]))
    const changed = rows.filter((r) => names.has(r.memberId) && r.status !== null && !sameMarking(current.get(r.memberId), r))
    const conflicts: FieldErrors = {}
    for (const r of changed) {
      const now = current.get(r.memberId)
      if (fingerprint(now) !== r.seen) {
        conflicts[`status-${r.memberId}`] = `${names.get(r.memberId)}：打开本页后已变为“${describeRow(now)}”，您提交的是“${describeRow({ ...r, status: r.status!, signedInAt: null })}”。`
      }
    }
    if (Object.keys(conflicts).length) {
      throw staleForm('打开本页后，有党员的出勤已变更（如扫码签到），本次未保存。下面已显示最新状态，请核对后再保存。', conflicts)
    }
    for (const r of changed) {
      const before = current.get(r.memberId)
      // a self sign-in keeps its time while the member stays present; any other change is the secretary's
      const keep = r.status === 'present' && before?.status === 'present'
      const data = {
        status: r.status!,
        leaveReason: r.leaveReason,
        note: r.note,
        signedInAt: keep ? before.signedInAt : null,
        signedInVia: keep ? before.signedInVia : r.status === 'present' ? 'secretary' : null,
      }
      await tx.attendance.upsert({ where: { openDayId_memberId: { openDayId: openDay.id, memberId: r.memberId } }, create: { openDayId: openDay.id, memberId: r.memberId, ...data }, update: data })
    }
    if (changed.length) {
      await tx.openDay.update({ where: { id: openDay.id }, data: { runVersion: { increment: 1 } } })
      await logEdit(tx, {
        openDayId: openDay.id,
        userId: user.id,
        subject: `出勤登记（${changed.length} 人）`,
        changes: changed.map((r) => ({ label: names.get(r.memberId)!, from: describeRow(current.get(r.memberId)), to: describeRow({ ...r, status: r.status!, signedInAt: null, signedInVia: r.status === 'present' ? 'secretary' : null }) })),
      })
    }
    return changed.length
  })
}

/** “全部标记为出席”: only members nobody has marked yet, so nothing recorded is overwritten */
export async function markAllPresent(user: User, openDay: OpenDayRef): Promise<number> {
  return db.$transaction(async (tx) => {
    await assertRecordWritable(tx, openDay.id)
    const names = await expectedIds(tx, openDay)
    const where = { openDayId: openDay.id, status: { not: 'unmarked' } }
    const rows = await tx.attendance.findMany({ where, select: { memberId: true } })
    const marked = new Set(rows.map((a) => a.memberId))
    const ids = [...names.keys()].filter((id) => !marked.has(id))
    const data = { status: 'present', signedInVia: 'secretary' }
    for (const memberId of ids) {
      const where = { openDayId_memberId: { openDayId: openDay.id, memberId } }
      await tx.attendance.upsert({ where, create: { openDayId: openDay.id, memberId, ...data }, update: data })
    }
    if (ids.length) {
      await tx.openDay.update({ where: { id: openDay.id }, data: { runVersion: { increment: 1 } } })
      await logEdit(tx, {
        openDayId: openDay.id,
        userId: user.id,
        subject: `出勤登记：未登记的 ${ids.length} 人标记为出席`,
        changes: ids.map((id) => ({ label: names.get(id)!, from: STATUS_LABELS.unmarked, to: STATUS_LABELS.present })),
      })
    }
    return ids.length
  })
}

// ---- 列席 ----

/** a double submit finds the same person already listed and adds nobody */
export async function addAttendee(user: User, openDay: OpenDayRef, input: AddAttendee): Promise<void> {
  await db.$transaction(async (tx) => {
    await assertRecordWritable(tx, openDay.id)
    const unit = input.unit ?? null
    const same = await tx.attendee.findFirst({ where: { openDayId: openDay.id, name: input.name, unit, kind: input.kind } })
    if (same) return
    await tx.attendee.create({ data: { openDayId: openDay.id, name: input.name, unit, kind: input.kind } })
    await logEdit(tx, { openDayId: openDay.id, userId: user.id, subject: `列席人员：添加${input.name}`, changes: [{ label: ATTENDEE_KIND_LABELS[input.kind], from: '（空）', to: unit ? `${input.name}（${unit}）` : input.name }] })
  })
}

export async function removeAttendee(user: User, openDay: OpenDayRef, attendeeId: number): Promise<string | null> {
  return db.$transaction(async (tx) => {
    await assertRecordWritable(tx, openDay.id)
    const a = await tx.attendee.findFirst({ where: { id: attendeeId, openDayId: openDay.id } })
    if (!a) return null
    await tx.attendee.delete({ where: { id: a.id } })
    await logEdit(tx, { openDayId: openDay.id, userId: user.id, subject: `列席人员：移除${a.name}`, changes: [{ label: ATTENDEE_KIND_LABELS[a.kind as AttendeeKind] ?? a.kind, from: a.name, to: '（空）' }] })
    return a.name
  })
}

// ---- 补课 ----

/** make-up is recorded once the event is over: marked held, or its end has passed */
export const isAfterEvent = (openDay: { status: string; endsAt: Date }, now = new Date()): boolean =>
  openDay.status === 'held' || openDay.status === 'reviewed' || now >= openDay.endsAt

/** an unmarked absentee gets a row marked absent: after the event, not marked means not there */
export async function recordMakeUp(user: User, openDay: OpenDayRef, memberId: number, input: RecordMakeUp | null): Promise<string> {
  if (!isAfterEvent(openDay)) throw new FormError({}, '开放日结束后才能登记补课。')
  if (input && input.madeUpOn < dateInput(openDay.startsAt)) throw new FormError({ madeUpOn: '补课日期不能早于开放日当天' })
  return db.$transaction(async (tx) => {
    await assertRecordWritable(tx, openDay.id)
    const name = (await expectedIds(tx, openDay)).get(memberId)
    if (!name) throw notFound('党员')
    const before = await tx.attendance.findUnique({ where: { openDayId_memberId: { openDayId: openDay.id, memberId } } })
    if (before?.status === 'present') throw new FormError({}, `${name}已出席，无需补课。`)
    const data = { madeUpOn: input?.madeUpOn ?? null, madeUpNote: input?.madeUpNote ?? null }
    const update = before?.status === 'unmarked' ? { status: 'absent', ...data } : data
    const where = { openDayId_memberId: { openDayId: openDay.id, memberId } }
    const create = { openDayId: openDay.id, memberId, status: 'absent', ...data }
    await tx.attendance.upsert({ where, create, update })
    await logEdit(tx, {
      openDayId: openDay.id,
      userId: user.id,
      subject: `补课登记：${name}`,
      changes: changesBetween({ madeUpOn: '补课日期', madeUpNote: '补课说明' }, { madeUpOn: before?.madeUpOn, madeUpNote: before?.madeUpNote }, data),
    })
    return name
  })
}

// ---- members' self sign-in ----

export async function openDayBySignInToken(token: string) {
  const openDay = await db.openDay.findUnique({
    where: { signInToken: token },
    select: { id: true, branchId: true, theme: true, place: true, startsAt: true, endsAt: true, status: true, signInOpen: true, signInToken: true, branch: { select: { name: true } } },
  })
  if (!openDay) throw new HttpError(404, '链接无效：找不到这次开放日的签到，请向支部书记核对二维码。')
  return openDay
}

export type SignInOpenDay = Awaited<ReturnType<typeof openDayBySignInToken>>

export async function signInMembers(openDay: SignInOpenDay) {
  const [members, rows] = await Promise.all([expectedMembers(openDay), db.attendance.findMany({ where: { openDayId: openDay.id, status: 'present' } })])
  const present = new Map(rows.map((r) => [r.memberId, r]))
  return members.map((m) => ({ id: m.id, name: m.name, signedInAt: present.get(m.id)?.signedInAt ?? null, present: present.has(m.id) }))
}

/**
 * Members sign themselves in once. A member the secretary marked 请假 or 缺席 who signs in came after all and
 * becomes present; one already present is told when. Transactions are serialised, so two phones cannot both win.
 */
export async function signIn(openDay: SignInOpenDay, memberId: number, now = new Date()): Promise<{ name: string; signedInAt: Date | null; already: boolean }> {
  const state = signInState(openDay, now)
  if (state !== 'open') throw new HttpError(409, signInClosedMessage(state, openDay))
  return db.$transaction(async (tx) => {
    await assertRecordWritable(tx, openDay.id)
    const name = (await expectedIds(tx, openDay)).get(memberId)
    if (!name) throw new FormError({ memberId: '请从名单中选择您的姓名' })
    const where = { openDayId_memberId: { openDayId: openDay.id, memberId } }
    const before = await tx.attendance.findUnique({ where })
    if (before?.status === 'present') return { name, signedInAt: before.signedInAt, already: true }
    const data = { status: 'present', leaveReason: null, signedInAt: now, signedInVia: 'self' }
    await tx.attendance.upsert({ where, create: { openDayId: openDay.id, memberId, ...data }, update: data })
    await tx.openDay.update({ where: { id: openDay.id }, data: { runVersion: { increment: 1 } } })
    return { name, signedInAt: now, already: false }
  })
}

export async function memberSignIn(openDay: SignInOpenDay, memberId: number) {
  const member = await db.member.findFirst({ where: { id: memberId, branchId: openDay.branchId }, select: { id: true, name: true } })
  if (!member) throw new HttpError(404, '找不到这位党员。')
  const row = await db.attendance.findUnique({ where: { openDayId_memberId: { openDayId: openDay.id, memberId } } })
  return { ...member, signedInAt: row?.status === 'present' ? (row.signedInAt ?? row.updatedAt) : null, present: row?.status === 'present' }
}


import type { CurrentUser } from '../lib/user.ts'
import { kindLabel } from '../agenda/kinds.ts'
import { db, type Tx } from '../db.ts'
import type { Prisma } from '../generated/prisma/client.ts'
import { changesBetween, logEdit } from '../history/service.ts'
import { dateInput, formatDateTime, fromLocal, timeInput } from '../lib/dates.ts'
import { assertRecordWritable } from '../open-days/record.ts'
import { notFound, FormError } from '../lib/errors.ts'
import type { SaveRecord, SaveSpeech } from './schemas.ts'
import { parseRecord } from './shapes.ts'

const speechInclude = { member: { select: { id: true, name: true } } } as const
const segmentInclude = {
  leader: { select: { id: true, name: true } },
  speeches: { include: speechInclude, orderBy: [{ position: 'asc' }, { id: 'asc' }] },
} satisfies Prisma.SegmentInclude

export async function listSegments(openDayId: number) {
  return db.segment.findMany({ where: { openDayId }, include: segmentInclude, orderBy: [{ position: 'asc' }, { id: 'asc' }] })
}
export type RecordSegment = Awaited<ReturnType<typeof listSegments>>[number]

export async function getSegment(openDayId: number, segmentId: number) {
  const segment = await db.segment.findFirst({ where: { id: segmentId, openDayId }, include: segmentInclude })
  if (!segment) throw notFound('环节')
  return segment
}

/** the branch's members who can speak or take the oath: not transferred out before the event */
export function branchMembers(openDay: { branchId: number; startsAt: Date }, tx: Tx = db) {
  return tx.member.findMany({
    where: { branchId: openDay.branchId, OR: [{ transferredOutAt: null }, { transferredOutAt: { gt: openDay.startsAt } }] },
    select: { id: true, name: true },
    orderBy: { id: 'asc' },
  })
}

/** an actual time counts only on the event's day: the form shows HH:mm, so anything else (e.g. stamped by a
 *  rehearsal before this fix) is left out of the form and cleared by its next save, never moved to another date */
const onDay = (d: Date | null, day: string): d is Date => d !== null && dateInput(d) === day

/** actual times of a segment that are not on the event's day, for the form's notice */
export const offDayTimes = (segment: { startedAt: Date | null; endedAt: Date | null }, openDay: { startsAt: Date }): Date[] =>
  [segment.startedAt, segment.endedAt].filter((d): d is Date => d !== null && !onDay(d, dateInput(openDay.startsAt)))

/** the form's fields as they are stored now: to fill the form, and to show beside a stale one */
export function formValues(segment: Omit<RecordSegment, 'leader' | 'speeches'>, openDay: { startsAt: Date }): Record<string, unknown> {
  const r = parseRecord(segment.kind, segment.record)
  const day = dateInput(openDay.startsAt)
  const values: Record<string, unknown> = {
    version: segment.version,
    startTime: onDay(segment.startedAt, day) ? timeInput(segment.startedAt) : '',
    endTime: onDay(segment.endedAt, day) ? timeInput(segment.endedAt) : '',
    summary: segment.summary,
  }
  if (segment.kind === 'oath') {
    const ids = r.participantIds as number[] | null
    Object.assign(values, { oathEveryone: ids === null ? '1' : undefined, participantIds: (ids ?? []).map(String) })
  }
  if (segment.kind === 'reading') Object.assign(values, { materialTitle: r.materialTitle, text: r.text })
  if (segment.kind === 'study') {
    const materials = r.materials as { title: string; url: string }[]
    Object.assign(values, { materialTitles: materials.map((m) => m.title), materialUrls: materials.map((m) => m.url), keyPoints: r.keyPoints })
  }
  if (segment.kind === 'concluding_speech') values.points = (r.points as string[]).join('\n')
  return values
}

function recordOf(kind: string, input: SaveRecord): Record<string, unknown> {
  switch (kind) {
    case 'oath':
      return { participantIds: input.oathEveryone ? null : [...new Set(input.participantIds)] }
    case 'reading':
      return { materialTitle: input.materialTitle, text: input.text }
    case 'study': {
      const titles = [input.materialTitles ?? []].flat()
      const urls = [input.materialUrls ?? []].flat()
      const materials = titles.map((t, i) => ({ title: t.trim(), url: (urls[i] ?? '').trim() })).filter((m) => m.title || m.url)
      if (materials.some((m) => !m.title)) throw new FormError({ materialTitles: '填写了链接的材料，请同时填写材料名称' })
      return { materials, keyPoints: input.keyPoints }
    }
    case 'concluding_speech':
      return { points: input.points.split('\n').map((p) => p.trim()).filter(Boolean) }
    default:
      return {}
  }
}

/** the record in words for the edit history: the form's fields, lists shown as one line */
function historyShape(s: Parameters<typeof formValues>[0]): Record<string, string> {
  const v = formValues(s, { startsAt: new Date(0) })
  const words: Record<string, unknown> = {
    ...v,
    startTime: s.startedAt ? formatDateTime(s.startedAt) : '',
    endTime: s.endedAt ? formatDateTime(s.endedAt) : '',
    participants: s.kind !== 'oath' ? '' : v.oathEveryone ? '全体出席党员' : `${(v.participantIds as string[]).length} 人`,
    materials: ((v.materialTitles as string[] | undefined) ?? []).join('；'),
    points: String(v.points ?? '').replaceAll('\n', '；'),
  }
  return Object.fromEntries(Object.keys(HISTORY_LABELS).map((k) => [k, String(words[k] ?? '')]))
}
const HISTORY_LABELS = {
  startTime: '实际开始',
  endTime: '实际结束',
  summary: '记录',
  participants: '宣誓人',
  materialTitle: '诵读材料',
  text: '诵读原文',
  materials: '学习材料',
  keyPoints: '学习要点',
  points: '讲话要点',
}

/** a form that was filled in from an older version: refused with what is saved now, so both can be shown */
export class StaleRecord extends FormError {
  constructor(public current: Record<string, unknown>) {
    super({ version: '该环节已被他人修改。下方列出了当前保存的内容；请核对后再次保存（将以您填写的内容为准）。' }, '该环节在您编辑期间已被他人修改，尚未保存。', 409)
  }
}

/** saves one segment's record if nobody saved it since the form was opened; logs what changed */
export async function saveSegmentRecord(user: CurrentUser, openDay: { id: number; branchId: number; startsAt: Date }, segmentId: number, input: SaveRecord) {
  const day = dateInput(openDay.startsAt)
  // times are on the event's day; an untouched one keeps its stamp (seconds included) instead of being rebuilt
  const at = (t: string | undefined, stored: Date | null) => (!t ? null : onDay(stored, day) && timeInput(stored) === t ? stored : fromLocal(day, t))
  return db.$transaction(async (tx) => {
    await assertRecordWritable(tx, openDay.id)
    const before = await tx.segment.findFirst({ where: { id: segmentId, openDayId: openDay.id }, include: segmentInclude })
    if (!before) throw notFound('环节')
    const startedAt = at(input.startTime, before.startedAt)
    const endedAt = at(input.endTime, before.endedAt)
    if (startedAt && endedAt && endedAt < startedAt) throw new FormError({ endTime: '结束时间不能早于开始时间' })
    const data = { startedAt, endedAt, summary: input.summary, record: before.kind === 'dues' ? before.record : JSON.stringify(recordOf(before.kind, input)) }
    // a double submit (or a retry) of what is already saved is done, not stale
    if (sameRecord(before, data)) return
    if (before.version !== input.version) throw new StaleRecord(formValues(before, openDay))
    if (before.kind === 'oath' && !input.oathEveryone) {
      const members = await branchMembers(openDay, tx)
      const known = new Set(members.map((m) => m.id))
      if (input.participantIds.some((id) => !known.has(id))) throw new FormError({ participantIds: '请从列表中选择本支部党员' })
      if (!input.participantIds.length) throw new FormError({ participantIds: '请勾选宣誓的党员，或选择“全体出席党员”' })
    }
    const { count } = await tx.segment.updateMany({ where: { id: segmentId, version: input.version }, data: { ...data, version: { increment: 1 } } })
    if (!count) throw new StaleRecord(formValues(before, openDay))
    await followOnProjector(tx, openDay.id)
    await logEdit(tx, {
      openDayId: openDay.id,
      segmentId,
      userId: user.id,
      subject: `环节“${before.title}”的记录`,
      changes: changesBetween(HISTORY_LABELS, historyShape(before), historyShape({ ...before, ...data })),
    })
  })
}

const sameRecord = (s: { startedAt: Date | null; endedAt: Date | null; summary: string; record: string }, data: typeof s) =>
  s.startedAt?.getTime() === data.startedAt?.getTime() && s.endedAt?.getTime() === data.endedAt?.getTime() && s.summary === data.summary && s.record === data.record

/** the projector redraws when the record it shows (reading text, speakers) changes */
const followOnProjector = (tx: Tx, openDayId: number) => tx.openDay.update({ where: { id: openDayId }, data: { runVersion: { increment: 1 } } })

// ---- speeches -------------------------------------------------------------------------------------

async function speechesSegment(tx: Tx, openDayId: number, segmentId: number) {
  await assertRecordWritable(tx, openDayId)
  const segment = await tx.segment.findFirst({ where: { id: segmentId, openDayId }, include: segmentInclude })
  if (!segment) throw notFound('环节')
  if (segment.kind !== 'speeches') throw new FormError({}, '只有“发言”环节可以登记发言人。')
  return segment
}

async function assertMember(tx: Tx, branchId: number, memberId: number | undefined) {
  if (!memberId) return
  const m = await tx.member.findFirst({ where: { id: memberId, branchId }, select: { id: true } })
  if (!m) throw new FormError({ memberId: '请从列表中选择本支部党员' })
}

const speakerName = (s: { member: { name: string } | null; guestName: string | null }) => s.member?.name ?? s.guestName ?? ''
const speechKind = (k: string) => (k === 'keynote' ? '中心发言' : '交流发言')

/** adds a speaker at the end; the same speaker with the same topic twice (a double tap) is kept once */
export async function addSpeech(user: CurrentUser, openDay: { id: number; branchId: number }, segmentId: number, input: SaveSpeech) {
  return db.$transaction(async (tx) => {
    const segment = await speechesSegment(tx, openDay.id, segmentId)
    await assertMember(tx, openDay.branchId, input.memberId)
    const same = segment.speeches.find(
      (s) => s.kind === input.kind && s.topic === input.topic && (s.memberId ?? null) === (input.memberId ?? null) && (s.guestName ?? null) === (input.guestName ?? null),
    )
    if (same) return { created: false }
    if (input.kind === 'keynote' && segment.speeches.some((s) => s.kind === 'keynote')) throw new FormError({ kind: '已有中心发言，请修改原有的中心发言，或登记为交流发言' })
    const position = Math.max(0, ...segment.speeches.map((s) => s.position)) + 1
    await tx.speech.create({ data: { segmentId, position, kind: input.kind, memberId: input.memberId ?? null, guestName: input.guestName ?? null, topic: input.topic, notes: input.notes } })
    await followOnProjector(tx, openDay.id)
    const name = input.guestName ?? (input.memberId ? (await tx.member.findUniqueOrThrow({ where: { id: input.memberId } })).name : '')
    await logEdit(tx, { openDayId: openDay.id, segmentId, userId: user.id, subject: `新增${speechKind(input.kind)}：${name}“${input.topic}”` })
    return { created: true }
  })
}

export async function updateSpeech(user: CurrentUser, openDay: { id: number; branchId: number }, segmentId: number, speechId: number, input: SaveSpeech) {
  await db.$transaction(async (tx) => {
    const segment = await speechesSegment(tx, openDay.id, segmentId)
    const before = segment.speeches.find((s) => s.id === speechId)
    if (!before) throw notFound('发言')
    await assertMember(tx, openDay.branchId, input.memberId)
    if (input.kind === 'keynote' && segment.speeches.some((s) => s.kind === 'keynote' && s.id !== speechId)) throw new FormError({ kind: '已有中心发言' })
    const after = await tx.speech.update({
      where: { id: speechId },
      data: { kind: input.kind, memberId: input.memberId ?? null, guestName: input.guestName ?? null, topic: input.topic, notes: input.notes },
      include: speechInclude,
    })
    await followOnProjector(tx, openDay.id)
    const shape = (s: typeof after) => ({ kind: speechKind(s.kind), name: speakerName(s), topic: s.topic, notes: s.notes })
    await logEdit(tx, {
      openDayId: openDay.id,
      segmentId,
      userId: user.id,
      subject: `发言“${before.topic}”`,
      changes: changesBetween({ kind: '类型', name: '发言人', topic: '题目', notes: '要点' }, shape(before), shape(after)),
    })
  })
}

/** deleting twice is harmless: the second finds nothing and changes nothing */
export async function deleteSpeech(user: CurrentUser, openDayId: number, segmentId: number, speechId: number) {
  await db.$transaction(async (tx) => {
    const segment = await speechesSegment(tx, openDayId, segmentId)
    const speech = segment.speeches.find((s) => s.id === speechId)
    if (!speech) return
    await tx.speech.delete({ where: { id: speechId } })
    await tx.openDay.updateMany({ where: { id: openDayId, currentSpeechId: speechId }, data: { currentSpeechId: null } })
    await followOnProjector(tx, openDayId)
    await logEdit(tx, { openDayId, segmentId, userId: user.id, subject: `删除${speechKind(speech.kind)}：${speakerName(speech)}“${speech.topic}”` })
  })
}

export async function moveSpeech(user: CurrentUser, openDayId: number, segmentId: number, speechId: number, direction: 'up' | 'down') {
  await db.$transaction(async (tx) => {
    const segment = await speechesSegment(tx, openDayId, segmentId)
    const list = segment.speeches
    const i = list.findIndex((s) => s.id === speechId)
    const j = direction === 'up' ? i - 1 : i + 1
    if (i < 0 || j < 0 || j >= list.length) return
    ;[list[i], list[j]] = [list[j], list[i]]
    for (const [k, s] of list.entries()) await tx.speech.update({ where: { id: s.id }, data: { position: k + 1 } })
    await followOnProjector(tx, openDayId)
    await logEdit(tx, { openDayId, segmentId, userId: user.id, subject: `发言顺序：${list.map(speakerName).join('、')}` })
  })
}

/** who leads the oath: the oath segment's leader, a member or a guest */
export async function oathLeader(openDayId: number): Promise<string | null> {
  const segment = await db.segment.findFirst({ where: { openDayId, kind: 'oath' }, include: { leader: { select: { name: true } } } })
  return segment?.leader?.name ?? segment?.guestName ?? null
}

/** the text a full-screen reading view shows */
export function readingOf(segment: { kind: string; record: string; title: string }) {
  const r = parseRecord('reading', segment.kind === 'reading' ? segment.record : '{}')
  return { title: r.materialTitle || segment.title, text: r.text }
}

export const segmentLabel = (s: { title: string; kind: string }) => (s.title === kindLabel(s.kind) ? s.title : `${s.title}（${kindLabel(s.kind)}）`)

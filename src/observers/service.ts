import { VersionedCache } from '../cache/versioned.ts'
import { scoreSelect } from '../assessment/criteria.ts'
import { db } from '../db.ts'
import { pagerFor } from '../lib/paging.ts'
import type { OpenDayVersions } from '../open-days/queries.ts'
import { wallItem, type WallItem } from './wall.ts'
import type { CurrentUser } from '../lib/user.ts'
import { commentWindow } from '../comments/window.ts'
import { formatDateTime } from '../lib/dates.ts'
import { FormError, notFound } from '../lib/errors.ts'
import { writeRecord, type LoadedOpenDay } from '../open-days/record.ts'
import { directoryOptions, isInvitable, observerFromMember, type DirectoryMember } from './directory.ts'
import type { HideComment, InviteObservers, UpdateObserverSettings } from './schemas.ts'
import { observerKey } from './batch.ts'

type ObserverOpenDay = LoadedOpenDay

// ---- settings ----

/** blank times fall back to the defaults; the effective window must close after it opens */
export async function updateObserverSettings(openDay: ObserverOpenDay, input: UpdateObserverSettings): Promise<void> {
  const window = commentWindow({ ...openDay, ...input })
  if (window.closesAt <= window.opensAt) {
    throw new FormError({ commentsCloseDate: `截止时间必须晚于开放时间（${formatDateTime(window.opensAt)}）` })
  }
  await writeRecord(openDay.id, (tx) => tx.openDay.update({ where: { id: openDay.id }, data: input }))
}

// ---- invitations ----

/** one page of the invitations, in the order they were made */
export async function listObservers(openDayId: number, page = 1) {
  const pager = pagerFor(page, await db.observer.count({ where: { openDayId } }))
  const observers = await db.observer.findMany({
    where: { openDayId },
    include: { _count: { select: { comments: true } } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    skip: pager.skip,
    take: pager.size,
  })
  return { observers, pager }
}

const directorySelect = { id: true, name: true, title: true, partyPost: true, branchId: true, branch: { select: { name: true } } } as const

/** who can still be invited from the directory: active members, not yet invited to this open day */
export async function inviteOptions(openDay: ObserverOpenDay, officeName: string) {
  const members: DirectoryMember[] = await db.member.findMany({
    where: { transferredOutAt: null, branch: { archivedAt: null }, observing: { none: { openDayId: openDay.id } } },
    select: directorySelect,
    orderBy: [{ branch: { name: 'asc' } }, { id: 'asc' }],
  })
  return directoryOptions(members, openDay.branchId, officeName)
}

/**
 * Invites several at once, in one transaction: anyone already invited (or twice in the batch) is skipped and
 * named, so a double submit adds nobody. A member who may not be invited refuses the whole batch.
 */
export async function inviteObservers(openDay: ObserverOpenDay, input: InviteObservers, officeName: string) {
  const members = await db.member.findMany({ where: { id: { in: input.memberIds } }, select: { ...directorySelect, transferredOutAt: true } })
  const refused = input.memberIds.filter((id) => {
    const m = members.find((x) => x.id === id)
    return !m || m.transferredOutAt || !isInvitable(m, openDay.branchId, officeName)
  })
  if (refused.length) {
    const names = members.filter((m) => refused.includes(m.id)).map((m) => m.name)
    throw new FormError({ memberIds: `${names.length ? names.join('、') + '：' : ''}只能邀请其他支部的党员或${officeName}成员` })
  }
  const wanted = [...members.map(observerFromMember), ...input.typed.map((t) => ({ memberId: null, ...t }))]
  return writeRecord(openDay.id, async (tx) => {
    const existing = await tx.observer.findMany({ where: { openDayId: openDay.id }, select: { memberId: true, name: true, unit: true } })
    const seenMembers = new Set(existing.map((o) => o.memberId))
    const seenKeys = new Set(existing.map(observerKey))
    const invited: string[] = []
    const skipped: string[] = []
    for (const o of wanted) {
      if ((o.memberId && seenMembers.has(o.memberId)) || seenKeys.has(observerKey(o))) {
        skipped.push(o.name)
        continue
      }
      seenMembers.add(o.memberId)
      seenKeys.add(observerKey(o))
      await tx.observer.create({ data: { ...o, openDayId: openDay.id } })
      invited.push(o.name)
    }
    return { invited, skipped }
  })
}

export async function deleteObserver(openDayId: number, observerId: number): Promise<string> {
  const observer = await db.observer.findFirst({ where: { id: observerId, openDayId }, include: { _count: { select: { comments: true } } } })
  if (!observer) throw notFound('观摩者')
  if (observer._count.comments) throw new FormError({}, `“${observer.name}”已提交点评，不能删除邀请。`)
  await writeRecord(openDayId, (tx) => tx.observer.delete({ where: { id: observer.id } }))
  return observer.name
}

// ---- moderation ----

export function listComments(openDayId: number) {
  return db.comment.findMany({
    where: { openDayId },
    include: { hiddenBy: { select: { displayName: true } }, adoptedBy: { select: { displayName: true } }, criterionScores: scoreSelect },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  })
}
export type ModeratedComment = Awaited<ReturnType<typeof listComments>>[number]

/** a comment id from the URL must belong to the open day in the URL */
async function getComment(openDayId: number, commentId: number) {
  const comment = await db.comment.findFirst({ where: { id: commentId, openDayId } })
  return comment ?? Promise.reject(notFound('点评'))
}

export async function approveComment(openDayId: number, commentId: number): Promise<void> {
  const comment = await getComment(openDayId, commentId)
  if (comment.status !== 'pending') throw new FormError({}, '这条点评不在待审核状态，可能已被他人处理。')
  await writeRecord(openDayId, (tx) => tx.comment.updateMany({ where: { id: comment.id, status: 'pending' }, data: { status: 'visible' } }))
}

export async function hideComment(user: CurrentUser, openDayId: number, commentId: number, input: HideComment): Promise<void> {
  const comment = await getComment(openDayId, commentId)
  if (comment.status === 'hidden') throw new FormError({}, '这条点评已被隐藏。')
  await writeRecord(openDayId, (tx) => tx.comment.update({ where: { id: comment.id }, data: { status: 'hidden', hiddenReason: input.reason, hiddenById: user.id, hiddenAt: new Date() } }))
}

/** back on the wall: unhiding is a moderator's decision, so it also approves */
export async function unhideComment(openDayId: number, commentId: number): Promise<void> {
  const comment = await getComment(openDayId, commentId)
  if (comment.status !== 'hidden') throw new FormError({}, '这条点评没有被隐藏。')
  await writeRecord(openDayId, (tx) => tx.comment.update({ where: { id: comment.id }, data: { status: 'visible', hiddenReason: null, hiddenById: null, hiddenAt: null } }))
}

export async function adoptComment(user: CurrentUser, openDayId: number, commentId: number): Promise<void> {
  const comment = await getComment(openDayId, commentId)
  if (comment.adoptedAt) return
  await writeRecord(openDayId, (tx) => tx.comment.update({ where: { id: comment.id }, data: { adoptedAt: new Date(), adoptedById: user.id } }))
}

export async function unadoptComment(openDayId: number, commentId: number): Promise<void> {
  const comment = await getComment(openDayId, commentId)
  await writeRecord(openDayId, (tx) => tx.comment.update({ where: { id: comment.id }, data: { adoptedAt: null, adoptedById: null } }))
}

// ---- the wall and the export ----

export const WALL_LIMIT = 60
const onWall = (openDayId: number) => ({ openDayId, status: 'visible', hiddenAt: null })

const wallSelect = { id: true, authorName: true, authorUnit: true, learnings: true, suggestions: true, adoptedAt: true, createdAt: true, updatedAt: true } as const

/** the newest on the wall, newest first */
function wallComments(openDayId: number) {
  return db.comment.findMany({
    where: onWall(openDayId),
    select: wallSelect,
    orderBy: { id: 'desc' },
    take: WALL_LIMIT,
  })
}

function countOnWall(openDayId: number): Promise<number> {
  return db.comment.count({ where: onWall(openDayId) })
}

export type WallState = { comments: WallItem[]; visible: [number, number][]; total: number }
const walls = new VersionedCache<WallState>(500)

/** what the wall shows now, kept until a comment of this open day is added, edited or moderated */
export function wallState(v: OpenDayVersions): Promise<WallState> {
  return walls.get(String(v.id), `${v.data}.${v.comments}`, async () => {
    const [comments, total] = await Promise.all([wallComments(v.id), countOnWall(v.id)])
    return { comments: comments.map(wallItem), visible: comments.map((c) => [c.id, c.updatedAt.getTime()]), total }
  })
}

/** the wall's poll: comments newer than `after` (newest first), and what is on the wall now */
export async function wallSince(v: OpenDayVersions, after: number) {
  const { comments, visible, total } = await wallState(v)
  return { comments: comments.filter((c) => c.id > after), visible, total, lastId: Math.max(after, comments[0]?.id ?? 0) }
}

export function exportComments(openDayId: number) {
  return db.comment.findMany({ where: { openDayId }, include: { criterionScores: scoreSelect }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })
}

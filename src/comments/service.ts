import { randomUUID } from 'node:crypto'
import { VersionedCache } from '../cache/versioned.ts'
import { db, rawSql, readStatement, shareLock, runAlone, sqlInstant, transactionWithoutTurn } from '../db.ts'
import { versionsByObserverToken, type OpenDayVersions } from '../open-days/queries.ts'
import { writeRecord } from '../open-days/record.ts'
import { formatDateTime } from '../lib/dates.ts'
import { HttpError, FormError } from '../lib/errors.ts'
import { activeCriteria, scoreMap, scoreRowsOf, scoreSelect } from '../assessment/criteria.ts'
import { commentAvailability, commentWindow, DAY, TAKING_COMMENTS, type CommentAvailability } from './window.ts'
import type { CreateComment, UpdateComment } from './schemas.ts'

/** what the observers' pages need of an open day: no ids beyond its own, no members */
const publicFields = {
  id: true,
  theme: true,
  startsAt: true,
  endsAt: true,
  place: true,
  description: true,
  status: true,
  observerToken: true,
  commentsOpenAt: true,
  commentsCloseAt: true,
  allowAnonymous: true,
  holdComments: true,
  segments: { select: { title: true, plannedMinutes: true, startedAt: true, endedAt: true }, orderBy: { position: 'asc' } },
  branch: { select: { name: true } },
} as const

export type PublicOpenDay = NonNullable<Awaited<ReturnType<typeof findPublicOpenDay>>>
export type OwnComment = NonNullable<Awaited<ReturnType<typeof findOwnComment>>>

const linkInvalid = () => new HttpError(404, '链接无效：找不到这次开放日。请核对链接，或重新扫描现场的二维码。')

export function findPublicOpenDay(id: number) {
  return db.openDay.findUnique({ where: { id }, select: publicFields })
}

/** the phone page's open day, kept while its rows and the branch names are unchanged (not its comments) */
const publicOpenDays = new VersionedCache<PublicOpenDay | null>(1000)

/** the open day behind an observer link and the versions read for it (one small read when cached), or null */
export async function publicOpenDayByToken(token: string): Promise<{ openDay: PublicOpenDay; v: OpenDayVersions } | null> {
  const v = token.length <= 64 ? await versionsByObserverToken(token) : undefined
  const openDay = v && (await publicOpenDays.get(String(v.id), `${v.data}.${v.directory}`, () => findPublicOpenDay(v.id)))
  return openDay && v ? { openDay, v } : null
}

/** the open day behind an observer link, or a 404 that says the link is wrong */
export async function openDayByToken(token: string): Promise<PublicOpenDay> {
  const found = await publicOpenDayByToken(token)
  if (!found) throw linkInvalid()
  return found.openDay
}

export function availabilityOf(openDay: PublicOpenDay, now = new Date()): { state: CommentAvailability; opensAt: Date; closesAt: Date } {
  return { ...commentWindow(openDay, now), state: commentAvailability(openDay, now) }
}

export async function commentCriteria(): Promise<string[]> {
  return (await activeCriteria()).map((c) => c.name)
}

/** an invited observer's personal link (?i=…); an unknown or foreign token is ignored, not an error */
export async function findInvite(openDayId: number, token: string | null | undefined) {
  if (!token || token.length > 64) return null
  const observer = await db.observer.findUnique({ where: { token }, select: { id: true, openDayId: true, name: true, unit: true, arrivedAt: true } })
  return observer?.openDayId === openDayId ? observer : null
}

/** the first opening of a personal link says the observer came; later openings change nothing */
export async function markArrived(observerId: number, at = new Date()): Promise<void> {
  await db.observer.updateMany({ where: { id: observerId, arrivedAt: null }, data: { arrivedAt: at } })
}

/** an invitee who comments through the general link: their invitation by the same name and unit (blank units
 *  match each other); a comment says they came */
async function matchInvitation(openDayId: number, name: string | null | undefined, unit: string | null | undefined, now: Date) {
  const observer = await invitationByName(openDayId, name, unit)
  if (observer) await markArrived(observer.id, now)
  return observer
}

// on every named comment POST: a prepared read (~13 µs) instead of Prisma's findFirst (~600 µs)
const INVITATION_BY_NAME = readStatement<[number, string, string | null, string | null], { id: number }>(
  `SELECT "id" FROM "Observer" WHERE "openDayId" = ? AND "name" = ?
   AND ("unit" = ? OR (CAST(? AS TEXT) IS NULL AND ("unit" IS NULL OR "unit" = ''))) ORDER BY "id" LIMIT 1`,
)

/** the invitation a name and unit match (blank units match each other), as committed; null without a name */
export async function invitationByName(openDayId: number, name: string | null | undefined, unit: string | null | undefined) {
  if (!name) return null
  return (await INVITATION_BY_NAME(openDayId, name, unit || null, unit || null)) ?? null
}

/** a fresh key for each rendered form: a double tap or a retry of that form creates one comment */
export const newIdempotencyKey = (): string => randomUUID()

function refuseUnlessOpen(openDay: PublicOpenDay, now: Date): void {
  const { state, closesAt, opensAt } = availabilityOf(openDay, now)
  if (state === 'open') return
  throw new HttpError(409, closedMessage(state, opensAt, closesAt))
}

/** one sentence for each reason the form is not there */
export function closedMessage(state: CommentAvailability, opensAt: Date, closesAt: Date): string {
  const fmt = formatDateTime
  switch (state) {
    case 'not-yet':
      return `点评尚未开始，将于 ${fmt(opensAt)} 开放。`
    case 'closed':
      return `点评已于 ${fmt(closesAt)} 截止，感谢您的关注。`
    case 'cancelled':
      return '本次开放日已取消，无需点评。'
    case 'unpublished':
      return '本次开放日尚未发布，暂不能点评。'
    default:
      return ''
  }
}

function refuseAnonymous(openDay: PublicOpenDay, anonymous: boolean): void {
  if (anonymous && !openDay.allowAnonymous) throw new FormError({ anonymous: '本次开放日要求实名点评，请填写姓名' }, '本次开放日不接受匿名点评。')
}

/**
 * Creates the comment once per idempotency key. A repeat (double tap, a retry after a timeout,
 * even after commenting closed) gets the row the first request made; two racing requests are
 * settled by the unique index.
 */
export async function createComment(openDay: PublicOpenDay, input: CreateComment, now = new Date()): Promise<{ editToken: string; created: boolean }> {
  // the accepted path is one insert: only a closed form looks for an earlier row first
  if (availabilityOf(openDay, now).state !== 'open') {
    const earlier = await findByKey(openDay.id, input.idempotencyKey)
    if (earlier) return { editToken: earlier.editToken, created: false }
    refuseUnlessOpen(openDay, now)
  }
  refuseAnonymous(openDay, input.anonymous)
  const invite = (await findInvite(openDay.id, input.invite)) ?? (await matchInvitation(openDay.id, input.authorName, input.authorUnit, now))
  const editToken = randomUUID()
  const status = openDay.holdComments ? 'pending' : 'visible'
  const scoreRows = await scoreRowsOf(input.scores)
  const at = sqlInstant(now)
  const values = [openDay.id, invite?.id ?? null, input.authorName, input.authorUnit, input.learnings, input.suggestions, input.idempotencyKey, editToken, status, at, at]
  const window = [openDay.id, at, at, sqlInstant(new Date(now.getTime() - DAY))]
  if (await insertComment([...values, ...window], scoreRows)) return { editToken, created: true }
  const winner = await findByKey(openDay.id, input.idempotencyKey)
  if (winner) return { editToken: winner.editToken, created: false }
  // no row and no twin: the insert found the window closed (reviewed, cancelled, times moved) since the check above
  const current = await findPublicOpenDay(openDay.id)
  if (!current) throw linkInvalid()
  refuseUnlessOpen(current, now)
  throw new Error('comment neither inserted nor found')
}

/** the comment window (./window.ts) read again by the insert itself, so a review, a cancellation or a change of the
 *  times that commits after the form's check refuses the comment; on PostgreSQL the row lock waits for one in flight.
 *  A share lock: comments (with or without score rows) never update the open day's row, so many hold it at once */
const IN_WINDOW = `EXISTS (SELECT 1 FROM "OpenDay" o WHERE o."id" = ?
  AND o."status" IN (${TAKING_COMMENTS.map((s) => `'${s}'`).join(', ')})
  AND coalesce(o."commentsOpenAt", o."startsAt") <= ?
  AND (o."commentsCloseAt" > ? OR (o."commentsCloseAt" IS NULL AND o."endsAt" > ?))${shareLock()})`

const INSERT_COMMENT = `INSERT INTO "Comment" ("openDayId", "observerId", "authorName",
  "authorUnit", "learnings", "suggestions", "idempotencyKey", "editToken", "status", "createdAt", "updatedAt")
  SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE ${IN_WINDOW} ON CONFLICT ("idempotencyKey") DO NOTHING`

/**
 * One insert, or none when the key is taken or the window closed. Observers' comments are the one hot write (a room
 * posting at once): a prepared statement on Prisma's connection when it is idle, else the same statement through
 * Prisma, in its turn after the open transaction (tests compare the row with one Prisma creates).
 */
async function insertComment(values: unknown[], scores: { criterionId: number; score: number }[]): Promise<number> {
  if (!scores.length) {
    const fast = await runAlone(INSERT_COMMENT, ...values)
    if (fast !== null) return fast
  }
  // with scores: the comment and its score rows in one transaction, or neither. It needs no turn behind other
  // writers: the key's unique index makes a racing twin wait for this one and insert nothing
  return transactionWithoutTurn(async (tx) => {
    const changes = await tx.$executeRawUnsafe(rawSql(INSERT_COMMENT), ...values)
    if (!changes) return 0
    const { id } = await tx.comment.findUniqueOrThrow({ where: { idempotencyKey: values[6] as string }, select: { id: true } })
    await tx.commentScore.createMany({ data: scores.map((s) => ({ ...s, commentId: id })) })
    return changes
  })
}

/** a key is only ever rendered into one open day's form; the same key elsewhere is a forged request */
async function findByKey(openDayId: number, idempotencyKey: string) {
  const row = await db.comment.findUnique({ where: { idempotencyKey }, select: { openDayId: true, editToken: true } })
  if (row && row.openDayId !== openDayId) throw new FormError({ idempotencyKey: '页面已过期，请刷新后重新提交' }, '页面已过期，请刷新后重新提交。')
  return row
}

/** the author's own comment: the edit token only works under its own open day's link */
export async function findOwnComment(openDayId: number, editToken: string) {
  if (editToken.length > 64) return null
  const comment = await db.comment.findUnique({
    where: { editToken },
    select: {
      id: true,
      openDayId: true,
      editToken: true,
      authorName: true,
      authorUnit: true,
      learnings: true,
      suggestions: true,
      criterionScores: scoreSelect,
      status: true,
      createdAt: true,
      updatedAt: true,
    },
  })
  return comment?.openDayId === openDayId ? comment : null
}

export async function ownComment(openDayId: number, editToken: string): Promise<OwnComment> {
  const comment = await findOwnComment(openDayId, editToken)
  if (!comment) throw new HttpError(404, '链接无效：找不到这条点评。')
  return comment
}

/**
 * The author edits until commenting closes. Under held comments an edit goes back for approval, so
 * nothing unapproved reaches the wall; a comment the branch hid can no longer be edited.
 */
export async function updateComment(openDay: PublicOpenDay, comment: OwnComment, input: UpdateComment, now = new Date()): Promise<void> {
  refuseUnlessOpen(openDay, now)
  if (comment.status === 'hidden') throw new HttpError(409, '这条点评已被隐藏，不能再修改。')
  refuseAnonymous(openDay, input.anonymous)
  const scores = await scoreRowsOf(input.scores)
  // the lock and the window are read again inside the write: a review or a change of the times that landed since
  // the page was read refuses the edit
  await writeRecord(openDay.id, async (tx) => {
    const current = await tx.openDay.findUnique({ where: { id: openDay.id }, select: publicFields })
    if (!current) throw linkInvalid()
    refuseUnlessOpen(current, now)
    return tx.comment.update({
      where: { id: comment.id },
      data: {
        authorName: input.authorName,
        authorUnit: input.authorUnit,
        learnings: input.learnings,
        suggestions: input.suggestions,
        criterionScores: { deleteMany: {}, create: scores },
        status: current.holdComments ? 'pending' : 'visible',
      },
    })
  })
}

/** the stored comment as the edit form's values */
export function formValuesOf(comment: OwnComment): Record<string, string> {
  const values: Record<string, string> = {
    authorName: comment.authorName ?? '',
    authorUnit: comment.authorUnit ?? '',
    anonymous: comment.authorName === null ? '1' : '',
    learnings: comment.learnings,
    suggestions: comment.suggestions,
  }
  for (const [criterion, n] of Object.entries(scoresOf(comment))) values[`score_${criterion}`] = String(n)
  return values
}

/** the author's scores by criterion name, as they read now */
export const scoresOf = (comment: OwnComment): Record<string, number> => scoreMap(comment.criterionScores)

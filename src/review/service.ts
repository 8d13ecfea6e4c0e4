import { db, type Tx } from '../db.ts'
import type { Review } from '../generated/prisma/client.ts'
import type { CurrentUser } from '../lib/user.ts'
import { dateInput } from '../lib/dates.ts'
import { changeStatus } from '../open-days/service.ts'
import { lockMessage } from '../open-days/policy.ts'
import { parseRecord } from '../records/shapes.ts'
import { canEditBranch } from '../lib/user.ts'
import { forbidden, notFound, staleForm } from '../lib/errors.ts'
import { FormError } from '../lib/errors.ts'
import { isOverdue, prefillReview, REQUIREMENTS, type ReviewDraft, type ReviewFacts } from './prefill.ts'
import type { SaveReview } from './schemas.ts'

export type ReviewOpenDay = { id: number; branchId: number; theme: string; status: string }

export async function getOpenDay(id: number): Promise<ReviewOpenDay & { branch: { name: string } }> {
  const openDay = await db.openDay.findUnique({ where: { id }, select: { id: true, branchId: true, theme: true, status: true, branch: { select: { name: true } } } })
  return openDay ?? Promise.reject(notFound('开放日'))
}

/** what the record says about the four requirements, and the adopted suggestions */
export async function reviewFacts(openDayId: number): Promise<ReviewFacts> {
  const openDay = await db.openDay.findUniqueOrThrow({
    where: { id: openDayId },
    select: {
      theme: true,
      segments: {
        where: { kind: { in: ['speeches', 'host_summary', 'concluding_speech'] } },
        orderBy: [{ position: 'asc' }, { id: 'asc' }],
        select: { kind: true, summary: true, record: true, speeches: { orderBy: [{ position: 'asc' }, { id: 'asc' }], select: { kind: true, topic: true, guestName: true, member: { select: { name: true } } } } },
      },
      comments: { where: { adoptedAt: { not: null }, suggestions: { not: '' } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { authorName: true, suggestions: true } },
    },
  })
  const speeches = openDay.segments.flatMap((s) => s.speeches)
  const speaker = (x: (typeof speeches)[number]) => x.member?.name ?? x.guestName ?? '（未填写）'
  return {
    theme: openDay.theme,
    keynotes: speeches.filter((x) => x.kind === 'keynote').map((x) => ({ speaker: speaker(x), topic: x.topic })),
    exchanges: speeches.filter((x) => x.kind !== 'keynote').map(speaker),
    hostSummary: openDay.segments.filter((s) => s.kind === 'host_summary').map((s) => s.summary.trim()).filter(Boolean).join('\n'),
    concludingPoints: openDay.segments.filter((s) => s.kind === 'concluding_speech').flatMap((s) => parseRecord('concluding_speech', s.record).points),
    adopted: openDay.comments.map((c) => ({ author: c.authorName ?? '匿名', suggestions: c.suggestions })),
  }
}

const actionFields = { id: true, description: true, owner: true, dueOn: true, status: true, doneAt: true } as const

export function listActions(openDayId: number) {
  return db.followUpAction.findMany({ where: { openDayId }, select: actionFields, orderBy: [{ position: 'asc' }, { id: 'asc' }] })
}
export type Action = Awaited<ReturnType<typeof listActions>>[number]

/** the saved review, or the draft pre-filled from the record when there is none yet */
export async function reviewOf(openDayId: number) {
  const [saved, facts, actions] = await Promise.all([db.review.findUnique({ where: { openDayId } }), reviewFacts(openDayId), listActions(openDayId)])
  const draft: ReviewDraft = saved ?? prefillReview(facts)
  return { saved, draft, version: saved?.version ?? 0, facts, actions }
}

/** why this review cannot be written now, or null */
function refusal(status: string): string | null {
  if (status === 'held') return null
  return lockMessage({ status }) ?? '开放日标记为“已举办”后才能复盘。'
}

export const mayWriteReview = (user: CurrentUser, openDay: ReviewOpenDay): boolean => canEditBranch(user, openDay.branchId) && refusal(openDay.status) === null

/**
 * Saves the review and its actions in one transaction, refusing a stale form; with finalise, then moves the
 * open day to reviewed through the same status change as the 办理 buttons, which locks the record.
 */
export async function saveReview(user: CurrentUser, openDay: ReviewOpenDay, input: SaveReview): Promise<void> {
  if (!canEditBranch(user, openDay.branchId)) throw forbidden()
  const repeat = await db.$transaction(async (tx) => {
    const current = await tx.openDay.findUniqueOrThrow({ where: { id: openDay.id }, select: { status: true } })
    const existing = await tx.review.findUnique({ where: { openDayId: openDay.id } })
    // a double click sends the same form twice: the second finds it saved (and final), and changes nothing
    if (existing && existing.version === input.version + 1 && (await isStored(tx, existing, input)) && (!input.finalise || current.status === 'reviewed')) return true
    const refused = refusal(current.status)
    // a locked record and a stale form are 409, as on every record page; not yet held is a rule (422)
    if (refused) throw new FormError({}, refused, lockMessage(current) ? 409 : 422)
    if ((existing?.version ?? 0) !== input.version) throw staleForm('复盘已被他人修改，请刷新页面后再保存（您填写的内容仍在下方）。')
    const data = { ...input.review, updatedById: user.id }
    if (existing) await tx.review.update({ where: { openDayId: openDay.id }, data: { ...data, version: { increment: 1 } } })
    else await tx.review.create({ data: { ...data, openDayId: openDay.id } })

    const own = new Set((await tx.followUpAction.findMany({ where: { openDayId: openDay.id }, select: { id: true } })).map((a) => a.id))
    if (input.actions.some((a) => a.id !== null && !own.has(a.id))) throw new FormError({}, '页面已过期，请刷新后重新提交。')
    await tx.followUpAction.deleteMany({ where: { openDayId: openDay.id, id: { in: input.removeActions } } })
    for (const [i, a] of input.actions.entries()) {
      const fields = { description: a.description, owner: a.owner, dueOn: a.dueOn, status: a.status, position: i + 1 }
      if (a.id) {
        const before = await tx.followUpAction.findUniqueOrThrow({ where: { id: a.id }, select: { status: true } })
        const doneAt = a.status === before.status ? undefined : a.status === 'done' ? new Date() : null
        await tx.followUpAction.update({ where: { id: a.id }, data: { ...fields, doneAt } })
      } else {
        await tx.followUpAction.create({ data: { ...fields, openDayId: openDay.id, doneAt: a.status === 'done' ? new Date() : null } })
      }
    }
    return false
  })
  if (input.finalise && !repeat) await changeStatus(user, openDay.id, { action: 'review', note: '', confirm: input.confirm })
}

/** the stored review and actions are exactly what the form sends */
async function isStored(tx: Tx, stored: Record<keyof SaveReview['review'], unknown> & { openDayId: number }, input: SaveReview): Promise<boolean> {
  if (Object.entries(input.review).some(([k, v]) => stored[k as keyof SaveReview['review']] !== v)) return false
  const actions = await tx.followUpAction.findMany({ where: { openDayId: stored.openDayId }, orderBy: [{ position: 'asc' }, { id: 'asc' }] })
  const shape = (a: { description: string; owner: string; dueOn: string; status: string }) => [a.description, a.owner, a.dueOn, a.status].join('\u0000')
  return actions.map(shape).join('\n') === input.actions.map(shape).join('\n')
}

/** an action is ticked off (or reopened) by its branch at any time, even after the record is final */
export async function setActionStatus(user: CurrentUser, openDayId: number, actionId: number, status: 'open' | 'done'): Promise<string> {
  const action = await db.followUpAction.findFirst({ where: { id: actionId, openDayId }, select: { description: true, openDay: { select: { branchId: true } } } })
  if (!action) throw notFound('整改措施')
  if (!canEditBranch(user, action.openDay.branchId)) throw forbidden()
  // the status in the WHERE makes a double click change nothing the second time
  await db.followUpAction.updateMany({ where: { id: actionId, status: status === 'done' ? 'open' : 'done' }, data: { status, doneAt: status === 'done' ? new Date() : null } })
  return action.description
}

/** the dashboard: a secretary's branch's open actions; the office's overdue ones across branches */
export async function openActionsFor(user: CurrentUser, now = new Date()) {
  if (user.role === 'viewer') return []
  const today = dateInput(now)
  const where = user.role === 'secretary' ? { openDay: { branchId: user.branchId ?? -1 } } : { dueOn: { lt: today } }
  const rows = await db.followUpAction.findMany({
    where: { status: 'open', ...where },
    select: { ...actionFields, openDay: { select: { id: true, theme: true, branch: { select: { name: true } } } } },
    orderBy: [{ dueOn: 'asc' }, { id: 'asc' }],
    take: 50,
  })
  return rows.map((a) => ({ ...a, overdue: isOverdue(a, today) }))
}

export type SummaryReview = {
  done: boolean
  at: Date | null
  requirements: { label: string; met: boolean; note: string }[]
  wentWell: string
  toImprove: string
  actions: { description: string; owner: string; dueOn: string; status: string }[]
}

/** section 八、复盘 of the printed record; requirements empty when no review was written */
export async function summaryReview(openDayId: number, status: string, reviewedAt: Date | null): Promise<SummaryReview> {
  const [review, actions] = await Promise.all([db.review.findUnique({ where: { openDayId } }), listActions(openDayId)])
  return reviewSection(status, reviewedAt, review, actions)
}

/** what a printed record loads with its open day for section 八 (see reviewSection) */
export const reviewInclude = { review: true, actions: { select: actionFields, orderBy: [{ position: 'asc' as const }, { id: 'asc' as const }] } }

/** section 八 from rows already loaded (the record book loads a year of them in one statement per table) */
export function reviewSection(status: string, reviewedAt: Date | null, review: Review | null, actions: Pick<Action, 'description' | 'owner' | 'dueOn' | 'status'>[]): SummaryReview {
  return {
    done: status === 'reviewed',
    at: status === 'reviewed' ? reviewedAt : null,
    requirements: review ? REQUIREMENTS.map((r) => ({ label: r.label, met: review[r.flag], note: review[r.note] })) : [],
    wentWell: review?.wentWell ?? '',
    toImprove: review?.toImprove ?? '',
    actions: actions.map((a) => ({ description: a.description, owner: a.owner, dueOn: a.dueOn, status: a.status })),
  }
}

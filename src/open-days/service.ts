import { db } from '../db.ts'
import type { CurrentUser } from '../lib/user.ts'
import { formatDateTime, formatRange, monthBounds, monthOf } from '../lib/dates.ts'
import { FormError, forbidden, notFound, staleForm } from '../lib/errors.ts'
import type { Prisma } from '../generated/prisma/client.ts'
import { pagerFor } from '../lib/paging.ts'
import { listFields } from './queries.ts'
import { changesBetween, logEdit } from '../history/service.ts'
import { canEditBranch } from '../lib/user.ts'
import { placeClash, sameMonthForBranch, type Slot } from './clash.ts'
import { isEarlyHold, isEditable, TRANSITIONS, type Transition } from './status.ts'
import { isLocked } from './policy.ts'
import { freezeRecord, unfreezeRecord } from './snapshot.ts'

export const EARLY_HOLD_REASON = '请填写提前标记为已举办的原因（将记入办理记录）'
import type { ChangeStatus, CreateOpenDay, ListOpenDays, UpdateOpenDay } from './schemas.ts'

const listInclude = { branch: { select: { id: true, name: true } } } as const

export async function getOpenDay(id: number) {
  const openDay = await db.openDay.findUnique({
    where: { id },
    include: {
      ...listInclude,
      host: { select: { id: true, name: true } },
      recorder: { select: { id: true, name: true } },
      statusChanges: { include: { user: { select: { displayName: true } } }, orderBy: { createdAt: 'desc' } },
    },
  })
  return openDay ?? Promise.reject(notFound('开放日'))
}
export type OpenDayDetail = Awaited<ReturnType<typeof getOpenDay>>

/** one page of the list, newest first; the filters' columns lead the indexes that serve them */
export async function listOpenDays(filter: ListOpenDays) {
  const range = filter.year ? { gte: monthBounds(filter.year, 1).start, lt: monthBounds(filter.year + 1, 1).start } : undefined
  const where = { startsAt: range, branchId: filter.branchId, status: filter.status }
  const pager = pagerFor(filter.page, await db.openDay.count({ where }))
  const openDays = await db.openDay.findMany({ where, select: { ...listFields, branch: listInclude.branch }, orderBy: [{ startsAt: 'desc' }, { id: 'desc' }], skip: pager.skip, take: pager.size })
  return { openDays, pager }
}

/** hosts and recorders: active members, grouped by branch, the user's own branch first */
export async function memberOptions(user: CurrentUser) {
  const members = await db.member.findMany({
    where: { transferredOutAt: null, branch: { archivedAt: null } },
    select: { id: true, name: true, branchId: true, branch: { select: { name: true } } },
    orderBy: [{ branch: { name: 'asc' } }, { id: 'asc' }],
  })
  const own = members.filter((m) => m.branchId === user.branchId)
  const rest = members.filter((m) => m.branchId !== user.branchId)
  return [...own, ...rest].map((m) => ({ value: m.id, label: m.name, group: m.branch.name }))
}

/** refuses a room double-booked; asks to confirm a second open day of the branch in one month */
async function checkClashes(candidate: Slot, confirmSameMonth: boolean): Promise<void> {
  const month = monthOf(candidate.startsAt)
  const others = await db.openDay.findMany({
    where: {
      status: { not: 'cancelled' },
      id: candidate.id ? { not: candidate.id } : undefined,
      OR: [
        { startsAt: { lt: candidate.endsAt }, endsAt: { gt: candidate.startsAt } },
        { branchId: candidate.branchId, startsAt: { gte: month.start, lt: month.end } },
      ],
    },
    include: listInclude,
  })
  const clash = placeClash(candidate, others)
  if (clash) {
    throw new FormError(
      { place: `该地点此时段已被占用：${clash.branch.name}“${clash.theme}”（${formatRange(clash.startsAt, clash.endsAt)}）` },
      '与其他开放日的时间和地点冲突。',
    )
  }
  const sameMonth = sameMonthForBranch(candidate, others)
  if (sameMonth.length && !confirmSameMonth) {
    const names = sameMonth.map((o) => `“${o.theme}”（${formatRange(o.startsAt, o.endsAt)}）`).join('、')
    throw new FormError({ confirmSameMonth: `本支部当月已安排开放日：${names}。确需再安排，请勾选确认后再提交。` }, '本支部当月已有开放日，请确认。')
  }
}

function assertMayEdit(user: CurrentUser, branchId: number): void {
  if (!canEditBranch(user, branchId)) throw new FormError({ branchId: '只能为本支部安排开放日' })
}

function detailData(input: CreateOpenDay) {
  return {
    branchId: input.branchId,
    theme: input.theme,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    place: input.place,
    hostId: input.hostId ?? null,
    recorderId: input.recorderId ?? null,
    description: input.description,
  }
}

const DETAIL_LABELS = { theme: '主题', time: '时间', place: '地点', host: '主持人', recorder: '记录人', description: '说明' }
function detailShape(o: { theme: string; startsAt: Date; endsAt: Date; place: string; host: { name: string } | null; recorder: { name: string } | null; description: string }) {
  return { theme: o.theme, time: formatRange(o.startsAt, o.endsAt), place: o.place, host: o.host?.name, recorder: o.recorder?.name, description: o.description }
}

export async function createOpenDay(user: CurrentUser, input: CreateOpenDay): Promise<number> {
  assertMayEdit(user, input.branchId)
  await checkClashes({ ...input }, input.confirmSameMonth)
  const openDay = await db.openDay.create({ data: detailData(input) })
  return openDay.id
}

const NOT_EDITABLE = '开放日已举办或已取消，基本信息不能再修改。'

/** a form based on an older version is refused, so two editors never overwrite each other */
export async function updateOpenDay(user: CurrentUser, id: number, input: UpdateOpenDay): Promise<void> {
  const current = await getOpenDay(id)
  if (!canEditBranch(user, current.branchId)) throw forbidden()
  assertMayEdit(user, input.branchId)
  if (!isEditable(current.status)) throw new FormError({}, NOT_EDITABLE)
  await checkClashes({ id, ...input }, input.confirmSameMonth)
  await db.$transaction(async (tx) => {
    // the status again inside the write: a hold or a lock that landed since the form was read refuses it
    const { status } = await tx.openDay.findUniqueOrThrow({ where: { id }, select: { status: true } })
    if (!isEditable(status)) throw new FormError({}, NOT_EDITABLE)
    // a secretary's change to an approved open day goes back to the office for approval
    const reapprove = status === 'approved' && user.role !== 'office'
    const { count } = await tx.openDay.updateMany({
      where: { id, version: input.version },
      data: { ...detailData(input), version: { increment: 1 }, ...(reapprove ? { status: 'submitted', statusNote: '批准后修改，重新申报' } : {}) },
    })
    if (count === 0) throw staleForm('保存失败：此开放日在您编辑期间已被他人修改。请刷新页面查看最新内容后再修改。')
    const after = await tx.openDay.findUniqueOrThrow({ where: { id }, include: { host: { select: { name: true } }, recorder: { select: { name: true } } } })
    await logEdit(tx, { openDayId: id, userId: user.id, subject: '开放日基本信息', changes: changesBetween(DETAIL_LABELS, detailShape(current), detailShape(after)) })
    if (reapprove) {
      await tx.openDayStatusChange.create({ data: { openDayId: id, fromStatus: 'approved', toStatus: 'submitted', note: '批准后修改，重新申报', userId: user.id } })
    }
  })
}

export const REVIEW_FIRST = '定稿要经过复盘：请先在“复盘”页对照有主题、有主讲、有讨论、有收获四项要求填写并保存，再“保存并定稿”。'

/** finalising always goes through the review: refused while none is saved */
export async function refuseUnreviewed(id: number, action: Transition): Promise<void> {
  if (action === 'review' && !(await db.review.findUnique({ where: { openDayId: id }, select: { id: true } }))) throw new FormError({}, REVIEW_FIRST)
}

export async function changeStatus(user: CurrentUser, id: number, input: ChangeStatus): Promise<Transition> {
  const openDay = await getOpenDay(id)
  if (!canEditBranch(user, openDay.branchId)) throw forbidden()
  const rule = TRANSITIONS[input.action]
  if (!(rule.roles as string[]).includes(user.role)) throw forbidden()
  if (!(rule.from as string[]).includes(openDay.status)) throw new FormError({}, `当前状态下不能“${rule.label}”。`)
  if ('noteRequired' in rule && !input.note) throw new FormError({ note: rule.noteRequired })
  if ('confirm' in rule && !input.confirm) throw new FormError({}, `请确认后再“${rule.label}”。`)
  await refuseUnreviewed(id, input.action)
  if (isEarlyHold(input.action, openDay)) {
    if (user.role !== 'office') throw new FormError({}, `活动尚未开始（${formatDateTime(openDay.startsAt)}），不能标记为已举办。确需提前标记，请联系机关党办。`)
    if (!input.note) throw new FormError({ note: EARLY_HOLD_REASON }, '活动尚未开始：提前标记为已举办，请填写原因。')
  }
  await db.$transaction(async (tx) => {
    // the status in the WHERE makes a double click a no-op instead of a second history row
    const { count } = await tx.openDay.updateMany({
      where: { id, status: openDay.status },
      data: { status: rule.to, statusNote: input.note || null, version: { increment: 1 } },
    })
    if (count === 0) throw staleForm('状态已被他人更改，请刷新页面。')
    await tx.openDayStatusChange.create({ data: { openDayId: id, fromStatus: openDay.status, toStatus: rule.to, note: input.note || null, userId: user.id } })
    // locking freezes the printed names and the expected roster; the office's reopen undoes that
    if (isLocked({ status: rule.to })) await freezeRecord(tx, id)
    else if (isLocked(openDay)) await unfreezeRecord(tx, id)
  })
  return input.action
}

/** how many of each of the dashboard's lists it shows; the rest is one link away in the paged list */
export const DASHBOARD_LIMIT = 10

/** the dashboard: what is next and what waits on this user; each list bounded, branch names loaded once */
export async function dashboardFor(user: CurrentUser, now = new Date()) {
  const branchFilter = user.role === 'secretary' ? { branchId: user.branchId ?? -1 } : {}
  const list = (where: Prisma.OpenDayWhereInput, take = DASHBOARD_LIMIT + 1) =>
    db.openDay.findMany({ where: { ...branchFilter, ...where }, select: listFields, orderBy: [{ startsAt: 'asc' }, { id: 'asc' }], take })
  const lists = await Promise.all([
    list({ endsAt: { gte: now }, status: { in: ['submitted', 'approved'] } }, 5),
    list({ status: 'submitted' }),
    list({ status: 'draft' }),
    list({ endsAt: { lt: now }, status: { in: ['approved', 'held'] } }),
  ])
  const ids = [...new Set(lists.flat().map((o) => o.branchId))]
  const names = new Map((await db.branch.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((b) => [b.id, b]))
  const [upcoming, awaitingApproval, drafts, toClose] = lists.map((rows) => rows.map((o) => ({ ...o, branch: names.get(o.branchId)! })))
  const more = (rows: unknown[]) => rows.length > DASHBOARD_LIMIT
  const bounded = <T>(rows: T[]) => rows.slice(0, DASHBOARD_LIMIT)
  return {
    upcoming: upcoming!,
    awaitingApproval: bounded(awaitingApproval!),
    drafts: bounded(drafts!),
    toClose: bounded(toClose!),
    more: { awaitingApproval: more(awaitingApproval!), drafts: more(drafts!), toClose: more(toClose!) },
  }
}

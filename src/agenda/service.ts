import { db, type Tx } from '../db.ts'
import type { CurrentUser } from '../lib/user.ts'
import { canEditBranch } from '../lib/user.ts'
import { forbidden, notFound, FormError } from '../lib/errors.ts'
import { changesBetween, logEdit } from '../history/service.ts'
import { removeFiles } from '../photos/store.ts'
import { isEditable, STATUS_LABELS, type Status } from '../open-days/status.ts'
import { kindLabel } from './kinds.ts'
import { agendaNote, moveInOrder, planAgenda } from './plan.ts'
import type { AddSegment, GenerateAgenda, MoveSegment, SaveTemplate, SaveTemplateSegment, UpdateSegment } from './schemas.ts'

// ---- templates (party office) ----

export async function listTemplates() {
  const templates = await db.agendaTemplate.findMany({
    include: { segments: { select: { plannedMinutes: true } } },
    orderBy: [{ isDefault: 'desc' }, { name: 'asc' }],
  })
  return templates.map((t) => ({
    id: t.id,
    name: t.name,
    isDefault: t.isDefault,
    segmentCount: t.segments.length,
    totalMinutes: t.segments.reduce((sum, s) => sum + s.plannedMinutes, 0),
  }))
}

export async function getTemplate(id: number) {
  const template = await db.agendaTemplate.findUnique({ where: { id }, include: { segments: { orderBy: { position: 'asc' } } } })
  return template ?? Promise.reject(notFound('议程模板'))
}

/** for the “从模板生成” select, the default first */
export async function templateOptions() {
  const templates = await db.agendaTemplate.findMany({ orderBy: [{ isDefault: 'desc' }, { name: 'asc' }], select: { id: true, name: true, isDefault: true } })
  return templates.map((t) => ({ value: t.id, label: t.isDefault ? `${t.name}（默认）` : t.name, isDefault: t.isDefault }))
}

async function assertNameFree(name: string, exceptId?: number): Promise<void> {
  const other = await db.agendaTemplate.findUnique({ where: { name }, select: { id: true } })
  if (other && other.id !== exceptId) throw new FormError({ name: '已有同名的模板' })
}

/** at most one default: setting one clears the others in the same transaction */
async function clearOtherDefaults(tx: Tx, input: SaveTemplate, id: number): Promise<void> {
  if (input.isDefault) await tx.agendaTemplate.updateMany({ where: { isDefault: true, id: { not: id } }, data: { isDefault: false } })
}

export async function createTemplate(input: SaveTemplate): Promise<number> {
  await assertNameFree(input.name)
  return db.$transaction(async (tx) => {
    const t = await tx.agendaTemplate.create({ data: { name: input.name, isDefault: input.isDefault } })
    await clearOtherDefaults(tx, input, t.id)
    return t.id
  })
}

export async function updateTemplate(id: number, input: SaveTemplate): Promise<void> {
  await getTemplate(id)
  await assertNameFree(input.name, id)
  await db.$transaction(async (tx) => {
    await tx.agendaTemplate.update({ where: { id }, data: { name: input.name, isDefault: input.isDefault } })
    await clearOtherDefaults(tx, input, id)
  })
}

export async function deleteTemplate(id: number): Promise<void> {
  const template = await getTemplate(id)
  if (template.isDefault) throw new FormError({}, '默认模板不能删除。请先把其他模板设为默认。')
  await db.agendaTemplate.delete({ where: { id } })
}

async function templateSegmentOf(templateId: number, segmentId: number) {
  const segment = await db.templateSegment.findFirst({ where: { id: segmentId, templateId } })
  return segment ?? Promise.reject(notFound('模板环节'))
}
export const getTemplateSegment = templateSegmentOf

export async function addTemplateSegment(templateId: number, input: SaveTemplateSegment): Promise<void> {
  await getTemplate(templateId)
  await db.$transaction(async (tx) => {
    const last = await tx.templateSegment.findFirst({ where: { templateId }, orderBy: { position: 'desc' }, select: { position: true } })
    await tx.templateSegment.create({
      data: { templateId, position: (last?.position ?? 0) + 1, kind: input.kind, title: input.title ?? kindLabel(input.kind), plannedMinutes: input.plannedMinutes, notes: input.notes },
    })
  })
}

export async function updateTemplateSegment(templateId: number, segmentId: number, input: SaveTemplateSegment): Promise<void> {
  await templateSegmentOf(templateId, segmentId)
  await db.templateSegment.update({
    where: { id: segmentId },
    data: { kind: input.kind, title: input.title ?? kindLabel(input.kind), plannedMinutes: input.plannedMinutes, notes: input.notes },
  })
}

/** writes positions 1..n in the given order */
async function renumberTemplate(tx: Tx, ids: number[]): Promise<void> {
  for (const [i, id] of ids.entries()) await tx.templateSegment.update({ where: { id }, data: { position: i + 1 } })
}

async function templateOrder(tx: Tx, templateId: number): Promise<number[]> {
  const rows = await tx.templateSegment.findMany({ where: { templateId }, orderBy: [{ position: 'asc' }, { id: 'asc' }], select: { id: true } })
  return rows.map((r) => r.id)
}

export async function moveTemplateSegment(templateId: number, segmentId: number, input: MoveSegment): Promise<void> {
  await templateSegmentOf(templateId, segmentId)
  await db.$transaction(async (tx) => renumberTemplate(tx, moveInOrder(await templateOrder(tx, templateId), segmentId, input.direction)))
}

export async function removeTemplateSegment(templateId: number, segmentId: number): Promise<void> {
  await templateSegmentOf(templateId, segmentId)
  await db.$transaction(async (tx) => {
    await tx.templateSegment.delete({ where: { id: segmentId } })
    await renumberTemplate(tx, await templateOrder(tx, templateId))
  })
}

// ---- an open day's agenda ----

const segmentInclude = { leader: { select: { id: true, name: true } } } as const

export async function getAgenda(openDayId: number) {
  const openDay = await db.openDay.findUnique({
    where: { id: openDayId },
    select: {
      id: true,
      branchId: true,
      theme: true,
      status: true,
      startsAt: true,
      endsAt: true,
      branch: { select: { name: true } },
      segments: { include: segmentInclude, orderBy: [{ position: 'asc' }, { id: 'asc' }] },
    },
  })
  if (!openDay) throw notFound('开放日')
  return { openDay, plan: planAgenda(openDay.startsAt, openDay.segments, openDay.endsAt) }
}
export type Agenda = Awaited<ReturnType<typeof getAgenda>>

type Dated = { id: number; branchId: number; startsAt: Date }

/** the branch's most recent earlier open day that has an agenda to copy */
const previousWhere = (o: Dated) => ({ branchId: o.branchId, id: { not: o.id }, startsAt: { lt: o.startsAt }, segments: { some: {} } })

export function previousAgendaSource(openDay: Dated) {
  return db.openDay.findFirst({ where: previousWhere(openDay), orderBy: { startsAt: 'desc' }, select: { id: true, theme: true, startsAt: true } })
}

/** who may open the editor: the branch's secretary or the party office */
export function mayEditAgenda(user: CurrentUser | undefined, openDay: { branchId: number }): boolean {
  return canEditBranch(user, openDay.branchId)
}

/** loads the open day for a write: 403 for others' branches, a clear refusal once it has been held */
async function editableOpenDay(tx: Tx, user: CurrentUser, openDayId: number) {
  const openDay = await tx.openDay.findUnique({ where: { id: openDayId }, select: { id: true, branchId: true, status: true, startsAt: true } })
  if (!openDay) throw notFound('开放日')
  if (!canEditBranch(user, openDay.branchId)) throw forbidden()
  if (!isEditable(openDay.status)) throw new FormError({}, lockedMessage(openDay.status))
  return openDay
}

export function lockedMessage(status: string): string {
  return `开放日${STATUS_LABELS[status as Status] ?? status}，议程已不能修改。`
}

const ALREADY_BUILT = '本开放日已有议程，未重复生成。如需重来，请先删除现有环节。'

export async function generateFromTemplate(user: CurrentUser, openDayId: number, input: GenerateAgenda): Promise<number> {
  return db.$transaction(async (tx) => {
    await editableOpenDay(tx, user, openDayId)
    if (await tx.segment.count({ where: { openDayId } })) throw new FormError({}, ALREADY_BUILT)
    const template = await tx.agendaTemplate.findUnique({ where: { id: input.templateId }, include: { segments: { orderBy: { position: 'asc' } } } })
    if (!template) throw new FormError({ templateId: '请选择模板' })
    if (!template.segments.length) throw new FormError({ templateId: '该模板还没有环节' })
    await tx.segment.createMany({
      data: template.segments.map((s, i) => ({ openDayId, position: i + 1, kind: s.kind, title: s.title, plannedMinutes: s.plannedMinutes, notes: agendaNote(s.notes) })),
    })
    await logEdit(tx, { openDayId, userId: user.id, subject: `议程：从模板“${template.name}”生成 ${template.segments.length} 个环节` })
    return template.segments.length
  })
}

/** copies kinds, titles, minutes, leaders and notes of the branch's previous agenda; never the run-mode times */
export async function copyPreviousAgenda(user: CurrentUser, openDayId: number): Promise<{ count: number; from: { theme: string; startsAt: Date } }> {
  return db.$transaction(async (tx) => {
    const openDay = await editableOpenDay(tx, user, openDayId)
    if (await tx.segment.count({ where: { openDayId } })) throw new FormError({}, ALREADY_BUILT)
    const source = await tx.openDay.findFirst({
      where: previousWhere(openDay),
      orderBy: { startsAt: 'desc' },
      select: { theme: true, startsAt: true, segments: { orderBy: [{ position: 'asc' }, { id: 'asc' }] } },
    })
    if (!source) throw new FormError({}, '本支部此前的开放日都没有议程，无法复制。')
    await tx.segment.createMany({
      data: source.segments.map((s, i) => ({
        openDayId,
        position: i + 1,
        kind: s.kind,
        title: s.title,
        plannedMinutes: s.plannedMinutes,
        leaderId: s.leaderId,
        guestName: s.guestName,
        guestTitle: s.guestTitle,
        notes: agendaNote(s.notes),
      })),
    })
    await logEdit(tx, { openDayId, userId: user.id, subject: `议程：复制“${source.theme}”的 ${source.segments.length} 个环节` })
    return { count: source.segments.length, from: { theme: source.theme, startsAt: source.startsAt } }
  })
}

export async function getSegment(openDayId: number, segmentId: number) {
  const segment = await db.segment.findFirst({ where: { id: segmentId, openDayId }, include: segmentInclude })
  return segment ?? Promise.reject(notFound('议程环节'))
}

/** the open day's segment with its leader, or 404 */
async function segmentOf(tx: Tx, openDayId: number, segmentId: number) {
  return (await tx.segment.findFirst({ where: { id: segmentId, openDayId }, include: segmentInclude })) ?? Promise.reject(notFound('议程环节'))
}

async function segmentOrder(tx: Tx, openDayId: number): Promise<number[]> {
  const rows = await tx.segment.findMany({ where: { openDayId }, orderBy: [{ position: 'asc' }, { id: 'asc' }], select: { id: true } })
  return rows.map((r) => r.id)
}

async function renumberSegments(tx: Tx, ids: number[]): Promise<void> {
  for (const [i, id] of ids.entries()) await tx.segment.update({ where: { id }, data: { position: i + 1 } })
}

export async function addSegment(user: CurrentUser, openDayId: number, input: AddSegment): Promise<void> {
  await db.$transaction(async (tx) => {
    await editableOpenDay(tx, user, openDayId)
    const last = await tx.segment.findFirst({ where: { openDayId }, orderBy: { position: 'desc' }, select: { position: true } })
    const added = await tx.segment.create({
      data: { openDayId, position: (last?.position ?? 0) + 1, kind: input.kind, title: input.title ?? kindLabel(input.kind), plannedMinutes: input.plannedMinutes },
    })
    await logEdit(tx, { openDayId, segmentId: added.id, userId: user.id, subject: `议程：新增环节“${added.title}”（${added.plannedMinutes} 分钟）` })
  })
}

type Plan = { title: string; plannedMinutes: number; leaderId: number | null; guestName: string | null; guestTitle: string | null; notes: string }
const planOf = (s: Plan): Plan => {
  const { title, plannedMinutes, leaderId, guestName, guestTitle, notes } = s
  return { title, plannedMinutes, leaderId, guestName, guestTitle, notes }
}

/** the edit form's fields as stored now: to fill the form, and to show beside a stale one */
export const planValues = (s: Plan & { planVersion: number; leader: { name: string } | null }) =>
  ({ ...planOf(s), leaderId: s.leaderId ?? '', leaderName: s.leader?.name ?? null, version: s.planVersion })

/** an agenda form opened before someone else changed the segment: refused (409) with what is saved now */
export class StaleSegment extends FormError {
  constructor(public current: ReturnType<typeof planValues>) {
    super({ version: '该环节已被他人修改。上方列出了当前保存的内容；请核对后再次保存（将以您填写的内容为准）。' }, '该环节在您编辑期间已被他人修改，尚未保存。', 409)
  }
}

/** saves the segment's definition if nobody changed it since the form was opened (its own planVersion, so a
 *  record save or a run-mode stamp in between is no conflict); a double submit of the same form is done */
export async function updateSegment(user: CurrentUser, openDayId: number, segmentId: number, input: UpdateSegment): Promise<void> {
  await db.$transaction(async (tx) => {
    await editableOpenDay(tx, user, openDayId)
    const before = await segmentOf(tx, openDayId, segmentId)
    const plan: Plan = {
      title: input.title,
      plannedMinutes: input.plannedMinutes,
      leaderId: input.leaderId ?? null,
      guestName: input.leaderId ? null : (input.guestName ?? null),
      guestTitle: input.leaderId ? null : (input.guestTitle ?? null),
      notes: input.notes,
    }
    if (JSON.stringify(planOf(before)) === JSON.stringify(plan)) return
    if (before.planVersion !== input.version) throw new StaleSegment(planValues(before))
    if (input.leaderId) {
      const member = await tx.member.findUnique({ where: { id: input.leaderId }, select: { transferredOutAt: true } })
      if (!member || member.transferredOutAt) throw new FormError({ leaderId: '请从列表中选择党员' })
    }
    const { count } = await tx.segment.updateMany({
      where: { id: segmentId, planVersion: input.version },
      data: { ...plan, planVersion: { increment: 1 } },
    })
    if (!count) throw new StaleSegment(planValues(before))
    const after = await segmentOf(tx, openDayId, segmentId)
    const shape = (x: typeof after) => ({ title: x.title, plannedMinutes: x.plannedMinutes, leader: x.leader?.name ?? x.guestName, notes: x.notes })
    const labels = { title: '环节名称', plannedMinutes: '计划分钟', leader: '负责人', notes: '备注' }
    await logEdit(tx, { openDayId, segmentId, userId: user.id, subject: `议程：环节“${before.title}”`, changes: changesBetween(labels, shape(before), shape(after)) })
  })
}

export async function moveSegment(user: CurrentUser, openDayId: number, segmentId: number, input: MoveSegment): Promise<void> {
  await db.$transaction(async (tx) => {
    await editableOpenDay(tx, user, openDayId)
    const moved = await segmentOf(tx, openDayId, segmentId)
    const order = moveInOrder(await segmentOrder(tx, openDayId), segmentId, input.direction)
    await renumberSegments(tx, order)
    await logEdit(tx, { openDayId, segmentId, userId: user.id, subject: `议程：环节“${moved.title}”移到第 ${order.indexOf(segmentId) + 1} 位` })
  })
}

/** the segment's photos and materials go with it: their files once the rows are gone for good */
export async function removeSegment(user: CurrentUser, openDayId: number, segmentId: number): Promise<void> {
  const files = await db.$transaction(async (tx) => {
    await editableOpenDay(tx, user, openDayId)
    await segmentOf(tx, openDayId, segmentId)
    const attachments = await tx.attachment.findMany({ where: { segmentId }, select: { storedName: true, thumbName: true } })
    const removed = await tx.segment.delete({ where: { id: segmentId } })
    await renumberSegments(tx, await segmentOrder(tx, openDayId))
    await logEdit(tx, { openDayId, userId: user.id, subject: `议程：删除环节“${removed.title}”` })
    return attachments.flatMap((a) => [a.storedName, a.thumbName])
  })
  await removeFiles(files)
}

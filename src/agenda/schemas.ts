import { z } from 'zod'
import { checkbox, hiddenNumber, optionalId, optionalText, requiredId, text } from '../lib/zod.ts'
import { SEGMENT_KINDS } from './kinds.ts'

const MINUTES = '计划时长须为 1–240 之间的整数（分钟）'
const plannedMinutes = z.coerce.number({ error: MINUTES }).int(MINUTES).min(1, MINUTES).max(240, MINUTES)
const kind = z.enum(SEGMENT_KINDS, { error: '请选择环节类型' })
const notes = z.string().trim().max(500, '备注最多 500 字').default('')

export const saveTemplate = z.object({ name: text('模板名称', 50), isDefault: checkbox })
export type SaveTemplate = z.output<typeof saveTemplate>

/** a template's segment: kind, title (blank → the kind's label), minutes, notes */
export const saveTemplateSegment = z.object({ kind, title: optionalText('环节名称', 100), plannedMinutes, notes })
export type SaveTemplateSegment = z.output<typeof saveTemplateSegment>

export const moveSegment = z.object({ direction: z.enum(['up', 'down'], { error: '未知的移动方向' }) })
export type MoveSegment = z.output<typeof moveSegment>

export const generateAgenda = z.object({ templateId: requiredId('模板') })
export type GenerateAgenda = z.output<typeof generateAgenda>

/** actions whose only input is the URL (copy, delete) */
export const noFields = z.object({})

export const addSegment = z.object({ kind, title: optionalText('环节名称', 100), plannedMinutes })
export type AddSegment = z.output<typeof addSegment>

/** who leads a segment: a member from the list, or a guest by name (and title), not both; version is the
 *  segment's planVersion when the form was opened */
export const updateSegment = z
  .object({
    version: hiddenNumber,
    title: text('环节名称', 100),
    plannedMinutes,
    leaderId: optionalId,
    guestName: optionalText('嘉宾姓名', 50),
    guestTitle: optionalText('嘉宾职务', 100),
    notes,
  })
  .superRefine((v, ctx) => {
    if (v.leaderId && v.guestName) ctx.addIssue({ code: 'custom', path: ['guestName'], message: '已选择党员的，不要再填写嘉宾姓名' })
    if (v.guestTitle && !v.guestName) ctx.addIssue({ code: 'custom', path: ['guestName'], message: '填写了嘉宾职务，请同时填写嘉宾姓名' })
  })
export type UpdateSegment = z.output<typeof updateSegment>

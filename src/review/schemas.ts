import { z } from 'zod'
import { isRealDate } from '../lib/dates.ts'

const NOTE_MAX = 500
const TEXT_MAX = 2000
export const ACTION_MAX = 20
/** blank action rows the form offers after the existing ones */
export const BLANK_ACTIONS = 3

const text = z
  .string()
  .optional()
  .catch('')
  .transform((v) => (v ?? '').replace(/\r\n?/g, '\n').trim())
const box = z.union([z.string(), z.array(z.string())]).optional().transform((v) => v !== undefined)

const reviewShape = {
  hasTheme: box, themeNote: text,
  hasKeynote: box, keynoteNote: text,
  hasDiscussion: box, discussionNote: text,
  hasOutcomes: box, outcomesNote: text,
  wentWell: text,
  toImprove: text,
  version: z.coerce.number().int().min(0).catch(-1),
  finalise: box,
  /** the form's own confirmation of 保存并定稿 (a checkbox: no JavaScript needed) */
  confirm: box,
}

export type ActionInput = { id: number | null; description: string; owner: string; dueOn: string; status: 'open' | 'done' }

/** action rows are action_<n>_{id,description,owner,due,status}; a row left blank is ignored, an existing one emptied is removed */
function actionsOf(v: Record<string, unknown>, ctx: z.RefinementCtx): { keep: ActionInput[]; remove: number[] } {
  const keep: ActionInput[] = []
  const remove: number[] = []
  const rows = [...new Set(Object.keys(v).flatMap((k) => /^action_(\d+)_/.exec(k)?.[1] ?? []))].sort((a, b) => Number(a) - Number(b))
  for (const n of rows) {
    const get = (f: string) => String(v[`action_${n}_${f}`] ?? '').trim()
    const id = /^\d+$/.test(get('id')) ? Number(get('id')) : null
    const [description, owner, dueOn] = [get('description'), get('owner'), get('due')]
    if (!description && !owner && !dueOn) {
      if (id) remove.push(id)
      continue
    }
    const issue = (f: string, message: string) => ctx.addIssue({ code: 'custom', path: [`action_${n}_${f}`], message })
    if (!description) issue('description', '请填写措施内容')
    if (description.length > 200) issue('description', '措施内容最多 200 字')
    if (!owner) issue('owner', '请填写责任人')
    if (owner.length > 40) issue('owner', '责任人最多 40 字')
    if (!isRealDate(dueOn)) issue('due', '请选择完成期限')
    keep.push({ id, description, owner, dueOn, status: get('status') === 'done' ? 'done' : 'open' })
  }
  if (keep.length > ACTION_MAX) ctx.addIssue({ code: 'custom', path: ['actions'], message: `整改措施最多 ${ACTION_MAX} 条` })
  return { keep, remove }
}

/** the 复盘 form: the four requirements with their evidence, what went well, what to improve, the actions */
export const saveReview = z.looseObject(reviewShape).transform((v, ctx) => {
  const tooLong = (key: string, max: number) => {
    const n = String(v[key as keyof typeof v] ?? '').length
    if (n > max) ctx.addIssue({ code: 'custom', path: [key], message: `最多 ${max} 字，现有 ${n} 字` })
  }
  for (const k of ['themeNote', 'keynoteNote', 'discussionNote', 'outcomesNote']) tooLong(k, NOTE_MAX)
  tooLong('wentWell', TEXT_MAX)
  tooLong('toImprove', TEXT_MAX)
  if (v.version < 0) ctx.addIssue({ code: 'custom', path: ['version'], message: '页面已过期，请刷新后重新提交' })
  if (v.finalise && !v.confirm) ctx.addIssue({ code: 'custom', path: ['confirm'], message: '定稿后记录锁定：请勾选确认后再“保存并定稿”' })
  const { keep, remove } = actionsOf(v, ctx)
  return {
    review: {
      hasTheme: v.hasTheme, themeNote: v.themeNote, hasKeynote: v.hasKeynote, keynoteNote: v.keynoteNote,
      hasDiscussion: v.hasDiscussion, discussionNote: v.discussionNote, hasOutcomes: v.hasOutcomes, outcomesNote: v.outcomesNote,
      wentWell: v.wentWell, toImprove: v.toImprove,
    },
    version: v.version,
    finalise: v.finalise,
    confirm: v.confirm,
    actions: keep,
    removeActions: remove,
  }
})
export type SaveReview = z.output<typeof saveReview>

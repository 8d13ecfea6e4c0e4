import { z } from 'zod'
import { hiddenNumber, optionalId, optionalText, text } from '../lib/zod.ts'

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/
const time = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || TIME.test(v), `${label}请填写为 时:分，如 14:30`)

const ids = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).map(Number).filter((n) => Number.isSafeInteger(n) && n > 0))

/** one form for every kind: the fields a kind does not use are ignored by the service */
export const saveRecord = z
  .object({
    version: hiddenNumber,
    startTime: time('开始时间'),
    endTime: time('结束时间'),
    summary: z.string().trim().max(5000, '记录最多 5000 字').default(''),
    oathEveryone: z.string().optional(),
    participantIds: ids,
    materialTitle: z.string().trim().max(100, '材料名称最多 100 字').default(''),
    text: z.string().trim().max(20000, '原文最多 20000 字').default(''),
    materialTitles: z.union([z.string(), z.array(z.string())]).optional(),
    materialUrls: z.union([z.string(), z.array(z.string())]).optional(),
    keyPoints: z.string().trim().max(5000, '要点最多 5000 字').default(''),
    points: z.string().trim().max(5000, '讲话要点最多 5000 字').default(''),
  })
  .superRefine((v, ctx) => {
    if (v.startTime && v.endTime && v.endTime < v.startTime) ctx.addIssue({ code: 'custom', path: ['endTime'], message: '结束时间不能早于开始时间' })
    const titles = [v.materialTitles ?? []].flat().map((t) => t.trim())
    const urls = [v.materialUrls ?? []].flat().map((u) => u.trim())
    // the form always offers blank rows: only filled ones count
    const filled = titles.map((t, i) => t || urls[i]).concat(urls.slice(titles.length)).filter(Boolean)
    if (filled.length > 20 || titles.length > 100) ctx.addIssue({ code: 'custom', path: ['materialTitles'], message: '学习材料最多 20 项' })
    if (titles.some((t) => t.length > 100)) ctx.addIssue({ code: 'custom', path: ['materialTitles'], message: '材料名称最多 100 字' })
    if (urls.some((u) => u.length > 500)) ctx.addIssue({ code: 'custom', path: ['materialUrls'], message: '链接最多 500 个字符' })
    const badLinks = urls.flatMap((u, i) => (u && !/^https?:\/\/\S+$/.test(u) ? [i + 1] : []))
    if (badLinks.length) ctx.addIssue({ code: 'custom', path: ['materialUrls'], message: `第 ${badLinks.join('、')} 个链接须以 http:// 或 https:// 开头` })
  })
export type SaveRecord = z.output<typeof saveRecord>

/** 中心发言 or 交流发言: a member from the list, or a guest by name */
export const saveSpeech = z
  .object({
    kind: z.enum(['keynote', 'exchange'], { error: '请选择发言类型' }),
    memberId: optionalId,
    guestName: optionalText('发言人姓名', 50),
    topic: text('发言题目', 100),
    notes: z.string().trim().max(2000, '发言要点最多 2000 字').default(''),
  })
  .superRefine((v, ctx) => {
    if (!v.memberId && !v.guestName) ctx.addIssue({ code: 'custom', path: ['memberId'], message: '请选择发言的党员，或填写嘉宾姓名' })
    if (v.memberId && v.guestName) ctx.addIssue({ code: 'custom', path: ['guestName'], message: '已选择党员的，不要再填写嘉宾姓名' })
  })
export type SaveSpeech = z.output<typeof saveSpeech>

export const moveSpeech = z.object({ direction: z.enum(['up', 'down'], { error: '未知的移动方向' }) })
export const noFields = z.object({})

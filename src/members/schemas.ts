import { z } from 'zod'
import { isRealDate, local } from '../lib/dates.ts'
import { optionalText } from '../lib/zod.ts'
import { CATEGORIES, STANDINGS } from './labels.ts'

/** 2020-10-15, 2020/1/5, 2020.1.5 or 2020年1月5日 → 2020-01-05; null when not a calendar date */
export function normalizeDate(value: string): string | null {
  const m = value.trim().match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/)
  if (!m) return null
  const date = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`
  return isRealDate(date) ? date : null
}

const joinedOn = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined
    const date = normalizeDate(v)
    if (!date) ctx.addIssue({ code: 'custom', message: `入党日期“${v}”无效，应为 2020-10-15 这样的日期` })
    else if (date > local().format('YYYY-MM-DD')) ctx.addIssue({ code: 'custom', message: '入党日期不能晚于今天' })
    return date ?? undefined
  })

// roughly: an optional +, then digits, spaces, hyphens and brackets, 5–20 digits in all
const PHONE = /^\+?[\d\s()-]+$/
const phone = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined
    const digits = v.replace(/\D/g, '').length
    if (!PHONE.test(v) || digits < 5 || digits > 20) ctx.addIssue({ code: 'custom', message: `联系电话“${v}”格式不正确，只能包含数字、+ 和 -` })
    return v
  })

/** one member's fields, shared by the form and the CSV import */
export const memberFields = z.object({
  name: z.string({ error: '姓名不能为空' }).trim().min(1, '姓名不能为空').max(40, '姓名最多 40 个字'),
  standing: z.enum(STANDINGS, { error: '请选择党员类别（正式/预备）' }),
  category: z.enum(CATEGORIES, { error: '请选择人员类别' }),
  joinedOn,
  phone,
  title: optionalText('职务', 60),
  partyPost: optionalText('党内职务', 60),
})
export type MemberInput = z.output<typeof memberFields>

export const createMember = memberFields
export type CreateMember = MemberInput
export const updateMember = memberFields
export type UpdateMember = MemberInput

/** the confirmed CSV text posted back from the preview */
export const commitImport = z.object({ csv: z.string({ error: '没有可导入的内容' }).min(1, '没有可导入的内容') })

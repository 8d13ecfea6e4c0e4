import { z } from 'zod'
import { yuanToFen } from '../lib/money.ts'
import { STALE_PAGE } from '../lib/zod.ts'
import { normalizeDate } from '../members/schemas.ts'
import { OVERRIDES } from './due.ts'
import { FARMER_MAX_FEN, FARMER_MIN_FEN, isMonth } from './rates.ts'

export const METHODS = ['cash', 'wechat', 'alipay', 'bank', 'other'] as const
export type Method = (typeof METHODS)[number]
export const METHOD_LABELS: Record<Method, string> = { cash: '现金', wechat: '微信', alipay: '支付宝', bank: '银行转账', other: '其他' }

const MONEY_HINT = '请填写金额，如 1280.50 或 1,280.50（最多两位小数）'

/** an optional amount in 元 → fen, null when blank */
const money = (message = MONEY_HINT) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null
      const fen = yuanToFen(v)
      if (fen === null) ctx.addIssue({ code: 'custom', message })
      return fen
    })

const date = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .transform((v, ctx) => {
      const d = normalizeDate(v)
      if (!d) ctx.addIssue({ code: 'custom', message: `${label}请填写为 2020-10-15 这样的日期` })
      return d ?? ''
    })

/** one line of the register as submitted */
export type RegisterLine = {
  memberId: number
  pay: boolean
  from: string
  to: string
  amountFen: number | null
  method: Method
  receiptNo: string | null
  note: string
  /** a correction of the month's saved payment: the right amount and why */
  fixFen: number | null
  fixReason: string
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '')

/** the whole register: one set of fields per member (pay_<id>, from_<id>, amount_<id> …), errors named the same way */
export const saveRegister = z
  .looseObject({
    batchKey: z.string({ error: STALE_PAGE }).regex(/^[\w-]{16,64}$/, STALE_PAGE),
    memberIds: z.union([z.string(), z.array(z.string())], { error: STALE_PAGE }),
    paidOn: date('缴纳日期'),
    collector: z.string().trim().max(20, '收缴人最多 20 个字').default(''),
  })
  .transform((body, ctx) => {
    const raw = body as Record<string, unknown>
    const ids = [body.memberIds].flat().map(Number)
    if (ids.some((id) => !Number.isSafeInteger(id) || id <= 0) || ids.length > 500) ctx.addIssue({ code: 'custom', path: ['batchKey'], message: STALE_PAGE })
    const lines: RegisterLine[] = ids.map((memberId) => {
      const field = (name: string) => str(raw[`${name}_${memberId}`])
      const amount = money().safeParse(field('amount'))
      const fix = money().safeParse(field('fix'))
      const issue = (name: string, message: string) => ctx.addIssue({ code: 'custom', path: [`${name}_${memberId}`], message })
      if (!amount.success || !fix.success) {
        if (!amount.success) issue('amount', MONEY_HINT)
        if (!fix.success) issue('fix', MONEY_HINT)
      }
      const method = (METHODS as readonly string[]).includes(field('method')) ? (field('method') as Method) : 'cash'
      const line = {
        memberId,
        pay: raw[`pay_${memberId}`] !== undefined,
        from: field('from'),
        to: field('to') || field('from'),
        amountFen: amount.success ? amount.data : null,
        method,
        receiptNo: field('receipt') || null,
        note: field('note'),
        fixFen: fix.success ? fix.data : null,
        fixReason: field('reason'),
      }
      if (line.pay && !isMonth(line.from)) issue('from', '缴纳月份请填写为 年-月，如 2020-10')
      if (line.pay && !isMonth(line.to)) issue('to', '缴纳月份请填写为 年-月，如 2020-10')
      if ((line.receiptNo ?? '').length > 30) issue('receipt', '收据号最多 30 个字符')
      if (line.note.length > 200) issue('note', '备注最多 200 字')
      if (line.fixFen !== null && !line.fixReason) issue('reason', '更正须写明原因')
      if (line.fixReason.length > 200) issue('reason', '更正原因最多 200 字')
      if (line.fixReason && line.fixFen === null) issue('fix', '请填写更正后的实缴金额')
      return line
    })
    return { batchKey: body.batchKey, paidOn: body.paidOn, collector: body.collector, lines }
  })
export type SaveRegister = z.output<typeof saveRegister>

/** a member's base and override for one year */
export const saveDuesBase = z
  .object({
    year: z.coerce.number({ error: '请填写年度' }).int('请填写年度').min(2000, '年度有误').max(2100, '年度有误'),
    baseYuan: money('基数请填写金额，如 6800 或 6,800.00'),
    fixedYuan: money(),
    override: z.enum(OVERRIDES, { error: '请选择' }).default('none'),
    overrideYuan: money(),
    approvedBy: z.string().trim().max(50, '批准人最多 50 字').transform((v) => v || null).default(null),
    approvedOn: z
      .string()
      .trim()
      .optional()
      .transform((v, ctx) => {
        if (!v) return null
        const d = normalizeDate(v)
        if (!d) ctx.addIssue({ code: 'custom', message: '批准日期请填写为 2020-10-15 这样的日期' })
        return d
      }),
    note: z.string().trim().max(200, '说明最多 200 字').default(''),
  })
  .superRefine((v, ctx) => {
    if (v.fixedYuan !== null && (v.fixedYuan < FARMER_MIN_FEN || v.fixedYuan > FARMER_MAX_FEN))
      ctx.addIssue({ code: 'custom', path: ['fixedYuan'], message: '农民党员每月交纳 0.20–1.00 元' })
  })
export type SaveDuesBase = z.output<typeof saveDuesBase>

export const monthQuery = z.object({ month: z.string().refine(isMonth, '月份应为 2020-10 这样的格式').optional() })
export const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() })
export const overviewQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  month: z.string().refine((m) => /^(0?[1-9]|1[0-2])$/.test(m), '月份应为 1–12').optional(),
})

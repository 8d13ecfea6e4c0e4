import { z } from 'zod'

// Chinese messages for any rule that does not carry its own
z.config(z.locales.zhCN())

/** a hidden field the page wrote itself (a version, an id): a missing or tampered one means a stale page */
export const STALE_PAGE = '页面已过期，请刷新后重新提交'
export const hiddenNumber = z.coerce.number({ error: STALE_PAGE }).int(STALE_PAGE).positive(STALE_PAGE)

/** a required single-line text field with a Chinese label for its messages */
export const text = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}最多 ${max} 个字`)

/** optional text: '' becomes undefined */
export const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label}最多 ${max} 个字`)
    .optional()
    .transform((v) => (v ? v : undefined))

/** a <select> of ids where '' means none */
export const optionalId = z
  .union([z.literal(''), hiddenNumber], { error: STALE_PAGE })
  .optional()
  .transform((v) => (v === '' || v === undefined ? undefined : v))

export const requiredId = (label: string) =>
  z.coerce.number({ error: `请选择${label}` }).int(`请选择${label}`).positive(`请选择${label}`)

/** a checkbox: present (any value) → true */
export const checkbox = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => v !== undefined)

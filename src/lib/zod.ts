import { z } from 'zod'

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
  .union([z.literal(''), z.coerce.number().int().positive()])
  .optional()
  .transform((v) => (v === '' || v === undefined ? undefined : v))

export const requiredId = (label: string) =>
  z.coerce.number({ error: `请选择${label}` }).int(`请选择${label}`).positive(`请选择${label}`)

/** a checkbox: present (any value) → true */
export const checkbox = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => v !== undefined)

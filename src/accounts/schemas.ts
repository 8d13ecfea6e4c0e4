import { z } from 'zod'
import { ROLES } from './roles.ts'
import { optionalId, text } from '../lib/zod.ts'

export const login = z.object({
  username: text('用户名', 64),
  password: z.string({ error: '请输入密码' }).min(1, '请输入密码').max(200, '密码过长'),
})

const password = z.string().min(8, '密码至少 8 位').max(200, '密码过长')

export const changePassword = z
  .object({
    currentPassword: z.string().min(1, '请输入当前密码'),
    newPassword: password,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: '两次输入的新密码不一致' })
export type ChangePassword = z.output<typeof changePassword>

const accountFields = {
  displayName: text('姓名', 40),
  role: z.enum(ROLES, { error: '请选择角色' }),
  branchId: optionalId,
}

export const createAccount = z.object({
  username: z
    .string()
    .trim()
    .min(3, '用户名至少 3 个字符')
    .max(32, '用户名最多 32 个字符')
    .regex(/^[a-zA-Z0-9_.-]+$/, '用户名只能包含字母、数字、下划线、点和连字符'),
  ...accountFields,
  password: z.union([z.literal(''), password]).default(''),
})
export type CreateAccount = z.output<typeof createAccount>

export const updateAccount = z.object(accountFields)
export type UpdateAccount = z.output<typeof updateAccount>

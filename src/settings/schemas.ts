import { z } from 'zod'
import { checkbox, text } from '../lib/zod.ts'

export const saveSettings = z.object({
  icsFeedEnabled: checkbox,
  attendanceThreshold: z.coerce.number({ error: '请填写 0–100 的整数' }).int('请填写 0–100 的整数').min(0, '不能小于 0').max(100, '不能大于 100'),
  officeName: text('机关党委名称', 40),
  // a form without the field (an older page) keeps no address
  publicUrl: z.preprocess(
    (v) => v ?? '',
    z
      .string()
      .trim()
      .max(200, '地址最多 200 个字符')
      .refine((v) => v === '' || /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i.test(v), '请填写以 http:// 或 https:// 开头的地址，如 http://192.168.1.20:3000')
      .transform((v) => v.replace(/\/+$/, '')),
  ),
})

import { z } from 'zod'
import { checkbox, text } from '../lib/zod.ts'

export const saveSettings = z.object({
  icsFeedEnabled: checkbox,
  attendanceThreshold: z.coerce.number({ error: '请填写 0–100 的整数' }).int('请填写 0–100 的整数').min(0, '不能小于 0').max(100, '不能大于 100'),
  officeName: text('机关党委名称', 40),
})

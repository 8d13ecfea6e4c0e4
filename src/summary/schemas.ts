import { z } from 'zod'
import { local } from '../lib/dates.ts'

/** ?year=YYYY for the record book; the current Shanghai year when left out */
export const recordBookQuery = z.object({
  year: z.preprocess(
    (v) => (v === undefined || v === '' ? local().year() : v),
    z.coerce.number({ error: '年度应为四位数字' }).int('年度应为四位数字').min(2000, '年度应在 2000–2100 之间').max(2100, '年度应在 2000–2100 之间'),
  ),
})

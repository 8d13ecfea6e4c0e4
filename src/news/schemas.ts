import { z } from 'zod'
import { hiddenNumber, text } from '../lib/zod.ts'

export const TITLE_MAX = 100
export const BODY_MAX = 10000
export const BYLINE_MAX = 50

/** textareas post CRLF; the stored text uses LF so versions compare equal */
const lfBody = z.string({ error: '请填写正文' }).transform((v) => v.replace(/\r\n?/g, '\n')).pipe(text('正文', BODY_MAX))

export const saveRelease = z.object({
  title: text('标题', TITLE_MAX),
  body: lfBody,
  byline: z.string().trim().max(BYLINE_MAX, `署名最多 ${BYLINE_MAX} 个字`).default(''),
  version: hiddenNumber,
})
export type SaveRelease = z.output<typeof saveRelease>

/** actions whose only input is the URL (generate, regenerate, restore) */
export const noFields = z.object({})

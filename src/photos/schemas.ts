import { z } from 'zod'
import { optionalText } from '../lib/zod.ts'
import { KINDS } from './files.ts'

/** the text fields of an upload; the file itself is checked by its bytes in the service */
export const uploadAttachment = z.object({
  kind: z.enum(KINDS, { error: '请选择上传照片还是材料' }),
  caption: optionalText('说明', 100),
})

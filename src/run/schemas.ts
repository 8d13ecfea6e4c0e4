import { z } from 'zod'
import { hiddenNumber, optionalId, STALE_PAGE } from '../lib/zod.ts'

/** the segments a run-mode button acts on: end `from`, start `to` */
export const advance = z.object({ from: optionalId, to: optionalId })

export const notes = z.object({
  segmentId: hiddenNumber,
  version: hiddenNumber,
  summary: z.string().max(5000, '速记最多 5000 字').default(''),
})

export const speaker = z.object({ speechId: optionalId })

export const signIn = z.object({ open: z.enum(['1', '0'], { error: STALE_PAGE }).transform((v) => v === '1') })

/** start a rehearsal on the event's day (1), or end one and clear its times (0) */
export const rehearsal = z.object({ on: z.enum(['1', '0'], { error: STALE_PAGE }).transform((v) => v === '1') })

/** the projector's page of the current long text, counted from 0 */
export const page = z.object({ page: z.coerce.number({ error: STALE_PAGE }).int(STALE_PAGE).min(0, STALE_PAGE).max(99, STALE_PAGE) })

import { z } from 'zod'
import { optionalId, text } from '../lib/zod.ts'

export const createBranch = z.object({ name: text('支部名称', 60) })
export type CreateBranch = z.output<typeof createBranch>

export const updateBranch = z.object({ name: text('支部名称', 60), secretaryId: optionalId })
export type UpdateBranch = z.output<typeof updateBranch>

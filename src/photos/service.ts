import { db } from '../db.ts'

/** a segment's photos and materials, oldest first, keyed by segment id (for record, summary and run pages) */
export async function attachmentsBySegment(openDayId: number) {
  const rows = await db.attachment.findMany({ where: { openDayId }, orderBy: { id: 'asc' } })
  const bySegment = new Map<number, typeof rows>()
  for (const row of rows) {
    if (row.segmentId === null) continue
    bySegment.set(row.segmentId, [...(bySegment.get(row.segmentId) ?? []), row])
  }
  return bySegment
}

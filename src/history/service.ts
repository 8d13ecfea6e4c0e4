import { db, type Tx } from '../db.ts'
import { pagerFor } from '../lib/paging.ts'

/** one changed field, in words a reader of the history understands */
export type Change = { label: string; from: string; to: string }

type Value = string | number | boolean | null | undefined | Date
const show = (v: Value): string => (v === null || v === undefined || v === '' ? '（空）' : v instanceof Date ? v.toISOString() : String(v))

/** the fields whose shown value differs; labels name the fields to compare and how to show them */
export function changesBetween(labels: Record<string, string>, before: Record<string, Value>, after: Record<string, Value>): Change[] {
  return Object.entries(labels)
    .filter(([key]) => show(before[key]) !== show(after[key]))
    .map(([key, label]) => ({ label, from: show(before[key]), to: show(after[key]) }))
}

export type EditEntry = {
  openDayId: number
  segmentId?: number | null
  userId: number
  /** what was edited, e.g. 环节“重温入党誓词”的记录 */
  subject: string
  changes?: Change[]
}

/** keeps who changed what, in the same transaction as the change; an edit that changed nothing is not logged */
export async function logEdit(tx: Tx, entry: EditEntry): Promise<void> {
  if (entry.changes && entry.changes.length === 0) return
  await tx.editLog.create({
    data: {
      openDayId: entry.openDayId,
      segmentId: entry.segmentId ?? null,
      userId: entry.userId,
      subject: entry.subject,
      changes: JSON.stringify(entry.changes ?? []),
    },
  })
}

/** one page of the edit history, newest first (autosaved notes make it long) */
export async function listEdits(openDayId: number, page = 1) {
  const pager = pagerFor(page, await db.editLog.count({ where: { openDayId } }))
  const rows = await db.editLog.findMany({
    where: { openDayId },
    include: { user: { select: { displayName: true } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: pager.skip,
    take: pager.size,
  })
  return { edits: rows.map((r) => ({ ...r, changes: JSON.parse(r.changes) as Change[] })), pager }
}

/** the open day's status changes (submitted, approved, reopened…), newest first */
export function listStatusChanges(openDayId: number) {
  return db.openDayStatusChange.findMany({ where: { openDayId }, include: { user: { select: { displayName: true } } }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })
}

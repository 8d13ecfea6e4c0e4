import { createHash } from 'node:crypto'
import { db } from '../db.ts'
import type { Attachment } from '../generated/prisma/client.ts'
import { logEdit } from '../history/service.ts'
import { assertRecordWritable } from '../open-days/record.ts'
import { notFound, FormError } from '../lib/errors.ts'
import { identifyMaterial, sanitizeName, withExtension, type AttachmentKind } from './files.ts'
import { processPhoto } from './images.ts'
import { newStoredName, readStored, removeFiles, thumbNameFor, writeFiles } from './store.ts'

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

/** the stored bytes: the resized photo (or the material as uploaded), or a photo's thumbnail */
export async function readAttachment(attachment: Pick<Attachment, 'storedName' | 'thumbName'>, variant: 'full' | 'thumb'): Promise<Buffer> {
  const name = variant === 'thumb' ? attachment.thumbName : attachment.storedName
  if (!name) throw notFound('缩略图')
  return readStored(name)
}

/** an attachment with its open day's branch (for the reader check), or null */
export function findAttachment(id: number) {
  return db.attachment.findUnique({ where: { id }, include: { openDay: { select: { branchId: true, status: true } } } })
}

/** the segment, which must belong to the open day */
export async function segmentOf(openDayId: number, segmentId: number) {
  const segment = await db.segment.findFirst({ where: { id: segmentId, openDayId }, select: { id: true, title: true } })
  if (!segment) throw notFound('环节')
  return segment
}

export type Upload = { openDayId: number; segmentId: number; userId: number; kind: AttachmentKind; caption: string; file: { originalname: string; buffer: Buffer } }

const KIND_WORDS: Record<AttachmentKind, string> = { photo: '照片', material: '材料' }

/** one file as it will be stored: its bytes (and thumbnail) and the row's facts */
async function prepare(kind: AttachmentKind, file: Upload['file']) {
  const originalName = sanitizeName(file.originalname)
  if (kind === 'photo') {
    const photo = await processPhoto(file.buffer)
    const storedName = newStoredName('jpg')
    return {
      files: [{ name: storedName, bytes: photo.full }, { name: thumbNameFor(storedName), bytes: photo.thumb }],
      row: { storedName, thumbName: thumbNameFor(storedName), originalName: withExtension(originalName, 'jpg'), mimeType: 'image/jpeg', bytes: photo.full.length, width: photo.width, height: photo.height },
    }
  }
  const material = identifyMaterial(originalName, file.buffer)
  if ('error' in material) throw new FormError({ file: material.error }, material.error)
  const storedName = newStoredName(material.ext)
  return {
    files: [{ name: storedName, bytes: file.buffer }],
    row: { storedName, thumbName: null, originalName, mimeType: material.mimeType, bytes: file.buffer.length, width: null, height: null },
  }
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/** an earlier row of this segment whose stored bytes are these bytes (photo processing is deterministic,
 *  so the same upload yields the same JPEG); candidates are narrowed by size before any file is read */
async function findDuplicate(segmentId: number, kind: AttachmentKind, bytes: Buffer) {
  const candidates = await db.attachment.findMany({ where: { segmentId, kind, bytes: bytes.length } })
  const hash = sha256(bytes)
  for (const c of candidates) {
    const stored = await readStored(c.storedName).catch(() => null)
    if (stored && sha256(stored) === hash) return c
  }
  return null
}

// uploads to one segment run one at a time, so a double submit finds the first one's row (one process serves the app)
const queues = new Map<number, Promise<unknown>>()
function oneAtATime<T>(key: number, job: () => Promise<T>): Promise<T> {
  const run = (queues.get(key) ?? Promise.resolve()).then(job, job)
  const tail = run.catch(() => undefined)
  queues.set(key, tail)
  void tail.then(() => queues.get(key) === tail && queues.delete(key))
  return run
}

/** stores an uploaded photo or material: files first, then the row with its history entry; a failed row
 *  removes the files. The same bytes uploaded again to the segment return the existing row. */
export async function saveAttachment(upload: Upload): Promise<{ attachment: Attachment; duplicate: boolean }> {
  const prepared = await prepare(upload.kind, upload.file)
  return oneAtATime(upload.segmentId, async () => {
    const existing = await findDuplicate(upload.segmentId, upload.kind, prepared.files[0].bytes)
    if (existing) return { attachment: existing, duplicate: true }
    await writeFiles(prepared.files)
    try {
      const attachment = await db.$transaction(async (tx) => {
        await assertRecordWritable(tx, upload.openDayId)
        const row = await tx.attachment.create({
          data: { ...prepared.row, openDayId: upload.openDayId, segmentId: upload.segmentId, kind: upload.kind, caption: upload.caption, uploadedById: upload.userId },
        })
        await logEdit(tx, { openDayId: upload.openDayId, segmentId: upload.segmentId, userId: upload.userId, subject: `上传${KIND_WORDS[upload.kind]} ${row.originalName}` })
        return row
      })
      return { attachment, duplicate: false }
    } catch (err) {
      await removeFiles(prepared.files.map((f) => f.name))
      throw err
    }
  })
}

/** removes the row (with its history entry), then the files; false when a double submit already removed it */
export async function deleteAttachment(attachment: Attachment, userId: number): Promise<boolean> {
  const removed = await db.$transaction(async (tx) => {
    await assertRecordWritable(tx, attachment.openDayId)
    const { count } = await tx.attachment.deleteMany({ where: { id: attachment.id } })
    if (count === 0) return false
    await logEdit(tx, { openDayId: attachment.openDayId, segmentId: attachment.segmentId, userId, subject: `删除${KIND_WORDS[attachment.kind as AttachmentKind]} ${attachment.originalName}` })
    return true
  })
  if (removed) await removeFiles([attachment.storedName, attachment.thumbName])
  return removed
}

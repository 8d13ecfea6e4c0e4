import { db, isUniqueViolation } from '../db.ts'
import type { Attachment } from '../generated/prisma/client.ts'
import { logEdit } from '../history/service.ts'
import { assertRecordWritable } from '../open-days/record.ts'
import { notFound, FormError } from '../lib/errors.ts'
import { identifyMaterial, sanitizeName, withExtension, type AttachmentKind } from './files.ts'
import { processPhoto } from './images.ts'
import { sampleOf, type IncomingFile } from './incoming.ts'
import { moveIntoStore, newStoredName, readStored, removeFiles, thumbNameFor, writeFiles } from './store.ts'

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

export type Upload = { openDayId: number; segmentId: number; userId: number; kind: AttachmentKind; caption: string; file: IncomingFile }

const KIND_WORDS: Record<AttachmentKind, string> = { photo: '照片', material: '材料' }

/** what the upload will be stored as: a material is told by its name and first bytes before anything is stored
 *  (a photo only by decoding it, in `store`) */
async function inspect(kind: AttachmentKind, file: IncomingFile) {
  const originalName = sanitizeName(file.originalname)
  const sample = await sampleOf(file)
  if (kind === 'photo') return { originalName, sample, material: null }
  const material = identifyMaterial(originalName, sample)
  if ('error' in material) throw new FormError({ file: material.error }, material.error)
  return { originalName, sample, material }
}

/** puts the upload into the store (a photo resized with its thumbnail, a material moved in as it is) and returns
 *  the stored names and the row's facts */
async function store(file: IncomingFile, { originalName, sample, material }: Awaited<ReturnType<typeof inspect>>) {
  if (material) {
    const storedName = newStoredName(material.ext)
    await moveIntoStore(file.path, storedName)
    return { names: [storedName], row: { storedName, thumbName: null, originalName, mimeType: material.mimeType, bytes: file.size, width: null, height: null } }
  }
  const photo = await processPhoto(file.path, sample)
  const storedName = newStoredName('jpg')
  const thumbName = thumbNameFor(storedName)
  await writeFiles([{ name: storedName, bytes: photo.full }, { name: thumbName, bytes: photo.thumb }])
  return {
    names: [storedName, thumbName],
    row: { storedName, thumbName, originalName: withExtension(originalName, 'jpg'), mimeType: 'image/jpeg', bytes: photo.full.length, width: photo.width, height: photo.height },
  }
}

/** the segment's row for these uploaded bytes, if it has one */
const sameUpload = (u: Upload) => db.attachment.findFirst({ where: { segmentId: u.segmentId, kind: u.kind, sha256: u.file.sha256 } })

/** stores an uploaded photo or material: files first, then the row with its history entry; a failed row removes
 *  the files. The same bytes uploaded again to the segment return the existing row: the unique
 *  (segment, kind, sha256) index decides a double submit that reaches two instances at once. */
export async function saveAttachment(upload: Upload): Promise<{ attachment: Attachment; duplicate: boolean }> {
  const inspected = await inspect(upload.kind, upload.file)
  const earlier = await sameUpload(upload)
  if (earlier) return { attachment: earlier, duplicate: true }
  const stored = await store(upload.file, inspected)
  try {
    const attachment = await db.$transaction(async (tx) => {
      await assertRecordWritable(tx, upload.openDayId)
      const row = await tx.attachment.create({
        data: { ...stored.row, sha256: upload.file.sha256, openDayId: upload.openDayId, segmentId: upload.segmentId, kind: upload.kind, caption: upload.caption, uploadedById: upload.userId },
      })
      await logEdit(tx, { openDayId: upload.openDayId, segmentId: upload.segmentId, userId: upload.userId, subject: `上传${KIND_WORDS[upload.kind]} ${row.originalName}` })
      return row
    })
    return { attachment, duplicate: false }
  } catch (err) {
    await removeFiles(stored.names)
    const first = isUniqueViolation(err) ? await sameUpload(upload) : null
    if (!first) throw err
    return { attachment: first, duplicate: true }
  }
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

// Photo upload tests: import this BEFORE ../helpers/app.ts — it points uploads at a temporary directory
// (and caps them at 1 MB) before the app reads its config. Nothing here loads the app.
import { createHash, randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after } from 'node:test'
import sharp from 'sharp'
import type { Db } from '../../src/db.ts'
import type { Agent } from './http.ts'

export const uploadDir = mkdtempSync(path.join(os.tmpdir(), 'openday-uploads-'))
process.env.UPLOAD_DIR = uploadDir
process.env.UPLOAD_MAX_MB = '1'
after(() => rmSync(uploadDir, { recursive: true, force: true }))

/** the stored files, sorted (uploads still arriving are in .incoming) */
export const storedFiles = () => readdirSync(uploadDir).filter((f) => f !== '.incoming').sort()

/** uploads being received or left behind */
export const incomingFiles = () => readdirSync(path.join(uploadDir, '.incoming'), { withFileTypes: true }).map((f) => f.name)

/** bytes as the upload route hands them to the service: a file in UPLOAD_DIR/.incoming with its size and hash */
export function incomingFile(bytes: Buffer, originalname: string) {
  const dir = path.join(uploadDir, '.incoming')
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${randomUUID()}.part`)
  writeFileSync(file, bytes)
  return { originalname, path: file, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }
}

/** a camera-sized JPEG with some shapes (so it compresses like a photo, but stays small) */
export function jpeg(width = 3000, height = 2000, options: { orientation?: number } = {}) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#b71c1c"/><circle cx="${width / 3}" cy="${height / 2}" r="${height / 4}" fill="#c9a227"/></svg>`
  let image = sharp(Buffer.from(svg)).jpeg({ quality: 80 })
  if (options.orientation) image = image.withMetadata({ orientation: options.orientation })
  return image.toBuffer()
}

export function png(width = 800, height = 600) {
  return sharp({ create: { width, height, channels: 4, background: { r: 30, g: 90, b: 160, alpha: 0.5 } } }).png().toBuffer()
}

export function createSegment(db: Db, openDayId: number, data: { title?: string; position?: number } = {}) {
  return db.segment.create({ data: { openDayId, position: data.position ?? 1, kind: 'oath', title: data.title ?? '重温入党誓词', plannedMinutes: 5 } })
}

type UploadFields = { kind?: string; caption?: string; back?: string; filename: string; bytes: Buffer; contentType?: string; json?: boolean }

/** posts the upload form of a segment as a browser would: the CSRF token first in the multipart body */
export async function upload(agent: Agent, openDayId: number, segmentId: number, f: UploadFields) {
  const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/')).text)?.[1] ?? ''
  const req = agent.post(`/open-days/${openDayId}/segments/${segmentId}/attachments`)
  if (f.json) req.set('Accept', 'application/json')
  return req
    .field('_csrf', token)
    .field('back', f.back ?? `/open-days/${openDayId}`)
    .field('kind', f.kind ?? 'photo')
    .field('caption', f.caption ?? '')
    .attach('file', f.bytes, { filename: f.filename, contentType: f.contentType ?? 'image/jpeg' })
}

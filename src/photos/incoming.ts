// An upload as it arrives: streamed to a file under UPLOAD_DIR/.incoming (never held whole in memory), hashed on the
// way, then moved into the store or discarded.
import { createHash, randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Request } from 'express'
import type { StorageEngine } from 'multer'
import { INCOMING, uploadDir } from './store.ts'

/** beside the stored files, on the same file system, so moving one in is a rename */
export const incomingDir = path.join(uploadDir, INCOMING)

export type IncomingFile = { originalname: string; path: string; size: number; sha256: string }

/** multer's storage: each file part written as it streams in, with its size and SHA-256 */
export const incomingStorage: StorageEngine = {
  _handleFile(_req: Request, file, done) {
    const target = path.join(incomingDir, `${randomUUID()}.part`)
    const hash = createHash('sha256')
    let size = 0
    const measure = new Transform({
      transform(chunk: Buffer, _enc, next) {
        hash.update(chunk)
        size += chunk.length
        next(null, chunk)
      },
    })
    mkdir(incomingDir, { recursive: true })
      .then(() => pipeline(file.stream, measure, createWriteStream(target, { flags: 'wx' })))
      .then(
        () => done(null, { path: target, size, sha256: hash.digest('hex') } as Partial<Express.Multer.File>),
        // a request cut short: the part written so far goes
        (err: Error) => void rm(target, { force: true }).finally(() => done(err)),
      )
  },
  _removeFile(_req, file, done) {
    rm(file.path, { force: true }).then(() => done(null), done)
  },
}

/** removes an upload that was not moved into the store (refused, a duplicate, or a failed save) */
export async function discardIncoming(file: { path: string } | undefined): Promise<void> {
  if (file) await rm(file.path, { force: true })
}

const SAMPLE = 64 * 1024

/** enough of a file to tell what it is: all of a small one, else its first and last 64 KB (a zip lists its
 *  entries at the end) */
export async function sampleOf(file: Pick<IncomingFile, 'path' | 'size'>): Promise<Buffer> {
  const handle = await open(file.path, 'r')
  try {
    const read = async (length: number, position: number) => {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(length), 0, length, position)
      return buffer.subarray(0, bytesRead)
    }
    if (file.size <= 2 * SAMPLE) return await read(file.size, 0)
    return Buffer.concat([await read(SAMPLE, 0), await read(SAMPLE, file.size - SAMPLE)])
  } finally {
    await handle.close()
  }
}

/** on start: parts an instance left behind when it stopped mid-upload (older than an hour, so another instance's
 *  upload in progress is never touched) */
export async function sweepIncoming(now = Date.now()): Promise<number> {
  const names = await readdir(incomingDir).catch(() => [] as string[])
  let removed = 0
  for (const name of names) {
    const file = path.join(incomingDir, name)
    const info = await stat(file).catch(() => null)
    if (info && now - info.mtimeMs > 3600_000) {
      await rm(file, { force: true })
      removed++
    }
  }
  return removed
}

import { randomUUID } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { config } from '../config.ts'

const root = path.resolve(import.meta.dirname, '../..')

/** the upload directory, resolved once from the project root */
export const uploadDir = path.resolve(root, config.UPLOAD_DIR)

/** the folder under the upload directory where uploads arrive (src/photos/incoming.ts); never a stored file */
export const INCOMING = '.incoming'

/** a stored name is ours (random, one path segment), never a path a row could smuggle in */
export function storedPath(name: string): string {
  if (!/^[0-9a-f-]{36}(\.thumb)?\.[a-z0-9]{1,8}$/.test(name)) throw new Error(`not a stored name: ${name}`)
  return path.join(uploadDir, name)
}

export function newStoredName(ext: string): string {
  return `${randomUUID()}.${ext}`
}

export function thumbNameFor(storedName: string): string {
  return storedName.replace(/\.[a-z0-9]+$/, '.thumb.jpg')
}

/** writes files as a set: either all are on disk or none are */
export async function writeFiles(files: { name: string; bytes: Buffer }[]): Promise<void> {
  await mkdir(uploadDir, { recursive: true })
  const written: string[] = []
  try {
    for (const f of files) {
      await writeFile(storedPath(f.name), f.bytes, { flag: 'wx' })
      written.push(f.name)
    }
  } catch (err) {
    await removeFiles(written)
    throw err
  }
}

/** moves an upload from UPLOAD_DIR/.incoming into the store under its stored name (a rename: same file system) */
export async function moveIntoStore(from: string, name: string): Promise<void> {
  await rename(from, storedPath(name))
}

export async function removeFiles(names: (string | null)[]): Promise<void> {
  await Promise.all(names.filter((n): n is string => !!n).map((n) => rm(storedPath(n), { force: true })))
}

export function readStored(name: string): Promise<Buffer> {
  return readFile(storedPath(name))
}

// Online backup and offline restore of the database and the uploads. No Prisma: plain better-sqlite3, so the
// commands run beside a live server (backup) or instead of it (restore).
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { INCOMING } from '../photos/store.ts'

const DB_NAME = 'openday.db'
const UPLOADS = 'uploads'

/** the SQLite file of a file: URL, resolved like SQLite does (from the working directory) */
export function databaseFile(url: string): string {
  return path.resolve(url.replace(/^file:/, '').split('?')[0])
}

/** the running server's process id sits next to the database; restore refuses while that process lives */
export const pidFile = (dbFile: string): string => `${dbFile}.pid`

export function runningServerPid(dbFile: string): number | null {
  const file = pidFile(dbFile)
  if (!existsSync(file)) return null
  const pid = Number(readFileSync(file, 'utf8').trim())
  if (!Number.isSafeInteger(pid) || pid <= 0) return null
  try {
    process.kill(pid, 0)
    return pid
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : null
  }
}

export function integrityCheck(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ')
  } finally {
    db.close()
  }
}

const stamp = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')

export type BackupResult = { folder: string; bytes: number; files: number }

/** the stored uploads, without those still arriving (UPLOAD_DIR/.incoming) */
export function copyStoredUploads(uploadDir: string, dest: string): void {
  const incoming = path.join(uploadDir, INCOMING)
  if (existsSync(uploadDir)) cpSync(uploadDir, dest, { recursive: true, force: true, filter: (src) => src !== incoming })
}

/**
 * A consistent snapshot while the server runs: VACUUM INTO reads the database in one transaction (the
 * write-ahead log included), then the uploads are copied. Files uploaded meanwhile are copied too; a file
 * deleted in between is missing from the copy (its row is not).
 */
export function backup(dbFile: string, uploadDir: string, destRoot: string, now = new Date()): BackupResult {
  const folder = path.join(path.resolve(destRoot), `openday-${stamp(now)}`)
  if (existsSync(folder)) throw new Error(`备份文件夹已存在：${folder}`)
  mkdirSync(folder, { recursive: true })
  const target = path.join(folder, DB_NAME)
  const db = new Database(dbFile, { readonly: true, fileMustExist: true })
  try {
    db.pragma('busy_timeout = 10000')
    db.prepare('VACUUM INTO ?').run(target)
  } finally {
    db.close()
  }
  const check = integrityCheck(target)
  if (check !== 'ok') throw new Error(`备份的数据库未通过完整性检查：${check}`)
  const uploads = path.join(folder, UPLOADS)
  mkdirSync(uploads)
  copyStoredUploads(uploadDir, uploads)
  const files = readdirSync(uploads).length
  const bytes = statSync(target).size
  const manifest = { createdAt: now.toISOString(), database: DB_NAME, bytes, uploads: files }
  writeFileSync(path.join(folder, 'backup.json'), JSON.stringify(manifest, null, 2) + '\n')
  return { folder, bytes, files }
}

/** restores a backup folder into a stopped instance; what it replaces is kept beside it, renamed */
export function restore(folder: string, dbFile: string, uploadDir: string, now = new Date()): { keptAs: string } {
  const source = path.join(path.resolve(folder), DB_NAME)
  if (!existsSync(source)) throw new Error(`不是备份文件夹（没有 ${DB_NAME}）：${folder}`)
  const pid = runningServerPid(dbFile)
  if (pid) throw new Error(`服务器正在运行（进程 ${pid}），请先停止再恢复。`)
  const check = integrityCheck(source)
  if (check !== 'ok') throw new Error(`备份的数据库未通过完整性检查：${check}`)

  const keptAs = `${dbFile}.before-restore-${stamp(now)}`
  mkdirSync(path.dirname(dbFile), { recursive: true })
  // the old write-ahead log must not be replayed onto the restored file: it goes aside with the database
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(dbFile + suffix)) renameSync(dbFile + suffix, keptAs + suffix)
  cpSync(source, dbFile)
  const uploads = path.join(path.resolve(folder), UPLOADS)
  if (existsSync(uploadDir)) renameSync(uploadDir, `${uploadDir}.before-restore-${stamp(now)}`)
  mkdirSync(uploadDir, { recursive: true })
  if (existsSync(uploads)) cpSync(uploads, uploadDir, { recursive: true })
  return { keptAs }
}


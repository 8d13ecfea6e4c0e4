import { accessSync, constants, mkdirSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { storageFault } from '../lib/storage.ts'

/**
 * Before start-up: can the database be written, and the upload folder? One line saying what is wrong, or null.
 * The probe rewrites the header's user_version with its own value: a real write that changes nothing.
 */
export function storageProblem(dbFile: string | null, uploadDir: string): string | null {
  if (dbFile) try {
    mkdirSync(path.dirname(dbFile), { recursive: true })
    const db = new Database(dbFile)
    try {
      db.pragma(`user_version = ${Number(db.pragma('user_version', { simple: true }))}`)
    } finally {
      db.close()
    }
  } catch (err) {
    const fault = storageFault(err)
    const reason =
      fault === 'full' ? '磁盘空间已满'
      : fault === 'readonly' ? '文件或所在文件夹只读（检查权限和挂载方式）'
      : fault === 'io' ? `读写出错（${(err as Error).message}）`
      : `无法打开（${(err as Error).message}）`
    return `启动失败：数据库 ${dbFile} ${reason}。`
  }
  try {
    mkdirSync(uploadDir, { recursive: true })
    accessSync(uploadDir, constants.W_OK)
  } catch (err) {
    return `启动失败：上传文件夹 ${uploadDir} 不可写（${(err as NodeJS.ErrnoException).code ?? (err as Error).message}）。`
  }
  return null
}

// npm run backup / restore on PostgreSQL: pg_dump's custom format (consistent while every instance runs) and
// the shared uploads folder, in the same folder layout as the SQLite backup.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { copyStoredUploads } from './service.ts'

const DUMP = 'openday.dump'
const stamp = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')

export function backupPostgres(url: string, uploadDir: string, destRoot: string, now = new Date()) {
  const folder = path.join(path.resolve(destRoot), `openday-${stamp(now)}`)
  if (existsSync(folder)) throw new Error(`备份文件夹已存在：${folder}`)
  mkdirSync(path.join(folder, 'uploads'), { recursive: true })
  const target = path.join(folder, DUMP)
  execFileSync('pg_dump', ['--format=custom', '--no-owner', `--file=${target}`, `--dbname=${url}`], { stdio: 'inherit' })
  copyStoredUploads(uploadDir, path.join(folder, 'uploads'))
  const files = readdirSync(path.join(folder, 'uploads')).length
  const bytes = statSync(target).size
  writeFileSync(path.join(folder, 'backup.json'), JSON.stringify({ createdAt: now.toISOString(), database: DUMP, bytes, uploads: files }, null, 2) + '\n')
  return { folder, bytes, files }
}

/** into an empty (newly created) database, every instance stopped; the uploads folder is kept aside, renamed */
export function restorePostgres(folder: string, url: string, uploadDir: string, now = new Date()): void {
  const source = path.join(path.resolve(folder), DUMP)
  if (!existsSync(source)) throw new Error(`不是 PostgreSQL 备份文件夹（没有 ${DUMP}）：${folder}`)
  execFileSync('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${url}`, source], { stdio: 'inherit' })
  if (existsSync(uploadDir)) renameSync(uploadDir, `${uploadDir}.before-restore-${stamp(now)}`)
  mkdirSync(uploadDir, { recursive: true })
  const uploads = path.join(path.resolve(folder), 'uploads')
  if (existsSync(uploads)) cpSync(uploads, uploadDir, { recursive: true })
}

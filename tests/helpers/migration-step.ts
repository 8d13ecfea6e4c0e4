// One SQLite migration tested on its own: a database migrated up to it, then that migration alone.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'

const dir = path.resolve(import.meta.dirname, '../../prisma/migrations')
const sql = (folder: string) => readFileSync(path.join(dir, folder, 'migration.sql'), 'utf8')

/** an in-memory database migrated up to (not including) the migration `*_${name}`; `apply` runs that one */
export function beforeMigration(name: string): { db: Database.Database; apply: () => void } {
  const folders = readdirSync(dir).filter((d) => /^\d/.test(d)).sort()
  const ours = folders.findIndex((d) => d.endsWith(`_${name}`))
  if (ours < 0) throw new Error(`no migration *_${name}`)
  const db = new Database(':memory:')
  for (const folder of folders.slice(0, ours)) db.exec(sql(folder))
  return { db, apply: () => db.exec(sql(folders[ours])) }
}

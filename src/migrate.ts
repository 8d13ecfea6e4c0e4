import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import Database from 'better-sqlite3'
import { isPostgresUrl } from './lib/database-url.ts'
import { migratePostgres } from './migrate-pg.ts'

const projectRoot = path.resolve(import.meta.dirname, '..')

/** the file of a file: URL, resolved like SQLite does (relative to the working directory) */
function sqliteFile(url: string): string | null {
  const file = url.replace(/^file:/, '').split('?')[0]
  return file && file !== ':memory:' ? path.resolve(file) : null
}

/** each committed migration folder with the SHA-256 of its migration.sql (what Prisma stores as the checksum) */
function committedMigrations(root: string): Map<string, string> {
  const dir = path.join(root, 'prisma', 'migrations')
  const found = new Map<string, string>()
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const sql = path.join(dir, entry.name, 'migration.sql')
    if (entry.isDirectory() && existsSync(sql)) found.set(entry.name, createHash('sha256').update(readFileSync(sql)).digest('hex'))
  }
  return found
}

/** a short hash of the committed migrations (names and checksums): equal for two checkouts with the same schema */
export function migrationsFingerprint(root = projectRoot): string {
  return createHash('sha256').update(JSON.stringify([...committedMigrations(root)])).digest('hex').slice(0, 16)
}

/** true when `_prisma_migrations` holds every committed folder, finished, not rolled back, with the same checksum */
export function isUpToDate(file: string, root = projectRoot): boolean {
  if (!existsSync(file)) return false
  const sqlite = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get()
    if (!table) return false
    const rows = sqlite
      .prepare('SELECT migration_name AS name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')
      .all() as { name: string; checksum: string }[]
    const applied = new Map(rows.map((r) => [r.name, r.checksum]))
    return [...committedMigrations(root)].every(([name, checksum]) => applied.get(name) === checksum)
  } finally {
    sqlite.close()
  }
}

/**
 * Applies committed migrations with Prisma's JS schema engine (no native download). The CLI costs seconds,
 * so it only runs when the database lacks a migration; returns what happened.
 */
export function migrate(databaseUrl: string, root = projectRoot): 'applied' | 'up-to-date' {
  const file = sqliteFile(databaseUrl)
  if (file) {
    mkdirSync(path.dirname(file), { recursive: true })
    if (isUpToDate(file, root)) return 'up-to-date'
  }
  const cli = createRequire(import.meta.url).resolve('prisma/build/index.js')
  try {
    execFileSync(process.execPath, [cli, 'migrate', 'deploy'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
  } catch (err) {
    // Prisma's chatter is only worth showing when the migration failed
    const e = err as { stdout?: Buffer; stderr?: Buffer }
    process.stderr.write(`${e.stdout ?? ''}${e.stderr ?? ''}`)
    throw err
  }
  return 'applied'
}

/** the provider's migrations: SQLite's through Prisma's CLI, PostgreSQL's (prisma/pg) through src/migrate-pg.ts */
export async function migrateDatabase(databaseUrl: string, root = projectRoot): Promise<'applied' | 'up-to-date'> {
  return isPostgresUrl(databaseUrl) ? migratePostgres(databaseUrl, root) : migrate(databaseUrl, root)
}

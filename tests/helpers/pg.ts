// OPENDAY_TEST_DB=pg: each test file gets a fresh PostgreSQL database, created from a template database migrated
// once per migration history (CREATE DATABASE … TEMPLATE copies files: fast). The server named by OPENDAY_PG_URL
// (default: the openday role on localhost) must let that role create databases.
import { createHash } from 'node:crypto'
import path from 'node:path'
import pg from 'pg'
import { committedPgMigrations, migratePostgres } from '../../src/migrate-pg.ts'

const root = path.resolve(import.meta.dirname, '../..')
export const adminUrl = process.env.OPENDAY_PG_URL ?? 'postgresql://openday:openday@localhost:5432/openday'
export const testingPostgres = process.env.OPENDAY_TEST_DB === 'pg'

/** the URL of database `name` on the tests' server */
export const urlOf = (name: string): string => {
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/** runs `work` on one connection to `url` */
export async function onPostgres<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return await work(c)
  } finally {
    await c.end()
  }
}
const admin = <T>(work: (c: pg.Client) => Promise<T>) => onPostgres(adminUrl, work)

/** the URL of a database that does not exist yet (decided at once: modules loaded beside ours read the URL) */
export const newPostgresUrl = (): string => urlOf(`openday_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`)

/** creates the database of `url`, migrated; C collation sorts text by code point, as SQLite does */
export async function createPostgresDatabase(url: string): Promise<void> {
  const history = JSON.stringify(committedPgMigrations(root).map((m) => [m.name, m.checksum]))
  const template = `openday_tpl_${createHash('sha256').update(history).digest('hex').slice(0, 12)}`
  const name = new URL(url).pathname.slice(1)
  await admin(async (c) => {
    await c.query('SELECT pg_advisory_lock(72170018)')
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [template])
    if (!rowCount) {
      await c.query(`CREATE DATABASE "${template}_new" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'`)
      await migratePostgres(urlOf(`${template}_new`), root)
      await c.query(`ALTER DATABASE "${template}_new" RENAME TO "${template}"`)
    }
    await c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`)
    await c.query('SELECT pg_advisory_unlock(72170018)')
  })
}

/**
 * Drops a test file's database. FORCE cannot end a backend of another role (e.g. autovacuum working on it), so a
 * refusal is retried for a few seconds; a database still busy after that is left behind with a warning: cleanup
 * never fails the tests it follows.
 */
export async function dropPostgresDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1)
  for (let attempt = 1; ; attempt++) {
    try {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
      return
    } catch (err) {
      if (attempt === 10) return void console.warn(`test database ${name} left behind: ${(err as Error).message}`)
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  }
}

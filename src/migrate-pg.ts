import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'

/**
 * Applies prisma/pg/migrations to a PostgreSQL database, recorded in Prisma's own `_prisma_migrations` table with
 * Prisma's checksums. Prisma 6.19's WebAssembly schema engine cannot read PostgreSQL's catalogs through the
 * driver adapter (prisma/orm#27403), so this small runner stands in for `prisma migrate deploy`. Instances
 * starting together take turns (an advisory lock); each migration runs in one transaction.
 */
const LOCK = 72_170_017
const TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`

const pgMigrationsDir = (root: string): string => path.join(root, 'prisma', 'pg', 'migrations')

/** the committed PostgreSQL migrations in order, with Prisma's checksum (SHA-256 of migration.sql) */
export function committedPgMigrations(root: string): { name: string; sql: string; checksum: string }[] {
  const dir = pgMigrationsDir(root)
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'))
      return { name, sql: sql.toString('utf8'), checksum: createHash('sha256').update(sql).digest('hex') }
    })
}

export async function migratePostgres(url: string, root: string): Promise<'applied' | 'up-to-date'> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK])
    await client.query(TABLE)
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    )
    const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]))
    let ran = 0
    for (const m of committedPgMigrations(root)) {
      const done = applied.get(m.name)
      if (done === m.checksum) continue
      if (done) throw new Error(`migration ${m.name} changed after it was applied to this database (see README: Migrations)`)
      await client.query('BEGIN')
      try {
        await client.query(m.sql)
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES (gen_random_uuid(), $1, $2, now(), 1)`,
          [m.checksum, m.name],
        )
        await client.query('COMMIT')
      } catch (err) {
        await client.query('ROLLBACK')
        throw err
      }
      ran++
    }
    return ran ? 'applied' : 'up-to-date'
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK]).catch(() => undefined)
    await client.end()
  }
}

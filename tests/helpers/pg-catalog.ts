// PostgreSQL databases of their own for the migration tests, and what a database's tables look like (columns,
// indexes, constraints, triggers) read from the catalogs: Prisma 6.19 cannot introspect through the driver adapter
// (prisma/orm#27403), so two databases are compared by these rows.
import { adminUrl, onPostgres, urlOf } from './pg.ts'

/** false when no server answers (the tests that need one skip then, unless CI is set) */
export const postgresReachable = (): Promise<boolean> => onPostgres(adminUrl, async () => true).catch(() => false)

/** a new empty database (UTF-8, C collation as the tests' template); returns its URL and a drop */
export async function scratchDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `openday_m_${label}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
  const options = `TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'`
  await onPostgres(adminUrl, (c) => c.query(`CREATE DATABASE "${name}" ${options}`))
  const drop = async () => {
    await onPostgres(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
  }
  return { url: urlOf(name), drop }
}

// what schema.prisma cannot describe: the migration runner's table and the PostgreSQL-only rate-limit counters
const NOT_PRISMA = `('_prisma_migrations', 'RateLimit')`

/** one line per column, index and constraint of the public schema's tables, sorted */
export async function tableCatalog(url: string): Promise<string[]> {
  const { rows } = await onPostgres(url, (c) =>
    c.query<{ line: string }>(`
      SELECT concat_ws(' ', 'column', table_name, column_name, data_type, udt_name, is_nullable, column_default,
                       character_maximum_length, numeric_precision) AS line
        FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT IN ${NOT_PRISMA}
      UNION ALL
      SELECT concat_ws(' ', 'index', tablename, indexname, indexdef) FROM pg_indexes
       WHERE schemaname = 'public' AND tablename NOT IN ${NOT_PRISMA}
      UNION ALL
      SELECT concat_ws(' ', 'constraint', t.relname, k.conname, pg_get_constraintdef(k.oid))
        FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
       WHERE k.connamespace = 'public'::regnamespace AND t.relname NOT IN ${NOT_PRISMA}`),
  )
  return rows.map((r) => r.line).sort()
}

/** trigger name → its table, of the user's triggers */
export async function triggerTables(url: string): Promise<Map<string, string>> {
  const { rows } = await onPostgres(url, (c) =>
    c.query<{ name: string; t: string }>(
      `SELECT g.tgname::text AS name, t.relname::text AS t
         FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid WHERE NOT g.tgisinternal`,
    ),
  )
  return new Map(rows.map((r) => [r.name, r.t]))
}

// OPENDAY_BENCH_DB=pg (or both): the bench's SQLite files copied row for row into fresh PostgreSQL databases (same
// data, same ids), so `npm run bench` measures the same pages on either database, or on both side by side.
// OPENDAY_PG_URL names a role with CREATEDB.
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { migratePostgres } from '../src/migrate-pg.ts'

export type Engine = 'SQLite' | 'PostgreSQL'
const ENGINES: Record<string, Engine[]> = { '': ['SQLite'], sqlite: ['SQLite'], pg: ['PostgreSQL'], both: ['SQLite', 'PostgreSQL'] }
/** OPENDAY_BENCH_DB: unset (or sqlite), pg, or both (each database's pages on SQLite, then on its PostgreSQL copy) */
export const benchEngines: Engine[] = (() => {
  const engines = ENGINES[process.env.OPENDAY_BENCH_DB ?? '']
  if (!engines) throw new Error(`OPENDAY_BENCH_DB must be sqlite, pg or both, got ${JSON.stringify(process.env.OPENDAY_BENCH_DB)}`)
  return engines
})()
const adminUrl = process.env.OPENDAY_PG_URL ?? 'postgresql://openday:openday@localhost:5432/openday'
const BATCH = 500

const urlOf = (name: string) => Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString()

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl })
  await c.connect()
  await c.query(sql).finally(() => c.end())
}

/** SQLite's stored value as PostgreSQL takes it: 0/1 for booleans, instants given as milliseconds */
function convert(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null
  if (type === 'boolean') return value === 1 || value === true
  if (type.startsWith('timestamp') && typeof value === 'number') return new Date(value).toISOString()
  return typeof value === 'bigint' ? value.toString() : value
}

/** a new database `openday_bench_<name>` holding the file's rows; its URL */
export async function postgresCopy(file: string, name: string): Promise<string> {
  const db = `openday_bench_${name}`
  await admin(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`)
  await admin(`CREATE DATABASE "${db}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'`)
  const url = urlOf(db)
  await migratePostgres(url, path.resolve(import.meta.dirname, '..'))
  const sqlite = new Database(file, { readonly: true, fileMustExist: true })
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows: columns } = await client.query<{ t: string; c: string; type: string }>(
      "SELECT table_name AS t, column_name AS c, data_type AS type FROM information_schema.columns WHERE table_schema = current_schema()",
    )
    const types = new Map(columns.map((c) => [`${c.t}.${c.c}`, c.type]))
    const tables = [...new Set(columns.map((c) => c.t))].filter((t) => t !== '_prisma_migrations' && t !== 'RateLimit')
    // foreign keys are dropped and made again around the copy (rows go in table by table), triggers wait
    const { rows: keys } = await client.query<{ t: string; name: string; def: string }>(
      "SELECT conrelid::regclass::text AS t, conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE contype = 'f'",
    )
    await client.query('BEGIN')
    for (const k of keys) await client.query(`ALTER TABLE ${k.t} DROP CONSTRAINT "${k.name}"`)
    for (const t of tables) await client.query(`ALTER TABLE "${t}" DISABLE TRIGGER USER`)
    await client.query(`TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')}`)
    for (const t of tables) {
      const rows = sqlite.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[]
      const names = rows.length ? Object.keys(rows[0]!) : []
      for (let at = 0; at < rows.length; at += BATCH) {
        const batch = rows.slice(at, at + BATCH)
        const values = batch.flatMap((r) => names.map((n) => convert(r[n], types.get(`${t}.${n}`) ?? 'text')))
        const tuples = batch.map((_, i) => `(${names.map((_n, j) => `$${i * names.length + j + 1}`).join(', ')})`)
        await client.query(`INSERT INTO "${t}" (${names.map((n) => `"${n}"`).join(', ')}) VALUES ${tuples.join(', ')}`, values)
      }
      if (names.includes('id')) await client.query(`SELECT setval(pg_get_serial_sequence('"${t}"', 'id'), coalesce((SELECT max("id") FROM "${t}"), 1))`)
    }
    for (const t of tables) await client.query(`ALTER TABLE "${t}" ENABLE TRIGGER USER`)
    for (const k of keys) await client.query(`ALTER TABLE ${k.t} ADD CONSTRAINT "${k.name}" ${k.def}`)
    await client.query('COMMIT')
    await client.query('ANALYZE')
  } finally {
    sqlite.close()
    await client.end()
  }
  return url
}

/** a count read at once (the bench's checks are synchronous): psql, the parameters written in as literals */
export function psqlCount(url: string, sql: string, params: unknown[]): number {
  let i = 0
  const literal = (p: unknown) => (typeof p === 'number' ? String(p) : `'${String(p).replace(/'/g, "''")}'`)
  const text = sql.replace(/\?/g, () => literal(params[i++]))
  return Number(execFileSync('psql', ['-tAc', text, url], { encoding: 'utf8' }).trim())
}

import { AsyncLocalStorage } from 'node:async_hooks'
import pg from 'pg'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from './generated/prisma-pg/client.ts'

/**
 * The PostgreSQL side of the database module (src/db.ts picks it for DATABASE_URL=postgresql://…). The hot
 * statements written by hand go through a small pool of their own: autocommit, so they see committed rows only,
 * as the SQLite reader does. They are written once for both databases: quoted identifiers, `?` placeholders.
 */
const TIMESTAMP = 1114
const INT8 = 20
// as better-sqlite3 hands them over: instants as ISO text (stored in UTC), counts as numbers
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMP ? (v: string) => `${v.replace(' ', 'T')}Z`
    : oid === INT8 ? (v: string) => Number(v)
    : pg.types.getTypeParser(oid, format),
}

let pool: pg.Pool | null = null
let url = ''
const counting = process.env.OPENDAY_COUNT_SQL === '1'
let sent = 0
export const sqlStatements = (): number => sent

type Adapter = Awaited<ReturnType<PrismaPg['connect']>>
type Queries = Pick<Adapter, 'queryRaw' | 'executeRaw'>
const LOCK = { sql: 'SELECT pg_advisory_xact_lock(72170019)', args: [], argTypes: [] }

/** counts the statements Prisma sends when OPENDAY_COUNT_SQL=1 (the bench reads them) */
function counted<T extends Queries>(q: T): T {
  if (!counting) return q
  const [query, execute] = [q.queryRaw.bind(q), q.executeRaw.bind(q)]
  q.queryRaw = (...a) => (sent++, query(...a))
  q.executeRaw = (...a) => (sent++, execute(...a))
  return q
}

const noTurn = new AsyncLocalStorage<boolean>()
/** `work`'s transactions skip the turn below: only for writes that unique constraints alone keep right */
export const withoutTurn = <T>(work: () => Promise<T>): Promise<T> => noTurn.run(true, work)

/**
 * Write transactions take turns, as they do on SQLite (one writer at a time): the services were written for
 * that (e.g. two phones signing in one member: the second sees the first's row). Reads and single statements
 * outside a transaction still run side by side, on every instance, and so do transactions begun `withoutTurn`.
 */
class SerialPg extends PrismaPg {
  override async connect(): Promise<Adapter> {
    const adapter = counted(await super.connect())
    const start = adapter.startTransaction.bind(adapter)
    adapter.startTransaction = async (isolationLevel) => {
      const tx = counted(await start(isolationLevel))
      if (!noTurn.getStore()) await tx.executeRaw(LOCK)
      return tx
    }
    return adapter
  }
}

export function createClient(databaseUrl: string): PrismaClient {
  url = databaseUrl
  // a transaction may wait its turn behind a room's worth of others (Prisma's default: 2 s)
  return new PrismaClient({ adapter: new SerialPg({ connectionString: databaseUrl }), transactionOptions: { maxWait: 15_000, timeout: 15_000 } })
}

const connection = () => (pool ??= new pg.Pool({ connectionString: url, max: 4, types }))

/** `?` placeholders (as SQLite takes them) numbered the PostgreSQL way */
export const numbered = (sql: string): string => {
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}

const texts = new Map<string, string>()
async function query(sql: string, params: unknown[]): Promise<pg.QueryResult> {
  let text = texts.get(sql)
  if (!text) texts.set(sql, (text = numbered(sql)))
  if (counting) sent++
  return connection().query(text, params)
}

/** every row of a statement's result */
export const rows = async <T>(sql: string, ...params: unknown[]): Promise<T[]> => (await query(sql, params)).rows as T[]

export const readRow = async <T>(sql: string, ...params: unknown[]): Promise<T | undefined> => (await query(sql, params)).rows[0] as T | undefined

/** one write statement on its own (autocommit): the number of rows it changed */
export const runWrite = async (sql: string, ...params: unknown[]): Promise<number> => (await query(sql, params)).rowCount ?? 0

/** a statement outside a transaction never sees another's uncommitted rows here: every mark is equal */
export const quietMark = (): number => 0

/** the JSON text column's integer field, as SQL */
export const jsonInt = (column: string, key: string): string => `(${column}::jsonb ->> '${key}')::int`

/** a real write that changes nothing (a standby refuses it with 25006, a full disk with 53100) */
export async function writeProbe(): Promise<void> {
  await connection().query('CREATE TEMP TABLE IF NOT EXISTS openday_probe (x int); INSERT INTO openday_probe VALUES (1); TRUNCATE openday_probe')
}

export async function closePool(): Promise<void> {
  await pool?.end()
  pool = null
}

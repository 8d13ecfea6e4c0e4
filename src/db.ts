import type { PrismaClient } from './generated/prisma/client.ts'
import { config } from './config.ts'
import { isPostgresUrl } from './lib/database-url.ts'
import * as sqlite from './sqlite.ts'

/**
 * The database module: the Prisma client and the few statements written by hand for hot paths, behind one
 * interface whatever the provider. DATABASE_URL=postgresql://… selects PostgreSQL (src/postgres.ts), file:… SQLite
 * (src/sqlite.ts). Statements written by hand take quoted identifiers and `?` placeholders, valid on both.
 */
export const postgres = isPostgresUrl(config.DATABASE_URL)
const pg = postgres ? await import('./postgres.ts') : null

// the PostgreSQL client has the same models and methods; its type is the SQLite one's superset
export const db: PrismaClient = pg
  ? (pg.createClient(config.DATABASE_URL) as unknown as PrismaClient)
  : new (await import('./generated/prisma/client.ts')).PrismaClient({ adapter: new sqlite.TrackedSQLite3({ url: config.DATABASE_URL }) })

export type Db = typeof db
/** the client handed to a $transaction callback */
export type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0]

/** one row of committed data, or undefined */
export const readRow: <T>(sql: string, ...params: unknown[]) => Promise<T | undefined> = pg
  ? pg.readRow
  : async <T>(sql: string, ...params: unknown[]) => sqlite.readRow<T>(sql, ...params)

/** a read statement: call it with the parameters, get the first row or undefined */
export function readStatement<P extends unknown[], R>(sql: string): (...params: P) => Promise<R | undefined> {
  return (...params: P) => readRow<R>(sql, ...params)
}

/** one write statement on its own, outside any transaction: the rows it changed, or null when it cannot run
 *  that way now (SQLite: a Prisma transaction is open on the shared connection) and the caller uses Prisma */
export const runAlone = async (sql: string, ...params: unknown[]): Promise<number | null> =>
  pg ? pg.runWrite(sql, ...params) : (sqlite.runWhenIdle(sql, ...params)?.changes ?? null)

/** a transaction that needs no turn behind the other writers: on PostgreSQL it takes no global advisory lock,
 *  so only for writes that unique constraints alone keep right (SQLite's one writer takes turns anyway) */
export const transactionWithoutTurn = <T>(work: (tx: Tx) => Promise<T>): Promise<T> =>
  pg ? pg.withoutTurn(() => db.$transaction(work)) : db.$transaction(work)

/** PostgreSQL only (null on SQLite): a statement's rows, run alone on the hand-written statements' pool */
export const sharedQuery: (<T>(sql: string, ...params: unknown[]) => Promise<T[]>) | null = pg ? pg.rows : null

/** a hand-written statement's text for Prisma's $queryRawUnsafe / $executeRawUnsafe */
export const rawSql = (sql: string): string => (pg ? pg.numbered(sql) : sql)

/** a write a unique index refused (Prisma's P2002 on both databases): a double submit another request won */
export const isUniqueViolation = (err: unknown): boolean => (err as { code?: string } | null)?.code === 'P2002'

/** a sub-select's share lock on PostgreSQL, so under READ COMMITTED it waits for an uncommitted change of the row
 *  and reads its new version; nothing on SQLite, whose one writer already sees the latest row in the same statement */
export const shareLock = (): string => (pg ? ' FOR SHARE' : '')

/** SQL reading an integer field of a JSON text column */
export const jsonInt = (column: string, key: string): string => (pg ? pg.jsonInt(column, key) : `json_extract(${column}, '$.${key}')`)

export const quietMark = (): number | null => (pg ? pg.quietMark() : sqlite.quietMark())
/** statements sent to the database, counted only when OPENDAY_COUNT_SQL=1 */
export const sqlStatements = (): number => (pg ? pg.sqlStatements() : sqlite.sqlStatements())
export const sqlInstant = sqlite.sqlInstant

/** SQLite: write-ahead logging, so readers never wait for a writer and commits skip most fsyncs */
export async function tuneDatabase(): Promise<void> {
  if (pg) return
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL')
  await db.$executeRawUnsafe('PRAGMA synchronous = NORMAL')
  await db.$executeRawUnsafe('PRAGMA busy_timeout = 5000')
}

/** a cheap real write through the app's own connection that changes nothing */
export async function writeProbe(): Promise<void> {
  if (pg) return pg.writeProbe()
  const [row] = await db.$queryRawUnsafe<{ user_version: bigint | number }[]>('PRAGMA user_version')
  await db.$executeRawUnsafe(`PRAGMA user_version = ${Number(row!.user_version)}`)
}

export async function disconnect(): Promise<void> {
  await Promise.all([db.$disconnect(), pg?.closePool()])
}

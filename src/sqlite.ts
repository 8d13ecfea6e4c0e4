import type { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import Database from 'better-sqlite3'
import { config } from './config.ts'
import { SafeBetterSQLite3 } from './db-adapter.ts'

/**
 * Prepared statements beside Prisma, for the few hot paths where Prisma 6.19's ~600 µs a query is the measured
 * cost (a prepared statement: ~13 µs). Reads go through a second, read-only connection, so they only ever see
 * committed rows; the one hot write (an observer's comment) runs on Prisma's own connection while no Prisma
 * transaction is open on it.
 */
let reader: Database.Database | null = null
const statements = new Map<string, Database.Statement>()

// SQL statements sent to SQLite, counted only when OPENDAY_COUNT_SQL=1 (the bench reads it over IPC)
const counting = process.env.OPENDAY_COUNT_SQL === '1'
let sent = 0
export const sqlStatements = (): number => sent

function statement(sql: string): Database.Statement {
  let s = statements.get(sql)
  if (!s) {
    const file = config.DATABASE_URL.replace(/^file:/, '').split('?')[0]!
    reader ??= new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 })
    statements.set(sql, (s = reader.prepare(sql)))
  }
  if (counting) sent++
  return s
}

/** one row of committed data, or undefined */
export const readRow = <T>(sql: string, ...params: unknown[]): T | undefined => statement(sql).get(...params) as T | undefined

/** a prepared read-only statement: call it with the parameters, get the first row or undefined */
export function readStatement<P extends unknown[], R>(sql: string): (...params: P) => R | undefined {
  return (...params: P) => readRow<R>(sql, ...params)
}

// ---- Prisma's own connection -----------------------------------------------------------------------

let prismaConnection: Database.Database | null = null
const writes = new Map<string, Database.Statement>()
/** counts transactions begun on Prisma's connection (see `quietMark`) */
let begun = 0

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3['connect']>>

const COUNTED = new Set(['queryRaw', 'executeRaw', 'executeScript', 'startTransaction'])

/** the driver adapter (and its transactions), counting every statement it runs */
function countedAdapter<T extends object>(target: T): T {
  return new Proxy(target, {
    get(t, key) {
      const value = Reflect.get(t, key, t)
      if (typeof value !== 'function') return value
      if (!COUNTED.has(String(key))) return value.bind(t)
      return async (...args: unknown[]) => {
        sent++
        const result = await value.apply(t, args)
        return key === 'startTransaction' ? countedAdapter(result) : result
      }
    },
  })
}

/** the adapter src/db.ts hands Prisma: the same driver, remembering its connection and counting transactions */
export class TrackedSQLite3 extends SafeBetterSQLite3 {
  override async connect(): Promise<Adapter> {
    const adapter = await super.connect()
    prismaConnection = (adapter as unknown as { client: Database.Database }).client
    const start = adapter.startTransaction.bind(adapter)
    adapter.startTransaction = (...args) => {
      begun++
      return start(...args)
    }
    return counting ? countedAdapter(adapter) : adapter
  }
}

/** runs one write statement on Prisma's connection at once when no Prisma transaction is open on it;
 *  null when one is (or Prisma has not connected yet), and the caller goes through Prisma instead */
export function runWhenIdle(sql: string, ...params: unknown[]): Database.RunResult | null {
  if (!prismaConnection || prismaConnection.inTransaction) return null
  let s = writes.get(sql)
  if (!s) writes.set(sql, (s = prismaConnection.prepare(sql)))
  if (counting) sent++
  return s.run(...params)
}

/**
 * Prisma's queries outside a transaction share its connection and so can see a transaction's uncommitted rows.
 * A value computed between two equal marks (and no transaction open at the first) saw committed data only.
 */
export function quietMark(): number | null {
  return prismaConnection?.inTransaction ? null : begun
}

/** an instant as the adapter stores it (ISO 8601 with +00:00), for statements written by hand */
export const sqlInstant = (d: Date): string => d.toISOString().replace('Z', '+00:00')

import Database from 'better-sqlite3'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaClient } from './generated/prisma/client.ts'
import { config } from './config.ts'

// SQL statements sent to SQLite, counted only when OPENDAY_COUNT_SQL=1 (the bench reads it over IPC)
const counting = process.env.OPENDAY_COUNT_SQL === '1'
let statements = 0
export const sqlStatements = (): number => statements

const COUNTED = new Set(['queryRaw', 'executeRaw', 'executeScript', 'startTransaction'])

/** the driver adapter (and its transactions), counting every statement it runs */
function counted<T extends object>(target: T): T {
  return new Proxy(target, {
    get(t, key) {
      const value = Reflect.get(t, key, t)
      if (typeof value !== 'function') return value
      if (!COUNTED.has(String(key))) return value.bind(t)
      return async (...args: unknown[]) => {
        statements++
        const result = await value.apply(t, args)
        return key === 'startTransaction' ? counted(result) : result
      }
    },
  })
}

function adapter() {
  const factory = new PrismaBetterSQLite3({ url: config.DATABASE_URL })
  if (!counting) return factory
  const connect = factory.connect.bind(factory)
  return Object.assign(factory, { connect: async () => counted(await connect()) })
}

export const db = new PrismaClient({ adapter: adapter() })

export type Db = typeof db
/** the client handed to a $transaction callback */
export type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0]

/** write-ahead logging: readers never wait for a writer, and commits skip most fsyncs */
export async function tuneDatabase(): Promise<void> {
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL')
  await db.$executeRawUnsafe('PRAGMA synchronous = NORMAL')
  await db.$executeRawUnsafe('PRAGMA busy_timeout = 5000')
}

// A second connection for prepared reads on the hottest paths (Prisma costs ~600 µs a query, a prepared
// statement ~13 µs). Reads only: a synchronous write here could wait on a Prisma transaction that holds
// the lock across an await, and that transaction cannot finish while the event loop waits.
let reader: Database.Database | null = null

function readConnection(): Database.Database {
  reader ??= new Database(config.DATABASE_URL.replace(/^file:/, '').split('?')[0], { fileMustExist: true, timeout: 5000 })
  return reader
}

/** a prepared read-only statement: call it with the parameters, get the first row or undefined */
export function readStatement<P extends unknown[], R>(sql: string): (...params: P) => R | undefined {
  let stmt: Database.Statement<P, R> | null = null
  return (...params: P) => {
    stmt ??= readConnection().prepare<P, R>(sql)
    if (counting) statements++
    return stmt.get(...params)
  }
}

import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import type { SqlDriverAdapter, Transaction } from '@prisma/driver-adapter-utils'

/**
 * Prisma ends a transaction with a COMMIT or ROLLBACK query and only then releases the adapter's lock. When
 * SQLite has already rolled back by itself (SQLITE_FULL does), that query fails, the lock is never released and
 * every later transaction waits forever. Here a failed end still releases the lock (and a failed COMMIT rolls back).
 */
function releaseOnFailedEnd(tx: Transaction): Transaction {
  const execute = tx.executeRaw.bind(tx)
  tx.executeRaw = async (query) => {
    if (query.sql !== 'COMMIT' && query.sql !== 'ROLLBACK') return execute(query)
    try {
      return await execute(query)
    } catch (err) {
      if (query.sql === 'COMMIT') await execute({ ...query, sql: 'ROLLBACK' }).catch(() => undefined)
      await tx.rollback()
      if (query.sql === 'ROLLBACK') return 0 // nothing left to roll back: the statement's own error is reported
      throw err
    }
  }
  return tx
}

/** the better-sqlite3 adapter whose transactions survive a full or read-only disk */
export class SafeBetterSQLite3 extends PrismaBetterSQLite3 {
  override async connect(): Promise<SqlDriverAdapter> {
    const adapter = await super.connect()
    const start = adapter.startTransaction.bind(adapter)
    adapter.startTransaction = async (isolationLevel) => releaseOnFailedEnd(await start(isolationLevel))
    return adapter
  }
}

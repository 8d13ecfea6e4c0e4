import { SafeBetterSQLite3 } from './db-adapter.ts'
import { PrismaClient } from './generated/prisma/client.ts'
import { config } from './config.ts'

export const db = new PrismaClient({ adapter: new SafeBetterSQLite3({ url: config.DATABASE_URL }) })

export type Db = typeof db
/** the client handed to a $transaction callback */
export type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0]

/** write-ahead logging: readers never wait for a writer, and commits skip most fsyncs */
export async function tuneDatabase(): Promise<void> {
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL')
  await db.$executeRawUnsafe('PRAGMA synchronous = NORMAL')
  await db.$executeRawUnsafe('PRAGMA busy_timeout = 5000')
}

// Import this first in an integration test file: it points the app at a fresh SQLite file (one per test file),
// or with OPENDAY_TEST_DB=pg a fresh PostgreSQL database, applies the migrations, then loads the app.
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after } from 'node:test'
import { migratedCopy } from './migrated.ts'
import { createPostgresDatabase, dropPostgresDatabase, newPostgresUrl, testingPostgres } from './pg.ts'

const file = path.join(os.tmpdir(), `openday-test-${process.pid}-${randomBytes(4).toString('hex')}.db`)
process.env.DATABASE_URL = testingPostgres ? newPostgresUrl() : `file:${file}`
process.env.NODE_ENV = 'test'
process.env.SESSION_SECRET ??= 'test-session-secret-0123456789'
if (testingPostgres) await createPostgresDatabase(process.env.DATABASE_URL)
else migratedCopy(file)

const { buildApp } = await import('../../src/app.ts')
const database = await import('../../src/db.ts')
export const { db } = database
export const app = buildApp()

after(async () => {
  await database.disconnect()
  if (testingPostgres) await dropPostgresDatabase(process.env.DATABASE_URL!)
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true })
})

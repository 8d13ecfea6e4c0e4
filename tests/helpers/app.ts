// Import this first in an integration test file: it points the app at a fresh SQLite file
// (one per test file), applies the migrations, then loads the app.
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after } from 'node:test'
import { migratedCopy } from './migrated.ts'

const file = path.join(os.tmpdir(), `openday-test-${process.pid}-${randomBytes(4).toString('hex')}.db`)
process.env.DATABASE_URL = `file:${file}`
process.env.NODE_ENV = 'test'
process.env.SESSION_SECRET ??= 'test-session-secret-0123456789'
migratedCopy(file)

const { buildApp } = await import('../../src/app.ts')
export const { db } = await import('../../src/db.ts')
export const app = buildApp()

after(async () => {
  await db.$disconnect()
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true })
})

import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, it } from 'node:test'

// the driver Prisma's adapter uses (no @types package here: just the calls this test makes)
type Statement = { run: (...args: unknown[]) => unknown; all: () => unknown[] }
type Sqlite = { exec: (sql: string) => void; prepare: (sql: string) => Statement; close: () => void }
const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => Sqlite

const dir = path.resolve(import.meta.dirname, '../../prisma/migrations')
const migration = readdirSync(dir).find((d) => d.endsWith('_dues_register'))!
const sql = readFileSync(path.join(dir, migration, 'migration.sql'), 'utf8')

describe('the dues register migration', () => {
  it("keeps the dues segment's old total and payers as legacy figures, and touches nothing else", () => {
    const db = new Database(':memory:')
    db.exec('CREATE TABLE "Segment" ("id" INTEGER PRIMARY KEY, "kind" TEXT, "record" TEXT)')
    const insert = db.prepare('INSERT INTO "Segment" ("kind", "record") VALUES (?, ?)')
    for (const [kind, record] of [['dues', '{"totalFen":128050,"payers":8}'], ['dues', '{"totalFen":null,"payers":8}'], ['dues', '{}'], ['dues', 'not json'], ['oath', '{"totalFen":5}']]) insert.run(kind, record)
    db.exec(sql.slice(sql.indexOf('-- Data migration')))
    const rows = db.prepare('SELECT "kind", "record" FROM "Segment" ORDER BY "id"').all() as { kind: string; record: string }[]
    assert.deepEqual(rows.map((r) => r.record), [
      '{"legacyTotalFen":128050,"legacyPayers":8}',
      '{"legacyTotalFen":null,"legacyPayers":8}',
      '{}',
      'not json',
      '{"totalFen":5}',
    ])
    db.close()
  })
})

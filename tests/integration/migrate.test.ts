// The start-up short-cut: the Prisma CLI (seconds) runs only when the database lacks a committed migration.
import { cpSync, mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import Database from 'better-sqlite3'
import { isUpToDate, migrate } from '../../src/migrate.ts'

const repo = path.resolve(import.meta.dirname, '../..')
const tmp = mkdtempSync(path.join(os.tmpdir(), 'openday-migrate-'))
after(() => rmSync(tmp, { recursive: true, force: true }))

/** a project root of its own (schema, config, migrations) so a test can add a migration folder */
function projectCopy(name: string): string {
  const root = path.join(tmp, name)
  mkdirSync(root)
  cpSync(path.join(repo, 'prisma'), path.join(root, 'prisma'), { recursive: true })
  cpSync(path.join(repo, 'prisma.config.ts'), path.join(root, 'prisma.config.ts'))
  symlinkSync(path.join(repo, 'node_modules'), path.join(root, 'node_modules'))
  return root
}

function tables(file: string): string[] {
  const sqlite = new Database(file, { readonly: true })
  const rows = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
  sqlite.close()
  return rows.map((t) => t.name)
}

describe('migrate', () => {
  test('an empty database is migrated, then a migrated one skips the CLI', () => {
    const file = path.join(tmp, 'fresh.db')
    assert.equal(migrate(`file:${file}`), 'applied')
    assert.ok(tables(file).includes('OpenDay'))
    assert.equal(isUpToDate(file), true)
    assert.equal(migrate(`file:${file}`), 'up-to-date')
  })

  test('a new migration folder is still applied', () => {
    const root = projectCopy('newer')
    const file = path.join(tmp, 'newer.db')
    assert.equal(migrate(`file:${file}`, root), 'applied')
    const folder = path.join(root, 'prisma', 'migrations', '29991231000000_probe')
    mkdirSync(folder)
    writeFileSync(path.join(folder, 'migration.sql'), 'CREATE TABLE "Probe" ("id" INTEGER NOT NULL PRIMARY KEY);\n')
    assert.equal(isUpToDate(file, root), false)
    assert.equal(migrate(`file:${file}`, root), 'applied')
    assert.ok(tables(file).includes('Probe'))
    assert.equal(migrate(`file:${file}`, root), 'up-to-date')
  })

  test('a migration whose recorded checksum differs hands over to the CLI', () => {
    const file = path.join(tmp, 'changed.db')
    migrate(`file:${file}`)
    const sqlite = new Database(file)
    sqlite.prepare("UPDATE _prisma_migrations SET checksum = 'x' WHERE migration_name = (SELECT MIN(migration_name) FROM _prisma_migrations)").run()
    sqlite.close()
    assert.equal(isUpToDate(file), false)
  })

  test('an unfinished migration is not up to date', () => {
    const file = path.join(tmp, 'unfinished.db')
    migrate(`file:${file}`)
    const sqlite = new Database(file)
    sqlite.prepare('UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = (SELECT MAX(migration_name) FROM _prisma_migrations)').run()
    sqlite.close()
    assert.equal(isUpToDate(file), false)
  })
})

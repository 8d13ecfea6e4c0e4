// One schema, two migration histories (README: Migrations). Without a PostgreSQL server the parts that need one
// skip, unless CI is set.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import Database from 'better-sqlite3'
import { cacheTriggers } from '../../src/cache/triggers.ts'
import { migrate } from '../../src/migrate.ts'
import { migratePostgres } from '../../src/migrate-pg.ts'
import { onPostgres, adminUrl } from '../helpers/pg.ts'
import { startServer } from '../helpers/server.ts'
import { postgresReachable, scratchDatabase, tableCatalog, triggerTables } from '../helpers/pg-catalog.ts'

const repo = path.resolve(import.meta.dirname, '../..')
const tmp = mkdtempSync(path.join(os.tmpdir(), 'openday-history-'))
after(() => rmSync(tmp, { recursive: true, force: true }))
const cli = createRequire(import.meta.url).resolve('prisma/build/index.js')

// prisma/pg/migrations/0_init is recorded by this checksum in deployed databases: it never changes
const INIT_SHA256 = '748313185a728a6e01c2c6381e4c7129cd5f271b5539dcb27b50f5f7e0fab98a'
// the last SQLite migration 0_init covers; every later one has a PostgreSQL folder of the same name
const BASELINE_LAST = '20261203103434_dashboard_versions'

const folders = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')
const withoutFirstLine = (file: string) => readFileSync(file, 'utf8').replace(/^.*\n/, '')

/** a project of its own (git repository, prisma/, the config, the script) where a test may change the schema */
function projectCopy(name: string): string {
  const root = path.join(tmp, name)
  mkdirSync(path.join(root, 'scripts'), { recursive: true })
  cpSync(path.join(repo, 'prisma'), path.join(root, 'prisma'), { recursive: true })
  cpSync(path.join(repo, 'prisma.config.ts'), path.join(root, 'prisma.config.ts'))
  cpSync(path.join(repo, 'scripts', 'pg-schema.mjs'), path.join(root, 'scripts', 'pg-schema.mjs'))
  symlinkSync(path.join(repo, 'node_modules'), path.join(root, 'node_modules'))
  return root
}
const git = (root: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd: root, stdio: 'pipe' })

describe('the two migration histories', () => {
  test('0_init is unchanged history', () => {
    assert.equal(sha256(path.join(repo, 'prisma/pg/migrations/0_init/migration.sql')), INIT_SHA256)
  })

  test('every SQLite migration after the baseline has a PostgreSQL folder of the same name, and the other way round', () => {
    const sqlite = folders(path.join(repo, 'prisma/migrations'))
    assert.ok(sqlite.includes(BASELINE_LAST))
    const later = sqlite.filter((n) => n > BASELINE_LAST)
    const pg = folders(path.join(repo, 'prisma/pg/migrations')).filter((n) => n !== '0_init')
    assert.deepEqual(pg, later, 'run node scripts/pg-schema.mjs --migration <folder> for each missing one')
    for (const n of pg) assert.ok(existsSync(path.join(repo, 'prisma/pg/migrations', n, 'migration.sql')), n)
  })

  test('no PostgreSQL migration still holds untranslated data SQL', () => {
    for (const n of folders(path.join(repo, 'prisma/pg/migrations'))) {
      assert.doesNotMatch(readFileSync(path.join(repo, 'prisma/pg/migrations', n, 'migration.sql'), 'utf8'), /-- TODO data SQL/, n)
    }
  })

  test('prisma/pg/schema.prisma is written from schema.prisma, and the PostgreSQL history has caught up with it', () => {
    const root = projectCopy('schema')
    execFileSync(process.execPath, ['scripts/pg-schema.mjs'], { cwd: root })
    const written = path.join(root, 'prisma/pg/schema.prisma')
    assert.equal(readFileSync(path.join(repo, 'prisma/pg/schema.prisma'), 'utf8'), readFileSync(written, 'utf8'), 'run node scripts/pg-schema.mjs')
    assert.equal(withoutFirstLine(path.join(repo, 'prisma/pg/migrated.prisma')), withoutFirstLine(written), 'a schema change without its PostgreSQL migration')
  })
})

describe('the PostgreSQL history on a server', () => {
  let reachable = false
  before(async () => {
    reachable = await postgresReachable()
    assert.ok(reachable || !process.env.CI, 'CI needs a PostgreSQL server (OPENDAY_PG_URL)')
  })
  const dropped: (() => Promise<void>)[] = []
  after(() => Promise.all(dropped.map((drop) => drop())))
  const database = async (label: string) => {
    const db = await scratchDatabase(label)
    dropped.push(db.drop)
    return db.url
  }

  test('a database migrated through the whole history has the tables prisma/pg/schema.prisma describes and the listed triggers', async (t) => {
    if (!reachable) return t.skip('no PostgreSQL server (OPENDAY_PG_URL)')
    const migrated = await database('history')
    assert.equal(await migratePostgres(migrated, repo), 'applied')
    const fresh = await database('fresh')
    const sql = execFileSync(process.execPath, [cli, 'migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/pg/schema.prisma', '--script'], {
      cwd: repo,
      env: { ...process.env, DATABASE_URL: adminUrl },
      encoding: 'utf8',
    })
    await onPostgres(fresh, (c) => c.query(sql))
    const [have, want] = [await tableCatalog(migrated), await tableCatalog(fresh)]
    assert.ok(want.length > 300)
    assert.deepEqual(have, want)
    const triggers = await triggerTables(migrated)
    const listed = cacheTriggers()
    assert.deepEqual([...triggers.keys()].sort(), [...listed.keys()].sort())
    for (const [name, sqlite] of listed) assert.match(sqlite, new RegExp(` ON "${triggers.get(name)}"`), name)
  })

  test('start-up applies the later migrations to a database deployed at 0_init, its data kept', async (t) => {
    if (!reachable) return t.skip('no PostgreSQL server (OPENDAY_PG_URL)')
    const atInit = projectCopy('at-init')
    for (const n of folders(path.join(atInit, 'prisma/pg/migrations')).filter((n) => n !== '0_init')) {
      rmSync(path.join(atInit, 'prisma/pg/migrations', n), { recursive: true })
    }
    const url = await database('start')
    await migratePostgres(url, atInit)
    await onPostgres(url, (c) => c.query(`INSERT INTO "Branch" ("name", "updatedAt") VALUES ('第一支部', CURRENT_TIMESTAMP)`))
    const server = await startServer({ DATABASE_URL: url })
    await server.stop()
    const { rows } = await onPostgres(url, (c) => c.query('SELECT migration_name FROM "_prisma_migrations" ORDER BY 1'))
    assert.deepEqual(rows.map((r) => r.migration_name), folders(path.join(repo, 'prisma/pg/migrations')))
    const full = await database('full')
    await migratePostgres(full, repo)
    assert.deepEqual(await tableCatalog(url), await tableCatalog(full))
    assert.deepEqual((await onPostgres(url, (c) => c.query('SELECT "name" FROM "Branch"'))).rows, [{ name: '第一支部' }])
  })

  test('npm run db:migration writes both migrations from one change; each applies on its database with the data kept', async (t) => {
    if (!reachable) return t.skip('no PostgreSQL server (OPENDAY_PG_URL)')
    const root = projectCopy('tool')
    git(root, 'init', '-q')
    git(root, 'add', '-A')
    git(root, 'commit', '-qm', 'before')
    const schema = path.join(root, 'prisma/schema.prisma')
    writeFileSync(schema, readFileSync(schema, 'utf8').replace(/(model Branch \{\n)/, '$1  motto String?\n') + '\nmodel Probe {\n  id        Int @id @default(autoincrement())\n  openDayId Int\n}\n')
    const env = { ...process.env, DATABASE_URL: `file:${path.join(root, 'dev.db')}`, OPENDAY_PG_URL: adminUrl }
    execFileSync('bash', ['prisma/new-migration.sh', 'probe'], { cwd: root, env, stdio: 'pipe' })
    const [name] = folders(path.join(root, 'prisma/migrations')).filter((n) => n.endsWith('_probe'))
    assert.ok(name, 'the SQLite migration')
    const pgFile = path.join(root, 'prisma/pg/migrations', name, 'migration.sql')
    let pgSql = readFileSync(pgFile, 'utf8')
    assert.match(pgSql, /ALTER TABLE "Branch" ADD COLUMN\s+"motto" TEXT/)
    assert.match(pgSql, /CREATE TABLE "Probe"/)
    assert.doesNotMatch(pgSql, /TRIGGER/, 'no trigger changed')

    // the developer adds a data statement and the new table's cache triggers, drops one of 0_init's, then writes
    // the PostgreSQL migration again
    const sqliteFile = path.join(root, 'prisma/migrations', name, 'migration.sql')
    const probeTriggers = [...cacheTriggers().values()].filter((t) => / ON "Attendee"/.test(t)).map((t) => `${t.replaceAll('Attendee', 'Probe')};\n`)
    const added = `UPDATE "Branch" SET "motto" = '为民' WHERE "motto" IS NULL;\n${probeTriggers.join('')}DROP TRIGGER "Attendee_bump_delete";\n`
    writeFileSync(sqliteFile, `${readFileSync(sqliteFile, 'utf8')}\n${added}`)
    const again = execFileSync(process.execPath, ['scripts/pg-schema.mjs', '--migration', name], { cwd: root, env, stdio: 'pipe', encoding: 'utf8' })
    assert.match(again, /3 triggers created, 1 dropped/)
    pgSql = readFileSync(pgFile, 'utf8')
    assert.match(pgSql, /CREATE TABLE "Probe"/, 'still diffed from the committed history')
    assert.match(pgSql, /-- TODO data SQL[^\n]*\n-- UPDATE "Branch" SET "motto" = '为民'/)
    writeFileSync(pgFile, pgSql.replace(/-- TODO data SQL[^\n]*\n-- (UPDATE[^\n]*)/, '$1'))

    // SQLite: a database at the previous state takes the new migration
    const file = path.join(tmp, 'previous.db')
    migrate(`file:${file}`, repo)
    const sqlite = new Database(file)
    sqlite.prepare(`INSERT INTO "Branch" ("name", "updatedAt") VALUES ('第一支部', CURRENT_TIMESTAMP)`).run()
    sqlite.close()
    assert.equal(migrate(`file:${file}`, root), 'applied')
    const after = new Database(file, { readonly: true })
    assert.deepEqual(after.prepare('SELECT "name", "motto" FROM "Branch"').all(), [{ name: '第一支部', motto: '为民' }])
    assert.equal((after.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'Probe'`).get() as { n: number }).n, 3)
    after.close()

    // PostgreSQL: a database at the previous state takes it through start-up's runner, once
    const url = await database('tool')
    await migratePostgres(url, repo)
    await onPostgres(url, async (c) => {
      await c.query(`INSERT INTO "Branch" ("name", "updatedAt") VALUES ('第一支部', CURRENT_TIMESTAMP)`)
      await c.query(`INSERT INTO "OpenDay" ("branchId", "theme", "startsAt", "endsAt", "place", "updatedAt", "observerToken", "signInToken")
                     SELECT "id", '主题', now(), now(), '活动室', now(), 'o', 's' FROM "Branch"`)
    })
    assert.equal(await migratePostgres(url, root), 'applied')
    assert.equal(await migratePostgres(url, root), 'up-to-date')
    const rows = await onPostgres(url, (c) => c.query('SELECT "name", "motto" FROM "Branch"'))
    assert.deepEqual(rows.rows, [{ name: '第一支部', motto: '为民' }])
    const bumped = await onPostgres(url, async (c) => {
      await c.query('INSERT INTO "Probe" ("openDayId") SELECT "id" FROM "OpenDay"')
      return (await c.query('SELECT "dataVersion" FROM "OpenDay"')).rows
    })
    assert.deepEqual(bumped, [{ dataVersion: 1 }], 'the new table\'s trigger bumps its open day')
    const triggers = await triggerTables(url)
    assert.deepEqual([...triggers].filter(([, t]) => t === 'Probe').map(([n]) => n).sort(), ['Probe_bump_delete', 'Probe_bump_insert', 'Probe_bump_update'])
    assert.equal(triggers.has('Attendee_bump_delete'), false)
    const functions = await onPostgres(url, (c) => c.query(`SELECT 1 FROM pg_proc WHERE proname = 'Attendee_bump_delete_fn'`))
    assert.equal(functions.rowCount, 0, 'its function went with it')

    assert.equal(sha256(path.join(root, 'prisma/pg/migrations/0_init/migration.sql')), INIT_SHA256)
    assert.equal(withoutFirstLine(path.join(root, 'prisma/pg/migrated.prisma')), withoutFirstLine(path.join(root, 'prisma/pg/schema.prisma')))
    // once committed, a PostgreSQL migration is history: the tool refuses to write it again
    git(root, 'add', '-A')
    git(root, 'commit', '-qm', 'probe')
    assert.throws(() => execFileSync(process.execPath, ['scripts/pg-schema.mjs', '--migration', name], { cwd: root, env, stdio: 'pipe' }), /is committed/)
  })
})

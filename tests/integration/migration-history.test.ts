// One schema, two migration histories (README: Migrations). Without a PostgreSQL server the parts that need one
// skip, unless CI is set.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync,
} from 'node:fs'
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

/** a project of its own (prisma/, the config, the scripts, the trigger list) where a test may change the schema */
function projectCopy(name: string): string {
  const root = path.join(tmp, name)
  mkdirSync(path.join(root, 'scripts'), { recursive: true })
  cpSync(path.join(repo, 'prisma'), path.join(root, 'prisma'), { recursive: true })
  cpSync(path.join(repo, 'prisma.config.ts'), path.join(root, 'prisma.config.ts'))
  cpSync(path.join(repo, 'scripts', 'pg-schema.mjs'), path.join(root, 'scripts', 'pg-schema.mjs'))
  cpSync(path.join(repo, 'src', 'cache'), path.join(root, 'src', 'cache'), { recursive: true })
  symlinkSync(path.join(repo, 'node_modules'), path.join(root, 'node_modules'))
  return root
}
const git = (root: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd: root, stdio: 'pipe' })
const pgSchemaScript = (root: string, env: NodeJS.ProcessEnv, ...args: string[]) =>
  execFileSync(process.execPath, ['scripts/pg-schema.mjs', ...args], {
    cwd: root, env, encoding: 'utf8', stdio: 'pipe',
  })
const pgFolder = (root: string, name: string) => path.join(root, 'prisma/pg/migrations', name)
const A_BRANCH = `INSERT INTO "Branch" ("name", "updatedAt") VALUES ('第一支部', CURRENT_TIMESTAMP)`
const NO_SERVER = 'no PostgreSQL server (OPENDAY_PG_URL)'

describe('the two migration histories', () => {
  test('0_init is unchanged history', () => {
    assert.equal(sha256(path.join(pgFolder(repo, '0_init'), 'migration.sql')), INIT_SHA256)
  })

  test('each SQLite migration after the baseline has a PostgreSQL folder of that name, and the other way round', () => {
    const sqlite = folders(path.join(repo, 'prisma/migrations'))
    assert.ok(sqlite.includes(BASELINE_LAST))
    const later = sqlite.filter((n) => n > BASELINE_LAST)
    const pg = folders(path.join(repo, 'prisma/pg/migrations')).filter((n) => n !== '0_init')
    assert.deepEqual(pg, later, 'run node scripts/pg-schema.mjs --migration <folder> for each missing one')
    for (const n of pg) assert.ok(existsSync(path.join(pgFolder(repo, n), 'migration.sql')), n)
  })

  test('no PostgreSQL migration still holds untranslated data SQL', () => {
    for (const n of folders(path.join(repo, 'prisma/pg/migrations'))) {
      assert.doesNotMatch(readFileSync(path.join(pgFolder(repo, n), 'migration.sql'), 'utf8'), /-- TODO data SQL/, n)
    }
  })

  test('prisma/pg/schema.prisma is written from schema.prisma, and the PostgreSQL history caught up with it', () => {
    const root = projectCopy('schema')
    pgSchemaScript(root, process.env)
    const written = path.join(root, 'prisma/pg/schema.prisma')
    const committed = path.join(repo, 'prisma/pg/schema.prisma')
    assert.equal(readFileSync(committed, 'utf8'), readFileSync(written, 'utf8'), 'run node scripts/pg-schema.mjs')
    const migrated = withoutFirstLine(path.join(repo, 'prisma/pg/migrated.prisma'))
    assert.equal(migrated, withoutFirstLine(written), 'a schema change without its PostgreSQL migration')
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

  test('the whole history builds the tables prisma/pg/schema.prisma describes and the listed triggers', async (t) => {
    if (!reachable) return t.skip(NO_SERVER)
    const migrated = await database('history')
    assert.equal(await migratePostgres(migrated, repo), 'applied')
    const fresh = await database('fresh')
    const args = ['migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/pg/schema.prisma', '--script']
    const sql = execFileSync(process.execPath, [cli, ...args], {
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
    if (!reachable) return t.skip(NO_SERVER)
    const atInit = projectCopy('at-init')
    for (const n of folders(path.join(atInit, 'prisma/pg/migrations')).filter((n) => n !== '0_init')) {
      rmSync(pgFolder(atInit, n), { recursive: true })
    }
    const url = await database('start')
    await migratePostgres(url, atInit)
    await onPostgres(url, (c) => c.query(A_BRANCH))
    const server = await startServer({ DATABASE_URL: url })
    await server.stop()
    const { rows } = await onPostgres(url, (c) => c.query('SELECT migration_name FROM _prisma_migrations ORDER BY 1'))
    assert.deepEqual(rows.map((r) => r.migration_name), folders(path.join(repo, 'prisma/pg/migrations')))
    const full = await database('full')
    await migratePostgres(full, repo)
    assert.deepEqual(await tableCatalog(url), await tableCatalog(full))
    const branches = await onPostgres(url, (c) => c.query('SELECT "name" FROM "Branch"'))
    assert.deepEqual(branches.rows, [{ name: '第一支部' }])
  })

  test('start-up refuses a migration that changed after it was applied', async (t) => {
    if (!reachable) return t.skip(NO_SERVER)
    const root = projectCopy('changed')
    const url = await database('changed')
    await migratePostgres(url, root)
    const last = folders(path.join(root, 'prisma/pg/migrations')).at(-1)!
    writeFileSync(path.join(pgFolder(root, last), 'migration.sql'), '-- edited\n', { flag: 'a' })
    await assert.rejects(migratePostgres(url, root), new RegExp(`migration ${last} changed after it was applied`))
  })

  test('npm run db:migration writes both migrations from one change; each applies with the data kept', async (t) => {
    if (!reachable) return t.skip(NO_SERVER)
    const root = projectCopy('tool')
    git(root, 'init', '-q')
    git(root, 'add', '-A')
    git(root, 'commit', '-qm', 'before')
    const schema = path.join(root, 'prisma/schema.prisma')
    // a new column, a new table, and a new default, which SQLite can only make by redefining the table
    const probe = '\nmodel Probe {\n  id        Int @id @default(autoincrement())\n  openDayId Int\n}\n'
    const changed = readFileSync(schema, 'utf8')
      .replace(/(model Branch \{\n)/, '$1  motto String?\n')
      .replace(/(model Attendee \{[^}]*\n  kind +String)/, '$1 @default("guest")')
    assert.match(changed, /@default\("guest"\)/)
    writeFileSync(schema, changed + probe)
    const env = { ...process.env, DATABASE_URL: `file:${path.join(root, 'dev.db')}`, OPENDAY_PG_URL: adminUrl }
    execFileSync('bash', ['prisma/new-migration.sh', 'probe'], { cwd: root, env, stdio: 'pipe' })
    const [name] = folders(path.join(root, 'prisma/migrations')).filter((n) => n.endsWith('_probe'))
    assert.ok(name, 'the SQLite migration')
    const sqliteFile = path.join(root, 'prisma/migrations', name, 'migration.sql')
    assert.match(readFileSync(sqliteFile, 'utf8'), /RENAME TO "Attendee";[\s\S]*CREATE TRIGGER "Attendee_bump_insert"/)
    const pgFile = path.join(pgFolder(root, name), 'migration.sql')
    let pgSql = readFileSync(pgFile, 'utf8')
    assert.match(pgSql, /ALTER TABLE "Branch" ADD COLUMN\s+"motto" TEXT/)
    assert.match(pgSql, /CREATE TABLE "Probe"/)
    assert.match(pgSql, /ALTER TABLE "Attendee" ALTER COLUMN "kind" SET DEFAULT 'guest'/)
    assert.doesNotMatch(pgSql, /TRIGGER/, 'SQLite put the redefined table\'s triggers back; PostgreSQL kept them')

    // the developer adds a data statement and the new table's cache triggers, drops one of 0_init's, then writes
    // the PostgreSQL migration again
    const probeTriggers = [...cacheTriggers().values()].filter((t) => / ON "Attendee"/.test(t))
    const added = [
      `UPDATE "Branch" SET "motto" = '为民' WHERE "motto" IS NULL;`,
      ...probeTriggers.map((t) => `${t.replaceAll('Attendee', 'Probe')};`),
      'DROP TRIGGER "Attendee_bump_delete";',
    ]
    writeFileSync(sqliteFile, `${readFileSync(sqliteFile, 'utf8')}\n${added.join('\n')}\n`)
    const again = pgSchemaScript(root, env, '--migration', name)
    assert.match(again, /3 triggers created, 1 dropped/)
    pgSql = readFileSync(pgFile, 'utf8')
    assert.match(pgSql, /CREATE TABLE "Probe"/, 'still diffed from the committed history')
    assert.match(pgSql, /-- TODO data SQL[^\n]*\n-- UPDATE "Branch" SET "motto" = '为民'/)
    writeFileSync(pgFile, pgSql.replace(/-- TODO data SQL[^\n]*\n-- (UPDATE[^\n]*)/, '$1'))

    // SQLite: a database at the previous state takes the new migration
    const file = path.join(tmp, 'previous.db')
    migrate(`file:${file}`, repo)
    const sqlite = new Database(file)
    sqlite.prepare(A_BRANCH).run()
    sqlite.close()
    assert.equal(migrate(`file:${file}`, root), 'applied')
    const after = new Database(file, { readonly: true })
    assert.deepEqual(after.prepare('SELECT "name", "motto" FROM "Branch"').all(), [{ name: '第一支部', motto: '为民' }])
    const probeCount = after.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?`)
    assert.deepEqual(probeCount.get('Probe'), { n: 3 })
    after.close()

    // PostgreSQL: a database at the previous state takes it through start-up's runner, once
    const url = await database('tool')
    await migratePostgres(url, repo)
    await onPostgres(url, async (c) => {
      await c.query(A_BRANCH)
      const columns = '"branchId", "theme", "startsAt", "endsAt", "place", "updatedAt", "observerToken", "signInToken"'
      await c.query(`INSERT INTO "OpenDay" (${columns})
                     SELECT "id", 't', now(), now(), 'p', now(), 'o', 's' FROM "Branch"`)
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
    const onProbe = [...triggers].filter(([, t]) => t === 'Probe').map(([n]) => n)
    assert.deepEqual(onProbe.sort(), ['Probe_bump_delete', 'Probe_bump_insert', 'Probe_bump_update'])
    assert.equal(triggers.has('Attendee_bump_delete'), false)
    const gone = `SELECT FROM pg_proc WHERE proname = 'Attendee_bump_delete_fn'`
    const functions = await onPostgres(url, (c) => c.query(gone))
    assert.equal(functions.rowCount, 0, 'its function went with it')

    assert.equal(sha256(path.join(pgFolder(root, '0_init'), 'migration.sql')), INIT_SHA256)
    const pgPrisma = (f: string) => withoutFirstLine(path.join(root, 'prisma/pg', `${f}.prisma`))
    assert.equal(pgPrisma('migrated'), pgPrisma('schema'))
    // once committed, a PostgreSQL migration is history: the tool refuses to write it again
    git(root, 'add', '-A')
    git(root, 'commit', '-qm', 'probe')
    assert.throws(() => pgSchemaScript(root, env, '--migration', name), /is committed/)
  })
})

import { jpeg, storedFiles, upload, createSegment, uploadDir } from '../helpers/photos.ts'
import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { db } from '../helpers/app.ts'
import { createOpenDay } from '../helpers/factories.ts'
import { loginAsSecretary } from '../helpers/http.ts'
import { postgres, tuneDatabase } from '../../src/db.ts'
import { databaseFile, pidFile } from '../../src/backup/service.ts'

const root = path.resolve(import.meta.dirname, '../..')
const dbFile = databaseFile(process.env.DATABASE_URL!)
const dest = mkdtempSync(path.join(os.tmpdir(), 'openday-backups-'))
after(() => {
  rmSync(dest, { recursive: true, force: true })
  if (!postgres) for (const f of readdirSync(path.dirname(dbFile))) if (f.startsWith(`${path.basename(dbFile)}.`)) rmSync(path.join(path.dirname(dbFile), f), { force: true })
  for (const f of readdirSync(path.dirname(uploadDir))) if (f.startsWith(`${path.basename(uploadDir)}.before-restore`)) rmSync(path.join(path.dirname(uploadDir), f), { recursive: true, force: true })
})

/** the npm script's command, with this test's database and upload folder */
function run(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) =>
    execFile(process.execPath, ['--import', 'tsx', 'src/backup/cli.ts', ...args], { cwd: root, env: process.env }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr }),
    ),
  )
}

const branchNames = (file: string) => {
  const conn = new Database(file, { readonly: true })
  try {
    return (conn.prepare('SELECT name FROM Branch').all() as { name: string }[]).map((r) => r.name)
  } finally {
    conn.close()
  }
}

describe('npm run backup / npm run restore', { skip: postgres && 'SQLite file backup (PostgreSQL: pg_dump, see README)' }, () => {
  it('snapshots the live database and uploads, then restores exactly that state into a stopped instance', async () => {
    await tuneDatabase() // write-ahead log, as the server runs
    const { agent, branchId } = await loginAsSecretary()
    const openDay = await createOpenDay(branchId, { status: 'held' })
    const segment = await createSegment(db, openDay.id)
    assert.equal((await upload(agent, openDay.id, segment.id, { filename: '合影.jpg', bytes: await jpeg(400, 300) })).status, 302)
    await db.branch.create({ data: { name: '备份前党支部' } })

    // a plain file copy misses what is still in the write-ahead log
    const copy = path.join(dest, 'copy.db')
    copyFileSync(dbFile, copy)
    assert.equal(branchNames(copy).includes('备份前党支部'), false, 'the finding: a file copy lacks the latest commit')

    // back up while the app keeps writing
    let writing = true
    const writes = (async () => {
      // better-sqlite3 answers synchronously: yield to the event loop between writes so the command's exit is seen
      for (let i = 0; writing; i++) {
        await db.member.create({ data: { branchId, name: `并发${i}` } })
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    })()
    const made = await run('backup', dest)
    writing = false
    await writes
    assert.equal(made.code, 0, made.out)
    assert.match(made.out, /备份完成：.*上传文件 2 个/)
    const folder = readdirSync(dest).find((f) => f.startsWith('openday-'))!
    assert.match(folder, /^openday-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/)

    await db.branch.create({ data: { name: '备份后党支部' } })
    writeFileSync(pidFile(dbFile), String(process.pid))
    const refused = await run('restore', path.join(dest, folder))
    assert.equal(refused.code, 1)
    assert.match(refused.out, /服务器正在运行（进程 \d+），请先停止再恢复。/)

    // stop, restore, start again
    await db.$disconnect()
    rmSync(pidFile(dbFile))
    const photos = storedFiles()
    rmSync(path.join(uploadDir, photos[0]))
    const restored = await run('restore', path.join(dest, folder))
    assert.equal(restored.code, 0, restored.out)
    const names = branchNames(dbFile)
    assert.ok(names.includes('备份前党支部'))
    assert.equal(names.includes('备份后党支部'), false)
    assert.deepEqual(storedFiles(), photos)
    const conn = new Database(dbFile, { readonly: true })
    assert.equal(conn.pragma('integrity_check', { simple: true }), 'ok')
    conn.close()
    assert.ok(existsSync(restored.out.match(/原来的数据库已改名为 ([^\s。]+)。/)![1]))
    assert.equal((await db.branch.count({ where: { name: '备份前党支部' } })), 1, 'the app reads the restored file')
  })
})

// The server as a child process receiving uploads on real disks: a 96 MB study material raises its peak memory
// (VmHWM) by far less than the file, because the upload streams to disk (multer's memory storage held all of it);
// an UPLOAD_DIR that fills up mid-upload answers 503 and keeps no part of the file.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { hashPassword } from '../../src/lib/password.ts'
import { Client } from '../helpers/browser-client.ts'
import { PASSWORD } from '../helpers/factories.ts'
import { csrfOf } from '../helpers/http.ts'
import { multipartUpload } from '../helpers/multipart.ts'
import { testingPostgres } from '../helpers/pg.ts'
import { openDb, startServer, type Server } from '../helpers/server.ts'

const MB = 1024 * 1024
const dir = mkdtempSync(path.join(os.tmpdir(), 'openday-uploads-on-disk-'))
const url = `file:${path.join(dir, 'openday.db')}`
const servers: Server[] = []
after(async () => {
  await Promise.all(servers.map((s) => s.stop()))
  rmSync(dir, { recursive: true, force: true })
})

/** the process's peak resident memory so far, in MB */
const peakMb = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024

/** an office login and a held open day with one segment, made in the child's database */
async function prepare() {
  const db = await openDb(url)
  try {
    const user = await db.user.create({ data: { username: `office-${servers.length}`, displayName: '机关党办', role: 'office', passwordHash: await hashPassword(PASSWORD) } })
    const branch = await db.branch.create({ data: { name: `测试党支部${servers.length}` } })
    const openDay = await db.openDay.create({ data: { branchId: branch.id, theme: '测试开放日', place: '活动室', status: 'held', startsAt: new Date(), endsAt: new Date() } })
    const segment = await db.segment.create({ data: { openDayId: openDay.id, position: 1, kind: 'study', title: '集体学习', plannedMinutes: 20 } })
    return { user, openDay, segment }
  } finally {
    await db.$disconnect()
  }
}

/** a server on `uploads`, logged in as the office, and a way to send it a text material of `mb` MB in 1 MB chunks */
async function uploader(uploads: string) {
  const server = await startServer({ DATABASE_URL: url, UPLOAD_DIR: uploads, UPLOAD_MAX_MB: '100' })
  servers.push(server)
  const { user, openDay, segment } = await prepare()
  const client = new Client()
  await client.submit(`${server.url}/login`, `${server.url}/login`, { username: user.username, password: PASSWORD })
  const csrf = csrfOf((await client.request(`${server.url}/open-days/${openDay.id}/record`)).text)
  const send = async (filename: string, mb: number) => {
    const chunk = Buffer.alloc(MB, `${filename}：学习笔记。\n`)
    const upload = multipartUpload(`${server.url}/open-days/${openDay.id}/segments/${segment.id}/attachments`, {
      cookie: client.cookieHeader(),
      fields: { _csrf: csrf, kind: 'material', caption: '' },
      filename,
      contentType: 'text/plain',
      size: mb * MB,
    })
    const hash = createHash('sha256')
    for (let i = 0; i < mb; i++) {
      hash.update(chunk)
      await upload.send(chunk)
    }
    return { reply: await upload.end(), sha256: hash.digest('hex') }
  }
  return { server, send }
}

const rowOf = async (id: number) => {
  const db = await openDb(url)
  return db.attachment.findUniqueOrThrow({ where: { id } }).finally(() => db.$disconnect())
}

describe('uploads on a real disk', { skip: testingPostgres && 'the same on both databases: runs in the SQLite pass' }, () => {
  it('a 96 MB upload is streamed to disk: the server’s peak memory grows by much less than the file', async () => {
    const uploads = path.join(dir, 'uploads')
    const { server, send } = await uploader(uploads)
    // a small one first, so what the first upload loads is in the baseline
    assert.equal((await send('warm-up.txt', 2)).reply.status, 200)
    const before = peakMb(server.child.pid!)
    const big = await send('big.txt', 96)
    const grown = peakMb(server.child.pid!) - before
    assert.equal(big.reply.status, 200, big.reply.text)

    const row = await rowOf((JSON.parse(big.reply.text) as { id: number }).id)
    assert.deepEqual([row.bytes, row.sha256], [96 * MB, big.sha256])
    assert.equal(statSync(path.join(uploads, row.storedName)).size, 96 * MB)
    // measured: it levels off near 32 MB (chunks already written wait for the garbage collector); held whole, the
    // file alone would be 96 MB
    assert.ok(grown < 48, `peak memory grew by ${grown.toFixed(1)} MB for a 96 MB upload`)
  })

  const small = path.join(dir, 'small-uploads')
  mkdirSync(small)
  // root can mount a 4 MB tmpfs here; elsewhere this runs in CI (as root)
  const mounted = process.getuid?.() === 0 && (() => {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', small], { stdio: 'ignore' })
      return true
    } catch {
      return false
    }
  })()
  after(() => mounted && execFileSync('umount', [small]))

  it('an UPLOAD_DIR that fills up mid-upload answers 503 “存储空间不足” and keeps no part of the file', { skip: !mounted && 'needs root and a tmpfs mount' }, async () => {
    const { send } = await uploader(small)
    const full = await send('too-big.txt', 6)
    assert.equal(full.reply.status, 503, full.reply.text)
    assert.equal((JSON.parse(full.reply.text) as { error: string }).error, '服务器存储空间不足，请联系管理员。')
    assert.deepEqual(readdirSync(path.join(small, '.incoming')), [])
    // the space came back: a file that fits is stored
    const fits = await send('fits.txt', 2)
    assert.equal(fits.reply.status, 200, fits.reply.text)
    assert.equal((await rowOf((JSON.parse(fits.reply.text) as { id: number }).id)).sha256, fits.sha256)
  })
})

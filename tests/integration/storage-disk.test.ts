// The server as a child process on storage that fails for real: a read-only database file at start-up, and a
// full disk (a tiny tmpfs, where this machine lets root mount one) while observers comment.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { migrate } from '../../src/migrate.ts'
import { openDayTakingComments, startServer } from '../helpers/server.ts'

const isRoot = process.getuid?.() === 0

/** root ignores file permissions but not a read-only mount: bind the folder onto itself, read-only */
function tryReadOnlyBind(dir: string): boolean {
  try {
    execFileSync('mount', ['--bind', dir, dir], { stdio: 'ignore' })
    execFileSync('mount', ['-o', 'remount,ro,bind', dir], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

function tryMount(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

describe('start-up on a read-only database file', () => {
  it('stops with one line saying so, no stack trace', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'openday-ro-'))
    let bound = false
    try {
      const url = `file:${path.join(dir, 'openday.db')}`
      migrate(url)
      chmodSync(path.join(dir, 'openday.db'), 0o444)
      chmodSync(dir, 0o755)
      // root writes a read-only file anyway: a read-only mount, else run the server as nobody (a service account)
      bound = isRoot && tryReadOnlyBind(dir)
      const user = isRoot && !bound ? 'nobody' : undefined
      const err = await startServer({ DATABASE_URL: url, UPLOAD_DIR: path.join(dir, 'uploads') }, { user }).then(
        () => assert.fail('the server started'),
        (e: { code: number; output: string }) => e,
      )
      assert.equal(err.code, 1)
      const lines = err.output.split('\n').filter((l) => l.trim())
      assert.equal(lines.length, 1, err.output)
      assert.match(lines[0], /^启动失败：数据库 \S+openday\.db 文件或所在文件夹只读（检查权限和挂载方式）。$/)
    } finally {
      if (bound) execFileSync('umount', [dir], { stdio: 'ignore' })
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('a full disk', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'openday-full-'))
  const mounted = isRoot && tryMount(dir, '3m')
  it('answers comments with 503 “服务器存储空间不足” and /healthz with 503', { skip: mounted ? false : 'needs root and a tmpfs mount' }, async () => {
    const url = `file:${path.join(dir, 'openday.db')}`
    const server = await (async () => {
      migrate(url)
      const o = await openDayTakingComments(url)
      const s = await startServer({ DATABASE_URL: url, UPLOAD_DIR: path.join(dir, 'uploads') })
      return { ...s, token: o.token }
    })()
    try {
      // fill the file system to the last byte
      let i = 0
      try {
        for (;; i++) writeFileSync(path.join(dir, `filler-${i}`), Buffer.alloc(64 * 1024))
      } catch {
        for (let k = 0; k < 64; k++) try { writeFileSync(path.join(dir, `crumb-${k}`), Buffer.alloc(1024)) } catch { /* full */ }
      }
      const agent = (await import('supertest')).default.agent(server.url)
      let refused: { status: number; text: string } | null = null
      for (let n = 0; n < 200 && !refused; n++) {
        const page = await agent.get(`/o/${server.token}`)
        if (page.status >= 400) refused = page
        const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? ''
        const key = /name="idempotencyKey" value="([^"]+)"/.exec(page.text)?.[1] ?? ''
        const res = await agent.post(`/o/${server.token}/comments`).type('form').send({ _csrf: csrf, idempotencyKey: key, authorName: '王建国', authorUnit: '二支部', learnings: '规范'.repeat(400), suggestions: '互动'.repeat(400) })
        if (res.status >= 400) refused ??= res
      }
      assert.ok(refused, 'the disk never filled')
      assert.equal(refused.status, 503, server.output().slice(-3000))
      assert.match(refused.text, /服务器存储空间不足，请联系管理员/)
      const health = await agent.get('/healthz')
      assert.equal(health.status, 503)
      assert.match(health.body.database, /^unwritable/)
    } finally {
      await server.stop()
    }
  })
  it('cleans up', () => {
    if (mounted) execFileSync('umount', [dir])
    rmSync(dir, { recursive: true, force: true })
  })
})

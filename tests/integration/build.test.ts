// Production runs the compiled server: `npm run build` → dist/server.js finds views/, public/ and the migrations
// from dist/, migrates and seeds an empty database, and skips the migration CLI on the next start.
import assert from 'node:assert/strict'
import { execFileSync, fork } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'

const root = path.resolve(import.meta.dirname, '../..')
const tmp = mkdtempSync(path.join(os.tmpdir(), 'openday-build-'))
after(() => rmSync(tmp, { recursive: true, force: true }))

/** starts node dist/server.js; resolves with what it reports when listening, and a way to stop it */
function start(file: string) {
  const env = { ...process.env, DATABASE_URL: `file:${file}`, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production', SESSION_SECRET: 'build-test-secret-0123456789abcdef', LOG_LEVEL: 'silent', OPENDAY_COUNT_SQL: '1', SEED_DEMO: '1', ADMIN_PASSWORD: 'build-test-pass' }
  const child = fork(path.join(root, 'dist/server.js'), [], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], execArgv: [] })
  const listening = new Promise<{ port: number; migrations: string }>((resolve, reject) => {
    child.on('message', (m: { type?: string; port: number; migrations: string }) => m.type === 'listening' && resolve(m))
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)))
  })
  const stop = () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM'))))
  return { listening, stop, child }
}

describe('the compiled server', () => {
  it('builds, migrates and seeds an empty database, serves pages and files, and restarts without the CLI', async () => {
    execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root })
    const file = path.join(tmp, 'built.db')
    const first = start(file)
    let output = ''
    first.child.stdout!.on('data', (d) => (output += d))
    try {
      const { port, migrations } = await first.listening
      assert.equal(migrations, 'applied')
      const base = `http://127.0.0.1:${port}`
      const login = await fetch(`${base}/login`)
      assert.equal(login.status, 200)
      assert.match(await login.text(), /登录/)
      assert.equal((await fetch(`${base}/public/css/print.css`)).status, 200)
      assert.match(output, /数据库为空，已载入示例数据/)
    } finally {
      await first.stop()
    }
    const again = start(file)
    let log = ''
    again.child.stdout!.on('data', (d) => (log += d))
    try {
      assert.equal((await again.listening).migrations, 'up-to-date')
    } finally {
      await again.stop()
    }
    assert.doesNotMatch(log, /示例数据/)
  })
})

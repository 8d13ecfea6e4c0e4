// The server as a child process, killed with SIGKILL in the middle of a 300-comment burst, then restarted:
// every comment it acknowledged is there exactly once, retries add none twice, the database is intact.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import request from 'supertest'
import { migrate } from '../../src/migrate.ts'
import { openDayTakingComments, startServer, type Server } from '../helpers/server.ts'

const dir = mkdtempSync(path.join(os.tmpdir(), 'openday-crash-'))
const file = path.join(dir, 'openday.db')
const env = { DATABASE_URL: `file:${file}`, UPLOAD_DIR: path.join(dir, 'uploads'), COMMENT_LIMIT_PER_IP: '100000', COMMENT_LIMIT_PER_LINK: '100000' }
let server: Server | null = null
after(async () => {
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const BURST = 300
const keys = Array.from({ length: BURST }, () => randomUUID())

/** posts the comments of `indexes`, `width` at a time; the indexes the server acknowledged */
async function burst(url: string, token: string, indexes: number[], width: number, onAck?: (n: number) => void): Promise<Set<number>> {
  const agent = request.agent(url)
  const page = await agent.get(`/o/${token}`)
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]
  const acked = new Set<number>()
  const queue = [...indexes]
  const worker = async () => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      const res = await agent
        .post(`/o/${token}/comments`)
        .type('form')
        .send({ _csrf: csrf, idempotencyKey: keys[i], authorName: `观摩者${i}`, authorUnit: '机关第二党支部', learnings: `第 ${i} 条：流程规范。`, suggestions: '' })
        .then((r) => r.status, () => 0)
      if (res >= 200 && res < 400) {
        acked.add(i)
        onAck?.(acked.size)
      }
    }
  }
  await Promise.all(Array.from({ length: width }, worker))
  return acked
}

const countsByKey = (): Map<string, number> => {
  const db = new Database(file, { readonly: true })
  try {
    const rows = db.prepare('SELECT idempotencyKey AS k, count(*) AS n FROM Comment GROUP BY idempotencyKey').all() as { k: string; n: number }[]
    return new Map(rows.map((r) => [r.k, r.n]))
  } finally {
    db.close()
  }
}

describe('SIGKILL in the middle of a comment burst', () => {
  it('keeps every acknowledged comment once; retries after the restart add each missing one once', async (t) => {
    migrate(env.DATABASE_URL)
    const { token } = await openDayTakingComments(env.DATABASE_URL)
    server = await startServer(env)
    const victim = server
    const acked = await burst(victim.url, token, keys.map((_, i) => i), 12, (n) => {
      if (n === 100) victim.child.kill('SIGKILL')
    })
    await victim.exited
    assert.ok(acked.size >= 100 && acked.size < BURST, `${acked.size} acknowledged before the kill`)

    server = await startServer(env)
    const stored = countsByKey()
    const lost = [...acked].filter((i) => stored.get(keys[i]) !== 1)
    assert.deepEqual(lost, [], 'acknowledged comments missing or doubled')
    assert.ok([...stored.values()].every((n) => n === 1))
    const before = stored.size

    // the phones retry what they did not see acknowledged (and some that they did)
    const retried = await burst(server.url, token, keys.map((_, i) => i), 12)
    assert.equal(retried.size, BURST)
    const final = countsByKey()
    assert.equal(final.size, BURST)
    assert.ok([...final.values()].every((n) => n === 1), 'a comment stored twice')
    await server.stop()
    server = null
    const db = new Database(file, { readonly: true })
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok')
    db.close()
    t.diagnostic(`${BURST} comments: ${acked.size} acknowledged before SIGKILL, ${before} stored (${before - acked.size} written but unacknowledged), 0 lost, 0 duplicates; after retries ${final.size}`)
  })
})

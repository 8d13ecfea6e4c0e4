import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type Database from 'better-sqlite3'
import { beforeMigration } from '../helpers/migration-step.ts'

/** a reviewed and a held open day with a host, a leader, a speaker, attendance and a comment, then migrated */
function migrated(): Database.Database {
  const { db, apply } = beforeMigration('name_snapshots_and_plan_version')
  db.exec(`INSERT INTO Branch (name, createdAt, updatedAt) VALUES ('支部', 0, 0)`)
  db.exec(`INSERT INTO Member (branchId, name, title, partyPost, updatedAt) VALUES (1, '李学良', '副书记', '支部书记', 0), (1, '汪蓉', NULL, NULL, 0)`)
  for (const [id, status] of [[1, 'reviewed'], [2, 'held']] as const) {
    db.exec(`INSERT INTO OpenDay (branchId, theme, startsAt, endsAt, place, observerToken, signInToken, updatedAt, hostId, recorderId, status)
             VALUES (1, '主题', 0, 0, '地点', 'o${id}', 's${id}', 0, 1, 2, '${status}')`)
    db.exec(`INSERT INTO Segment (id, openDayId, position, kind, title, plannedMinutes, leaderId, updatedAt) VALUES (${id}, ${id}, 1, 'speeches', '交流发言', 10, 1, 0)`)
    db.exec(`INSERT INTO Speech (segmentId, position, kind, memberId, updatedAt) VALUES (${id}, 1, 'keynote', 2, 0)`)
    db.exec(`INSERT INTO Attendance (openDayId, memberId, status, updatedAt) VALUES (${id}, 2, 'present', 0)`)
  }
  db.exec(`INSERT INTO Comment (openDayId, scores, idempotencyKey, editToken, updatedAt) VALUES (1, '{"形式":5}', 'k', 'e', 0)`)
  apply()
  return db
}

describe('migration name_snapshots_and_plan_version', () => {
  it('freezes the printed names of locked records only', () => {
    const db = migrated()
    const one = (q: string) => db.prepare(q).all()
    assert.deepEqual(one('SELECT id, hostName, recorderName FROM OpenDay ORDER BY id'), [
      { id: 1, hostName: '李学良（副书记、支部书记）', recorderName: '汪蓉' },
      { id: 2, hostName: null, recorderName: null },
    ])
    assert.deepEqual(one('SELECT leaderName, planVersion FROM Segment ORDER BY id'), [{ leaderName: '李学良（副书记、支部书记）', planVersion: 1 }, { leaderName: null, planVersion: 1 }])
    assert.deepEqual(one('SELECT memberName FROM Speech ORDER BY id'), [{ memberName: '汪蓉' }, { memberName: null }])
    assert.deepEqual(one('SELECT memberName FROM Attendance ORDER BY id'), [{ memberName: '汪蓉' }, { memberName: null }])
  })

  it('drops Comment.scores and keeps the comment, its indexes and its cache triggers', () => {
    const db = migrated()
    const columns = (db.prepare(`SELECT name FROM pragma_table_info('Comment')`).all() as { name: string }[]).map((c) => c.name)
    assert.ok(!columns.includes('scores'))
    assert.equal((db.prepare('SELECT COUNT(*) AS n FROM Comment').get() as { n: number }).n, 1)
    const triggers = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'Comment' ORDER BY name`).all()
    assert.deepEqual(triggers, [{ name: 'Comment_bump_delete' }, { name: 'Comment_bump_update' }])
    const version = () => (db.prepare('SELECT dataVersion FROM OpenDay WHERE id = 1').get() as { dataVersion: number }).dataVersion
    const before = version()
    db.exec(`UPDATE Comment SET status = 'hidden'`)
    assert.equal(version(), before + 1)
  })
})

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type Database from 'better-sqlite3'
import { beforeMigration } from '../helpers/migration-step.ts'

/** a reviewed and a held open day (at t=1000) of a branch of four, then migrated */
function migrated(): Database.Database {
  const { db, apply } = beforeMigration('locked_roster')
  db.exec(`INSERT INTO Branch (name, createdAt, updatedAt) VALUES ('支部', 0, 0)`)
  db.exec(`INSERT INTO Member (branchId, name, standing, title, partyPost, transferredOutAt, updatedAt) VALUES
    (1, '出席者', 'full', '科员', '支部书记', NULL, 0), (1, '未登记者', 'probationary', NULL, NULL, NULL, 0),
    (1, '会前转出', 'full', NULL, NULL, 500, 0), (1, '会后转出', 'full', NULL, '组织委员', 2000, 0)`)
  for (const [id, status] of [[1, 'reviewed'], [2, 'held']] as const) {
    db.exec(`INSERT INTO OpenDay (branchId, theme, startsAt, endsAt, place, observerToken, signInToken, updatedAt, status)
             VALUES (1, '主题', 1000, 1100, '地点', 'o${id}', 's${id}', 0, '${status}')`)
    db.exec(`INSERT INTO Segment (id, openDayId, position, kind, title, plannedMinutes, updatedAt) VALUES (${id}, ${id}, 1, 'speeches', '交流发言', 10, 0)`)
    db.exec(`INSERT INTO Speech (segmentId, position, kind, memberId, updatedAt) VALUES (${id}, 1, 'keynote', 1, 0), (${id}, 2, 'exchange', 4, 0)`)
    db.exec(`INSERT INTO Attendance (openDayId, memberId, status, memberName, updatedAt) VALUES (${id}, 1, 'present', ${id === 1 ? "'出席者'" : 'NULL'}, 0)`)
  }
  apply()
  return db
}

describe('migration locked_roster', () => {
  it('freezes the expected roster of locked records only', () => {
    const db = migrated()
    const rows = db.prepare('SELECT openDayId, memberId, status, memberName, memberStanding FROM Attendance ORDER BY openDayId, memberId').all()
    assert.deepEqual(rows, [
      { openDayId: 1, memberId: 1, status: 'present', memberName: '出席者', memberStanding: 'full' },
      { openDayId: 1, memberId: 2, status: 'unmarked', memberName: '未登记者', memberStanding: 'probationary' },
      { openDayId: 1, memberId: 4, status: 'unmarked', memberName: '会后转出', memberStanding: 'full' },
      { openDayId: 2, memberId: 1, status: 'present', memberName: null, memberStanding: null },
    ])
    assert.deepEqual(db.prepare('SELECT segmentId, memberPost FROM Speech ORDER BY id').all(), [
      { segmentId: 1, memberPost: '科员、支部书记' },
      { segmentId: 1, memberPost: '组织委员' },
      { segmentId: 2, memberPost: null },
      { segmentId: 2, memberPost: null },
    ])
  })
})

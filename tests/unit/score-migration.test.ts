import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import Database from 'better-sqlite3'

const dir = path.resolve(import.meta.dirname, '../../prisma/migrations')
const folders = readdirSync(dir).filter((d) => /^\d/.test(d)).sort()
const ours = folders.findIndex((d) => d.endsWith('_review_and_assessment'))
const sql = (folder: string) => readFileSync(path.join(dir, folder, 'migration.sql'), 'utf8')

/** a database as it was before this migration, with what the test puts in, then migrated */
function migrateFrom(setup: (db: Database.Database) => void): Database.Database {
  const db = new Database(':memory:')
  for (const folder of folders.slice(0, ours)) db.exec(sql(folder))
  db.exec(`INSERT INTO Branch (name, createdAt, updatedAt) VALUES ('支部', 0, 0)`)
  db.exec(`INSERT INTO OpenDay (branchId, theme, startsAt, endsAt, place, observerToken, signInToken, updatedAt) VALUES (1, '主题', 0, 0, '地点', 'a', 'b', 0)`)
  setup(db)
  for (const folder of folders.slice(ours)) db.exec(sql(folder))
  return db
}

const addComments = (db: Database.Database, scores: string[]) => {
  const insert = db.prepare(`INSERT INTO Comment (openDayId, scores, idempotencyKey, editToken, updatedAt) VALUES (1, ?, ?, ?, 0)`)
  scores.forEach((s, i) => insert.run(s, `k${i}`, `e${i}`))
}

describe('migration review_and_assessment: scores JSON → rows', () => {
  it('turns the settings labels into criteria and every valid score into a row; old labels become retired criteria', () => {
    const db = migrateFrom((db) => {
      db.prepare(`INSERT INTO Setting (key, value, updatedAt) VALUES (?, ?, 0)`).run('commentCriteria', JSON.stringify(['形式', '主题', '讲得']))
      addComments(db, ['{"形式":5,"主题":4}', '{"讲得":3,"旧项":2,"形式":9,"主题":"4"}', 'not json', '[1,2]', '{}'])
    })
    const criteria = db.prepare('SELECT name, position, active, weight FROM Criterion ORDER BY position').all()
    assert.deepEqual(criteria, [
      { name: '形式', position: 1, active: 1, weight: 1 },
      { name: '主题', position: 2, active: 1, weight: 1 },
      { name: '讲得', position: 3, active: 1, weight: 1 },
      { name: '旧项', position: 4, active: 0, weight: 1 },
    ])
    const rows = db.prepare('SELECT s.commentId, k.name, s.score FROM CommentScore s JOIN Criterion k ON k.id = s.criterionId ORDER BY s.commentId, k.position').all()
    assert.deepEqual(rows, [
      { commentId: 1, name: '形式', score: 5 },
      { commentId: 1, name: '主题', score: 4 },
      { commentId: 2, name: '讲得', score: 3 },
      { commentId: 2, name: '旧项', score: 2 },
    ])
    assert.equal((db.prepare(`SELECT COUNT(*) AS n FROM Setting WHERE key = 'commentCriteria'`).get() as { n: number }).n, 0)
  })

  it('gives a database that never saved the setting the five points (五好)', () => {
    const db = migrateFrom(() => {})
    const names = (db.prepare('SELECT name FROM Criterion ORDER BY position').all() as { name: string }[]).map((r) => r.name)
    assert.deepEqual(names, ['形式', '主题', '发言', '点评', '转化'])
  })
})

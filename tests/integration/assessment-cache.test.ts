import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { seedAssessmentYear } from '../helpers/assessment.ts'
import { createMember } from '../helpers/factories.ts'
import { annualAssessment, cachedAnnualAssessment } from '../../src/assessment/annual.ts'

describe('the annual assessment cached by its open days’ versions', () => {
  it('a score, an arrival, an observer’s comment, a status and a rename are seen next; another year’s write drops nothing', async () => {
    const [first, second] = await seedAssessmentYear(db, { branches: 2, openDays: 2, year: 2036 })
    await seedAssessmentYear(db, { branches: 1, openDays: 1, year: 2037 })
    const fresh = async () => {
      const cached = await cachedAnnualAssessment(2036)
      assert.deepEqual(cached, await annualAssessment(2036))
      return cached
    }
    let last = await fresh()
    assert.equal(await cachedAnnualAssessment(2036), last, 'served from the cache while nothing changed')
    const changed = async (what: string) => {
      const now = await fresh()
      assert.notEqual(now, last, what)
      last = now
    }
    const day = await db.openDay.findFirstOrThrow({ where: { branchId: first!.id }, include: { scoreSheet: { include: { scores: true } } } })
    await db.officeScore.update({ where: { id: day.scoreSheet!.scores[0]!.id }, data: { score: 0 } })
    await changed('an office score')
    const secretary = await createMember(second!.id, { name: '组织委员' })
    const other = await db.openDay.findFirstOrThrow({ where: { branchId: first!.id, id: { not: day.id } } })
    const observer = await db.observer.create({ data: { openDayId: other.id, memberId: secretary.id, name: secretary.name } })
    await changed('an invitation')
    await db.comment.create({ data: { openDayId: other.id, observerId: observer.id, authorName: secretary.name, learnings: '好', idempotencyKey: randomUUID() } })
    await changed('an invited observer’s comment')
    await db.openDay.update({ where: { id: day.id }, data: { status: 'cancelled' } })
    await changed('a cancellation')
    await db.branch.update({ where: { id: second!.id }, data: { name: '改名的考核支部' } })
    await changed('a branch rename')
    const later = await db.openDay.findFirstOrThrow({ where: { startsAt: { gte: new Date('2037-01-01') } }, include: { scoreSheet: { include: { scores: true } } } })
    await db.officeScore.update({ where: { id: later.scoreSheet!.scores[0]!.id }, data: { score: 1 } })
    assert.equal(await cachedAnnualAssessment(2036), last, 'a write to 2037 leaves 2036 cached')
  })
})

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { lastMonths, missingMonths } from '../../src/assessment/flags.ts'
import { fromLocal } from '../../src/lib/dates.ts'

describe('lastMonths', () => {
  it('is the completed Shanghai months before now, across a year end', () => {
    assert.deepEqual(lastMonths(fromLocal('2031-02-01', '00:30')!), [{ year: 2030, month: 11 }, { year: 2030, month: 12 }, { year: 2031, month: 1 }])
  })
})

describe('missingMonths', () => {
  const months = [{ year: 2030, month: 11 }, { year: 2030, month: 12 }, { year: 2031, month: 1 }]
  const old = new Date('2020-01-01T00:00:00Z')
  it('lists each branch’s months without a held themed party day, since the branch existed', () => {
    const branches = [{ id: 1, createdAt: old }, { id: 2, createdAt: old }, { id: 3, createdAt: fromLocal('2030-12-20', '09:00')! }]
    const held = [
      { branchId: 1, startsAt: fromLocal('2030-11-05', '14:30')! },
      { branchId: 1, startsAt: fromLocal('2030-12-31', '23:30')! },
      { branchId: 1, startsAt: fromLocal('2031-01-10', '14:30')! },
      { branchId: 2, startsAt: fromLocal('2030-12-01', '00:10')! },
    ]
    assert.deepEqual(missingMonths(branches, held, months).map((b) => [b.branch.id, b.months.map((m) => m.month)]), [
      [2, [11, 1]],
      [3, [12, 1]],
    ])
  })
})

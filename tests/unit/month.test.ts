import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { monthGrid, parseMonth, shiftMonth } from '../../src/calendar/month.ts'
import { fromLocal } from '../../src/lib/dates.ts'

describe('month grid', () => {
  it('starts on Monday and covers October 2020 in five weeks', () => {
    const weeks = monthGrid(2020, 10, [])
    assert.equal(weeks.length, 5)
    assert.equal(weeks[0][0].date, '2020-09-28') // a Monday
    assert.equal(weeks[0][3].date, '2020-10-01') // Thursday
    assert.equal(weeks[0][0].inMonth, false)
    assert.equal(weeks[4][6].date, '2020-11-01')
  })

  it('places an event on its Shanghai date and marks today', () => {
    const evening = { startsAt: fromLocal('2020-10-15', '23:30')! } // still the 15th in Shanghai, the 15th 15:30 UTC
    const weeks = monthGrid(2020, 10, [evening], fromLocal('2020-10-15', '09:00')!)
    const day = weeks.flat().find((d) => d.date === '2020-10-15')!
    assert.equal(day.items.length, 1)
    assert.equal(day.isToday, true)
  })

  it('parses ?month= and moves across years', () => {
    assert.deepEqual(parseMonth('2020-10'), { year: 2020, month: 10 })
    assert.equal(shiftMonth(2020, 12, 1), '2021-01')
    assert.equal(shiftMonth(2021, 1, -1), '2020-12')
  })
})

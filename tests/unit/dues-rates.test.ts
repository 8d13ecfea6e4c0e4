import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { addMonths, aheadLimit, applyRate, backLimit, monthlyDuesFen, monthsBetween, payableMonthsError, quarterEnd, type DuesCategory } from '../../src/dues/rates.ts'

describe('monthlyDuesFen', () => {
  const cases: [DuesCategory, number, number][] = [
    // employed: ≤3000 → 0.5 %, ≤5000 → 1 %, ≤10000 → 1.5 %, above → 2 % (bounds inclusive)
    ['employed', 0, 0],
    ['employed', 300_000, 1500],
    ['employed', 300_001, 3000],
    ['employed', 500_000, 5000],
    ['employed', 500_001, 7500],
    ['employed', 1_000_000, 15000],
    ['employed', 1_000_001, 20000],
    ['employed', 1_234_567, 24691],
    // other uses the employed bands
    ['other', 300_000, 1500],
    ['other', 300_001, 3000],
    ['other', 1_000_001, 20000],
    // retired: ≤5000 → 0.5 %, above → 1 %
    ['retired', 500_000, 2500],
    ['retired', 500_001, 5000],
    ['retired', 420_000, 2100],
    // students and the unemployed: 0.20 元 whatever the base
    ['student', 0, 20],
    ['unemployed', 800_000, 20],
  ]
  for (const [category, baseFen, expected] of cases) {
    it(`${category} on ${baseFen / 100} 元 pays ${expected} fen`, () => assert.equal(monthlyDuesFen({ category, baseFen }), expected))
  }

  it('rounds half up to the fen', () => {
    assert.equal(applyRate(100, 5), 1, '0.5 fen → 1')
    assert.equal(applyRate(99, 5), 0, '0.495 fen → 0')
    assert.equal(applyRate(300_001, 10), 3000, '3000.01 fen → 3000')
    assert.equal(applyRate(300_050, 10), 3001, '3000.5 fen → 3001')
    assert.equal(monthlyDuesFen({ category: 'employed', baseFen: 123_450 }), 617, '6.1725 元 → 6.17')
    assert.equal(monthlyDuesFen({ category: 'employed', baseFen: 123_500 }), 618, '6.175 元 → 6.18')
  })

  it('farmers pay their fixed amount, 0.20–1.00 元', () => {
    assert.equal(monthlyDuesFen({ category: 'farmer', baseFen: 0, fixedFen: 20 }), 20)
    assert.equal(monthlyDuesFen({ category: 'farmer', baseFen: 0, fixedFen: 100 }), 100)
    for (const fixedFen of [19, 101, undefined, 50.5]) assert.throws(() => monthlyDuesFen({ category: 'farmer', baseFen: 0, fixedFen }), RangeError)
  })

  it('throws on a negative, fractional or non-finite base, and an unknown category', () => {
    for (const baseFen of [-1, 0.5, Number.NaN, Infinity]) assert.throws(() => monthlyDuesFen({ category: 'employed', baseFen }), RangeError)
    assert.throws(() => monthlyDuesFen({ category: 'student', baseFen: -5 }), RangeError)
    assert.throws(() => monthlyDuesFen({ category: 'soldier' as DuesCategory, baseFen: 1 }), RangeError)
  })
})

describe('paying ahead and back', () => {
  it('counts months across years', () => {
    assert.equal(addMonths('2020-10', 3), '2021-01')
    assert.equal(addMonths('2020-01', -1), '2019-12')
    assert.deepEqual(monthsBetween('2020-11', '2021-02'), ['2020-11', '2020-12', '2021-01', '2021-02'])
    assert.deepEqual(monthsBetween('2020-11', '2020-10'), [])
  })

  it('knows the end of a quarter', () => {
    assert.deepEqual(['2020-10', '2020-11', '2020-12', '2021-01', '2021-03'].map(quarterEnd), ['2020-12', '2020-12', '2020-12', '2021-03', '2021-03'])
  })

  it('allows back payment of at most 6 months and paying at most a quarter ahead', () => {
    assert.equal(backLimit('2020-10'), '2020-04')
    assert.equal(aheadLimit('2020-10'), '2021-01')
    assert.equal(payableMonthsError('2020-10', '2020-04', '2020-10'), null)
    assert.equal(payableMonthsError('2020-10', '2020-10', '2021-01'), null)
    assert.equal(payableMonthsError('2020-10', '2020-11', '2020-12'), null, 'to the end of the quarter')
    assert.match(payableMonthsError('2020-10', '2020-03', '2020-10')!, /补交最多 6 个月：本次最早可补交 2020年4月/)
    assert.match(payableMonthsError('2020-10', '2020-10', '2021-02')!, /预交最多一个季度：本次最晚可预交至 2021年1月/)
    assert.match(payableMonthsError('2020-10', '2020-12', '2020-11')!, /截止月份不能早于起始月份/)
    assert.match(payableMonthsError('2020-10', '2020-13', '2020-11')!, /年-月/)
  })
})

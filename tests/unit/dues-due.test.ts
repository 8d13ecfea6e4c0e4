import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { longestRun, unpaidMonths } from '../../src/dues/arrears.ts'
import { memberDue, overrideError, type BaseRow } from '../../src/dues/due.ts'

const row = (r: Partial<BaseRow>): BaseRow => ({ year: 2020, baseFen: 0, fixedFen: null, override: 'none', overrideFen: null, approvedBy: null, approvedOn: null, note: '', ...r })

describe('memberDue', () => {
  it('says why, with the base for those who may see it and without for others', () => {
    const d = memberDue('retired', row({ baseFen: 500_001 }))
    assert.equal(d.dueFen, 5000)
    assert.equal(d.rate, '1%')
    assert.match(d.why, /离退休党员，以每月养老金 5000\.01 元为基数，属“5000 元以上”档/)
    assert.doesNotMatch(d.whyPublic, /5000\.01/)
  })
  it('needs a base where the rule does, and none for students', () => {
    assert.equal(memberDue('employed', null).dueFen, null)
    assert.match(memberDue('employed', null).why, /尚未填写本年度党费基数/)
    assert.equal(memberDue('student', null).dueFen, 20)
    assert.equal(memberDue('farmer', row({})).dueFen, null)
    assert.equal(memberDue('farmer', row({ fixedFen: 50 })).dueFen, 50)
  })
  it('applies approved overrides and names who approved', () => {
    assert.equal(memberDue('employed', row({ baseFen: 600_000, override: 'waived', approvedBy: '机关党委', approvedOn: '2020-02-01' })).dueFen, 0)
    const reduced = memberDue('employed', row({ baseFen: 600_000, override: 'reduced', overrideFen: 3000, approvedBy: '机关党委', approvedOn: '2020-02-01' }))
    assert.deepEqual([reduced.dueFen, reduced.ruleFen], [3000, 9000])
    assert.match(reduced.why, /经机关党委于 2020-02-01 批准减为每月 30\.00 元/)
  })
  it('refuses an override the rules do not allow', () => {
    assert.ok(overrideError({ override: 'voluntary', overrideFen: 9000, approvedBy: null, approvedOn: null }, 9000).overrideYuan)
    assert.ok(overrideError({ override: 'reduced', overrideFen: 9500, approvedBy: 'x', approvedOn: '2020-01-01' }, 9000).overrideYuan)
    assert.deepEqual(Object.keys(overrideError({ override: 'waived', overrideFen: null, approvedBy: null, approvedOn: null }, 9000)).sort(), ['approvedBy', 'approvedOn'])
    assert.deepEqual(overrideError({ override: 'voluntary', overrideFen: 9001, approvedBy: null, approvedOn: null }, 9000), {})
  })
})

describe('arrears', () => {
  const input = { years: [2020], dueByYear: new Map([[2020, 1500]]), paid: new Map([['2020-01', 1500], ['2020-05', 1500]]), before: '2020-09' }
  it('counts months of tracked years before the current month that nothing was paid for', () => {
    assert.deepEqual(unpaidMonths(input), ['2020-02', '2020-03', '2020-04', '2020-06', '2020-07', '2020-08'])
    assert.deepEqual(unpaidMonths({ ...input, dueByYear: new Map([[2020, 0]]) }), [], 'waived')
    assert.deepEqual(unpaidMonths({ ...input, lastMonth: '2020-03' }), ['2020-02', '2020-03'], 'transferred out')
  })
  it('finds the longest run, across a year end too', () => {
    assert.equal(longestRun(['2020-02', '2020-03', '2020-04', '2020-06']), 3)
    assert.equal(longestRun(['2020-11', '2020-12', '2021-01']), 3)
    assert.equal(longestRun([]), 0)
  })
})

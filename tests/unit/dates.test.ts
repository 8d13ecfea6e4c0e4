import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatDateTime, formatRange, fromLocal, isRealDate, monthBounds, monthOf } from '../../src/lib/dates.ts'

describe('dates (Asia/Shanghai)', () => {
  it('reads wall-clock time in Shanghai whatever the server zone', () => {
    assert.equal(fromLocal('2020-10-15', '14:30')?.toISOString(), '2020-10-15T06:30:00.000Z')
  })

  it('refuses impossible dates and times', () => {
    assert.equal(fromLocal('2021-02-29', '14:30'), null)
    assert.equal(fromLocal('2020-10-15', '25:00'), null)
    assert.equal(isRealDate('2020-02-29'), true)
    assert.equal(isRealDate('2020-13-01'), false)
  })

  it('shows dates the Chinese way', () => {
    const start = fromLocal('2020-10-15', '14:30')!
    assert.equal(formatDateTime(start), '2020年10月15日 星期四 14:30')
    assert.equal(formatRange(start, fromLocal('2020-10-15', '17:00')!), '2020年10月15日 星期四 14:30–17:00')
  })

  it('bounds a month in Shanghai, not UTC', () => {
    const { start, end } = monthBounds(2020, 10)
    assert.equal(start.toISOString(), '2020-09-30T16:00:00.000Z')
    assert.equal(end.toISOString(), '2020-10-31T16:00:00.000Z')
    // 00:30 on 1 November in Shanghai is still 31 October in UTC
    assert.equal(monthOf(fromLocal('2020-11-01', '00:30')!).start.toISOString(), '2020-10-31T16:00:00.000Z')
  })
})

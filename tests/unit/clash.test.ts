import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { overlaps, placeClash, samePlace, sameMonthForBranch, type Slot } from '../../src/open-days/clash.ts'
import { fromLocal } from '../../src/lib/dates.ts'

const slot = (id: number, branchId: number, place: string, date: string, start: string, end: string): Slot => ({
  id,
  branchId,
  place,
  startsAt: fromLocal(date, start)!,
  endsAt: fromLocal(date, end)!,
})

describe('clash rules', () => {
  const seed = slot(1, 1, '机关党员活动室', '2020-10-15', '14:30', '17:00')

  it('treats touching times as free and any overlap as a clash', () => {
    assert.equal(overlaps(seed, slot(2, 2, 'x', '2020-10-15', '17:00', '18:00')), false)
    assert.equal(overlaps(seed, slot(2, 2, 'x', '2020-10-15', '16:59', '18:00')), true)
    assert.equal(overlaps(seed, slot(2, 2, 'x', '2020-10-15', '09:00', '14:30')), false)
  })

  it('reads a place with stray spaces or case as the same room', () => {
    assert.equal(samePlace('机关党员活动室', ' 机关党员 活动室'), true)
    assert.equal(samePlace('Room A', 'room a'), true)
    assert.equal(samePlace('三楼会议室', '四楼会议室'), false)
  })

  it('finds a clash in the same place only, never with itself', () => {
    const other = slot(2, 2, '机关党员活动室', '2020-10-15', '16:00', '18:00')
    const elsewhere = slot(3, 3, '三楼会议室', '2020-10-15', '14:30', '17:00')
    assert.equal(placeClash(seed, [seed, elsewhere]), undefined)
    assert.equal(placeClash(seed, [elsewhere, other])?.id, 2)
  })

  it('warns about a second open day of the same branch in one Shanghai month', () => {
    const sameBranchSameMonth = slot(4, 1, '三楼', '2020-10-31', '20:00', '21:00')
    const sameBranchNextMonth = slot(5, 1, '三楼', '2020-11-01', '00:30', '01:00')
    const otherBranch = slot(6, 2, '三楼', '2020-10-20', '14:00', '15:00')
    assert.deepEqual(
      sameMonthForBranch(seed, [seed, sameBranchSameMonth, sameBranchNextMonth, otherBranch]).map((s) => s.id),
      [4],
    )
  })
})

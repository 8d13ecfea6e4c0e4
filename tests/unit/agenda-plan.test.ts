import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatMinutes, moveInOrder, planAgenda } from '../../src/agenda/plan.ts'
import { fromLocal, timeInput } from '../../src/lib/dates.ts'

const start = fromLocal('2020-10-15', '14:30')!
const end = fromLocal('2020-10-15', '17:00')!
const seg = (title: string, plannedMinutes: number) => ({ title, plannedMinutes })

describe('planAgenda', () => {
  it('counts each segment’s planned start and end from the open day’s start', () => {
    const plan = planAgenda(start, [seg('收缴党费', 10), seg('重温入党誓词', 5), seg('集体诵读', 10)], end)
    assert.deepEqual(plan.segments.map((s) => `${timeInput(s.plannedStart)}-${timeInput(s.plannedEnd)}`), ['14:30-14:40', '14:40-14:45', '14:45-14:55'])
    assert.equal(plan.segments[1].title, '重温入党誓词')
    assert.equal(plan.totalMinutes, 25)
    assert.equal(timeInput(plan.plannedEnd), '14:55')
    assert.equal(plan.overrunMinutes, 0)
  })

  it('fits the standard agenda (150 minutes) exactly into 14:30–17:00', () => {
    const plan = planAgenda(start, [10, 5, 10, 20, 50, 10, 25, 20].map((m) => seg('x', m)), end)
    assert.equal(plan.totalMinutes, 150)
    assert.equal(plan.overrunMinutes, 0)
  })

  it('reports how far the planned end passes the scheduled end', () => {
    const plan = planAgenda(start, [seg('交流发言', 140), seg('总结讲话', 25)], end)
    assert.equal(timeInput(plan.plannedEnd), '17:15')
    assert.equal(plan.overrunMinutes, 15)
  })

  it('plans an empty agenda as ending at the start', () => {
    const plan = planAgenda(start, [], end)
    assert.deepEqual(plan.segments, [])
    assert.equal(plan.totalMinutes, 0)
    assert.equal(plan.plannedEnd.getTime(), start.getTime())
  })
})

describe('moveInOrder', () => {
  it('swaps with the neighbour and leaves the ends alone', () => {
    assert.deepEqual(moveInOrder([1, 2, 3], 2, 'up'), [2, 1, 3])
    assert.deepEqual(moveInOrder([1, 2, 3], 2, 'down'), [1, 3, 2])
    assert.deepEqual(moveInOrder([1, 2, 3], 1, 'up'), [1, 2, 3])
    assert.deepEqual(moveInOrder([1, 2, 3], 3, 'down'), [1, 2, 3])
    assert.deepEqual(moveInOrder([1, 2, 3], 9, 'up'), [1, 2, 3])
  })
})

describe('formatMinutes', () => {
  it('reads in hours and minutes', () => {
    assert.equal(formatMinutes(45), '45 分钟')
    assert.equal(formatMinutes(150), '2 小时 30 分')
    assert.equal(formatMinutes(120), '2 小时')
  })
})

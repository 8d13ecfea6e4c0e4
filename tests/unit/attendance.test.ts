import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { attendanceCounts, formatRate, isExpected } from '../../src/attendance/counts.ts'
import { saveAttendance } from '../../src/attendance/schemas.ts'
import { signInState, signInWindow } from '../../src/attendance/window.ts'
import { fromLocal } from '../../src/lib/dates.ts'

const row = (standing: string, status: 'present' | 'leave' | 'absent' | 'unmarked') => ({ standing, status })

describe('attendanceCounts', () => {
  it('splits expected and present by standing and computes the rate', () => {
    const c = attendanceCounts([row('full', 'present'), row('full', 'leave'), row('probationary', 'present'), row('probationary', 'unmarked'), row('full', 'absent'), row('full', 'present'), row('full', 'present')], 80)
    assert.deepEqual(c.expected, { full: 5, probationary: 2, total: 7 })
    assert.deepEqual(c.present, { full: 3, probationary: 1, total: 4 })
    assert.equal(c.rate, 4 / 7)
    assert.equal(c.belowThreshold, true)
    assert.equal(formatRate(c.rate), '57.1%')
  })

  it('treats exactly the threshold as enough, in integers (7 of 10 at 70 %)', () => {
    const ten = [...Array(7).fill(row('full', 'present')), ...Array(3).fill(row('full', 'absent'))]
    assert.equal(attendanceCounts(ten, 70).belowThreshold, false)
    assert.equal(attendanceCounts(ten, 71).belowThreshold, true)
  })

  it('has no rate and no warning when nobody is expected', () => {
    const c = attendanceCounts([], 80)
    assert.equal(c.rate, null)
    assert.equal(c.belowThreshold, false)
    assert.equal(formatRate(null), '—')
  })

  it('expects members not transferred out before the start', () => {
    const startsAt = new Date('2030-06-12T06:30:00Z')
    assert.equal(isExpected({ transferredOutAt: null }, startsAt), true)
    assert.equal(isExpected({ transferredOutAt: new Date('2030-06-01T00:00:00Z') }, startsAt), false)
    assert.equal(isExpected({ transferredOutAt: new Date('2030-06-13T00:00:00Z') }, startsAt), true)
  })
})

describe('signInState', () => {
  const o = { startsAt: fromLocal('2030-06-12', '14:30')!, endsAt: fromLocal('2030-06-12', '16:30')!, status: 'approved', signInOpen: false }
  it('opens two hours before the start and closes at the end of the event day in Shanghai', () => {
    assert.equal(signInWindow(o).opensAt.getTime(), fromLocal('2030-06-12', '12:30')!.getTime())
    assert.equal(signInState(o, fromLocal('2030-06-12', '12:29')!), 'not-yet')
    assert.equal(signInState(o, fromLocal('2030-06-12', '12:30')!), 'open')
    assert.equal(signInState(o, fromLocal('2030-06-12', '23:59')!), 'open')
    assert.equal(signInState(o, fromLocal('2030-06-13', '00:00')!), 'closed')
  })
  it('is open whenever run mode opens it, but never for a cancelled or final event', () => {
    const early = fromLocal('2030-06-01', '09:00')!
    assert.equal(signInState({ ...o, signInOpen: true }, early), 'open')
    assert.equal(signInState({ ...o, signInOpen: true, status: 'cancelled' }, early), 'cancelled')
    assert.equal(signInState({ ...o, signInOpen: true, status: 'reviewed' }, early), 'closed')
  })
})

describe('saveAttendance schema', () => {
  it('reads one row per seen-<id> and asks for a leave reason', () => {
    const ok = saveAttendance.parse({ 'seen-3': 'abc', 'status-3': 'leave', 'reason-3': 'sick', 'note-3': ' 发烧 ', 'seen-4': 'def', _csrf: 'x' })
    assert.deepEqual(ok, [
      { memberId: 3, status: 'leave', leaveReason: 'sick', note: '发烧', seen: 'abc' },
      { memberId: 4, status: null, leaveReason: null, note: null, seen: 'def' },
    ])
    const bad = saveAttendance.safeParse({ 'seen-3': 'abc', 'status-3': 'leave', 'seen-4': 'x', 'status-4': 'asleep' })
    assert.equal(bad.success, false)
    assert.deepEqual(bad.error?.issues.map((i) => [i.path.join('.'), i.message]), [['reason-3', '请选择请假原因'], ['status-4', '请选择出席、请假或缺席']])
  })
  it('drops a reason unless on leave', () => {
    assert.equal(saveAttendance.parse({ 'seen-1': 'a', 'status-1': 'present', 'reason-1': 'sick' })[0].leaveReason, null)
  })
})

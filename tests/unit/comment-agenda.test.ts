import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { phoneAgenda } from '../../src/comments/agenda.ts'
import { fromLocal } from '../../src/lib/dates.ts'

const start = fromLocal('2020-10-15', '14:30')!
const seg = (title: string, plannedMinutes: number, startedAt: Date | null = null, endedAt: Date | null = null) => ({ title, plannedMinutes, startedAt, endedAt })

describe('the agenda on the phone page', () => {
  it('counts planned times from the start and marks the segment whose time is now', () => {
    const lines = phoneAgenda(start, [seg('收缴党费', 10), seg('重温入党誓词', 5), seg('集体诵读', 10)], fromLocal('2020-10-15', '14:42')!)
    assert.deepEqual(lines.map((l) => `${l.from}-${l.to}`), ['14:30-14:40', '14:40-14:45', '14:45-14:55'])
    assert.deepEqual(lines.map((l) => l.current), [false, true, false])
  })

  it('follows run mode once a segment has been started', () => {
    const t = fromLocal('2020-10-15', '14:31')!
    const lines = phoneAgenda(start, [seg('收缴党费', 10, t, t), seg('重温入党誓词', 5, t), seg('集体诵读', 10)], fromLocal('2020-10-15', '14:50')!)
    assert.deepEqual(lines.map((l) => [l.current, l.done]), [[false, true], [true, false], [false, false]])
  })

  it('marks nothing before the start or after the end', () => {
    assert.equal(phoneAgenda(start, [seg('收缴党费', 10)], fromLocal('2020-10-15', '14:00')!).some((l) => l.current), false)
    assert.equal(phoneAgenda(start, [seg('收缴党费', 10)], fromLocal('2020-10-15', '15:00')!).some((l) => l.current), false)
  })
})

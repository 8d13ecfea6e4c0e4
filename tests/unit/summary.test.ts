import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { yuan } from '../../src/lib/money.ts'
import { actualTimes, duesLines, durationLabel, safeFileName, segmentDetails } from '../../src/summary/format.ts'
import { personLabel } from '../../src/members/labels.ts'
import { recordBookQuery } from '../../src/summary/schemas.ts'
import { fromLocal, local } from '../../src/lib/dates.ts'

const at = (time: string) => fromLocal('2020-10-15', time)!

describe('yuan', () => {
  it('shows integer fen as 元 with two decimals', () => {
    assert.equal(yuan(0), '0.00')
    assert.equal(yuan(5), '0.05')
    assert.equal(yuan(12345), '123.45')
    assert.equal(yuan(100000), '1000.00')
    assert.equal(yuan(-250), '-2.50')
  })
})

describe('personLabel', () => {
  it('puts the job title and party post after the name', () => {
    assert.equal(personLabel({ name: '李学良', title: '机关党委专职副书记', partyPost: '支部书记' }), '李学良（机关党委专职副书记、支部书记）')
    assert.equal(personLabel({ name: '汪蓉', title: null, partyPost: '组织宣传委员' }), '汪蓉（组织宣传委员）')
    assert.equal(personLabel({ name: '孙浩然' }), '孙浩然')
  })
})

describe('durationLabel', () => {
  it('reads hours and minutes', () => {
    assert.equal(durationLabel(at('14:30'), at('16:58')), '2 小时 28 分钟')
    assert.equal(durationLabel(at('14:30'), at('16:30')), '2 小时')
    assert.equal(durationLabel(at('14:30'), at('14:45')), '15 分钟')
    assert.equal(durationLabel(at('14:30'), at('14:30')), '0 分钟')
  })
})

describe('actualTimes', () => {
  const planned = { startsAt: at('14:30'), endsAt: at('17:00') }
  it('takes the first start and the last end the run sheet stamped, in any order', () => {
    const t = actualTimes(planned, [
      { startedAt: at('14:38'), endedAt: at('14:43') },
      { startedAt: at('14:32'), endedAt: at('14:38') },
      { startedAt: null, endedAt: null },
      { startedAt: at('16:38'), endedAt: at('16:58') },
    ])
    assert.deepEqual(t, { start: at('14:32'), end: at('16:58'), actual: true, length: '2 小时 26 分钟' })
  })
  it('falls back to the planned times when nothing was stamped or only starts were', () => {
    assert.deepEqual(actualTimes(planned, []), { start: planned.startsAt, end: planned.endsAt, actual: false, length: '2 小时 30 分钟' })
    assert.equal(actualTimes(planned, [{ startedAt: at('14:31'), endedAt: null }]).actual, false)
  })
})

describe('segmentDetails', () => {
  const of = (kind: string, record: object | string) => segmentDetails({ kind, record: typeof record === 'string' ? record : JSON.stringify(record) }, 7)
  it("prints each kind's record as lines", () => {
    assert.deepEqual(of('oath', { participantIds: null }), [{ label: '参加宣誓', value: '7 人' }], 'null: everyone present')
    assert.deepEqual(of('oath', { participantIds: [1, 2, 2, 3] }), [{ label: '参加宣誓', value: '3 人' }])
    assert.deepEqual(of('reading', { materialTitle: '《党章》第六章第三十六条', text: '……' }), [{ label: '诵读篇目', value: '《党章》第六章第三十六条' }])
    assert.deepEqual(of('study', { materials: [{ title: '甲', url: '' }, { title: '乙', url: '' }], keyPoints: '要点' }), [
      { label: '学习材料', value: '甲；乙' },
      { label: '学习要点', value: '要点' },
    ])
    assert.deepEqual(of('speeches', {}), [])
  })
  it('never breaks on a bad record', () => {
    assert.deepEqual(of('reading', 'not json'), [])
  })
})

describe('duesLines', () => {
  const figures = { month: '2020年10月', members: 8, dueFen: 83088, collectedFen: 83088, paid: 8, unpaid: 0 }
  it('prints due / collected / paid / unpaid from the register', () => {
    assert.deepEqual(duesLines({ ...figures, source: 'register' }), [
      { label: '应缴金额', value: '830.88 元' },
      { label: '实缴金额', value: '830.88 元' },
      { label: '已缴人数', value: '8 人' },
      { label: '未缴人数', value: '0 人' },
    ])
    assert.equal(duesLines({ ...figures, source: 'register', dueFen: null })[0].value, '基数未填全')
  })
  it('prints the figures typed before the register as they were', () => {
    assert.deepEqual(duesLines({ month: '2020年10月', source: 'legacy', members: null, dueFen: null, collectedFen: null, paid: 8, unpaid: null }).map((d) => d.value), ['未登记', '未登记', '8 人', '未登记'])
  })
})

describe('safeFileName', () => {
  it('replaces characters a file system or header refuses', () => {
    assert.equal(safeFileName('纪要-2020-10-15-A/B:C*"D"'), '纪要-2020-10-15-A_B_C_D_')
  })
})

describe('recordBookQuery', () => {
  it('takes a year from 2000 to 2100, the current Shanghai year by default', () => {
    assert.equal(recordBookQuery.parse({ year: '2020' }).year, 2020)
    assert.equal(recordBookQuery.parse({}).year, local().year())
    assert.equal(recordBookQuery.parse({ year: '' }).year, local().year())
    for (const year of ['1999', '2101', 'abc', '2020.5']) assert.equal(recordBookQuery.safeParse({ year }).success, false, year)
  })
})

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { rosterOf } from '../../src/attendance/counts.ts'
import { personLabel, splitLabel } from '../../src/members/labels.ts'

describe('splitLabel', () => {
  it('reads personLabel back', () => {
    for (const p of [{ name: '李学良', title: '机关党委专职副书记', partyPost: '支部书记' }, { name: '汪蓉', partyPost: '组织宣传委员' }, { name: '孙浩然' }]) {
      assert.deepEqual(splitLabel(personLabel(p)), { name: p.name, post: [p.title, p.partyPost].filter(Boolean).join('、') })
    }
  })
})

describe('rosterOf', () => {
  const startsAt = new Date('2020-10-15T06:30:00Z')
  const live = [
    { id: 3, name: '新名', standing: 'full', transferredOutAt: null },
    { id: 1, name: '会前转出', standing: 'full', transferredOutAt: new Date('2020-10-01T00:00:00Z') },
    { id: 9, name: '后来的', standing: 'full', transferredOutAt: null },
  ]
  const rows = [
    { memberId: 3, memberName: '旧名', memberStanding: 'probationary' },
    { memberId: 2, memberName: '未登记者', memberStanding: 'full' },
    { memberId: 1, memberName: null, memberStanding: null },
  ]
  it('is the frozen rows of a locked record, in branch order, never the live members', () => {
    assert.deepEqual(rosterOf({ status: 'reviewed', startsAt }, live, rows), [
      { id: 2, name: '未登记者', standing: 'full' },
      { id: 3, name: '旧名', standing: 'probationary' },
    ])
  })
  it('is the live members expected at the event while unlocked', () => {
    assert.deepEqual(rosterOf({ status: 'held', startsAt }, live, rows).map((m) => m.name), ['新名', '后来的'])
  })
})

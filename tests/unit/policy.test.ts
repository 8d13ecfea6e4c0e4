import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { access, canRead, canReadBranch, canSeeAllBranches, canSeeDuesBase, canWrite, lockMessage } from '../../src/open-days/policy.ts'
import type { CurrentUser } from '../../src/lib/user.ts'

const user = (role: CurrentUser['role'], branchId: number | null = null): CurrentUser => ({ id: 1, username: 'u', displayName: 'u', role, branchId, branchName: null })
const held = { branchId: 7, status: 'held' }

describe('the open day access and lock policy', () => {
  it('lets the office and viewers read every branch, a secretary only their own', () => {
    assert.equal(canRead(user('office'), held), true)
    assert.equal(canRead(user('viewer'), held), true)
    assert.equal(canRead(user('secretary', 7), held), true)
    assert.equal(canRead(user('secretary', 8), held), false)
    assert.equal(canRead(undefined, held), false)
  })

  it('lets editors of the branch write until the record is reviewed or cancelled', () => {
    assert.equal(canWrite(user('secretary', 7), held), true)
    assert.equal(canWrite(user('viewer'), held), false)
    assert.equal(canWrite(user('secretary', 8), held), false)
    assert.equal(canWrite(user('office'), { branchId: 7, status: 'reviewed' }), false)
    assert.equal(canWrite(user('office'), { branchId: 7, status: 'cancelled' }), false)
  })

  it('decides the cross-branch overviews (dues, assessment) and who sees a dues base', () => {
    assert.deepEqual([user('office'), user('viewer'), user('secretary', 7), undefined].map(canSeeAllBranches), [true, true, false, false])
    assert.deepEqual([user('office'), user('viewer'), user('secretary', 7), user('secretary', 8)].map((u) => canReadBranch(u, 7)), [true, true, true, false])
    assert.deepEqual([user('office'), user('viewer'), user('secretary', 7), user('secretary', 8)].map((u) => canSeeDuesBase(u, 7)), [true, false, true, false])
  })

  it('gives views booleans and the reason a record is closed', () => {
    assert.deepEqual(access(user('secretary', 7), { branchId: 7, status: 'reviewed' }), { mayRead: true, mayManage: true, mayWrite: false, lockMessage: lockMessage({ status: 'reviewed' }) })
    assert.match(lockMessage({ status: 'cancelled' }) ?? '', /已取消/)
    assert.equal(lockMessage(held), null)
  })
})

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isLocked } from '../../src/open-days/policy.ts'
import { allowedTransitions, isEditable } from '../../src/open-days/status.ts'

describe('open day lifecycle', () => {
  it('lets a secretary submit a draft but not approve it', () => {
    assert.deepEqual(allowedTransitions('draft', 'secretary'), ['submit', 'cancel'])
    assert.deepEqual(allowedTransitions('submitted', 'secretary'), ['cancel'])
  })

  it('lets the party office approve or return a submission', () => {
    assert.deepEqual(allowedTransitions('submitted', 'office'), ['approve', 'return', 'cancel'])
  })

  it('gives viewers nothing to do and ends at reviewed (final) or cancelled', () => {
    assert.deepEqual(allowedTransitions('draft', 'viewer'), [])
    assert.deepEqual(allowedTransitions('reviewed', 'secretary'), [])
    assert.deepEqual(allowedTransitions('cancelled', 'office'), [])
    assert.deepEqual(allowedTransitions('held', 'secretary'), ['review'])
  })

  it('lets only the party office reopen a final record', () => {
    assert.deepEqual(allowedTransitions('reviewed', 'office'), ['reopen'])
    assert.equal(isLocked({ status: 'reviewed' }), true)
    assert.equal(isLocked({ status: 'cancelled' }), true)
    assert.equal(isLocked({ status: 'held' }), false)
    assert.equal(isLocked({ status: 'approved' }), false)
  })

  it('keeps details editable only until the event is held', () => {
    assert.equal(isEditable('approved'), true)
    assert.equal(isEditable('held'), false)
    assert.equal(isEditable('cancelled'), false)
  })
})

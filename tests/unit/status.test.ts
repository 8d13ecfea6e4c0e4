import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { allowedTransitions, isEditable } from '../../src/open-days/status.ts'

describe('open day lifecycle', () => {
  it('lets a secretary submit a draft but not approve it', () => {
    assert.deepEqual(allowedTransitions('draft', 'secretary'), ['submit', 'cancel'])
    assert.deepEqual(allowedTransitions('submitted', 'secretary'), ['cancel'])
  })

  it('lets the party office approve or return a submission', () => {
    assert.deepEqual(allowedTransitions('submitted', 'office'), ['approve', 'return', 'cancel'])
  })

  it('gives viewers nothing to do and ends at reviewed or cancelled', () => {
    assert.deepEqual(allowedTransitions('draft', 'viewer'), [])
    assert.deepEqual(allowedTransitions('reviewed', 'office'), [])
    assert.deepEqual(allowedTransitions('cancelled', 'office'), [])
    assert.deepEqual(allowedTransitions('held', 'secretary'), ['review'])
  })

  it('keeps details editable only until the event is held', () => {
    assert.equal(isEditable('approved'), true)
    assert.equal(isEditable('held'), false)
    assert.equal(isEditable('cancelled'), false)
  })
})

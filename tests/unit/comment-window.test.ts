import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { commentAvailability, commentWindow, TAKING_COMMENTS } from '../../src/comments/window.ts'
import { isLocked } from '../../src/open-days/policy.ts'
import { STATUSES } from '../../src/open-days/status.ts'

const startsAt = new Date('2030-06-12T06:30:00Z')
const endsAt = new Date('2030-06-12T08:30:00Z')
const event = (over: Partial<{ status: string; commentsOpenAt: Date | null; commentsCloseAt: Date | null }> = {}) => ({
  startsAt,
  endsAt,
  commentsOpenAt: null,
  commentsCloseAt: null,
  status: 'approved',
  ...over,
})
const at = (iso: string) => new Date(iso)

describe('commentAvailability', () => {
  it('opens at the start and closes 24 hours after the end by default', () => {
    assert.equal(commentAvailability(event(), at('2030-06-12T06:29:59Z')), 'not-yet')
    assert.equal(commentAvailability(event(), at('2030-06-12T06:30:00Z')), 'open')
    assert.equal(commentAvailability(event(), at('2030-06-13T08:29:59Z')), 'open')
    assert.equal(commentAvailability(event(), at('2030-06-13T08:30:00Z')), 'closed')
    assert.equal(commentWindow(event()).closesAt.toISOString(), '2030-06-13T08:30:00.000Z')
  })

  it('follows the times set for the event', () => {
    const set = event({ commentsOpenAt: at('2030-06-12T06:00:00Z'), commentsCloseAt: at('2030-06-12T09:00:00Z') })
    assert.equal(commentAvailability(set, at('2030-06-12T06:10:00Z')), 'open')
    assert.equal(commentAvailability(set, at('2030-06-12T09:00:00Z')), 'closed')
  })

  it('tells a draft or a cancelled event apart from a closed window', () => {
    const during = at('2030-06-12T07:00:00Z')
    assert.equal(commentAvailability(event({ status: 'draft' }), during), 'unpublished')
    assert.equal(commentAvailability(event({ status: 'submitted' }), during), 'unpublished')
    assert.equal(commentAvailability(event({ status: 'cancelled' }), during), 'cancelled')
    assert.equal(commentAvailability(event({ status: 'held' }), during), 'open')
    assert.equal(commentAvailability(event({ status: 'reviewed' }), during), 'closed')
  })

  it('takes comments only in statuses whose record is not locked (the insert reads the same list)', () => {
    const during = at('2030-06-12T07:00:00Z')
    for (const status of STATUSES) {
      assert.equal(TAKING_COMMENTS.includes(status), commentAvailability(event({ status }), during) === 'open', status)
      if (isLocked({ status })) assert.ok(!TAKING_COMMENTS.includes(status), status)
    }
  })
})

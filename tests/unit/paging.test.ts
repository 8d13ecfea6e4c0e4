import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { pageHref, pageParam, pagerFor } from '../../src/lib/paging.ts'

describe('paging', () => {
  it('keeps the page within the pages there are', () => {
    assert.deepEqual(pagerFor(1, 0, 50), { page: 1, pages: 1, total: 0, size: 50, skip: 0 })
    assert.deepEqual(pagerFor(2, 120, 50), { page: 2, pages: 3, total: 120, size: 50, skip: 50 })
    assert.equal(pagerFor(99, 120, 50).page, 3)
    assert.equal(pagerFor(3, 100, 50).page, 2)
  })

  it('links keep the filters and leave out blanks and page 1', () => {
    assert.equal(pageHref('/open-days', { year: 2025, branchId: undefined, status: 'held' }, 2), '/open-days?year=2025&status=held&page=2')
    assert.equal(pageHref('/open-days', { status: '' }, 1), '/open-days')
  })

  it('reads ?page= as a positive whole number, blank as 1', () => {
    assert.equal(pageParam.parse(undefined), 1)
    assert.equal(pageParam.parse(''), 1)
    assert.equal(pageParam.parse('3'), 3)
    for (const bad of ['0', '-1', '1.5', 'abc']) assert.equal(pageParam.safeParse(bad).success, false, bad)
  })
})

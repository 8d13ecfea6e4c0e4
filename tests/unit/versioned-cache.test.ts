import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { VersionedCache } from '../../src/cache/versioned.ts'

describe('VersionedCache', () => {
  it('computes once per version and again when the version moves', async () => {
    const cache = new VersionedCache<number>()
    let calls = 0
    const compute = async () => ++calls
    assert.equal(await cache.get('a', '1', compute), 1)
    assert.equal(await cache.get('a', '1', compute), 1)
    assert.equal(await cache.get('a', '2', compute), 2)
    assert.equal(cache.versionOf('a'), '2')
  })

  it('keeps other keys when one changes, and drops the oldest past its size', async () => {
    const cache = new VersionedCache<string>(2)
    await cache.get('a', '1', async () => 'A')
    await cache.get('b', '1', async () => 'B')
    await cache.get('a', '2', async () => 'A2')
    assert.equal(cache.versionOf('b'), '1')
    await cache.get('c', '1', async () => 'C')
    assert.equal(cache.versionOf('b'), undefined)
    assert.equal(cache.versionOf('a'), '2')
  })

  it('does not keep a failed computation', async () => {
    const cache = new VersionedCache<string>()
    await assert.rejects(cache.get('a', '1', async () => Promise.reject(new Error('down'))))
    assert.equal(cache.versionOf('a'), undefined)
    assert.equal(await cache.get('a', '1', async () => 'ok'), 'ok')
  })
})

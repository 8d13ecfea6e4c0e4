import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hashPassword, randomPassword, verifyPassword } from '../../src/lib/password.ts'

describe('passwords', () => {
  it('hashes with scrypt and a fresh salt, and verifies only the right password', async () => {
    const a = await hashPassword('秘密-password-1')
    const b = await hashPassword('秘密-password-1')
    assert.match(a, /^scrypt\$16384\$8\$1\$/)
    assert.notEqual(a, b)
    assert.equal(await verifyPassword('秘密-password-1', a), true)
    assert.equal(await verifyPassword('秘密-password-2', a), false)
    assert.equal(await verifyPassword('x', 'garbage'), false)
  })

  it('makes readable random passwords without look-alike characters', () => {
    const p = randomPassword()
    assert.equal(p.length, 12)
    assert.doesNotMatch(p, /[0O1l]/)
  })
})

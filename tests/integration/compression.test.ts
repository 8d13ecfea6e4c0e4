import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { anonymous } from '../helpers/http.ts'

describe('compression', () => {
  it('gzips pages and stylesheets for browsers that accept it', async () => {
    for (const path of ['/login', '/public/css/app.css']) {
      const res = await anonymous().get(path).set('Accept-Encoding', 'gzip')
      assert.equal(res.status, 200)
      assert.equal(res.headers['content-encoding'], 'gzip', path)
    }
  })

  it('sends small JSON answers as they are', async () => {
    const res = await anonymous().get('/healthz').set('Accept-Encoding', 'gzip')
    assert.equal(res.status, 200)
    assert.equal(res.headers['content-encoding'], undefined)
  })

  it('sends plain bytes to a client that does not ask for gzip', async () => {
    const res = await anonymous().get('/login').set('Accept-Encoding', 'identity')
    assert.equal(res.headers['content-encoding'], undefined)
    assert.match(res.text, /登录/)
  })
})

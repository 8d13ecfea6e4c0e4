import assert from 'node:assert/strict'
import { test } from 'node:test'
import { gunzipSync } from 'node:zlib'
import { SplicedPage } from '../../src/web/spliced-page.ts'

const CSRF = '\u0001csrf\u0001'
const KEY = '\u0001key\u0001'
const html = `<!doctype html><p>观摩点评 ${'重复的文字 '.repeat(300)}</p><input value="${CSRF}"><input value="${KEY}"><p>${CSRF}</p>结束`

test('the text and the gzip carry each request’s values where the markers were', () => {
  const page = new SplicedPage(html, [CSRF, KEY])
  for (const values of [['c.abc-DEF_1', '0b9f1c9e-4c1a-4c59-9a43-0e3c6c1f6f11'], ['c.other', ''], ['x'.repeat(200), 'k']]) {
    const expected = html.replaceAll(CSRF, values[0]!).replaceAll(KEY, values[1]!)
    assert.equal(page.text(values).toString(), expected)
    assert.equal(gunzipSync(page.gzip(values)).toString(), expected)
  }
})

test('the gzip is smaller than the text, and a page without slots works too', () => {
  const page = new SplicedPage(html, [CSRF, KEY])
  assert.ok(page.gzip(['a', 'b']).length < page.text(['a', 'b']).length / 4)
  const plain = new SplicedPage('<p>没有表单</p>', [CSRF, KEY])
  assert.equal(gunzipSync(plain.gzip([])).toString(), '<p>没有表单</p>')
  assert.equal(plain.text([]).toString(), '<p>没有表单</p>')
})

test('a value that is not token-like is refused, not spliced into the markup', () => {
  const page = new SplicedPage(html, [CSRF, KEY])
  assert.throws(() => page.text(['"><script>', 'k']))
  assert.throws(() => page.gzip(['a', 'b'.repeat(201)]))
})

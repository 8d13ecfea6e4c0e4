import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { normalizeFields, normalizeText, oneLine, stripControls } from '../../src/lib/text.ts'

describe('normalizeText', () => {
  it('removes control characters but keeps tab and line breaks, then composes (NFC)', () => {
    assert.equal(normalizeText('a\u0000b\u000bc\u001bd\u007fe\u0085f\tg\r\nh'), 'abcdef\tg\r\nh')
    assert.equal(normalizeText('Cafe\u0301'), 'Café')
    assert.equal(normalizeText('x\ud800y\udc00z😀'), 'xyz😀')
    assert.equal(normalizeText('\ufffe\uffff'), '')
  })

  it('counts length after normalising: 20 characters with controls between them fit a 20-character field', () => {
    assert.equal(normalizeText('张'.repeat(10) + '\u0000'.repeat(5) + '张'.repeat(10)).length, 20)
  })

  it('normalises every string of a body, keys too, and leaves Dates alone', () => {
    const when = new Date(0)
    assert.deepEqual(normalizeFields({ a: 'x\u0000', list: ['e\u0301', 1], nested: { when } }), { a: 'x', list: ['é', 1], nested: { when } })
  })
})

describe('writers', () => {
  it('iCalendar fields get one line without controls; XML keeps line breaks', () => {
    assert.equal(oneLine('a\r\nEND:VEVENT\u000b'), 'a END:VEVENT')
    assert.equal(stripControls('a\nb\u0008'), 'a\nb')
  })
})

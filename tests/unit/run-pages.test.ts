import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fontVh, MIN_FONT_VH, pageIndex, stageText, textPages } from '../../src/run/pages.ts'
import { OATH_TEXT } from '../../src/records/oath.ts'
import { ARTICLE_36 } from '../helpers/reading-text.ts'

describe('long texts cut into screen pages', () => {
  it('keeps the oath on one page, in large type', () => {
    assert.deepEqual(textPages(OATH_TEXT), [OATH_TEXT])
    assert.ok(fontVh(OATH_TEXT) > 6)
  })

  it('cuts 党章第三十六条 into a few pages at paragraph ends, losing nothing', () => {
    const pages = textPages(ARTICLE_36)
    assert.ok(ARTICLE_36.length > 600, `${ARTICLE_36.length} characters`)
    assert.ok(pages.length >= 2 && pages.length <= 4, `${pages.length} pages`)
    assert.equal(pages.join('\n'), ARTICLE_36)
    for (const p of pages.slice(1)) assert.match(p, /^（[一二三四五六]）/)
    for (const p of pages) assert.ok(fontVh(p) >= MIN_FONT_VH)
  })

  it('cuts one long paragraph after sentences, or anywhere when a sentence fills a page', () => {
    const paragraph = ARTICLE_36.replaceAll('\n', '')
    const pages = textPages(paragraph)
    assert.equal(pages.join(''), paragraph)
    assert.ok(pages.length >= 2)
    for (const p of pages.slice(0, -1)) assert.match(p, /[。；：]$/)
    const run = '很'.repeat(1000)
    assert.equal(textPages(run).join(''), run)
    assert.equal(textPages(run).length, 4)
  })

  it('shows the last page when the host is past it; texts by segment kind', () => {
    assert.equal(pageIndex(5, ['a', 'b']), 1)
    assert.equal(pageIndex(-1, ['a']), 0)
    assert.equal(stageText({ kind: 'oath', record: '{}' })?.text, OATH_TEXT)
    assert.equal(stageText({ kind: 'reading', record: '{}' }), null)
    const study = stageText({ kind: 'study', record: JSON.stringify({ materials: [{ title: '学习材料一' }], keyPoints: '要点' }) })
    assert.deepEqual([study?.heading, study?.text], ['学习材料一', '要点'])
    assert.equal(stageText({ kind: 'speeches', record: '{}' }), null)
  })
})

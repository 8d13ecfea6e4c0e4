import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fenToYuan, yuanToFen } from '../../src/lib/money.ts'
import { parseRecord } from '../../src/records/shapes.ts'

describe('dues amounts', () => {
  it('turns 元 with up to two decimals into fen without floating point', () => {
    assert.equal(yuanToFen('1280'), 128000)
    assert.equal(yuanToFen('1280.5'), 128050)
    assert.equal(yuanToFen('0.07'), 7)
    assert.equal(yuanToFen(' 19.99 '), 1999)
    for (const bad of ['', '12.345', '-1', '1e3', '一百', '12.', '1,28', '12,80.50', ',128']) assert.equal(yuanToFen(bad), null, bad)
    assert.equal(yuanToFen('1,280.50'), 128050, 'thousands separators as typed')
    assert.equal(yuanToFen('1,234,567'), 123456700)
    assert.equal(yuanToFen('¥12.5'), 1250)
    assert.equal(yuanToFen('12.50元'), 1250)
  })
  it('shows fen as 元 with two decimals', () => {
    assert.equal(fenToYuan(128050), '1280.50')
    assert.equal(fenToYuan(7), '0.07')
    assert.equal(fenToYuan(null), '')
  })
})

describe('parseRecord', () => {
  it('never breaks a page on an old or hand-edited row', () => {
    assert.deepEqual(parseRecord('dues', 'not json'), { legacyTotalFen: null, legacyPayers: null })
    assert.deepEqual(parseRecord('oath', '{"participantIds":"all"}'), { participantIds: null })
    assert.deepEqual(parseRecord('concluding_speech', '{"points":["形式好"]}'), { points: ['形式好'] })
  })
})

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { averageScores, commentStats, parseScores } from '../../src/observers/scores.ts'
import { rows } from '../helpers/score-rows.ts'

const CRITERIA = ['形式', '主题', '发言']

describe('parseScores', () => {
  it('reads the shown criteria by name, null where not scored, and leaves out criteria not shown', () => {
    assert.deepEqual(parseScores(rows({ 形式: 5, 其他: 3 }), CRITERIA), { 形式: 5, 主题: null, 发言: null })
    assert.deepEqual(parseScores([], CRITERIA), { 形式: null, 主题: null, 发言: null })
  })
})

describe('averageScores', () => {
  it('averages each criterion over the comments that scored it, to one decimal', () => {
    const averages = averageScores([{ criterionScores: rows({ 形式: 5, 主题: 4 }) }, { criterionScores: rows({ 形式: 4 }) }, { criterionScores: rows({ 形式: 4 }) }], CRITERIA)
    assert.deepEqual(averages, [
      { criterion: '形式', average: 4.3, count: 3 },
      { criterion: '主题', average: 4, count: 1 },
      { criterion: '发言', average: null, count: 0 },
    ])
  })
})

describe('commentStats', () => {
  it('counts by status and adoption', () => {
    const at = new Date()
    const stats = commentStats([
      { status: 'visible', adoptedAt: at },
      { status: 'visible', adoptedAt: null },
      { status: 'pending', adoptedAt: null },
      { status: 'hidden', adoptedAt: null },
    ])
    assert.deepEqual(stats, { total: 4, visible: 2, pending: 1, hidden: 1, adopted: 1 })
  })
})

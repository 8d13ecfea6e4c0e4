import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { branchPoints, DEFAULT_RULES, heldOnTime, mean, sheetTotal, tierOf } from '../../src/assessment/scoring.ts'
import { sortBranches, type BranchAssessment } from '../../src/assessment/annual.ts'
import { perMonthChart, scoreDistributionChart } from '../../src/assessment/charts.ts'
import { fromLocal } from '../../src/lib/dates.ts'

const rules = { ...DEFAULT_RULES, pointsPerHosted: 2, pointsPerObserved: 1, yearlyCap: 10, advancedMin: 8, middleMin: 4, onTimeDays: 3 }

describe('sheetTotal: the office sheet on 100 points', () => {
  it('adds up five equally weighted criteria of 0–20', () => {
    assert.equal(sheetTotal([18, 20, 17, 15, 19].map((score) => ({ weight: 1, score }))), 89)
    assert.equal(sheetTotal([0, 0].map((score) => ({ weight: 1, score }))), 0)
  })
  it('weights: a criterion of weight 3 counts three times', () => {
    // (3 × 20/20 + 1 × 10/20) / 4 × 100 = 87.5
    assert.equal(sheetTotal([{ weight: 3, score: 20 }, { weight: 1, score: 10 }]), 87.5)
    assert.equal(sheetTotal([{ weight: 2, score: 13 }, { weight: 1, score: 7 }]), 55)
  })
  it('is null with nothing scored', () => {
    assert.equal(sheetTotal([]), null)
    assert.equal(mean([]), null)
    assert.equal(mean([80, 85, 90.5]), 85.2)
  })
})

describe('branchPoints and tierOf', () => {
  it('counts hosted and the secretary’s observed open days', () => {
    assert.deepEqual(branchPoints({ hosted: 2, observedBySecretary: 3 }, rules), { raw: 7, points: 7, capped: false })
    assert.deepEqual(branchPoints({ hosted: 0, observedBySecretary: 0 }, rules), { raw: 0, points: 0, capped: false })
  })
  it('caps the year: exactly the cap is not capped, above it is', () => {
    assert.deepEqual(branchPoints({ hosted: 5, observedBySecretary: 0 }, rules), { raw: 10, points: 10, capped: false })
    assert.deepEqual(branchPoints({ hosted: 12, observedBySecretary: 4 }, rules), { raw: 28, points: 10, capped: true })
    assert.deepEqual(branchPoints({ hosted: 3, observedBySecretary: 1 }, { ...rules, pointsPerHosted: 1.5, pointsPerObserved: 0.5 }), { raw: 5, points: 5, capped: false })
  })
  it('reaches a tier at exactly its threshold', () => {
    assert.equal(tierOf(8, rules), 'advanced')
    assert.equal(tierOf(7.9, rules), 'middle')
    assert.equal(tierOf(4, rules), 'middle')
    assert.equal(tierOf(3.5, rules), 'lagging')
    assert.equal(tierOf(0, { ...rules, middleMin: 0 }), 'middle')
  })
})

describe('heldOnTime', () => {
  const ends = fromLocal('2030-03-10', '16:30')!
  it('counts Shanghai calendar days after the event', () => {
    assert.equal(heldOnTime(ends, fromLocal('2030-03-13', '23:59')!, rules), true)
    assert.equal(heldOnTime(ends, fromLocal('2030-03-14', '00:01')!, rules), false)
    assert.equal(heldOnTime(ends, fromLocal('2030-03-10', '17:00')!, { ...rules, onTimeDays: 0 }), true)
    assert.equal(heldOnTime(ends, null, rules), false)
  })
})

describe('sortBranches', () => {
  const row = (name: string, points: number, averageScore: number | null) => ({ branch: { id: name.length, name }, points, averageScore, hosted: points }) as unknown as BranchAssessment
  const rows = [row('乙支部', 4, 80), row('甲支部', 8, null), row('丙支部', 4, 90)]
  it('sorts by a number either way, ties by name, a missing score last', () => {
    assert.deepEqual(sortBranches(rows, 'points', 'desc').map((r) => r.branch.name), ['甲支部', '丙支部', '乙支部'])
    assert.deepEqual(sortBranches(rows, 'points', 'asc').map((r) => r.branch.name), ['丙支部', '乙支部', '甲支部'])
    assert.deepEqual(sortBranches(rows, 'score', 'asc').map((r) => r.branch.name), ['乙支部', '丙支部', '甲支部'])
    assert.deepEqual(sortBranches(rows, 'score', 'desc').map((r) => r.branch.name), ['丙支部', '乙支部', '甲支部'])
  })
})

describe('charts', () => {
  it('draws twelve months with their counts and escapes branch names', () => {
    const svg = perMonthChart(2030, [0, 1, 2, 0, 0, 0, 0, 0, 0, 3, 0, 0], [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    assert.match(svg, /^<svg class="chart" id="chart-months"/)
    assert.equal((svg.match(/class="bar-held"/g) ?? []).length, 13)
    assert.match(svg, /<title>3月：3 场（已举办 2）<\/title>/)
    const scores = scoreDistributionChart(2030, [{ name: '<script>支部', scores: [80, 90], average: 85 }, { name: '无评分支部', scores: [], average: null }])
    assert.doesNotMatch(scores, /<script>/)
    assert.match(scores, /&#60;script&#62;支部：平均 85\.0 分，2 场已评分/)
    assert.equal((scores.match(/<circle class="dot"/g) ?? []).length, 3)
  })
})

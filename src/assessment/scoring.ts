import { z } from 'zod'
import { local } from '../lib/dates.ts'

// The assessment's maths, pure: the office's sheet total, a branch's points and tier. Rules are settings.

/** the office scores each criterion 0–20; observers 1–5 */
export const OFFICE_MAX = 20
export const OBSERVER_MAX = 5

export const rulesSchema = z.object({
  /** points for each open day the branch hosted (held or reviewed) in the year */
  pointsPerHosted: z.number().min(0).max(100),
  /** points for each open day of another branch its secretary observed */
  pointsPerObserved: z.number().min(0).max(100),
  /** at most this many points a year */
  yearlyCap: z.number().min(0).max(1000),
  /** points from which a branch is 先进, and 中间 (below: 后进) */
  advancedMin: z.number().min(0).max(1000),
  middleMin: z.number().min(0).max(1000),
  /** an open day marked held within this many days after its date counts as held on time */
  onTimeDays: z.number().int().min(0).max(60),
})
export type Rules = z.output<typeof rulesSchema>
export const DEFAULT_RULES: Rules = { pointsPerHosted: 2, pointsPerObserved: 1, yearlyCap: 10, advancedMin: 8, middleMin: 4, onTimeDays: 3 }

const round1 = (n: number) => Math.round(n * 10) / 10

/** the weighted mean of the office's scores on a 100-point scale, to one decimal; null when nothing is scored.
 *  Five equally weighted criteria of 0–20 simply add up. */
export function sheetTotal(scores: { weight: number; score: number }[]): number | null {
  const weights = scores.reduce((sum, s) => sum + s.weight, 0)
  if (weights <= 0) return null
  return round1((scores.reduce((sum, s) => sum + s.weight * (s.score / OFFICE_MAX), 0) / weights) * 100)
}

export function mean(values: number[]): number | null {
  return values.length ? round1(values.reduce((a, b) => a + b, 0) / values.length) : null
}

export type Points = { raw: number; points: number; capped: boolean }

/** hosted × per-hosted + observed by the secretary × per-observed, at most the yearly cap */
export function branchPoints(counts: { hosted: number; observedBySecretary: number }, rules: Rules): Points {
  const raw = round1(counts.hosted * rules.pointsPerHosted + counts.observedBySecretary * rules.pointsPerObserved)
  return { raw, points: Math.min(raw, rules.yearlyCap), capped: raw > rules.yearlyCap }
}

export const TIERS = ['advanced', 'middle', 'lagging'] as const
export type Tier = (typeof TIERS)[number]
export const TIER_LABELS: Record<Tier, string> = { advanced: '先进', middle: '中间', lagging: '后进' }

/** a threshold is reached at exactly its value */
export function tierOf(points: number, rules: Rules): Tier {
  if (points >= rules.advancedMin) return 'advanced'
  if (points >= rules.middleMin) return 'middle'
  return 'lagging'
}

/** marked held by the end of the onTimeDays-th day after its date (Shanghai calendar days) */
export function heldOnTime(endsAt: Date, heldAt: Date | null, rules: Rules): boolean {
  if (!heldAt) return false
  return !local(heldAt).isAfter(local(endsAt).add(rules.onTimeDays, 'day').endOf('day'))
}

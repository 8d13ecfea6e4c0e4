import type { ScoreRow } from '../assessment/criteria.ts'

// Scores are CommentScore rows; pages read them by criterion name, the names the page shows.

export type Scores = Record<string, number | null>
export type ScoredComment = { criterionScores: ScoreRow[] }

/** each shown criterion → the comment's score, or null when not scored */
export function parseScores(rows: ScoreRow[], criteria: readonly string[]): Scores {
  const byName = new Map(rows.map((r) => [r.criterion.name, r.score]))
  return Object.fromEntries(criteria.map((c) => [c, byName.get(c) ?? null]))
}

export type ScoreAverage = { criterion: string; average: number | null; count: number }

/** the mean of each criterion over the comments that scored it, to one decimal */
export function averageScores(comments: ScoredComment[], criteria: readonly string[]): ScoreAverage[] {
  const parsed = comments.map((c) => parseScores(c.criterionScores, criteria))
  return criteria.map((criterion) => {
    const values = parsed.map((s) => s[criterion]).filter((v): v is number => v !== null)
    const average = values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10 : null
    return { criterion, average, count: values.length }
  })
}

export type CommentStats = { total: number; visible: number; pending: number; hidden: number; adopted: number }

export function commentStats(comments: { status: string; adoptedAt: Date | null }[]): CommentStats {
  const count = (status: string) => comments.filter((c) => c.status === status).length
  return {
    total: comments.length,
    visible: count('visible'),
    pending: count('pending'),
    hidden: count('hidden'),
    adopted: comments.filter((c) => c.adoptedAt).length,
  }
}

export const COMMENT_STATUS_LABELS: Record<string, string> = { visible: '已上墙', pending: '待审核', hidden: '已隐藏' }

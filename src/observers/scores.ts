// Scores are stored as JSON {criterion: 1..5}: read them defensively, anything else counts as unscored.

export type Scores = Record<string, number | null>

export function parseScores(json: string, criteria: readonly string[]): Scores {
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch {
    raw = {}
  }
  const obj = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {}
  return Object.fromEntries(
    criteria.map((c) => {
      const v = obj[c]
      return [c, typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5 ? v : null]
    }),
  )
}

export type ScoreAverage = { criterion: string; average: number | null; count: number }

/** the mean of each criterion over the comments that scored it, to one decimal */
export function averageScores(comments: { scores: string }[], criteria: readonly string[]): ScoreAverage[] {
  const parsed = comments.map((c) => parseScores(c.scores, criteria))
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

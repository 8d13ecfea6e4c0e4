import type { ScoreRow } from '../../src/assessment/criteria.ts'

const NAMES = ['形式', '主题', '发言', '点评', '转化']

/** { 形式: 5 } → score rows as the database gives them (ids and positions after the “五好”) */
export function rows(scores: Record<string, number>): ScoreRow[] {
  return Object.entries(scores).map(([name, score]) => {
    const i = NAMES.includes(name) ? NAMES.indexOf(name) : NAMES.length + name.length
    return { criterionId: i + 1, score, criterion: { name, position: i + 1 } }
  })
}

type Db = (typeof import('../../src/db.ts'))['db']

/** a comment's stored scores as { 形式: 5 } */
export async function storedScores(db: Db, commentId: number): Promise<Record<string, number>> {
  const rows = await db.commentScore.findMany({ where: { commentId }, include: { criterion: true }, orderBy: { criterion: { position: 'asc' } } })
  return Object.fromEntries(rows.map((r) => [r.criterion.name, r.score]))
}

/** { 形式: 5 } → a nested create for db.comment.create({ data: { criterionScores } }) */
export async function scoresData(db: Db, scores: Record<string, number>) {
  const criteria = await db.criterion.findMany({ where: { name: { in: Object.keys(scores) } } })
  return { create: criteria.map((c) => ({ criterionId: c.id, score: scores[c.name] })) }
}

import { db } from '../db.ts'
import type { CurrentUser } from '../lib/user.ts'
import { averageScores, type ScoreAverage } from '../observers/scores.ts'
import { forbidden } from '../lib/errors.ts'
import { FormError } from '../lib/errors.ts'
import { allCriteria, scoreSelect, type CriterionRow } from './criteria.ts'
import { sheetTotal } from './scoring.ts'
import type { SaveScoreSheet } from './schemas.ts'

/** the office scores an open day once it has taken place */
export const SCORABLE = ['held', 'reviewed']

function loadSheet(openDayId: number) {
  return db.scoreSheet.findUnique({ where: { openDayId }, include: { scores: true, scoredBy: { select: { displayName: true } } } })
}

/** the criteria on the sheet: the active ones, and retired ones this sheet already scored */
function sheetCriteria(criteria: CriterionRow[], scored: { criterionId: number }[]): CriterionRow[] {
  const used = new Set(scored.map((s) => s.criterionId))
  return criteria.filter((c) => c.active || used.has(c.id))
}

export type SheetRow = { criterion: CriterionRow; score: number | null; observers: ScoreAverage }

/** the office's sheet with the observers' averages beside each criterion, for reference */
export async function scoreSheetOf(openDayId: number) {
  const [sheet, criteria, comments] = await Promise.all([
    loadSheet(openDayId),
    allCriteria(),
    db.comment.findMany({ where: { openDayId, status: 'visible' }, select: { criterionScores: scoreSelect } }),
  ])
  const shown = sheetCriteria(criteria, sheet?.scores ?? [])
  const averages = averageScores(comments, shown.map((c) => c.name))
  const rows: SheetRow[] = shown.map((c, i) => ({ criterion: c, score: sheet?.scores.find((s) => s.criterionId === c.id)?.score ?? null, observers: averages[i] }))
  const total = sheet ? sheetTotal(rows.flatMap((r) => (r.score === null ? [] : [{ weight: r.criterion.weight, score: r.score }]))) : null
  return { sheet, rows, total, commentCount: comments.length }
}

/** the party office alone scores; a stale form (someone saved in between) is refused; scores replaced in one transaction */
export async function saveScoreSheet(user: CurrentUser, openDay: { id: number; status: string }, input: SaveScoreSheet): Promise<void> {
  if (user.role !== 'office') throw forbidden()
  if (!SCORABLE.includes(openDay.status)) throw new FormError({}, '开放日举办后才能评分。')
  await db.$transaction(async (tx) => {
    const sheet = await tx.scoreSheet.findUnique({ where: { openDayId: openDay.id }, include: { scores: { select: { criterionId: true } } } })
    if ((sheet?.version ?? 0) !== input.version) throw new FormError({}, '评分表已被他人修改，请刷新页面后再保存。')
    const allowed = new Set(sheetCriteria(await tx.criterion.findMany(), sheet?.scores ?? []).map((c) => c.id))
    const missing = [...allowed].filter((id) => !input.scores.some((s) => s.criterionId === id))
    if (missing.length || input.scores.some((s) => !allowed.has(s.criterionId))) {
      throw new FormError(Object.fromEntries(missing.map((id) => [`score_${id}`, '请评分'])), '请为每个评分项打分（评分项可能刚被修改，请刷新页面）。')
    }
    const data = { comment: input.comment, scoredById: user.id }
    const saved = sheet
      ? await tx.scoreSheet.update({ where: { id: sheet.id }, data: { ...data, version: { increment: 1 } } })
      : await tx.scoreSheet.create({ data: { ...data, openDayId: openDay.id } })
    await tx.officeScore.deleteMany({ where: { sheetId: saved.id } })
    await tx.officeScore.createMany({ data: input.scores.map((s) => ({ sheetId: saved.id, criterionId: s.criterionId, score: s.score })) })
  })
}

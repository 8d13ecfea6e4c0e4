import { VersionedCache } from '../cache/versioned.ts'
import { db } from '../db.ts'
import { appVersions } from '../open-days/queries.ts'
import { FormError } from '../lib/errors.ts'

/** 评分项 rows: observers score 1–5 on the active ones, the party office 0–20 */
export type CriterionRow = { id: number; name: string; weight: number; position: number; active: boolean }
/** a stored score (observer's or office's) with its criterion's current name */
export type ScoreRow = { criterionId: number; score: number; criterion: { name: string; position: number } }

export const scoreSelect = { select: { criterionId: true, score: true, criterion: { select: { name: true, position: true } } } } as const

const fields = { id: true, name: true, weight: true, position: true, active: true } as const
const order = [{ position: 'asc' }, { id: 'asc' }] as const

/** read by every observer page and comment POST; a trigger bumps the settings version on any change */
const cache = new VersionedCache<CriterionRow[]>(1)

export async function allCriteria(): Promise<CriterionRow[]> {
  return cache.get('all', String((await appVersions()).settings), () => db.criterion.findMany({ select: fields, orderBy: [...order] }))
}

export async function activeCriteria(): Promise<CriterionRow[]> {
  return (await allCriteria()).filter((c) => c.active)
}

/** `{ 形式: 5 }` from a form → rows for the active criteria only (the form may predate a change in 设置) */
export async function scoreRowsOf(scores: Record<string, number>): Promise<{ criterionId: number; score: number }[]> {
  return (await activeCriteria()).filter((c) => c.name in scores).map((c) => ({ criterionId: c.id, score: scores[c.name] }))
}

/** criterion name → score, in the criteria's order */
export function scoreMap(rows: ScoreRow[]): Record<string, number> {
  return Object.fromEntries([...rows].sort((a, b) => a.criterion.position - b.criterion.position).map((r) => [r.criterion.name, r.score]))
}

/** the names a page shows: the active criteria, and retired ones only where these scores use them */
export function shownCriteria(criteria: CriterionRow[], rows: { criterionId: number }[]): string[] {
  const used = new Set(rows.map((r) => r.criterionId))
  return criteria.filter((c) => c.active || used.has(c.id)).map((c) => c.name)
}

export type CriterionInput = { id: number | null; name: string; weight: number; position: number; active: boolean }

/** renames, reweighs, reorders, retires or adds criteria in one transaction; rows are never deleted, so scores stay */
export async function saveCriteria(rows: CriterionInput[]): Promise<void> {
  const names = rows.map((r) => r.name)
  const twice = names.find((n, i) => names.indexOf(n) !== i)
  if (twice) throw new FormError({ criteria: `评分项“${twice}”重复` }, `评分项“${twice}”重复，请改名。`)
  if (!rows.some((r) => r.active)) throw new FormError({ criteria: '至少保留一个启用的评分项' }, '至少保留一个启用的评分项。')
  await db.$transaction(async (tx) => {
    // names are unique: park the renamed ones first so a swap (甲↔乙) does not collide (under a name nobody can
    // type: input loses control characters; not NUL, which PostgreSQL's text refuses)
    for (const r of rows) if (r.id) await tx.criterion.update({ where: { id: r.id }, data: { name: `\u0001${r.id}` } })
    for (const r of rows) {
      const data = { name: r.name, weight: r.weight, position: r.position, active: r.active }
      if (r.id) await tx.criterion.update({ where: { id: r.id }, data })
      else await tx.criterion.create({ data })
    }
  })
}

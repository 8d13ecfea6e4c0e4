import { z } from 'zod'
import { VersionedCache } from '../cache/versioned.ts'
import { db } from '../db.ts'
import { appVersions } from '../open-days/queries.ts'

/** rules that vary by province or office: stored, not hard-coded */
export const settingsSchema = z.object({
  icsFeedEnabled: z.boolean().default(true),
  /** attendance rate below which a warning shows (run sheet) */
  attendanceThreshold: z.number().int().min(0).max(100).default(80),
  officeName: z.string().default('机关党委'),
  /** observers score 1–5 on these points; the seed leader's “五好” */
  commentCriteria: z.array(z.string()).default(['形式', '主题', '发言', '点评', '转化']),
})
export type Settings = z.output<typeof settingsSchema>

/** read on every observer page and feed request, changed rarely: kept while the settings version holds */
const cache = new VersionedCache<Settings>(1)

export function getSettings(): Promise<Settings> {
  return cache.get('settings', String(appVersions().settings), () =>
    db.setting.findMany().then((rows) => settingsSchema.parse(Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown])))),
  )
}

export async function saveSettings(values: Settings): Promise<void> {
  await db.$transaction(
    Object.entries(values).map(([key, value]) =>
      db.setting.upsert({ where: { key }, create: { key, value: JSON.stringify(value) }, update: { value: JSON.stringify(value) } }),
    ),
  )
}

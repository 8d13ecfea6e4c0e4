import { z } from 'zod'
import { VersionedCache } from '../cache/versioned.ts'
import { db, type Tx } from '../db.ts'
import { appVersions } from '../open-days/queries.ts'
import { DEFAULT_RULES, rulesSchema } from '../assessment/scoring.ts'

/** rules that vary by province or office: stored, not hard-coded */
export const settingsSchema = z.object({
  icsFeedEnabled: z.boolean().default(true),
  /** attendance rate below which a warning shows (run sheet) */
  attendanceThreshold: z.number().int().min(0).max(100).default(80),
  officeName: z.string().default('机关党委'),
  /** the address phones reach the server by, for QR codes and printed links ('' : PUBLIC_URL or the browser's host) */
  publicUrl: z.string().default(''),
  /** the annual assessment's points and tiers (the criteria themselves are Criterion rows) */
  assessment: rulesSchema.default(DEFAULT_RULES),
})
export type Settings = z.output<typeof settingsSchema>

/** read on every observer page and feed request, changed rarely: kept while the settings version holds */
const cache = new VersionedCache<Settings>(1)

/** the stored settings as a transaction sees them (the lock freezes some into the record) */
export const readSettings = (tx: Tx = db): Promise<Settings> =>
  tx.setting.findMany().then((rows) =>
    settingsSchema.parse(Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]))))

/** the settings, cached while the settings counter holds; `version` when the request already read the counter */
export async function getSettings(version?: number): Promise<Settings> {
  return cache.get('settings', String(version ?? (await appVersions()).settings), () => readSettings())
}

/** saves the keys given; the others keep their stored values */
export async function saveSettings(values: Partial<Settings>): Promise<void> {
  await db.$transaction(
    Object.entries(values).map(([key, value]) =>
      db.setting.upsert({ where: { key }, create: { key, value: JSON.stringify(value) }, update: { value: JSON.stringify(value) } }),
    ),
  )
}

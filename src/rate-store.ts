import type { Options, Store } from 'express-rate-limit'
import { sharedQuery } from './db.ts'

/**
 * Rate-limit counters every app instance shares: on PostgreSQL a row per key in the RateLimit table (one upsert
 * per counted request), so a limit holds whichever instance a request lands on. SQLite runs one process: its
 * counters stay in memory (express-rate-limit's own store).
 */
const INCREMENT = `INSERT INTO "RateLimit" ("key", "hits", "resetAt") VALUES (?, 1, now() + ? * interval '1 millisecond')
  ON CONFLICT ("key") DO UPDATE SET
    "hits" = CASE WHEN "RateLimit"."resetAt" <= now() THEN 1 ELSE "RateLimit"."hits" + 1 END,
    "resetAt" = CASE WHEN "RateLimit"."resetAt" <= now() THEN excluded."resetAt" ELSE "RateLimit"."resetAt" END
  RETURNING "hits", "resetAt"`
const SWEEP_EVERY = 1000

class DatabaseStore implements Store {
  windowMs = 60_000
  localKeys = false
  private counted = 0
  constructor(
    readonly prefix: string,
    private readonly query: NonNullable<typeof sharedQuery>,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs
  }

  async increment(key: string) {
    if (++this.counted % SWEEP_EVERY === 0) void this.query(`DELETE FROM "RateLimit" WHERE "resetAt" < now()`).catch(() => undefined)
    const [row] = await this.query<{ hits: number; resetAt: Date }>(INCREMENT, this.prefix + key, this.windowMs)
    return { totalHits: row!.hits, resetTime: row!.resetAt }
  }

  async decrement(key: string): Promise<void> {
    await this.query(`UPDATE "RateLimit" SET "hits" = greatest("hits" - 1, 0) WHERE "key" = ?`, this.prefix + key)
  }

  async resetKey(key: string): Promise<void> {
    await this.query(`DELETE FROM "RateLimit" WHERE "key" = ?`, this.prefix + key)
  }
}

/** the store for one limiter (each needs its own: `name` keeps their keys apart); undefined: in memory */
export const rateLimitStore = (name: string): Store | undefined => (sharedQuery ? new DatabaseStore(`${name}:`, sharedQuery) : undefined)

import { quietMark } from '../db.ts'

/**
 * An in-process cache of values computed from the database, each kept with the version it was computed at.
 * The caller reads the current version first (one small query), so a value is served only while nothing it
 * depends on has changed, in this process or any other: never a stale read. Computing after reading the
 * version means a value is at least as new as its version. The oldest entries go when `max` is reached.
 */
export class VersionedCache<V> {
  private entries = new Map<string, { version: string; value: Promise<V> }>()
  constructor(private readonly max = 500) {}

  get(key: string, version: string, compute: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key)
    if (hit?.version === version) return hit.value
    const mark = quietMark()
    const value = compute()
    this.entries.delete(key)
    this.entries.set(key, { version, value })
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!)
    // neither a failure nor what may have seen a transaction's uncommitted rows is kept
    const forget = () => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key)
    }
    value.then(() => (mark === null || quietMark() !== mark) && forget(), forget)
    return value
  }

  /** the version a key is cached at, if any (tests check that a write elsewhere left it alone) */
  versionOf(key: string): string | undefined {
    return this.entries.get(key)?.version
  }
}

import { writeProbe as probeDatabase } from '../db.ts'
import { storageFault, type StorageFault } from '../lib/storage.ts'

let lastFault: { kind: StorageFault; at: number } | null = null

/** remembered from any request: a session that could not be saved shows up only on the next request */
export function noteStorageFault(kind: StorageFault): void {
  lastFault = { kind, at: Date.now() }
}

export function recentStorageFault(withinMs = 60_000): StorageFault | null {
  return lastFault && Date.now() - lastFault.at < withinMs ? lastFault.kind : null
}

/** a cheap real write through the app's own connection (user_version rewritten with its own value), and any
 *  storage fault a request met in the last minute: a full disk may still take this small write */
export async function writeProbe(): Promise<'ok' | StorageFault | 'unreachable'> {
  try {
    await probeDatabase()
    return recentStorageFault() ?? 'ok'
  } catch (err) {
    const fault = storageFault(err)
    if (fault) noteStorageFault(fault)
    return fault ?? 'unreachable'
  }
}

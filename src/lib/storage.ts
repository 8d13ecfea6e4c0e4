// Storage faults (a full disk, a read-only database or folder) told apart from bugs, for 503 answers and start-up.

export type StorageFault = 'full' | 'readonly' | 'io'

export const STORAGE_MESSAGES: Record<StorageFault, string> = {
  full: '服务器存储空间不足，请联系管理员。',
  readonly: '服务器存储当前为只读，无法保存，请联系管理员。',
  io: '服务器存储读写出错，请联系管理员。',
}

/** SQLite's I/O errors that a full disk causes: a write, or the shared-memory index that cannot grow */
const FULL_IO = new Set(['SQLITE_IOERR_WRITE', 'SQLITE_IOERR_SHMSIZE', 'SQLITE_IOERR_TRUNCATE'])

/** the fault behind an error (SQLite or file system, through Prisma and `cause` chains), or null */
export function storageFault(err: unknown): StorageFault | null {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = String((e as { code?: unknown }).code ?? '')
    const message = String((e as { message?: unknown }).message ?? '')
    // PostgreSQL: 53100 disk_full, 25006 read_only_sql_transaction (a standby)
    if (code === 'SQLITE_FULL' || FULL_IO.has(code) || code === 'ENOSPC' || code === 'EDQUOT' || code === '53100') return 'full'
    if (/database or disk is full/i.test(message)) return 'full'
    if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === '25006' || /readonly database/i.test(message)) return 'readonly'
    if (code.startsWith('SQLITE_IOERR') || code === 'EIO') return 'io'
  }
  return null
}

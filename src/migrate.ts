import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')

/** the folder of a file: URL, resolved like SQLite does (relative to the working directory) */
function sqliteDir(url: string): string | null {
  const file = url.replace(/^file:/, '').split('?')[0]
  return file && file !== ':memory:' ? path.dirname(path.resolve(file)) : null
}

/** applies committed migrations with Prisma's JS schema engine (no native download) */
export function migrate(databaseUrl: string): void {
  const dir = sqliteDir(databaseUrl)
  if (dir) mkdirSync(dir, { recursive: true })
  const cli = createRequire(import.meta.url).resolve('prisma/build/index.js')
  try {
    execFileSync(process.execPath, [cli, 'migrate', 'deploy'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
  } catch (err) {
    // Prisma's chatter is only worth showing when the migration failed
    const e = err as { stdout?: Buffer; stderr?: Buffer }
    process.stderr.write(`${e.stdout ?? ''}${e.stderr ?? ''}`)
    throw err
  }
}

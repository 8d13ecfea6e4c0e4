// A migrated empty database for each test file, copied from a template migrated once per set of migrations
// (the Prisma CLI takes seconds; a copy, milliseconds). migrate() on the copy then finds it up to date.
import { randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, renameSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { migrate, migrationsFingerprint } from '../../src/migrate.ts'

export function migratedCopy(file: string): void {
  const template = path.join(os.tmpdir(), `openday-test-template-${migrationsFingerprint()}.db`)
  if (!existsSync(template)) {
    // test files start in parallel: each builds its own and the rename is atomic
    const own = `${template}.${process.pid}-${randomBytes(4).toString('hex')}`
    migrate(`file:${own}`)
    renameSync(own, template)
  }
  copyFileSync(template, file)
  migrate(`file:${file}`)
}

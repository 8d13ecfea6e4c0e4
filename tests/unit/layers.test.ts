import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'

const SRC = path.resolve(import.meta.dirname, '../../src')

/** every .ts file under src/, generated code aside */
function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return e.name === 'generated' ? [] : sources(p)
    return p.endsWith('.ts') ? [p] : []
  })
}

describe('layers point down', () => {
  it('only routes and the app itself import from src/web/', () => {
    const http = (p: string) => p.startsWith(path.join(SRC, 'web')) || p.endsWith('routes.ts') || ['app.ts', 'server.ts'].includes(path.relative(SRC, p))
    const offenders = sources().filter((p) => !http(p) && /from '(\.\.?\/)+web\//.test(readFileSync(p, 'utf8')))
    assert.deepEqual(offenders.map((p) => path.relative(SRC, p)), [])
  })
})

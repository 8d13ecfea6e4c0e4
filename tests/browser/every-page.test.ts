// Every page each role reaches by links, at 360×740: no sideways scrolling, no serious axe-core violation.
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { PHONE, browserSkip, useBrowser, type Device } from '../helpers/browser.ts'
import { fromLocal, local } from '../../src/lib/dates.ts'
import { walk, type PageCheck } from '../helpers/walk.ts'

function problems(checks: PageCheck[]): string[] {
  return checks.flatMap((c) => [
    ...(c.scrollWidth > PHONE.width ? [`${c.url}: ${c.scrollWidth}px wide (${c.wide.join('; ')})`] : []),
    ...c.axe.map((v) => `${c.url}: ${v}`),
  ])
}

describe('every page at 360px, with axe-core', { skip: browserSkip() }, () => {
  const app = useBrowser()
  const publicLinks: string[] = []

  before(async () => {
    const { hashPassword } = await import('../../src/lib/password.ts')
    await app.db.user.create({ data: { username: 'viewer', displayName: '查看员', role: 'viewer', passwordHash: await hashPassword('viewer-pass-123') } })
    // besides the seed's reviewed and approved open days: a held one (review and score forms) and a bare draft
    const { branchId } = await app.db.user.findUniqueOrThrow({ where: { username: 'lixueliang' } })
    const at = (days: number, time: string) => fromLocal(local().add(days, 'day').format('YYYY-MM-DD'), time)!
    const base = { branchId: branchId!, place: '党员活动室' }
    await app.db.openDay.create({ data: { ...base, theme: '已举办的开放日', startsAt: at(-7, '14:30'), endsAt: at(-7, '16:30'), status: 'held' } })
    await app.db.openDay.create({ data: { ...base, theme: '草稿开放日', startsAt: at(30, '14:30'), endsAt: at(30, '16:30') } })
  })

  async function walkAs(username: string | null, password: string, starts: string[], device: Device = 'phone', limit?: number): Promise<PageCheck[]> {
    const page = await app.page(device)
    if (username) await app.logIn(page, username, password)
    return walk(page, app.baseUrl, starts, limit)
  }

  for (const [role, username] of [['the party office', 'admin'], ['a secretary', 'lixueliang'], ['a viewer', 'viewer']] as const) {
    it(`${role}'s pages`, { timeout: 600_000 }, async () => {
      const password = username === 'viewer' ? 'viewer-pass-123' : app.logins[username]
      const checks = await walkAs(username, password, ['/', '/open-days/1', '/branches/1'])
      for (const c of checks) if (/^\/(o|s)\//.test(c.url)) publicLinks.push(c.url)
      assert.ok(checks.length > 20, `walked only ${checks.length} pages`)
      assert.deepEqual(problems(checks), [], `${checks.length} pages walked`)
    })
  }

  it('the calendar and the dashboard on a desktop too (out-of-month dates show there)', async () => {
    const checks = await walkAs('admin', app.logins.admin, ['/calendar', '/'], 'desktop', 2)
    assert.equal(checks.length, 2)
    assert.deepEqual(checks.flatMap((c) => c.axe), [])
  })

  it('keeps the footer at the bottom of a short page', async () => {
    const page = await app.page('desktop', 'admin')
    await page.goto(`${app.baseUrl}/account/password`)
    const { bottom, height } = await page.evaluate(() => ({ bottom: document.querySelector('.site-footer')!.getBoundingClientRect().bottom, height: innerHeight }))
    assert.ok(Math.abs(bottom - height) <= 1, `the footer ends at ${bottom}px of ${height}px`)
  })

  it('the anonymous pages: login, observers, members signing in', { timeout: 120_000 }, async () => {
    const checks = await walkAs(null, '', ['/login', ...publicLinks])
    assert.ok(checks.some((c) => c.url.startsWith('/o/')), 'the observers\' page was reached')
    assert.deepEqual(problems(checks), [])
  })
})

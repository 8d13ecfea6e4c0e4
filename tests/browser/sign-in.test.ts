import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { BrowserContext, Page } from 'playwright-core'
import { PHONE, browserSkip, screenshot, scrollWidth, useBrowser } from '../helpers/browser.ts'

const HOUR = 60 * 60 * 1000

describe('a member signs in from a phone; the secretary sees it', { skip: browserSkip() }, () => {
  const app = useBrowser()
  let phone: BrowserContext
  let desk: BrowserContext
  let openDay: { id: number; signInToken: string }
  let member: { id: number; name: string }
  let expected: number
  let secretary: Page

  before(async () => {
    const user = await app.db.user.findUniqueOrThrow({ where: { username: 'lixueliang' } })
    const branchId = user.branchId!
    const now = Date.now()
    openDay = await app.db.openDay.create({
      data: { branchId, theme: '扫码签到测试', startsAt: new Date(now - HOUR / 2), endsAt: new Date(now + HOUR), place: '机关三楼会议室', status: 'approved' },
    })
    const members = await app.db.member.findMany({ where: { branchId, transferredOutAt: null }, orderBy: { id: 'asc' } })
    expected = members.length
    member = members[1]
    phone = await app.context('phone')
    desk = await app.context('desktop')
  })

  it('shows the secretary nobody present before the sign-in', async () => {
    secretary = await desk.newPage()
    await app.logIn(secretary, 'lixueliang')
    await secretary.goto(`${app.baseUrl}/open-days/${openDay.id}/attendance`)
    assert.equal(await secretary.locator('[data-present]').innerText(), '0')
    assert.ok(!(await secretary.locator(`tr[data-member="${member.id}"] input[value="present"]`).isChecked()))
  })

  it('picks a name, taps 签到 once, and a stale second tap does not sign in twice', async () => {
    const page = await phone.newPage()
    const other = await phone.newPage()
    await page.goto(`${app.baseUrl}/s/${openDay.signInToken}`)
    // a second phone opened the list before the first tap
    await other.goto(`${app.baseUrl}/s/${openDay.signInToken}`)
    assert.equal(await page.locator('.site-header').count(), 0)
    assert.ok((await scrollWidth(page)) <= PHONE.width, 'no sideways scrolling')
    await page.locator('label', { hasText: member.name }).tap()
    await Promise.all([page.waitForURL(new RegExp(`/s/${openDay.signInToken}/m/${member.id}$`)), page.getByRole('button', { name: '签到' }).tap()])
    const done = await page.locator('.sign-in-time').innerText()
    assert.match(done, /^已签到 \d\d:\d\d$/)
    await screenshot(page, 'sign-in-phone-done')

    await other.locator('label', { hasText: member.name }).tap()
    await Promise.all([other.waitForURL(/\?again=1$/), other.getByRole('button', { name: '签到' }).tap()])
    assert.equal(await other.locator('.sign-in-time').innerText(), done.replace(/^已签到 (.*)$/, '已于 $1 签到'))

    // back on the list, the name is greyed out
    await page.goto(`${app.baseUrl}/s/${openDay.signInToken}`)
    assert.ok(await page.locator(`input[value="${member.id}"]`).isDisabled())
    await screenshot(page, 'sign-in-phone-list')

    const rows = await app.db.attendance.findMany({ where: { openDayId: openDay.id } })
    assert.deepEqual(rows.map((r) => [r.memberId, r.status, r.signedInVia]), [[member.id, 'present', 'self']])
  })

  it('shows the member present on the secretary’s attendance page, with the counts updated', async () => {
    const page = secretary
    await page.reload()
    assert.equal(await page.locator('[data-present]').innerText(), '1')
    assert.match(await page.locator('.att-stats').innerText(), new RegExp(`应到\\s*${expected}\\s*人`))
    const row = page.locator(`tr[data-member="${member.id}"]`)
    assert.ok(await row.locator('input[value="present"]').isChecked())
    assert.match(await row.innerText(), /扫码签到 \d\d:\d\d/)
    assert.ok(await page.locator('.att-warning').isVisible(), 'one of the branch present is below the threshold')
    await screenshot(page, 'attendance-secretary')
  })
})

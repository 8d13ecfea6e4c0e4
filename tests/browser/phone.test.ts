import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { local } from '../../src/lib/dates.ts'
import type { Page } from 'playwright-core'
import { ADMIN_PASSWORD, PHONE, browserSkip, overflowing, screenshot, scrollWidth, useBrowser } from '../helpers/browser.ts'


describe('on a 360px phone', { skip: browserSkip() }, () => {
  const app = useBrowser()
  let page: Page

  before(async () => {
    page = await app.page('phone')
  })

  it('the login page fits the screen and logs in by tapping', async () => {
    await page.goto(`${app.baseUrl}/login`)
    await screenshot(page, 'phone-login')
    assert.ok((await scrollWidth(page)) <= PHONE.width, `login page is ${await scrollWidth(page)}px wide`)

    await page.getByLabel('用户名').tap()
    await page.keyboard.type('admin')
    // 用户名 is autofocused, so check focus on the field that only a tap can reach
    const password = page.getByLabel('密码')
    await password.tap()
    assert.ok(await password.evaluate((el) => el === document.activeElement), 'tapping 密码 focuses it')
    await page.keyboard.type(ADMIN_PASSWORD)
    await Promise.all([page.waitForURL(`${app.baseUrl}/`), page.getByRole('button', { name: '登录' }).tap()])
    assert.match(await page.locator('h1').innerText(), /党办管理员，您好/)
  })

  // runs in the session the test above logged in
  it('the calendar fits the screen, with an event in it', async () => {
    // the seed puts an approved open day two weeks from today on the calendar
    const month = local().add(14, 'day').format('YYYY-MM')
    await page.goto(`${app.baseUrl}/calendar?month=${month}`)
    assert.equal(await page.locator('.cal-item.status-approved').count(), 1)
    await screenshot(page, 'phone-calendar')
    const width = await scrollWidth(page)
    assert.ok(width <= PHONE.width, `calendar page is ${width}px wide on a ${PHONE.width}px screen`)
    // the calendar panel hides its overflow, so also check nothing inside it is cut off
    assert.deepEqual(await overflowing(page, '.calendar, .cal-day, .cal-item'), [])
  })
})

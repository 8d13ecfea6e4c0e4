import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import dayjs from 'dayjs'
import { local } from '../../src/lib/dates.ts'
import type { Page } from 'playwright-core'
import { browserSkip, screenshot, useBrowser } from '../helpers/browser.ts'

describe('a secretary schedules an open day and the party office approves it', { skip: browserSkip() }, () => {
  const app = useBrowser()
  let page: Page

  before(async () => {
    page = await app.page('desktop')
  })

  it('keeps what was typed on a bad date, then goes draft → submitted → approved → on the calendar', async () => {
    const { baseUrl } = app
    const theme = '浏览器测试：重温入党誓词'
    const place = '机关党员活动室（三楼）'
    // two months ahead: in the future, and a month with no other open day of this branch
    const date = local().add(2, 'month').date(15).format('YYYY-MM-DD')

    // the secretary logs in through the labelled fields
    await page.goto(`${baseUrl}/login`)
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), '★ 支部开放日')
    await screenshot(page, 'desktop-login')
    await app.logIn(page, 'lixueliang')
    assert.match(await page.locator('h1').innerText(), /李学良，您好/)

    await Promise.all([page.waitForURL(`${baseUrl}/open-days/new`), page.getByRole('link', { name: '安排开放日' }).click()])
    await page.getByLabel('主题').fill(theme)
    await page.getByLabel('地点').fill(place)
    await page.getByLabel('开始时间').fill('14:30')
    await page.getByLabel('结束时间').fill('16:30')
    // a date picker only yields real dates, so send an impossible one the way a hand-made request would
    await page.getByLabel('日期').evaluate((el: HTMLInputElement) => {
      el.type = 'text'
      el.value = '2030-02-30'
    })
    const [bad] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: '保存草稿' }).click()])
    assert.equal(bad.status(), 422, 'a bad date re-renders the form with 422')
    await page.waitForLoadState()

    const dateField = page.locator('.field', { has: page.locator('#f-date') })
    assert.match(await dateField.getAttribute('class') ?? '', /has-error/)
    assert.equal(await dateField.locator('.field-error').innerText(), '请填写有效的日期，例如 2020-10-15')
    assert.equal(await page.locator('#f-date').getAttribute('aria-invalid'), 'true')
    assert.equal(await page.locator('#f-date').getAttribute('aria-describedby'), 'f-date-err')
    assert.equal(await page.locator('.field-error').count(), 1, 'only the date is wrong')
    assert.equal(await page.getByLabel('主题').inputValue(), theme)
    assert.equal(await page.getByLabel('地点').inputValue(), place)
    assert.equal(await page.getByLabel('结束时间').inputValue(), '16:30')
    await screenshot(page, 'desktop-form-errors')

    await page.getByLabel('日期').fill(date)
    await Promise.all([page.waitForURL(/\/open-days\/\d+$/), page.getByRole('button', { name: '保存草稿' }).click()])
    const openDayUrl = page.url()
    assert.match(await page.locator('h1').innerText(), new RegExp(`${theme}\\s*草稿`))
    assert.equal(await page.locator('h1 .status-draft').count(), 1)
    assert.match(await page.locator('.facts').innerText(), new RegExp(`${dayjs(date).format('YYYY年M月D日')}.*14:30–16:30`))
    assert.match(await page.locator('.facts').innerText(), new RegExp(place.replace(/[（）]/g, '.')))
    await screenshot(page, 'desktop-open-day-draft')

    await Promise.all([page.waitForURL(openDayUrl), page.getByRole('button', { name: '提交申报' }).click()])
    await page.locator('h1 .status-submitted').waitFor()
    assert.equal(await page.getByRole('button', { name: '批准' }).count(), 0, 'a secretary cannot approve')

    await Promise.all([page.waitForURL(`${baseUrl}/login`), page.getByRole('button', { name: '退出' }).click()])

    // the party office finds it waiting for approval on the dashboard
    await app.logIn(page, 'admin')
    const awaiting = page.locator('section', { has: page.getByRole('heading', { name: /待审批/ }) })
    assert.equal(await awaiting.locator('.count').innerText(), '1')
    await Promise.all([page.waitForURL(openDayUrl), awaiting.getByRole('link', { name: theme }).click()])
    await Promise.all([page.waitForURL(openDayUrl), page.getByRole('button', { name: '批准' }).click()])
    await page.locator('h1 .status-approved').waitFor()
    assert.match(await page.locator('.flash-success').innerText(), /已批准/)
    await screenshot(page, 'desktop-open-day-approved')

    // and it shows on the shared calendar in its own day cell
    await page.goto(`${baseUrl}/calendar?month=${date.slice(0, 7)}`)
    assert.equal(await page.locator('h1').innerText(), dayjs(date).format('YYYY年M月'))
    const items = page.locator('.cal-item', { hasText: theme })
    assert.equal(await items.count(), 1)
    const cell = page.locator('.cal-day', { has: items })
    assert.equal(await cell.getAttribute('data-date'), date)
    assert.match(await items.getAttribute('class') ?? '', /\bstatus-approved\b/)
    assert.match(await items.innerText(), /14:30\s+省政协机关党办党支部 · /)
    await screenshot(page, 'desktop-calendar')
  })
})

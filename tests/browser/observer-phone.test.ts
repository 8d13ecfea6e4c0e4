import assert from 'node:assert/strict'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import type { BrowserContext, Page, Response } from 'playwright-core'
import { PHONE, browserSkip, overflowing, screenshot, scrollWidth, useBrowser } from '../helpers/browser.ts'
import { storedScores } from '../helpers/score-rows.ts'

const HOUR = 60 * 60 * 1000
const NETWORK_FAILED = '发送失败，内容已保存在本机，请检查网络后重试'
const LEARNINGS = '重温入党誓词环节庄重规范，全体党员佩戴党徽，值得学习。'
const SUGGESTIONS = '交流发言可以更聚焦本支部的实际工作。'

describe('an observer comments from a 360px phone', { skip: browserSkip() }, () => {
  const app = useBrowser()
  let phone: BrowserContext
  let office: BrowserContext
  let page: Page
  let openDay: { id: number; observerToken: string; theme: string }

  before(async () => {
    const branch = await app.db.branch.findFirstOrThrow({ orderBy: { id: 'asc' } })
    const now = Date.now()
    openDay = await app.db.openDay.create({
      data: { branchId: branch.id, theme: '观摩点评：手机端测试', startsAt: new Date(now - HOUR), endsAt: new Date(now + HOUR), place: '机关三楼第二会议室', status: 'approved' },
    })
    phone = await app.context('phone')
    // the office's wall runs in its own context: its login must not replace the observer's session
    office = await app.context('desktop')
    page = await phone.newPage()
  })

  const draft = () => page.evaluate((key) => localStorage.getItem(key), `openday-draft:${openDay.observerToken}`)

  it('fits the screen with big touch targets, in under 50 KB', async () => {
    const responses: Response[] = []
    const count = (r: Response) => void responses.push(r)
    page.on('response', count)
    await page.goto(`${app.baseUrl}/o/${openDay.observerToken}`, { waitUntil: 'load' })
    page.off('response', count)
    // no compression in the app: the body sizes are what travels
    const bytes: Record<string, number> = {}
    for (const r of responses) bytes[new URL(r.url()).pathname] = (await r.body()).length
    const total = Object.values(bytes).reduce((a, b) => a + b, 0)
    assert.ok(total < 50 * 1024, `the page and its files are ${total} bytes: ${JSON.stringify(bytes)}`)
    assert.ok(Object.keys(bytes).some((p) => p.endsWith('comment-draft.js')), 'the draft script loaded')

    assert.equal(await page.locator('h1').innerText(), openDay.theme)
    assert.equal(await page.locator('.site-header').count(), 0, 'no app header on the phone page')
    await screenshot(page, 'observer-phone-form')
    const width = await scrollWidth(page)
    assert.ok(width <= PHONE.width, `the phone page is ${width}px wide`)
    assert.deepEqual(await overflowing(page, '.phone, .panel, .field, .score-options, .score-options span, .facts'), [])

    const small = await page.locator('input:not([type=hidden]), textarea, button, .score-options span').evaluateAll((els) =>
      els
        .map((el) => ({ el, box: el.getBoundingClientRect() }))
        .filter(({ el, box }) => box.height < 44 && !(el instanceof HTMLInputElement && el.type === 'radio'))
        .map(({ el, box }) => `${el.tagName.toLowerCase()}[name=${el.getAttribute('name')}] ${Math.round(box.width)}×${Math.round(box.height)}`),
    )
    assert.deepEqual(small, [], 'every touch target is at least 44px tall')
  })

  it('puts the form first with the details folded below, 不评 neutral, and focus on 姓名 after an error', async () => {
    await page.goto(`${app.baseUrl}/o/${openDay.observerToken}`)
    const top = async (sel: string) => (await page.locator(sel).first().boundingBox())!.y
    assert.ok((await top('#f-authorName')) < PHONE.height, '姓名 is on the first screen')
    assert.ok((await top('.comment-form')) < (await top('details.event-details')), 'the form comes before the details')
    assert.equal(await page.locator('details.event-details').getAttribute('open'), null, 'the agenda is folded')
    await page.screenshot({ path: path.resolve(import.meta.dirname, '../../docs/screenshots/observer-360x740.png') })
    // 不评 is checked by default: a neutral tile, not the red of a chosen score
    const colour = (sel: string) => page.locator(sel).first().evaluate((el) => getComputedStyle(el).backgroundColor)
    const red = await colour('.score-options input[value="3"] + span').then(async () => {
      await page.locator('.score-options label').nth(2).click()
      return colour('.score-options input[value="3"]:checked + span')
    })
    assert.notEqual(await colour('.score-options input[value=""] + span'), red)
    assert.match(await colour('.score-options input[value=""]:checked + span'), /rgb\(2[0-9]{2}, 2[0-9]{2}, 2[0-9]{2}\)/)
    await page.locator('.score-options label').nth(5).click()

    // with the script: a refused send focuses the first field in error in the form's order
    await page.locator('#f-suggestions').fill('')
    await page.locator('#f-learnings').fill('')
    await page.locator('#f-authorName').fill('')
    await page.getByRole('button', { name: '提交点评' }).click()
    await page.waitForFunction(() => document.querySelector('#f-learnings[aria-invalid="true"]'))
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-authorName')

    // without JavaScript: the page comes back with 姓名 focused (autofocus) and the error summary above it
    const plain = await app.browser.newContext({ viewport: PHONE, javaScriptEnabled: false, locale: 'zh-CN' })
    const noJs = await plain.newPage()
    await noJs.goto(`${app.baseUrl}/o/${openDay.observerToken}`)
    await noJs.getByRole('button', { name: '提交点评' }).click()
    await noJs.waitForSelector('#f-authorName[aria-invalid="true"]')
    assert.equal(await noJs.evaluate(() => document.activeElement?.id), 'f-authorName')
    assert.equal(await noJs.locator('#f-learnings').getAttribute('autofocus'), null)
    await plain.close()
    await page.evaluate((key) => localStorage.removeItem(key), `openday-draft:${openDay.observerToken}`)
  })

  it('keeps the draft through a reload and through a failed send, then sends it exactly once', async () => {
    await page.locator('#f-authorName').tap()
    await page.keyboard.type('陈志远')
    await page.locator('#f-authorUnit').fill('机关第三党支部')
    await page.locator('#f-learnings').tap()
    await page.keyboard.type(LEARNINGS)
    await page.locator('#f-suggestions').fill(SUGGESTIONS)
    await page.locator('label', { has: page.locator('input[name="score_形式"][value="5"]') }).tap()
    assert.equal(await page.locator('.counter').first().innerText(), `已输入 ${LEARNINGS.length} / 1000 字`)
    const key = await page.locator('input[name=idempotencyKey]').inputValue()
    assert.match((await draft()) ?? '', new RegExp(LEARNINGS))

    // a reload renders a new form: the draft, its key included, comes back
    await page.reload()
    assert.equal(await page.locator('#f-learnings').inputValue(), LEARNINGS)
    assert.equal(await page.locator('#f-suggestions').inputValue(), SUGGESTIONS)
    assert.equal(await page.locator('#f-authorName').inputValue(), '陈志远')
    assert.ok(await page.locator('input[name="score_形式"][value="5"]').isChecked())
    assert.equal(await page.locator('input[name=idempotencyKey]').inputValue(), key)

    await phone.setOffline(true)
    await page.getByRole('button', { name: '提交点评' }).tap()
    await page.locator('.send-status', { hasText: NETWORK_FAILED }).waitFor()
    await screenshot(page, 'observer-phone-offline')
    assert.equal(await page.locator('#f-learnings').inputValue(), LEARNINGS)
    assert.equal(await page.locator('#f-suggestions').inputValue(), SUGGESTIONS)
    assert.match((await draft()) ?? '', new RegExp(SUGGESTIONS))
    assert.ok(await page.getByRole('button', { name: '提交点评' }).isEnabled(), 'the button works again for the retry')
    assert.equal(await app.db.comment.count({ where: { openDayId: openDay.id } }), 0)

    // the office puts the wall on the projector before the retry: the comment must arrive by polling
    const wall = await office.newPage()
    await app.logIn(wall, 'admin')
    await wall.goto(`${app.baseUrl}/open-days/${openDay.id}/wall`)
    assert.equal(await wall.locator('.wall-comment').count(), 0)

    await phone.setOffline(false)
    await Promise.all([
      page.waitForURL(new RegExp(`/o/${openDay.observerToken}/comments/[0-9a-f-]{36}$`)),
      page.getByRole('button', { name: '提交点评' }).tap(),
    ])
    assert.equal(await page.locator('h1').innerText(), '感谢您的点评')
    assert.match(await page.locator('.own-comment').innerText(), new RegExp(LEARNINGS))
    assert.equal(await draft(), null, 'a sent draft is cleared')
    await screenshot(page, 'observer-phone-thanks')
    assert.ok((await scrollWidth(page)) <= PHONE.width)

    const rows = await app.db.comment.findMany({ where: { openDayId: openDay.id } })
    assert.equal(rows.length, 1)
    assert.equal(rows[0].idempotencyKey, key)
    assert.deepEqual(await storedScores(app.db, rows[0].id), { 形式: 5 })

    await wall.locator(`.wall-comment[data-comment-id="${rows[0].id}"]`).waitFor({ timeout: 5_000 })
    assert.match(await wall.locator(`.wall-comment[data-comment-id="${rows[0].id}"]`).innerText(), /陈志远/)
    await screenshot(wall, 'observer-wall')
  })
})

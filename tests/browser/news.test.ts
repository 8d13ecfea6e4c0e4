// The party office writes the seed event's news release from its record in a real browser: generate the draft,
// edit it, save (a version is kept), copy it to the clipboard and download it as Word.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { browserSkip, screenshot, useBrowser } from '../helpers/browser.ts'

describe('the office drafts the seed event’s news release', { skip: browserSkip() }, () => {
  const app = useBrowser()
  let page: Page
  let url: string
  const dir = mkdtempSync(path.join(os.tmpdir(), 'openday-news-'))

  before(async () => {
    const seed = await app.db.openDay.findFirstOrThrow({ where: { theme: '我为精准扶贫办实事' } })
    url = `${app.baseUrl}/open-days/${seed.id}/news`
    const desk = await app.context('desktop')
    await desk.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.baseUrl })
    page = await desk.newPage()
    await app.logIn(page, 'admin')
  })

  after(() => rmSync(dir, { recursive: true, force: true }))

  it('generates the draft from the record with the date, place, theme, 8 members, observers and byline', async () => {
    await page.goto(url)
    await Promise.all([page.waitForURL(url), page.getByRole('button', { name: '生成新闻稿' }).click()])
    const body = await page.locator('#f-body').inputValue()
    assert.match(body, /10月15日下午，机关党员活动室内/)
    assert.match(body, /我为精准扶贫办实事/)
    assert.match(body, /8名党员/)
    assert.match(body, /周向阳/)
    assert.match(body, /陈章贵/)
    assert.match(await page.locator('#f-byline').inputValue(), /省政协机关党办/)
  })

  it('saves an edit as a new version and copies the full text', async () => {
    const body = page.locator('#f-body')
    await body.fill(`${await body.inputValue()}\n\n下一步，支部将把开放日经验转化为推动工作的实际成效。`)
    await Promise.all([page.waitForURL(url), page.getByRole('button', { name: '保存' }).click()])
    assert.match(await page.locator('#f-body').inputValue(), /转化为推动工作的实际成效/)
    const release = await app.db.newsRelease.findFirstOrThrow({ include: { versions: true } })
    assert.ok(release.versions.length >= 2, 'the generated draft and the edit are both kept')

    await page.getByRole('button', { name: '复制全文' }).click()
    await page.locator('[data-news-status]').filter({ hasText: '已复制' }).waitFor()
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    assert.match(copied, /^.+\n\n10月15日下午/)
    assert.match(copied, /转化为推动工作的实际成效[\s\S]*省政协机关党办/)
    await screenshot(page, 'news-draft')
  })

  it('downloads a Word file whose document holds the edited text', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载 Word' }).click()])
    const file = path.join(dir, 'news.docx')
    await download.saveAs(file)
    assert.match(download.suggestedFilename(), /\.docx$/)
    const xml = execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8' })
    assert.match(xml, /转化为推动工作的实际成效/)
    assert.match(xml, /周向阳/)
    writeFileSync(path.join(dir, 'done'), '')
  })
})

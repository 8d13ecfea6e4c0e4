// The room's screens with the longest reading: 《党章》第六章第三十六条 in full on the projector and the full-screen page
// at 1280×720 and 1920×1080. Each page of the text fits its box (nothing scrolls, nothing sits under the footer, the
// type stays at the back-row minimum or larger), and 下一页 in run mode turns the projector's page.
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import type { BrowserContext, Page } from 'playwright-core'
import { browserSkip, useBrowser } from '../helpers/browser.ts'
import { ARTICLE_36 } from '../helpers/reading-text.ts'

const MINUTE = 60 * 1000
const SCREENS = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]
const DOCS = path.resolve(import.meta.dirname, '../../docs/screenshots')

/** where the text's box sits against the viewport, whether it hides text, and its type size in vh */
function measure(page: Page, selector: string) {
  return page.locator(selector).evaluate((el) => {
    const box = el.getBoundingClientRect()
    const footer = document.querySelector('.pj-next, .screen-page')?.getBoundingClientRect()
    return {
      top: box.top,
      bottom: box.bottom,
      left: box.left,
      right: box.right,
      footerTop: footer?.top ?? Infinity,
      hidden: el.scrollHeight - el.clientHeight,
      hiddenX: el.scrollWidth - el.clientWidth,
      fontVh: (parseFloat(getComputedStyle(el).fontSize) / window.innerHeight) * 100,
      text: (el as HTMLElement).innerText,
      viewport: { width: window.innerWidth, height: window.innerHeight },
  
    }
  })
}

function assertFits(m: Awaited<ReturnType<typeof measure>>, where: string, minVh = 3.9) {
  assert.ok(m.top >= 0 && m.left >= 0, `${where}: box starts inside the screen`)
  assert.ok(m.bottom <= m.viewport.height && m.right <= m.viewport.width, `${where}: box ${m.right}×${m.bottom} inside the screen`)
  assert.ok(m.bottom <= m.footerTop + 0.5, `${where}: no text under the footer (${m.bottom} > ${m.footerTop})`)
  assert.ok(m.hidden <= 1 && m.hiddenX <= 1, `${where}: ${m.hidden}px of text scrolled out of sight`)
  assert.ok(m.fontVh >= minVh, `${where}: type ${m.fontVh.toFixed(1)}vh, below the back-row minimum`)
}

const squash = (s: string) => s.replace(/\s+/g, '')

describe('long texts on the room’s screens', { skip: browserSkip() }, () => {
  const app = useBrowser()
  let host: Page
  let desk: BrowserContext
  let base: string
  let readingId: number

  before(async () => {
    const user = await app.db.user.findUniqueOrThrow({ where: { username: 'lixueliang' } })
    const now = Date.now()
    const openDay = await app.db.openDay.create({
      data: { branchId: user.branchId!, theme: '我为精准扶贫办实事', startsAt: new Date(now - 5 * MINUTE), endsAt: new Date(now + 90 * MINUTE), place: '机关党员活动室', status: 'approved' },
    })
    const record = JSON.stringify({ materialTitle: '《党章》第六章第三十六条', text: ARTICLE_36 })
    const reading = await app.db.segment.create({ data: { openDayId: openDay.id, position: 1, kind: 'reading', title: '集体诵读《党章》第六章第三十六条', plannedMinutes: 10, record } })
    await app.db.segment.create({ data: { openDayId: openDay.id, position: 2, kind: 'speeches', title: '交流发言', plannedMinutes: 30 } })
    readingId = reading.id
    base = `${app.baseUrl}/open-days/${openDay.id}`
    host = await app.page('desktop', 'lixueliang')
    desk = host.context()
    await host.goto(`${base}/run`)
    await Promise.all([host.waitForEvent('framenavigated'), host.getByRole('button', { name: /^开始/ }).click()])
    mkdirSync(DOCS, { recursive: true })
  })

  for (const screen of SCREENS) {
    it(`fits every page of 第三十六条 on the projector at ${screen.width}×${screen.height}; 下一页 turns it`, async () => {
      const projector = await desk.newPage()
      await projector.setViewportSize(screen)
      await host.goto(`${base}/run`)
      await projector.goto(`${base}/projector`)
      await projector.evaluate(() => document.fonts.ready)
      const count = Number(/\/ (\d+) 页/.exec(await projector.locator('.screen-page').innerText())?.[1])
      assert.ok(count >= 2, 'the article takes more than one page')
      let seen = ''
      for (let i = 1; i <= count; i++) {
        await projector.waitForFunction((n) => document.querySelector('.screen-page')?.textContent?.includes(`第 ${n} /`), i, { timeout: 2500 })
        await projector.waitForTimeout(100)
        const m = await measure(projector, '.pj-text')
        assert.deepEqual(m.viewport, screen)
        assertFits(m, `projector page ${i}/${count}`)
        seen += m.text
        if (i === 1) await projector.screenshot({ path: path.join(DOCS, `projector-${screen.width}x${screen.height}.png`) })
        if (i < count) await Promise.all([host.waitForEvent('framenavigated'), host.getByRole('button', { name: '下一页' }).click()])
      }
      assert.equal(squash(seen), squash(ARTICLE_36), 'every character shown once, in order')
      assert.ok(await host.getByRole('button', { name: '下一页' }).isDisabled(), 'the last page: nothing to turn')
      // back to the first page for the next screen size
      for (let i = count; i > 1; i--) await Promise.all([host.waitForEvent('framenavigated'), host.getByRole('button', { name: '上一页' }).click()])
      await projector.close()
    })

    it(`pages the full-screen reading at ${screen.width}×${screen.height}, with and without JavaScript`, async () => {
      for (const javaScriptEnabled of [true, false]) {
        const context = await app.browser.newContext({ viewport: screen, javaScriptEnabled, storageState: await desk.storageState() })
        const page = await context.newPage()
        await page.goto(`${base}/segments/${readingId}/reading`)
        let seen = ''
        for (;;) {
          await page.evaluate(() => document.fonts.ready)
          const m = await measure(page, '.fs-text')
          // without JavaScript the server's size estimate stands: it must still never hide text
          assertFits(m, `full screen ${page.url()} (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, javaScriptEnabled ? 3.9 : 3.5)
          seen += m.text
          const next = page.getByRole('link', { name: /下一页/ })
          if (!(await next.count())) break
          await Promise.all([page.waitForURL(/page=/), next.click()])
        }
        assert.equal(squash(seen), squash(ARTICLE_36))
        await context.close()
      }
    })
  }
})

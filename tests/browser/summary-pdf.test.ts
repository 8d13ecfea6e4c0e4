// The party office prints the seed event's record: the A4 page in print media, the server-made PDF read back with
// pdftotext, the yearly record book as one PDF, and the time a long record (100 comments) takes.
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { BrowserContext, Page } from 'playwright-core'
import { browserSkip, screenshot, SCREENSHOTS, useBrowser } from '../helpers/browser.ts'
import { HEADINGS, LEARNINGS, manyComments, scoreEvery, MEMBERS, OBSERVERS, pdfPages, pdfText, SIGNATURES, THEME } from '../helpers/summary.ts'

/** pdftotext -layout may put spaces between CJK glyphs of one line: compare without spaces */
const squeeze = (s: string) => s.replace(/\s+/g, '')

describe('the printed record of the seed event', { skip: browserSkip() }, () => {
  const app = useBrowser()
  let desk: BrowserContext
  let page: Page
  let closePdfBrowser: () => Promise<void>
  let openDay: { id: number; branchId: number }
  let url: string

  before(async () => {
    ;({ closePdfBrowser } = await import('../../src/summary/pdf.ts'))
    openDay = await app.db.openDay.findFirstOrThrow({ where: { theme: THEME } })
    url = `${app.baseUrl}/open-days/${openDay.id}/summary`
    page = await app.page('desktop', 'admin')
    desk = page.context()
  })

  after(() => closePdfBrowser?.())

  it('shows the toolbar on screen and hides it, the header and the note when printing', async () => {
    await page.goto(url)
    assert.ok(await page.getByRole('button', { name: '打印' }).isVisible(), 'the script shows 打印')
    await screenshot(page, 'summary-screen')
    await page.emulateMedia({ media: 'print' })
    for (const selector of ['.site-header', '.summary-tools', '.summary-note', '.site-footer']) {
      assert.equal(await page.locator(selector).isVisible(), false, `${selector} hidden in print`)
    }
    assert.ok(await page.locator('.record h1').isVisible())
    assert.equal(await page.locator('.record').evaluate((el) => getComputedStyle(el).color), 'rgb(0, 0, 0)')
    assert.equal(await page.locator('.rec-table thead').first().evaluate((el) => getComputedStyle(el).display), 'table-header-group')
    await screenshot(page, 'summary-print')
    await page.emulateMedia({ media: 'screen' })
  })

  it('downloads a PDF with every section, the names, the comment and page numbers', async () => {
    const res = await desk.request.get(`${url}.pdf`, { maxRedirects: 0 })
    assert.equal(res.status(), 200, 'the server made the PDF (no fallback redirect)')
    assert.equal(res.headers()['content-type'], 'application/pdf')
    assert.match(res.headers()['content-disposition'], /filename\*=UTF-8''.+\.pdf/)
    const body = await res.body()
    mkdirSync(SCREENSHOTS, { recursive: true })
    writeFileSync(path.join(SCREENSHOTS, 'summary.pdf'), body) // to look at
    const { text, pages } = pdfText(body)
    const flat = squeeze(text)
    for (const s of [...HEADINGS, ...SIGNATURES, THEME, ...MEMBERS, ...OBSERVERS, LEARNINGS, '第1页共', '实缴金额', '830.88 元']) {
      assert.ok(flat.includes(squeeze(s)), `PDF text has ${s}`)
    }
    assert.ok(flat.includes(`共${pages}页`), 'the footer knows the page count')
    assert.ok(pages >= 1 && pages <= 6, `${pages} pages`)
  })

  it('prints an observer’s emoji in the PDF (fonts-noto-color-emoji), not as an empty box', async () => {
    const comment = await app.db.comment.findFirstOrThrow({ where: { openDayId: openDay.id, status: 'visible' } })
    await app.db.comment.update({ where: { id: comment.id }, data: { learnings: `${comment.learnings}👍🎉` } })
    const res = await desk.request.get(`${url}.pdf`, { maxRedirects: 0 })
    assert.equal(res.status(), 200)
    const flat = squeeze(pdfText(await res.body()).text)
    assert.ok(flat.includes('👍🎉'), 'pdftotext reads the emoji back: a font drew them')
    await app.db.comment.update({ where: { id: comment.id }, data: { learnings: comment.learnings } })
  })

  it('fills each A4 page before the next (no forced breaks), keeps the signatures with the last section, empty ones on a line', async () => {
    await page.goto(url)
    await page.emulateMedia({ media: 'print' })
    const printed = await page.pdf({ format: 'A4', preferCSSPageSize: true })
    await page.emulateMedia({ media: 'screen' })
    const made = await (await desk.request.get(`${url}.pdf`, { maxRedirects: 0 })).body()
    for (const [how, pdf] of [['server PDF', made], ['browser print', printed]] as const) {
      const pages = pdfPages(pdf)
      pages.slice(0, -1).forEach((p, i) => assert.ok(p.fill > 0.75, `${how}: page ${i + 1} is filled to ${Math.round(p.fill * 100)}%`))
      const last = pages.at(-1)!.lines.filter((l) => !SIGNATURES.some((s) => l.startsWith(s)) && !/^第\d+页共\d+页$/.test(l))
      assert.ok(last.length >= 5, `${how}: the signature page also holds the end of the record: ${last.join(' | ')}`)
      assert.ok(pages.flatMap((p) => p.lines).includes('九、活动照片：未上传照片。'), `${how}: an empty section says so on one line`)
    }
  })

  it('downloads the record book of 2020 as one PDF: cover, contents and the event', async () => {
    const res = await desk.request.get(`${app.baseUrl}/branches/${openDay.branchId}/record-book.pdf?year=2020`, { maxRedirects: 0 })
    assert.equal(res.status(), 200)
    const body = await res.body()
    writeFileSync(path.join(SCREENSHOTS, 'record-book.pdf'), body)
    const { text, pages } = pdfText(body)
    const flat = squeeze(text)
    for (const s of ['一本一册', '2020年度支部开放日活动记录', '目录', THEME, '一、基本情况', '第1页共']) assert.ok(flat.includes(squeeze(s)), `book has ${s}`)
    assert.ok(pages >= 3, 'cover, contents and the record start on their own pages')
  })

  it('makes two PDFs asked for at once, one after the other', async () => {
    const [a, b] = await Promise.all([desk.request.get(`${url}.pdf`, { maxRedirects: 0 }), desk.request.get(`${url}.pdf`, { maxRedirects: 0 })])
    assert.deepEqual([a.status(), b.status()], [200, 200])
    assert.ok(pdfText(await a.body()).pages >= 1 && pdfText(await b.body()).pages >= 1)
  })

  it('timing: renders the summary with 100 comments and makes its PDF', async () => {
    await app.db.comment.createMany({ data: manyComments(openDay.id, 100) })
    await scoreEvery(app.db, openDay.id)
    const time = async (path: string) => {
      const started = performance.now()
      const res = await desk.request.get(path, { maxRedirects: 0 })
      assert.equal(res.status(), 200)
      return { ms: Math.round(performance.now() - started), body: await res.body() }
    }
    await time(url) // warm up the templates
    const html = await time(url)
    const pdf = await time(`${url}.pdf`)
    const { pages } = pdfText(pdf.body)
    assert.ok(html.body.toString().includes('观摩者100'))
    console.log(`timing: summary HTML with 101 comments ${html.ms} ms (${Math.round(html.body.length / 1024)} KB); PDF ${pdf.ms} ms (${pages} pages, ${Math.round(pdf.body.length / 1024)} KB)`)
  })
})

import { existsSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { config } from '../config.ts'
import { HttpError } from '../lib/errors.ts'
import { stripControls } from '../lib/text.ts'

const FOOTER =
  '<div style="width:100%;text-align:center;font-size:9px;color:#000;font-family:\'Noto Serif CJK SC\',\'Noto Sans CJK SC\',serif;">' +
  '第 <span class="pageNumber"></span> 页 共 <span class="totalPages"></span> 页</div>'
/** the same margins as print.css's @page, so the footer sits in the bottom margin */
const MARGIN = { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' }

// one browser for the process, launched on the first PDF and reused
let browser: Promise<Browser> | null = null

function launch(): Promise<Browser> {
  browser ??= (async () => {
    if (!existsSync(config.CHROMIUM_PATH)) throw new Error(`Chromium not found at ${config.CHROMIUM_PATH}`)
    // a dev dependency: a server installed without it still serves every page but the PDF
    const { chromium } = await import('playwright-core')
    const launched = await chromium.launch({
      executablePath: config.CHROMIUM_PATH,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
    launched.on('disconnected', () => {
      browser = null
      idle = []
    })
    return launched
  })()
  browser.catch(() => (browser = null))
  return browser
}

/** pages printing at once: each Chromium renderer takes about a core, and the server has two */
export const PDF_PAGES = 2
/** PDFs one user may have underway at once; one more is refused (429) rather than queued behind their own */
export const PDF_PER_USER = 2

// warm pages (each in its own context: no JavaScript, nothing fetched), reused from one PDF to the next
let idle: Page[] = []
let running = 0
const waiting: (() => void)[] = []

async function newPage(): Promise<Page> {
  const context = await (await launch()).newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  // the document is self-contained (inlined CSS, data: photos): nothing may be fetched
  await page.route(/^(?!data:)/, (route) => route.abort())
  return page
}

/** runs `job` on a warm page once one of the PDF_PAGES is free; a page that failed is closed, not reused */
async function withPage<T>(job: (page: Page) => Promise<T>): Promise<T> {
  if (running < PDF_PAGES) running++
  else await new Promise<void>((resolve) => waiting.push(resolve))
  let page: Page | undefined
  try {
    idle = idle.filter((p) => !p.isClosed())
    page = idle.pop() ?? (await newPage())
    const result = await job(page)
    idle.push(page)
    page = undefined
    return result
  } finally {
    if (page) void page.context().close().catch(() => undefined)
    // hand the place straight to the next in line, or give it back
    const next = waiting.shift()
    if (next) next()
    else running--
  }
}

/** the HTML document as an A4 PDF with “第 N 页 共 M 页” in the footer; throws when Chromium is missing or fails */
export function htmlToPdf(html: string): Promise<Buffer> {
  return withPage(async (page) => {
    await page.setContent(stripControls(html), { waitUntil: 'load', timeout: 30_000 })
    return page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: FOOTER,
      margin: MARGIN,
    })
  })
}

const underway = new Map<number, number>()

/** counts one of the user's PDFs until the returned function is called; throws 429 past PDF_PER_USER */
export function startUserPdf(userId: number): () => void {
  const count = underway.get(userId) ?? 0
  if (count >= PDF_PER_USER) throw new HttpError(429, `您已有 ${PDF_PER_USER} 份 PDF 正在生成，请等下载完成后再试。`)
  underway.set(userId, count + 1)
  let done = false
  return () => {
    if (done) return
    done = true
    const left = (underway.get(userId) ?? 1) - 1
    if (left) underway.set(userId, left)
    else underway.delete(userId)
  }
}

/** for server shutdown (and tests): closes the shared browser */
export async function closePdfBrowser(): Promise<void> {
  const pending = browser
  browser = null
  idle = []
  const b = await pending?.catch(() => null)
  await b?.close()
}

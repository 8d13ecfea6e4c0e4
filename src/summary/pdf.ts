import { existsSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { config } from '../config.ts'
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
    launched.on('disconnected', () => (browser = null))
    return launched
  })()
  browser.catch(() => (browser = null))
  return browser
}

async function print(html: string): Promise<Buffer> {
  const context = await (await launch()).newContext({ javaScriptEnabled: false })
  try {
    const page = await context.newPage()
    // the document is self-contained (inlined CSS, data: photos): nothing may be fetched
    await page.route(/^(?!data:)/, (route) => route.abort())
    await page.setContent(html, { waitUntil: 'load', timeout: 30_000 })
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: FOOTER,
      margin: MARGIN,
    })
  } finally {
    await context.close()
  }
}

// one PDF at a time: Chromium printing is memory-hungry and the server has few cores
let queue: Promise<unknown> = Promise.resolve()

/** the HTML document as an A4 PDF with “第 N 页 共 M 页” in the footer; throws when Chromium is missing or fails */
export function htmlToPdf(html: string): Promise<Buffer> {
  const job = queue.then(() => print(stripControls(html)))
  queue = job.catch(() => undefined)
  return job
}

/** for server shutdown (and tests): closes the shared browser */
export async function closePdfBrowser(): Promise<void> {
  const pending = browser
  browser = null
  const b = await pending?.catch(() => null)
  await b?.close()
}

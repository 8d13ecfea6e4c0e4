import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { Router, type Request, type RequestHandler, type Response } from 'express'
import { getBranch } from '../branches/service.ts'
import { VersionedCache } from '../cache/versioned.ts'
import { dateInput } from '../lib/dates.ts'
import { contentDisposition } from '../news/docx.ts'
import { canRead } from '../open-days/policy.ts'
import { requireLogin, userOf } from '../web/auth.ts'
import { forbidden } from '../lib/errors.ts'
import { flash } from '../web/flash.ts'
import { idParam, parseQuery } from '../web/form.ts'
import { renderString } from '../web/render.ts'
import { logger } from '../web/logger.ts'
import { summaryDocx } from './docx.ts'
import { safeFileName } from './format.ts'
import { htmlToPdf, startUserPdf } from './pdf.ts'
import * as schemas from './schemas.ts'
import * as summary from './service.ts'

/** the A4 summary, its PDF and .docx, and a branch's yearly record book; readers as for the run sheet
 *  (office and viewers every branch, a secretary their own) */
export const summaryRoutes = Router()

const STYLES = ['/public/css/print.css']
const SCRIPTS = ['/public/js/print.js']
const PRINT_CSS = path.resolve(import.meta.dirname, '../../public/css/print.css')
/** read once: the PDF inlines it, as the headless page loads nothing from the server */
let printCss: Promise<string> | undefined
const PDF_FALLBACK = '服务器无法生成 PDF，请使用“打印”按钮并选择“另存为 PDF”。'

/** one small read: the open day's versions, which say whether the cached record still holds */
const openDayReader: RequestHandler[] = [
  requireLogin,
  async (req, res, next) => {
    const versions = await summary.summaryVersions(idParam(req))
    if (!canRead(userOf(req), versions)) throw forbidden()
    res.locals.versions = versions
    next()
  },
]
const branchReader: RequestHandler = async (req, res, next) => {
  const branch = await getBranch(idParam(req))
  if (!canRead(userOf(req), { branchId: branch.id })) throw forbidden()
  res.locals.branch = branch
  next()
}
const recordOf = (res: Response) => summary.cachedSummaryRecord(res.locals.versions)
const branchOf = (res: Response): Awaited<ReturnType<typeof getBranch>> => res.locals.branch

/** the PDF from a self-contained document, or back to the page with the print fallback */
async function sendPdf(req: Request, res: Response, page: string, doc: { title: string; records: summary.SummaryRecord[]; book: object | null }, names: [string, string]) {
  const done = startUserPdf(userOf(req).id)
  try {
    const records = await Promise.all(doc.records.map(summary.inlinePhotos))
    const html = await renderString(res, 'summary/pdf', { ...doc, records, css: await (printCss ??= readFile(PRINT_CSS, 'utf8')), printedAt: new Date() })
    let pdf: Buffer
    try {
      pdf = await htmlToPdf(html)
    } catch (err) {
      logger.warn({ err }, 'PDF rendering failed')
      flash(req, 'error', PDF_FALLBACK)
      return res.redirect(page)
    }
    res.set('Content-Type', 'application/pdf')
    res.set('Content-Disposition', contentDisposition(...names))
    res.send(pdf)
  } finally {
    done()
  }
}

const summaryTitle = (r: summary.SummaryRecord) => `活动记录 · ${r.openDay.theme}`
const fileBase = (r: summary.SummaryRecord) => safeFileName(`支部开放日活动记录-${dateInput(r.times.start)}-${r.openDay.branchName}`)

/** the record's HTML, rendered once per version and printing day (the page around it names the user) */
const recordPages = new VersionedCache<string>(100)

summaryRoutes.get('/open-days/:id/summary', ...openDayReader, async (_req, res) => {
  const record = await recordOf(res)
  const printedAt = new Date()
  const version = `${summary.recordVersion(res.locals.versions)}.${dateInput(printedAt)}`
  const recordHtml = await recordPages.get(String(record.openDay.id), version, () => renderString(res, 'summary/_record', { record, printedAt }))
  res.render('summary/show', { title: summaryTitle(record), styles: STYLES, scripts: SCRIPTS, record, recordHtml })
})

summaryRoutes.get('/open-days/:id/summary.pdf', ...openDayReader, async (req, res) => {
  const record = await recordOf(res)
  const date = dateInput(record.times.start)
  await sendPdf(req, res, `/open-days/${record.openDay.id}/summary`, { title: summaryTitle(record), records: [record], book: null }, [
    `${fileBase(record)}.pdf`,
    `summary-${record.openDay.id}-${date}.pdf`,
  ])
})

summaryRoutes.get('/open-days/:id/summary.docx', ...openDayReader, async (_req, res) => {
  const record = await recordOf(res)
  res.set('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  res.set('Content-Disposition', contentDisposition(`${fileBase(record)}.docx`, `summary-${record.openDay.id}-${dateInput(record.times.start)}.docx`))
  res.send(await summaryDocx(record, new Date()))
})

async function bookOf(req: Request, res: Response) {
  const { year } = parseQuery(schemas.recordBookQuery, req.query)
  const branch = branchOf(res)
  return { branch, year, records: await summary.recordBook(branch.id, year) }
}

summaryRoutes.get('/branches/:id/record-book', requireLogin, branchReader, async (req, res) => {
  const book = await bookOf(req, res)
  res.render('summary/book', { ...book, title: `${book.year} 年度活动记录本 · ${book.branch.name}`, styles: STYLES, scripts: SCRIPTS, printedAt: new Date() })
})

summaryRoutes.get('/branches/:id/record-book.pdf', requireLogin, branchReader, async (req, res) => {
  const { branch, year, records } = await bookOf(req, res)
  await sendPdf(req, res, `/branches/${branch.id}/record-book?year=${year}`, { title: `${branch.name} ${year} 年度支部开放日活动记录`, records, book: { branch, year } }, [
    safeFileName(`支部开放日记录本-${year}-${branch.name}.pdf`),
    `record-book-${branch.id}-${year}.pdf`,
  ])
})

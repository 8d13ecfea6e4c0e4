// The ledger and the office's overview as .xlsx (exceljs: number formats, a totals row, A4 landscape) and CSV.
import type { Response } from 'express'
import ExcelJS from 'exceljs'
import { yuan } from '../lib/money.ts'
import { csvLine } from '../observers/csv.ts'
import { safeFileName } from '../summary/format.ts'
import type { Ledger, Overview } from './reports.ts'

const MONEY_FORMAT = '#,##0.00'
const MONTH_HEADERS = Array.from({ length: 12 }, (_, i) => `${i + 1}月实缴`)
const LEDGER_HEADERS = ['序号', '姓名', '基数', '比例', '月应缴', ...MONTH_HEADERS, '全年应缴', '全年实缴', '欠缴月数', '备注']
const OVERVIEW_HEADERS = ['序号', '党支部', '党员人数', '本月应缴', '本月实缴', '本月已缴人数', '本月未缴人数', '全年应缴', '全年实缴', '欠缴月数']

/** fen → 元 as a number for a spreadsheet cell (exact to the fen: every value is fen / 100 of an integer) */
const cellYuan = (fen: number | null): number | null => (fen === null ? null : fen / 100)
const textYuan = (fen: number | null): string => (fen === null ? '' : yuan(fen))

type Cell = string | number | null

function ledgerTable(ledger: Ledger, seeBase: boolean, money: (fen: number | null) => Cell) {
  const rows: Cell[][] = ledger.rows.map((r) => [
    r.no, r.name, seeBase ? money(r.baseFen) : '', r.rate, money(r.monthlyFen), ...r.paid.map(money), money(r.dueYearFen), money(r.paidYearFen), r.unpaidMonths, r.note,
  ])
  const t = ledger.totals
  const totals: Cell[] = ['合计', `${ledger.rows.length} 人`, '', '', money(t.monthlyFen), ...t.paid.map(money), money(t.dueYearFen), money(t.paidYearFen), t.unpaidMonths, '']
  return { rows, totals }
}

function overviewTable(o: Overview, money: (fen: number | null) => Cell) {
  const rows: Cell[][] = o.rows.map((r, i) => [i + 1, r.branchName, r.members, money(r.monthDueFen), money(r.monthCollectedFen), r.monthPaid, r.monthUnpaid, money(r.yearDueFen), money(r.yearPaidFen), r.unpaidMonths])
  const t = o.totals
  const totals: Cell[] = ['合计', `${o.rows.length} 个支部`, t.members, money(t.monthDueFen), money(t.monthCollectedFen), t.monthPaid, t.monthUnpaid, money(t.yearDueFen), money(t.yearPaidFen), t.unpaidMonths]
  return { rows, totals }
}

async function workbook(title: string, headers: string[], rows: Cell[][], totals: Cell[], moneyColumns: number[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'openday'
  const ws = wb.addWorksheet('台账', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } })
  ws.mergeCells(1, 1, 1, headers.length)
  ws.getCell(1, 1).value = title
  ws.getCell(1, 1).font = { bold: true, size: 14 }
  ws.getCell(1, 1).alignment = { horizontal: 'center' }
  ws.addRow(headers).font = { bold: true }
  for (const r of rows) ws.addRow(r)
  ws.addRow(totals).font = { bold: true }
  for (const c of moneyColumns) ws.getColumn(c).numFmt = MONEY_FORMAT
  ws.columns.forEach((col, i) => (col.width = i === 1 ? 22 : headers[i] === '备注' ? 30 : 11))
  ws.views = [{ state: 'frozen', ySplit: 2, xSplit: 2 }]
  ws.pageSetup.printTitlesRow = '2:2'
  return Buffer.from(await wb.xlsx.writeBuffer())
}

const columns = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

export async function ledgerXlsx(branchName: string, ledger: Ledger, seeBase: boolean): Promise<Buffer> {
  const { rows, totals } = ledgerTable(ledger, seeBase, cellYuan)
  // 基数, 月应缴, 1–12 月, 全年应缴, 全年实缴
  return workbook(`${branchName} ${ledger.year}年党费收缴台账`, LEDGER_HEADERS, rows, totals, [3, ...columns(5, 19)])
}

export async function overviewXlsx(o: Overview): Promise<Buffer> {
  const { rows, totals } = overviewTable(o, cellYuan)
  return workbook(`${o.year}年党费收缴汇总（${o.month}月）`, OVERVIEW_HEADERS, rows, totals, [4, 5, 8, 9])
}

/** UTF-8 with a BOM for Excel, CRLF line ends, formulas defused (csvLine) */
const csv = (headers: string[], rows: Cell[][], totals: Cell[]) => '\uFEFF' + [headers, ...rows, totals].map(csvLine).join('\r\n') + '\r\n'

export function ledgerCsv(ledger: Ledger, seeBase: boolean): string {
  const { rows, totals } = ledgerTable(ledger, seeBase, textYuan)
  return csv(LEDGER_HEADERS, rows, totals)
}

export function overviewCsv(o: Overview): string {
  const { rows, totals } = overviewTable(o, textYuan)
  return csv(OVERVIEW_HEADERS, rows, totals)
}

export async function sendDownload(res: Response, fileName: string, body: Buffer | string): Promise<void> {
  const xlsx = fileName.endsWith('.xlsx')
  res
    .type(xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8')
    .attachment(safeFileName(fileName))
    .set('Cache-Control', 'no-store')
    .send(body)
}

import ExcelJS from 'exceljs'
import { csvLine } from '../observers/csv.ts'
import type { Annual, BranchAssessment } from './annual.ts'
import { TIER_LABELS } from './scoring.ts'

const HEADER = ['序号', '党支部', '承办开放日', '按时举办', '已复盘', '平均得分', '已评分场次', '观摩其他支部', '其中书记观摩', '未完成整改措施', '加分', '等次']

/** the annual table as cells: the same rows for CSV and Excel */
export function tableRows(rows: BranchAssessment[]): (string | number | null)[][] {
  return rows.map((r, i) => [
    i + 1, r.branch.name, r.hosted, r.onTime, r.reviewed, r.averageScore, r.scored, r.observed, r.observedBySecretary, r.openActions,
    r.capped ? `${r.points}（封顶，原 ${r.rawPoints}）` : r.points, TIER_LABELS[r.tier],
  ])
}

const title = (annual: Annual) => `${annual.year}年度支部开放日考核`

/** UTF-8 with a BOM for Excel, CRLF, cells that could run as formulas defused (csvCell) */
export function annualCsv(annual: Annual, rows: BranchAssessment[]): string {
  return '\uFEFF' + [HEADER, ...tableRows(rows)].map(csvLine).join('\r\n') + '\r\n'
}

/** one sheet, a title row, frozen header, widths that fit Chinese names; printed on A4 landscape */
export async function annualXlsx(annual: Annual, rows: BranchAssessment[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  book.creator = 'openday'
  const sheet = book.addWorksheet(`${annual.year}年度考核`, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', ySplit: 2 }],
  })
  sheet.addRow([title(annual)]).font = { bold: true, size: 14 }
  sheet.mergeCells(1, 1, 1, HEADER.length)
  sheet.addRow(HEADER).font = { bold: true }
  // text cells stay text: exceljs writes a string as a string, never a formula
  for (const row of tableRows(rows)) sheet.addRow(row)
  sheet.columns.forEach((col, i) => (col.width = i === 1 ? 28 : i === 10 ? 18 : 12))
  const rules = annual.rules
  sheet.addRow([])
  sheet.addRow([`规则：每承办一次 ${rules.pointsPerHosted} 分，书记每观摩一次 ${rules.pointsPerObserved} 分，年度上限 ${rules.yearlyCap} 分；${rules.advancedMin} 分及以上为先进，${rules.middleMin} 分及以上为中间，以下为后进。`])
  return Buffer.from(await book.xlsx.writeBuffer())
}

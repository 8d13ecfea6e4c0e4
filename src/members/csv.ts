// Reading a member list from CSV: pure (no database), so every rule is unit-tested.
import { CsvError, parse } from 'csv-parse/sync'
import { normalizeText } from '../lib/text.ts'
import { CATEGORY_LABELS, STANDING_LABELS, type Category, type Standing } from './labels.ts'
import { memberFields, type MemberInput } from './schemas.ts'

export const MAX_ROWS = 1000

export const CSV_COLUMNS = [
  { field: 'name', header: '姓名' },
  { field: 'standing', header: '党员类别' },
  { field: 'category', header: '人员类别' },
  { field: 'joinedOn', header: '入党日期' },
  { field: 'phone', header: '联系电话' },
  { field: 'title', header: '职务' },
  { field: 'partyPost', header: '党内职务' },
] as const
export type CsvField = (typeof CSV_COLUMNS)[number]['field']

const HEADER_ALIASES: Record<string, CsvField> = {
  ...Object.fromEntries(CSV_COLUMNS.flatMap((c) => [[c.header, c.field], [c.field.toLowerCase(), c.field]])),
  电话: 'phone',
  手机: 'phone',
  手机号: 'phone',
}

const STANDING_VALUES: Record<string, Standing> = { 正式: 'full', 正式党员: 'full', full: 'full', 预备: 'probationary', 预备党员: 'probationary', probationary: 'probationary' }
const CATEGORY_VALUES: Record<string, Category> = {
  ...Object.fromEntries(Object.entries(CATEGORY_LABELS).flatMap(([key, label]) => [[label, key], [key, key]])),
  退休: 'retired',
  离休: 'retired',
  失业低保: 'unemployed',
  失业: 'unemployed',
  低保: 'unemployed',
  '失业、低保': 'unemployed',
}

export type PreviewRow = { line: number; cells: Record<CsvField, string>; errors: string[] }
export type CsvCheck = { rows: PreviewRow[]; errors: string[]; members: MemberInput[] }

/** UTF-8 (with or without BOM); a file that is not UTF-8 is read as GB18030, what Chinese Excel saves by default.
 *  The text then passes the forms' normaliser, like a pasted list. */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return normalizeText(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    return normalizeText(new TextDecoder('gb18030').decode(bytes))
  }
}

/** the import template: UTF-8 with a BOM so Excel shows the Chinese headers */
export function templateCsv(): string {
  return '\uFEFF' + [CSV_COLUMNS.map((c) => c.header).join(','), '张三,正式,在职,2005-07-01,13800000000,科员,组织委员', '李四,预备,离退休,,,,'].join('\r\n') + '\r\n'
}

/** a paste from Excel is tab-separated: take whichever delimiter the header line uses most */
function delimiterOf(text: string): string {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? ''
  const counts = [',', '\t', ';', '，'].map((d) => [d, first.split(d).length] as const)
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0]
}

function readRecords(text: string): string[][] | string {
  try {
    return parse(text, { bom: true, delimiter: delimiterOf(text), relax_column_count: true, trim: true })
  } catch (err) {
    if (!(err instanceof CsvError)) throw err
    return `第 ${Number(err.lines) || '?'} 行附近格式有误（引号不配对？），请检查文件后重试`
  }
}

function lookUp<T extends string>(raw: string, values: Record<string, T>, fallback: T, label: string, allowed: string, errors: string[]): T {
  if (!raw) return fallback
  const value = values[raw] ?? values[raw.toLowerCase()]
  if (!value) errors.push(`${label}“${raw}”无效，应为 ${allowed}`)
  return value ?? fallback
}

function checkRow(cells: Record<CsvField, string>): { member: MemberInput | null; errors: string[] } {
  const lookUpErrors: string[] = []
  const standing = lookUp(cells.standing, STANDING_VALUES, 'full', '党员类别', '正式/预备', lookUpErrors)
  const category = lookUp(cells.category, CATEGORY_VALUES, 'employed', '人员类别', '在职/离退休/农民/学生/失业低保/其他', lookUpErrors)
  const parsed = memberFields.safeParse({ ...cells, standing, category })
  const issues = parsed.success ? [] : parsed.error.issues
  // in column order: the name first, then the two categories, then the rest
  const messagesFor = (name: boolean) => issues.filter((i) => (i.path[0] === 'name') === name).map((i) => i.message)
  const errors = [...new Set([...messagesFor(true), ...lookUpErrors, ...messagesFor(false)])]
  if (errors.length || !parsed.success) return { member: null, errors }
  cells.standing = STANDING_LABELS[standing]
  cells.category = CATEGORY_LABELS[category]
  return { member: parsed.data, errors }
}

/**
 * Checks a member list: the first row names the columns (Chinese or English, any order, 姓名 required);
 * each later row is one member. Names must be new to the branch and to the file.
 */
export function checkMemberCsv(text: string, existingNames: Iterable<string>): CsvCheck {
  const result: CsvCheck = { rows: [], errors: [], members: [] }
  const records = readRecords(text)
  if (typeof records === 'string') return { ...result, errors: [records] }
  const [header = [], ...body] = records
  const columns = header.map((h) => HEADER_ALIASES[h.replace(/\s/g, '')] ?? HEADER_ALIASES[h.trim().toLowerCase()])
  if (!columns.includes('name')) return { ...result, errors: ['第 1 行应为表头，且必须有“姓名”列（可下载模板对照）'] }

  const existing = new Set(existingNames)
  const seen = new Map<string, number>()
  body.forEach((record, i) => {
    if (record.every((cell) => !cell)) return
    const line = i + 2
    const cells = Object.fromEntries(CSV_COLUMNS.map((c) => [c.field, ''])) as Record<CsvField, string>
    columns.forEach((field, j) => field && (cells[field] ||= record[j] ?? ''))
    const { member, errors } = checkRow(cells)
    if (cells.name && existing.has(cells.name)) errors.push('本支部已有同名党员')
    if (cells.name && seen.has(cells.name)) errors.push(`与第 ${seen.get(cells.name)} 行姓名重复`)
    if (cells.name && !seen.has(cells.name)) seen.set(cells.name, line)
    result.rows.push({ line, cells, errors })
    result.errors.push(...errors.map((e) => `第 ${line} 行：${e}`))
    if (member && !errors.length) result.members.push(member)
  })
  if (!result.rows.length) result.errors.push('文件中没有党员数据：第 1 行是表头，从第 2 行起每行一名党员')
  if (result.rows.length > MAX_ROWS) result.errors.unshift(`一次最多导入 ${MAX_ROWS} 名党员，本文件有 ${result.rows.length} 名，请分批导入`)
  return result
}

// The dues rules (中组发〔2008〕3号, DOMAIN.md) as pure functions: amounts in integer fen, months as 'YYYY-MM'.

export const DUES_CATEGORIES = ['employed', 'retired', 'farmer', 'student', 'unemployed', 'other'] as const
export type DuesCategory = (typeof DUES_CATEGORIES)[number]

/** students and the unemployed (and members on relief) pay 0.20 元 */
export const FLAT_FEN = 20
export const FARMER_MIN_FEN = 20
export const FARMER_MAX_FEN = 100

/** upper bounds in fen, inclusive; rates in per-mille (5 = 0.5 %) */
const EMPLOYED_BANDS = [
  { upTo: 300_000, permille: 5 },
  { upTo: 500_000, permille: 10 },
  { upTo: 1_000_000, permille: 15 },
  { upTo: Infinity, permille: 20 },
]
const RETIRED_BANDS = [
  { upTo: 500_000, permille: 5 },
  { upTo: Infinity, permille: 10 },
]

export type DuesRule =
  | { kind: 'rate'; permille: number; bands: 'employed' | 'retired' }
  | { kind: 'fixed'; fen: number; why: 'farmer' | 'flat' }

function assertBase(baseFen: number): void {
  if (!Number.isSafeInteger(baseFen) || baseFen < 0) throw new RangeError(`dues base must be a whole, non-negative number of fen: ${baseFen}`)
}

/** which rule sets a member's dues: a percentage of the base, or a fixed amount */
export function duesRule({ category, baseFen, fixedFen }: { category: DuesCategory; baseFen: number; fixedFen?: number | null }): DuesRule {
  assertBase(baseFen)
  switch (category) {
    case 'farmer':
      if (fixedFen === undefined || fixedFen === null || !Number.isSafeInteger(fixedFen) || fixedFen < FARMER_MIN_FEN || fixedFen > FARMER_MAX_FEN)
        throw new RangeError(`a farmer's dues are a fixed ${FARMER_MIN_FEN}–${FARMER_MAX_FEN} fen: ${fixedFen}`)
      return { kind: 'fixed', fen: fixedFen, why: 'farmer' }
    case 'student':
    case 'unemployed':
      return { kind: 'fixed', fen: FLAT_FEN, why: 'flat' }
    case 'retired':
      return { kind: 'rate', permille: RETIRED_BANDS.find((b) => baseFen <= b.upTo)!.permille, bands: 'retired' }
    case 'employed':
    case 'other':
      return { kind: 'rate', permille: EMPLOYED_BANDS.find((b) => baseFen <= b.upTo)!.permille, bands: 'employed' }
    default:
      throw new RangeError(`unknown dues category: ${String(category)}`)
  }
}

/** base × rate, rounded half up to the fen, in integer arithmetic */
export function applyRate(baseFen: number, permille: number): number {
  return Math.floor((baseFen * permille + 500) / 1000)
}

/** the monthly dues in fen the rules give for a category and base */
export function monthlyDuesFen(input: { category: DuesCategory; baseFen: number; fixedFen?: number | null }): number {
  const rule = duesRule(input)
  return rule.kind === 'fixed' ? rule.fen : applyRate(input.baseFen, rule.permille)
}

/** 1.5% */
export const rateLabel = (permille: number): string => `${permille / 10}%`

// ---- months, paying ahead and back ----

/** how far back a back payment (补交) may reach from the register's month */
export const BACK_MONTHS = 6

export function isMonth(s: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(s)
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number)
  const i = y * 12 + (m - 1) + n
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`
}

/** months from `from` to `to`, both included; empty when to < from */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = []
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m)
  return out
}

/** the last month of the calendar quarter `month` falls in */
export function quarterEnd(month: string): string {
  const m = Number(month.slice(5))
  return addMonths(month, (3 - (m % 3)) % 3)
}

/** paying ahead reaches at most a whole quarter (three months) past the register's month, which always covers
 *  the rest of its own quarter */
export const aheadLimit = (month: string): string => addMonths(month, 3)
export const backLimit = (month: string): string => addMonths(month, -BACK_MONTHS)

/** 2020年10月 */
export function monthLabel(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5))}月`
}

/** why months from–to cannot be paid from the register of `month`, in Chinese; null when they can */
export function payableMonthsError(month: string, from: string, to: string): string | null {
  if (!isMonth(from) || !isMonth(to)) return '缴纳月份请填写为 年-月，如 2020-10'
  if (to < from) return '截止月份不能早于起始月份'
  if (from < backLimit(month)) return `补交最多 ${BACK_MONTHS} 个月：本次最早可补交 ${monthLabel(backLimit(month))}，更早的欠缴须经支部研究后另行处理`
  if (to > aheadLimit(month)) return `预交最多一个季度：本次最晚可预交至 ${monthLabel(aheadLimit(month))}`
  return null
}

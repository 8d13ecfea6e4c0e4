// Which months a member owes, and how many in a row: pure, from the years the register tracks for them.
import { addMonths } from './rates.ts'

export type ArrearsInput = {
  /** years with a DuesBase row: only those are tracked */
  years: number[]
  /** the monthly amount due per year (null: not known, still owed) */
  dueByYear: Map<number, number | null>
  /** net paid per month (YYYY-MM) */
  paid: Map<string, number>
  /** months before this one are overdue (the current month is not yet) */
  before: string
  /** the last month the member belonged to the branch, if transferred out */
  lastMonth?: string | null
}

/** months owed and not paid, oldest first */
export function unpaidMonths(i: ArrearsInput): string[] {
  const out: string[] = []
  for (const year of [...i.years].sort()) {
    const due = i.dueByYear.get(year)
    if (due === 0) continue
    for (let m = 1; m <= 12; m++) {
      const month = `${year}-${String(m).padStart(2, '0')}`
      if (month >= i.before || (i.lastMonth && month > i.lastMonth)) break
      if ((i.paid.get(month) ?? 0) <= 0) out.push(month)
    }
  }
  return out
}

/** the longest run of consecutive months in a sorted list */
export function longestRun(months: string[]): number {
  let best = 0
  let run = 0
  for (const [k, m] of months.entries()) {
    run = k > 0 && addMonths(months[k - 1], 1) === m ? run + 1 : 1
    best = Math.max(best, run)
  }
  return best
}

/** 3 or more in a row are highlighted; 6 in a row is the threshold for treating a member as having left the party */
export const HIGHLIGHT_RUN = 3
export const WARNING_RUN = 6

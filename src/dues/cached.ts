// The office's dues overview, its workbook and the office-wide arrears: computed once per write to the register or
// the directory (the 'dues' and 'directory' counters) and per current month (what is overdue), in every instance.
import { counters } from '../cache/counters.ts'
import { VersionedCache } from '../cache/versioned.ts'
import { arrearsOf, type MemberArrears } from './arrears-service.ts'
import { overviewXlsx } from './exports.ts'
import { officeOverview, type Overview } from './reports.ts'
import { currentMonth } from './service.ts'

const overviews = new VersionedCache<Overview>(24)
const workbooks = new VersionedCache<Buffer>(12)
const arrears = new VersionedCache<MemberArrears[]>(12)

const version = () => {
  const c = counters()
  return `${c.dues}.${c.directory}@${currentMonth()}`
}
const overviewAt = (year: number, month: number, v: string) => overviews.get(`${year}-${month}`, v, () => officeOverview(year, month))

/** every branch's collection for a month and the year (shared between requests: never mutated) */
export const cachedOverview = (year: number, month: number): Promise<Overview> => overviewAt(year, month, version())

/** the overview as .xlsx, from the overview of the same version */
export function cachedOverviewXlsx(year: number, month: number): Promise<Buffer> {
  const v = version()
  return workbooks.get(`${year}-${month}`, v, async () => overviewXlsx(await overviewAt(year, month, v)))
}

/** every active branch's members who owe months since sinceYear */
export const cachedArrears = (sinceYear: number): Promise<MemberArrears[]> => arrears.get(String(sinceYear), version(), () => arrearsOf({ sinceYear }))

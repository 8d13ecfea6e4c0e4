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

const version = async () => {
  const c = await counters()
  return `${c.dues}.${c.directory}@${currentMonth()}`
}
const overviewAt = (year: number, month: number, v: string) => overviews.get(`${year}-${month}`, v, () => officeOverview(year, month))

/** every branch's collection for a month and the year (shared between requests: never mutated) */
export const cachedOverview = async (year: number, month: number): Promise<Overview> => overviewAt(year, month, await version())

/** the overview as .xlsx, from the overview of the same version */
export async function cachedOverviewXlsx(year: number, month: number): Promise<Buffer> {
  const v = await version()
  return workbooks.get(`${year}-${month}`, v, async () => overviewXlsx(await overviewAt(year, month, v)))
}

/** every active branch's members who owe months since sinceYear */
export const cachedArrears = async (sinceYear: number): Promise<MemberArrears[]> => arrears.get(String(sinceYear), await version(), () => arrearsOf({ sinceYear }))

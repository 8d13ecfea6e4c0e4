import { local } from '../lib/dates.ts'

export type Slot = { id?: number; branchId: number; place: string; startsAt: Date; endsAt: Date }

export function overlaps(a: Slot, b: Slot): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt
}

/** '机关党员活动室 ' and '机关党员 活动室' are the same room */
export function samePlace(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase()
  return norm(a) === norm(b)
}

export function sameMonth(a: Date, b: Date): boolean {
  return local(a).format('YYYY-MM') === local(b).format('YYYY-MM')
}

/** the first other open day in the same place at an overlapping time (a hard conflict) */
export function placeClash<T extends Slot>(candidate: Slot, others: T[]): T | undefined {
  return others.find((o) => o.id !== candidate.id && samePlace(o.place, candidate.place) && overlaps(o, candidate))
}

/** other open days of the same branch in the same month (a warning the secretary may confirm) */
export function sameMonthForBranch<T extends Slot>(candidate: Slot, others: T[]): T[] {
  return others.filter((o) => o.id !== candidate.id && o.branchId === candidate.branchId && sameMonth(o.startsAt, candidate.startsAt))
}

import { dayjs, local } from '../lib/dates.ts'

export type Day<T> = { date: string; day: number; inMonth: boolean; isToday: boolean; items: T[] }

/** a Monday-first grid of whole weeks covering the month, items placed on their Shanghai start date */
export function monthGrid<T extends { startsAt: Date }>(year: number, month: number, items: T[], now = new Date()): Day<T>[][] {
  // calendar arithmetic on plain dates (UTC), independent of the server's zone
  const first = dayjs.utc(`${year}-${String(month).padStart(2, '0')}-01`)
  const lead = (first.day() + 6) % 7 // days before the 1st back to Monday
  const start = first.subtract(lead, 'day')
  const weeks = Math.ceil((lead + first.daysInMonth()) / 7)
  const today = local(now).format('YYYY-MM-DD')
  const byDate = new Map<string, T[]>()
  for (const item of items) {
    const key = local(item.startsAt).format('YYYY-MM-DD')
    byDate.set(key, [...(byDate.get(key) ?? []), item])
  }
  return Array.from({ length: weeks }, (_, w) =>
    Array.from({ length: 7 }, (_, d) => {
      const day = start.add(w * 7 + d, 'day')
      const date = day.format('YYYY-MM-DD')
      return { date, day: day.date(), inMonth: day.month() === first.month(), isToday: date === today, items: byDate.get(date) ?? [] }
    }),
  )
}

/** '2020-10' → {year, month}; the current Shanghai month when absent */
export function parseMonth(value: string | undefined, now = new Date()): { year: number; month: number } {
  const m = value?.match(/^(\d{4})-(\d{2})$/)
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return { year: Number(m[1]), month: Number(m[2]) }
  const l = local(now)
  return { year: l.year(), month: l.month() + 1 }
}

export function shiftMonth(year: number, month: number, delta: number): string {
  return dayjs.utc(`${year}-${String(month).padStart(2, '0')}-01`).add(delta, 'month').format('YYYY-MM')
}

import { timeInput } from '../lib/dates.ts'

type Seg = { title: string; plannedMinutes: number; startedAt: Date | null; endedAt: Date | null }
export type AgendaLine = { title: string; from: string; to: string; current: boolean; done: boolean }

/**
 * The agenda as observers see it: planned times counted from the start. The current segment is the
 * one the host started in run mode; before run mode is used, the one whose planned time holds now.
 */
export function phoneAgenda(startsAt: Date, segments: Seg[], now = new Date()): AgendaLine[] {
  let t = startsAt.getTime()
  const lines = segments.map((s) => {
    const from = new Date(t)
    t += s.plannedMinutes * 60_000
    return { s, from, to: new Date(t) }
  })
  const live = segments.findIndex((s) => s.startedAt && !s.endedAt)
  const byClock = segments.some((s) => s.startedAt) ? -1 : lines.findIndex((l) => now >= l.from && now < l.to)
  const current = live >= 0 ? live : byClock
  return lines.map((l, i) => ({ title: l.s.title, from: timeInput(l.from), to: timeInput(l.to), current: i === current, done: Boolean(l.s.endedAt) }))
}

/** planned times of an agenda, counted from the open day's start; pure, for the editor and the show page */

export type Planned<T> = T & { plannedStart: Date; plannedEnd: Date }
export type AgendaPlan<T> = {
  segments: Planned<T>[]
  totalMinutes: number
  plannedEnd: Date
  /** minutes the planned end passes the scheduled end; 0 when it fits */
  overrunMinutes: number
}

export function planAgenda<T extends { plannedMinutes: number }>(startsAt: Date, segments: T[], endsAt: Date): AgendaPlan<T> {
  let t = startsAt.getTime()
  const planned = segments.map((s) => {
    const plannedStart = new Date(t)
    t += s.plannedMinutes * 60_000
    return { ...s, plannedStart, plannedEnd: new Date(t) }
  })
  const totalMinutes = segments.reduce((sum, s) => sum + s.plannedMinutes, 0)
  const overrunMinutes = Math.max(0, Math.ceil((t - endsAt.getTime()) / 60_000))
  return { segments: planned, totalMinutes, plannedEnd: new Date(t), overrunMinutes }
}

/** the ids in their new order after moving `id` one place up or down; unchanged at either end */
export function moveInOrder(ids: number[], id: number, direction: 'up' | 'down'): number[] {
  const i = ids.indexOf(id)
  const j = direction === 'up' ? i - 1 : i + 1
  if (i < 0 || j < 0 || j >= ids.length) return ids
  const out = [...ids]
  ;[out[i], out[j]] = [out[j], out[i]]
  return out
}

/** "1 小时 35 分" for totals */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return h ? (m ? `${h} 小时 ${m} 分` : `${h} 小时`) : `${m} 分钟`
}

/** a template note written as an example (“如：…”, “例如：…”) is a hint for whoever plans, not part of an agenda */
export const isHint = (notes: string): boolean => /^\s*(例如|如)[：:]/.test(notes)

/** the note a real agenda takes from a template or an earlier agenda: hints stay behind */
export const agendaNote = (notes: string): string => (isHint(notes) ? '' : notes)

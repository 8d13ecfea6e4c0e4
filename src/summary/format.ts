// Small pure helpers for the printed record.
import { formatRate } from '../attendance/counts.ts'
import { STATUS_LABELS } from '../attendance/labels.ts'
import type { AttendanceSummary } from '../attendance/service.ts'
import { dateInput } from '../lib/dates.ts'
import { yuan } from '../lib/money.ts'
import { parseRecord } from '../records/shapes.ts'
import type { DuesFigures } from '../dues/reports.ts'

/** one line of a segment's kind record, e.g. 诵读篇目：《党章》第六章第三十六条 */
export type Detail = { label: string; value: string }

/** 2 小时 28 分钟 */
export function durationLabel(start: Date, end: Date): string {
  const minutes = Math.max(0, Math.round((end.getTime() - start.getTime()) / 60_000))
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return [h ? `${h} 小时` : '', m || !h ? `${m} 分钟` : ''].filter(Boolean).join(' ')
}

/** a file name without characters Windows or a header would choke on */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\r\n]+/g, '_')
}

/** the month's dues from the register (or the figures typed before it existed), the same on the page, PDF and Word */
export function duesLines(d: DuesFigures): Detail[] {
  const money = (fen: number | null, missing: string) => (fen === null ? missing : `${yuan(fen)} 元`)
  const people = (n: number | null) => (n === null ? '未登记' : `${n} 人`)
  return [
    { label: '应缴金额', value: d.source === 'legacy' ? '未登记' : money(d.dueFen, '基数未填全') },
    { label: '实缴金额', value: money(d.collectedFen, '未登记') },
    { label: '已缴人数', value: people(d.paid) },
    { label: '未缴人数', value: people(d.unpaid) },
  ]
}

/** the kind record as printable lines (dues: duesLines); speeches and concluding points have sections of their own */
export function segmentDetails(segment: { kind: string; record: string }, presentCount: number): Detail[] {
  switch (segment.kind) {
    case 'oath': {
      const ids = parseRecord('oath', segment.record).participantIds
      return [{ label: '参加宣誓', value: `${ids === null ? presentCount : new Set(ids).size} 人` }]
    }
    case 'reading': {
      const r = parseRecord('reading', segment.record)
      return r.materialTitle ? [{ label: '诵读篇目', value: r.materialTitle }] : []
    }
    case 'study': {
      const r = parseRecord('study', segment.record)
      return [
        ...(r.materials.length ? [{ label: '学习材料', value: r.materials.map((m) => m.title).join('；') }] : []),
        ...(r.keyPoints ? [{ label: '学习要点', value: r.keyPoints }] : []),
      ]
    }
    default:
      return []
  }
}

/** the attendance in words, the same on the page and in Word */
export function attendanceText(att: AttendanceSummary) {
  return {
    rate: formatRate(att.rate) + (att.belowThreshold ? `（低于 ${att.threshold}%）` : ''),
    present: att.members.filter((m) => m.status === 'present').map((m) => m.name + (m.standing === 'probationary' ? '（预备）' : '')).join('、') || '无',
    absentees: att.absentees.map((a) => ({
      name: a.name,
      status: STATUS_LABELS[a.status],
      reason: [a.leaveReasonLabel, a.note].filter(Boolean).join('：') || '—',
      madeUp: a.madeUpOn ? `${a.madeUpOn}${a.madeUpNote ? `，${a.madeUpNote}` : ''}` : '—',
    })),
    attendees: att.attendees.map((a) => `${a.name}${a.unit ? `（${a.unit}）` : ''}`).join('、') || '无',
  }
}

/** a segment's actual time as the record has it: only on the event's day (a stamp on another day is a rehearsal's) */
export function recordTime(d: Date | null, openDay: { startsAt: Date }): Date | null {
  return d && dateInput(d) === dateInput(openDay.startsAt) ? d : null
}

/** first segment start – last segment end on the event's day when they were recorded, else the planned times;
 *  the printed date, the duration, the file name and the dues month all follow from this and the event's day */
export function actualTimes(openDay: { startsAt: Date; endsAt: Date }, segments: { startedAt: Date | null; endedAt: Date | null }[]) {
  const starts = segments.flatMap((s) => recordTime(s.startedAt, openDay)?.getTime() ?? [])
  const ends = segments.flatMap((s) => recordTime(s.endedAt, openDay)?.getTime() ?? [])
  const actual = starts.length > 0 && ends.length > 0 && Math.max(...ends) > Math.min(...starts)
  const start = actual ? new Date(Math.min(...starts)) : openDay.startsAt
  const end = actual ? new Date(Math.max(...ends)) : openDay.endsAt
  return { start, end, actual, length: durationLabel(start, end) }
}

import { db } from '../db.ts'
import { attendanceSummary, type AttendanceSummary } from '../attendance/service.ts'
import { kindLabel } from '../agenda/kinds.ts'
import { local, monthBounds } from '../lib/dates.ts'
import { averageScores, parseScores, type ScoreAverage } from '../observers/scores.ts'
import { attachmentsBySegment, readAttachment } from '../photos/service.ts'
import { parseRecord } from '../records/shapes.ts'
import { allCriteria, scoreSelect, shownCriteria } from '../assessment/criteria.ts'
import { notFound } from '../web/errors.ts'
import { yuan } from '../lib/money.ts'
import { summaryReview, type SummaryReview } from '../review/service.ts'
import { actualTimes, attendanceText, personLabel, segmentDetails, type Detail } from './format.ts'

/** thumbName: the stored thumbnail, for the PDF to inline */
export type Photo = { id: number; caption: string; segmentTitle: string; src: string; thumbName: string }

export type SegmentEntry = {
  id: number
  position: number
  kindLabel: string
  title: string
  startedAt: Date | null
  endedAt: Date | null
  leader: string | null
  summary: string
  details: Detail[]
}

export type SpeechEntry = { kindLabel: string; speaker: string; topic: string }
export type CommentEntry = { id: number; author: string; unit: string; learnings: string; suggestions: string; scores: { criterion: string; score: number }[]; adopted: boolean }

/** everything the printed record (一事一档) shows about one open day; the page, the PDF and the .docx read it */
export type SummaryRecord = {
  openDay: { id: number; theme: string; place: string; status: string; branchId: number; branchName: string; startsAt: Date; endsAt: Date }
  /** actual times from the run sheet (first segment start – last end), else the planned ones */
  times: { start: Date; end: Date; actual: boolean; length: string }
  host: string | null
  recorder: string | null
  attendance: AttendanceSummary
  attendanceText: ReturnType<typeof attendanceText>
  /** null when the agenda has no dues segment */
  dues: { month: string; totalYuan: string | null; payers: number | null } | null
  segments: SegmentEntry[]
  speeches: SpeechEntry[]
  observers: { name: string; title: string; unit: string }[]
  comments: CommentEntry[]
  averages: ScoreAverage[]
  concludingPoints: string[]
  review: SummaryReview
  photos: Photo[]
}

/** the open day's id, branch, theme, status and date: the same header the news release reads */
export { getOpenDay, type NewsOpenDay as SummaryOpenDay } from '../news/service.ts'

const memberFields = { select: { name: true, title: true, partyPost: true } } as const
const byPosition = [{ position: 'asc' }, { id: 'asc' }] as const

function loadOpenDay(id: number) {
  return db.openDay.findUnique({
    where: { id },
    include: {
      branch: { select: { name: true } },
      host: memberFields,
      recorder: memberFields,
      segments: {
        orderBy: [...byPosition],
        include: { leader: memberFields, speeches: { orderBy: [...byPosition], include: { member: memberFields } } },
      },
      observers: { orderBy: { id: 'asc' } },
      comments: { where: { status: 'visible' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], include: { criterionScores: scoreSelect } },
      statusChanges: { where: { toStatus: 'reviewed' }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 1 },
    },
  })
}
type Loaded = NonNullable<Awaited<ReturnType<typeof loadOpenDay>>>
type LoadedSegment = Loaded['segments'][number]

async function photosOf(openDayId: number, segments: LoadedSegment[]): Promise<Photo[]> {
  const bySegment = await attachmentsBySegment(openDayId)
  return segments.flatMap((s) =>
    (bySegment.get(s.id) ?? [])
      .flatMap((a) => (a.kind === 'photo' && a.thumbName ? [{ id: a.id, caption: a.caption, segmentTitle: s.title, src: `/attachments/${a.id}/thumb`, thumbName: a.thumbName }] : [])),
  )
}

/** the printed record of one open day */
export async function summaryRecord(openDayId: number): Promise<SummaryRecord> {
  const openDay = await loadOpenDay(openDayId)
  if (!openDay) throw notFound('开放日')
  const reviewedAt = openDay.statusChanges[0]?.createdAt ?? null
  const [attendance, criteria, photos, review] = await Promise.all([
    attendanceSummary(openDayId), allCriteria(), photosOf(openDayId, openDay.segments), summaryReview(openDayId, openDay.status, reviewedAt),
  ])
  const commentCriteria = shownCriteria(criteria, openDay.comments.flatMap((c) => c.criterionScores))
  const duesSegment = openDay.segments.find((s) => s.kind === 'dues')
  const dues = duesSegment ? parseRecord('dues', duesSegment.record) : null
  return {
    openDay: {
      id: openDay.id, theme: openDay.theme, place: openDay.place, status: openDay.status, branchId: openDay.branchId,
      branchName: openDay.branch.name, startsAt: openDay.startsAt, endsAt: openDay.endsAt,
    },
    times: actualTimes(openDay, openDay.segments),
    host: openDay.host ? personLabel(openDay.host) : null,
    recorder: openDay.recorder ? personLabel(openDay.recorder) : null,
    attendance,
    attendanceText: attendanceText(attendance),
    dues: dues && { month: local(openDay.startsAt).format('YYYY年M月'), totalYuan: dues.totalFen === null ? null : yuan(dues.totalFen), payers: dues.payers },
    segments: openDay.segments.map((s) => ({
      id: s.id, position: s.position, kindLabel: kindLabel(s.kind), title: s.title, startedAt: s.startedAt, endedAt: s.endedAt,
      leader: s.leader ? personLabel(s.leader) : s.guestName ? personLabel({ name: s.guestName, title: s.guestTitle }) : null,
      summary: s.summary, details: segmentDetails(s, attendance.present.total),
    })),
    speeches: openDay.segments
      .filter((s) => s.kind === 'speeches')
      .flatMap((s) => s.speeches)
      .map((x) => ({ kindLabel: x.kind === 'keynote' ? '中心发言' : '交流发言', speaker: x.member?.name ?? x.guestName ?? '（未填写）', topic: x.topic })),
    observers: openDay.observers.map((o) => ({ name: o.name, title: o.title ?? '', unit: o.unit ?? '' })),
    comments: openDay.comments.map((c) => {
      const scores = parseScores(c.criterionScores, commentCriteria)
      return {
        id: c.id, author: c.authorName ?? '匿名', unit: c.authorUnit ?? '', learnings: c.learnings, suggestions: c.suggestions, adopted: c.adoptedAt !== null,
        scores: commentCriteria.flatMap((criterion) => (scores[criterion] === null ? [] : [{ criterion, score: scores[criterion]! }])),
      }
    }),
    averages: averageScores(openDay.comments, commentCriteria),
    concludingPoints: openDay.segments.filter((s) => s.kind === 'concluding_speech').flatMap((s) => parseRecord('concluding_speech', s.record).points),
    review,
    photos,
  }
}

/** the PDF is rendered from a string with no session: thumbnails go in as data: URLs */
export async function inlinePhotos(record: SummaryRecord): Promise<SummaryRecord> {
  if (!record.photos.length) return record
  const photos = await Promise.all(
    record.photos.map(async (p) => {
      const bytes = await readAttachment({ storedName: '', thumbName: p.thumbName }, 'thumb').catch(() => null)
      return bytes ? [{ ...p, src: `data:image/jpeg;base64,${bytes.toString('base64')}` }] : []
    }),
  )
  return { ...record, photos: photos.flat() }
}

/** the yearly record book (一本一册): every held or reviewed open day of the branch in the Shanghai calendar year */
export async function recordBook(branchId: number, year: number): Promise<SummaryRecord[]> {
  const { start } = monthBounds(year, 1)
  const { start: end } = monthBounds(year + 1, 1)
  const openDays = await db.openDay.findMany({
    where: { branchId, status: { in: ['held', 'reviewed'] }, startsAt: { gte: start, lt: end } },
    orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
    select: { id: true },
  })
  const records: SummaryRecord[] = []
  for (const o of openDays) records.push(await summaryRecord(o.id))
  return records
}

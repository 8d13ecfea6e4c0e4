import { VersionedCache } from '../cache/versioned.ts'
import { db } from '../db.ts'
import { versionsById, type OpenDayVersions } from '../open-days/queries.ts'
import { summarizeAttendance, type AttendanceSummary } from '../attendance/service.ts'
import { rosterOf } from '../attendance/counts.ts'
import type { Prisma } from '../generated/prisma/client.ts'
import { kindLabel } from '../agenda/kinds.ts'
import { monthBounds } from '../lib/dates.ts'
import { averageScores, parseScores, type ScoreAverage } from '../observers/scores.ts'
import { readAttachment } from '../photos/service.ts'
import { parseRecord } from '../records/shapes.ts'
import { getSettings, type Settings } from '../settings/service.ts'
import { notFound } from '../lib/errors.ts'
import { actualTimes, attendanceText, duesLines, recordTime, segmentDetails, type Detail } from './format.ts'
import { personLabel } from '../members/labels.ts'
import { printedName, printedThreshold } from '../open-days/snapshot.ts'
import { isLocked } from '../open-days/policy.ts'
import { figuresOf, frozenFigures, type DuesFigures } from '../dues/reports.ts'
import { loadRegisters, monthOfDate, type Register } from '../dues/service.ts'
import { allCriteria, scoreSelect, shownCriteria, type CriterionRow } from '../assessment/criteria.ts'
import { reviewInclude, reviewSection, type SummaryReview } from '../review/service.ts'

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
  dues: (DuesFigures & { lines: Detail[] }) | null
  segments: SegmentEntry[]
  speeches: SpeechEntry[]
  /** who came: invitees who arrived or commented, then those who commented by the general link (walkIn) */
  observers: { name: string; title: string; unit: string; walkIn: boolean }[]
  comments: CommentEntry[]
  averages: ScoreAverage[]
  concludingPoints: string[]
  review: SummaryReview
  photos: Photo[]
}


const memberFields = { select: { name: true, title: true, partyPost: true } } as const
const byPosition = [{ position: 'asc' }, { id: 'asc' }] as const

/** everything a printed record shows, for one open day or a year of them: one statement per relation */
const recordInclude = {
  branch: { select: { name: true, members: { select: { id: true, name: true, standing: true, transferredOutAt: true }, orderBy: { id: 'asc' } } } },
  host: memberFields,
  recorder: memberFields,
  segments: {
    orderBy: [...byPosition],
    include: { leader: memberFields, speeches: { orderBy: [...byPosition], include: { member: memberFields } } },
  },
  observers: { orderBy: { id: 'asc' }, include: { _count: { select: { comments: true } } } },
  comments: {
    where: { status: 'visible' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    include: { criterionScores: { select: { ...scoreSelect.select, criterionName: true } } },
  },
  statusChanges: { where: { toStatus: 'reviewed' }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 1 },
  attendances: true,
  attendees: { orderBy: { id: 'asc' } },
  attachments: { where: { kind: 'photo', thumbName: { not: null } }, orderBy: { id: 'asc' } },
  ...reviewInclude,
} satisfies Prisma.OpenDayInclude

function loadOpenDays(where: Prisma.OpenDayWhereInput) {
  return db.openDay.findMany({ where, include: recordInclude, orderBy: [{ startsAt: 'asc' }, { id: 'asc' }] })
}
type Loaded = Awaited<ReturnType<typeof loadOpenDays>>[number]
type LoadedSegment = Loaded['segments'][number]

function photosOf(openDay: Loaded, segments: LoadedSegment[]): Photo[] {
  return segments.flatMap((s) =>
    openDay.attachments
      .filter((a) => a.segmentId === s.id)
      .map((a) => ({ id: a.id, caption: a.caption, segmentTitle: s.title, src: `/attachments/${a.id}/thumb`, thumbName: a.thumbName! })),
  )
}

/** the printed observer list is who came, never everyone invited */
function whoCame(openDay: Pick<Loaded, 'observers' | 'comments'>): SummaryRecord['observers'] {
  const invited = openDay.observers.filter((o) => o.arrivedAt || o._count.comments).map((o) => ({ name: o.name, title: o.title ?? '', unit: o.unit ?? '', walkIn: false }))
  const seen = new Set<string>()
  const walkIns = openDay.comments.flatMap((c) => {
    const key = `${c.authorName}|${c.authorUnit ?? ''}`
    if (c.observerId || !c.authorName || seen.has(key)) return []
    seen.add(key)
    return [{ name: c.authorName, title: '', unit: c.authorUnit ?? '', walkIn: true }]
  })
  return [...invited, ...walkIns]
}

/** the printed record of one open day */
export async function summaryRecord(openDayId: number): Promise<SummaryRecord> {
  const [openDay] = await loadOpenDays({ id: openDayId })
  if (!openDay) throw notFound('开放日')
  const [settings, criteria, registers] = await Promise.all([getSettings(), allCriteria(), duesRegisters(openDay.branchId, [openDay])])
  return buildRecord(openDay, settings, criteria, registers)
}

const duesSegmentOf = (openDay: Loaded) => openDay.segments.find((s) => s.kind === 'dues')

/** the dues registers of the months of those open days (one branch's) that print live dues figures: a dues segment,
 *  and no figures frozen at a lock */
function duesRegisters(branchId: number, openDays: Loaded[]): Promise<Map<string, Register>> {
  const live = openDays.filter((o) => duesSegmentOf(o) && !frozenFigures(o))
  return loadRegisters(branchId, live.map((o) => monthOfDate(o.startsAt)))
}

type LoadedComment = Loaded['comments'][number]

/** a locked record's scores carry the criteria's names at the lock (src/open-days/snapshot.ts) */
const frozenLabels = (c: LoadedComment): LoadedComment => ({
  ...c,
  criterionScores: c.criterionScores.map((r) =>
    r.criterionName ? { ...r, criterion: { ...r.criterion, name: r.criterionName } } : r),
})

/** the criteria a locked record's scores use, in the criteria's order */
function scoredCriteria(comments: LoadedComment[]): string[] {
  const rows = comments.flatMap((c) => c.criterionScores)
    .sort((a, b) => a.criterion.position - b.criterion.position || a.criterionId - b.criterionId)
  return [...new Set(rows.map((r) => r.criterion.name))]
}

function buildRecord(
  openDay: Loaded,
  { attendanceThreshold }: Settings,
  criteria: CriterionRow[],
  registers: Map<string, Register>,
): SummaryRecord {
  // a locked record prints the names and the roster frozen when it was locked (src/open-days/snapshot.ts)
  const name = (frozen: string | null, live: string | null) => printedName(openDay, frozen, live)
  const expected = rosterOf(openDay, openDay.branch.members, openDay.attendances)
  const attendance = summarizeAttendance(expected, openDay.attendances, openDay.attendees, printedThreshold(openDay, attendanceThreshold))
  const photos = photosOf(openDay, openDay.segments)
  const reviewedAt = openDay.statusChanges[0]?.createdAt ?? null
  const review = reviewSection(openDay.status, reviewedAt, openDay.review, openDay.actions)
  const comments = isLocked(openDay) ? openDay.comments.map(frozenLabels) : openDay.comments
  const commentCriteria = isLocked(openDay)
    ? scoredCriteria(comments)
    : shownCriteria(criteria, comments.flatMap((c) => c.criterionScores))
  const duesSegment = duesSegmentOf(openDay)
  const figures = duesSegment
    ? (frozenFigures(openDay) ?? figuresOf(registers.get(monthOfDate(openDay.startsAt))!, parseRecord('dues', duesSegment.record)))
    : null
  const dues = figures && { ...figures, lines: duesLines(figures) }
  return {
    openDay: {
      id: openDay.id, theme: openDay.theme, place: openDay.place, status: openDay.status, branchId: openDay.branchId,
      branchName: name(openDay.branchName, openDay.branch.name)!, startsAt: openDay.startsAt, endsAt: openDay.endsAt,
    },
    times: actualTimes(openDay, openDay.segments),
    host: name(openDay.hostName, openDay.host && personLabel(openDay.host)),
    recorder: name(openDay.recorderName, openDay.recorder && personLabel(openDay.recorder)),
    attendance,
    attendanceText: attendanceText(attendance),
    dues,
    segments: openDay.segments.map((s) => ({
      id: s.id, position: s.position, kindLabel: kindLabel(s.kind), title: s.title, startedAt: recordTime(s.startedAt, openDay), endedAt: recordTime(s.endedAt, openDay),
      leader: s.leader ? name(s.leaderName, personLabel(s.leader)) : s.guestName ? personLabel({ name: s.guestName, title: s.guestTitle }) : null,
      summary: s.summary, details: s.kind === 'dues' && dues ? dues.lines : segmentDetails(s, attendance.present.total),
    })),
    speeches: openDay.segments
      .filter((s) => s.kind === 'speeches')
      .flatMap((s) => s.speeches)
      .map((x) => ({ kindLabel: x.kind === 'keynote' ? '中心发言' : '交流发言', speaker: (x.member && name(x.memberName, x.member.name)) ?? x.guestName ?? '（未填写）', topic: x.topic })),
    observers: whoCame(openDay),
    comments: comments.map((c) => {
      const scores = parseScores(c.criterionScores, commentCriteria)
      return {
        id: c.id, author: c.authorName ?? '匿名', unit: c.authorUnit ?? '', learnings: c.learnings, suggestions: c.suggestions, adopted: c.adoptedAt !== null,
        scores: commentCriteria.flatMap((criterion) => (scores[criterion] === null ? [] : [{ criterion, score: scores[criterion]! }])),
      }
    }),
    averages: averageScores(comments, commentCriteria),
    concludingPoints: openDay.segments.filter((s) => s.kind === 'concluding_speech').flatMap((s) => parseRecord('concluding_speech', s.record).points),
    review,
    photos,
  }
}

const records = new VersionedCache<SummaryRecord>(100)
export const recordVersion = (v: OpenDayVersions) => `${v.data}.${v.comments}.${v.settings}.${v.directory}`

/** the printed record as computed at the last write of anything it shows; shared between requests, never mutated */
export function cachedSummaryRecord(v: OpenDayVersions): Promise<SummaryRecord> {
  return records.get(String(v.id), recordVersion(v), () => summaryRecord(v.id))
}

/** the versions of an open day whose record is asked for, or a 404 */
export async function summaryVersions(openDayId: number): Promise<OpenDayVersions> {
  const v = await versionsById(openDayId)
  if (!v) throw notFound('开放日')
  return v
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
  const [openDays, settings, criteria] = await Promise.all([loadOpenDays({ branchId, status: { in: ['held', 'reviewed'] }, startsAt: { gte: start, lt: end } }), getSettings(), allCriteria()])
  const registers = await duesRegisters(branchId, openDays)
  return openDays.map((o) => buildRecord(o, settings, criteria, registers))
}

import { db, isUniqueViolation, type Tx } from '../db.ts'
import type { CurrentUser } from '../lib/user.ts'
import { expectedMembers } from '../attendance/service.ts'
import { dateInput, timeInput } from '../lib/dates.ts'
import { duesFigures, frozenFigures } from '../dues/reports.ts'
import { monthOfDate } from '../dues/service.ts'
import { parseRecord } from '../records/shapes.ts'
import { getSettings } from '../settings/service.ts'
import { notFound, FormError, staleForm } from '../lib/errors.ts'
import type { LoadedOpenDay } from '../open-days/record.ts'
import { isLocked } from '../open-days/policy.ts'
import { printedName } from '../open-days/snapshot.ts'
import { splitLabel } from '../members/labels.ts'
import { draftRelease, type Draft } from './draft.ts'
import type { Person, ReleaseFacts, SegmentFacts } from './facts.ts'
import type { SaveRelease } from './schemas.ts'

type NewsOpenDay = Pick<LoadedOpenDay, 'id' | 'branchId' | 'theme' | 'status' | 'startsAt'> & { branch: { name: string } }

// ---- facts from the record ----

type PostHolder = { name: string; title: string | null; partyPost: string | null }
const postOf = (m: PostHolder) => [m.title, m.partyPost].filter(Boolean).join('、')
const guestOf = (name: string | null, title: string | null): Person | null => (name ? { name, post: title ?? '' } : null)
const memberFields = { select: { id: true, name: true, title: true, partyPost: true } } as const

/** everything the release says, read from the open day's record (see facts.ts) */
export async function releaseFacts(openDayId: number): Promise<ReleaseFacts> {
  const openDay = await db.openDay.findUnique({
    where: { id: openDayId },
    include: {
      branch: { select: { name: true } },
      host: memberFields,
      segments: {
        orderBy: [{ position: 'asc' }, { id: 'asc' }],
        include: {
          leader: memberFields,
          speeches: { orderBy: [{ position: 'asc' }, { id: 'asc' }], include: { member: memberFields } },
        },
      },
      observers: { where: { OR: [{ arrivedAt: { not: null } }, { comments: { some: {} } }] }, orderBy: { id: 'asc' }, include: { member: memberFields } },
      comments: { where: { status: 'visible' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    },
  })
  if (!openDay) throw notFound('开放日')
  const [expected, marked, present, { officeName }, review, actions] = await Promise.all([
    expectedMembers(openDay),
    db.attendance.count({ where: { openDayId, status: { not: 'unmarked' } } }),
    db.attendance.count({ where: { openDayId, status: 'present' } }),
    getSettings(),
    db.review.findUnique({ where: { openDayId }, select: { wentWell: true } }),
    db.followUpAction.findMany({ where: { openDayId }, orderBy: [{ position: 'asc' }, { id: 'asc' }], select: { description: true } }),
  ])
  const attendance = marked ? { present, expected: expected.length, estimated: false } : { present: expected.length, expected: expected.length, estimated: true }
  // an observer's posts as the invitation gave them, so a leader is named alike throughout the release
  const observerTitles = new Map(openDay.observers.flatMap((o) => (o.memberId && o.title ? [[o.memberId, o.title] as const] : [])))
  // a locked record names people as they were when it locked (src/open-days/snapshot.ts), never the live members
  const locked = isLocked(openDay)
  const personOf = (m: PostHolder & { id: number }, frozen: Person | null): Person => {
    const own = (locked && frozen) || { name: m.name, post: postOf(m) }
    return { name: own.name, post: observerTitles.get(m.id) ?? own.post }
  }
  const fromLabel = (label: string | null) => (label ? splitLabel(label) : null)
  const host = openDay.host ? personOf(openDay.host, fromLabel(openDay.hostName)) : null

  const duesSegment = openDay.segments.find((s) => s.kind === 'dues')
  const dues = duesSegment &&
    (frozenFigures(openDay) ?? (await duesFigures(openDay.branchId, monthOfDate(openDay.startsAt), parseRecord('dues', duesSegment.record))))
  const segments = openDay.segments.map((s): SegmentFacts => {
    const leader = s.leader ? personOf(s.leader, fromLabel(s.leaderName)) : guestOf(s.guestName, s.guestTitle)
    switch (s.kind) {
      case 'dues':
        return { kind: 'dues', leader, totalFen: dues?.collectedFen ?? null, payers: dues?.paid ?? null, dueFen: dues?.dueFen ?? null, unpaid: dues?.unpaid ?? null }
      case 'oath': {
        const ids = parseRecord('oath', s.record).participantIds
        return { kind: 'oath', leader, participants: ids === null ? attendance.present : new Set(ids).size }
      }
      case 'reading':
        return { kind: 'reading', leader, materialTitle: parseRecord('reading', s.record).materialTitle }
      case 'study':
        return { kind: 'study', leader, materials: parseRecord('study', s.record).materials.map((m) => m.title) }
      case 'speeches': {
        const speakerOf = (x: (typeof s.speeches)[number]) => {
          const frozen = x.memberName === null ? null : { name: x.memberName, post: x.memberPost ?? '' }
          return x.member ? personOf(x.member, frozen) : guestOf(x.guestName, null)
        }
        const keynotes = s.speeches.filter((x) => x.kind === 'keynote').flatMap((x) => {
          const speaker = speakerOf(x)
          return speaker ? [{ speaker, topic: x.topic }] : []
        })
        const exchanges = s.speeches.filter((x) => x.kind !== 'keynote').flatMap((x) => speakerOf(x) ?? [])
        return { kind: 'speeches', keynotes, exchanges }
      }
      case 'host_summary':
        return { kind: 'host_summary', leader: leader ?? host, summary: s.summary }
      case 'observer_comments':
        return { kind: 'observer_comments', leader }
      case 'concluding_speech':
        return { kind: 'concluding_speech', leader, points: parseRecord('concluding_speech', s.record).points, summary: s.summary }
      default:
        return { kind: 'custom', title: s.title, summary: s.summary }
    }
  })

  return {
    branchName: printedName(openDay, openDay.branchName, openDay.branch.name)!,
    theme: openDay.theme,
    date: dateInput(openDay.startsAt),
    time: timeInput(openDay.startsAt),
    place: openDay.place,
    host,
    attendance,
    segments,
    observers: openDay.observers.map((o) => ({
      name: o.name,
      post: o.title || (!locked && o.member && postOf(o.member)) || o.unit || '',
      unit: o.unit ?? '',
    })),
    comments: openDay.comments.map((c) => ({ author: c.authorName, learnings: c.learnings, suggestions: c.suggestions })),
    nextSteps: actions.map((a) => a.description),
    review: review && { wentWell: review.wentWell, adoptedSuggestions: openDay.comments.filter((c) => c.adoptedAt).length },
    officeName,
  }
}

// ---- the release and its versions ----

export async function getRelease(openDayId: number) {
  return db.newsRelease.findUnique({
    where: { openDayId },
    include: { versions: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], include: { user: { select: { displayName: true } } } } },
  })
}
export type Release = NonNullable<Awaited<ReturnType<typeof getRelease>>>

export async function getVersion(openDayId: number, versionId: number) {
  const version = await db.newsReleaseVersion.findFirst({
    where: { id: versionId, release: { openDayId } },
    include: { user: { select: { displayName: true } } },
  })
  return version ?? Promise.reject(notFound('新闻稿版本'))
}

const STALE = '保存失败：新闻稿在您编辑期间已被他人保存。下面并列显示了当前已保存的内容和您填写的内容，请核对合并后再保存。'

function assertWritable(openDay: NewsOpenDay): void {
  if (openDay.status === 'cancelled') throw new FormError({}, '开放日已取消，不能编写新闻稿。')
}

const sameText = (a: Draft, b: Draft) => a.title === b.title && a.body === b.body && a.byline === b.byline
const textOf = (d: Draft): Draft => ({ title: d.title, body: d.body, byline: d.byline })

/** the first draft from the record; a second submit finds the one already made (openDayId is unique) */
export async function createRelease(user: CurrentUser, openDay: NewsOpenDay): Promise<boolean> {
  assertWritable(openDay)
  if (await db.newsRelease.findUnique({ where: { openDayId: openDay.id }, select: { id: true } })) return false
  const draft = draftRelease(await releaseFacts(openDay.id))
  try {
    await db.$transaction(async (tx) => {
      const release = await tx.newsRelease.create({ data: { openDayId: openDay.id, ...draft } })
      await tx.newsReleaseVersion.create({ data: { releaseId: release.id, ...draft, userId: user.id } })
    })
    return true
  } catch (err) {
    if (isUniqueViolation(err)) return false
    throw err
  }
}

/** a new current text and its version row, in one transaction; `expected` refuses a form based on an older version */
async function writeVersion(tx: Tx, releaseId: number, text: Draft, userId: number, expected?: number): Promise<boolean> {
  const { count } = await tx.newsRelease.updateMany({
    where: { id: releaseId, ...(expected === undefined ? {} : { version: expected }) },
    data: { ...text, version: { increment: 1 } },
  })
  if (count === 0) return false
  await tx.newsReleaseVersion.create({ data: { releaseId, ...text, userId } })
  return true
}

async function currentRelease(openDay: NewsOpenDay) {
  assertWritable(openDay)
  const release = await db.newsRelease.findUnique({ where: { openDayId: openDay.id } })
  if (!release) throw new FormError({}, '尚未生成新闻稿，请先点击“生成新闻稿”。')
  return release
}

/** the office's edit; false when nothing changed (a double submit of the same text is not a conflict) */
export async function saveRelease(user: CurrentUser, openDay: NewsOpenDay, input: SaveRelease): Promise<boolean> {
  const release = await currentRelease(openDay)
  const text = textOf(input)
  if (sameText(release, text)) return false
  const saved = release.version === input.version && (await db.$transaction((tx) => writeVersion(tx, release.id, text, user.id, input.version)))
  if (!saved) throw staleForm(STALE, { version: '已被他人保存' })
  return true
}

/** replaces the text with a fresh draft from the record, kept as a new version; false when the record says the same */
export async function regenerateRelease(user: CurrentUser, openDay: NewsOpenDay): Promise<boolean> {
  const release = await currentRelease(openDay)
  const draft = draftRelease(await releaseFacts(openDay.id))
  if (sameText(release, draft)) return false
  return db.$transaction((tx) => writeVersion(tx, release.id, draft, user.id))
}

/** an older version becomes the current text again, as a new version */
export async function restoreVersion(user: CurrentUser, openDay: NewsOpenDay, versionId: number): Promise<boolean> {
  const release = await currentRelease(openDay)
  const version = await getVersion(openDay.id, versionId)
  if (sameText(release, version)) return false
  return db.$transaction((tx) => writeVersion(tx, release.id, textOf(version), user.id))
}

/** what a news release says about an open day, read from its record (service.ts releaseFacts) and written
 *  into text by draft.ts; plain data, Shanghai wall-clock strings, so drafting is pure */

/** someone named in the release, with the posts printed before the name (e.g. 省政协副秘书长、机关党委书记) */
export type Person = { name: string; post: string }

export type SegmentFacts =
  /** from the month's dues register: collected (totalFen), members who paid, due and members still unpaid (null: not known) */
  | { kind: 'dues'; leader: Person | null; totalFen: number | null; payers: number | null; dueFen: number | null; unpaid: number | null }
  | { kind: 'oath'; leader: Person | null; participants: number }
  | { kind: 'reading'; leader: Person | null; materialTitle: string }
  | { kind: 'study'; leader: Person | null; materials: string[] }
  | { kind: 'speeches'; keynotes: { speaker: Person; topic: string }[]; exchanges: Person[] }
  | { kind: 'host_summary'; leader: Person | null; summary: string }
  | { kind: 'observer_comments'; leader: Person | null }
  | { kind: 'concluding_speech'; leader: Person | null; points: string[]; summary: string }
  | { kind: 'custom'; title: string; summary: string }

export type ReleaseFacts = {
  branchName: string
  theme: string
  /** YYYY-MM-DD and HH:mm in Shanghai */
  date: string
  time: string
  place: string
  host: Person | null
  /** members present; when nobody was marked, the expected members (estimated) */
  attendance: { present: number; expected: number; estimated: boolean }
  /** the agenda in order, each with what its record holds */
  segments: SegmentFacts[]
  observers: (Person & { unit: string })[]
  /** visible comments, oldest first */
  comments: { author: string | null; learnings: string; suggestions: string }[]
  /** the branch's follow-up actions from its review (复盘), in order */
  nextSteps: string[]
  /** the review's “what went well” and how many observers' suggestions it adopted; null before a review is saved */
  review: { wentWell: string; adoptedSuggestions: number } | null
  /** settings.officeName, for the byline */
  officeName: string
}

/** what the office should know before trusting the draft, shown next to it */
export function factWarnings(facts: ReleaseFacts): string[] {
  const out: string[] = []
  if (facts.attendance.estimated) out.push(`尚未登记出勤：人数暂按应到党员 ${facts.attendance.expected} 名计算。`)
  if (!facts.segments.some((s) => s.kind === 'oath')) out.push('议程中没有“重温入党誓词”环节，导语不写宣誓人数。')
  if (!facts.host) out.push('尚未指定主持人。')
  if (facts.observers.length === 0) out.push('没有登记观摩者。')
  return out
}

// The review's first draft, read from the record: pure, so the rules are tested without a database.

/** the four requirements of a themed party day, each a met flag and a note of evidence on the review */
export const REQUIREMENTS = [
  { flag: 'hasTheme', note: 'themeNote', label: '有主题' },
  { flag: 'hasKeynote', note: 'keynoteNote', label: '有主讲' },
  { flag: 'hasDiscussion', note: 'discussionNote', label: '有讨论' },
  { flag: 'hasOutcomes', note: 'outcomesNote', label: '有收获' },
] as const

export type ReviewFacts = {
  theme: string
  keynotes: { speaker: string; topic: string }[]
  exchanges: string[]
  /** the host's summary and the concluding speech's points, as recorded */
  hostSummary: string
  concludingPoints: string[]
  /** suggestions the branch marked adopted, with their authors */
  adopted: { author: string; suggestions: string }[]
}

export type ReviewDraft = {
  hasTheme: boolean; themeNote: string
  hasKeynote: boolean; keynoteNote: string
  hasDiscussion: boolean; discussionNote: string
  hasOutcomes: boolean; outcomesNote: string
  wentWell: string
  toImprove: string
}

const listed = (names: string[], max = 6) => (names.length > max ? `${names.slice(0, max).join('、')}等 ${names.length} 人` : names.join('、'))

/** each requirement met when the record shows it, with the evidence as its note */
export function prefillReview(f: ReviewFacts): ReviewDraft {
  const theme = f.theme.trim()
  const keynotes = f.keynotes.map((k) => `${k.speaker}${k.topic ? `《${k.topic}》` : ''}`)
  const outcomes = [f.hostSummary.trim() && `小结：${f.hostSummary.trim()}`, f.concludingPoints.length ? `总结讲话要点 ${f.concludingPoints.length} 条：${f.concludingPoints.join('；')}` : '']
    .filter(Boolean)
  return {
    hasTheme: theme !== '',
    themeNote: theme ? `主题：“${theme}”` : '未设定主题',
    hasKeynote: keynotes.length > 0,
    keynoteNote: keynotes.length ? `中心发言：${keynotes.join('；')}` : '未登记中心发言',
    hasDiscussion: f.exchanges.length > 0,
    discussionNote: f.exchanges.length ? `交流发言 ${f.exchanges.length} 人：${listed(f.exchanges)}` : '未登记交流发言',
    hasOutcomes: outcomes.length > 0,
    outcomesNote: outcomes.length ? outcomes.join('\n') : '未记录小结或总结讲话要点',
    wentWell: '',
    toImprove: adoptedLines(f.adopted),
  }
}

/** one line per adopted suggestion: “· 建议（提出人）” */
export function adoptedLines(adopted: ReviewFacts['adopted']): string {
  return adopted.map((a) => `· ${a.suggestions.trim().replace(/\s*\n\s*/g, ' ')}（${a.author}）`).join('\n')
}

/** a follow-up action is overdue when still open after its due date (YYYY-MM-DD strings compare as dates) */
export const isOverdue = (a: { status: string; dueOn: string }, today: string): boolean => a.status === 'open' && a.dueOn < today

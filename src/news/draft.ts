import { yuan } from '../lib/money.ts'
import type { Person, ReleaseFacts, SegmentFacts } from './facts.ts'

/** a news release in the seed article's shape, assembled from templates: the same facts give the same text.
 *  A sentence is written only when its data exists, so a missing name never leaves “由 主持” behind. */
export type Draft = { title: string; body: string; byline: string }

const DIGITS = '〇一二三四五六七八九'

/** 1 → 一, 10 → 十, 15 → 十五, 23 → 二十三 (ordinals “一是…二是…”) */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]
  const tens = Math.floor(n / 10)
  const ones = n % 10
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`
}

const TRAILING = /[\s。；，、,.;：:！!？?]+$/

/** text without closing punctuation, to be built into a longer sentence */
const bare = (s: string) => s.trim().replace(TRAILING, '')

/** one full sentence ending in “。” (or the ！/？ it already has) */
function sentence(s: string): string {
  const t = s.trim()
  return /[。！？]$/.test(t) ? t : `${bare(t)}。`
}

/** wrapped in Chinese quotes; quotes inside become single quotes, as in print */
export function quote(s: string): string {
  const text = bare(s)
  const wrapped = /^“[^“”]*”$/.test(text) ? text.slice(1, -1) : text
  return `“${wrapped.replace(/“/g, '‘').replace(/”/g, '’')}”`
}

/** 一是……；二是……；三是…… */
const enumerate = (items: string[]) => items.map((item, i) => `${chineseNumber(i + 1)}是${item}`).join('；')

function timeOfDay(time: string): string {
  const hour = Number(time.slice(0, 2))
  return hour < 12 ? '上午' : hour < 18 ? '下午' : '晚上'
}

/** 2020-10-15 14:30 → 10月15日下午 */
export function chineseDate(date: string, time: string): string {
  const [, month, day] = date.split('-').map(Number)
  return `${month}月${day}日${timeOfDay(time)}`
}

const yuanText = (fen: number) => `${yuan(fen)}元`

/** a person's posts on first mention in a paragraph, the name alone afterwards */
function namer() {
  const seen = new Set<string>()
  return (p: Person) => {
    const first = !seen.has(p.name)
    seen.add(p.name)
    return `${first ? p.post : ''}${p.name}同志`
  }
}
type Namer = ReturnType<typeof namer>

const QUOTE_MAX = 60

/** the first clause of each comment, when it is short enough to quote; no repeats */
export function shortQuotes(texts: string[], limit: number): string[] {
  const out: string[] = []
  for (const text of texts) {
    const clause = bare(text.split(/[。！？；;\n]/)[0] ?? '')
    if (clause.length >= 4 && clause.length <= QUOTE_MAX && !out.includes(clause)) out.push(clause)
    if (out.length === limit) break
  }
  return out.map(quote)
}

function lead(f: ReleaseFacts): string {
  const date = chineseDate(f.date, f.time)
  const event = `${f.branchName}${quote(f.theme)}主题党日开放日活动`
  const oath = f.segments.find((s) => s.kind === 'oath')
  const where = /[室厅堂馆]$/.test(f.place) ? `${f.place}内` : `在${f.place}`
  const opening =
    oath && oath.participants > 0 ?
      `${date}，${where}，伴随着朗朗的入党誓词，${oath.participants}名党员胸佩党徽、紧握右拳庄严宣誓，${event}拉开了序幕。`
    : `${date}，${f.branchName}在${f.place}开展${quote(f.theme)}主题党日开放日活动${f.attendance.present ? `，${f.attendance.present}名党员参加` : ''}。`
  return opening + observersSentence(f)
}

/** up to three observers by post and name, then “等N名同志” */
function observersSentence(f: ReleaseFacts): string {
  if (f.observers.length === 0) return ''
  const shown = f.observers.slice(0, 3)
  const names = shown.map((o) => `${o.post}${o.name}`).join(shown.some((o) => o.post) ? '，' : '、')
  const more = f.observers.length > shown.length ? `等${f.observers.length}名同志` : ''
  return `${names}${more}应邀观摩并互动点评。`
}

function duesSentence(s: Extract<SegmentFacts, { kind: 'dues' }>, month: number): string {
  const collected = `会上收缴了${month}月党费`
  if (s.payers && s.totalFen && s.unpaid === 0) return `${collected}，${s.payers}名党员全部交纳，共计${yuanText(s.totalFen)}。`
  if (s.payers && s.totalFen && s.unpaid && s.dueFen) return `${collected}，应缴${yuanText(s.dueFen)}，${s.payers}名党员共交纳党费${yuanText(s.totalFen)}，${s.unpaid}名党员尚未交纳。`
  if (s.payers && s.totalFen) return `${collected}，${s.payers}名党员共交纳党费${yuanText(s.totalFen)}。`
  if (s.payers) return `${collected}，共有${s.payers}名党员交纳。`
  if (s.totalFen) return `${collected}，共计${yuanText(s.totalFen)}。`
  return `${collected}。`
}

function speechesSentence(s: Extract<SegmentFacts, { kind: 'speeches' }>, name: Namer): string {
  const parts = s.keynotes.map((k) => `${name(k.speaker)}${k.topic ? `围绕${quote(k.topic)}` : ''}作中心发言`)
  const n = s.exchanges.length
  if (n > 0) {
    const listed = s.exchanges.slice(0, 5).map((p) => p.name).join('、')
    parts.push(n > 5 ? `${listed}等${n}名同志先后作交流发言` : `${listed}同志${n > 1 ? '先后' : ''}作交流发言`)
  }
  return parts.length ? `随后进入交流发言环节，${parts.join('，')}。` : ''
}

function courseSentence(s: SegmentFacts, name: Namer, month: number): string {
  switch (s.kind) {
    case 'dues':
      return duesSentence(s, month)
    case 'oath':
      return `${s.leader ? `${name(s.leader)}带领` : ''}${s.participants > 0 ? `${s.participants}名党员` : '全体党员'}重温入党誓词。`
    case 'reading': {
      const who = s.leader ? `${name(s.leader)}带领` : ''
      return s.materialTitle ? `${who}全体支部党员集体诵读了${bare(s.materialTitle)}有关内容。` : `${who}全体支部党员进行了集体诵读。`
    }
    case 'study': {
      const materials = s.materials.map(bare).filter(Boolean).join('、')
      if (s.leader) return materials ? `${name(s.leader)}领学了${materials}。` : `${name(s.leader)}进行领学。`
      return materials ? `支部党员集体学习了${materials}。` : ''
    }
    case 'speeches':
      return speechesSentence(s, name)
    case 'host_summary':
      if (s.summary.trim()) return sentence(s.summary)
      return s.leader ? `${name(s.leader)}作主题党日活动小结。` : ''
    case 'custom':
      return s.summary.trim() ? sentence(s.summary) : ''
    default:
      return ''
  }
}

const leaderOf = (s: SegmentFacts): Person | null => ('leader' in s ? s.leader : null)

/** the host, then each segment in agenda order; a leader who also led the step before is not named twice in a row */
function course(f: ReleaseFacts): string {
  const name = namer()
  const month = Number(f.date.slice(5, 7))
  const sentences = [f.host ? `主题党日活动由${name(f.host)}主持。` : '']
  let previous: string | null = null
  for (const s of f.segments) {
    const text = courseSentence(s, name, month)
    if (!text) continue
    const leader = leaderOf(s)
    const subject = leader && (text.startsWith(`${leader.name}同志`) || text.startsWith(`${leader.post}${leader.name}同志`)) ? leader.name : null
    if (subject !== null && subject === previous && text.startsWith(`${subject}同志带领`)) {
      sentences.push(`${sentences.pop()!.slice(0, -1)}，随后${text.slice(subject.length + 2)}`)
    } else sentences.push(text)
    previous = subject
  }
  return sentences.join('')
}

function observerComments(f: ReleaseFacts): string {
  const segment = f.segments.find((s) => s.kind === 'observer_comments')
  if (!segment && f.comments.length === 0) return ''
  if (!segment?.leader && f.comments.length === 0 && f.observers.length === 0) return ''
  const who = segment?.leader ? `${namer()(segment.leader)}及参会观摩的同志` : '参会观摩的同志'
  const count = f.comments.length > 1 ? `，共提交点评意见${f.comments.length}条` : ''
  const out = [`${who}先后发言、进行点评${count}。`]
  const learnings = f.comments.map((c) => c.learnings).filter((t) => t.trim())
  const suggestions = f.comments.map((c) => c.suggestions).filter((t) => t.trim())
  if (learnings.length) {
    const q = shortQuotes(learnings, 3)
    out.push(q.length ? `大家肯定了可以学习借鉴的地方：${q.join('；')}。` : '大家肯定了可以学习借鉴的地方。')
  }
  if (suggestions.length) {
    const q = shortQuotes(suggestions, 2)
    out.push(q.length ? `同时提出了优化建议：${q.join('；')}。` : '同时提出了优化建议。')
  }
  return out.join('')
}

/** “形式好：非常规范……” → ['形式好', '非常规范……'] */
function headOf(point: string): [string, string] | null {
  const m = /^([^：:]{1,4})[：:](.+)$/.exec(point.trim())
  return m ? [m[1].trim(), bare(m[2])] : null
}

function concluding(f: ReleaseFacts): string {
  const s = f.segments.find((x): x is Extract<SegmentFacts, { kind: 'concluding_speech' }> => x.kind === 'concluding_speech')
  if (!s) return ''
  const points = s.points.map((p) => p.trim()).filter(Boolean)
  const heads = points.map(headOf)
  const allGood = points.length >= 2 && heads.every((h) => h?.[0].endsWith('好'))
  let rest = ''
  if (allGood) {
    const items = heads.map((h) => `${h![0]}，${h![1]}`)
    rest = `充分肯定了本次主题党日活动做到了“${chineseNumber(points.length)}好”：${enumerate(items)}。`
  } else if (points.length) {
    rest = `指出：${enumerate(points.map(bare))}。`
  }
  if (s.leader) {
    const opening = `最后，${namer()(s.leader)}作总结讲话`
    if (rest) return `${opening}，${rest}`
    return s.summary.trim() ? `${opening}。${sentence(s.summary)}` : `${opening}。`
  }
  if (rest) return `最后的总结讲话${rest}`
  return s.summary.trim() ? sentence(s.summary) : ''
}

/** 复盘 … 下一步: how the review was done, what went well, then the follow-up actions */
function reviewAndNextSteps(f: ReleaseFacts): string {
  if (!f.review && f.nextSteps.length === 0) return ''
  const basis = f.review ? `按照主题党日${quote('有主题、有主讲、有讨论、有收获')}的要求，${f.review.adoptedSuggestions ? '结合观摩同志所提的意见建议，' : ''}` : ''
  const wentWell = f.review?.wentWell.trim() ? `。支部一致认为，${bare(f.review.wentWell.replace(/\s*\n\s*/g, '；'))}` : ''
  const steps = f.nextSteps.map(bare).filter(Boolean)
  const next = steps.length ? `${wentWell ? `。${f.branchName}表示，` : '，表示'}下一阶段要：${enumerate(steps)}` : ''
  return `会后，${basis}${f.branchName}对活动进行了复盘${wentWell}${next}。`
}

export function draftRelease(facts: ReleaseFacts): Draft {
  const paragraphs = [lead(facts), course(facts), observerComments(facts), concluding(facts), reviewAndNextSteps(facts)].filter(Boolean)
  return {
    title: `${facts.branchName}开展${quote(facts.theme)}主题党日开放日活动`,
    body: paragraphs.join('\n\n'),
    byline: facts.officeName.trim() ? `（${facts.officeName.trim()} 供稿）` : '',
  }
}

export const STANDINGS = ['full', 'probationary'] as const
export type Standing = (typeof STANDINGS)[number]
export const STANDING_LABELS: Record<Standing, string> = { full: '正式', probationary: '预备' }

/** the dues category decides which rate applies (DOMAIN.md, party dues) */
export const CATEGORIES = ['employed', 'retired', 'farmer', 'student', 'unemployed', 'other'] as const
export type Category = (typeof CATEGORIES)[number]
export const CATEGORY_LABELS: Record<Category, string> = {
  employed: '在职',
  retired: '离退休',
  farmer: '农民',
  student: '学生',
  unemployed: '失业/低保',
  other: '其他',
}

export const standingOptions = STANDINGS.map((s) => ({ value: s, label: STANDING_LABELS[s] }))
export const categoryOptions = CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))

/** 李学良（机关党委专职副书记、支部书记）; just the name when no post is known */
export function personLabel(p: { name: string; title?: string | null; partyPost?: string | null }): string {
  const post = [p.title, p.partyPost].filter(Boolean).join('、')
  return post ? `${p.name}（${post}）` : p.name
}

/** personLabel read back (a frozen label, src/open-days/snapshot.ts): the name and the post, '' when none */
export function splitLabel(label: string): { name: string; post: string } {
  const open = label.indexOf('（')
  if (open <= 0 || !label.endsWith('）')) return { name: label, post: '' }
  return { name: label.slice(0, open), post: label.slice(open + 1, -1) }
}

/** what the member views need besides the data */
export const memberLabels = { STANDING_LABELS, CATEGORY_LABELS, standingOptions, categoryOptions }

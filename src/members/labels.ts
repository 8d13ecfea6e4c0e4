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

/** what the member views need besides the data */
export const memberLabels = { STANDING_LABELS, CATEGORY_LABELS, standingOptions, categoryOptions }

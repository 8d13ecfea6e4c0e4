import { z } from 'zod'

/** rows per page of a long list */
export const PAGE_SIZE = 50

/** ?page=N (1 when missing or blank); anything else is a bad query */
export const pageParam = z
  .union([z.literal(''), z.coerce.number().int('页码应为正整数').min(1, '页码应为正整数').max(1_000_000, '页码过大')])
  .optional()
  .transform((v) => (v === '' || v === undefined ? 1 : v))

/** a list's query with nothing but the page */
export const pageQuery = z.object({ page: pageParam })

export type Pager = { page: number; pages: number; total: number; size: number; skip: number }

/** the page asked for, kept within the pages there are (a page past the end shows the last one) */
export function pagerFor(requested: number, total: number, size = PAGE_SIZE): Pager {
  const pages = Math.max(1, Math.ceil(total / size))
  const page = Math.min(Math.max(1, requested), pages)
  return { page, pages, total, size, skip: (page - 1) * size }
}

/** a page's link keeps the list's filters; page 1 is the bare list */
export function pageHref(path: string, filters: Record<string, unknown>, page: number): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(filters)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  if (page > 1) params.set('page', String(page))
  const query = params.toString()
  return query ? `${path}?${query}` : path
}

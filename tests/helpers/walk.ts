// Walks every HTML page a visitor can reach by following links, one page per route shape,
// and checks each at phone width (no sideways scrolling) and with axe-core (no serious violations).
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const axeSource: string = createRequire(import.meta.url)('axe-core').source

/** downloads, images, feeds, JSON and actions that are not pages to look at */
const NOT_A_PAGE = /\.(pdf|docx|xlsx|csv|ics|svg|json|png|jpe?g|webp)$|^\/attachments\/|^\/logout$|^\/public\//

/**
 * the route's shape: ids and tokens become placeholders, so each page kind is visited once; an open day's id stays,
 * since its pages differ by its status and branch
 */
export function shapeOf(url: URL): string {
  const path = url.pathname
    .replace(/(?<!^\/open-days)\/\d+(?=\/|$)/g, '/:n')
    .replace(/\/\d{4}-\d{2}(?=\/|$)/g, '/:month')
    .replace(/\/(o|s)\/[^/]+/, '/$1/:token')
    .replace(/\/comments\/[A-Za-z0-9_-]{12,}/, '/comments/:edit')
  return path
}

export type PageCheck = { url: string; shape: string; scrollWidth: number; wide: string[]; axe: string[] }

/** elements wider than the viewport that are not inside a scrolling container of their own */
function measure(page: Page): Promise<{ scrollWidth: number; wide: string[] }> {
  return page.evaluate(() => {
    const vw = window.innerWidth
    const wide: string[] = []
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('main *, header *, footer *'))) {
      const r = el.getBoundingClientRect()
      if (r.right <= vw + 0.5 || r.width === 0) continue
      let p = el.parentElement
      let scrolls = false
      while (p && p !== document.body && !scrolls) {
        const o = getComputedStyle(p).overflowX
        scrolls = o === 'auto' || o === 'scroll' || o === 'hidden'
        p = p.parentElement
      }
      if (!scrolls) wide.push(`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ')[0] : ''} → ${Math.round(r.right)}px`)
    }
    return { scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 5) }
  })
}

async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: object) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe
    const result = await axe.run({ resultTypes: ['violations'] })
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }))
  })
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.targets.join(', ')}`)
}

/**
 * Follows same-origin links breadth-first from `starts`, at most `limit` page shapes, and checks each page.
 * `skip` leaves out shapes another test owns.
 */
export async function walk(page: Page, baseUrl: string, starts: string[], limit = 250): Promise<PageCheck[]> {
  const queue = starts.map((s) => new URL(s, baseUrl))
  const seen = new Set<string>()
  const checks: PageCheck[] = []
  while (queue.length && checks.length < limit) {
    const url = queue.shift()!
    const shape = shapeOf(url)
    if (seen.has(shape) || NOT_A_PAGE.test(url.pathname)) continue
    seen.add(shape)
    const response = await page.goto(url.href)
    const type = response?.headers()['content-type'] ?? ''
    if (!response || !response.ok() || !type.startsWith('text/html')) continue
    const { scrollWidth, wide } = await measure(page)
    checks.push({ url: url.pathname + url.search, shape, scrollWidth, wide, axe: await axeViolations(page) })
    const links = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href))
    for (const href of links) {
      const next = new URL(href)
      if (next.origin !== new URL(baseUrl).origin) continue
      next.hash = ''
      if (!seen.has(shapeOf(next))) queue.push(next)
    }
  }
  return checks
}

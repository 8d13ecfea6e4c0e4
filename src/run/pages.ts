import { OATH_TEXT } from '../records/oath.ts'
import { parseRecord } from '../records/shapes.ts'

/**
 * Long texts on the room's screens (the oath, a reading, a study segment's key points) are cut into pages that
 * fit a 16:9 screen at the smallest type still readable from the back row: MIN_FONT_VH of the screen's height
 * (29 px at 720p, 43 px at 1080p). The cut is made here, so the host's run mode knows how many pages there are
 * and the projector, the full-screen page and a browser without JavaScript all agree on them. Each page is then
 * set as large as it fits (public/js/fit.js measures; `fontVh` is the estimate used without JavaScript).
 */
export const MIN_FONT_VH = 4
const MAX_FONT_VH = 9
/** characters per line and lines per page at MIN_FONT_VH in the text box (about 90 % × 62 % of a 16:9 screen),
 *  kept below the measured 40 × 10 for CJK line-breaking rules (a line never starts with “，”) */
const LINE = 36
const LINES = 9
const PAGE = LINE * LINES

/** room a paragraph takes: whole lines, since a line break leaves the rest of its line empty */
const weight = (paragraph: string) => Math.max(1, Math.ceil([...paragraph].length / LINE)) * LINE

/** a paragraph longer than a page, cut after sentences (。；！？：) and, for a sentence longer than a page, anywhere */
function pieces(paragraph: string): string[] {
  if (weight(paragraph) <= PAGE) return [paragraph]
  const sentences = paragraph.match(/[^。；！？：]+[。；！？：]*[”’」』）)]*/g) ?? [paragraph]
  return sentences.flatMap((s) => {
    const chars = [...s]
    const out: string[] = []
    for (let i = 0; i < chars.length; i += PAGE) out.push(chars.slice(i, i + PAGE).join(''))
    return out
  })
}

/** the text's pages, each within one screen at the minimum type; paragraphs are kept whole where they fit */
export function textPages(text: string): string[] {
  const pages: string[] = []
  let page: string[] = []
  let used = 0
  // pieces of one paragraph rejoin without a line break; new paragraphs start on a new line
  for (const paragraph of text.trim().split(/\r?\n/)) {
    pieces(paragraph).forEach((piece, i) => {
      const w = weight(piece)
      if (page.length && used + w > PAGE) {
        pages.push(page.join(''))
        page = []
        used = 0
      }
      page.push(page.length && i === 0 ? `\n${piece}` : piece)
      used += w
    })
  }
  if (page.length) pages.push(page.join(''))
  return pages.length ? pages : ['']
}

/** the type size (in vh of a 16:9 screen) at which a page roughly fills the text box; the browser refines it */
export function fontVh(page: string): number {
  const used = page.split('\n').reduce((sum, p) => sum + weight(p), 0)
  const vh = MIN_FONT_VH * Math.sqrt(PAGE / used) * 0.92
  return Math.round(Math.min(MAX_FONT_VH, Math.max(MIN_FONT_VH, vh)) * 10) / 10
}

export type StageText = { heading: string; text: string; pages: string[] }

/** the long text a segment shows on the room's screens, or null for kinds without one */
export function stageText(segment: { kind: string; record: string }): StageText | null {
  if (segment.kind === 'oath') return withPages('', OATH_TEXT)
  if (segment.kind === 'reading') {
    const r = parseRecord('reading', segment.record)
    return r.text ? withPages(r.materialTitle, r.text) : null
  }
  if (segment.kind === 'study') {
    const r = parseRecord('study', segment.record)
    const titles = r.materials.map((m) => m.title).filter(Boolean)
    const text = r.keyPoints || titles.join('\n')
    return text ? withPages(r.keyPoints ? titles.join('、') : '学习材料', text) : null
  }
  return null
}

const withPages = (heading: string, text: string): StageText => ({ heading, text, pages: textPages(text) })

/** the page shown: the host's page, within the text's pages (a text shortened meanwhile shows its last page) */
export const pageIndex = (page: number, pages: string[]) => Math.min(Math.max(0, page), pages.length - 1)

// The printed record's tests: the demo seed's event (src/demo/seed.ts) as the full record, and ways to read
// what a .docx or a PDF says.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Stream } from 'node:stream'

export const THEME = '我为精准扶贫办实事'
export const BRANCH = '省政协机关党办党支部'
export const MEMBERS = ['李学良', '汪蓉', '赵启洪', '张文华', '刘晓燕', '陈志刚', '王丽萍', '孙浩然']
export const OBSERVERS = ['周向阳', '陈章贵']
export const LEARNINGS = '规定动作完成得非常规范，誓词、诵读、领学环环相扣；中心发言结合扶贫联络员工作，把自己和职责摆了进去。'
export const SUGGESTIONS = '交流发言可以请观摩支部的党员也参与一两位，增加互动。'
export const HEADINGS = ['一、基本情况', '二、出勤情况', '三、党费收缴', '四、活动环节', '五、发言情况', '六、观摩点评', '七、总结讲话要点', '八、复盘', '九、活动照片']
export const SIGNATURES = ['主持人签字', '记录人签字', '打印日期']

/** supertest: collect a binary body as a Buffer */
export function binary(res: Stream, done: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = []
  res.on('data', (c: Buffer) => chunks.push(c))
  res.on('end', () => done(null, Buffer.concat(chunks)))
}

/** runs `tool` on the bytes written to a temporary file */
function withFile<T>(bytes: Buffer, name: string, tool: (file: string) => T): T {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'openday-summary-'))
  try {
    const file = path.join(dir, name)
    writeFileSync(file, bytes)
    return tool(file)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** word/document.xml of a .docx (a zip), via unzip */
export const documentXml = (docx: Buffer): string =>
  withFile(docx, 'summary.docx', (file) => execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8' }))

/** the text of a PDF (pdftotext -layout) and its page count (pdfinfo) */
export function pdfText(pdf: Buffer): { text: string; pages: number } {
  return withFile(pdf, 'summary.pdf', (file) => {
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' })
    return { text, pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? NaN) }
  })
}

/** n visible comments (score them with scoreEvery), for timing a long record */
export function manyComments(openDayId: number, n: number) {
  return Array.from({ length: n }, (_, i) => ({
    openDayId,
    authorName: `观摩者${i + 1}`,
    authorUnit: `第${(i % 12) + 1}党支部`,
    idempotencyKey: `timing-${openDayId}-${i}`,
    learnings: `第 ${i + 1} 条可借鉴之处：流程规范，发言紧扣主题，联系岗位实际，值得本支部学习借鉴。`,
    suggestions: `第 ${i + 1} 条建议：交流环节可增加互动，会后跟进落实情况。`,
  }))
}

/** scores each unscored comment of the open day on each active criterion: 5, or 4 on every other comment's second one */
export async function scoreEvery(db: (typeof import('../../src/db.ts'))['db'], openDayId: number): Promise<void> {
  const [comments, criteria] = await Promise.all([db.comment.findMany({ where: { openDayId, criterionScores: { none: {} } }, select: { id: true } }), db.criterion.findMany({ where: { active: true } })])
  await db.commentScore.createMany({
    data: comments.flatMap((c, i) => criteria.map((k, j) => ({ commentId: c.id, criterionId: k.id, score: j === 1 && i % 2 ? 4 : 5 }))),
  })
}

/** per page of a PDF: how far down its body text reaches (0–1, the page-number footer left out) and its lines */
export function pdfPages(pdf: Buffer): { fill: number; lines: string[] }[] {
  return withFile(pdf, 'summary.pdf', (file) => {
    const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' })
    return html.split('<page ').slice(1).map((page, i) => {
      const height = Number(/height="([\d.]+)"/.exec(page)![1])
      const words = [...page.matchAll(/yMax="([\d.]+)">([^<]*)</g)].map((m) => ({ y: Number(m[1]), word: m[2] }))
      const body = words.filter((w) => !/^第\d+页$|^共\d+页$/.test(w.word) && w.y < height * 0.96)
      const lines = execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), '-layout', file, '-'], { encoding: 'utf8' })
        .split('\n').map((l) => l.replace(/\s+/g, '')).filter(Boolean)
      return { fill: Math.max(0, ...body.map((w) => w.y)) / height, lines }
    })
  })
}

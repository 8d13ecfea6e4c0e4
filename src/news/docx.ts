import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx'
import { normalizeFields, stripControls } from '../lib/text.ts'
import type { Draft } from './draft.ts'

const BODY_SIZE = 32 // half-points: 16 pt, 三号 as in official documents
const TITLE_SIZE = 44 // 22 pt, 二号
const TWO_CHARACTERS = 2 * 16 * 20 // twips
const song = { ascii: 'SimSun', hAnsi: 'SimSun', eastAsia: '宋体' }
const fangsong = { ascii: 'FangSong', hAnsi: 'FangSong', eastAsia: '仿宋' }

const run = (text: string, font: typeof song, size: number, bold = false) => new TextRun({ text, font, size, bold })

/** the release as a Word file: centred title, body paragraphs indented two characters, byline on the right */
export function releaseDocx(input: Draft): Promise<Buffer> {
  const release = normalizeFields(input, stripControls) // XML 1.0 holds no control characters
  const paragraphs = release.body.split(/\n+/).map((p) => p.trim()).filter(Boolean)
  const spacing = { line: 560 } // 28 pt, the usual fixed line pitch for 三号
  const doc = new Document({
    creator: 'openday',
    title: release.title,
    sections: [
      {
        children: [
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 400 }, children: [run(release.title, song, TITLE_SIZE, true)] }),
          ...paragraphs.map(
            (p) => new Paragraph({ alignment: AlignmentType.JUSTIFIED, indent: { firstLine: TWO_CHARACTERS }, spacing, children: [run(p, fangsong, BODY_SIZE)] }),
          ),
          ...(release.byline ? [new Paragraph({ alignment: AlignmentType.RIGHT, spacing, children: [run(release.byline, fangsong, BODY_SIZE)] })] : []),
        ],
      },
    ],
  })
  return Packer.toBuffer(doc)
}

/** attachment; an ASCII fallback name plus the UTF-8 name (RFC 5987) */
export function contentDisposition(filename: string, fallback: string): string {
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`
}

import { constants, crc32, deflateRawSync } from 'node:zlib'

/** per-request values go into the page as they are: only token-like text, never markup */
const SAFE_VALUE = /^[\w.-]{0,200}$/
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff])

/**
 * A rendered page kept once, with slots for what differs per request (a CSRF token, a fresh idempotency key).
 * Its gzip form is compressed once too: each piece of fixed text is a deflate run ending byte-aligned (a full
 * flush, no reference back into the previous piece), each slot's value a stored (uncompressed) block between
 * them, and the trailer's CRC-32 is taken over the whole text. A request then costs a CRC over the page, not
 * a compression of it.
 */
export class SplicedPage {
  /** the fixed text around the slots: parts[i] comes before slot i */
  private readonly parts: Buffer[]
  /** which value each slot takes (an index into the values a request passes) */
  private readonly slots: number[] = []
  private readonly deflated: Buffer[]

  /** `markers`: the placeholder strings the page was rendered with, in the order of the values passed later */
  constructor(html: string, markers: string[]) {
    const pattern = new RegExp(markers.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g')
    const texts: string[] = []
    let last = 0
    for (const m of html.matchAll(pattern)) {
      texts.push(html.slice(last, m.index))
      this.slots.push(markers.indexOf(m[0]))
      last = m.index + m[0].length
    }
    texts.push(html.slice(last))
    this.parts = texts.map((t) => Buffer.from(t))
    this.deflated = this.parts.map((p, i) =>
      deflateRawSync(p, { level: 9, finishFlush: i === this.parts.length - 1 ? constants.Z_FINISH : constants.Z_FULL_FLUSH }),
    )
  }

  private pieces(values: string[]): Buffer[] {
    return this.slots.map((slot) => {
      const value = values[slot] ?? ''
      if (!SAFE_VALUE.test(value)) throw new Error('a spliced value must be token-like text')
      return Buffer.from(value, 'latin1')
    })
  }

  /** the page as text with this request's values */
  text(values: string[]): Buffer {
    const pieces = this.pieces(values)
    return Buffer.concat(this.parts.flatMap((p, i) => (i < pieces.length ? [p, pieces[i]!] : [p])))
  }

  /** the page gzipped, with this request's values */
  gzip(values: string[]): Buffer {
    const pieces = this.pieces(values)
    const out: Buffer[] = [GZIP_HEADER]
    let crc = 0
    let size = 0
    this.parts.forEach((part, i) => {
      out.push(this.deflated[i]!)
      crc = crc32(part, crc)
      size += part.length
      const piece = pieces[i]
      if (!piece) return
      // a stored block: BFINAL 0, BTYPE 00, then LEN and its ones' complement, then the bytes
      const head = Buffer.from([0, piece.length & 0xff, piece.length >> 8, ~piece.length & 0xff, (~piece.length >> 8) & 0xff])
      out.push(head, piece)
      crc = crc32(piece, crc)
      size += piece.length
    })
    const trailer = Buffer.alloc(8)
    trailer.writeUInt32LE(crc >>> 0, 0)
    trailer.writeUInt32LE(size >>> 0, 4)
    out.push(trailer)
    return Buffer.concat(out)
  }
}

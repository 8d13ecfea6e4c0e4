import { FormError } from '../lib/errors.ts'
import { looksLikeHeic, MESSAGES } from './files.ts'

export const FULL_SIZE = 1600
export const THUMB_WIDTH = 360
const QUALITY = 82

/** formats a photo may arrive in; decided by the bytes, never by the name or the browser's type.
 *  heif is this build's AVIF (HEVC-coded HEIC is refused with its own message) */
const PHOTO_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif'])

export type Photo = { full: Buffer; thumb: Buffer; width: number; height: number }

const refuse = (message: string) => new FormError({ file: message }, message)

// loaded on the first upload (sharp alone is ~28 MB of a server's memory), once
let sharpModule: Promise<typeof import('sharp')> | null = null
const loadSharp = async () => {
  sharpModule ??= import('sharp').then((m) => {
    // libvips's cache would keep an upload's file open after it is removed (its disk space with it)
    m.default.cache({ files: 0 })
    return m
  })
  return (await sharpModule).default
}

/** a real image turned upright, stripped of metadata, fitted in 1600×1600 as JPEG, with a thumbnail. libvips reads
 *  the uploaded file from `input` as it decodes (never whole into memory); `head` is its first bytes, to name a
 *  HEIC photo. Only the resized JPEGs come back as bytes. */
export async function processPhoto(input: string, head: Buffer): Promise<Photo> {
  const sharp = await loadSharp()
  const meta = await sharp(input).metadata().catch(() => null)
  if (!meta) throw refuse(looksLikeHeic(head) ? MESSAGES.heic : MESSAGES.notImage)
  if (!meta.format || !PHOTO_FORMATS.has(meta.format)) throw refuse(MESSAGES.notImage)
  if (meta.format === 'heif' && meta.compression !== 'av1') throw refuse(MESSAGES.heic)
  try {
    // no withMetadata(): sharp drops EXIF (GPS included) and converts to sRGB
    const full = await sharp(input, { failOn: 'error' })
      .autoOrient()
      .resize(FULL_SIZE, FULL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: QUALITY, mozjpeg: true })
      .toBuffer({ resolveWithObject: true })
    const thumb = await sharp(full.data).resize({ width: THUMB_WIDTH, withoutEnlargement: true }).jpeg({ quality: 78, mozjpeg: true }).toBuffer()
    return { full: full.data, thumb, width: full.info.width, height: full.info.height }
  } catch {
    throw refuse(MESSAGES.broken)
  }
}

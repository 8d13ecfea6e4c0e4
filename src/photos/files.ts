// Pure helpers for uploaded files: what a material is, safe names, download headers, where to go back to.

export const KINDS = ['photo', 'material'] as const
export type AttachmentKind = (typeof KINDS)[number]

export const MESSAGES = {
  noFile: '请选择文件',
  notImage: '只能上传图片（JPG、PNG、WebP、GIF、TIFF）',
  broken: '图片无法读取，可能已损坏，请换一张再试',
  heic: '暂不支持 HEIC 格式的照片：请在手机“设置 › 相机 › 格式”中选择“兼容性最佳”，或转为 JPG 后再上传',
  notMaterial: '只能上传 PDF、Word、PPT、Excel、TXT 或 JPG、PNG 文件',
  mismatch: '文件内容与扩展名不符，请确认文件没有损坏或被改名',
  tooLarge: (mb: number) => `文件超过 ${mb} MB`,
  oneFile: '一次只能上传一个文件',
  badUpload: '上传的内容不完整或有误，请重新选择文件',
} as const

type Material = { mimeType: string; check: (bytes: Buffer) => boolean }

const starts = (magic: number[]) => (b: Buffer) => magic.every((byte, i) => b[i] === byte)
const pdf = (b: Buffer) => b.subarray(0, 1024).includes('%PDF-')
const ole = starts([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
// an Office Open XML file is a zip whose entry names are stored uncompressed
const ooxml = (folder: string) => (b: Buffer) => starts([0x50, 0x4b, 0x03, 0x04])(b) && b.includes('[Content_Types].xml') && b.includes(folder)
// plain text has no magic: refuse what is clearly binary (NUL bytes or a known binary start)
const text = (b: Buffer) => !b.subarray(0, 8192).includes(0) && !starts([0x4d, 0x5a])(b) && !starts([0x7f, 0x45, 0x4c, 0x46])(b)

/** study materials by extension: the type served back and a cheap check of the first bytes */
export const MATERIALS: Record<string, Material> = {
  pdf: { mimeType: 'application/pdf', check: pdf },
  doc: { mimeType: 'application/msword', check: ole },
  docx: { mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', check: ooxml('word/') },
  ppt: { mimeType: 'application/vnd.ms-powerpoint', check: ole },
  pptx: { mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', check: ooxml('ppt/') },
  xls: { mimeType: 'application/vnd.ms-excel', check: ole },
  xlsx: { mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', check: ooxml('xl/') },
  txt: { mimeType: 'text/plain; charset=utf-8', check: text },
  jpg: { mimeType: 'image/jpeg', check: starts([0xff, 0xd8, 0xff]) },
  jpeg: { mimeType: 'image/jpeg', check: starts([0xff, 0xd8, 0xff]) },
  png: { mimeType: 'image/png', check: starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
}

export function extensionOf(name: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(name)
  return m ? m[1].toLowerCase() : ''
}

/** a material's extension and served type, or the Chinese reason it is refused */
export function identifyMaterial(name: string, bytes: Buffer): { ext: string; mimeType: string } | { error: string } {
  const ext = extensionOf(name)
  const material = MATERIALS[ext]
  if (!material) return { error: MESSAGES.notMaterial }
  if (!material.check(bytes)) return { error: MESSAGES.mismatch }
  return { ext, mimeType: material.mimeType }
}

/** HEIF brands used by phones for HEVC photos, which this sharp build cannot decode */
export function looksLikeHeic(bytes: Buffer): boolean {
  if (bytes.subarray(4, 8).toString('latin1') !== 'ftyp') return false
  return ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'].includes(bytes.subarray(8, 12).toString('latin1'))
}

const MAX_NAME = 100

/** the uploader's file name made safe to keep and to offer back as a download name */
export function sanitizeName(raw: string, fallback = '未命名文件'): string {
  const base = raw.normalize('NFC').split(/[/\\]/).pop() ?? ''
  const cleaned = base
    // controls, bidi overrides and characters Windows refuses in names
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069<>:"|?*]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '')
  if (!cleaned) return fallback
  const chars = Array.from(cleaned)
  if (chars.length <= MAX_NAME) return cleaned
  const ext = extensionOf(cleaned)
  const keep = ext ? MAX_NAME - ext.length - 1 : MAX_NAME
  return chars.slice(0, keep).join('').trimEnd() + (ext ? '.' + ext : '')
}

/** the name with its extension replaced (a photo is always stored as JPEG) */
export function withExtension(name: string, ext: string): string {
  const current = extensionOf(name)
  return (current ? name.slice(0, -current.length - 1) : name) + '.' + ext
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987) */
export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_')
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`
}

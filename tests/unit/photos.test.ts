import assert from 'node:assert/strict'
import path from 'node:path'
import { describe, it } from 'node:test'
import ejs from 'ejs'
import { contentDisposition, identifyMaterial, looksLikeHeic, sanitizeName, withExtension } from '../../src/photos/files.ts'
import { safeBack } from '../../src/lib/paths.ts'

describe('sanitizeName', () => {
  it('keeps a Chinese name and drops paths, controls and characters Windows refuses', () => {
    assert.equal(sanitizeName('党章（2022 年修订）.pdf'), '党章（2022 年修订）.pdf')
    assert.equal(sanitizeName('C:\\Users\\李\\Desktop\\讲话稿.docx'), '讲话稿.docx')
    assert.equal(sanitizeName('../../etc/passwd'), 'passwd')
    assert.equal(sanitizeName('a<b>c:"d|e?*.txt'), 'abcde.txt')
    assert.equal(sanitizeName('evil\u202Etxt.exe'), 'eviltxt.exe')
    assert.equal(sanitizeName('  多个   空格 .pdf  '), '多个 空格 .pdf')
    assert.equal(sanitizeName('...'), '未命名文件')
    assert.equal(sanitizeName(''), '未命名文件')
  })

  it('shortens a long name to 100 characters and keeps its extension', () => {
    const name = sanitizeName('学'.repeat(150) + '.pptx')
    assert.equal(Array.from(name).length, 100)
    assert.ok(name.endsWith('学.pptx'))
  })
})

describe('withExtension', () => {
  it('replaces or adds the extension', () => {
    assert.equal(withExtension('IMG_0001.HEIC', 'jpg'), 'IMG_0001.jpg')
    assert.equal(withExtension('合影', 'jpg'), '合影.jpg')
  })
})

describe('identifyMaterial', () => {
  const zip = (folder: string) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(`....[Content_Types].xml....${folder}document.xml`)])
  const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])

  it('accepts a file whose first bytes match its extension', () => {
    assert.deepEqual(identifyMaterial('a.PDF', Buffer.from('%PDF-1.7\n')), { ext: 'pdf', mimeType: 'application/pdf' })
    assert.equal((identifyMaterial('a.docx', zip('word/')) as { ext: string }).ext, 'docx')
    assert.equal((identifyMaterial('a.xlsx', zip('xl/')) as { ext: string }).ext, 'xlsx')
    assert.equal((identifyMaterial('a.pptx', zip('ppt/')) as { ext: string }).ext, 'pptx')
    for (const ext of ['doc', 'xls', 'ppt']) assert.equal((identifyMaterial(`a.${ext}`, ole) as { ext: string }).ext, ext)
    assert.equal((identifyMaterial('要点.txt', Buffer.from('学习要点')) as { ext: string }).ext, 'txt')
    assert.equal((identifyMaterial('a.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) as { ext: string }).ext, 'png')
  })

  it('refuses an unknown extension and bytes that do not match the extension', () => {
    assert.deepEqual(identifyMaterial('a.exe', Buffer.from('MZ')), { error: '只能上传 PDF、Word、PPT、Excel、TXT 或 JPG、PNG 文件' })
    assert.deepEqual(identifyMaterial('无扩展名', Buffer.from('%PDF-')), { error: '只能上传 PDF、Word、PPT、Excel、TXT 或 JPG、PNG 文件' })
    const mismatch = { error: '文件内容与扩展名不符，请确认文件没有损坏或被改名' }
    assert.deepEqual(identifyMaterial('a.pdf', Buffer.from('hello')), mismatch)
    assert.deepEqual(identifyMaterial('a.docx', zip('xl/')), mismatch)
    assert.deepEqual(identifyMaterial('a.doc', zip('word/')), mismatch)
    assert.deepEqual(identifyMaterial('a.txt', Buffer.from([0x4d, 0x5a, 0x90, 0])), mismatch)
    assert.deepEqual(identifyMaterial('a.jpg', Buffer.from('not a jpeg')), mismatch)
  })
})

describe('looksLikeHeic', () => {
  it('recognises the HEIF brands phones use', () => {
    const box = (brand: string) => Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from(`ftyp${brand}`)])
    assert.equal(looksLikeHeic(box('heic')), true)
    assert.equal(looksLikeHeic(box('mif1')), true)
    assert.equal(looksLikeHeic(box('isom')), false)
    assert.equal(looksLikeHeic(Buffer.from('hello world!')), false)
  })
})

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the UTF-8 name', () => {
    assert.equal(contentDisposition('attachment', '学习 材料(一).pdf'), `attachment; filename="__ __(_).pdf"; filename*=UTF-8''%E5%AD%A6%E4%B9%A0%20%E6%9D%90%E6%96%99%28%E4%B8%80%29.pdf`)
    assert.equal(contentDisposition('inline', 'a"b\\c%.jpg'), `inline; filename="a_b_c_.jpg"; filename*=UTF-8''a%22b%5Cc%25.jpg`)
  })
})

describe('safeBack', () => {
  it('keeps a path of this site and refuses anything that could leave it', () => {
    assert.equal(safeBack('/open-days/3/run?x=1', '/f'), '/open-days/3/run?x=1')
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/a\nb', '/a\\b', 42, undefined, '/' + 'a'.repeat(600)]) {
      assert.equal(safeBack(bad, '/f'), '/f', String(bad))
    }
  })
})

describe('views/photos/_segment.ejs', () => {
  const file = path.resolve(import.meta.dirname, '../../views/photos/_segment.ejs')
  const photo = { id: 7, kind: 'photo', originalName: '合影.jpg', caption: '<全体>', width: 1600, height: 1067, bytes: 300_000 }
  const material = { id: 8, kind: 'material', originalName: '党章.pdf', caption: '', width: null, height: null, bytes: 2_500_000 }
  const render = (locals: object) => ejs.renderFile(file, { openDayId: 3, segmentId: 5, csrfToken: () => 't/k+n', ...locals })

  it('renders with only its own locals: thumbnails, materials and, for writers, the forms', async () => {
    const html = await render({ attachments: [photo, material], mayWrite: true })
    assert.match(html, /<a href="\/attachments\/7"[^>]*><img src="\/attachments\/7\/thumb" alt="&lt;全体&gt;" width="360" height="240"/)
    assert.match(html, /<a href="\/attachments\/8" download>党章\.pdf<\/a> <span class="muted nowrap">2\.4 MB<\/span>/)
    assert.match(html, /action="\/open-days\/3\/segments\/5\/attachments" enctype="multipart\/form-data"[^>]*>\s*<input type="hidden" name="_csrf" value="t\/k\+n">/)
    assert.match(html, /accept="image\/\*"/)
    assert.equal(html.match(/name="back" value="\/open-days\/3\/record"/g)?.length, 4)
    assert.match(html, /action="\/attachments\/8\/delete"/)
  })

  it('shows readers the files without forms, and honours back', async () => {
    const html = await render({ attachments: [photo], mayWrite: false, back: '/open-days/3/run' })
    assert.doesNotMatch(html, /<form/)
    assert.match(await render({ attachments: [], mayWrite: false }), /没有照片或材料/)
    assert.match(await render({ attachments: [], mayWrite: true, back: '/open-days/3/run' }), /name="back" value="\/open-days\/3\/run"/)
  })
})

import { createSegment, incomingFiles, jpeg, png, storedFiles, upload, uploadDir } from '../helpers/photos.ts'
import '../helpers/app.ts'
import assert from 'node:assert/strict'
import path from 'node:path'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, readlinkSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import sharp from 'sharp'
import { app, db } from '../helpers/app.ts'
import { Client } from '../helpers/browser-client.ts'
import { multipartUpload } from '../helpers/multipart.ts'
import { waitFor } from '../helpers/wait.ts'
import { createOpenDay } from '../helpers/factories.ts'
import { PASSWORD } from '../helpers/factories.ts'
import { anonymous, csrfOf, loginAsOffice, loginAsSecretary, loginAsViewer, submit, type Agent } from '../helpers/http.ts'
import { readAttachment } from '../../src/photos/service.ts'
import { incomingDir, sweepIncoming } from '../../src/photos/incoming.ts'

/** a secretary with an open day of their branch being recorded, and one segment */
async function recording(status = 'held') {
  const login = await loginAsSecretary()
  const openDay = await createOpenDay(login.branchId, { status })
  const segment = await createSegment(db, openDay.id)
  return { ...login, openDay, segment }
}

const rowsOf = (segmentId: number) => db.attachment.findMany({ where: { segmentId }, orderBy: { id: 'asc' } })

/** the flash shown on the page the upload redirected to */
async function flashAfter(agent: Agent, res: { status: number; headers: Record<string, string> }) {
  assert.equal(res.status, 302)
  const page = await agent.get(res.headers.location.replace(/#.*$/, ''))
  return /class="flash flash-\w+"[^>]*>([^<]*)</.exec(page.text)?.[1]
}

describe('POST /open-days/:id/segments/:segmentId/attachments', () => {
  it('resizes a camera JPEG to fit 1600×1600, keeps a thumbnail and logs the upload', async () => {
    const { agent, user, openDay, segment } = await recording()
    const res = await upload(agent, openDay.id, segment.id, { filename: '宣誓.jpg', bytes: await jpeg(3000, 2000), caption: '全体党员宣誓' })
    assert.equal(res.headers.location, `/open-days/${openDay.id}#attachments-${segment.id}`)
    assert.equal(await flashAfter(agent, res), '照片已上传。')

    const [row] = await rowsOf(segment.id)
    assert.deepEqual([row.kind, row.width, row.height, row.mimeType, row.originalName, row.caption, row.uploadedById], ['photo', 1600, 1067, 'image/jpeg', '宣誓.jpg', '全体党员宣誓', user.id])
    assert.deepEqual(storedFiles(), [row.storedName, row.thumbName].sort())
    const full = readFileSync(path.join(uploadDir, row.storedName))
    assert.equal(row.bytes, full.length)
    const fullMeta = await sharp(full).metadata()
    assert.deepEqual([fullMeta.format, fullMeta.width, fullMeta.height, fullMeta.exif], ['jpeg', 1600, 1067, undefined])
    const thumbMeta = await sharp(await readAttachment(row, 'thumb')).metadata()
    assert.deepEqual([thumbMeta.width, thumbMeta.height], [360, 240])

    const log = await db.editLog.findFirstOrThrow({ where: { openDayId: openDay.id } })
    assert.deepEqual([log.subject, log.segmentId, log.userId], ['上传照片 宣誓.jpg', segment.id, user.id])
  })

  it('turns a photo upright by its EXIF orientation, never enlarges it, and accepts a PNG as JPEG', async () => {
    const { agent, openDay, segment } = await recording()
    await upload(agent, openDay.id, segment.id, { filename: 'IMG_0001.JPG', bytes: await jpeg(300, 200, { orientation: 6 }) })
    await upload(agent, openDay.id, segment.id, { filename: 'screen.png', bytes: await png(), contentType: 'image/png' })
    const [sideways, fromPng] = await rowsOf(segment.id)
    assert.deepEqual([sideways.width, sideways.height], [200, 300])
    assert.equal((await sharp(await readAttachment(sideways, 'full')).metadata()).orientation, undefined)
    assert.deepEqual([fromPng.width, fromPng.height, fromPng.mimeType, fromPng.originalName], [800, 600, 'image/jpeg', 'screen.jpg'])
    assert.equal((await sharp(await readAttachment(fromPng, 'full')).metadata()).format, 'jpeg')
  })

  it('keeps no removed upload open (libvips would cache a WebP’s file, and its disk space)', async () => {
    const { agent, openDay, segment } = await recording()
    const webp = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#c9a227' } }).webp().toBuffer()
    assert.equal((await upload(agent, openDay.id, segment.id, { filename: 'a.webp', bytes: webp, contentType: 'image/webp' })).status, 302)
    const open = readdirSync('/proc/self/fd').map((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`)
      } catch {
        return ''
      }
    })
    assert.deepEqual(open.filter((target) => target.startsWith(uploadDir) && target.endsWith('(deleted)')), [])
  })

  it('refuses a text file named .jpg with the Chinese error and leaves nothing behind', async () => {
    const { agent, openDay, segment } = await recording()
    const before = storedFiles()
    const res = await upload(agent, openDay.id, segment.id, { filename: 'photo.jpg', bytes: Buffer.from('这不是图片\n'.repeat(50)) })
    assert.equal(await flashAfter(agent, res), '只能上传图片（JPG、PNG、WebP、GIF、TIFF）')
    const json = await upload(agent, openDay.id, segment.id, { filename: 'photo.jpg', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), json: true })
    assert.equal(json.status, 422)
    assert.deepEqual(json.body.errors, { file: '只能上传图片（JPG、PNG、WebP、GIF、TIFF）' })
    assert.equal((await rowsOf(segment.id)).length, 0)
    assert.deepEqual(storedFiles(), before)
  })

  it('refuses a file over UPLOAD_MAX_MB and a form without a file', async () => {
    const { agent, openDay, segment } = await recording()
    const big = Buffer.concat([await jpeg(), Buffer.alloc(1024 * 1024 + 10, 1)])
    assert.equal(await flashAfter(agent, await upload(agent, openDay.id, segment.id, { filename: 'big.jpg', bytes: big })), '文件超过 1 MB')
    assert.equal(await flashAfter(agent, await upload(agent, openDay.id, segment.id, { filename: 'empty.jpg', bytes: Buffer.alloc(0) })), '请选择文件')
    assert.equal((await rowsOf(segment.id)).length, 0)
    assert.deepEqual(incomingFiles(), [])
  })

  it('stores the same bytes uploaded five times at once to a segment once, whichever request wins', async () => {
    const { agent, openDay, segment } = await recording()
    const bytes = await jpeg(1200, 900)
    const replies = await Promise.all(Array.from({ length: 5 }, () => upload(agent, openDay.id, segment.id, { filename: 'a.jpg', bytes, json: true })))
    assert.deepEqual(replies.map((r) => r.status), [200, 200, 200, 200, 200])
    const rows = await rowsOf(segment.id)
    assert.equal(rows.length, 1)
    assert.deepEqual(replies.map((r) => r.body.id), Array(5).fill(rows[0].id))
    assert.deepEqual(replies.map((r) => r.body.duplicate).sort(), [false, true, true, true, true])
    assert.equal(rows[0].sha256, createHash('sha256').update(bytes).digest('hex'))
    // the losers' files are gone: one photo and its thumbnail, nothing left arriving
    assert.deepEqual(storedFiles().filter((f) => f.startsWith(rows[0].storedName.slice(0, 36))).length, 2)
    assert.equal(storedFiles().length, 2 * (await db.attachment.count()))
    assert.deepEqual(incomingFiles(), [])
    const again = await upload(agent, openDay.id, segment.id, { filename: 'b.jpg', bytes, json: true })
    assert.deepEqual([again.body.id, again.body.duplicate], [rows[0].id, true])
    // another segment may hold the same photo
    const other = await createSegment(db, openDay.id, { position: 2, title: '集体诵读' })
    await upload(agent, openDay.id, other.id, { filename: 'a.jpg', bytes })
    assert.equal((await rowsOf(other.id)).length, 1)
  })

  it('stores study materials as uploaded, checked by extension and first bytes', async () => {
    const { agent, openDay, segment } = await recording()
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')
    const res = await upload(agent, openDay.id, segment.id, { kind: 'material', filename: '党章（2022 年修订）.pdf', bytes: pdf, contentType: 'application/octet-stream' })
    assert.equal(await flashAfter(agent, res), '材料已上传。')
    const [row] = await rowsOf(segment.id)
    assert.deepEqual([row.kind, row.mimeType, row.originalName, row.thumbName, row.bytes], ['material', 'application/pdf', '党章（2022 年修订）.pdf', null, pdf.length])
    assert.deepEqual(await readAttachment(row, 'full'), pdf)

    const renamed = await upload(agent, openDay.id, segment.id, { kind: 'material', filename: '讲话.docx', bytes: pdf })
    assert.equal(await flashAfter(agent, renamed), '文件内容与扩展名不符，请确认文件没有损坏或被改名')
    const exe = await upload(agent, openDay.id, segment.id, { kind: 'material', filename: 'setup.exe', bytes: Buffer.from('MZ\x90\x00') })
    assert.equal(await flashAfter(agent, exe), '只能上传 PDF、Word、PPT、Excel、TXT 或 JPG、PNG 文件')
    assert.equal((await rowsOf(segment.id)).length, 1)
    // a large Word file is told by its first and last 64 KB: a zip names its entries again at its end
    const docx = Buffer.concat([Buffer.from('PK\x03\x04[Content_Types].xml', 'latin1'), Buffer.alloc(400 * 1024, 7), Buffer.from('PK\x01\x02word/document.xml', 'latin1')])
    assert.equal(await flashAfter(agent, await upload(agent, openDay.id, segment.id, { kind: 'material', filename: '讲话.docx', bytes: docx })), '材料已上传。')
    const xlsx = await upload(agent, openDay.id, segment.id, { kind: 'material', filename: '表格.xlsx', bytes: docx })
    assert.equal(await flashAfter(agent, xlsx), '文件内容与扩展名不符，请确认文件没有损坏或被改名')
  })

  it('goes back only to a path of this site', async () => {
    const { agent, openDay, segment } = await recording()
    const res = await upload(agent, openDay.id, segment.id, { filename: 'x.jpg', bytes: Buffer.from('x'), back: '//evil.example/' })
    assert.equal(res.headers.location, `/open-days/${openDay.id}/record#attachments-${segment.id}`)
  })

  it('is refused to another branch, to viewers, on a locked record and for a segment of another open day', async () => {
    const { agent, openDay, segment } = await recording()
    const bytes = await jpeg(400, 300)
    const stranger = await loginAsSecretary()
    assert.equal((await upload(stranger.agent, openDay.id, segment.id, { filename: 'a.jpg', bytes })).status, 403)
    const viewer = await loginAsViewer()
    assert.equal((await upload(viewer.agent, openDay.id, segment.id, { filename: 'a.jpg', bytes })).status, 403)

    const locked = await recording('reviewed')
    const refused = await upload(locked.agent, locked.openDay.id, locked.segment.id, { filename: 'a.jpg', bytes })
    assert.equal(refused.status, 409)
    assert.match(refused.text, /已定稿锁定/)

    const elsewhere = await createOpenDay(openDay.branchId, { status: 'held', date: '2030-07-01' })
    assert.equal((await upload(agent, elsewhere.id, segment.id, { filename: 'a.jpg', bytes })).status, 404)
    assert.equal((await db.attachment.count({ where: { segmentId: { in: [segment.id, locked.segment.id] } } })), 0)
  })
})

describe('an upload on its way in', () => {
  let base = ''
  const server = app.listen(0, '127.0.0.1')
  before(() => (base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`))
  after(() => server.close())

  /** a secretary logged in over real HTTP, the upload URL of a segment, and the form's CSRF token */
  async function uploader() {
    const { user, openDay, segment } = await recording()
    const client = new Client()
    await client.submit(`${base}/login`, `${base}/login`, { username: user.username, password: PASSWORD })
    const csrf = csrfOf((await client.request(`${base}/open-days/${openDay.id}/record`)).text)
    const start = (filename: string, size: number) =>
      multipartUpload(`${base}/open-days/${openDay.id}/segments/${segment.id}/attachments`, {
        cookie: client.cookieHeader(),
        fields: { _csrf: csrf, kind: 'material', caption: '' },
        filename,
        contentType: 'text/plain',
        size,
      })
    return { segment, start }
  }
  const partSizes = () => incomingFiles().map((f) => statSync(path.join(incomingDir, f)).size)

  it('is written to UPLOAD_DIR/.incoming as it arrives, then moved into the store whole', async () => {
    const { segment, start } = await uploader()
    const text = Buffer.alloc(900 * 1024, '党章学习笔记：坚持党的领导。\n')
    const sending = start('学习笔记.txt', text.length)
    await sending.send(text.subarray(0, 600 * 1024))
    // the server holds what has arrived on disk, not in memory, before the rest is sent
    await waitFor(() => partSizes().some((size) => size >= 512 * 1024), 5000)
    assert.equal((await rowsOf(segment.id)).length, 0)
    await sending.send(text.subarray(600 * 1024))
    const reply = await sending.end()
    assert.equal(reply.status, 200, reply.text)
    const [row] = await rowsOf(segment.id)
    assert.deepEqual([row.originalName, row.bytes, row.sha256], ['学习笔记.txt', text.length, createHash('sha256').update(text).digest('hex')])
    assert.ok(readFileSync(path.join(uploadDir, row.storedName)).equals(text))
    assert.deepEqual(incomingFiles(), [])
  })

  it('leaves nothing behind when the connection drops mid-upload', async () => {
    const { segment, start } = await uploader()
    const stored = storedFiles()
    const sending = start('讲稿.txt', 900 * 1024)
    await sending.send(Buffer.alloc(300 * 1024, 'a'))
    await waitFor(() => partSizes().some((size) => size > 0), 5000)
    sending.abort()
    await waitFor(() => incomingFiles().length === 0, 5000)
    assert.equal((await rowsOf(segment.id)).length, 0)
    assert.deepEqual(storedFiles(), stored)
  })

  it('sweeps, at start-up, only parts older than an hour (another instance may be receiving the rest)', async () => {
    const old = path.join(incomingDir, 'left-by-a-crash.part')
    const fresh = path.join(incomingDir, 'arriving.part')
    writeFileSync(old, 'x')
    writeFileSync(fresh, 'y')
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000)
    utimesSync(old, twoHoursAgo, twoHoursAgo)
    assert.equal(await sweepIncoming(), 1)
    assert.deepEqual(incomingFiles(), ['arriving.part'])
    assert.equal(await sweepIncoming(Date.now() + 2 * 3600_000), 1)
    assert.deepEqual(incomingFiles(), [])
  })
})

describe('GET /attachments/:id', () => {
  it('serves photos inline and materials as downloads, privately, to those who may read the record', async () => {
    const { agent, openDay, segment, branchId } = await recording()
    await upload(agent, openDay.id, segment.id, { filename: '合影.jpg', bytes: await jpeg(800, 600) })
    await upload(agent, openDay.id, segment.id, { kind: 'material', filename: '学习材料.txt', bytes: Buffer.from('学习要点\n') })
    const [photo, material] = await rowsOf(segment.id)

    const full = await agent.get(`/attachments/${photo.id}`)
    assert.equal(full.status, 200)
    assert.equal(full.headers['content-type'], 'image/jpeg')
    assert.equal(full.headers['x-content-type-options'], 'nosniff')
    assert.match(full.headers['cache-control'], /^private/)
    assert.match(full.headers['content-disposition'], /^inline;/)
    assert.equal(Number(full.headers['content-length']), photo.bytes)
    const thumb = await agent.get(`/attachments/${photo.id}/thumb`)
    assert.equal((await sharp(thumb.body as Buffer).metadata()).width, 360)

    const download = await agent.get(`/attachments/${material.id}`)
    assert.equal(download.headers['content-type'], 'text/plain; charset=utf-8')
    assert.equal(download.headers['content-disposition'], `attachment; filename="____.txt"; filename*=UTF-8''${encodeURIComponent('学习材料.txt')}`)
    assert.equal((await agent.get(`/attachments/${material.id}/thumb`)).status, 404)

    const viewer = await loginAsViewer()
    assert.equal((await viewer.agent.get(`/attachments/${photo.id}`)).status, 200)
    const colleague = await loginAsSecretary(branchId)
    assert.equal((await colleague.agent.get(`/attachments/${photo.id}/thumb`)).status, 200)
    const stranger = await loginAsSecretary()
    assert.equal((await stranger.agent.get(`/attachments/${photo.id}`)).status, 403)
    assert.equal((await stranger.agent.get(`/attachments/${photo.id}/thumb`)).status, 403)
    assert.match((await anonymous().get(`/attachments/${photo.id}`)).headers.location, /^\/login/)
    assert.equal((await agent.get('/attachments/999999')).status, 404)
  })
})

describe('POST /attachments/:id/delete', () => {
  it('removes the row, then the files, and logs it; a second click is harmless', async () => {
    const { agent, user, openDay, segment } = await recording()
    await upload(agent, openDay.id, segment.id, { filename: '合影.jpg', bytes: await jpeg(800, 600) })
    const [photo] = await rowsOf(segment.id)
    const back = `/open-days/${openDay.id}`
    // without JavaScript the button leads to a confirmation page first
    const ask = await submit(agent, `/attachments/${photo.id}/delete`, { back }, '/')
    assert.equal(ask.status, 200)
    assert.match(ask.text, /删除后文件不可恢复/)
    assert.equal((await rowsOf(segment.id)).length, 1)
    const res = await submit(agent, `/attachments/${photo.id}/delete`, { back, confirm: '1' }, '/')
    assert.equal(res.headers.location, `${back}#attachments-${segment.id}`)
    assert.equal(await flashAfter(agent, res), '照片已删除。')
    assert.equal((await rowsOf(segment.id)).length, 0)
    assert.ok(!storedFiles().includes(photo.storedName) && !storedFiles().includes(photo.thumbName!))
    const log = await db.editLog.findFirstOrThrow({ where: { openDayId: openDay.id, subject: { startsWith: '删除' } } })
    assert.deepEqual([log.subject, log.userId], ['删除照片 合影.jpg', user.id])

    const again = await submit(agent, `/attachments/${photo.id}/delete`, { back, confirm: '1' }, '/')
    assert.equal(await flashAfter(agent, again), '该文件已删除。')
  })

  it('is refused to viewers, to another branch and on a locked record', async () => {
    const { agent, openDay, segment } = await recording()
    await upload(agent, openDay.id, segment.id, { filename: '合影.jpg', bytes: await jpeg(800, 600) })
    const [photo] = await rowsOf(segment.id)
    const viewer = await loginAsViewer()
    assert.equal((await submit(viewer.agent, `/attachments/${photo.id}/delete`, {}, '/')).status, 403)
    const stranger = await loginAsSecretary()
    assert.equal((await submit(stranger.agent, `/attachments/${photo.id}/delete`, {}, '/')).status, 403)

    await db.openDay.update({ where: { id: openDay.id }, data: { status: 'reviewed' } })
    const locked = await submit(agent, `/attachments/${photo.id}/delete`, { back: `/open-days/${openDay.id}`, confirm: '1' }, '/')
    assert.match((await flashAfter(agent, locked)) ?? '', /已定稿锁定/)
    const office = await loginAsOffice()
    assert.equal((await submit(office.agent, `/attachments/${photo.id}/delete`, { confirm: '1' }, '/')).status, 302)
    assert.equal((await rowsOf(segment.id)).length, 1)
    assert.ok(storedFiles().includes(photo.storedName))
  })
})

describe('removing a segment from the agenda', () => {
  it('removes its photos’ files after the rows, and keeps the removal in the edit history', async () => {
    const { agent, openDay, segment } = await recording('approved')
    await upload(agent, openDay.id, segment.id, { filename: '宣誓.jpg', bytes: await jpeg(800, 600) })
    const [row] = await rowsOf(segment.id)
    assert.ok(storedFiles().includes(row.storedName))
    const res = await submit(agent, `/open-days/${openDay.id}/agenda/segments/${segment.id}/delete`, {}, `/open-days/${openDay.id}/agenda`)
    assert.equal(res.status, 302)
    assert.equal(await db.attachment.count({ where: { segmentId: segment.id } }), 0)
    assert.ok(!storedFiles().includes(row.storedName))
    assert.ok(!storedFiles().includes(row.thumbName!))
    const log = await db.editLog.findFirstOrThrow({ where: { openDayId: openDay.id, subject: { contains: '删除环节' } } })
    assert.match(log.subject, /重温入党誓词/)
  })
})

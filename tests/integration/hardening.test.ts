import { createSegment, jpeg } from '../helpers/photos.ts'
import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { createMember, createOpenDay, createUser, PASSWORD } from '../helpers/factories.ts'
import { anonymous, csrfOf, loginAsOffice, loginAsSecretary, loginAsViewer } from '../helpers/http.ts'
import { startServer } from '../helpers/server.ts'

describe('after login', () => {
  it('never redirects to another site (/\\evil.example, //evil.example)', async () => {
    const user = await createUser('viewer')
    for (const next of ['/\\evil.example', '//evil.example', '/\\/evil.example', 'https://evil.example']) {
      const agent = anonymous()
      const page = await agent.get(`/login?next=${encodeURIComponent(next)}`)
      assert.doesNotMatch(page.text, /evil\.example/)
      const res = await agent.post('/login').type('form').send({ _csrf: csrfOf(page.text), username: user.username, password: PASSWORD, next })
      assert.equal(res.status, 302)
      assert.equal(res.headers.location, '/', next)
    }
  })
})

describe('malformed uploads answer 4xx in Chinese, not 500', () => {
  it('a multipart body without a boundary, a control character in a file name, a truncated CSV import', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const openDay = await createOpenDay(branchId, { status: 'held' })
    const segment = await createSegment(db, openDay.id)
    const token = csrfOf((await agent.get(`/open-days/${openDay.id}/record`)).text)
    const upload = `/open-days/${openDay.id}/segments/${segment.id}/attachments`
    const importUrl = `/branches/${branchId}/members/import`

    for (const url of [upload, importUrl, `${importUrl}/commit`]) {
      const req = agent.post(url).set('Content-Type', 'multipart/form-data').set('X-CSRF-Token', token)
      // the upload form's script asks for JSON (a plain form post gets the same message as a flash)
      if (url === upload) req.set('Accept', 'application/json')
      const res = await req.send('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n')
      assert.ok(res.status >= 400 && res.status < 500, `${url}: ${res.status}`)
      assert.match(res.text, /[\u4e00-\u9fff]/)
    }

    const named = await agent.post(upload).field('_csrf', token).field('kind', 'material').attach('file', Buffer.from('%PDF-1.4 test'), { filename: 'a\u0001b\u001b.pdf', contentType: 'application/pdf' })
    assert.ok(named.status < 500, `control character in a file name: ${named.status}`)
    // busboy refuses a raw control character in a part header; an encoded one (filename*) is decoded, then normalised
    const raw = await agent.post(upload).set('Accept', 'application/json').field('_csrf', token).attach('file', await jpeg(40, 30), { filename: '合影\u0007.jpg', contentType: 'image/jpeg' })
    assert.deepEqual([raw.status, raw.body.error], [422, '上传的内容不完整或有误，请重新选择文件'])
    const encoded = ['--XyZ', 'Content-Disposition: form-data; name="_csrf"', '', token, '--XyZ', 'Content-Disposition: form-data; name="kind"', '', 'photo', '--XyZ',
      `Content-Disposition: form-data; name="file"; filename*=UTF-8''${encodeURIComponent('合影\u0007\u001b.jpg')}`, 'Content-Type: image/jpeg', '']
    const photo = await agent.post(upload).set('Accept', 'application/json').set('Content-Type', 'multipart/form-data; boundary=XyZ')
      .send(Buffer.concat([Buffer.from(encoded.join('\r\n') + '\r\n'), await jpeg(40, 30), Buffer.from('\r\n--XyZ--\r\n')]))
    assert.equal(photo.status, 200, photo.text)
    const row = await db.attachment.findFirstOrThrow({ where: { segmentId: segment.id, kind: 'photo' } })
    assert.equal(row.originalName, '合影.jpg')
    assert.equal((await agent.get(`/attachments/${row.id}`)).status, 200)

    const body = '--XyZ\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n' + token + '\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="m.csv"\r\nContent-Type: text/csv\r\n\r\n姓名,职务\r\n张三,科'
    const cut = await agent.post(upload).set('Accept', 'application/json').set('Content-Type', 'multipart/form-data; boundary=XyZ').send(body.replace('m.csv', 'a.jpg'))
    assert.deepEqual([cut.status, cut.body.error], [422, '上传的内容不完整或有误，请重新选择文件'])
    const truncated = await agent.post(importUrl).set('Content-Type', 'multipart/form-data; boundary=XyZ').send(body)
    assert.ok(truncated.status >= 400 && truncated.status < 500, `truncated CSV: ${truncated.status}`)
    assert.match(truncated.text, /[\u4e00-\u9fff]/)
  })
})

describe('GET /s/:token/m/:memberId', () => {
  it('shows a member only while sign-in is open', async () => {
    const { branchId } = await loginAsSecretary()
    const member = await createMember(branchId, { name: '签到党员' })
    const closed = await createOpenDay(branchId, { status: 'approved', date: '2021-03-01' })
    const res = await anonymous().get(`/s/${closed.signInToken}/m/${member.id}`)
    assert.equal(res.status, 410)
    assert.doesNotMatch(res.text, /签到党员/)
    const open = await db.openDay.update({ where: { id: (await createOpenDay(branchId, { status: 'approved' })).id }, data: { signInOpen: true } })
    const ok = await anonymous().get(`/s/${open.signInToken}/m/${member.id}`)
    assert.equal(ok.status, 200)
    assert.match(ok.text, /签到党员/)
  })

  it('is rate-limited per address', async () => {
    const { branchId } = await loginAsSecretary()
    const open = await db.openDay.update({ where: { id: (await createOpenDay(branchId, { status: 'approved' })).id }, data: { signInOpen: true } })
    const agent = anonymous()
    const statuses: number[] = []
    for (let id = 1; id <= 45; id++) statuses.push((await agent.get(`/s/${open.signInToken}/m/${id}`)).status)
    assert.ok(statuses.includes(429), statuses.join(','))
  })
})

describe('the moderation page and comments.csv', () => {
  it('are for the office and the own secretary only', async () => {
    const { agent: secretary, branchId } = await loginAsSecretary()
    const openDay = await createOpenDay(branchId, { status: 'held' })
    const { agent: viewer } = await loginAsViewer()
    const { agent: office } = await loginAsOffice()
    const { agent: other } = await loginAsSecretary()
    for (const url of [`/open-days/${openDay.id}/comments`, `/open-days/${openDay.id}/comments.csv`]) {
      assert.equal((await viewer.get(url)).status, 403, url)
      assert.equal((await other.get(url)).status, 403, url)
      assert.equal((await secretary.get(url)).status, 200, url)
      assert.equal((await office.get(url)).status, 200, url)
    }
  })
})

describe('SESSION_SECRET in production', () => {
  it('is required: start-up stops with one clear line', async () => {
    const err = await startServer({ NODE_ENV: 'production', SESSION_SECRET: '', DATABASE_URL: 'file:/nonexistent-dir-openday/x.db' }).then(
      () => assert.fail('started'),
      (e: { code: number; output: string }) => e,
    )
    assert.equal(err.code, 1)
    const lines = err.output.split('\n').filter((l) => l.trim())
    assert.equal(lines.length, 1, err.output)
    assert.match(lines[0], /SESSION_SECRET/)
  })
})

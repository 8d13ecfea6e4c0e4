// Small things people see on every page: the icon, the footer, the login error, one primary action, the upload message.
import { createSegment, jpeg, upload } from '../helpers/photos.ts'
import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { app, db } from '../helpers/app.ts'
import { createOpenDay } from '../helpers/factories.ts'
import { anonymous, loginAsOffice, loginAsSecretary, submit } from '../helpers/http.ts'
import request from 'supertest'

const primaries = (html: string) => [...html.matchAll(/class="button primary"[^>]*>([^<]*)</g)].map((m) => m[1].trim())

describe('every page', () => {
  it('answers /favicon.ico with an icon', async () => {
    const res = await request(app).get('/favicon.ico')
    assert.equal(res.status, 200)
    assert.match(res.headers['content-type'], /icon/)
  })

  it('names the committee from 设置 in the footer', async () => {
    const { agent } = await loginAsOffice()
    await db.setting.upsert({ where: { key: 'officeName' }, create: { key: 'officeName', value: '"省直机关工委"' }, update: { value: '"省直机关工委"' } })
    // the name as last read from 设置 (no query on every page): the settings page reads it
    const page = await agent.get('/settings')
    assert.match(page.text, /<footer class="site-footer no-print"><div class="wrap">省直机关工委 · 支部开放日管理<\/div><\/footer>/)
    await db.setting.delete({ where: { key: 'officeName' } })
  })

  it('says a failed login once', async () => {
    const res = await submit(anonymous(), '/login', { username: 'nobody', password: 'wrong-password' })
    assert.equal(res.status, 401)
    assert.equal(res.text.split('用户名或密码不正确').length - 1, 1)
  })
})

describe('GET /open-days/:id: one primary action', () => {
  it('makes 提交申报 primary on a draft without an agenda, and 主持模式 a plain button', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const openDay = await createOpenDay(branchId)
    const page = await agent.get(`/open-days/${openDay.id}`)
    assert.deepEqual(primaries(page.text), ['提交申报'])
    assert.match(page.text, /<a class="button" href="\/open-days\/\d+\/run">主持模式<\/a>/)
  })

  it('makes 主持模式 the primary action of an approved open day with an agenda', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const openDay = await createOpenDay(branchId, { status: 'approved' })
    await createSegment(db, openDay.id)
    assert.deepEqual(primaries((await agent.get(`/open-days/${openDay.id}`)).text), ['主持模式'])
  })
})

describe('a photo uploaded by the page’s script', () => {
  it('leaves a message for the page it reloads, once for several files', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const openDay = await createOpenDay(branchId, { status: 'approved' })
    const segment = await createSegment(db, openDay.id)
    for (const width of [800, 900]) {
      const res = await upload(agent, openDay.id, segment.id, { filename: `${width}.jpg`, bytes: await jpeg(width, 600), json: true })
      assert.equal(res.status, 200)
    }
    const page = await agent.get(`/open-days/${openDay.id}/segments/${segment.id}/record`)
    assert.equal(page.text.split('照片已上传。').length - 1, 1)
  })
})

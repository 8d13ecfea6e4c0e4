import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createOpenDay } from '../helpers/factories.ts'
import { loginAsOffice, loginAsSecretary, submit } from '../helpers/http.ts'

const WARNING = /二维码和链接指向本机/

describe('QR links from localhost', () => {
  it('warns on the observers’, attendance and run pages until a public address is set in 设置', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const openDay = await createOpenDay(branchId, { status: 'approved' })
    const pages = ['observers', 'attendance', 'run'].map((p) => `/open-days/${openDay.id}/${p}`)
    for (const page of pages) assert.match((await agent.get(page)).text, WARNING, page)
    // served under the address phones use (a LAN address): the links work, no warning
    assert.doesNotMatch((await agent.get(pages[0]).set('Host', '192.168.1.20:3000')).text, WARNING)

    const office = await loginAsOffice()
    const settings = { officeName: '机关党委', attendanceThreshold: '80', icsFeedEnabled: 'on' }
    const bad = await submit(office.agent, '/settings', { ...settings, publicUrl: 'openday.example' }, '/settings')
    assert.equal(bad.status, 422)
    assert.match(bad.text, /请填写以 http:\/\/ 或 https:\/\/ 开头的地址/)
    const saved = await submit(office.agent, '/settings', { ...settings, publicUrl: 'https://openday.example.gov.cn/' }, '/settings')
    assert.equal(saved.status, 302)
    for (const page of pages) assert.doesNotMatch((await agent.get(page)).text, WARNING, page)
    assert.match((await agent.get(pages[0])).text, /https:\/\/openday\.example\.gov\.cn\/o\//)
    await submit(office.agent, '/settings', { ...settings, publicUrl: '' }, '/settings')
    assert.match((await agent.get(pages[1])).text, WARNING)
  })
})

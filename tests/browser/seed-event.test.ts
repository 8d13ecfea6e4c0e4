// Replays the seed article's open day in a real browser: the agenda from the standard template, the 8 members
// signed in (two from their phones by the QR link), the segments run in run mode while the projector follows,
// a photo of the oath uploaded, and the open day marked held.
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import sharp from 'sharp'
import type { BrowserContext, Page } from 'playwright-core'
import { browserSkip, screenshot, useBrowser } from '../helpers/browser.ts'

const MINUTE = 60 * 1000

describe('the seed event, prepared and run end to end', { skip: browserSkip() }, () => {
  const app = useBrowser()
  let desk: BrowserContext
  let phone: BrowserContext
  let host: Page
  let openDay: { id: number; signInToken: string }
  let members: { id: number; name: string }[]
  let url: string

  before(async () => {
    const branch = await app.db.branch.findFirstOrThrow({ where: { name: '省政协机关党办党支部' } })
    members = await app.db.member.findMany({ where: { branchId: branch.id }, orderBy: { id: 'asc' } })
    const now = Date.now()
    // scheduling and approval have their own browser test; this one starts from an approved open day today
    openDay = await app.db.openDay.create({
      data: {
        branchId: branch.id,
        theme: '我为精准扶贫办实事（重演）',
        startsAt: new Date(now - 10 * MINUTE),
        endsAt: new Date(now + 150 * MINUTE),
        place: '机关党员活动室',
        hostId: members[0].id,
        recorderId: members[1].id,
        status: 'approved',
      },
    })
    url = `${app.baseUrl}/open-days/${openDay.id}`
    host = await app.page('desktop', 'lixueliang')
    desk = host.context()
    phone = await app.context('phone')
  })

  it('builds the agenda from the standard template', async () => {
    await host.goto(`${url}/agenda`)
    await host.getByLabel('模板').selectOption({ label: '标准开放日议程（3+X）（默认）' })
    await Promise.all([host.waitForURL(`${url}/agenda`), host.getByRole('button', { name: '从模板生成' }).click()])
    assert.equal(await host.locator('.agenda-table tbody tr').count(), 8)
    const kinds = await app.db.segment.findMany({ where: { openDayId: openDay.id }, orderBy: { position: 'asc' }, select: { kind: true } })
    assert.deepEqual(
      kinds.map((k) => k.kind),
      ['dues', 'oath', 'reading', 'study', 'speeches', 'host_summary', 'observer_comments', 'concluding_speech'],
    )
  })

  it('signs in two members from their phones and the other six on the attendance page', async () => {
    for (const m of members.slice(6)) {
      const page = await phone.newPage()
      await page.goto(`${app.baseUrl}/s/${openDay.signInToken}`)
      await page.locator('label', { hasText: m.name }).tap()
      await Promise.all([page.waitForURL(new RegExp(`/m/${m.id}$`)), page.getByRole('button', { name: '签到' }).tap()])
      assert.match(await page.locator('.sign-in-time').innerText(), /^已签到/)
      await page.close()
    }
    await host.goto(`${url}/attendance`)
    for (const m of members.slice(0, 6)) await host.locator(`tr[data-member="${m.id}"] input[value="present"]`).check()
    await Promise.all([host.waitForURL(`${url}/attendance`), host.getByRole('button', { name: '保存出勤' }).click()])
    assert.equal(await host.locator('[data-present]').innerText(), '8')
    const rows = await app.db.attendance.findMany({ where: { openDayId: openDay.id, status: 'present' } })
    assert.equal(rows.length, 8)
    assert.equal(rows.filter((r) => r.signedInVia === 'self').length, 2)
  })

  it('runs every segment in run mode while the projector follows', async () => {
    const projector = await desk.newPage()
    await projector.goto(`${url}/projector`)
    assert.match(await projector.locator('#stage').innerText(), /活动即将开始/)
    const stageShows = (text: string) => projector.waitForFunction((t) => document.getElementById('stage')!.innerText.includes(t), text, { timeout: 2500 })

    await host.goto(`${url}/run`)
    await Promise.all([host.waitForURL(`${url}/run`), host.getByRole('button', { name: '投影签到二维码' }).click()])
    await projector.waitForSelector('.pj-qr', { timeout: 2500 })
    assert.match(await projector.locator('.pj-count').innerText(), /已签到 8/)
    await Promise.all([host.waitForURL(`${url}/run`), host.getByRole('button', { name: '结束扫码签到' }).click()])

    await Promise.all([host.waitForURL(`${url}/run`), host.getByRole('button', { name: /^开始/ }).click()])
    await stageShows('收缴党费')
    const segments = await app.db.segment.findMany({ where: { openDayId: openDay.id }, orderBy: { position: 'asc' } })
    for (const next of segments.slice(1)) {
      await Promise.all([host.waitForURL(`${url}/run`), host.getByRole('button', { name: '下一环节' }).click()])
      assert.equal(await host.locator('.run-title').innerText(), next.title)
      await stageShows(next.title)
      if (next.kind === 'oath') await stageShows('我志愿加入中国共产党')
    }
    await screenshot(projector, 'seed-event-projector')

    // quick notes typed while the network is down are kept on this computer and saved when it is back
    await desk.setOffline(true)
    await host.locator('#run-notes-text').fill('周向阳：形式好、主题好、发言好、点评好、转化好')
    await host.locator('[data-save-state]').filter({ hasText: '未保存' }).waitFor({ timeout: 5000 })
    await desk.setOffline(false)
    await host.locator('[data-save-state]').filter({ hasText: '已保存' }).waitFor({ timeout: 8000 })
    const last = segments[segments.length - 1]
    assert.match((await app.db.segment.findUniqueOrThrow({ where: { id: last.id } })).summary, /转化好/)

    await Promise.all([host.waitForURL(`${url}/run`), host.getByRole('button', { name: '结束活动' }).click()])
    await stageShows('活动圆满结束')
    const stamped = await app.db.segment.findMany({ where: { openDayId: openDay.id }, orderBy: { position: 'asc' } })
    assert.ok(stamped.every((s) => s.startedAt && s.endedAt))
    await screenshot(host, 'seed-event-run-mode')
    await projector.close()
  })

  it('uploads a photo of the oath and marks the open day held', async () => {
    const oath = await app.db.segment.findFirstOrThrow({ where: { openDayId: openDay.id, kind: 'oath' } })
    await host.goto(`${url}/segments/${oath.id}/record`)
    const jpeg = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#b22222' } }).jpeg().toBuffer()
    await host.locator(`#photo-${oath.id}-file`).setInputFiles({ name: '重温入党誓词.jpg', mimeType: 'image/jpeg', buffer: jpeg })
    await Promise.all([host.waitForLoadState('load'), host.getByRole('button', { name: '上传照片' }).click()])
    await host.waitForSelector(`img[src^="/attachments/"]`)
    assert.equal(await app.db.attachment.count({ where: { segmentId: oath.id, kind: 'photo' } }), 1)
    // the same photo chosen again (a second try on a slow network): kept once, and the page says so
    await host.locator(`#photo-${oath.id}-file`).setInputFiles({ name: '重温入党誓词.jpg', mimeType: 'image/jpeg', buffer: jpeg })
    await Promise.all([host.waitForLoadState('load'), host.getByRole('button', { name: '上传照片' }).click()])
    await host.getByText('这份照片已经上传过了。').waitFor()
    assert.equal(await app.db.attachment.count({ where: { segmentId: oath.id, kind: 'photo' } }), 1)

    await host.goto(url)
    // held asks once more on a page of its own
    await Promise.all([host.waitForLoadState('load'), host.getByRole('button', { name: '标记为已举办' }).click()])
    await Promise.all([host.waitForURL(url), host.getByRole('button', { name: '确认标记为已举办' }).click()])
    const held = await app.db.openDay.findUniqueOrThrow({ where: { id: openDay.id } })
    assert.equal(held.status, 'held')
    await screenshot(host, 'seed-event-held')
  })
})

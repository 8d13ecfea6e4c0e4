// Run mode on the host's laptop with the projector page open beside it: every tap shows on the projector within
// two seconds, the timer ticks and turns red past plan, and quick notes typed offline survive a reload.
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { BrowserContext, Page } from 'playwright-core'
import { browserSkip, screenshot, useBrowser } from '../helpers/browser.ts'

const MINUTE = 60 * 1000

describe('the host runs the open day; the projector follows', { skip: browserSkip() }, () => {
  const app = useBrowser()
  let desk: BrowserContext
  let host: Page
  let projector: Page
  let url: string
  let segments: { id: number; title: string }[]

  /** waits until the projector's stage shows `text`, at most 2.5 s after the host's page came back */
  const projectorShows = (text: string) =>
    projector.waitForFunction((t) => document.getElementById('stage')!.innerText.includes(t), text, { timeout: 2500 })
  const projectorTitle = (title: string) =>
    projector.waitForFunction((t) => document.querySelector<HTMLElement>('.pj-title')?.innerText === t, title, { timeout: 2500 })
  /** clicks a run-mode button (a plain form post) and waits for run mode to come back showing `title` */
  async function press(button: string | RegExp, title: string) {
    await Promise.all([host.waitForEvent('framenavigated'), host.getByRole('button', { name: button }).click()])
    await host.waitForLoadState()
    assert.equal(await host.locator('.run-title').innerText(), title)
  }
  const summaryOf = async (id: number) => (await app.db.segment.findUniqueOrThrow({ where: { id } })).summary

  before(async () => {
    const user = await app.db.user.findUniqueOrThrow({ where: { username: 'lixueliang' } })
    const branchId = user.branchId!
    const speaker = await app.db.member.findFirstOrThrow({ where: { branchId }, orderBy: { id: 'asc' } })
    const now = Date.now()
    const openDay = await app.db.openDay.create({
      data: { branchId, theme: '主持模式测试', startsAt: new Date(now - 5 * MINUTE), endsAt: new Date(now + 90 * MINUTE), place: '机关党员活动室', status: 'approved' },
    })
    const seg = (position: number, kind: string, title: string, record = '{}') =>
      app.db.segment.create({ data: { openDayId: openDay.id, position, kind, title, plannedMinutes: 10, record } })
    segments = [
      await seg(1, 'oath', '重温入党誓词'),
      await seg(2, 'reading', '集体诵读党章', JSON.stringify({ materialTitle: '《党章》第六章第三十六条', text: '党的各级领导干部必须信念坚定、为民服务' })),
      await seg(3, 'speeches', '交流发言'),
    ]
    await app.db.speech.create({ data: { segmentId: segments[2].id, position: 1, kind: 'keynote', memberId: speaker.id, topic: '我为精准扶贫办实事' } })
    url = `${app.baseUrl}/open-days/${openDay.id}`
    host = await app.page('desktop', 'lixueliang')
    desk = host.context()
    projector = await desk.newPage()
    await projector.goto(`${url}/projector`)
    await host.goto(`${url}/run`)
  })

  it('starts and advances; the projector shows each segment within two seconds', async () => {
    assert.match(await projector.locator('#stage').innerText(), /活动即将开始/)
    assert.equal(await projector.locator('.site-header').count(), 0, 'the projector has no navigation')

    await press(/^开始/, '重温入党誓词')
    await projectorTitle('重温入党誓词')
    await projectorShows('我志愿加入中国共产党')
    await press('下一环节', '集体诵读党章')
    await projectorTitle('集体诵读党章')
    await projectorShows('党的各级领导干部必须信念坚定')
    assert.match(await projector.locator('#stage').innerText(), /《党章》第六章第三十六条/)
    const [oath, reading] = await app.db.segment.findMany({ where: { id: { in: [segments[0].id, segments[1].id] } }, orderBy: { position: 'asc' } })
    assert.ok(oath.endedAt && reading.startedAt && oath.endedAt.getTime() === reading.startedAt.getTime())
    assert.equal(reading.endedAt, null)
  })

  it('ticks the timer every second and turns it red past the planned minutes', async () => {
    // the reading began 9 min 55 s ago: the server renders it in time, the script sees it run over
    await app.db.segment.update({ where: { id: segments[1].id }, data: { startedAt: new Date(Date.now() - (10 * MINUTE - 5000)) } })
    await host.reload()
    assert.equal(await host.locator('.run-timer.over').count(), 0)
    await host.locator('.run-timer.over').waitFor({ timeout: 6000 })
    assert.match(await host.locator('.run-elapsed').innerText(), /^10:\d\d$/)
    assert.match(await host.locator('.run-timer').innerText(), /计划 10 分钟.*计划 \d\d:\d\d 结束/)
    await screenshot(host, 'run-mode-host')
  })

  it('calls a speaker onto the projector', async () => {
    await press('下一环节', '交流发言')
    await projectorTitle('交流发言')
    await press('请发言', '交流发言')
    await projectorShows('我为精准扶贫办实事')
    assert.match(await projector.locator('.pj-speaker-kind').innerText(), /中心发言/)
    await screenshot(projector, 'run-mode-projector-speaker')
  })

  it('keeps quick notes typed offline on this computer, across a reload, and saves them once back online', async () => {
    const notes = segments[2]
    await desk.setOffline(true)
    await host.locator('#run-notes-text').fill('赵启洪介绍了帮扶村的产业项目')
    await host.locator('[data-save-state]', { hasText: '未保存（网络断开，已在本机保留）' }).waitFor({ timeout: 5000 })
    assert.equal(await summaryOf(notes.id), '')

    // the laptop's tab is closed while offline; run mode opened again restores the text and saves it
    await host.close()
    await desk.setOffline(false)
    host = await desk.newPage()
    await host.goto(`${url}/run`)
    assert.equal(await host.locator('#run-notes-text').inputValue(), '赵启洪介绍了帮扶村的产业项目')
    await host.locator('[data-save-state]', { hasText: '已保存' }).waitFor({ timeout: 5000 })
    assert.equal(await summaryOf(notes.id), '赵启洪介绍了帮扶村的产业项目')
    assert.equal(await host.evaluate(() => localStorage.length), 0, 'the local copy is dropped once saved')

    // the network drops again mid-sentence and comes back: the same page saves by itself
    await desk.setOffline(true)
    await host.locator('#run-notes-text').fill('赵启洪介绍了帮扶村的产业项目；大家讨论了下一步')
    await host.locator('[data-save-state]', { hasText: '未保存' }).waitFor({ timeout: 5000 })
    await desk.setOffline(false)
    await host.locator('[data-save-state]', { hasText: '已保存' }).waitFor({ timeout: 8000 })
    assert.equal(await summaryOf(notes.id), '赵启洪介绍了帮扶村的产业项目；大家讨论了下一步')
  })

  it('does not let a kept note overwrite what someone else saved meanwhile', async () => {
    const notes = segments[2]
    await desk.setOffline(true)
    await host.locator('#run-notes-text').fill('主持人离线时写的速记')
    await host.locator('[data-save-state]', { hasText: '网络断开' }).waitFor({ timeout: 5000 })
    await host.close()
    // meanwhile the recorder corrects the record from another computer
    await app.db.segment.update({ where: { id: notes.id }, data: { summary: '记录人刚保存的版本', version: { increment: 1 } } })
    await desk.setOffline(false)
    host = await desk.newPage()
    await host.goto(`${url}/run`)
    assert.equal(await host.locator('#run-notes-text').inputValue(), '主持人离线时写的速记')
    await host.locator('[data-save-state]', { hasText: '速记已被他人修改' }).waitFor({ timeout: 5000 })
    assert.match(await host.locator('[data-save-state]').innerText(), /记录人刚保存的版本/)
    assert.equal(await summaryOf(notes.id), '记录人刚保存的版本')
    // switching segments is not a way to overwrite theirs by accident
    await host.getByRole('button', { name: '结束活动' }).click()
    await host.locator('[data-save-state]', { hasText: '速记与他人的修改不一致' }).waitFor({ timeout: 5000 })
    assert.equal(await host.locator('.run-title').innerText(), '交流发言')
    assert.equal(await summaryOf(notes.id), '记录人刚保存的版本')
    // having read theirs, the host keeps typing: that save is theirs to make
    await host.locator('#run-notes-text').fill('主持人离线时写的速记（已与记录人核对）')
    await host.locator('[data-save-state]', { hasText: '已保存' }).waitFor({ timeout: 5000 })
    assert.equal(await summaryOf(notes.id), '主持人离线时写的速记（已与记录人核对）')
  })

  it('restores a note kept as plain text by the previous version of the page', async () => {
    const key = (await host.locator('form[data-autosave]').getAttribute('data-key'))!
    await host.evaluate((k) => localStorage.setItem(k, '旧版页面留在本机的速记'), key)
    await host.reload()
    await host.locator('[data-save-state]', { hasText: '已保存' }).waitFor({ timeout: 5000 })
    assert.equal(await summaryOf(segments[2].id), '旧版页面留在本机的速记')
    assert.equal(await host.evaluate((k) => localStorage.getItem(k), key), null)
  })

  it('stays on the segment when the notes cannot be saved before switching', async () => {
    await desk.setOffline(true)
    await host.locator('#run-notes-text').fill('断网时最后一句')
    await host.getByRole('button', { name: '结束活动' }).click()
    await host.locator('[data-save-state]', { hasText: '网络断开，速记未保存' }).waitFor({ timeout: 5000 })
    assert.equal(await host.locator('.run-title').innerText(), '交流发言')
    assert.equal((await app.db.segment.findUniqueOrThrow({ where: { id: segments[2].id } })).endedAt, null)
    await desk.setOffline(false)
    await host.locator('[data-save-state]', { hasText: '已保存' }).waitFor({ timeout: 8000 })
    assert.equal(await summaryOf(segments[2].id), '断网时最后一句')
  })

  it('ends the event; the projector says so and every segment is stamped', async () => {
    await press('结束活动', '全部环节已完成')
    await projectorShows('活动圆满结束')
    const stamped = await app.db.segment.findMany({ where: { id: { in: segments.map((s) => s.id) } } })
    assert.ok(stamped.every((s) => s.startedAt && s.endedAt))
    await screenshot(host, 'run-mode-ended')
  })
})

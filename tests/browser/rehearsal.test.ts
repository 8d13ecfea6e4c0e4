// The host rehearses the open day the day before, then runs it for real on the day: the printed summary has the
// real day and the real times only, nothing from the rehearsal.
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { browserSkip, screenshot, useBrowser } from '../helpers/browser.ts'

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR

describe('a rehearsal the day before, then the real run', { skip: browserSkip() }, () => {
  const app = useBrowser()
  let host: Page
  let url: string
  let openDayId: number
  let segments: { id: number; title: string }[]

  /** presses a run-mode button (a plain form post) and waits for the page to come back */
  async function press(button: string | RegExp) {
    await Promise.all([host.waitForEvent('framenavigated'), host.getByRole('button', { name: button }).click()])
    await host.waitForLoadState()
  }
  /** 开始 → 下一环节 → … → 结束活动 */
  async function runThrough() {
    await press(/^开始：/)
    for (let i = 1; i < segments.length; i++) await press('下一环节')
    await press('结束活动')
  }

  before(async () => {
    const { branchId } = await app.db.user.findUniqueOrThrow({ where: { username: 'lixueliang' } })
    // tomorrow: exactly a day from now, so it is the next calendar day in Shanghai at any hour (an hour earlier
    // was the same Shanghai day between 00:00 and 01:00)
    const now = Date.now()
    const openDay = await app.db.openDay.create({
      data: { branchId: branchId!, theme: '先彩排后举办', startsAt: new Date(now + DAY), endsAt: new Date(now + DAY + 3 * HOUR), place: '机关党员活动室', status: 'approved' },
    })
    openDayId = openDay.id
    const seg = (position: number, kind: string, title: string) => app.db.segment.create({ data: { openDayId, position, kind, title, plannedMinutes: 10 } })
    segments = [await seg(1, 'oath', '重温入党誓词'), await seg(2, 'reading', '集体诵读'), await seg(3, 'host_summary', '主持人小结')]
    url = `${app.baseUrl}/open-days/${openDayId}`
    host = await app.page('desktop', 'lixueliang')
  })

  it('rehearses the day before without writing the record', async () => {
    await host.goto(`${url}/run`)
    assert.match(await host.locator('#rehearsal').innerText(), /演练模式/)
    await runThrough()
    assert.match(await host.locator('.run-now').innerText(), /演练已结束/)
    const rows = await app.db.segment.findMany({ where: { openDayId }, orderBy: { position: 'asc' } })
    assert.ok(rows.every((s) => s.startedAt === null && s.endedAt === null && s.rehearsalStartedAt && s.rehearsalEndedAt))
    await screenshot(host, 'rehearsal-done')
  })

  it('runs it for real on the day and prints the real times only', async () => {
    // the next day comes: the event is now today, the rehearsal happened yesterday
    await app.db.openDay.update({ where: { id: openDayId }, data: { startsAt: new Date(Date.now() - 60_000), endsAt: new Date(Date.now() + 3 * HOUR) } })
    const rehearsed = await app.db.segment.findMany({ where: { openDayId } })
    for (const s of rehearsed) {
      await app.db.segment.update({ where: { id: s.id }, data: { rehearsalStartedAt: new Date(s.rehearsalStartedAt!.getTime() - DAY), rehearsalEndedAt: new Date(s.rehearsalEndedAt!.getTime() - DAY) } })
    }
    await host.goto(`${url}/run`)
    assert.equal(await host.locator('#rehearsal').count(), 0)
    const runFrom = Date.now()
    await runThrough()
    assert.match(await host.locator('.run-now').innerText(), /活动已结束/)
    const rows = await app.db.segment.findMany({ where: { openDayId }, orderBy: { position: 'asc' } })
    for (const s of rows) {
      assert.equal(s.rehearsalStartedAt, null, 'the real run cleared the rehearsal')
      assert.ok(s.startedAt && s.startedAt.getTime() >= runFrom - 1000, 'actual times are today’s')
    }
    // a record form saved without touching the times keeps them
    await host.goto(`${url}/segments/${rows[2].id}/record`)
    await Promise.all([host.waitForURL(/\/record$/), host.getByRole('button', { name: '保存记录' }).click()])
    assert.equal((await app.db.segment.findUniqueOrThrow({ where: { id: rows[2].id } })).startedAt?.getTime(), rows[2].startedAt?.getTime())

    await host.goto(`${url}/summary`)
    const text = await host.locator('main').innerText()
    const fmt = (d: Date) => new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false }).format(d)
    const today = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric' }).format(new Date())
    const [y, m, d] = today.split('/')
    assert.match(text, new RegExp(`${y}年${Number(m)}月${Number(d)}日`))
    assert.match(text, new RegExp(`${fmt(rows[0].startedAt!)}–${fmt(rows.at(-1)!.endedAt!)}（实际`))
    assert.doesNotMatch(text, /演练/)
    await screenshot(host, 'rehearsal-real-summary')
  })
})

// A segment's record form on the secretary's desktop: notes typed in it are not lost by using another form on the page.
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { browserSkip, useBrowser } from '../helpers/browser.ts'

describe('a speeches segment’s record form', { skip: browserSkip() }, () => {
  const app = useBrowser()
  let page: Page
  let segmentId: number

  before(async () => {
    const user = await app.db.user.findUniqueOrThrow({ where: { username: 'lixueliang' } })
    const openDay = await app.db.openDay.create({
      data: { branchId: user.branchId!, theme: '记录表单测试', startsAt: new Date('2030-06-12T06:30:00Z'), endsAt: new Date('2030-06-12T08:30:00Z'), place: '机关党员活动室', status: 'approved' },
    })
    segmentId = (await app.db.segment.create({ data: { openDayId: openDay.id, position: 1, kind: 'speeches', title: '交流发言', plannedMinutes: 30 } })).id
    page = await app.page('desktop', 'lixueliang')
    await page.goto(`${app.baseUrl}/open-days/${openDay.id}/segments/${segmentId}/record`)
  })

  it('asks before another form on the page leaves unsaved notes behind', { timeout: 20_000 }, async () => {
    await page.locator('#f-summary').fill('交流发言气氛热烈')
    await page.locator('.rec-add-speech [name="guestName"]').fill('王嘉宾')
    await page.locator('.rec-add-speech [name="topic"]').fill('现场补充发言')
    const asked = new Promise<string>((resolve) => page.once('dialog', (d) => void d.dismiss().then(() => resolve(d.type()))))
    await page.getByRole('button', { name: '登记发言' }).click()
    assert.equal(await asked, 'beforeunload')
    assert.equal(await page.locator('#f-summary').inputValue(), '交流发言气氛热烈')
    assert.equal(await app.db.speech.count({ where: { segmentId } }), 0)
  })

  it('saves the notes without asking', async () => {
    page.on('dialog', (d) => assert.fail(`unexpected ${d.type()} dialog`))
    await Promise.all([page.waitForURL(/\/record$/), page.getByRole('button', { name: '保存记录' }).click()])
    assert.equal((await app.db.segment.findUniqueOrThrow({ where: { id: segmentId } })).summary, '交流发言气氛热烈')
  })
})

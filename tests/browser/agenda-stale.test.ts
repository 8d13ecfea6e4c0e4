// Two people edit the same agenda segment: the later, stale form is refused with both versions on the page,
// and saving from that page is a deliberate choice.
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { browserSkip, useBrowser } from '../helpers/browser.ts'

describe('a stale agenda-segment form in two browsers', { skip: browserSkip() }, () => {
  const app = useBrowser()
  let first: Page
  let second: Page
  let editUrl: string

  before(async () => {
    const upcoming = await app.db.openDay.findFirstOrThrow({ where: { status: 'approved' } })
    const segment = await app.db.segment.create({ data: { openDayId: upcoming.id, position: 1, kind: 'custom', title: '参观', plannedMinutes: 20 } })
    editUrl = `${app.baseUrl}/open-days/${upcoming.id}/agenda/segments/${segment.id}/edit`
    first = await app.page('desktop', 'admin')
    second = await app.page('desktop', 'admin')
  })

  it('refuses the second save with 409 and both versions, then saves from the refreshed form', async () => {
    await first.goto(editUrl)
    await second.goto(editUrl)
    await first.getByLabel('环节名称').fill('参观展览馆')
    await Promise.all([first.waitForURL('**/agenda'), first.getByRole('button', { name: '保存' }).click()])

    await second.getByLabel('环节名称').fill('参观党史馆')
    const [response] = await Promise.all([second.waitForResponse((r) => r.request().method() === 'POST'), second.getByRole('button', { name: '保存' }).click()])
    assert.equal(response.status(), 409)
    assert.match(await second.locator('#stale').innerText(), /当前保存的内容[\s\S]*参观展览馆/)
    assert.equal(await second.getByLabel('环节名称').inputValue(), '参观党史馆')
    await Promise.all([second.waitForURL('**/agenda'), second.getByRole('button', { name: '保存' }).click()])
    assert.match(await second.locator('main').innerText(), /参观党史馆/)
  })
})

// Two people edit the same agenda segment: the later, stale form is refused with both versions on the page,
// and saving from that page is a deliberate choice.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { ADMIN_PASSWORD, browserSkip, launchBrowser, logIn, newContext, startServer, type TestServer } from '../helpers/browser.ts'

describe('a stale agenda-segment form in two browsers', { skip: browserSkip() }, () => {
  let server: TestServer
  let browser: Browser
  const contexts: BrowserContext[] = []
  let first: Page
  let second: Page
  let editUrl: string

  before(async () => {
    browser = await launchBrowser()
    server = await startServer()
    const { db } = await import('../../src/db.ts')
    const upcoming = await db.openDay.findFirstOrThrow({ where: { status: 'approved' } })
    const segment = await db.segment.create({ data: { openDayId: upcoming.id, position: 1, kind: 'custom', title: '参观', plannedMinutes: 20 } })
    editUrl = `${server.baseUrl}/open-days/${upcoming.id}/agenda/segments/${segment.id}/edit`
    for (let i = 0; i < 2; i++) contexts.push(await newContext(browser, 'desktop'))
    ;[first, second] = await Promise.all(contexts.map((c) => c.newPage()))
    for (const page of [first, second]) await logIn(page, server.baseUrl, 'admin', ADMIN_PASSWORD)
  })

  after(async () => {
    for (const c of contexts) await c.close()
    await browser?.close()
    await server?.close()
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

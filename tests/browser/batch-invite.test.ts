// The office invites several observers at once: ticks two members, pastes three lines, one submit.
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { browserSkip, screenshot, useBrowser } from '../helpers/browser.ts'

describe('batch invitations', { skip: browserSkip() }, () => {
  const app = useBrowser()
  let page: Page

  before(async () => {
    page = await app.page('phone', 'admin')
  })

  it('ticks members and pastes lines, then shows each bad line next to the field with the text kept', async () => {
    // the seed's approved open day, two weeks ahead
    await page.goto(`${app.baseUrl}/open-days/2/observers`)
    const boxes = page.locator('.invite-list input[type=checkbox]')
    assert.ok((await boxes.count()) >= 2, 'the directory offers members to tick')
    const ticked = [await boxes.nth(0).evaluate((el) => el.parentElement!.textContent!.trim()), await boxes.nth(1).evaluate((el) => el.parentElement!.textContent!.trim())]
    await boxes.nth(0).check()
    await boxes.nth(1).check()
    const lines = page.getByLabel('或按姓名邀请（每行一人）')
    await lines.fill('林建华 处长 省直机关工委\n陈静\t省委党校\n孙悦，团省委')
    await screenshot(page, 'phone-batch-invite')
    await Promise.all([page.waitForURL(/\/observers$/), page.getByRole('button', { name: '邀请', exact: true }).click()])
    assert.match(await page.locator('.flash-success').innerText(), /已邀请 5 人：.*林建华、陈静、孙悦。/)
    const names = await page.locator('.obs-table tbody td:first-child').allInnerTexts()
    for (const name of ['林建华', '陈静', '孙悦', ...ticked.map((t) => t.replace(/（.*$/, ''))]) assert.ok(names.includes(name), `${name} is invited`)

    const typed = `周明 省委办公厅\n${'长'.repeat(51)} 某单位`
    await page.getByLabel('或按姓名邀请（每行一人）').fill(typed)
    await page.getByRole('button', { name: '邀请', exact: true }).click()
    await page.locator('#f-lines-err').waitFor()
    assert.match(await page.locator('#f-lines-err').innerText(), /第 2 行：姓名最多 50 个字/)
    assert.equal(await page.getByLabel('或按姓名邀请（每行一人）').inputValue(), typed)
    assert.equal(await page.locator('.obs-table tbody tr').count(), 5, 'nothing of the bad batch was saved')
  })
})

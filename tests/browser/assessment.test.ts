// The party office's year end on the seed event: the branch reviews it (复盘) and finalises, the office scores it,
// and the branch's points show in the annual table and its score in the chart; the table prints on A4 landscape.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { browserSkip, screenshot, useBrowser } from '../helpers/browser.ts'

const BRANCH = '省政协机关党办党支部'

describe('the seed event reviewed, scored and counted in the annual assessment', { skip: browserSkip() }, () => {
  const app = useBrowser()
  let secretary: Page
  let office: Page
  let openDayId: number

  before(async () => {
    const seed = await app.db.openDay.findFirstOrThrow({ where: { theme: '我为精准扶贫办实事' } })
    openDayId = seed.id
    // the seed event is already final; the office reopened it (reopening has its own tests) so the branch reviews it again
    const admin = await app.db.user.findUniqueOrThrow({ where: { username: 'admin' } })
    await app.db.openDay.update({ where: { id: seed.id }, data: { status: 'held' } })
    await app.db.openDayStatusChange.create({ data: { openDayId: seed.id, fromStatus: 'reviewed', toStatus: 'held', note: '补充复盘', userId: admin.id } })
    secretary = await app.page('desktop', 'lixueliang')
    office = await app.page('desktop', 'admin')
  })

  it('the branch reviews it against the four requirements, adds an action and finalises', async () => {
    await secretary.goto(`${app.baseUrl}/open-days/${openDayId}`)
    await secretary.getByRole('link', { name: '复盘（对照四项要求，定稿锁定）' }).click()
    await secretary.waitForURL(`**/open-days/${openDayId}/review`)
    for (const name of ['有主题', '有主讲', '有讨论', '有收获']) {
      assert.ok(await secretary.getByRole('group', { name }).getByLabel('达到要求').isChecked(), name)
    }
    assert.match(await secretary.locator('.adopted').innerText(), /交流发言可以请观摩支部的党员也参与一两位/)
    await secretary.getByLabel('做得好的方面').fill('规定动作规范，“党味”浓；观摩点评质量高，达到了预期效果。')
    await secretary.getByLabel('措施 5').fill('请观摩支部的党员参与下一次交流发言')
    await secretary.getByLabel('责任人 5').fill('李学良')
    await secretary.getByLabel('完成期限 5').fill('2020-11-30')
    await screenshot(secretary, 'review-form')
    // finalising asks for the form's own confirmation (no JavaScript): without the tick nothing is saved
    await Promise.all([secretary.waitForLoadState(), secretary.getByRole('button', { name: '保存并定稿（锁定记录）' }).click()])
    assert.match(await secretary.locator('.field-check .field-error').innerText(), /请勾选确认/)
    assert.equal(await secretary.getByLabel('责任人 5').inputValue(), '李学良')
    await secretary.getByLabel(/定稿时请勾选确认/).check()
    await Promise.all([secretary.waitForURL(`**/open-days/${openDayId}`), secretary.getByRole('button', { name: '保存并定稿（锁定记录）' }).click()])
    assert.match(await secretary.locator('h1').innerText(), /已定稿/)
    assert.match(await secretary.locator('.flash').innerText(), /复盘已完成，记录已定稿锁定/)
  })

  it('prints the review as section 八 of the summary', async () => {
    await secretary.goto(`${app.baseUrl}/open-days/${openDayId}/summary`)
    const section = secretary.locator('.rec-section', { has: secretary.locator('h2', { hasText: '八、复盘' }) })
    const text = await section.innerText()
    assert.match(text, /有主讲\s+达到/)
    assert.match(text, /规定动作规范，“党味”浓/)
    assert.match(text, /请观摩支部的党员参与下一次交流发言\s+李学良\s+2020-11-30\s+未完成/)
    assert.match(text, /已复盘，记录定稿/)
  })

  it('keeps the printed attendance as finalised when a member joins the branch afterwards', async () => {
    const attendance = async () => {
      await secretary.goto(`${app.baseUrl}/open-days/${openDayId}/summary`)
      return secretary.locator('.rec-section', { has: secretary.locator('h2', { hasText: '二、出勤情况' }) }).innerText()
    }
    const before = await attendance()
    const branch = await app.db.branch.findFirstOrThrow({ where: { name: BRANCH } })
    await secretary.goto(`${app.baseUrl}/branches/${branch.id}/members/new`)
    await secretary.getByLabel('姓名').fill('定稿后入党')
    await Promise.all([secretary.waitForURL(`**/branches/${branch.id}`), secretary.getByRole('button', { name: '添加' }).click()])
    assert.match(await secretary.locator('main').innerText(), /定稿后入党/)
    const after = await attendance()
    assert.equal(after, before)
    assert.doesNotMatch(after, /定稿后入党/)
  })

  it('the office scores it, the observers’ averages beside', async () => {
    await office.goto(`${app.baseUrl}/open-days/${openDayId}`)
    await office.getByRole('link', { name: '评分', exact: true }).click()
    await office.waitForURL(`**/open-days/${openDayId}/score`)
    assert.match(await office.locator('.score-sheet').innerText(), /形式\s+1\s+5\.0 （1 人）/)
    for (const [name, score] of [['形式', '18'], ['主题', '20'], ['发言', '17'], ['点评', '15'], ['转化', '19']]) {
      await office.getByLabel(name, { exact: true }).fill(score)
    }
    await office.getByLabel('评语').fill('规范、庄重，发言联系实际；建议进一步增加互动。')
    await Promise.all([office.waitForURL(`**/open-days/${openDayId}/score`), office.getByRole('button', { name: '保存评分' }).click()])
    assert.match(await office.locator('.score-total').innerText(), /总分 89\.0/)
  })

  it('finds the branch’s points in the annual table and its score in the chart, and prints on A4 landscape', async () => {
    await office.getByRole('link', { name: '年度考核' }).click()
    await office.goto(`${app.baseUrl}/assessment?year=2020`)
    const row = office.locator(`tr[data-branch="${BRANCH}"]`)
    const cells = await row.locator('td').allInnerTexts()
    // hosted 1 × 2 points; reviewed; scored 89.0; the branch's open follow-up action
    assert.deepEqual(cells.slice(1), [BRANCH, '1', '1', '1', '89.0 (1)', '0', '1', '2', '后进'])
    const bar = office.locator('#chart-scores .chart-row', { hasText: BRANCH })
    assert.match(await bar.locator('title').first().textContent() ?? '', /平均 89\.0 分，1 场已评分/)
    assert.equal(await office.locator('#chart-months title', { hasText: '10月：1 场（已举办 1）' }).count(), 1)
    await screenshot(office, 'annual-assessment')

    await row.getByRole('link', { name: '2', exact: true }).click()
    await office.waitForURL(`**/assessment/2020/branches/**#points`)
    assert.match(await office.locator('#points').innerText(), /承办 1 次 × 2 分/)

    await office.goto(`${app.baseUrl}/assessment?year=2020`)
    await office.emulateMedia({ media: 'print' })
    assert.equal(await office.locator('.site-header').isVisible(), false)
    const pdf = await office.pdf({ preferCSSPageSize: true, printBackground: true })
    const dir = mkdtempSync(path.join(os.tmpdir(), 'openday-annual-'))
    writeFileSync(path.join(dir, 'a.pdf'), pdf)
    const info = execFileSync('pdfinfo', [path.join(dir, 'a.pdf')], { encoding: 'utf8' })
    const [w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!.slice(1).map(Number)
    assert.ok(w > h && Math.abs(w - 841.89) < 2, `A4 landscape, got ${w} × ${h}`)
    assert.match(execFileSync('pdftotext', [path.join(dir, 'a.pdf'), '-'], { encoding: 'utf8' }), new RegExp(BRANCH))
  })
})

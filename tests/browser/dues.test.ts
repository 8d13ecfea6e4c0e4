// The seed branch collects its October 2020 dues during its open day in a real browser: the register filled in one
// action, two exceptions corrected, saved once; then the yearly ledger downloaded as .xlsx (read back) and CSV.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { browserSkip, screenshot, useBrowser } from '../helpers/browser.ts'

describe('collecting the seed branch’s October dues', { skip: browserSkip() }, () => {
  const app = useBrowser()
  let page: Page
  let openDay: { id: number; branchId: number }

  before(async () => {
    openDay = await app.db.openDay.findFirstOrThrow({ where: { theme: '我为精准扶贫办实事' } })
    // back to the afternoon of 2020-10-15: the open day is being held and October is not collected yet
    await app.db.duesPayment.deleteMany({ where: { branchId: openDay.branchId, month: '2020-10' } })
    await app.db.openDay.update({ where: { id: openDay.id }, data: { status: 'held' } })
    page = await app.page('desktop', 'lixueliang')
  })

  it('records the month for 8 members in well under a minute from the dues segment', async () => {
    const started = Date.now()
    await page.goto(`${app.baseUrl}/open-days/${openDay.id}/record`)
    await page.getByRole('link', { name: '党费收缴登记表' }).first().click()
    await page.waitForURL(/\/dues$/)
    await assertText(page, '应缴 8 人，合计 830.88 元')
    await page.getByRole('link', { name: '全部按应缴足额交纳' }).click()
    await page.waitForURL(/fill=all/)
    assert.equal(await page.locator('input[type=checkbox][name^=pay_]:checked').count(), 8)
    // the exceptions: 孙浩然 did not pay today, 王丽萍 paid 50 元 by WeChat
    await page.getByLabel('孙浩然 交纳').uncheck()
    await page.getByLabel('王丽萍 实缴金额').fill('50')
    await page.getByLabel('王丽萍 缴纳方式').selectOption({ label: '微信' })
    await Promise.all([page.waitForURL(/\/dues$/), page.getByRole('button', { name: '保存登记表' }).click()])
    await assertText(page, '已保存：7 名党员交纳 7 个月')
    await assertText(page, '实缴 786.18 元 · 已缴 7 人 · 未缴 1 人')
    const seconds = (Date.now() - started) / 1000
    assert.ok(seconds < 60, `took ${seconds}s`)
    console.log(`# register for 8 members saved in ${seconds.toFixed(1)} s`)
    await screenshot(page, 'dues-register')
    assert.equal(await app.db.duesPayment.count({ where: { branchId: openDay.branchId, month: '2020-10' } }), 7)
  })

  it("explains a member's amount on the member's page", async () => {
    const li = await app.db.member.findFirstOrThrow({ where: { name: '李学良' } })
    await page.goto(`${app.baseUrl}/members/${li.id}/dues?year=2020`)
    await assertText(page, '9860.00 元为基数，属“5000–10000 元（含）”档，按 1.5% 交纳')
    await assertText(page, '本人自愿多交，每月交纳 200.00 元')
    await screenshot(page, 'dues-member')
    await page.goBack()
  })

  it('refuses paying back past 6 months with a Chinese error beside the field', async () => {
    await page.getByLabel('孙浩然 交纳').check()
    await page.getByLabel('孙浩然 起始月份').fill('2020-03')
    await page.getByRole('button', { name: '保存登记表' }).click()
    await assertText(page, '补交最多 6 个月：本次最早可补交 2020年4月')
    assert.equal(await app.db.duesPayment.count({ where: { branchId: openDay.branchId, month: '2020-10' } }), 7, 'nothing saved')
  })

  it('downloads the yearly ledger as .xlsx and CSV with the right totals', async () => {
    await page.goto(`${app.baseUrl}/branches/${openDay.branchId}/dues/ledger?year=2020`)
    await screenshot(page, 'dues-ledger')
    const dir = os.tmpdir()
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出 Excel' }).click()])
    const xlsxFile = path.join(dir, `ledger-${process.pid}.xlsx`)
    await xlsx.saveAs(xlsxFile)
    assert.match(xlsx.suggestedFilename(), /2020年党费台账\.xlsx$/)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(xlsxFile)
    const ws = wb.worksheets[0]
    const totals = ws.getRow(ws.rowCount)
    assert.equal(totals.getCell(1).value, '合计')
    assert.equal(totals.getCell(5).value, 830.88, 'monthly due of 8 members')
    assert.equal(totals.getCell(6).value, 830.88, 'January')
    assert.equal(totals.getCell(15).value, 786.18, 'October')
    assert.equal(totals.getCell(18).value, 9970.56, 'a year due: 12 × 830.88')
    assert.equal(totals.getCell(19).value, 8264.1, 'paid: 9 × 830.88 + 786.18')
    assert.equal(ws.getRow(3).getCell(2).value, '李学良')
    assert.equal(ws.getRow(3).getCell(3).value, 9860, 'the secretary sees the base')

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出 CSV' }).click()])
    const csvFile = path.join(dir, `ledger-${process.pid}.csv`)
    await csv.saveAs(csvFile)
    const text = readFileSync(csvFile, 'utf8')
    assert.ok(text.startsWith('\uFEFF序号,姓名,基数,比例,月应缴,1月实缴'))
    assert.match(text, /\r\n合计,8 人,,,830\.88,830\.88,.*,786\.18,0\.00,0\.00,9970\.56,8264\.10,/)
  })
})

async function assertText(page: Page, text: string) {
  await page.getByText(text, { exact: false }).first().waitFor({ timeout: 5000 }).catch(async () => {
    const body = await page.locator('main').innerText()
    assert.fail(`“${text}” not on the page:\n${body.slice(0, 1500)}`)
  })
}

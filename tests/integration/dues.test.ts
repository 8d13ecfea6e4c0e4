import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import ExcelJS from 'exceljs'
import { db } from '../helpers/app.ts'
import { createBranch, createMember, createOpenDay } from '../helpers/factories.ts'
import { csrfOf, loginAsOffice, loginAsSecretary, loginAsViewer, type Agent } from '../helpers/http.ts'
import { local } from '../../src/lib/dates.ts'
import { addMonths } from '../../src/dues/rates.ts'

/** a branch with a secretary, three members with 2030 bases and an approved open day on 2030-06-12 */
async function branchWithRegister(status = 'approved') {
  const { agent, branchId } = await loginAsSecretary()
  const a = await createMember(branchId, { name: '甲' })
  const b = await createMember(branchId, { name: '乙' })
  const c = await createMember(branchId, { name: '丙', category: 'student' })
  await db.duesBase.createMany({ data: [{ memberId: a.id, year: 2030, baseFen: 673550 }, { memberId: b.id, year: 2030, baseFen: 300000 }, { memberId: c.id, year: 2030 }] })
  const openDay = await createOpenDay(branchId, { status, date: '2030-06-12' })
  await db.segment.create({ data: { openDayId: openDay.id, position: 1, kind: 'dues', title: '收缴党费', plannedMinutes: 10 } })
  return { agent, branchId, members: [a, b, c], openDay, url: `/open-days/${openDay.id}/dues` }
}

/** the register page's form as a browser would send it, with `fields` on top */
async function sendRegister(agent: Agent, url: string, fields: Record<string, string | string[]>, opts: { fill?: boolean; reuse?: Record<string, string | string[]> } = {}) {
  const page = await agent.get(url + (opts.fill ? '?fill=all' : ''))
  assert.equal(page.status, 200)
  const form = opts.reuse ?? formFields(page.text)
  const res = await agent.post(url).type('form').send({ ...form, ...fields })
  return { res, form }
}

/** every named input, checked box and selected option of the register form */
function formFields(html: string): Record<string, string | string[]> {
  const form = html.slice(html.indexOf('<form method="post" action="/open-days') >= 0 ? html.indexOf('id="register"') - 200 : html.indexOf('id="register"') - 200)
  const out: Record<string, string | string[]> = { _csrf: csrfOf(html) }
  const add = (k: string, v: string) => (out[k] = out[k] === undefined ? v : [out[k]].flat().concat(v))
  for (const m of form.matchAll(/<input ([^>]*)>/g)) {
    const name = /name="([^"]+)"/.exec(m[1])?.[1]
    if (!name || name === '_csrf') continue
    if (/type="checkbox"/.test(m[1]) && !/checked/.test(m[1])) continue
    add(name, /value="([^"]*)"/.exec(m[1])?.[1] ?? '')
  }
  for (const m of form.matchAll(/<select name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) add(m[1], /<option value="([^"]+)" selected/.exec(m[2])?.[1] ?? 'cash')
  return out
}

const paymentsOf = (memberId: number) => db.duesPayment.findMany({ where: { memberId }, orderBy: { month: 'asc' }, include: { adjustments: true } })

describe('the monthly register', () => {
  it('collects everyone at the due amount in one action and one transaction; a double submit saves once', async () => {
    const { agent, url, members, openDay } = await branchWithRegister()
    const page = await agent.get(url)
    assert.match(page.text, /党费收缴登记 · 2030年6月/)
    assert.match(page.text, /应缴 <strong>3<\/strong> 人，合计 <strong>116\.23<\/strong> 元/, '101.03 + 15.00 + 0.20')
    const { res, form } = await sendRegister(agent, url, {}, { fill: true })
    assert.equal(res.status, 302)
    const rows = await db.duesPayment.findMany({ where: { memberId: { in: members.map((m) => m.id) } }, orderBy: { memberId: 'asc' } })
    assert.deepEqual(rows.map((r) => [r.month, r.dueFen, r.paidFen, r.openDayId]), [['2030-06', 10103, 10103, openDay.id], ['2030-06', 1500, 1500, openDay.id], ['2030-06', 20, 20, openDay.id]])
    assert.equal(new Set(rows.map((r) => r.batchKey)).size, 1)
    const again = await sendRegister(agent, url, {}, { reuse: form })
    assert.equal(again.res.status, 302)
    assert.equal(await db.duesPayment.count({ where: { memberId: { in: members.map((m) => m.id) } } }), 3, 'the same form twice saves once')
    const after = await agent.get(url)
    assert.match(after.text, /已经保存过/)
    assert.match(after.text, /实缴 <strong data-collected>116\.23<\/strong> 元 · 已缴 <strong>3<\/strong> 人 · 未缴 <strong>0<\/strong> 人/)
    assert.ok(await db.editLog.findFirst({ where: { openDayId: openDay.id, subject: { contains: '党费收缴登记' } } }), 'logged in the history')
  })

  it('saves once when the same register is sent twice at the same moment', async () => {
    const { agent, url, members } = await branchWithRegister()
    const page = await agent.get(`${url}?fill=all`)
    const form = formFields(page.text)
    const [r1, r2] = await Promise.all([agent.post(url).type('form').send(form), agent.post(url).type('form').send(form)])
    assert.deepEqual([r1.status, r2.status], [302, 302])
    assert.equal(await db.duesPayment.count({ where: { memberId: { in: members.map((m) => m.id) } } }), 3)
  })

  it('accepts amounts typed like 1,280.50; one bad line saves nothing and keeps what was typed', async () => {
    const { agent, url, members } = await branchWithRegister()
    const [a, b, c] = members
    const bad = await sendRegister(agent, url, { [`pay_${a.id}`]: '1', [`amount_${a.id}`]: '1,280.50', [`pay_${b.id}`]: '1', [`amount_${b.id}`]: '12.345', [`note_${b.id}`]: '现场说明' })
    assert.equal(bad.res.status, 422)
    assert.match(bad.res.text, /请修改标出的内容后再提交/)
    assert.match(bad.res.text, /请填写金额，如 1280\.50 或 1,280\.50/)
    assert.match(bad.res.text, /value="12\.345"/)
    assert.match(bad.res.text, /value="现场说明"/)
    assert.equal(await db.duesPayment.count({ where: { memberId: { in: [a.id, b.id, c.id] } } }), 0, 'nothing saved')
    const good = await sendRegister(agent, url, { [`pay_${a.id}`]: '1', [`amount_${a.id}`]: '1,280.50', [`method_${a.id}`]: 'wechat', [`receipt_${a.id}`]: 'NO.001' })
    assert.equal(good.res.status, 302)
    const [p] = await paymentsOf(a.id)
    assert.deepEqual([p.dueFen, p.paidFen, p.method, p.receiptNo], [10103, 128050, 'wechat', 'NO.001'])
  })

  it('never pays a month twice; a correction is an adjustment row with a reason, shown on the page', async () => {
    const { agent, url, members } = await branchWithRegister()
    const [a] = members
    assert.equal((await sendRegister(agent, url, { [`pay_${a.id}`]: '1' })).res.status, 302)
    const twice = await sendRegister(agent, url, { [`pay_${a.id}`]: '1' })
    assert.equal(twice.res.status, 422)
    assert.match(twice.res.text, /2030年6月已登记缴纳，同一月份不能重复交纳/)
    const noReason = await sendRegister(agent, url, { [`fix_${a.id}`]: '100.00' })
    assert.equal(noReason.res.status, 422)
    assert.match(noReason.res.text, /更正须写明原因/)
    const fixed = await sendRegister(agent, url, { [`fix_${a.id}`]: '100.00', [`reason_${a.id}`]: '找零有误，退回 1.03 元' })
    assert.equal(fixed.res.status, 302)
    const [p] = await paymentsOf(a.id)
    assert.equal(p.paidFen, 10103, 'the payment itself is never edited')
    assert.deepEqual(p.adjustments.map((x) => [x.amountFen, x.reason]), [[-103, '找零有误，退回 1.03 元']])
    const page = await agent.get(url)
    assert.match(page.text, /已缴 100\.00 元/)
    assert.match(page.text, /更正 -1\.03 元：找零有误，退回 1\.03 元/)
  })

  it('pays back at most 6 months and ahead at most a quarter, with Chinese errors past the limits', async () => {
    const { agent, url, members } = await branchWithRegister()
    const [a, b, c] = members
    const tooFar = await sendRegister(agent, url, { [`pay_${a.id}`]: '1', [`from_${a.id}`]: '2029-11', [`to_${a.id}`]: '2030-06', [`pay_${b.id}`]: '1', [`to_${b.id}`]: '2030-10' })
    assert.equal(tooFar.res.status, 422)
    assert.match(tooFar.res.text, /补交最多 6 个月：本次最早可补交 2029年12月/)
    assert.match(tooFar.res.text, /预交最多一个季度：本次最晚可预交至 2030年9月/)
    assert.match(tooFar.res.text, /全部党员都未保存/)
    const mismatch = await sendRegister(agent, url, { [`pay_${b.id}`]: '1', [`to_${b.id}`]: '2030-09', [`amount_${b.id}`]: '100' })
    assert.match(mismatch.res.text, /一次交纳多个月时，实缴金额须等于各月应缴之和 60\.00 元/)
    const ok = await sendRegister(agent, url, {
      [`pay_${a.id}`]: '1', [`from_${a.id}`]: '2030-01', [`to_${a.id}`]: '2030-06',
      [`pay_${b.id}`]: '1', [`to_${b.id}`]: '2030-09',
      [`pay_${c.id}`]: '1', [`to_${c.id}`]: '2030-06',
    })
    assert.equal(ok.res.status, 302)
    assert.deepEqual((await paymentsOf(a.id)).map((p) => p.month), ['2030-01', '2030-02', '2030-03', '2030-04', '2030-05', '2030-06'])
    assert.deepEqual((await paymentsOf(b.id)).map((p) => [p.month, p.paidFen]), [['2030-06', 1500], ['2030-07', 1500], ['2030-08', 1500], ['2030-09', 1500]])
  })

  it('is locked with a final open day: refused inside the save, no form on the page', async () => {
    const { agent, url, members, openDay, branchId } = await branchWithRegister()
    const page = await agent.get(url)
    await db.openDay.update({ where: { id: openDay.id }, data: { status: 'reviewed' } })
    const form = formFields(page.text)
    const res = await agent.post(url).type('form').send({ ...form, [`pay_${members[0].id}`]: '1' })
    assert.equal(res.status, 409)
    assert.match(res.text, /定稿锁定/)
    assert.equal(await db.duesPayment.count({ where: { branchId } }), 0)
    const locked = await agent.get(url)
    assert.doesNotMatch(locked.text, /保存登记表/)
    const byMonth = await agent.get(`/branches/${branchId}/dues/months/2030-06`)
    assert.match(byMonth.text, /2030年6月的党费登记已随 2030年6月12日 星期三 的开放日定稿锁定/)
    const cancelled = await branchWithRegister('cancelled')
    assert.match((await cancelled.agent.get(cancelled.url)).text, /此开放日已取消/)
  })
})

describe('who sees and writes dues', () => {
  it("refuses another branch's secretary (403) and viewers' writes; hides bases from viewers and other branches", async () => {
    const { url, members, branchId } = await branchWithRegister()
    const [a] = members
    const other = await loginAsSecretary()
    assert.equal((await other.agent.get(url)).status, 403)
    assert.equal((await other.agent.get(`/members/${a.id}/dues`)).status, 403)
    assert.equal((await other.agent.get(`/branches/${branchId}/dues/ledger`)).status, 403)
    const otherForm = await other.agent.get('/')
    assert.equal((await other.agent.post(url).type('form').send({ _csrf: csrfOf(otherForm.text), batchKey: 'x'.repeat(20), memberIds: String(a.id), paidOn: '2030-06-12', [`pay_${a.id}`]: '1' })).status, 403)
    assert.equal((await other.agent.get('/dues')).status, 403, 'the overview is for the office and viewers')

    const viewer = (await loginAsViewer()).agent
    const page = await viewer.get(url)
    assert.equal(page.status, 200)
    assert.doesNotMatch(page.text, /6735\.50|基数<\/th>/, 'no base for viewers')
    assert.doesNotMatch(page.text, /保存登记表/)
    const member = await viewer.get(`/members/${a.id}/dues?year=2030`)
    assert.match(member.text, /101\.03 元/)
    assert.doesNotMatch(member.text, /6735\.50/)
    const ledger = await viewer.get(`/branches/${branchId}/dues/ledger.csv?year=2030`)
    assert.doesNotMatch(ledger.text, /6735\.50/)
    assert.equal((await viewer.post(url).type('form').send({ _csrf: csrfOf(page.text) })).status, 403)
    assert.equal((await viewer.post(`/members/${a.id}/dues`).type('form').send({ _csrf: csrfOf(page.text), year: '2030', baseYuan: '1' })).status, 403)

    const office = (await loginAsOffice()).agent
    const seen = await office.get(`/members/${a.id}/dues?year=2030`)
    assert.match(seen.text, /6735\.50 元为基数，属“5000–10000 元（含）”档，按 1\.5% 交纳：6735\.50 × 1\.5% = 101\.03 元（四舍五入到分）/)
  })
})

describe("a member's base", () => {
  it('saves the year, explains the amount, and asks for approval of a reduced amount', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const m = await createMember(branchId, { name: '丁', category: 'retired' })
    const page = await agent.get(`/members/${m.id}/dues?year=2031`)
    const send = (fields: Record<string, string>) => agent.post(`/members/${m.id}/dues`).type('form').send({ _csrf: csrfOf(page.text), year: '2031', ...fields })
    const bad = await send({ baseYuan: '5,000.01', override: 'reduced', overrideYuan: '10' })
    assert.equal(bad.status, 422)
    assert.match(bad.text, /少交或免交须经批准/)
    assert.match(bad.text, /value="5,000\.01"/)
    assert.equal((await send({ baseYuan: '5,000.01', override: 'reduced', overrideYuan: '10', approvedBy: '机关党委', approvedOn: '2031-01-05' })).status, 302)
    const shown = await agent.get(`/members/${m.id}/dues?year=2031`)
    assert.match(shown.text, /按 1% 交纳：5000\.01 × 1% = 50\.00 元/)
    assert.match(shown.text, /经机关党委于 2031-01-05 批准减为每月 10\.00 元/)
    assert.equal((await db.duesBase.findFirstOrThrow({ where: { memberId: m.id } })).overrideFen, 1000)
  })
})

describe('arrears', () => {
  it('highlights 3 consecutive unpaid months and warns on the branch page and the dashboard at 6', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const late = await createMember(branchId, { name: '欠六月' })
    const some = await createMember(branchId, { name: '欠三月' })
    const now = local().format('YYYY-MM')
    const year = Number(addMonths(now, -6).slice(0, 4))
    for (const y of new Set([year, Number(now.slice(0, 4))])) await db.duesBase.createMany({ data: [{ memberId: late.id, year: y, baseFen: 400000 }, { memberId: some.id, year: y, baseFen: 400000 }] })
    // 欠三月 paid everything but the last three months
    const months = []
    for (let m = `${year}-01`; m < addMonths(now, -3); m = addMonths(m, 1)) months.push(m)
    await db.duesPayment.createMany({ data: months.map((month) => ({ memberId: some.id, branchId, month, dueFen: 4000, paidFen: 4000, paidOn: `${month}-15`, batchKey: 'arrears-test' })) })
    const list = await agent.get(`/branches/${branchId}/dues/arrears`)
    assert.match(list.text, /class="dues-warning"><td><a href="\/members\/\d+\/dues">欠六月/)
    assert.match(list.text, /class="dues-owing"><td><a href="\/members\/\d+\/dues">欠三月<\/a><\/td><td class="num">3<\/td>/)
    const branchPage = await agent.get(`/branches/${branchId}`)
    assert.match(branchPage.text, /名党员已连续 6 个月以上未交纳党费/)
    assert.match(branchPage.text, /欠六月/)
    assert.doesNotMatch(branchPage.text.slice(branchPage.text.indexOf('dues-alert'), branchPage.text.indexOf('按规定')), /欠三月/)
    const office = (await loginAsOffice()).agent
    const dash = await office.get('/')
    assert.match(dash.text, /欠六月<\/a>（[^）]+）（连续 \d+ 个月）/)
  })
})

describe('an office with more members than SQL parameters allow', () => {
  it('still shows the dashboard, the overview and a ledger', async () => {
    const branch = await createBranch()
    await db.member.createMany({ data: Array.from({ length: 1100 }, (_, i) => ({ branchId: branch.id, name: `大支部党员${i}` })) })
    const ids = (await db.member.findMany({ where: { branchId: branch.id }, select: { id: true } })).map((m) => m.id)
    await db.duesBase.createMany({ data: ids.map((memberId) => ({ memberId, year: 2030, baseFen: 400000 })) })
    const office = (await loginAsOffice()).agent
    for (const url of ['/', '/dues?year=2030&month=6', `/branches/${branch.id}/dues/ledger?year=2030`, `/branches/${branch.id}`]) assert.equal((await office.get(url)).status, 200, url)
  })
})

describe('the ledger and the overview', () => {
  it('exports the yearly ledger as .xlsx with a totals row and as CSV with a BOM and no formulas', async () => {
    const { agent, branchId, members } = await branchWithRegister()
    const evil = await createMember(branchId, { name: '=HYPERLINK("http://x")' })
    await db.duesBase.create({ data: { memberId: evil.id, year: 2030, baseFen: 100000 } })
    await sendRegister(agent, `/open-days/${(await db.openDay.findFirstOrThrow({ where: { branchId } })).id}/dues`, {}, { fill: true })
    const page = await agent.get(`/branches/${branchId}/dues/ledger?year=2030`)
    assert.match(page.text, /2030年党费收缴台账/)
    assert.match(page.text, /<td>合计<\/td><td>4 人<\/td>/)
    const xlsx = await agent.get(`/branches/${branchId}/dues/ledger.xlsx?year=2030`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => cb(null, Buffer.concat(chunks)))
    })
    assert.equal(xlsx.status, 200)
    assert.match(xlsx.headers['content-disposition'], /attachment/)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(xlsx.body as Parameters<typeof wb.xlsx.load>[0])
    const ws = wb.worksheets[0]
    const header = ws.getRow(2).values as unknown[]
    assert.deepEqual(header.slice(1, 6), ['序号', '姓名', '基数', '比例', '月应缴'])
    const totals = ws.getRow(ws.rowCount)
    assert.equal(totals.getCell(1).value, '合计')
    assert.equal(totals.getCell(11).value, 121.23, 'June: 101.03 + 15.00 + 0.20 + 5.00')
    assert.equal(ws.getRow(3).getCell(3).value, 6735.5)
    assert.equal(ws.getColumn(10).numFmt, '#,##0.00')
    const csv = await agent.get(`/branches/${branchId}/dues/ledger.csv?year=2030`)
    assert.ok(csv.text.startsWith('\uFEFF序号,姓名,基数'))
    assert.match(csv.text, /"'=HYPERLINK\(""http:\/\/x""\)"/, 'a formula is defused')
    assert.match(csv.text, /\r\n合计,4 人,,,121\.23,/)
    assert.ok(members.length)
  })

  it("shows the office every branch's month and year side by side, with the same exports", async () => {
    const { branchId } = await branchWithRegister()
    const office = (await loginAsOffice()).agent
    const page = await office.get('/dues?year=2030&month=6')
    assert.equal(page.status, 200)
    const branch = await db.branch.findUniqueOrThrow({ where: { id: branchId } })
    assert.match(page.text, new RegExp(`${branch.name}</a></td><td class="num">3</td><td class="num">116\\.23</td><td class="num">0\\.00</td><td class="num">0</td><td class="num">3</td>`))
    const csv = await office.get('/dues/overview.csv?year=2030&month=6')
    assert.ok(csv.text.startsWith('\uFEFF序号,党支部'))
    assert.match(csv.text, /合计,\d+ 个支部/)
    const xlsx = await office.get('/dues/overview.xlsx?year=2030&month=6')
    assert.equal(xlsx.status, 200)
    assert.equal((await (await loginAsViewer()).agent.get('/dues?year=2030&month=6')).status, 200)
    assert.ok(createBranch)
  })
})

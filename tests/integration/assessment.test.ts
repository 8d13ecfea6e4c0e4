import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, it } from 'node:test'
import ExcelJS from 'exceljs'
import { db } from '../helpers/app.ts'
import { createBranch, createOpenDay } from '../helpers/factories.ts'
import { csrfOf, loginAsOffice, loginAsSecretary, loginAsViewer, submit, type Agent } from '../helpers/http.ts'
import { scoresData } from '../helpers/score-rows.ts'
import { seedAssessmentYear } from '../helpers/assessment.ts'
import { binary } from '../helpers/summary.ts'
import { fromLocal, local } from '../../src/lib/dates.ts'

async function sheetFields(agent: Agent, url: string) {
  const page = await agent.get(url)
  const fields: Record<string, string> = { _csrf: csrfOf(page.text), version: /name="version" value="(\d+)"/.exec(page.text)![1] }
  for (const m of page.text.matchAll(/name="(score_\d+)"/g)) fields[m[1]] = ''
  return { page, fields, ids: Object.keys(fields).filter((k) => k.startsWith('score_')) }
}

describe('the office’s score sheet: /open-days/:id/score', () => {
  it('scores the five points 0–20 with a comment, the observers’ averages beside; a bad value keeps what was typed; a stale form is refused', async () => {
    const { agent } = await loginAsOffice()
    const branch = await createBranch()
    const openDay = await createOpenDay(branch.id, { status: 'held' })
    await db.comment.create({ data: { openDayId: openDay.id, idempotencyKey: randomUUID(), authorName: '甲', learnings: '好', criterionScores: await scoresData(db, { 形式: 4, 主题: 5 }) } })
    const url = `/open-days/${openDay.id}/score`
    const { page, fields, ids } = await sheetFields(agent, url)
    assert.deepEqual([...page.text.matchAll(/<label for="f-score_\d+">([^<]+)<\/label>/g)].map((m) => m[1]), ['形式', '主题', '发言', '点评', '转化'])
    assert.match(page.text, /<td class="num">4\.0 <span class="muted">（1 人）<\/span><\/td>/)
    const scores = Object.fromEntries(ids.map((k, i) => [k, String([18, 20, 17, 15, 19][i])]))

    const bad = await agent.post(url).type('form').send({ ...fields, ...scores, [ids[0]]: '21', comment: '规范' })
    assert.equal(bad.status, 422)
    assert.match(bad.text, /请填写 0–20 的整数/)
    assert.match(bad.text, new RegExp(`name="${ids[1]}" value="20"`))
    assert.match(bad.text, />规范<\/textarea>/)

    const ok = await agent.post(url).type('form').send({ ...fields, ...scores, comment: '规定动作规范，发言质量高' })
    assert.equal(ok.status, 302)
    const after = await agent.get(url)
    assert.match(after.text, /总分 <strong>89\.0<\/strong> \/ 100/)
    const sheet = await db.scoreSheet.findUniqueOrThrow({ where: { openDayId: openDay.id }, include: { scores: true } })
    assert.deepEqual([sheet.comment, sheet.version, sheet.scores.length], ['规定动作规范，发言质量高', 1, 5])

    const stale = await agent.post(url).type('form').send({ ...fields, ...scores })
    assert.equal(stale.status, 422)
    assert.match(stale.text, /评分表已被他人修改/)
  })

  it('only the office scores: the branch’s secretary reads, another branch’s secretary is refused, viewers read', async () => {
    const branch = await createBranch()
    const openDay = await createOpenDay(branch.id, { status: 'reviewed' })
    const url = `/open-days/${openDay.id}/score`
    const own = await loginAsSecretary(branch.id)
    const other = await loginAsSecretary()
    const viewer = await loginAsViewer()
    const page = await own.agent.get(url)
    assert.equal(page.status, 200)
    assert.match(page.text, /机关党办尚未评分/)
    assert.doesNotMatch(page.text, /保存评分/)
    assert.equal((await other.agent.get(url)).status, 403)
    assert.equal((await viewer.agent.get(url)).status, 200)
    for (const agent of [own.agent, other.agent, viewer.agent]) {
      assert.equal((await submit(agent, url, { version: '0', comment: '越权' }, '/')).status, 403)
    }
    assert.equal(await db.scoreSheet.count({ where: { openDayId: openDay.id } }), 0)
  })

  it('waits until the open day is held', async () => {
    const { agent } = await loginAsOffice()
    const openDay = await createOpenDay((await createBranch()).id, { status: 'approved' })
    const { fields, ids } = await sheetFields(agent, `/open-days/${openDay.id}/score`)
    const res = await agent.post(`/open-days/${openDay.id}/score`).type('form').send({ ...fields, ...Object.fromEntries(ids.map((k) => [k, '10'])) })
    assert.equal(res.status, 422)
    assert.match(res.text, /开放日举办后才能评分/)
  })
})

describe('the annual assessment: /assessment?year=', () => {
  it('counts each branch’s year, every number linking to its records, sorted on the server', async () => {
    const year = 2033
    const { agent } = await loginAsOffice()
    const [a, b] = await seedAssessmentYear(db, { branches: 2, openDays: 3, year, prefix: '年度表' })
    // a cancelled open day and one of another year count for nothing
    await createOpenDay(a.id, { date: `${year}-05-01`, status: 'cancelled' })
    await createOpenDay(a.id, { date: `${year + 1}-01-05`, status: 'held' })
    // a late one: marked held a week after
    const late = await createOpenDay(a.id, { date: `${year}-06-01`, status: 'held' })
    const office = await db.user.findFirstOrThrow({ where: { role: 'office' } })
    await db.openDayStatusChange.create({ data: { openDayId: late.id, fromStatus: 'approved', toStatus: 'held', userId: office.id, createdAt: fromLocal(`${year}-06-08`, '10:00')! } })

    const res = await agent.get(`/assessment?year=${year}&sort=branch&dir=asc`)
    assert.equal(res.status, 200)
    const rowOf = (name: string) => res.text.slice(res.text.indexOf(`<tr data-branch="${name}">`), res.text.indexOf('</tr>', res.text.indexOf(`<tr data-branch="${name}">`)))
    const cells = (html: string) => [...html.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1].replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim())
    // 4 hosted (3 + the late one), 3 on time, 2 reviewed, observed 3 (by the other's secretary), 2 open actions (months 1, 4… → m = 0), points 4 × 2 + 3 × 1 = 11 → capped at 10
    assert.deepEqual(cells(rowOf(a.name)).slice(1), [a.name, '4', '3', '2', cells(rowOf(a.name))[5], '3 (书记 3)', '1', '10*', '先进'])
    assert.match(rowOf(a.name), new RegExp(`href="/assessment/${year}/branches/${a.id}#hosted">4</a>`))
    assert.match(rowOf(a.name), new RegExp(`href="/assessment/${year}/branches/${a.id}#observed">3</a>`))
    assert.match(rowOf(a.name), new RegExp(`href="/assessment/${year}/branches/${a.id}#points">10</a>`))
    assert.ok(res.text.indexOf(`data-branch="${a.name}"`) < res.text.indexOf(`data-branch="${b.name}"`))
    const desc = await agent.get(`/assessment?year=${year}&sort=hosted&dir=asc`)
    assert.ok(desc.text.indexOf(`data-branch="${b.name}"`) < desc.text.indexOf(`data-branch="${a.name}"`))
    assert.match(res.text, /<svg class="chart" id="chart-months"/)
    assert.match(res.text, new RegExp(`<title>${a.name}：平均 [\\d.]+ 分，3 场已评分</title>`))

    const detail = await agent.get(`/assessment/${year}/branches/${a.id}`)
    assert.equal(detail.status, 200)
    assert.match(detail.text, /承办 4 次 × 2 分 \+ 书记观摩 3 次 × 1 分 = 11 分，按年度上限计 10 分/)
    assert.match(detail.text, new RegExp(`href="/open-days/${late.id}"`))
    assert.match(detail.text, /<td>否<\/td>/)
  })

  it('exports the same table as CSV (BOM, formulas defused) and .xlsx', async () => {
    const year = 2034
    const { agent } = await loginAsOffice()
    const branch = await db.branch.create({ data: { name: '=HYPERLINK("x")党支部' } })
    await createOpenDay(branch.id, { date: `${year}-03-03`, status: 'held' })
    const csv = await agent.get(`/assessment.csv?year=${year}`).buffer(true).parse(binary)
    const text = (csv.body as Buffer).toString('utf8')
    assert.ok(text.startsWith('\uFEFF序号,党支部,承办开放日,'))
    assert.match(text, /"'=HYPERLINK\(""x""\)党支部",1,0,0,,0,0,0,0,2,后进/)
    const xlsx = await agent.get(`/assessment.xlsx?year=${year}`).buffer(true).parse(binary)
    assert.match(xlsx.headers['content-type'], /spreadsheetml/)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(new Uint8Array(xlsx.body as Buffer).buffer)
    const sheet = book.worksheets[0]
    assert.equal(sheet.getCell('A1').value, `${year}年度支部开放日考核`)
    const names = sheet.getColumn(2).values.map(String)
    assert.ok(names.includes('=HYPERLINK("x")党支部'))
    assert.equal(sheet.pageSetup.orientation, 'landscape')
  })

  it('is for the office and viewers; secretaries are refused', async () => {
    const secretary = await loginAsSecretary()
    for (const path of ['/assessment', '/assessment.csv', '/assessment.xlsx', `/assessment/2030/branches/${secretary.branchId}`]) {
      assert.equal((await secretary.agent.get(path)).status, 403, path)
    }
    const viewer = await loginAsViewer()
    assert.equal((await viewer.agent.get('/assessment')).status, 200)
  })

  it('builds the table for 30 branches × 12 open days quickly', async () => {
    const year = 2035
    const { agent } = await loginAsOffice()
    await seedAssessmentYear(db, { branches: 30, openDays: 12, year, prefix: '全省' })
    await agent.get(`/assessment?year=${year}`)
    const started = performance.now()
    const res = await agent.get(`/assessment?year=${year}`)
    const ms = performance.now() - started
    assert.equal(res.status, 200)
    assert.equal((res.text.match(/<tr data-branch="全省/g) ?? []).length, 30)
    console.log(`# annual table, 30 branches × 12 open days: ${ms.toFixed(0)} ms`)
    assert.ok(ms < 3000, `${ms} ms`)
  })
})

describe('the office’s dashboard flags', () => {
  it('names branches without a themed party day in the last months, and open days past their date not marked held', async () => {
    const { agent } = await loginAsOffice()
    const quiet = await db.branch.create({ data: { name: '安静党支部', createdAt: new Date('2020-01-01T00:00:00Z') } })
    const busy = await db.branch.create({ data: { name: '活跃党支部', createdAt: new Date('2020-01-01T00:00:00Z') } })
    const now = local()
    for (let i = 1; i <= 3; i++) await createOpenDay(busy.id, { date: now.startOf('month').subtract(i, 'month').add(9, 'day').format('YYYY-MM-DD'), status: 'reviewed' })
    const overdue = await createOpenDay(quiet.id, { theme: '过期未标记的开放日', date: now.subtract(40, 'day').format('YYYY-MM-DD'), status: 'approved' })
    const res = await agent.get('/')
    const missing = res.text.slice(res.text.indexOf('id="missing-months"'))
    assert.match(missing, /安静党支部<\/a> <span class="muted">\d+月、\d+月、\d+月<\/span>/)
    assert.doesNotMatch(missing.slice(0, missing.indexOf('</section>')), /活跃党支部/)
    const notHeld = res.text.slice(res.text.indexOf('id="not-held"'), res.text.indexOf('id="missing-months"'))
    assert.match(notHeld, new RegExp(`href="/open-days/${overdue.id}"><strong>过期未标记的开放日`))
    const { agent: secretary } = await loginAsSecretary(quiet.id)
    assert.doesNotMatch((await secretary.get('/')).text, /id="missing-months"/)
  })
})

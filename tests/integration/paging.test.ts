import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { createBranch, createOpenDay, createUser } from '../helpers/factories.ts'
import { anonymous, loginAsOffice, type Agent } from '../helpers/http.ts'
import { fromLocal } from '../../src/lib/dates.ts'

const rowsOf = (html: string) => [...html.matchAll(/<td><a href="\/open-days\/(\d+)">/g)].map((m) => Number(m[1]))

let office: Agent
let branchId: number
before(async () => {
  office = (await loginAsOffice()).agent
  branchId = (await createBranch({ name: '分页测试支部' })).id
  // 120 open days of one branch over 2025, every third one held
  await db.openDay.createMany({
    data: Array.from({ length: 120 }, (_, i) => {
      const day = `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + Math.floor(i / 12)).padStart(2, '0')}`
      return { branchId, theme: `分页${i}`, place: `室${i}`, startsAt: fromLocal(day, '09:00')!, endsAt: fromLocal(day, '10:00')!, status: i % 3 === 0 ? 'held' : 'draft' }
    }),
  })
})

describe('GET /open-days paged', () => {
  it('shows 50 a page, newest first, with links that keep the filters', async () => {
    const first = await office.get(`/open-days?branchId=${branchId}`)
    assert.equal(first.status, 200)
    assert.equal(rowsOf(first.text).length, 50)
    assert.match(first.text, /第 1 \/ 3 页，共 120 条/)
    assert.match(first.text, new RegExp(`href="/open-days\\?branchId=${branchId}&amp;page=2" rel="next"`))
    assert.doesNotMatch(first.text, /rel="prev"/)
    const second = await office.get(`/open-days?branchId=${branchId}&page=2`)
    assert.equal(rowsOf(second.text).length, 50)
    assert.equal(new Set([...rowsOf(first.text), ...rowsOf(second.text)]).size, 100)
    assert.match(second.text, new RegExp(`href="/open-days\\?branchId=${branchId}" rel="prev"`))
    const third = await office.get(`/open-days?branchId=${branchId}&page=3`)
    assert.equal(rowsOf(third.text).length, 20)
    assert.doesNotMatch(third.text, /rel="next"/)
  })

  it('keeps the status and year filters across pages; a page past the end shows the last', async () => {
    const held = await office.get(`/open-days?year=2025&branchId=${branchId}&status=held`)
    assert.equal(rowsOf(held.text).length, 40)
    assert.doesNotMatch(held.text, /class="pager"/)
    const all = await office.get(`/open-days?year=2025&branchId=${branchId}&page=2`)
    assert.match(all.text, new RegExp(`href="/open-days\\?year=2025&amp;branchId=${branchId}&amp;page=3" rel="next"`))
    const past = await office.get(`/open-days?branchId=${branchId}&page=40`)
    assert.match(past.text, /第 3 \/ 3 页/)
    assert.equal((await office.get('/open-days?page=0')).status, 400)
    assert.equal((await office.get('/open-days?page=abc')).status, 400)
  })
})

describe('GET /open-days cached by its rows’ versions', () => {
  it('a new open day, a status change, a rename and an archived branch show on the next read of each page', async () => {
    const branch = await createBranch({ name: '缓存列表支部' })
    const day = (d: string) => ({ startsAt: fromLocal(d, '09:00')!, endsAt: fromLocal(d, '10:00')! })
    await db.openDay.createMany({ data: Array.from({ length: 51 }, (_, i) => ({ branchId: branch.id, theme: `缓存${i}`, place: '室', ...day(`2026-01-${String(1 + (i % 28)).padStart(2, '0')}`) })) })
    const page = async (n: number, status = '') => (await office.get(`/open-days?branchId=${branch.id}&page=${n}${status}`)).text
    const [first, second] = [await page(1), await page(2)]
    assert.match(first, /共 51 条/)
    const newest = await db.openDay.create({ data: { branchId: branch.id, theme: '新排的开放日', place: '室', ...day('2026-02-01') } })
    const firstAgain = await page(1)
    assert.match(firstAgain, /新排的开放日/)
    assert.match(firstAgain, /共 52 条/)
    assert.equal(rowsOf(await page(2)).length, 2, 'the oldest moved to page 2')
    assert.notDeepEqual(rowsOf(await page(2)), rowsOf(second))
    assert.doesNotMatch(await page(1, '&status=submitted'), /新排的开放日/)
    await db.openDay.update({ where: { id: newest.id }, data: { status: 'submitted' } })
    assert.match(await page(1, '&status=submitted'), /新排的开放日/)
    await db.branch.update({ where: { id: branch.id }, data: { name: '改名的缓存列表支部' } })
    assert.match(await page(1), /<td>改名的缓存列表支部<\/td>/)
    assert.match(await page(1), /<option value="\d+" selected>改名的缓存列表支部<\/option>/)
    await db.branch.update({ where: { id: branch.id }, data: { archivedAt: new Date() } })
    assert.doesNotMatch(await page(1), /<option value="\d+" selected>改名的缓存列表支部/)
    const other = await office.get(`/open-days?branchId=${branchId}`)
    assert.match(other.text, /第 1 \/ 3 页，共 120 条/, 'another branch’s list is unchanged')
  })
})

describe('bounded lists elsewhere', () => {
  it('the dashboard shows ten of a long list and links to the rest', async () => {
    const branch = await createBranch()
    for (let i = 0; i < 12; i++) await createOpenDay(branch.id, { theme: `待批${i}`, status: 'submitted', date: '2031-01-10', start: `${String(8 + i).padStart(2, '0')}:00`, end: `${String(8 + i).padStart(2, '0')}:30` })
    const res = await office.get('/')
    const section = res.text.slice(res.text.indexOf('待审批'), res.text.indexOf('即将举行'))
    assert.equal(section.match(/<li>/g)?.length, 10)
    assert.match(section, /只显示前 10 项.*href="\/open-days\?status=submitted"/s)
  })

  it('observers and the edit history page by 50', async () => {
    const openDay = await createOpenDay(branchId, { theme: '很多观摩者', date: '2030-03-03' })
    await db.observer.createMany({ data: Array.from({ length: 55 }, (_, i) => ({ openDayId: openDay.id, name: `观摩者${i}` })) })
    const user = await createUser('office')
    await db.editLog.createMany({ data: Array.from({ length: 60 }, (_, i) => ({ openDayId: openDay.id, userId: user.id, subject: `第${i}次修改` })) })
    const observers = await office.get(`/open-days/${openDay.id}/observers`)
    assert.match(observers.text, /第 1 \/ 2 页，共 55 条/)
    const page2 = await office.get(`/open-days/${openDay.id}/observers?page=2`)
    assert.match(page2.text, /观摩者54/)
    assert.doesNotMatch(page2.text, /观摩者0</)
    const history = await office.get(`/open-days/${openDay.id}/history?page=2`)
    assert.equal(history.status, 200)
    assert.match(history.text, /第 2 \/ 2 页，共 60 条/)
    assert.equal((await office.get(`/open-days/${openDay.id}/history?page=x`)).status, 400)
  })

  it('the .ics feed covers the last 90 days and the next year', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 24 * 3600 * 1000).toISOString().slice(0, 10)
    for (const [offset, theme] of [[-120, '四个月前'], [-60, '两个月前'], [300, '十个月后'], [400, '一年多以后']] as const) {
      await createOpenDay(branchId, { theme, date: day(offset), status: 'approved' })
    }
    const feed = (await anonymous().get('/calendar.ics')).text
    assert.match(feed, /两个月前/)
    assert.match(feed, /十个月后/)
    assert.doesNotMatch(feed, /四个月前|一年多以后/)
  })
})

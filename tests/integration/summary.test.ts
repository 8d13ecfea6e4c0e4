import { jpeg } from '../helpers/photos.ts'
import { db } from '../helpers/app.ts'
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import sharp from 'sharp'
import { anonymous, loginAsOffice, loginAsSecretary, loginAsViewer, type Agent } from '../helpers/http.ts'
import { createMember, createOpenDay } from '../helpers/factories.ts'
import { BRANCH, binary, documentXml, HEADINGS, LEARNINGS, MEMBERS, OBSERVERS, SIGNATURES, SUGGESTIONS, THEME } from '../helpers/summary.ts'
import { seedIfEmpty } from '../../src/demo/seed.ts'
import { config } from '../../src/config.ts'
import { newStoredName, thumbNameFor, writeFiles } from '../../src/photos/store.ts'
import { closePdfBrowser } from '../../src/summary/pdf.ts'
import { inlinePhotos, recordBook, summaryRecord } from '../../src/summary/service.ts'
import { fromLocal } from '../../src/lib/dates.ts'

let office: Agent
let seedEvent: { id: number; branchId: number }
let url: string
let photoId: number

before(async () => {
  assert.ok(await seedIfEmpty(), 'the test database starts empty')
  seedEvent = await db.openDay.findFirstOrThrow({ where: { theme: THEME } })
  url = `/open-days/${seedEvent.id}/summary`
  // a photo on the oath segment, stored as an upload would store it
  const oath = await db.segment.findFirstOrThrow({ where: { openDayId: seedEvent.id, kind: 'oath' } })
  const storedName = newStoredName('jpg')
  await writeFiles([
    { name: storedName, bytes: await jpeg(400, 300) },
    { name: thumbNameFor(storedName), bytes: await sharp(await jpeg(200, 150)).toBuffer() },
  ])
  const photo = await db.attachment.create({
    data: { openDayId: seedEvent.id, segmentId: oath.id, kind: 'photo', storedName, thumbName: thumbNameFor(storedName), originalName: 'oath.jpg', mimeType: 'image/jpeg', bytes: 1, caption: '面向党旗宣誓' },
  })
  photoId = photo.id
  await db.comment.create({ data: { openDayId: seedEvent.id, authorName: '某同志', idempotencyKey: 'hidden-1', learnings: '不应打印的隐藏点评', status: 'hidden' } })
  office = (await loginAsOffice()).agent
})

describe('GET /open-days/:id/summary', () => {
  it('prints the seed event with every section: facts, attendance, dues, segments, speakers, comments, points, review, photos, signatures', async () => {
    const res = await office.get(url)
    assert.equal(res.status, 200)
    const html = res.text
    for (const text of [...HEADINGS, ...SIGNATURES, ...MEMBERS, ...OBSERVERS, THEME, BRANCH, '机关党员活动室', LEARNINGS, SUGGESTIONS]) {
      assert.ok(html.includes(text), `summary shows ${text}`)
    }
    assert.match(html, /14:30–16:58（实际，2 小时 28 分钟）/, 'actual times from the run sheet')
    assert.match(html, /主持人<\/th><td>李学良（机关党委专职副书记、支部书记）/)
    assert.match(html, /记录人<\/th><td>汪蓉（组织宣传委员）/)
    assert.match(html, /<th>实到<\/th><td>7<\/td><td>1<\/td><td>8<\/td>/, 'present: 7 full + 1 probationary')
    assert.match(html, /缺席人员：无/)
    assert.match(html, /<td>2020年10月<\/td><td>830\.88 元<\/td><td>830\.88 元<\/td><td>8 人<\/td><td>0 人<\/td>/, 'dues from the register: due, collected, paid, unpaid')
    assert.match(html, /实缴金额：830\.88 元/, 'the dues segment prints the register too')
    assert.match(html, /参加宣誓：8 人/)
    assert.match(html, /诵读篇目：《党章》第六章第三十六条/)
    assert.match(html, /学习材料：习近平总书记有关精准扶贫最新重要讲话和重要指示批示精神/)
    assert.match(html, /<td>中心发言<\/td><td>赵启洪<\/td><td>结合担任省政协机关扶贫工作联络员的工作谈精准扶贫<\/td>/)
    assert.equal(html.match(/<td>交流发言<\/td>/g)?.length, 6)
    assert.match(html, /<td>周向阳<\/td><td>省政协副秘书长、机关党委书记<\/td><td>省政协机关党委<\/td>/)
    assert.match(html, /形式 5\.0（1 人）；主题 5\.0（1 人）；发言 5\.0（1 人）；点评 4\.0（1 人）/)
    assert.match(html, /<li>转化好：将学习收获转化为立足本职岗位的工作动力/)
    assert.match(html, /已复盘，记录定稿/)
    assert.ok(html.includes(`src="/attachments/${photoId}/thumb"`), 'photo thumbnail')
    assert.ok(html.includes('面向党旗宣誓'))
    assert.ok(!html.includes('不应打印的隐藏点评'), 'hidden comments are not printed')
    assert.ok(html.includes('/public/css/print.css') && html.includes('/public/js/print.js'))
    assert.match(html, /href="\/open-days\/\d+\/summary\.pdf"[^>]*>下载 PDF/)
    assert.match(html, /href="\/open-days\/\d+\/summary\.docx"[^>]*>下载 Word/)
    assert.match(html, /data-print hidden>打印/)
    assert.match(html, /无法自动加页码/)
  })

  it("gives the news draft the seed event's dues from the register", async () => {
    const { releaseFacts } = await import('../../src/news/service.ts')
    const { draftRelease } = await import('../../src/news/draft.ts')
    const facts = await releaseFacts(seedEvent.id)
    assert.deepEqual(facts.segments.find((s) => s.kind === 'dues'), { kind: 'dues', leader: facts.host, totalFen: 83088, payers: 8, dueFen: 83088, unpaid: 0 })
    assert.match(draftRelease(facts).body, /会上收缴了10月党费，8名党员全部交纳，共计830\.88元。/)
  })

  it('prints planned times, absentees with reasons, 列席, dues in 元 and 尚未复盘 for an open day still being recorded', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const full = await createMember(branchId, { name: '甲正式' })
    const sick = await createMember(branchId, { name: '乙请假' })
    await createMember(branchId, { name: '丙预备', standing: 'probationary' })
    const openDay = await createOpenDay(branchId, { theme: '记录中的开放日', date: '2030-06-12', status: 'held' })
    await db.segment.create({ data: { openDayId: openDay.id, position: 1, kind: 'dues', title: '收缴党费', plannedMinutes: 10, record: JSON.stringify({ legacyTotalFen: 12345, legacyPayers: 2 }) } })
    await db.segment.create({ data: { openDayId: openDay.id, position: 2, kind: 'custom', title: '专题党课', plannedMinutes: 30, guestName: '戊老师', guestTitle: '省委党校教授', summary: '讲授专题党课。' } })
    await db.attendance.createMany({
      data: [
        { openDayId: openDay.id, memberId: full.id, status: 'present' },
        { openDayId: openDay.id, memberId: sick.id, status: 'leave', leaveReason: 'sick', note: '住院' },
      ],
    })
    await db.attendee.create({ data: { openDayId: openDay.id, name: '丁积极分子', unit: '研究室', kind: 'activist' } })
    const html = (await agent.get(`/open-days/${openDay.id}/summary`)).text
    assert.match(html, /14:30–16:30（计划，2 小时）/)
    assert.match(html, /<td>乙请假<\/td><td>请假<\/td><td>病假：住院<\/td>/)
    assert.match(html, /<td>丙预备<\/td><td>未登记<\/td>/)
    assert.match(html, /列席人员：丁积极分子（研究室）/)
    assert.match(html, /<td>未登记<\/td><td>123\.45 元<\/td><td>2 人<\/td><td>未登记<\/td>/, 'figures typed before the register, while the month has no rows')
    assert.match(html, /以上为原记录中的汇总数/)
    assert.match(html, /尚未复盘/)
    assert.match(html, /2\. 专题党课 <small>（其他环节）<\/small>/)
    assert.match(html, /负责人：戊老师（省委党校教授）/)
    assert.match(html, /未登记发言人/)
  })

  it("lets viewers and the branch's own secretary read; another branch's secretary gets 403, a visitor the login page", async () => {
    assert.equal((await (await loginAsViewer()).agent.get(url)).status, 200)
    assert.equal((await (await loginAsSecretary(seedEvent.branchId)).agent.get(url)).status, 200)
    const other = (await loginAsSecretary()).agent
    for (const path of [url, `${url}.pdf`, `${url}.docx`, `/branches/${seedEvent.branchId}/record-book?year=2020`, `/branches/${seedEvent.branchId}/record-book.pdf?year=2020`]) {
      assert.equal((await other.get(path)).status, 403, path)
    }
    const res = await anonymous().get(url)
    assert.equal(res.status, 302)
    assert.match(res.headers.location, /^\/login\?next=/)
    assert.equal((await office.get('/open-days/999999/summary')).status, 404)
  })
})

describe('inlinePhotos', () => {
  it('turns the thumbnails into data: URLs for the PDF, which has no session to fetch them with', async () => {
    const record = await inlinePhotos(await summaryRecord(seedEvent.id))
    assert.equal(record.photos.length, 1)
    assert.match(record.photos[0].src, /^data:image\/jpeg;base64,\/9j\//)
  })
})

describe('GET /open-days/:id/summary.docx', () => {
  it('is a Word file with the theme, the members, the tables, the comment and the signature lines', async () => {
    const res = await office.get(`${url}.docx`).buffer(true).parse(binary)
    assert.equal(res.status, 200)
    assert.match(res.headers['content-type'], /wordprocessingml/)
    // one name for the printed record everywhere: 活动记录 (never 纪要)
    assert.ok(res.headers['content-disposition'].includes(`filename*=UTF-8''${encodeURIComponent('支部开放日活动记录-2020-10-15-')}`))
    const xml = documentXml(res.body as Buffer)
    for (const text of [...HEADINGS.slice(0, 8), THEME, ...MEMBERS, ...OBSERVERS, LEARNINGS, SUGGESTIONS, '主持人签字', '记录人签字', '2020年10月', '应缴金额', '830.88 元', '未缴人数']) {
      assert.ok(xml.includes(text), `document.xml has ${text}`)
    }
    assert.ok((xml.match(/<w:tbl>/g)?.length ?? 0) >= 5, 'facts, attendance, dues, speakers and observers tables')
    assert.ok(xml.includes('<w:tblHeader/>'), 'table headers repeat on each page')
    assert.ok(!xml.includes('不应打印的隐藏点评'))
  })
})

describe('GET /open-days/:id/summary.pdf without Chromium', () => {
  it('goes back to the summary with the message to use 打印 → 另存为 PDF', async () => {
    const saved = config.CHROMIUM_PATH
    config.CHROMIUM_PATH = '/nonexistent/chromium'
    await closePdfBrowser()
    try {
      const res = await office.get(`${url}.pdf`)
      assert.equal(res.status, 302)
      assert.equal(res.headers.location, url)
      const page = await office.get(url)
      assert.match(page.text, /class="flash flash-error"[^>]*>服务器无法生成 PDF，请使用“打印”按钮并选择“另存为 PDF”。/)
    } finally {
      config.CHROMIUM_PATH = saved
    }
  })
})

describe('GET /branches/:id/record-book', () => {
  it('lists the held and reviewed open days of the year in date order, with a cover and a table of contents', async () => {
    const branchId = seedEvent.branchId
    const at = (date: string) => ({ startsAt: fromLocal(date, '09:00')!, endsAt: fromLocal(date, '11:00')! })
    const base = { branchId, place: '机关党员活动室' }
    const march = await db.openDay.create({ data: { ...base, ...at('2020-03-20'), theme: '三月的开放日', status: 'held' } })
    await db.openDay.create({ data: { ...base, ...at('2020-12-01'), theme: '还在草稿的开放日', status: 'draft' } })
    await db.openDay.create({ data: { ...base, ...at('2021-01-05'), theme: '下一年的开放日', status: 'reviewed' } })
    // 2020-12-31 23:30 in Shanghai still belongs to 2020
    const lastNight = await db.openDay.create({ data: { ...base, startsAt: fromLocal('2020-12-31', '23:30')!, endsAt: fromLocal('2020-12-31', '23:50')!, theme: '年末的开放日', status: 'reviewed' } })

    const res = await office.get(`/branches/${branchId}/record-book?year=2020`)
    assert.equal(res.status, 200)
    const html = res.text
    assert.match(html, /一本一册/)
    assert.match(html, new RegExp(`<h1>${BRANCH}</h1>`))
    assert.match(html, /2020 年度支部开放日活动记录/)
    assert.match(html, /共 3 次活动/)
    const toc = [march.id, seedEvent.id, lastNight.id].map((id) => html.indexOf(`href="#open-day-${id}"`))
    assert.ok(toc.every((i) => i > 0) && toc[0] < toc[1] && toc[1] < toc[2], 'table of contents in date order')
    const entries = [march.id, seedEvent.id, lastNight.id].map((id) => html.indexOf(`id="open-day-${id}"`))
    assert.ok(entries[0] < entries[1] && entries[1] < entries[2], 'records in date order')
    assert.equal(html.match(/class="book-entry"/g)?.length, 3)
    assert.ok(!html.includes('还在草稿的开放日') && !html.includes('下一年的开放日'))
    assert.ok(html.includes(`/branches/${branchId}/record-book.pdf?year=2020`))
  })

  it('loads the year’s records together, each the same as its own summary', async () => {
    const book = await recordBook(seedEvent.branchId, 2020)
    assert.ok(book.length >= 2)
    for (const record of book) assert.deepEqual(record, await summaryRecord(record.openDay.id))
  })

  it('refuses a bad year with 400 and an unknown branch with 404; an empty year says so', async () => {
    assert.equal((await office.get(`/branches/${seedEvent.branchId}/record-book?year=abc`)).status, 400)
    assert.equal((await office.get(`/branches/${seedEvent.branchId}/record-book?year=1999`)).status, 400)
    assert.equal((await office.get('/branches/999999/record-book?year=2020')).status, 404)
    const empty = await office.get(`/branches/${seedEvent.branchId}/record-book?year=2019`)
    assert.match(empty.text, /2019 年没有已举办的支部开放日/)
  })
})

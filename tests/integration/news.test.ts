import { db } from '../helpers/app.ts'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Stream } from 'node:stream'
import { before, describe, it } from 'node:test'
import { anonymous, csrfOf, loginAsOffice, loginAsSecretary, loginAsViewer, submit, type Agent } from '../helpers/http.ts'
import { createBranch, createOpenDay } from '../helpers/factories.ts'
import { createSeedEvent, OFFICE_NAME, seedFacts } from '../helpers/news.ts'
import { createRelease, releaseFacts } from '../../src/news/service.ts'
import { findOpenDay } from '../../src/open-days/record.ts'
import { saveSettings, settingsSchema } from '../../src/settings/service.ts'

let office: Agent
let officeUserId: number
let seed: Awaited<ReturnType<typeof createSeedEvent>>
let url: string

before(async () => {
  await saveSettings({ ...settingsSchema.parse({}), officeName: OFFICE_NAME })
  seed = await createSeedEvent(db)
  url = `/open-days/${seed.openDay.id}/news`
  const login = await loginAsOffice()
  office = login.agent
  officeUserId = login.user.id
})

const releaseOf = (openDayId: number) => db.newsRelease.findUnique({ where: { openDayId }, include: { versions: { orderBy: { id: 'asc' } } } })
const post = (agent: Agent, to: string, fields: Record<string, string> = {}) => submit(agent, to, fields, url)

/** supertest: collect a binary body as a Buffer */
function binary(res: Stream, done: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = []
  res.on('data', (c: Buffer) => chunks.push(c))
  res.on('end', () => done(null, Buffer.concat(chunks)))
}

describe('releaseFacts', () => {
  it('reads the seed event back exactly: attendance, oath, segments in order, observers, visible comments', async () => {
    assert.deepEqual(await releaseFacts(seed.openDay.id), seedFacts())
  })

  it('counts the expected members when no attendance was marked (and says so); the oath counts its participants', async () => {
    const other = await createSeedEvent(db, { branchName: '第二个测试党支部', status: 'held' })
    await db.attendance.deleteMany({ where: { openDayId: other.openDay.id } })
    let facts = await releaseFacts(other.openDay.id)
    assert.deepEqual(facts.attendance, { present: 8, expected: 8, estimated: true })
    const oath = await db.segment.findFirstOrThrow({ where: { openDayId: other.openDay.id, kind: 'oath' } })
    await db.segment.update({ where: { id: oath.id }, data: { record: JSON.stringify({ participantIds: other.members.slice(0, 3).map((m) => m.id) }) } })
    await db.attendance.create({ data: { openDayId: other.openDay.id, memberId: other.members[0].id, status: 'absent' } })
    facts = await releaseFacts(other.openDay.id)
    assert.deepEqual(facts.attendance, { present: 0, expected: 8, estimated: false })
    assert.deepEqual(facts.segments.find((s) => s.kind === 'oath'), { kind: 'oath', leader: seedFacts().host, participants: 3 })
  })
})

describe('GET/POST /open-days/:id/news', () => {
  it('offers 生成新闻稿 before a release exists; a double submit creates one release', async () => {
    const page = await office.get(url)
    assert.equal(page.status, 200)
    assert.match(page.text, /生成新闻稿<\/button>/)
    const token = csrfOf(page.text)
    const [a, b] = await Promise.all([0, 1].map(() => office.post(`${url}/generate`).type('form').send({ _csrf: token })))
    assert.deepEqual([a.status, b.status], [302, 302])
    const release = await releaseOf(seed.openDay.id)
    assert.equal(await db.newsRelease.count({ where: { openDayId: seed.openDay.id } }), 1)
    assert.equal(release?.versions.length, 1)
    assert.equal(release?.versions[0].userId, officeUserId)
    assert.equal(release?.title, '省政协机关党办党支部开展“我为精准扶贫办实事”主题党日开放日活动')
    for (const s of ['10月15日下午', '机关党员活动室', '8名党员', '周向阳', '陈章贵', '“五好”']) assert.ok(release?.body.includes(s), s)
    assert.ok(!release?.body.includes('不应出现'), 'a hidden comment stays out')
    assert.equal(release?.byline, '（省政协机关党办 供稿）')

    const shown = await office.get(url)
    assert.match(shown.text, /name="title" value="省政协机关党办党支部开展“我为精准扶贫办实事”主题党日开放日活动"/)
    assert.match(shown.text, /<textarea id="f-body" name="body"[^>]*>10月15日下午/)
    assert.match(shown.text, /name="version" value="1"/)
    assert.match(shown.text, /复制全文/)
    assert.ok(!shown.text.includes('生成新闻稿</button>'))
  })

  it('two generations racing each other make one release (the unique open day decides)', async () => {
    const other = await createSeedEvent(db, { branchName: '并发生成测试党支部' })
    const user = { id: officeUserId, username: 'office', displayName: '机关党办', role: 'office' as const, branchId: null, branchName: null }
    const openDay = await findOpenDay(other.openDay.id)
    const results = await Promise.all([createRelease(user, openDay), createRelease(user, openDay)])
    assert.deepEqual([...results].sort(), [false, true])
    assert.equal(await db.newsRelease.count({ where: { openDayId: other.openDay.id } }), 1)
    assert.equal(await db.newsReleaseVersion.count({ where: { release: { openDayId: other.openDay.id } } }), 1)
  })

  it('saves an edit as a new version with who saved it; the same text sent twice makes no second version', async () => {
    const before = (await releaseOf(seed.openDay.id))!
    const fields = { title: '党办党支部开放日：我为精准扶贫办实事', body: `${before.body}\r\n\r\n补充一段。`, byline: '（省政协机关党办 供稿）', version: String(before.version) }
    const res = await post(office, url, fields)
    assert.equal(res.status, 302)
    const again = await post(office, url, fields)
    assert.equal(again.status, 302)
    const after = (await releaseOf(seed.openDay.id))!
    assert.equal(after.version, before.version + 1)
    assert.equal(after.versions.length, before.versions.length + 1)
    assert.equal(after.title, fields.title)
    assert.ok(after.body.endsWith('\n\n补充一段。'), 'CRLF from the textarea is stored as LF')
    assert.equal(after.versions.at(-1)?.userId, officeUserId)
    assert.equal(after.versions.at(-1)?.body, after.body)
  })

  it('refuses a stale form with the current saved text shown next to the typed one, keeping both', async () => {
    const current = (await releaseOf(seed.openDay.id))!
    const res = await post(office, url, { title: '我在旧页面上改的标题', body: '我在旧页面上写的正文', byline: '', version: String(current.version - 1) })
    assert.equal(res.status, 409)
    assert.match(res.text, /已被他人保存/)
    assert.match(res.text, /name="title" value="我在旧页面上改的标题"/)
    assert.match(res.text, />我在旧页面上写的正文<\/textarea>/)
    assert.ok(res.text.includes(current.title), 'the saved title is shown')
    assert.ok(res.text.includes('补充一段。'), 'the saved body is shown')
    assert.match(res.text, new RegExp(`name="version" value="${current.version}"`), 'saving again is based on the current version')
    const after = (await releaseOf(seed.openDay.id))!
    assert.equal(after.version, current.version)
    assert.equal(after.title, current.title)
  })

  it('re-renders bad input with the values and Chinese errors', async () => {
    const current = (await releaseOf(seed.openDay.id))!
    const empty = await post(office, url, { title: '  ', body: '保留我写的正文', byline: '', version: String(current.version) })
    assert.equal(empty.status, 422)
    assert.match(empty.text, /请填写标题/)
    assert.match(empty.text, />保留我写的正文<\/textarea>/)
    const long = await post(office, url, { title: '长'.repeat(101), body: '', byline: '（供稿）', version: String(current.version) })
    assert.equal(long.status, 422)
    assert.match(long.text, /标题最多 100 个字/)
    assert.match(long.text, /请填写正文/)
    assert.match(long.text, /name="byline" value="（供稿）"/)
    assert.equal((await releaseOf(seed.openDay.id))!.version, current.version)
  })

  it('regenerates from the record as a new version (the edit stays in the history); twice makes one', async () => {
    const before = (await releaseOf(seed.openDay.id))!
    const page = await office.get(url)
    assert.match(page.text, /按记录重新生成/)
    assert.match(page.text, /保留在版本记录中/)
    assert.equal((await post(office, `${url}/regenerate`)).status, 302)
    assert.equal((await post(office, `${url}/regenerate`)).status, 302)
    const after = (await releaseOf(seed.openDay.id))!
    assert.equal(after.versions.length, before.versions.length + 1)
    assert.equal(after.title, after.versions[0].title, 'back to the generated text')
    assert.ok(after.versions.some((v) => v.body.endsWith('补充一段。')), 'the edit is kept as a version')
  })

  it('lists versions with who and when, shows one, and restores it as a new version', async () => {
    const before = (await releaseOf(seed.openDay.id))!
    const edited = before.versions.find((v) => v.body.endsWith('补充一段。'))!
    const page = await office.get(url)
    assert.match(page.text, new RegExp(`/news/versions/${edited.id}">第 2 版</a>`))
    assert.match(page.text, /机关党办/)
    const view = await office.get(`${url}/versions/${edited.id}`)
    assert.equal(view.status, 200)
    assert.match(view.text, /补充一段。/)
    assert.match(view.text, /恢复此版本/)
    assert.equal((await submit(office, `${url}/versions/${edited.id}/restore`, {}, `${url}/versions/${edited.id}`)).status, 302)
    assert.equal((await submit(office, `${url}/versions/${edited.id}/restore`, {}, url)).status, 302)
    const after = (await releaseOf(seed.openDay.id))!
    assert.equal(after.versions.length, before.versions.length + 1)
    assert.equal(after.body, edited.body)
    assert.equal(after.title, edited.title)
    assert.equal(after.version, before.version + 1)
    const other = await createSeedEvent(db, { branchName: '另一个版本测试党支部' })
    assert.equal((await office.get(`/open-days/${other.openDay.id}/news/versions/${edited.id}`)).status, 404, 'a version of another open day')
  })
})

describe('GET /open-days/:id/news.docx', () => {
  it('exports a Word file named after the branch and date, with the title, body and byline', async () => {
    const release = (await releaseOf(seed.openDay.id))!
    const res = await office.get(`${url.replace(/news$/, 'news.docx')}`).buffer(true).parse(binary)
    assert.equal(res.status, 200)
    assert.match(res.headers['content-type'], /wordprocessingml\.document/)
    const disposition = res.headers['content-disposition']
    assert.match(disposition, /^attachment; filename="news-\d+-2020-10-15\.docx"; filename\*=UTF-8''/)
    assert.ok(disposition.includes(encodeURIComponent('新闻稿-省政协机关党办党支部-2020-10-15.docx')))
    const dir = mkdtempSync(path.join(os.tmpdir(), 'news-docx-'))
    try {
      const file = path.join(dir, 'news.docx')
      writeFileSync(file, res.body as Buffer)
      const xml = execFileSync('unzip', ['-p', file, 'word/document.xml']).toString('utf8')
      assert.ok(xml.includes(release.title))
      assert.ok(xml.includes('（省政协机关党办 供稿）'))
      assert.ok(xml.includes('10月15日下午，机关党员活动室内'))
      assert.match(xml, /w:jc w:val="center"/)
      assert.match(xml, /w:jc w:val="right"/)
      assert.match(xml, /w:firstLine="640"/)
      assert.match(xml, /w:eastAsia="仿宋"/)
      assert.match(xml, /w:eastAsia="宋体"/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('is 404 before a release exists', async () => {
    const openDay = await createOpenDay((await createBranch()).id, { status: 'held' })
    assert.equal((await office.get(`/open-days/${openDay.id}/news.docx`)).status, 404)
  })
})

describe('who may read and write the news release', () => {
  it('viewers read, copy and download but cannot write', async () => {
    const { agent } = await loginAsViewer()
    const page = await agent.get(url)
    assert.equal(page.status, 200)
    assert.match(page.text, /data-news-preview/)
    assert.ok(!page.text.includes(`action="${url}"`), 'no edit form')
    assert.ok(!page.text.includes('按记录重新生成'))
    assert.equal((await agent.get(`${url.replace(/news$/, 'news.docx')}`)).status, 200)
    const release = (await releaseOf(seed.openDay.id))!
    assert.equal((await post(agent, url, { title: 'x', body: 'y', byline: '', version: String(release.version) })).status, 403)
    assert.equal((await post(agent, `${url}/regenerate`)).status, 403)
    assert.equal((await releaseOf(seed.openDay.id))!.version, release.version)
  })

  it('the branch’s own secretary reads; other branches’ secretaries get 403', async () => {
    const own = await loginAsSecretary(seed.branch.id)
    assert.equal((await own.agent.get(url)).status, 200)
    assert.equal((await post(own.agent, `${url}/generate`)).status, 403)
    const stranger = await loginAsSecretary()
    assert.equal((await stranger.agent.get(url)).status, 403)
    assert.equal((await stranger.agent.get(url.replace(/news$/, 'news.docx'))).status, 403)
    const release = (await releaseOf(seed.openDay.id))!
    assert.equal((await stranger.agent.get(`${url}/versions/${release.versions[0].id}`)).status, 403)
  })

  it('before a release exists, readers are told it has not been written', async () => {
    const openDay = await createOpenDay((await createBranch()).id, { status: 'held' })
    const { agent } = await loginAsViewer()
    const page = await agent.get(`/open-days/${openDay.id}/news`)
    assert.equal(page.status, 200)
    assert.match(page.text, /尚未生成此开放日的新闻稿/)
    assert.ok(!page.text.includes('生成新闻稿</button>'))
  })

  it('a cancelled open day gets no release; one not yet held is warned about', async () => {
    const cancelled = await createOpenDay((await createBranch()).id, { status: 'cancelled' })
    const res = await submit(office, `/open-days/${cancelled.id}/news/generate`, {}, `/open-days/${cancelled.id}/news`)
    assert.equal(res.status, 422)
    assert.match(res.text, /开放日已取消/)
    assert.equal(await db.newsRelease.count({ where: { openDayId: cancelled.id } }), 0)
    const upcoming = await createOpenDay((await createBranch()).id, { status: 'approved' })
    const page = await office.get(`/open-days/${upcoming.id}/news`)
    assert.match(page.text, /开放日尚未举行/)
    assert.match(page.text, /尚未登记出勤/)
  })

  it('anonymous visitors are sent to log in', async () => {
    const res = await anonymous().get(url)
    assert.equal(res.status, 302)
    assert.match(res.headers.location, /^\/login/)
  })
})

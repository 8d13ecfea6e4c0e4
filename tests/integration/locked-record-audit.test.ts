// An adversarial pass over a reviewed open day's printed record (summary, Word, record book, news facts): every
// write a user can make through HTTP after the lock either is refused (409, the lock's message) or leaves the
// record as it was. Those that are meant to show (a criterion's rename, the office's moderation) are in the README.
import { db } from '../helpers/app.ts'
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { anonymous, csrfOf, loginAsOffice, loginAsSecretary, submit, type Agent } from '../helpers/http.ts'
import { createSeedEvent } from '../helpers/news.ts'
import { binary, documentXml } from '../helpers/summary.ts'
import { summaryRecord } from '../../src/summary/service.ts'
import { releaseFacts } from '../../src/news/service.ts'
import * as comments from '../../src/comments/service.ts'
import * as schemas from '../../src/comments/schemas.ts'
import { attendanceSummary } from '../../src/attendance/service.ts'

let office: Agent
before(async () => {
  office = (await loginAsOffice()).agent
})

/** the seed event (reviewed, frozen at its lock) with October 2020's dues paid by three of its members */
async function lockedEvent(branchName: string, prepare?: (openDayId: number) => Promise<void>) {
  const event = await createSeedEvent(db, { branchName, status: 'held' })
  await prepare?.(event.openDay.id)
  const [li, wang, zhao] = event.members
  for (const m of [li, wang, zhao]) {
    await db.duesBase.create({ data: { memberId: m.id, year: 2020, baseFen: 600_000 } })
    await db.duesPayment.create({
      data: { memberId: m.id, branchId: event.branch.id, month: '2020-10', dueFen: 9000, paidFen: 9000, paidOn: '2020-10-15', collector: '李学良', method: '现金', batchKey: `b-${m.id}` },
    })
  }
  const secretary = (await loginAsSecretary(event.branch.id)).agent
  const review = `/open-days/${event.openDay.id}/review`
  assert.equal((await submit(secretary, review, { version: '0', finalise: '1', confirm: '1' }, review)).status, 302)
  assert.equal((await db.openDay.findUniqueOrThrow({ where: { id: event.openDay.id } })).status, 'reviewed')
  return { ...event, secretary }
}

/** the printed records of a page: the page's chrome (the no-print footer, the record book's cover) is today's */
const articles = (html: string) => html.match(/<article class="record"[\s\S]*?<\/article>/g) ?? []

/** the printed record in every form a reader gets it */
async function printed(openDayId: number, branchId: number) {
  const url = `/open-days/${openDayId}/summary`
  const docx = await office.get(`${url}.docx`).buffer(true).parse(binary)
  const record = await summaryRecord(openDayId)
  const facts = await releaseFacts(openDayId)
  return {
    html: articles((await office.get(url)).text),
    word: documentXml(docx.body as Buffer),
    book: articles((await office.get(`/branches/${branchId}/record-book?year=2020`)).text),
    branchName: record.openDay.branchName,
    rate: record.attendanceText.rate,
    dues: record.dues,
    news: { branchName: facts.branchName, dues: facts.segments.find((s) => s.kind === 'dues') },
  }
}

async function assertUnchanged(event: Awaited<ReturnType<typeof lockedEvent>>, change: () => Promise<void>) {
  const before = await printed(event.openDay.id, event.branch.id)
  await change()
  const after = await printed(event.openDay.id, event.branch.id)
  assert.deepEqual(after.news, before.news)
  assert.deepEqual({ ...after, html: [], word: '', book: [] }, { ...before, html: [], word: '', book: [] })
  assert.equal(before.html.length, 1)
  assert.deepEqual(after.html, before.html)
  assert.equal(after.word, before.word)
  assert.deepEqual(after.book, before.book)
  return before
}

describe('a reviewed record after its lock', () => {
  it('keeps the branch name it had when the office renames the branch', async () => {
    const event = await lockedEvent('改名前的支部')
    const before = await assertUnchanged(event, async () => {
      const res = await submit(office, `/branches/${event.branch.id}`, { name: '改名后的支部', secretaryId: '' }, `/branches/${event.branch.id}/edit`)
      assert.equal(res.status, 302)
    })
    assert.equal(before.branchName, '改名前的支部')
    // the reopened record follows the branch again, and the next lock freezes the new name
    const reopened = await submit(office, `/open-days/${event.openDay.id}/status`, { action: 'reopen', note: '补充' }, '/')
    assert.equal(reopened.status, 302)
    assert.equal((await summaryRecord(event.openDay.id)).openDay.branchName, '改名后的支部')
  })

  it('keeps its attendance threshold when 设置 changes it', async () => {
    const event = await lockedEvent('门槛支部')
    await db.attendance.updateMany({ where: { openDayId: event.openDay.id, memberId: { in: event.members.slice(0, 2).map((m) => m.id) } }, data: { status: 'absent' } })
    const before = await assertUnchanged(event, async () => {
      const fields = { attendanceThreshold: '50', officeName: '省政协机关党委', publicUrl: '' }
      assert.equal((await submit(office, '/settings', fields, '/settings')).status, 302)
    })
    assert.match(before.rate, /低于 80%/)
    // the attendance page (and the run sheet) judge it by the same frozen threshold
    assert.equal((await attendanceSummary(event.openDay.id)).threshold, 80)
    await submit(office, '/settings', { attendanceThreshold: '80', officeName: '省政协机关党办', publicUrl: '' }, '/settings')
  })

  it("keeps the month's dues figures when a member joins, a base changes or a month is paid back later", async () => {
    const event = await lockedEvent('党费冻结支部')
    const before = await assertUnchanged(event, async () => {
      const added = await submit(event.secretary, `/branches/${event.branch.id}/members`, { name: '新党员', standing: 'full', category: 'employed' }, `/branches/${event.branch.id}/members/new`)
      assert.equal(added.status, 302)
      const [, , , zhang] = event.members
      const base = await submit(event.secretary, `/members/${zhang.id}/dues`, { year: '2020', baseYuan: '2000', override: 'none' }, `/members/${zhang.id}/dues`)
      assert.equal(base.status, 302)
      // 补交 of October from November's register, after the record locked
      await db.duesPayment.create({
        data: { memberId: zhang.id, branchId: event.branch.id, month: '2020-10', dueFen: 1000, paidFen: 1000, paidOn: '2020-11-20', collector: '李学良', method: '现金', batchKey: 'late' },
      })
    })
    assert.equal(before.dues?.paid, 3)
    assert.equal(before.dues?.collectedFen, 27_000)
    // reopening reads the live register again
    await submit(office, `/open-days/${event.openDay.id}/status`, { action: 'reopen', note: '补充' }, '/')
    assert.equal((await summaryRecord(event.openDay.id)).dues?.paid, 4)
  })

  it("keeps the criteria's names its scores were given under when 设置 › 评分项 renames one", async () => {
    const event = await lockedEvent('评分项支部', async (openDayId) => {
      const comment = await db.comment.findFirstOrThrow({ where: { openDayId, status: 'visible' } })
      const [first, second] = await db.criterion.findMany({ orderBy: { position: 'asc' } })
      await db.commentScore.createMany({ data: [{ commentId: comment.id, criterionId: first.id, score: 5 }, { commentId: comment.id, criterionId: second.id, score: 4 }] })
    })
    const criteria = await db.criterion.findMany({ orderBy: { position: 'asc' } })
    const fields = (rename: string) => {
      const f: Record<string, string> = {}
      for (const c of criteria) Object.assign(f, { [`name_${c.id}`]: c.name, [`weight_${c.id}`]: String(c.weight), [`position_${c.id}`]: String(c.position), ...(c.active ? { [`active_${c.id}`]: '1' } : {}) })
      return { ...f, [`name_${criteria[0].id}`]: rename }
    }
    const before = await assertUnchanged(event, async () => {
      assert.equal((await submit(office, '/settings/criteria', fields('改名的评分项'), '/settings/criteria')).status, 302)
    })
    assert.match(before.html[0]!, new RegExp(`${criteria[0].name} 5`))
    assert.doesNotMatch(before.html[0]!, /改名的评分项/)
    // reopened, the record follows 设置 again
    await submit(office, `/open-days/${event.openDay.id}/status`, { action: 'reopen', note: '补充' }, '/')
    assert.match((await office.get(`/open-days/${event.openDay.id}/summary`)).text, /改名的评分项 5/)
    assert.equal((await submit(office, '/settings/criteria', fields(criteria[0].name), '/settings/criteria')).status, 302)
  })

  it('refuses the writes that would change it (409 with the lock message), and leaves it as it was', async () => {
    const event = await lockedEvent('写入拒绝支部')
    const id = event.openDay.id
    const comment = await db.comment.findFirstOrThrow({ where: { openDayId: id, status: 'visible' } })
    const hidden = await db.comment.findFirstOrThrow({ where: { openDayId: id, status: 'hidden' } })
    const observer = await db.observer.findFirstOrThrow({ where: { openDayId: id } })
    const segment = await db.segment.findFirstOrThrow({ where: { openDayId: id, kind: 'reading' } })
    const attendee = await db.attendee.create({ data: { openDayId: id, name: '列席同志', unit: '某单位', kind: 'guest' } })
    const speeches = await db.segment.findFirstOrThrow({ where: { openDayId: id, kind: 'speeches' } })
    const photo = await db.attachment.create({
      data: { openDayId: id, segmentId: segment.id, kind: 'photo', storedName: `audit-${id}.jpg`, thumbName: `audit-${id}-t.jpg`, originalName: 'a.jpg', mimeType: 'image/jpeg', bytes: 1 },
    })
    const [li, wang] = event.members
    const from = `/open-days/${id}/comments`
    await assertUnchanged(event, async () => {
      const attempts: [string, Record<string, string>][] = [
        [`/open-days/${id}/comments/${comment.id}/hide`, { reason: '不当言论' }],
        [`/open-days/${id}/comments/${hidden.id}/unhide`, {}],
        [`/open-days/${id}/comments/${comment.id}/unadopt`, {}],
        [`/open-days/${id}/comments/${comment.id}/adopt`, {}],
        [`/open-days/${id}/observers/${observer.id}/delete`, {}],
        [`/open-days/${id}/attendance/attendees`, { name: '后加的列席', unit: '', kind: 'guest' }],
        [`/open-days/${id}/attendance/attendees/${attendee.id}/delete`, {}],
        [`/open-days/${id}/segments/${segment.id}/record`, { version: String(segment.version), summary: '改过的记录' }],
        [`/open-days/${id}/segments/${speeches.id}/speeches`, { kind: 'exchange', memberId: String(li.id), topic: '补一个发言' }],
        [`/open-days/${id}/observers`, { lines: '后来的人 某单位' }],
        [`/open-days/${id}/attendance/all-present`, {}],
        [`/open-days/${id}/attendance`, { [`seen-${wang.id}`]: '1', [`status-${wang.id}`]: 'absent' }],
        [`/open-days/${id}/run/advance`, {}],
      ]
      for (const [path, fields] of attempts) {
        const res = await submit(event.secretary, path, fields, from)
        assert.equal(res.status, 409, `${path} answered ${res.status}`)
      }
      for (const [path, fields] of [
        [`/open-days/${id}`, { theme: '改过的主题', place: '别处', date: '2020-10-16', startTime: '09:00', endTime: '10:00', version: '0' }],
        [`/open-days/${id}/agenda/segments/${segment.id}/delete`, {}],
        [`/open-days/${id}/review`, { version: '1', wentWell: '改写', finalise: '1', confirm: '1' }],
      ] as const) {
        const res = await submit(office, path, fields, from)
        assert.ok([409, 422].includes(res.status), `${path} answered ${res.status}`)
      }
      // a photo's delete answers with the lock's message on the page it came from
      const del = await submit(event.secretary, `/attachments/${photo.id}/delete`, { confirm: '1' }, from)
      assert.equal(del.status, 302)
      assert.ok(await db.attachment.findUnique({ where: { id: photo.id } }))
      // an observer's new comment through the open day's link, and an edit of one through its edit link
      const token = (await db.openDay.findUniqueOrThrow({ where: { id } })).observerToken
      const phone = anonymous()
      const _csrf = csrfOf((await phone.get('/login')).text)
      const late = { _csrf, idempotencyKey: '6f1c2a4e-1d2b-4c3a-9e8f-0a1b2c3d4e5f', learnings: '定稿后的点评', suggestions: '', authorName: '迟到者' }
      const sent = await phone.post(`/o/${token}/comments`).type('form').send(late)
      assert.equal(sent.status, 409, sent.text.match(/class="[^"]*error[^"]*"[^>]*>[^<]*/g)?.join(' '))
      const edit = await phone.post(`/o/${token}/comments/${comment.editToken}`).type('form').send({ ...late, learnings: '改过' })
      assert.equal(edit.status, 409)
      // a member signing in by the sign-in QR code after the lock is refused (an open window answers 303)
      const signInToken = (await db.openDay.findUniqueOrThrow({ where: { id } })).signInToken
      const signedIn = await phone.post(`/s/${signInToken}`).type('form').send({ _csrf, memberId: String(wang.id) })
      assert.notEqual(signedIn.status, 303)
      // a deleted member: refused while the record names them
      await submit(event.secretary, `/members/${li.id}/delete`, { confirm: '1' }, from)
      assert.ok(await db.member.findUnique({ where: { id: li.id } }))
    })
    assert.equal(await db.comment.count({ where: { openDayId: id, learnings: '定稿后的点评' } }), 0)
  })
})

describe('a write that read the open day before the lock landed', () => {
  it('an observer editing their comment is refused inside the write, not by the page read before the lock', async () => {
    let before: comments.PublicOpenDay | undefined
    let editToken = ''
    const event = await lockedEvent('第六支部', async (openDayId) => {
      const { observerToken } = await db.openDay.findUniqueOrThrow({ where: { id: openDayId } })
      before = (await comments.publicOpenDayByToken(observerToken))!.openDay
      editToken = (await db.comment.create({ data: { openDayId, learnings: '原话', suggestions: '', idempotencyKey: 'k-race', editToken: 'e-race' } })).editToken
    })
    const own = (await comments.findOwnComment(event.openDay.id, editToken))!
    const duringWindow = new Date(before!.startsAt.getTime() + 60_000)
    const edit = schemas.updateComment.parse({ learnings: '锁定后改的', suggestions: '', authorName: '观摩者' })
    await assert.rejects(comments.updateComment(before!, own, edit, duringWindow), (err: Error & { status?: number }) => err.status === 409)
    assert.equal((await db.comment.findUniqueOrThrow({ where: { editToken } })).learnings, '原话')
  })
})

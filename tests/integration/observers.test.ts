import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { createBranch, createMember, createOpenDay } from '../helpers/factories.ts'
import { loginAsOffice, loginAsSecretary, loginAsViewer, submit, type Agent } from '../helpers/http.ts'
import { scoresData } from '../helpers/score-rows.ts'

async function post(agent: Agent, path: string, fields: Record<string, string | string[]> = {}) {
  return submit(agent, path, fields, '/')
}

/** a secretary with an approved open day of their own branch */
async function secretaryWithOpenDay(over: Parameters<typeof createOpenDay>[1] = {}) {
  const login = await loginAsSecretary()
  const openDay = await createOpenDay(login.branchId, { status: 'approved', ...over })
  return { ...login, openDay, base: `/open-days/${openDay.id}` }
}

async function createComment(openDayId: number, data: Partial<{ authorName: string | null; authorUnit: string | null; learnings: string; suggestions: string; scores: Record<string, number>; status: string; createdAt: Date }> = {}) {
  const { scores = {}, ...rest } = data
  return db.comment.create({
    data: { openDayId, idempotencyKey: randomUUID(), authorName: '周向阳', authorUnit: '办公厅第一党支部', learnings: '流程规范', suggestions: '时间再紧凑些', ...rest, criterionScores: await scoresData(db, scores) },
  })
}

const blankSettings = { commentsOpenDate: '', commentsOpenTime: '', commentsCloseDate: '', commentsCloseTime: '' }

describe('GET /open-days/:id/observers', () => {
  it('shows the observer link with its QR code and the default comment window', async () => {
    const { agent, openDay, base } = await secretaryWithOpenDay({ date: '2031-03-05', start: '14:30', end: '16:30' })
    const res = await agent.get(`${base}/observers`)
    assert.equal(res.status, 200)
    assert.match(res.text, new RegExp(`value="http://127\\.0\\.0\\.1:\\d+/o/${openDay.observerToken}"`))
    assert.match(res.text, /<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>.*<path/s)
    assert.match(res.text, /点评时间：2031年3月5日 星期三 14:30 至 2031年3月6日 星期四 16:30/)
    const qr = await agent.get(`${base}/observers/qr.svg`)
    assert.equal(qr.type, 'image/svg+xml')
  })

  it('prints an A4 card with the theme, place, QR code and link, and a print button hidden in print', async () => {
    const { agent, openDay, base } = await secretaryWithOpenDay({ theme: '我为精准扶贫办实事', place: '机关党员活动室' })
    const res = await agent.get(`${base}/observers/card`)
    assert.equal(res.status, 200)
    assert.match(res.text, /扫码点评/)
    assert.match(res.text, /我为精准扶贫办实事/)
    assert.match(res.text, /机关党员活动室/)
    assert.match(res.text, /<svg/)
    assert.ok(res.text.includes(`/o/${openDay.observerToken}</p>`))
    assert.match(res.text, /class="qr-card-actions no-print">\s*<button[^>]*data-print>打印<\/button>/)
  })
})

describe('GET /open-days/:id (the 观摩点评 section)', () => {
  it('links the branch to its observer pages with the QR code, and shows nothing to another branch’s secretary', async () => {
    const { agent, openDay, base } = await secretaryWithOpenDay()
    const page = await agent.get(base)
    assert.match(page.text, /<h2>观摩点评<\/h2>/)
    assert.ok(page.text.includes(`src="${base}/observers/qr.svg"`))
    assert.ok(page.text.includes(`href="/o/${openDay.observerToken}"`))
    const { agent: stranger } = await loginAsSecretary()
    assert.doesNotMatch((await stranger.get(base)).text, /观摩点评<\/h2>/)
  })
})

describe('POST /open-days/:id/observers/settings', () => {
  it('saves a window, anonymity and holding for approval', async () => {
    const { agent, openDay, base } = await secretaryWithOpenDay({ date: '2031-04-02' })
    const res = await post(agent, `${base}/observers/settings`, { commentsOpenDate: '2031-04-02', commentsOpenTime: '14:00', commentsCloseDate: '2031-04-03', commentsCloseTime: '18:00', allowAnonymous: '1', holdComments: '1' })
    assert.equal(res.status, 302)
    const saved = await db.openDay.findUniqueOrThrow({ where: { id: openDay.id } })
    assert.equal(saved.commentsOpenAt?.toISOString(), '2031-04-02T06:00:00.000Z')
    assert.equal(saved.commentsCloseAt?.toISOString(), '2031-04-03T10:00:00.000Z')
    assert.equal(saved.allowAnonymous, true)
    assert.equal(saved.holdComments, true)
    const page = await agent.get(`${base}/observers`)
    assert.match(page.text, /value="2031-04-03"/)
    assert.match(page.text, /id="f-holdComments" name="holdComments" value="1" checked/)
    // blank again: back to the defaults
    await post(agent, `${base}/observers/settings`, blankSettings)
    const reset = await db.openDay.findUniqueOrThrow({ where: { id: openDay.id } })
    assert.deepEqual([reset.commentsOpenAt, reset.commentsCloseAt, reset.allowAnonymous, reset.holdComments], [null, null, false, false])
  })

  it('refuses a close before the open, keeping what was typed, with the error next to the field', async () => {
    const { agent, openDay, base } = await secretaryWithOpenDay({ date: '2031-04-09' })
    const res = await post(agent, `${base}/observers/settings`, { form: 'settings', commentsOpenDate: '2031-04-09', commentsOpenTime: '18:00', commentsCloseDate: '2031-04-09', commentsCloseTime: '09:00', allowAnonymous: '1' })
    assert.equal(res.status, 422)
    assert.match(res.text, /id="f-commentsCloseDate-err">截止时间必须晚于开放时间/)
    assert.match(res.text, /value="18:00"/)
    assert.match(res.text, /value="09:00"/)
    assert.match(res.text, /id="f-allowAnonymous" name="allowAnonymous" value="1" checked/)
    assert.equal((await db.openDay.findUniqueOrThrow({ where: { id: openDay.id } })).commentsOpenAt, null)
  })

  it('asks for both date and time, and a real date', async () => {
    const { agent, base } = await secretaryWithOpenDay()
    const res = await post(agent, `${base}/observers/settings`, { ...blankSettings, form: 'settings', commentsOpenDate: '2031-02-30', commentsOpenTime: '10:00', commentsCloseTime: '12:00' })
    assert.equal(res.status, 422)
    assert.match(res.text, /id="f-commentsOpenDate-err">请填写有效的日期/)
    assert.match(res.text, /id="f-commentsCloseDate-err">请同时填写日期和时间/)
    assert.match(res.text, /value="2031-02-30"/)
  })
})

describe('POST /open-days/:id/observers (invitations)', () => {
  it('invites from the directory with the party post and branch, and skips a second invitation', async () => {
    const { agent, openDay, base } = await secretaryWithOpenDay()
    const other = await createBranch({ name: `办公厅第一党支部${openDay.id}` })
    const leader = await createMember(other.id, { name: '周向阳', partyPost: '机关党委书记' })
    const page = await agent.get(`${base}/observers`)
    assert.match(page.text, new RegExp(`<p class="invite-group">机关党委</p>\\s*<label class="invite-item"><input type="checkbox" name="memberIds" value="${leader.id}" > 周向阳（机关党委书记）`))

    assert.equal((await post(agent, `${base}/observers`, { memberIds: String(leader.id) })).status, 302)
    const observer = await db.observer.findFirstOrThrow({ where: { openDayId: openDay.id } })
    assert.deepEqual([observer.name, observer.title, observer.unit, observer.memberId], ['周向阳', '机关党委书记', other.name, leader.id])

    assert.equal((await post(agent, `${base}/observers`, { memberIds: String(leader.id) })).status, 302)
    assert.match((await agent.get(`${base}/observers`)).text, /周向阳已在邀请名单中，未重复邀请/)
    assert.equal(await db.observer.count({ where: { openDayId: openDay.id } }), 1)
  })

  it('does not offer or accept the host branch’s own ordinary members', async () => {
    const { agent, branchId, base } = await secretaryWithOpenDay()
    const own = await createMember(branchId, { name: '汪蓉' })
    const page = await agent.get(`${base}/observers`)
    assert.doesNotMatch(page.text, new RegExp(`name="memberIds" value="${own.id}"`))
    const res = await post(agent, `${base}/observers`, { memberIds: String(own.id) })
    assert.equal(res.status, 422)
    assert.match(res.text, /只能邀请其他支部的党员或机关党委成员/)
  })

  it('invites by typed name, title and unit, shows the personal link, and skips the same name and unit twice', async () => {
    const { agent, openDay, base } = await secretaryWithOpenDay()
    assert.equal((await post(agent, `${base}/observers`, { lines: '林建华 处长 省直机关工委' })).status, 302)
    const observer = await db.observer.findFirstOrThrow({ where: { openDayId: openDay.id } })
    const page = await agent.get(`${base}/observers`)
    assert.ok(page.text.includes(`/o/${openDay.observerToken}?i=${observer.token}"`))
    assert.match(page.text, /<td class="nowrap">林建华<\/td>\s*<td>处长<\/td>\s*<td>省直机关工委<\/td>\s*<td class="nowrap">未到<\/td>\s*<td class="nowrap">未点评<\/td>/)

    assert.equal((await post(agent, `${base}/observers`, { lines: ' 林建华 ,  ,省直机关工委 ' })).status, 302)
    assert.equal(await db.observer.count({ where: { openDayId: openDay.id } }), 1)
  })

  it('invites several at once: ticked members and pasted lines, in one save; a double submit adds nobody', async () => {
    const { agent, openDay, base } = await secretaryWithOpenDay()
    const other = await createBranch({ name: `研究室党支部${openDay.id}` })
    const [a, b] = [await createMember(other.id, { name: '王敏' }), await createMember(other.id, { name: '赵刚' })]
    const lines = '林建华 处长 省直机关工委\n\n陈静\t省委党校\n孙悦，团省委'
    const fields = { memberIds: [String(a.id), String(b.id)], lines }
    const res = await post(agent, `${base}/observers`, fields)
    assert.equal(res.status, 302)
    const rows = await db.observer.findMany({ where: { openDayId: openDay.id }, orderBy: { id: 'asc' } })
    assert.deepEqual(
      rows.map((o) => [o.name, o.title, o.unit, o.memberId]),
      [['王敏', null, other.name, a.id], ['赵刚', null, other.name, b.id], ['林建华', '处长', '省直机关工委', null], ['陈静', null, '省委党校', null], ['孙悦', null, '团省委', null]],
    )
    const page = await agent.get(`${base}/observers`)
    assert.match(page.text, /已邀请 5 人：王敏、赵刚、林建华、陈静、孙悦。/)

    const again = await post(agent, `${base}/observers`, fields)
    assert.equal(again.status, 302)
    assert.equal(await db.observer.count({ where: { openDayId: openDay.id } }), 5)
    assert.match((await agent.get(`${base}/observers`)).text, /王敏、赵刚、林建华、陈静、孙悦已在邀请名单中，未重复邀请。/)
  })

  it('names each bad line next to the field, keeps what was typed and ticked, and saves none of the batch', async () => {
    const { agent, openDay, base } = await secretaryWithOpenDay()
    const other = await createBranch({ name: `党校党支部${openDay.id}` })
    const m = await createMember(other.id, { name: '钱进' })
    const lines = `林建华 处长 省直机关工委\n${'长'.repeat(51)} 某单位\n陈静 省委党校`
    const res = await post(agent, `${base}/observers`, { memberIds: String(m.id), lines })
    assert.equal(res.status, 422)
    assert.match(res.text, /id="f-lines-err">第 2 行：姓名最多 50 个字/)
    assert.ok(res.text.includes(`>${lines}</textarea>`), 'the typed lines are kept')
    assert.match(res.text, new RegExp(`name="memberIds" value="${m.id}" checked`))
    assert.equal(await db.observer.count({ where: { openDayId: openDay.id } }), 0)

    const own = await createMember(openDay.branchId, { name: '本支部党员' })
    const mixed = await post(agent, `${base}/observers`, { memberIds: [String(m.id), String(own.id)], lines: '陈静 省委党校' })
    assert.equal(mixed.status, 422)
    assert.match(mixed.text, /id="f-memberIds-err">本支部党员：只能邀请其他支部的党员或/)
    assert.equal(await db.observer.count({ where: { openDayId: openDay.id } }), 0)

    const empty = await post(agent, `${base}/observers`, { lines: '  \n ' })
    assert.match(empty.text, /id="f-lines-err">请勾选要邀请的人员，或每行填写一位观摩者/)
  })

  it('shows who came and who commented, and removes only an invitation without comments', async () => {
    const { agent, openDay, base } = await secretaryWithOpenDay()
    const came = await db.observer.create({ data: { openDayId: openDay.id, name: '到场者', arrivedAt: new Date() } })
    const wrote = await db.observer.create({ data: { openDayId: openDay.id, name: '点评者' } })
    await db.comment.create({ data: { openDayId: openDay.id, observerId: wrote.id, authorName: '点评者', idempotencyKey: randomUUID(), learnings: '好' } })
    const page = await agent.get(`${base}/observers`)
    assert.match(page.text, /到场者<\/td>(?:\s*<td>[^<]*<\/td>){2}\s*<td class="nowrap">已到场<\/td>\s*<td class="nowrap">未点评/)
    assert.match(page.text, /点评者<\/td>(?:\s*<td>[^<]*<\/td>){2}\s*<td class="nowrap">已到场<\/td>\s*<td class="nowrap">已点评（1）/)

    const refused = await post(agent, `${base}/observers/${wrote.id}/delete`)
    assert.equal(refused.status, 422)
    assert.match(refused.text, /“点评者”已提交点评，不能删除邀请/)
    assert.equal((await post(agent, `${base}/observers/${came.id}/delete`)).status, 302)
    assert.deepEqual((await db.observer.findMany({ where: { openDayId: openDay.id } })).map((o) => o.name), ['点评者'])
  })
})

describe('permissions', () => {
  it('lets a viewer read but not change anything, nor open the moderation page and the export (names, hidden comments)', async () => {
    const { openDay, base } = await secretaryWithOpenDay()
    const comment = await createComment(openDay.id, { status: 'pending' })
    const { agent: viewer } = await loginAsViewer()
    for (const path of ['/observers', '/wall', '/wall.json', '/observers/card']) {
      assert.equal((await viewer.get(base + path)).status, 200, path)
    }
    for (const path of ['/comments', '/comments.csv']) assert.equal((await viewer.get(base + path)).status, 403, path)
    assert.doesNotMatch((await viewer.get(`${base}/observers`)).text, /点评管理|导出点评/)
    assert.equal((await post(viewer, `${base}/observers/settings`, blankSettings)).status, 403)
    assert.equal((await post(viewer, `${base}/observers`, { lines: '某人' })).status, 403)
    assert.equal((await post(viewer, `${base}/comments/${comment.id}/approve`)).status, 403)
    assert.equal((await post(viewer, `${base}/comments/${comment.id}/hide`, { reason: '无关' })).status, 403)
    assert.equal((await db.comment.findUniqueOrThrow({ where: { id: comment.id } })).status, 'pending')
  })

  it('gives 403 everywhere to a secretary of another branch', async () => {
    const { openDay, base } = await secretaryWithOpenDay()
    const comment = await createComment(openDay.id)
    const { agent: stranger } = await loginAsSecretary()
    for (const path of ['/observers', '/observers/card', '/observers/qr.svg', '/comments', '/wall', '/wall.json', '/comments.csv']) {
      assert.equal((await stranger.get(base + path)).status, 403, path)
    }
    assert.equal((await post(stranger, `${base}/observers/settings`, blankSettings)).status, 403)
    assert.equal((await post(stranger, `${base}/observers`, { lines: '某人' })).status, 403)
    assert.equal((await post(stranger, `${base}/comments/${comment.id}/hide`, { reason: '无关' })).status, 403)
    assert.equal((await post(stranger, `${base}/comments/${comment.id}/adopt`)).status, 403)
  })

  it('lets the party office manage any branch', async () => {
    const { openDay, base } = await secretaryWithOpenDay()
    const { agent: office } = await loginAsOffice()
    assert.equal((await post(office, `${base}/observers`, { lines: '林建华' })).status, 302)
    assert.equal(await db.observer.count({ where: { openDayId: openDay.id } }), 1)
  })
})

describe('moderation: /open-days/:id/comments', () => {
  it('counts comments and averages each criterion, leaving hidden ones out of the averages', async () => {
    const { agent, openDay, base } = await secretaryWithOpenDay()
    await createComment(openDay.id, { scores: { 形式: 5, 主题: 4 } })
    await createComment(openDay.id, { scores: { 形式: 4 }, status: 'pending', authorName: null, authorUnit: null })
    await db.comment.update({ where: { id: (await createComment(openDay.id, { scores: { 形式: 1 } })).id }, data: { status: 'hidden', adoptedAt: new Date() } })
    const res = await agent.get(`${base}/comments`)
    assert.equal(res.status, 200)
    const stats = [...res.text.matchAll(/<li><strong>(\d+)<\/strong> (\S+)<\/li>/g)].map((m) => `${m[2]}${m[1]}`)
    assert.deepEqual(stats, ['全部3', '已上墙1', '待审核1', '已隐藏1', '已采纳1'])
    assert.match(res.text, /<th scope="row">形式<\/th><td class="num">4\.5<\/td><td class="muted nowrap">2 人评分/)
    assert.match(res.text, /<th scope="row">主题<\/th><td class="num">4\.0<\/td>/)
    assert.match(res.text, /<th scope="row">发言<\/th><td class="num">—<\/td>/)
    assert.match(res.text, /<strong>匿名<\/strong>/)
  })

  it('lists the newest first', async () => {
    const { agent, openDay, base } = await secretaryWithOpenDay()
    await createComment(openDay.id, { learnings: '较早的点评', createdAt: new Date('2031-01-01T01:00:00Z') })
    await createComment(openDay.id, { learnings: '较新的点评', createdAt: new Date('2031-01-01T02:00:00Z') })
    const res = await agent.get(`${base}/comments`)
    assert.ok(res.text.indexOf('较新的点评') < res.text.indexOf('较早的点评'))
  })

  it('approves a pending comment', async () => {
    const { agent, openDay, base } = await secretaryWithOpenDay()
    const comment = await createComment(openDay.id, { status: 'pending' })
    const res = await post(agent, `${base}/comments/${comment.id}/approve`)
    assert.equal(res.status, 302)
    assert.equal((await db.comment.findUniqueOrThrow({ where: { id: comment.id } })).status, 'visible')
    const twice = await post(agent, `${base}/comments/${comment.id}/approve`)
    assert.equal(twice.status, 422)
    assert.match(twice.text, /不在待审核状态/)
  })

  it('hides only with a reason, records who and when, and unhides', async () => {
    const { agent, user, openDay, base } = await secretaryWithOpenDay()
    const comment = await createComment(openDay.id)
    const bare = await post(agent, `${base}/comments/${comment.id}/hide`, { commentId: String(comment.id), reason: '  ' })
    assert.equal(bare.status, 422)
    assert.match(bare.text, new RegExp(`id="reason-${comment.id}-err">请填写隐藏原因`))
    assert.equal((await db.comment.findUniqueOrThrow({ where: { id: comment.id } })).status, 'visible')

    assert.equal((await post(agent, `${base}/comments/${comment.id}/hide`, { commentId: String(comment.id), reason: '与活动无关' })).status, 302)
    const hidden = await db.comment.findUniqueOrThrow({ where: { id: comment.id } })
    assert.deepEqual([hidden.status, hidden.hiddenReason, hidden.hiddenById], ['hidden', '与活动无关', user.id])
    assert.ok(hidden.hiddenAt)
    const page = await agent.get(`${base}/comments`)
    assert.match(page.text, new RegExp(`已隐藏（原因：与活动无关；${user.displayName}；\\d{4}年`))

    assert.equal((await post(agent, `${base}/comments/${comment.id}/unhide`)).status, 302)
    const back = await db.comment.findUniqueOrThrow({ where: { id: comment.id } })
    assert.deepEqual([back.status, back.hiddenReason, back.hiddenAt], ['visible', null, null])
  })

  it('marks a suggestion adopted and back', async () => {
    const { agent, user, openDay, base } = await secretaryWithOpenDay()
    const comment = await createComment(openDay.id)
    assert.equal((await post(agent, `${base}/comments/${comment.id}/adopt`)).status, 302)
    const adopted = await db.comment.findUniqueOrThrow({ where: { id: comment.id } })
    assert.ok(adopted.adoptedAt)
    assert.equal(adopted.adoptedById, user.id)
    assert.match((await agent.get(`${base}/comments`)).text, /取消采纳/)
    assert.equal((await post(agent, `${base}/comments/${comment.id}/unadopt`)).status, 302)
    assert.equal((await db.comment.findUniqueOrThrow({ where: { id: comment.id } })).adoptedAt, null)
  })

  it('gives 404 for a comment of another open day in the URL', async () => {
    const { agent, branchId, base } = await secretaryWithOpenDay()
    const otherDay = await createOpenDay(branchId, { date: '2031-09-09' })
    const foreign = await createComment(otherDay.id)
    for (const action of ['approve', 'hide', 'unhide', 'adopt', 'unadopt']) {
      assert.equal((await post(agent, `${base}/comments/${foreign.id}/${action}`, { reason: '测试' })).status, 404, action)
    }
  })
})

describe('the wall: /open-days/:id/wall', () => {
  it('shows only visible comments, newest first, escaped, with the QR code to join and a no-JS refresh', async () => {
    const { agent, openDay, base } = await secretaryWithOpenDay()
    const old = await createComment(openDay.id, { learnings: '第一条', authorName: null, authorUnit: null })
    const pending = await createComment(openDay.id, { learnings: '待审核的', status: 'pending' })
    const hidden = await createComment(openDay.id, { learnings: '被隐藏的', status: 'hidden' })
    const latest = await createComment(openDay.id, { learnings: '<script>alert(1)</script>', suggestions: '多留讨论时间' })
    const res = await agent.get(`${base}/wall`)
    assert.equal(res.status, 200)
    const ids = [...res.text.matchAll(/<article class="wall-comment" data-comment-id="(\d+)"/g)].map((m) => Number(m[1]))
    assert.deepEqual(ids, [latest.id, old.id])
    assert.ok(!ids.includes(pending.id) && !ids.includes(hidden.id))
    assert.match(res.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/)
    assert.match(res.text, /可借鉴之处[\s\S]*优化建议[\s\S]*多留讨论时间/)
    assert.match(res.text, /—— 匿名/)
    assert.match(res.text, /<noscript><meta http-equiv="refresh" content="10"><\/noscript>/)
    assert.match(res.text, /<script src="\/public\/js\/wall\.js" defer><\/script>/)
    assert.match(res.text, new RegExp(`data-poll="/open-days/${openDay.id}/wall.json" data-last-id="${latest.id}"`))
    assert.match(res.text, /class="wall-qr"><svg/)
    assert.ok(res.text.includes(`/o/${openDay.observerToken}</p>`))
  })

  it('wall.json?after= returns only newer visible comments as JSON, text untouched', async () => {
    const { agent, openDay, base } = await secretaryWithOpenDay()
    const first = await createComment(openDay.id, { learnings: '第一条' })
    const text = '<b>"引号" & 换行\n第二行</b>'
    const second = await createComment(openDay.id, { learnings: text, authorName: null, authorUnit: '不应显示' })
    await createComment(openDay.id, { learnings: '待审核', status: 'pending' })
    const res = await agent.get(`${base}/wall.json?after=${first.id}`)
    assert.equal(res.status, 200)
    assert.match(res.type, /json/)
    assert.deepEqual(res.body.comments.map((c: { id: number }) => c.id), [second.id])
    assert.equal(res.body.comments[0].learnings, text)
    assert.equal(res.body.comments[0].author, '匿名')
    assert.equal(res.body.comments[0].unit, '')
    assert.equal(res.body.lastId, second.id)
    assert.equal(res.body.total, 2)
    assert.deepEqual(res.body.visible.map((v: [number, number]) => v[0]), [second.id, first.id])

    const none = await agent.get(`${base}/wall.json?after=${second.id}`)
    assert.deepEqual(none.body.comments, [])
    assert.equal(none.body.lastId, second.id)
    assert.equal((await agent.get(`${base}/wall.json?after=abc`).set('Accept', 'application/json')).status, 400)
  })
})

describe('GET /open-days/:id/comments.csv', () => {
  it('exports every comment with a BOM, Shanghai times, scores, status, and guarded, quoted cells', async () => {
    const { agent, openDay, base } = await secretaryWithOpenDay()
    await createComment(openDay.id, { createdAt: new Date('2031-05-06T07:08:09Z'), learnings: '=HYPERLINK("http://evil")', suggestions: '一, 二\n三', scores: { 形式: 5, 转化: 3 } })
    const hidden = await createComment(openDay.id, { createdAt: new Date('2031-05-06T08:00:00Z'), authorName: null, authorUnit: null, learnings: '@SUM(1)', suggestions: '-1', status: 'hidden' })
    await db.comment.update({ where: { id: hidden.id }, data: { adoptedAt: new Date() } })
    const res = await agent.get(`${base}/comments.csv`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = []
      r.on('data', (c: Buffer) => chunks.push(c))
      r.on('end', () => cb(null, Buffer.concat(chunks)))
    })
    assert.equal(res.status, 200)
    assert.match(res.headers['content-type'], /^text\/csv; charset=utf-8/)
    assert.match(res.headers['content-disposition'], /attachment/)
    const bytes = res.body as Buffer
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf8').slice(1)
    const lines = text.split('\r\n')
    assert.equal(lines[0], '序号,提交时间,姓名,单位,可借鉴之处,优化建议,形式评分,主题评分,发言评分,点评评分,转化评分,状态,已采纳')
    assert.equal(lines[1], `1,2031-05-06 15:08:09,周向阳,办公厅第一党支部,"'=HYPERLINK(""http://evil"")","一, 二\n三",5,,,,3,已上墙,否`)
    assert.equal(lines[2], `2,2031-05-06 16:00:00,匿名,,'@SUM(1),'-1,,,,,,已隐藏,是`)
    assert.equal(lines[3], '')
  })
})

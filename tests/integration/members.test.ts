import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { createBranch, createMember, createOpenDay } from '../helpers/factories.ts'
import { csrfOf, loginAsOffice, loginAsSecretary, loginAsViewer, submit, type Agent } from '../helpers/http.ts'
import { local } from '../../src/lib/dates.ts'

const valid = { name: '陈党员', standing: 'probationary', category: 'retired', joinedOn: '2019-07-01', phone: '+86 138-0000-0000', title: '退休干部', partyPost: '' }

/** uploads a CSV file the way the import form does: multipart, the token a field of the body */
async function upload(agent: Agent, branchId: number, bytes: Buffer) {
  const token = csrfOf((await agent.get(`/branches/${branchId}/members/import`)).text)
  return agent.post(`/branches/${branchId}/members/import`).field('_csrf', token).attach('file', bytes, 'members.csv')
}

async function commit(agent: Agent, branchId: number, csv: string) {
  const token = csrfOf((await agent.get(`/branches/${branchId}/members/import`)).text)
  return agent.post(`/branches/${branchId}/members/import/commit`).field('_csrf', token).field('csv', csv)
}

describe('GET member pages', () => {
  it('renders the add, edit and import forms for the branch secretary', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const member = await createMember(branchId)
    for (const url of [`/branches/${branchId}/members/new`, `/members/${member.id}/edit`, `/branches/${branchId}/members/import`]) {
      const page = await agent.get(url)
      assert.equal(page.status, 200, url)
      assert.match(page.text, /<label for="f-name">姓名|<label for="f-file">/, url)
    }
  })
})

describe('POST /branches/:id/members', () => {
  it('lets a secretary add a member to their own branch', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const res = await submit(agent, `/branches/${branchId}/members`, valid, `/branches/${branchId}/members/new`)
    assert.equal(res.status, 302)
    assert.equal(res.headers.location, `/branches/${branchId}`)
    const member = await db.member.findFirstOrThrow({ where: { branchId, name: '陈党员' } })
    assert.deepEqual([member.standing, member.category, member.joinedOn, member.phone, member.partyPost], ['probationary', 'retired', '2019-07-01', '+86 138-0000-0000', null])
    assert.match((await agent.get(res.headers.location)).text, /党员“陈党员”已添加/)
  })

  it('keeps what was typed and explains each bad field', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const tomorrow = local().add(1, 'day').format('YYYY-MM-DD')
    const res = await submit(agent, `/branches/${branchId}/members`, { ...valid, name: '', standing: 'xx', joinedOn: tomorrow, phone: '电话号码', title: '组长' }, `/branches/${branchId}/members/new`)
    assert.equal(res.status, 422)
    assert.match(res.text, /姓名不能为空/)
    assert.match(res.text, /请选择党员类别/)
    assert.match(res.text, /入党日期不能晚于今天/)
    assert.match(res.text, /联系电话“电话号码”格式不正确/)
    assert.match(res.text, /value="组长"/)
    assert.match(res.text, /<option value="retired" selected>离退休/)
    const bad = await submit(agent, `/branches/${branchId}/members`, { ...valid, joinedOn: '2019-02-30' }, `/branches/${branchId}/members/new`)
    assert.match(bad.text, /入党日期“2019-02-30”无效/)
    assert.equal(await db.member.count({ where: { branchId } }), 0)
  })

  it('refuses a second active member with the same name', async () => {
    const { agent, branchId } = await loginAsSecretary()
    await createMember(branchId, { name: '陈党员' })
    const res = await submit(agent, `/branches/${branchId}/members`, valid, `/branches/${branchId}/members/new`)
    assert.equal(res.status, 422)
    assert.match(res.text, /本支部已有同名党员/)
  })

  it('refuses a secretary of another branch and a viewer', async () => {
    const other = await createBranch()
    const { agent: secretary } = await loginAsSecretary()
    assert.equal((await secretary.get(`/branches/${other.id}/members/new`)).status, 403)
    assert.equal((await submit(secretary, `/branches/${other.id}/members`, valid, '/branches')).status, 403)
    const { agent: viewer } = await loginAsViewer()
    assert.equal((await submit(viewer, `/branches/${other.id}/members`, valid, '/branches')).status, 403)
    assert.equal(await db.member.count({ where: { branchId: other.id } }), 0)
  })

  it('lets the office add to any branch', async () => {
    const branch = await createBranch()
    const { agent } = await loginAsOffice()
    assert.equal((await submit(agent, `/branches/${branch.id}/members`, valid, `/branches/${branch.id}/members/new`)).status, 302)
    assert.equal(await db.member.count({ where: { branchId: branch.id } }), 1)
  })
})

describe('POST /members/:id', () => {
  it('saves changes, and re-renders with errors on bad input', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const member = await createMember(branchId, { name: '郑党员' })
    const form = await agent.get(`/members/${member.id}/edit`)
    assert.match(form.text, /value="郑党员"/)
    const bad = await submit(agent, `/members/${member.id}`, { ...valid, name: '郑党员', category: 'soldier' }, `/members/${member.id}/edit`)
    assert.equal(bad.status, 422)
    assert.match(bad.text, /请选择人员类别/)
    const res = await submit(agent, `/members/${member.id}`, { ...valid, name: '郑党员', phone: '010-12345678' }, `/members/${member.id}/edit`)
    assert.equal(res.status, 302)
    assert.equal((await db.member.findUniqueOrThrow({ where: { id: member.id } })).phone, '010-12345678')
  })

  it('is refused for another branch\'s member, even by typing the URL', async () => {
    const member = await createMember((await createBranch()).id)
    const { agent } = await loginAsSecretary()
    assert.equal((await agent.get(`/members/${member.id}/edit`)).status, 403)
    assert.equal((await submit(agent, `/members/${member.id}`, valid, '/branches')).status, 403)
    for (const action of ['transfer-out', 'reinstate', 'delete']) {
      assert.equal((await submit(agent, `/members/${member.id}/${action}`, {}, '/branches')).status, 403, action)
    }
    const { agent: viewer } = await loginAsViewer()
    assert.equal((await submit(viewer, `/members/${member.id}/delete`, {}, '/branches')).status, 403)
    assert.ok(await db.member.findUnique({ where: { id: member.id } }))
  })
})

describe('POST /members/:id/transfer-out and /reinstate', () => {
  it('keeps the member in history, vacates the secretary post, and can undo', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const member = await createMember(branchId, { name: '冯书记' })
    await db.branch.update({ where: { id: branchId }, data: { secretaryId: member.id } })
    const res = await submit(agent, `/members/${member.id}/transfer-out`, {}, `/branches/${branchId}`)
    assert.equal(res.status, 302)
    assert.ok((await db.member.findUniqueOrThrow({ where: { id: member.id } })).transferredOutAt)
    assert.equal((await db.branch.findUniqueOrThrow({ where: { id: branchId } })).secretaryId, null)
    assert.match((await agent.get(`/branches/${branchId}`)).text, /已转出（/)
    await submit(agent, `/members/${member.id}/reinstate`, {}, `/branches/${branchId}`)
    assert.equal((await db.member.findUniqueOrThrow({ where: { id: member.id } })).transferredOutAt, null)
  })
})

describe('POST /members/:id/delete', () => {
  it('deletes a member nothing refers to', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const member = await createMember(branchId)
    // without JavaScript: the button leads to a confirmation page, and only its confirmed form deletes
    const ask = await submit(agent, `/members/${member.id}/delete`, {}, `/branches/${branchId}`)
    assert.equal(ask.status, 200)
    assert.match(ask.text, /删除不可恢复/)
    assert.ok(await db.member.findUnique({ where: { id: member.id } }))
    assert.equal((await submit(agent, `/members/${member.id}/delete`, { confirm: '1' }, `/branches/${branchId}`)).status, 302)
    assert.equal(await db.member.findUnique({ where: { id: member.id } }), null)
  })

  it('refuses a member recorded as host, recorder or secretary', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const host = await createMember(branchId, { name: '主持人甲' })
    const secretary = await createMember(branchId, { name: '书记乙' })
    const openDay = await createOpenDay(branchId)
    await db.openDay.update({ where: { id: openDay.id }, data: { hostId: host.id } })
    await db.branch.update({ where: { id: branchId }, data: { secretaryId: secretary.id } })
    const res = await submit(agent, `/members/${host.id}/delete`, { confirm: '1' }, `/branches/${branchId}`)
    assert.equal(res.status, 302)
    assert.match((await agent.get(res.headers.location)).text, /主持人甲已被记录为开放日主持人，不能删除/)
    await submit(agent, `/members/${secretary.id}/delete`, { confirm: '1' }, `/branches/${branchId}`)
    assert.match((await agent.get(`/branches/${branchId}`)).text, /书记乙已被记录为支部书记，不能删除/)
    assert.equal(await db.member.count({ where: { id: { in: [host.id, secretary.id] } } }), 2)
  })

  it('refuses a member with attendance in Chinese, not with a 500', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const member = await createMember(branchId, { name: '出勤丙' })
    const openDay = await createOpenDay(branchId, { status: 'held' })
    await db.attendance.create({ data: { openDayId: openDay.id, memberId: member.id, status: 'present' } })
    const res = await submit(agent, `/members/${member.id}/delete`, { confirm: '1' }, `/branches/${branchId}`)
    assert.equal(res.status, 302)
    assert.match((await agent.get(res.headers.location)).text, /出勤丙已被记录为出勤记录，不能删除/)
    assert.ok(await db.member.findUnique({ where: { id: member.id } }))
  })

  it('keeps the speaker and the leader of a reviewed record: the member cannot be deleted, only transferred out', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const member = await createMember(branchId, { name: '发言丁' })
    const openDay = await createOpenDay(branchId, { status: 'reviewed' })
    const segment = await db.segment.create({ data: { openDayId: openDay.id, position: 1, kind: 'speeches', title: '交流发言', plannedMinutes: 10, leaderId: member.id } })
    await db.speech.create({ data: { segmentId: segment.id, position: 1, kind: 'keynote', memberId: member.id, topic: '体会' } })
    const res = await submit(agent, `/members/${member.id}/delete`, { confirm: '1' }, `/branches/${branchId}`)
    assert.match((await agent.get(res.headers.location)).text, /发言丁已被记录为发言记录、环节负责人/)
    await submit(agent, `/members/${member.id}/transfer-out`, {}, `/branches/${branchId}`)
    const summary = await agent.get(`/open-days/${openDay.id}/summary`)
    assert.match(summary.text, /发言丁/)
    assert.equal((await db.segment.findUniqueOrThrow({ where: { id: segment.id } })).leaderId, member.id)
  })

  it('is decided by the database: every foreign key to a member restricts', async () => {
    const branch = await createBranch()
    const other = await createBranch()
    const openDay = await createOpenDay(other.id)
    const refs = [
      async (id: number) => db.observer.create({ data: { openDayId: openDay.id, memberId: id, name: '观摩戊' } }),
      async (id: number) => db.openDay.update({ where: { id: openDay.id }, data: { recorderId: id } }),
      async (id: number) => db.segment.create({ data: { openDayId: openDay.id, position: 9, kind: 'oath', title: '誓词', plannedMinutes: 5, leaderId: id } }),
    ]
    for (const ref of refs) {
      const member = await createMember(branch.id)
      await ref(member.id)
      await assert.rejects(db.member.delete({ where: { id: member.id } }), { code: 'P2003' })
    }
  })
})

describe('CSV import', () => {
  const HEADER = '姓名,党员类别,人员类别,入党日期,联系电话,职务,党内职务'

  it('previews a file with row-by-row errors and imports nothing', async () => {
    const { agent, branchId } = await loginAsSecretary()
    await createMember(branchId, { name: '已在册' })
    const csv = [HEADER, '甲,正式,在职', ',正式,在职', '乙,党员,在职', '已在册,正式,在职'].join('\n')
    const res = await upload(agent, branchId, Buffer.from(csv))
    assert.equal(res.status, 422)
    assert.match(res.text, /第 3 行：姓名不能为空/)
    assert.match(res.text, /第 4 行：党员类别“党员”无效，应为 正式\/预备/)
    assert.match(res.text, /第 5 行：本支部已有同名党员/)
    assert.doesNotMatch(res.text, /确认导入/)
    assert.equal(await db.member.count({ where: { branchId } }), 1)
  })

  it('previews a good UTF-8 file with a BOM, then commits every row', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const csv = `${HEADER}\r\n张一,正式,在职,2001-07-01,13800000001,科长,书记\r\n张二,预备,学生,,,,\r\n`
    const preview = await upload(agent, branchId, Buffer.from('\uFEFF' + csv, 'utf8'))
    assert.equal(preview.status, 200)
    assert.match(preview.text, /确认导入 2 名党员/)
    const posted = preview.text.match(/<textarea name="csv" hidden>\n([\s\S]*?)<\/textarea>/)![1]
    assert.equal(posted, csv)
    const res = await commit(agent, branchId, csv)
    assert.equal(res.status, 302)
    assert.match((await agent.get(`/branches/${branchId}`)).text, /已导入 2 名党员/)
    const rows = await db.member.findMany({ where: { branchId }, orderBy: { id: 'asc' } })
    assert.deepEqual(rows.map((m) => [m.name, m.standing, m.category, m.joinedOn]), [['张一', 'full', 'employed', '2001-07-01'], ['张二', 'probationary', 'student', null]])
  })

  it('accepts a pasted list instead of a file', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const token = csrfOf((await agent.get(`/branches/${branchId}/members/import`)).text)
    const res = await agent.post(`/branches/${branchId}/members/import`).field('_csrf', token).field('csv', 'name\tstanding\n王一\tprobationary')
    assert.equal(res.status, 200)
    assert.match(res.text, /确认导入 1 名党员/)
  })

  it('commits all or nothing: one bad row imports no one', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const res = await commit(agent, branchId, `${HEADER}\n好人一,正式,在职\n好人二,正式,在职\n坏行,正式,外星人`)
    assert.equal(res.status, 422)
    assert.match(res.text, /第 4 行：人员类别“外星人”无效/)
    assert.equal(await db.member.count({ where: { branchId } }), 0)
  })

  it('re-checks names at commit time', async () => {
    const { agent, branchId } = await loginAsSecretary()
    await createMember(branchId, { name: '后来者' })
    const res = await commit(agent, branchId, `姓名\n新人\n后来者`)
    assert.equal(res.status, 422)
    assert.match(res.text, /第 3 行：本支部已有同名党员/)
    assert.equal(await db.member.count({ where: { branchId } }), 1)
  })

  it('asks for a file when nothing was sent, and refuses a file over 1 MB', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const empty = await upload(agent, branchId, Buffer.from(''))
    assert.equal(empty.status, 422)
    assert.match(empty.text, /请选择 CSV 文件/)
    const big = await upload(agent, branchId, Buffer.alloc(1024 * 1024 + 1, 'a'))
    assert.equal(big.status, 422)
    assert.match(big.text, /文件不能超过 1 MB/)
  })

  it('refuses another branch\'s secretary, a viewer, and a post without the token', async () => {
    const other = await createBranch()
    const { agent: secretary, branchId } = await loginAsSecretary()
    assert.equal((await secretary.get(`/branches/${other.id}/members/import`)).status, 403)
    const token = csrfOf((await secretary.get(`/branches/${branchId}/members/import`)).text)
    const cross = await secretary.post(`/branches/${other.id}/members/import/commit`).field('_csrf', token).field('csv', '姓名\n越权')
    assert.equal(cross.status, 403)
    const noToken = await secretary.post(`/branches/${branchId}/members/import/commit`).field('csv', '姓名\n无令牌')
    assert.equal(noToken.status, 403)
    const { agent: viewer } = await loginAsViewer()
    assert.equal((await viewer.get(`/branches/${branchId}/members/import`)).status, 403)
    assert.equal(await db.member.count({ where: { name: { in: ['越权', '无令牌'] } } }), 0)
  })

  it('offers a template that Excel opens: UTF-8 with a BOM', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const res = await agent.get(`/branches/${branchId}/members/import/template.csv`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = []
      r.on('data', (c: Buffer) => chunks.push(c))
      r.on('end', () => cb(null, Buffer.concat(chunks)))
    })
    assert.equal(res.status, 200)
    assert.match(String(res.headers['content-type']), /text\/csv; charset=utf-8/)
    assert.match(String(res.headers['content-disposition']), /attachment/)
    const body = res.body as Buffer
    assert.deepEqual([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf])
    assert.ok(body.toString('utf8').includes('姓名,党员类别,人员类别,入党日期,联系电话,职务,党内职务'))
  })
})

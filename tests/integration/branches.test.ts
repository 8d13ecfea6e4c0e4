import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { createBranch, createMember } from '../helpers/factories.ts'
import { loginAsOffice, loginAsSecretary, loginAsViewer, submit } from '../helpers/http.ts'

describe('GET /branches', () => {
  it('lists branches with secretary, active member count and state; only the office sees edit buttons', async () => {
    const branch = await createBranch({ name: '列表测试党支部' })
    const secretary = await createMember(branch.id, { name: '王书记' })
    await createMember(branch.id)
    await db.member.update({ where: { id: (await createMember(branch.id)).id }, data: { transferredOutAt: new Date() } })
    await db.branch.update({ where: { id: branch.id }, data: { secretaryId: secretary.id } })
    const archived = await createBranch({ name: '已撤并党支部' })
    await db.branch.update({ where: { id: archived.id }, data: { archivedAt: new Date() } })

    const { agent: viewer } = await loginAsViewer()
    const page = await viewer.get('/branches')
    assert.equal(page.status, 200)
    assert.match(page.text, /列表测试党支部<\/a><\/td>\s*<td>王书记<\/td>\s*<td class="num">2<\/td>\s*<td>正常/)
    assert.match(page.text, /已撤并党支部<\/a><\/td>\s*<td>—<\/td>\s*<td class="num">0<\/td>\s*<td>已归档/)
    assert.doesNotMatch(page.text, /新建支部|\/edit"/)

    const { agent: secretaryAgent } = await loginAsSecretary()
    assert.doesNotMatch((await secretaryAgent.get('/branches')).text, /新建支部/)
    const { agent: office } = await loginAsOffice()
    assert.match((await office.get('/branches')).text, new RegExp(`/branches/${branch.id}/edit`))
  })
})

describe('POST /branches', () => {
  it('lets the office create a branch', async () => {
    const { agent } = await loginAsOffice()
    const res = await submit(agent, '/branches', { name: '机关第九党支部' }, '/branches/new')
    const branch = await db.branch.findUniqueOrThrow({ where: { name: '机关第九党支部' } })
    assert.equal(res.status, 302)
    assert.equal(res.headers.location, `/branches/${branch.id}`)
    assert.match((await agent.get(res.headers.location)).text, /支部“机关第九党支部”已创建/)
  })

  it('keeps what was typed and says why when the name is empty or taken', async () => {
    await createBranch({ name: '重名党支部' })
    const { agent } = await loginAsOffice()
    const empty = await submit(agent, '/branches', { name: '  ' }, '/branches/new')
    assert.equal(empty.status, 422)
    assert.match(empty.text, /请填写支部名称/)
    const taken = await submit(agent, '/branches', { name: '重名党支部' }, '/branches/new')
    assert.equal(taken.status, 422)
    assert.match(taken.text, /已有同名的支部/)
    assert.match(taken.text, /value="重名党支部"/)
  })

  it('refuses secretaries and viewers', async () => {
    const { agent: secretary } = await loginAsSecretary()
    assert.equal((await submit(secretary, '/branches', { name: '越权党支部' }, '/branches')).status, 403)
    assert.equal((await secretary.get('/branches/new')).status, 403)
    const { agent: viewer } = await loginAsViewer()
    assert.equal((await submit(viewer, '/branches', { name: '越权党支部' }, '/branches')).status, 403)
    assert.equal(await db.branch.count({ where: { name: '越权党支部' } }), 0)
  })
})

describe('POST /branches/:id', () => {
  it('renames the branch and assigns a member as secretary', async () => {
    const branch = await createBranch()
    const member = await createMember(branch.id, { name: '李书记' })
    const { agent } = await loginAsOffice()
    const form = await agent.get(`/branches/${branch.id}/edit`)
    assert.match(form.text, /<option value="\d+" >李书记<\/option>/)
    const res = await submit(agent, `/branches/${branch.id}`, { name: '改名后党支部', secretaryId: String(member.id) }, `/branches/${branch.id}/edit`)
    assert.equal(res.status, 302)
    const saved = await db.branch.findUniqueOrThrow({ where: { id: branch.id } })
    assert.deepEqual([saved.name, saved.secretaryId], ['改名后党支部', member.id])
    assert.match((await agent.get(`/branches/${branch.id}`)).text, /书记：李书记/)
  })

  it('refuses a secretary from another branch or one who has left', async () => {
    const branch = await createBranch()
    const outsider = await createMember((await createBranch()).id)
    const left = await createMember(branch.id)
    await db.member.update({ where: { id: left.id }, data: { transferredOutAt: new Date() } })
    const { agent } = await loginAsOffice()
    for (const id of [outsider.id, left.id]) {
      const res = await submit(agent, `/branches/${branch.id}`, { name: '新名字党支部', secretaryId: String(id) }, `/branches/${branch.id}/edit`)
      assert.equal(res.status, 422)
      assert.match(res.text, /书记必须是本支部在册的党员/)
      assert.match(res.text, /value="新名字党支部"/)
    }
    assert.equal((await db.branch.findUniqueOrThrow({ where: { id: branch.id } })).secretaryId, null)
  })

  it('is for the office only, even for the branch\'s own secretary', async () => {
    const { agent, branchId } = await loginAsSecretary()
    assert.equal((await agent.get(`/branches/${branchId}/edit`)).status, 403)
    assert.equal((await submit(agent, `/branches/${branchId}`, { name: '自改党支部' }, `/branches/${branchId}`)).status, 403)
  })
})

describe('POST /branches/:id/archive and /unarchive', () => {
  it('archives a branch, hides it from choices, and restores it', async () => {
    const branch = await createBranch({ name: '待归档党支部' })
    const { agent } = await loginAsOffice()
    const res = await submit(agent, `/branches/${branch.id}/archive`, {}, `/branches/${branch.id}`)
    assert.equal(res.status, 302)
    assert.ok((await db.branch.findUniqueOrThrow({ where: { id: branch.id } })).archivedAt)
    assert.match((await agent.get(`/branches/${branch.id}`)).text, /已归档/)
    assert.doesNotMatch((await agent.get('/accounts/new')).text, /待归档党支部/)
    await submit(agent, `/branches/${branch.id}/unarchive`, {}, `/branches/${branch.id}`)
    assert.equal((await db.branch.findUniqueOrThrow({ where: { id: branch.id } })).archivedAt, null)
  })

  it('refuses secretaries and viewers', async () => {
    const { agent: secretary, branchId } = await loginAsSecretary()
    assert.equal((await submit(secretary, `/branches/${branchId}/archive`, {}, `/branches/${branchId}`)).status, 403)
    const { agent: viewer } = await loginAsViewer()
    assert.equal((await submit(viewer, `/branches/${branchId}/archive`, {}, `/branches/${branchId}`)).status, 403)
    assert.equal((await db.branch.findUniqueOrThrow({ where: { id: branchId } })).archivedAt, null)
  })
})

describe('GET /branches/:id', () => {
  it('shows the members with standing, category and state; a viewer gets no edit links', async () => {
    const branch = await createBranch()
    await createMember(branch.id, { name: '周正式', standing: 'full', category: 'retired' })
    const gone = await createMember(branch.id, { name: '吴预备', standing: 'probationary', category: 'student' })
    await db.member.update({ where: { id: gone.id }, data: { transferredOutAt: new Date() } })
    const { agent } = await loginAsViewer()
    const page = await agent.get(`/branches/${branch.id}`)
    assert.equal(page.status, 200)
    assert.match(page.text, /周正式(?:<\/a>)?<\/td>\s*<td>正式<\/td>\s*<td>离退休<\/td>/)
    assert.match(page.text, /吴预备(?:<\/a>)?<\/td>\s*<td>预备<\/td>\s*<td>学生<\/td>/)
    assert.match(page.text, /已转出（/)
    assert.doesNotMatch(page.text, /添加党员|\/members\/\d+\/edit/)
    assert.equal((await agent.get('/branches/999999')).status, 404)
  })
})

describe('members’ phone numbers', () => {
  it('are shown to those who manage the branch, not to other branches or viewers', async () => {
    const branch = await createBranch()
    await db.member.create({ data: { branchId: branch.id, name: '有电话的党员', phone: '13800001234' } })
    const { agent: own } = await loginAsSecretary(branch.id)
    const { agent: other } = await loginAsSecretary()
    const { agent: viewer } = await loginAsViewer()
    assert.match((await own.get(`/branches/${branch.id}`)).text, /13800001234/)
    for (const agent of [other, viewer]) {
      const page = await agent.get(`/branches/${branch.id}`)
      assert.match(page.text, /有电话的党员/)
      assert.doesNotMatch(page.text, /13800001234/)
    }
  })
})

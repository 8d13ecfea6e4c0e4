import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { createBranch, createUser, PASSWORD } from '../helpers/factories.ts'
import { anonymous, csrfOf, login, loginAsOffice, loginAsSecretary, loginAsViewer, submit } from '../helpers/http.ts'

describe('GET /healthz', () => {
  it('answers ok with the database reachable', async () => {
    const res = await anonymous().get('/healthz')
    assert.equal(res.status, 200)
    assert.deepEqual(res.body, { status: 'ok', database: 'ok' })
  })
})

describe('POST /login', () => {
  it('labels the fields 用户名 and 密码', async () => {
    const res = await anonymous().get('/login')
    assert.match(res.text, /<label for="f-username">用户名/)
    assert.match(res.text, /<label for="f-password">密码/)
  })

  it('logs in with the right password and sets an httpOnly, SameSite cookie', async () => {
    const user = await createUser('office')
    const agent = anonymous()
    const res = await submit(agent, '/login', { username: user.username, password: PASSWORD })
    assert.equal(res.status, 302)
    const cookie = String(res.headers['set-cookie'])
    assert.match(cookie, /HttpOnly/i)
    assert.match(cookie, /SameSite=Lax/i)
    const home = await agent.get('/')
    assert.equal(home.status, 200)
    assert.match(home.text, /机关党办/)
  })

  it('keeps the username and says why when the password is wrong', async () => {
    const user = await createUser('office')
    const res = await submit(anonymous(), '/login', { username: user.username, password: 'wrong-password' })
    assert.equal(res.status, 401)
    assert.match(res.text, /用户名或密码不正确/)
    assert.match(res.text, new RegExp(`value="${user.username}"`))
  })

  it('refuses a form without a CSRF token', async () => {
    const user = await createUser('office')
    const res = await anonymous().post('/login').type('form').send({ username: user.username, password: PASSWORD })
    assert.equal(res.status, 403)
    assert.match(res.text, /页面已过期/)
  })

  it('refuses a disabled account', async () => {
    const user = await createUser('secretary')
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } })
    const res = await submit(anonymous(), '/login', { username: user.username, password: PASSWORD })
    assert.equal(res.status, 401)
  })

  it('throttles repeated failures for one username', async () => {
    const user = await createUser('viewer', { username: 'throttled-user' })
    const agent = anonymous()
    const statuses = []
    for (let i = 0; i < 6; i++) statuses.push((await submit(agent, '/login', { username: user.username, password: 'nope-nope' })).status)
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429])
    const right = await submit(agent, '/login', { username: user.username, password: PASSWORD })
    assert.equal(right.status, 429, 'even the right password waits out the window')
  })
})

describe('protected pages', () => {
  it('redirects an anonymous visitor to /login', async () => {
    const res = await anonymous().get('/open-days')
    assert.equal(res.status, 302)
    assert.equal(res.headers.location, '/login?next=%2Fopen-days')
  })

  it('gives secretaries and viewers 403 on the party office pages', async () => {
    const { agent: secretary } = await loginAsSecretary()
    const { agent: viewer } = await loginAsViewer()
    for (const agent of [secretary, viewer]) {
      assert.equal((await agent.get('/accounts')).status, 403)
      assert.equal((await agent.get('/settings')).status, 403)
    }
  })

  it('renders a Chinese 404 page', async () => {
    const { agent } = await loginAsViewer()
    const res = await agent.get('/no-such-page')
    assert.equal(res.status, 404)
    assert.match(res.text, /页面不存在/)
  })
})

describe('POST /account/password', () => {
  it('refuses a wrong current password and a mismatched confirmation, next to the fields', async () => {
    const { agent } = await loginAsViewer()
    const res = await submit(agent, '/account/password', { currentPassword: 'bad', newPassword: 'new-password-1', confirmPassword: 'other-password' }, '/account/password')
    assert.equal(res.status, 422)
    assert.match(res.text, /两次输入的新密码不一致/)
  })

  it('changes the password and ends other sessions', async () => {
    const user = await createUser('viewer')
    const first = await login(user.username)
    const second = await login(user.username)
    const res = await submit(first, '/account/password', { currentPassword: PASSWORD, newPassword: 'brand-new-pass', confirmPassword: 'brand-new-pass' }, '/account/password')
    assert.equal(res.status, 302)
    assert.equal((await first.get('/')).status, 200, 'the session that changed it stays in')
    assert.equal((await second.get('/')).status, 302, 'the other session is logged out')
    await login(user.username, 'brand-new-pass')
  })
})

describe('POST /accounts (party office)', () => {
  it('creates a secretary account with a one-time password shown once', async () => {
    const branch = await createBranch()
    const { agent } = await loginAsOffice()
    const res = await submit(agent, '/accounts', { username: 'new.secretary', displayName: '新书记', role: 'secretary', branchId: String(branch.id), password: '' }, '/accounts/new')
    assert.equal(res.status, 302)
    const list = await agent.get('/accounts')
    assert.match(list.text, /初始密码：[A-Za-z0-9]{12}/)
    const created = await db.user.findUniqueOrThrow({ where: { username: 'new.secretary' } })
    assert.equal(created.branchId, branch.id)
    assert.match(created.passwordHash, /^scrypt\$/)
  })

  it('re-renders with every value kept when the username is taken or the branch is missing', async () => {
    await createUser('viewer', { username: 'taken-name' })
    const { agent } = await loginAsOffice()
    const taken = await submit(agent, '/accounts', { username: 'taken-name', displayName: '张三', role: 'viewer', branchId: '' }, '/accounts/new')
    assert.equal(taken.status, 422)
    assert.match(taken.text, /该用户名已被使用/)
    assert.match(taken.text, /value="张三"/)
    const noBranch = await submit(agent, '/accounts', { username: 'someone', displayName: '李四', role: 'secretary', branchId: '' }, '/accounts/new')
    assert.equal(noBranch.status, 422)
    assert.match(noBranch.text, /支部书记账号必须选择所属支部/)
  })

  it('disables an account, resets a password, and refuses to disable itself', async () => {
    const { user: office, agent } = await loginAsOffice()
    const target = await createUser('viewer')
    const page = await agent.get('/accounts')
    await agent.post(`/accounts/${target.id}/disable`).type('form').send({ _csrf: csrfOf(page.text) })
    assert.ok((await db.user.findUniqueOrThrow({ where: { id: target.id } })).disabledAt)
    const hash = (await db.user.findUniqueOrThrow({ where: { id: target.id } })).passwordHash
    const ask = await agent.post(`/accounts/${target.id}/reset-password`).type('form').send({ _csrf: csrfOf(page.text) })
    assert.match(ask.text, /原密码立即失效/)
    assert.equal((await db.user.findUniqueOrThrow({ where: { id: target.id } })).passwordHash, hash, 'nothing happens before the confirmation')
    await agent.post(`/accounts/${target.id}/reset-password`).type('form').send({ _csrf: csrfOf(page.text), confirm: '1' })
    assert.match((await agent.get('/accounts')).text, /的新密码：/)
    await agent.post(`/accounts/${office.id}/disable`).type('form').send({ _csrf: csrfOf(page.text) })
    assert.equal((await db.user.findUniqueOrThrow({ where: { id: office.id } })).disabledAt, null)
  })
})

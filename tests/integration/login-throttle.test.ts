import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createUser, PASSWORD } from '../helpers/factories.ts'
import { anonymous, submit } from '../helpers/http.ts'

describe('POST /login throttling', () => {
  it('counts padded and differently written forms of one username as that username', async () => {
    const user = await createUser('viewer', { username: 'padded-name' })
    const agent = anonymous()
    for (const typed of [' padded-name', 'padded-name ', '\tpadded-name', 'PADDED-NAME', 'padded-name\u0000']) {
      assert.equal((await submit(agent, '/login', { username: typed, password: 'nope-nope' })).status, 401, JSON.stringify(typed))
    }
    for (const typed of [user.username, `  ${user.username}`]) {
      const res = await submit(agent, '/login', { username: typed, password: PASSWORD })
      assert.equal(res.status, 429, `the right password through ${JSON.stringify(typed)} waits too`)
      assert.match(res.text, /登录失败次数过多，请 1[45] 分钟后再试。/)
      assert.equal(res.headers['retry-after'], String(Number(/请 (\d+) 分钟/.exec(res.text)![1]) * 60))
    }
  })

  it('limits one address across usernames', async () => {
    const agent = anonymous()
    let attempts = 0
    let status = 401
    while (status === 401 && attempts < 30) {
      status = (await submit(agent, '/login', { username: `nobody-${attempts}`, password: 'nope-nope' })).status
      attempts++
    }
    assert.equal(status, 429, 'refused before 30 different usernames')
    assert.ok(attempts <= 20, `${attempts} attempts`)
    const user = await createUser('viewer')
    const res = await submit(agent, '/login', { username: user.username, password: PASSWORD })
    assert.equal(res.status, 429)
    assert.match(res.text, /登录失败次数过多，请 \d+ 分钟后再试。/)
  })
})

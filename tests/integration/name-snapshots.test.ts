// A reviewed open day's printed record never changes when a member is renamed: the names are frozen into the
// record's rows when it locks. An unlocked record follows the live names.
import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { loginAsOffice, loginAsSecretary, submit } from '../helpers/http.ts'
import { createSeedEvent } from '../helpers/news.ts'

/** every member in the record gets a new name and title */
async function renameEveryone(branchIds: number[]) {
  for (const m of await db.member.findMany({ where: { branchId: { in: branchIds } } })) {
    await db.member.update({ where: { id: m.id }, data: { name: `${m.name}改`, title: '新职务' } })
  }
}

describe('the printed record of a reviewed open day', () => {
  it('keeps the host, recorder, leaders, speakers and attendance names as they were at review', async () => {
    const { openDay, branch, members } = await createSeedEvent(db, { branchName: '快照测试支部', status: 'held' })
    const secretary = await loginAsSecretary(branch.id)
    const { agent: office } = await loginAsOffice()
    const review = `/open-days/${openDay.id}/review`
    assert.equal((await submit(secretary.agent, review, { version: '0', finalise: '1', confirm: '1' }, review)).status, 302)
    assert.equal((await db.openDay.findUniqueOrThrow({ where: { id: openDay.id } })).status, 'reviewed')

    const url = `/open-days/${openDay.id}/summary`
    const before = (await office.get(url)).text
    for (const m of members) assert.match(before, new RegExp(m.name))
    const observing = await db.branch.findFirstOrThrow({ where: { name: '快照测试支部的观摩支部' } })
    await renameEveryone([branch.id, observing.id])

    const after = (await office.get(url)).text
    assert.equal(after, before)
    assert.doesNotMatch(after, new RegExp(`新职务|${members[0].name}改`))

    // reopened (unlocked), the record follows the live names again
    assert.equal((await submit(office, `/open-days/${openDay.id}/status`, { action: 'reopen', note: '补充记录' }, '/')).status, 302)
    const reopened = (await office.get(url)).text
    assert.match(reopened, new RegExp(`<th>主持人</th><td>${members[0].name}改（新职务`))
    assert.match(reopened, new RegExp(`${members[2].name}改`))
  })
})

import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { createOpenDay } from '../helpers/factories.ts'
import { loginAsOffice, loginAsSecretary, submit, type Agent } from '../helpers/http.ts'
import { local } from '../../src/lib/dates.ts'

const monthAhead = () => local().add(1, 'month').format('YYYY-MM-DD')
const post = (agent: Agent, id: number, fields: Record<string, string>) => submit(agent, `/open-days/${id}/status`, fields, `/open-days/${id}`)
const statusOf = async (id: number) => (await db.openDay.findUniqueOrThrow({ where: { id } })).status

describe('marking an open day held', () => {
  it('is refused to its secretary before the event’s start, even confirmed', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const openDay = await createOpenDay(branchId, { status: 'approved', date: monthAhead() })
    const res = await post(agent, openDay.id, { action: 'hold', confirm: '1' })
    assert.equal(res.status, 422)
    assert.match(res.text, /活动尚未开始/)
    assert.equal(await statusOf(openDay.id), 'approved')
  })

  it('lets the office override before the start only with a reason, kept in the status history', async () => {
    const { agent } = await loginAsOffice()
    const { branchId } = await loginAsSecretary()
    const openDay = await createOpenDay(branchId, { status: 'approved', date: monthAhead() })
    const ask = await post(agent, openDay.id, { action: 'hold' })
    assert.equal(ask.status, 200)
    assert.match(ask.text, /活动尚未开始/)
    assert.match(ask.text, /提前标记的原因/)
    const noReason = await post(agent, openDay.id, { action: 'hold', confirm: '1' })
    assert.equal(noReason.status, 422)
    assert.equal(await statusOf(openDay.id), 'approved')
    assert.equal((await post(agent, openDay.id, { action: 'hold', confirm: '1', note: '活动因故提前举办' })).status, 302)
    assert.equal(await statusOf(openDay.id), 'held')
    const change = await db.openDayStatusChange.findFirstOrThrow({ where: { openDayId: openDay.id, toStatus: 'held' } })
    assert.equal(change.note, '活动因故提前举办')
  })

  it('asks for confirmation without JavaScript once the event has started; held then reviewed', async () => {
    const { agent, branchId } = await loginAsSecretary()
    const openDay = await createOpenDay(branchId, { status: 'approved', date: local().subtract(1, 'day').format('YYYY-MM-DD') })
    const ask = await post(agent, openDay.id, { action: 'hold' })
    assert.equal(ask.status, 200)
    assert.match(ask.text, /name="confirm" value="1"/)
    assert.equal(await statusOf(openDay.id), 'approved')
    assert.equal((await post(agent, openDay.id, { action: 'hold', confirm: '1' })).status, 302)
    // finalising goes through the review: a bare status change is refused while no review is saved
    for (const fields of [{ action: 'review' }, { action: 'review', confirm: '1' }] as Record<string, string>[]) {
      const bare = await post(agent, openDay.id, fields)
      assert.equal(bare.status, 422)
      assert.match(bare.text, /定稿要经过复盘：请先在“复盘”页/)
    }
    assert.equal(await statusOf(openDay.id), 'held')
    await db.review.create({ data: { openDayId: openDay.id } })
    assert.equal((await post(agent, openDay.id, { action: 'review' })).status, 200)
    assert.equal(await statusOf(openDay.id), 'held')
    assert.equal((await post(agent, openDay.id, { action: 'review', confirm: '1' })).status, 302)
    assert.equal(await statusOf(openDay.id), 'reviewed')
  })
})

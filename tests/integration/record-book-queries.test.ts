import '../helpers/count-sql.ts'
import { db } from '../helpers/app.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createBranch, createMember, createOpenDay } from '../helpers/factories.ts'
import { sqlStatements } from '../../src/db.ts'
import { recordBook, summaryRecord } from '../../src/summary/service.ts'

/** an open day on the 10th of the month with a dues segment, a review, an action and the month's payments */
async function recordedMonth(branchId: number, memberIds: number[], month: number, status: 'held' | 'reviewed') {
  const m = `2031-${String(month).padStart(2, '0')}`
  const openDay = await createOpenDay(branchId, { date: `${m}-10`, status, theme: `${month}月的开放日` })
  await db.segment.create({ data: { openDayId: openDay.id, position: 1, kind: 'dues', title: '收缴党费', plannedMinutes: 10 } })
  await db.review.create({ data: { openDayId: openDay.id, hasTheme: true, themeNote: `${month}月主题`, wentWell: `${month}月做得好` } })
  await db.followUpAction.create({ data: { openDayId: openDay.id, position: 1, description: `${month}月的整改`, owner: '书记', dueOn: `${m}-28` } })
  // the first member pays this month and, in May, two months ahead (the register shows what is paid ahead)
  const months = month === 5 ? [m, '2031-06', '2031-07'] : [m]
  await db.duesPayment.createMany({ data: months.map((x) => ({ memberId: memberIds[0]!, branchId, month: x, dueFen: 3000, paidFen: 3000, paidOn: `${m}-10`, batchKey: `book-${x}` })) })
}

describe('the record book loads a year in a fixed number of statements', () => {
  it('the same statements for 2 open days as for 6, and each record the same as its own summary', async () => {
    const branch = await createBranch()
    const members = [await createMember(branch.id, { name: '甲' }), await createMember(branch.id, { name: '乙' })]
    await db.duesBase.createMany({ data: members.map((m) => ({ memberId: m.id, year: 2031, baseFen: 300000 })) })
    const statements = async () => {
      const before = sqlStatements()
      const book = await recordBook(branch.id, 2031)
      return { book, n: sqlStatements() - before }
    }
    await recordedMonth(branch.id, members.map((m) => m.id), 1, 'reviewed')
    await recordedMonth(branch.id, members.map((m) => m.id), 2, 'held')
    await statements() // the settings and criteria, cached by their version from here on
    const two = await statements()
    assert.equal(two.book.length, 2)
    for (const month of [3, 4, 5, 8]) await recordedMonth(branch.id, members.map((m) => m.id), month, month % 2 ? 'reviewed' : 'held')
    const six = await statements()
    assert.equal(six.book.length, 6)
    assert.equal(six.n, two.n, `${six.n} statements for 6 open days, ${two.n} for 2`)
    for (const record of six.book) assert.deepEqual(record, await summaryRecord(record.openDay.id))
    const may = six.book.find((r) => r.openDay.theme === '5月的开放日')!
    assert.deepEqual([may.dues?.collectedFen, may.dues?.paid, may.review.wentWell, may.review.actions[0]?.description], [3000, 1, '5月做得好', '5月的整改'])
  })
})

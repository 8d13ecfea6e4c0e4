// A write racing a lock: the page loaded the open day while it was held, then someone marked it reviewed before
// the write ran. Every feature's service must still refuse, because the lock is read inside its transaction.
import { incomingFile, jpeg } from '../helpers/photos.ts'
import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { db } from '../helpers/app.ts'
import { createMember, createOpenDay, createUser } from '../helpers/factories.ts'
import { fromLocal, local } from '../../src/lib/dates.ts'
import { findOpenDay } from '../../src/open-days/record.ts'
import * as records from '../../src/records/service.ts'
import * as recordSchemas from '../../src/records/schemas.ts'
import * as attendance from '../../src/attendance/service.ts'
import * as run from '../../src/run/service.ts'
import * as photos from '../../src/photos/service.ts'
import * as observers from '../../src/observers/service.ts'
import type { CurrentUser } from '../../src/lib/user.ts'

/** a held open day happening now, with a segment of each kind the writes need, loaded as a page would */
async function heldNow() {
  const branch = await db.branch.create({ data: { name: `支部${Math.random()}` } })
  const today = local().format('YYYY-MM-DD')
  const start = local().subtract(30, 'minute').format('HH:mm')
  const end = local().add(90, 'minute').format('HH:mm')
  const row = await createOpenDay(branch.id, { status: 'held', date: today, start: start < end ? start : '00:00', end: start < end ? end : '23:59' })
  const member = await createMember(branch.id, { name: '赵启洪' })
  const speeches = await db.segment.create({ data: { openDayId: row.id, position: 1, kind: 'speeches', title: '交流发言', plannedMinutes: 10 } })
  const speech = await db.speech.create({ data: { segmentId: speeches.id, position: 1, kind: 'exchange', memberId: member.id, topic: '体会' } })
  const u = await createUser('secretary', { branchId: branch.id })
  const user: CurrentUser = { id: u.id, username: u.username, displayName: u.displayName, role: 'secretary', branchId: branch.id, branchName: branch.name }
  const observer = await db.observer.create({ data: { openDayId: row.id, name: '王五', unit: '某单位' } })
  const comment = await db.comment.create({ data: { openDayId: row.id, learnings: '好', suggestions: '', idempotencyKey: `k-${row.id}`, editToken: `e-${row.id}` } })
  const openDay = await findOpenDay(row.id)
  return { openDay, member, speeches, speech, user, observer, comment }
}

/** marks the open day reviewed after the page loaded it, then expects `write` to be refused with 409 */
async function racesLock(write: (o: Awaited<ReturnType<typeof heldNow>>) => Promise<unknown>) {
  const o = await heldNow()
  await db.openDay.update({ where: { id: o.openDay.id }, data: { status: 'reviewed' } })
  await assert.rejects(() => write(o), (err: { status?: number; message: string }) => err.status === 409 && /定稿锁定/.test(err.message))
  return o
}

describe('a write racing the lock is refused inside its transaction', () => {
  it('segment records and speeches', async () => {
    const o = await racesLock((o) => records.saveSegmentRecord(o.user, o.openDay, o.speeches.id, recordSchemas.saveRecord.parse({ version: '1', summary: '改了' })))
    assert.equal((await db.segment.findUniqueOrThrow({ where: { id: o.speeches.id } })).summary, '')
    await racesLock((o) => records.addSpeech(o.user, o.openDay, o.speeches.id, recordSchemas.saveSpeech.parse({ kind: 'exchange', memberId: String(o.member.id), topic: '新题目' })))
    await racesLock((o) => records.updateSpeech(o.user, o.openDay, o.speeches.id, o.speech.id, recordSchemas.saveSpeech.parse({ kind: 'exchange', memberId: String(o.member.id), topic: '改题目' })))
    await racesLock((o) => records.deleteSpeech(o.user, o.openDay.id, o.speeches.id, o.speech.id))
    await racesLock((o) => records.moveSpeech(o.user, o.openDay.id, o.speeches.id, o.speech.id, 'down'))
  })

  it('attendance, 列席, make-up and members signing in', async () => {
    const o = await racesLock((o) => attendance.saveAttendance(o.user, o.openDay, [{ memberId: o.member.id, status: 'present', leaveReason: null, note: null, seen: attendance.fingerprint(null) }]))
    assert.equal(await db.attendance.count({ where: { openDayId: o.openDay.id } }), 0)
    await racesLock((o) => attendance.markAllPresent(o.user, o.openDay))
    await racesLock((o) => attendance.addAttendee(o.user, o.openDay, { name: '列席者', unit: undefined, kind: 'guest' }))
    await racesLock((o) => attendance.recordMakeUp(o.user, { ...o.openDay, endsAt: new Date(0) }, o.member.id, { madeUpOn: '2099-01-01', madeUpNote: undefined }))
    await racesLock((o) => attendance.signIn({ ...o.openDay, signInOpen: true }, o.member.id))
  })

  it('run mode: advance, notes, speaker, sign-in', async () => {
    const o = await racesLock((o) => run.advance(o.user, o.openDay.id, { to: o.speeches.id }))
    assert.equal((await db.segment.findUniqueOrThrow({ where: { id: o.speeches.id } })).startedAt, null)
    await racesLock((o) => run.saveNotes(o.user, o.openDay.id, { segmentId: o.speeches.id, version: 1, summary: '速记' }))
    await racesLock((o) => run.setSpeaker(o.user, o.openDay.id, o.speech.id))
    await racesLock((o) => run.setSignIn(o.user, o.openDay.id, true))
  })

  it('photos: upload and delete', async () => {
    const file = incomingFile(await jpeg(400, 300), 'a.jpg')
    const o = await racesLock((o) => photos.saveAttachment({ openDayId: o.openDay.id, segmentId: o.speeches.id, userId: o.user.id, kind: 'photo', caption: '', file }))
    assert.equal(await db.attachment.count({ where: { openDayId: o.openDay.id } }), 0)
    const held = await heldNow()
    const { attachment } = await photos.saveAttachment({ openDayId: held.openDay.id, segmentId: held.speeches.id, userId: held.user.id, kind: 'photo', caption: '', file })
    await db.openDay.update({ where: { id: held.openDay.id }, data: { status: 'reviewed' } })
    await assert.rejects(() => photos.deleteAttachment(attachment, held.user.id), { status: 409 })
    assert.equal(await db.attachment.count({ where: { id: attachment.id } }), 1)
  })

  it('observers: the comment window, invitations and moderation', async () => {
    await racesLock((o) => observers.updateObserverSettings(o.openDay, { commentsOpenAt: null, commentsCloseAt: fromLocal('2099-01-01', '12:00'), allowAnonymous: true, holdComments: false }))
    await racesLock((o) => observers.inviteObservers(o.openDay, { memberIds: [], typed: [{ name: '李四', title: null, unit: '某局' }] }, '机关党办'))
    await racesLock((o) => observers.deleteObserver(o.openDay.id, o.observer.id))
    await racesLock((o) => observers.hideComment(o.user, o.openDay.id, o.comment.id, { reason: '无关' }))
  })
})

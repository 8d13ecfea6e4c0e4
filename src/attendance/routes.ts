import { linkBase } from '../web/link-base.ts'
import { Router, type ErrorRequestHandler, type Request, type Response } from 'express'
import type { z } from 'zod'
import { qrSvg } from '../observers/links.ts'
import { loadOpenDay, openDayOf } from '../web/open-day.ts'
import { userOf } from '../web/auth.ts'
import { HttpError } from '../lib/errors.ts'
import { flash } from '../web/flash.ts'
import { form, idParam } from '../web/form.ts'
import { formatRate } from './counts.ts'
import { ATTENDEE_KINDS, ATTENDEE_KIND_LABELS, LEAVE_REASONS, LEAVE_REASON_LABELS, STATUS_LABELS, VIA_LABELS } from './labels.ts'
import { memberPageLimit, signInLimit } from './limits.ts'
import { signInLink } from './links.ts'
import * as schemas from './schemas.ts'
import * as attendance from './service.ts'
import { signInClosedMessage, signInState } from './window.ts'

/** attendance, 列席, make-up and the paper sign-in sheet (secretary); see signInRoutes for members' phones */
export const attendanceRoutes = Router()

/** members sign themselves in from their phones: /s/:token, no account */
export const signInRoutes = Router()

const labels = { STATUS_LABELS, LEAVE_REASON_LABELS, VIA_LABELS, ATTENDEE_KIND_LABELS, LEAVE_REASONS, ATTENDEE_KINDS, NOTE_MAX: schemas.NOTE_MAX, formatRate }

const read = loadOpenDay('read')
const pageUrl = (res: Response) => `/open-days/${openDayOf(res).id}/attendance`
const linkOf = async (req: Request, res: Response) => signInLink((await linkBase(req)).base, openDayOf(res).signInToken)

async function pageLocals(req: Request, res: Response) {
  const openDay = openDayOf(res)
  const att = await attendance.attendanceSummary(openDay.id)
  return {
    ...labels,
    title: `出勤登记 · ${openDay.theme}`,
    styles: ['/public/css/attendance.css'],
    scripts: ['/public/js/attendance.js'],
    att,
    seen: new Map(att.members.map((m) => [m.memberId, attendance.fingerprint(m)])),
    afterEvent: attendance.isAfterEvent(openDay),
    link: await linkOf(req, res),
    localLinks: (await linkBase(req)).localOnly,
    signIn: { state: signInState(openDay), message: signInClosedMessage(signInState(openDay), openDay) },
  }
}

/** every write: an editor of the branch; the service checks the lock inside its transaction */
type Done = { text: string; anchor?: string }
function write<S extends z.ZodType>(schema: S, action: (input: z.output<S>, req: Request, res: Response) => Promise<Done>) {
  return [
    ...loadOpenDay('write'),
    form({ schema, view: 'attendance/index', locals: pageLocals }, async (input, req, res) => {
      const { text, anchor } = await action(input, req, res)
      flash(req, 'success', text)
      res.redirect(`${pageUrl(res)}${anchor ? `#${anchor}` : ''}`)
    }),
  ]
}

attendanceRoutes.get('/open-days/:id/attendance', ...read, async (req, res) => {
  res.render('attendance/index', await pageLocals(req, res))
})

attendanceRoutes.post(
  '/open-days/:id/attendance',
  ...write(schemas.saveAttendance, async (rows, req, res) => {
    const n = await attendance.saveAttendance(userOf(req), openDayOf(res), rows)
    return { text: n ? `出勤已保存（${n} 人有变更）。` : '出勤没有变更。' }
  }),
)

attendanceRoutes.post(
  '/open-days/:id/attendance/all-present',
  ...write(schemas.markAllPresent, async (_input, req, res) => {
    const n = await attendance.markAllPresent(userOf(req), openDayOf(res))
    return { text: n ? `已将未登记的 ${n} 人标记为出席。` : '没有未登记的党员。' }
  }),
)

attendanceRoutes.post(
  '/open-days/:id/attendance/attendees',
  ...write(schemas.addAttendee, async (input, req, res) => {
    await attendance.addAttendee(userOf(req), openDayOf(res), input)
    return { text: `已添加列席人员“${input.name}”。`, anchor: 'attendees' }
  }),
)

attendanceRoutes.post(
  '/open-days/:id/attendance/attendees/:attendeeId/delete',
  ...write(schemas.noFields, async (_input, req, res) => {
    const name = await attendance.removeAttendee(userOf(req), openDayOf(res), idParam(req, 'attendeeId'))
    return { text: name ? `已移除列席人员“${name}”。` : '该列席人员已移除。', anchor: 'attendees' }
  }),
)

attendanceRoutes.post(
  '/open-days/:id/attendance/make-up/:memberId',
  ...write(schemas.recordMakeUp, async (input, req, res) => {
    const name = await attendance.recordMakeUp(userOf(req), openDayOf(res), idParam(req, 'memberId'), input)
    return { text: `已登记${name}的补课。`, anchor: 'make-up' }
  }),
)

attendanceRoutes.post(
  '/open-days/:id/attendance/make-up/:memberId/clear',
  ...write(schemas.noFields, async (_input, req, res) => {
    const name = await attendance.recordMakeUp(userOf(req), openDayOf(res), idParam(req, 'memberId'), null)
    return { text: `已清除${name}的补课登记。`, anchor: 'make-up' }
  }),
)

attendanceRoutes.get('/open-days/:id/attendance/qr.svg', ...read, async (req, res) => {
  res.type('image/svg+xml').set('Cache-Control', 'private, max-age=300').send(await qrSvg(await linkOf(req, res)))
})

attendanceRoutes.get('/open-days/:id/attendance/sheet', ...read, async (req, res) => {
  const openDay = openDayOf(res)
  res.render('attendance/sheet', {
    title: `签到表 · ${openDay.theme}`,
    styles: ['/public/css/attendance.css'],
    scripts: ['/public/js/print.js'],
    bodyClass: 'sheet-page',
    att: await attendance.attendanceSummary(openDay.id),
    STANDING: { full: '正式', probationary: '预备' },
    blankRows: 5,
  })
})

// ---- the members' phones ----

const tokenOf = (req: Request) => String(req.params.token)
const doneUrl = (token: string, memberId: number, again: boolean) => `/s/${encodeURIComponent(token)}/m/${memberId}${again ? '?again=1' : ''}`

async function signInLocals(req: Request) {
  const openDay = await attendance.openDayBySignInToken(tokenOf(req))
  const state = signInState(openDay)
  return { title: `签到 · ${openDay.theme}`, openDay, state, closedMessage: signInClosedMessage(state, openDay), members: state === 'open' ? await attendance.signInMembers(openDay) : [] }
}

signInRoutes.get('/s/:token', async (req, res) => {
  res.render('attendance/sign-in', await signInLocals(req))
})

signInRoutes.post(
  '/s/:token',
  signInLimit,
  form({ schema: schemas.signIn, view: 'attendance/sign-in', locals: signInLocals }, async ({ memberId }, req, res) => {
    const openDay = await attendance.openDayBySignInToken(tokenOf(req))
    const { already } = await attendance.signIn(openDay, memberId)
    res.redirect(303, doneUrl(openDay.signInToken, memberId, already))
  }),
)

signInRoutes.get('/s/:token/m/:memberId', memberPageLimit, async (req, res) => {
  const openDay = await attendance.openDayBySignInToken(tokenOf(req))
  // names only while members sign in: the link outlives the day
  const state = signInState(openDay)
  if (state !== 'open') throw new HttpError(410, signInClosedMessage(state, openDay))
  const member = await attendance.memberSignIn(openDay, idParam(req, 'memberId'))
  res.render('attendance/signed-in', { title: member.present ? '已签到' : '尚未签到', openDay, member, again: req.query.again === '1' })
})

/** the phone pages keep their own plain layout for a wrong link or a closed sign-in */
const phoneErrors: ErrorRequestHandler = (err, _req, res, next) => {
  if (!(err instanceof HttpError) || res.headersSent) return next(err)
  res.status(err.status).render('attendance/message', { title: err.status === 404 ? '链接无效' : '无法签到', message: err.message })
}
signInRoutes.use('/s', phoneErrors)

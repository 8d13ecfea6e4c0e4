import { linkBase } from '../web/link-base.ts'
import { Router, type Request, type RequestHandler, type Response } from 'express'
import type { z } from 'zod'
import { kindLabel } from '../agenda/kinds.ts'
import { attendanceSummary } from '../attendance/service.ts'
import { observerLink } from '../observers/links.ts'
import { signInLink } from '../attendance/links.ts'
import { closedMessage } from '../comments/service.ts'
import { commentAvailability, commentWindow } from '../comments/window.ts'
import { dateInput } from '../lib/dates.ts'
import { loadOpenDay, openDayOf } from '../web/open-day.ts'
import { canRead } from '../open-days/policy.ts'
import { parseRecord } from '../records/shapes.ts'
import { requireLogin, userOf } from '../web/auth.ts'
import { forbidden } from '../lib/errors.ts'
import { flash } from '../web/flash.ts'
import { form, idParam } from '../web/form.ts'
import { renderString } from '../web/render.ts'
import { fontVh, pageIndex, stageText } from './pages.ts'
import * as schemas from './schemas.ts'
import * as run from './service.ts'

/** run mode for the host and the projector view that follows it */
export const runRoutes = Router()

const stateOf = (res: Response): run.RunState => res.locals.run
const loadState: RequestHandler = async (_req, res, next) => {
  res.locals.run = await run.runState(openDayOf(res).id)
  next()
}
/** run mode is for editors of the branch; the projector for every reader */
const loadRun = (mode: 'read' | 'write') => [...loadOpenDay(mode), loadState]
const runUrl = (res: Response) => `/open-days/${stateOf(res).openDay.id}/run`
const helpers = { kindLabel, parseRecord, stageText, pageIndex, fontVh }

async function runLocals(req: Request, res: Response) {
  const state = stateOf(res)
  const { openDay } = state
  return {
    ...helpers,
    ...state,
    title: `主持模式 · ${openDay.theme}`,
    styles: ['/public/css/run.css'],
    scripts: ['/public/js/run.js'],
    bodyClass: 'run-page',
    eventDay: dateInput(openDay.startsAt) === dateInput(new Date()),
    commentsClosed: commentsClosedMessage(openDay),
    attendance: await attendanceSummary(openDay.id),
    localLinks: (await linkBase(req)).localOnly,
  }
}

/** why observers cannot comment now (the projector then shows no comment QR code), or null when they can */
function commentsClosedMessage(openDay: run.RunState['openDay']): string | null {
  const state = commentAvailability(openDay)
  if (state === 'open') return null
  const { opensAt, closesAt } = commentWindow(openDay)
  return closedMessage(state, opensAt, closesAt)
}

runRoutes.get('/open-days/:id/run', ...loadRun('write'), async (req, res) => {
  res.render('run/host', await runLocals(req, res))
})

/** a run-mode button: an editor of the branch (the service checks the lock in its transaction), then back to run mode */
function action<S extends z.ZodType>(path: string, schema: S, act: (input: z.output<S>, req: Request, res: Response) => Promise<string | null>) {
  runRoutes.post(
    `/open-days/:id/run/${path}`,
    ...loadRun('write'),
    form({ schema, view: 'run/host', locals: runLocals }, async (input, req, res) => {
      const text = await act(input, req, res)
      if (text) flash(req, 'success', text)
      res.redirect(runUrl(res))
    }),
  )
}

action('advance', schemas.advance, async (input, req, res) => {
  const { changed } = await run.advance(userOf(req), stateOf(res).openDay.id, input)
  return changed ? null : '该环节已经切换过了，未重复操作。'
})
action('speaker', schemas.speaker, async (input, req, res) => {
  await run.setSpeaker(userOf(req), stateOf(res).openDay.id, input.speechId ?? null)
  return null
})
action('rehearsal', schemas.rehearsal, async (input, req, res) => {
  await run.setRehearsal(userOf(req), stateOf(res).openDay.id, input.on)
  return input.on ? '已进入演练：各环节的计时不写入记录。' : '演练已结束，演练计时已全部清除。'
})
action('page', schemas.page, async (input, _req, res) => {
  await run.setProjectorPage(stateOf(res).openDay.id, input.page)
  return null
})
action('sign-in', schemas.signIn, async (input, req, res) => {
  await run.setSignIn(userOf(req), stateOf(res).openDay.id, input.open)
  return input.open ? '已开始扫码签到，投影页面显示签到二维码。' : '已结束扫码签到。'
})

/** quick notes: a form post without JavaScript, JSON for run.js's autosave; a stale note gets 409 with both texts */
runRoutes.post(
  '/open-days/:id/run/notes',
  ...loadRun('write'),
  form({ schema: schemas.notes, view: 'run/host', locals: runLocals }, async (input, req, res) => {
    const result = await run.saveNotes(userOf(req), stateOf(res).openDay.id, input)
    const json = req.accepts(['html', 'json']) === 'json'
    if ('stale' in result && result.stale) {
      if (json) return void res.status(409).json({ error: '速记已被他人修改', current: result.stale })
      res.status(409).render('run/host', { ...(await runLocals(req, res)), staleNotes: { mine: input.summary, theirs: result.stale.summary }, values: { ...input, version: result.stale.version } })
      return
    }
    if (json) return void res.json({ version: result.version })
    flash(req, 'success', '速记已保存。')
    res.redirect(runUrl(res))
  }),
)

// ---- the projector -------------------------------------------------------------------------------

async function stageLocals(req: Request, res: Response) {
  const state = stateOf(res)
  const signIn = state.openDay.signInOpen ? await attendanceSummary(state.openDay.id) : null
  const { base } = await linkBase(req)
  return {
    ...helpers,
    ...state,
    signIn,
    link: signInLink(base, state.openDay.signInToken),
    observerLink: observerLink(base, state.openDay.observerToken),
    commentsOpen: commentAvailability(state.openDay) === 'open',
  }
}

runRoutes.get('/open-days/:id/projector', ...loadRun('read'), async (req, res) => {
  res.render('run/projector', { ...(await stageLocals(req, res)), version: (await run.projectorVersion(stateOf(res).openDay.id)).version, title: stateOf(res).openDay.theme })
})

/** the projector's poll: one cheap read when nothing changed, the new stage when something did */
runRoutes.get('/open-days/:id/projector.json', requireLogin, async (req, res) => {
  const id = idParam(req)
  const { version, branchId } = await run.projectorVersion(id)
  if (!canRead(userOf(req), { branchId })) throw forbidden()
  res.set('Cache-Control', 'no-store')
  if (req.query.v === version) return void res.json({ version })
  res.locals.run = await run.runState(id)
  res.json({ version, html: await renderString(res, 'run/_stage', await stageLocals(req, res)) })
})

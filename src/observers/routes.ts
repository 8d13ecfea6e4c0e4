import { Router, type Request, type RequestHandler, type Response } from 'express'
import { config } from '../config.ts'
import { assertCanEditBranch, canEditBranch, requireEditor, requireLogin, userOf } from '../web/auth.ts'
import { forbidden } from '../web/errors.ts'
import { flash } from '../web/flash.ts'
import { form, idParam, parseQuery } from '../web/form.ts'
import { dateInput, timeInput } from '../lib/dates.ts'
import { commentWindow } from '../comments/window.ts'
import { getSettings } from '../settings/service.ts'
import { allCriteria, shownCriteria } from '../assessment/criteria.ts'
import { commentsCsv } from './csv.ts'
import { observerLink, publicBase, qrSvg } from './links.ts'
import { averageScores, commentStats, COMMENT_STATUS_LABELS, parseScores } from './scores.ts'
import { wallItem } from './wall.ts'
import * as schemas from './schemas.ts'
import * as observers from './service.ts'

/** invitations, links and QR codes, moderation, the wall and the export: for the branch and the office */
export const observerRoutes = Router()

/** the office and viewers read every open day's observers; a secretary only their own branch's */
const reader: RequestHandler = async (req, res, next) => {
  const openDay = await observers.getOpenDay(idParam(req))
  const user = userOf(req)
  if (user.role === 'secretary' && user.branchId !== openDay.branchId) throw forbidden()
  res.locals.openDay = openDay
  res.locals.mayManage = canEditBranch(user, openDay.branchId)
  next()
}

/** changes: the branch's secretary and the office */
const manager: RequestHandler = async (req, res, next) => {
  const openDay = await observers.getOpenDay(idParam(req))
  assertCanEditBranch(req.user, openDay.branchId)
  res.locals.openDay = openDay
  res.locals.mayManage = true
  next()
}

const read = [requireLogin, reader]
const manage = [requireEditor, manager]

const openDayOf = (res: Response): observers.ObserverOpenDay => res.locals.openDay
const baseOf = (req: Request) => publicBase(config.PUBLIC_URL, req.protocol, req.get('host'))
const linkOf = (req: Request, res: Response) => observerLink(baseOf(req), openDayOf(res).observerToken)

function settingsValues(o: observers.ObserverOpenDay) {
  const date = (d: Date | null) => (d ? dateInput(d) : '')
  const time = (d: Date | null) => (d ? timeInput(d) : '')
  return {
    commentsOpenDate: date(o.commentsOpenAt),
    commentsOpenTime: time(o.commentsOpenAt),
    commentsCloseDate: date(o.commentsCloseAt),
    commentsCloseTime: time(o.commentsCloseAt),
    allowAnonymous: o.allowAnonymous,
    holdComments: o.holdComments,
  }
}

async function observersLocals(req: Request, res: Response) {
  const openDay = openDayOf(res)
  const { officeName } = await getSettings()
  const link = linkOf(req, res)
  const list = await observers.listObservers(openDay.id)
  return {
    title: `观摩点评 · ${openDay.theme}`,
    link,
    qr: await qrSvg(link),
    window: commentWindow(openDay),
    settingsValues: settingsValues(openDay),
    inviteOptions: res.locals.mayManage ? await observers.inviteOptions(openDay, officeName) : [],
    observers: list.map((o) => ({ ...o, personalLink: observerLink(baseOf(req), openDay.observerToken, o.token) })),
  }
}

const backToObservers = (req: Request, res: Response, text: string) => {
  flash(req, 'success', text)
  res.redirect(`/open-days/${openDayOf(res).id}/observers`)
}

observerRoutes.get('/open-days/:id/observers', ...read, async (req, res) => {
  res.render('observers/index', await observersLocals(req, res))
})

observerRoutes.get('/open-days/:id/observers/card', ...read, async (req, res) => {
  const link = linkOf(req, res)
  res.render('observers/card', { title: `扫码点评 · ${openDayOf(res).theme}`, link, qr: await qrSvg(link) })
})

observerRoutes.get('/open-days/:id/observers/qr.svg', ...read, async (req, res) => {
  res.type('image/svg+xml').set('Cache-Control', 'private, max-age=300').send(await qrSvg(linkOf(req, res)))
})

observerRoutes.post(
  '/open-days/:id/observers/settings',
  ...manage,
  form({ schema: schemas.updateObserverSettings, view: 'observers/index', locals: observersLocals }, async (input, req, res) => {
    await observers.updateObserverSettings(openDayOf(res), input)
    backToObservers(req, res, '点评设置已保存。')
  }),
)

observerRoutes.post(
  '/open-days/:id/observers',
  ...manage,
  form({ schema: schemas.inviteObserver, view: 'observers/index', locals: observersLocals }, async (input, req, res) => {
    const name = await observers.inviteObserver(openDayOf(res), input, (await getSettings()).officeName)
    backToObservers(req, res, `已邀请“${name}”。可把个人链接发给本人。`)
  }),
)

observerRoutes.post(
  '/open-days/:id/observers/:observerId/delete',
  ...manage,
  form({ schema: schemas.noFields, view: 'observers/index', locals: observersLocals }, async (_input, req, res) => {
    const name = await observers.deleteObserver(openDayOf(res).id, idParam(req, 'observerId'))
    backToObservers(req, res, `已删除对“${name}”的邀请。`)
  }),
)

// ---- moderation ----

async function commentsLocals(_req: Request, res: Response) {
  const openDay = openDayOf(res)
  const comments = await observers.listComments(openDay.id)
  const commentCriteria = shownCriteria(await allCriteria(), comments.flatMap((c) => c.criterionScores))
  return {
    title: `点评管理 · ${openDay.theme}`,
    criteria: commentCriteria,
    stats: commentStats(comments),
    averages: averageScores(comments.filter((c) => c.status !== 'hidden'), commentCriteria),
    comments: comments.map((c) => ({ ...c, scoreMap: parseScores(c.criterionScores, commentCriteria) })),
    COMMENT_STATUS_LABELS,
  }
}

observerRoutes.get('/open-days/:id/comments', ...read, async (req, res) => {
  res.render('observers/comments', await commentsLocals(req, res))
})

const backToComments = (req: Request, res: Response, text: string) => {
  flash(req, 'success', text)
  res.redirect(`/open-days/${openDayOf(res).id}/comments#c-${idParam(req, 'commentId')}`)
}

/** a moderation button: no fields, or a broken rule shown above the list */
function moderate(action: (req: Request, openDayId: number, commentId: number) => Promise<void>, done: string) {
  return form({ schema: schemas.noFields, view: 'observers/comments', locals: commentsLocals }, async (_input, req, res) => {
    await action(req, openDayOf(res).id, idParam(req, 'commentId'))
    backToComments(req, res, done)
  })
}

observerRoutes.post('/open-days/:id/comments/:commentId/approve', ...manage, moderate((_req, o, c) => observers.approveComment(o, c), '点评已审核通过，已上墙。'))
observerRoutes.post('/open-days/:id/comments/:commentId/unhide', ...manage, moderate((_req, o, c) => observers.unhideComment(o, c), '点评已恢复显示。'))
observerRoutes.post('/open-days/:id/comments/:commentId/adopt', ...manage, moderate((req, o, c) => observers.adoptComment(userOf(req), o, c), '已标记为采纳。'))
observerRoutes.post('/open-days/:id/comments/:commentId/unadopt', ...manage, moderate((_req, o, c) => observers.unadoptComment(o, c), '已取消采纳标记。'))

observerRoutes.post(
  '/open-days/:id/comments/:commentId/hide',
  ...manage,
  form({ schema: schemas.hideComment, view: 'observers/comments', locals: commentsLocals }, async (input, req, res) => {
    await observers.hideComment(userOf(req), openDayOf(res).id, idParam(req, 'commentId'), input)
    backToComments(req, res, '点评已隐藏，不再在点评墙上显示。')
  }),
)

// ---- the wall and the export ----

observerRoutes.get('/open-days/:id/wall', ...read, async (req, res) => {
  const openDay = openDayOf(res)
  const link = linkOf(req, res)
  const comments = (await observers.wallComments(openDay.id)).map(wallItem)
  res.render('observers/wall', {
    title: `点评墙 · ${openDay.theme}`,
    link,
    qr: await qrSvg(link),
    comments,
    total: await observers.countOnWall(openDay.id),
    lastId: comments[0]?.id ?? 0,
  })
})

observerRoutes.get('/open-days/:id/wall.json', ...read, async (req, res) => {
  const { after } = parseQuery(schemas.wallQuery, req.query)
  const openDay = openDayOf(res)
  const [comments, visible, total] = await Promise.all([observers.wallComments(openDay.id, after), observers.wallVersions(openDay.id), observers.countOnWall(openDay.id)])
  res.set('Cache-Control', 'no-store').json({ comments: comments.map(wallItem), visible, total, lastId: Math.max(after, comments[0]?.id ?? 0) })
})

observerRoutes.get('/open-days/:id/comments.csv', ...read, async (_req, res) => {
  const openDay = openDayOf(res)
  const comments = await observers.exportComments(openDay.id)
  const csv = commentsCsv(comments, shownCriteria(await allCriteria(), comments.flatMap((c) => c.criterionScores)))
  res.type('text/csv; charset=utf-8').attachment(`点评-${openDay.id}.csv`).set('Cache-Control', 'no-store').send(csv)
})

import { linkBase } from '../web/link-base.ts'
import { Router, type Request, type Response } from 'express'
import { loadOpenDay, openDayOf } from '../web/open-day.ts'
import type { LoadedOpenDay } from '../open-days/record.ts'
import { requireLogin, userOf } from '../web/auth.ts'
import { forbidden, notFound } from '../lib/errors.ts'
import { canRead } from '../open-days/policy.ts'
import { versionsById } from '../open-days/queries.ts'
import { flash } from '../web/flash.ts'
import { form, idParam, parseQuery } from '../web/form.ts'
import { dateInput, timeInput } from '../lib/dates.ts'
import { pageHref, pageQuery } from '../lib/paging.ts'
import { commentWindow } from '../comments/window.ts'
import { getSettings } from '../settings/service.ts'
import { allCriteria, shownCriteria } from '../assessment/criteria.ts'
import { commentsCsv } from './csv.ts'
import { observerLink, qrSvg } from './links.ts'
import { averageScores, commentStats, COMMENT_STATUS_LABELS, parseScores } from './scores.ts'
import * as schemas from './schemas.ts'
import * as observers from './service.ts'

/** invitations, links and QR codes, moderation, the wall and the export: for the branch and the office */
export const observerRoutes = Router()

/** the office and viewers read every open day's observers; the branch's secretary and the office change them */
const read = loadOpenDay('read')
const manage = loadOpenDay('write')
const baseOf = async (req: Request) => (await linkBase(req)).base
const linkOf = async (req: Request, res: Response) => observerLink(await baseOf(req), openDayOf(res).observerToken)

function settingsValues(o: LoadedOpenDay) {
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
  const { base, localOnly } = await linkBase(req)
  const link = observerLink(base, openDay.observerToken)
  // a re-rendered form shows the first page; the list's own links carry ?page=
  const { page } = req.method === 'GET' ? parseQuery(pageQuery, req.query) : { page: 1 }
  const { observers: list, pager } = await observers.listObservers(openDay.id, page)
  return {
    title: `观摩点评 · ${openDay.theme}`,
    link,
    localLinks: localOnly,
    qr: await qrSvg(link),
    window: commentWindow(openDay),
    settingsValues: settingsValues(openDay),
    inviteOptions: res.locals.mayManage ? await observers.inviteOptions(openDay, officeName) : [],
    observers: list.map((o) => ({ ...o, personalLink: observerLink(base, openDay.observerToken, o.token) })),
    pager,
    href: (p: number) => pageHref(`/open-days/${openDay.id}/observers`, {}, p),
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
  const link = await linkOf(req, res)
  res.render('observers/card', { title: `扫码点评 · ${openDayOf(res).theme}`, link, qr: await qrSvg(link) })
})

observerRoutes.get('/open-days/:id/observers/qr.svg', ...read, async (req, res) => {
  res.type('image/svg+xml').set('Cache-Control', 'private, max-age=300').send(await qrSvg(await linkOf(req, res)))
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
  form({ schema: schemas.inviteObservers, view: 'observers/index', locals: observersLocals }, async (input, req, res) => {
    const { invited, skipped } = await observers.inviteObservers(openDayOf(res), input, (await getSettings()).officeName)
    const already = skipped.length ? `${skipped.join('、')}已在邀请名单中，未重复邀请。` : ''
    backToObservers(req, res, invited.length ? `已邀请 ${invited.length} 人：${invited.join('、')}。${already}` : already)
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

observerRoutes.get('/open-days/:id/comments', ...manage, async (req, res) => {
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
  const link = await linkOf(req, res)
  const { comments, total } = await observers.wallState((await versionsById(openDay.id))!)
  res.render('observers/wall', {
    title: `点评墙 · ${openDay.theme}`,
    link,
    qr: await qrSvg(link),
    comments,
    total,
    lastId: comments[0]?.id ?? 0,
  })
})

/** polled every second: one small read of the versions, the rest from what the last change computed */
observerRoutes.get('/open-days/:id/wall.json', requireLogin, async (req, res) => {
  const { after } = parseQuery(schemas.wallQuery, req.query)
  const v = await versionsById(idParam(req))
  if (!v) throw notFound('开放日')
  if (!canRead(userOf(req), v)) throw forbidden()
  res.set('Cache-Control', 'no-store').json(await observers.wallSince(v, after))
})

observerRoutes.get('/open-days/:id/comments.csv', ...manage, async (_req, res) => {
  const openDay = openDayOf(res)
  const comments = await observers.exportComments(openDay.id)
  const csv = commentsCsv(comments, shownCriteria(await allCriteria(), comments.flatMap((c) => c.criterionScores)))
  res.type('text/csv; charset=utf-8').attachment(`点评-${openDay.id}.csv`).set('Cache-Control', 'no-store').send(csv)
})

import { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express'
import { formBody } from '../web/body.ts'
import { csrfLocals, csrfProtection } from '../web/csrf.ts'
import { flash } from '../web/flash.ts'
import { form } from '../web/form.ts'
import { HttpError } from '../lib/errors.ts'
import { perIpLimit, perLinkLimit } from './limits.ts'
import { cachedPhonePage, phonePageLocals } from './page-routes.ts'
import * as schemas from './schemas.ts'
import * as comments from './service.ts'

/** the observers' phone page and their own comments: no account */
export const publicCommentRoutes = Router()

const wantsJson = (req: Request): boolean => req.accepts(['html', 'json']) === 'json'
const tokenOf = (req: Request): string => String(req.params.token)
const thanksUrl = (openDay: comments.PublicOpenDay, editToken: string) => `/o/${openDay.observerToken}/comments/${editToken}`
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** the fetch path learns where to go; a plain form POST is redirected there (POST/redirect/GET) */
function sendTo(req: Request, res: Response, location: string, status = 200): void {
  if (wantsJson(req)) res.status(status).json({ ok: true, location })
  else res.redirect(303, location)
}

/** the event, whether the form is open, and what the form asks */
async function pageLocals(req: Request) {
  return phonePageLocals(await comments.openDayByToken(tokenOf(req)))
}

async function thanksLocals(req: Request) {
  const locals = await pageLocals(req)
  const comment = await comments.ownComment(locals.openDay.id, String(req.params.editToken))
  return { ...locals, title: '感谢您的点评', comment, scores: comments.scoresOf(comment), editable: locals.state === 'open' && comment.status !== 'hidden' }
}

publicCommentRoutes.get('/o/:token', async (req, res) => {
  const locals = await pageLocals(req)
  const inviteToken = typeof req.query.i === 'string' ? req.query.i : null
  const invite = await comments.findInvite(locals.openDay.id, inviteToken)
  // arriving means opening the link while the event takes comments, not reading the invitation days ahead
  if (invite && !invite.arrivedAt && locals.state === 'open') await comments.markArrived(invite.id)
  res.render('comments/new', {
    ...locals,
    idempotencyKey: comments.newIdempotencyKey(),
    invite: invite ? inviteToken : null,
    values: invite ? { authorName: invite.name, authorUnit: invite.unit ?? '' } : {},
  })
})

const createComment = [
  perIpLimit,
  perLinkLimit,
  form(
    {
      schema: schemas.createComment,
      view: 'comments/new',
      // a re-rendered form keeps its key: nothing was saved, and a retry must still count once
      locals: async (req) => ({
        ...(await pageLocals(req)),
        idempotencyKey: UUID.test(String(req.body?.idempotencyKey)) ? String(req.body.idempotencyKey) : comments.newIdempotencyKey(),
        invite: typeof req.body?.invite === 'string' ? req.body.invite : null,
      }),
    },
    async (input, req, res) => {
      const openDay = await comments.openDayByToken(tokenOf(req))
      const { editToken, created } = await comments.createComment(openDay, input)
      sendTo(req, res, thanksUrl(openDay, editToken), created ? 201 : 200)
    },
  ),
]
publicCommentRoutes.post('/o/:token/comments', ...createComment)

publicCommentRoutes.get('/o/:token/comments/:editToken', async (req, res) => {
  const locals = await thanksLocals(req)
  res.render('comments/thanks', { ...locals, values: comments.formValuesOf(locals.comment) })
})

publicCommentRoutes.post(
  '/o/:token/comments/:editToken',
  perIpLimit,
  form({ schema: schemas.updateComment, view: 'comments/thanks', locals: thanksLocals }, async (input, req, res) => {
    const { openDay, comment } = await thanksLocals(req)
    await comments.updateComment(openDay, comment, input)
    flash(req, 'success', '修改已保存。')
    sendTo(req, res, thanksUrl(openDay, comment.editToken))
  }),
)

/** the observer's pages keep their own plain layout for a wrong link or a closed form */
const phoneErrors: ErrorRequestHandler = (err, req, res, next) => {
  // a refused CSRF token goes on to the app's error handler, as it does behind the session
  if (!(err instanceof HttpError) || res.headersSent || (err as { code?: string }).code === 'EBADCSRFTOKEN') return next(err)
  res.status(err.status)
  if (wantsJson(req)) return res.json({ error: err.message })
  res.render('comments/message', { title: err.status === 404 ? '链接无效' : '无法提交', message: err.message })
}
publicCommentRoutes.use('/o', phoneErrors)

/** a request with a session cookie goes on to the full stack (a logged-in user's own CSRF token, a flash) */
const withoutSession: RequestHandler = (req, _res, next) => next(req.headers.cookie?.includes('openday.sid=') ? 'route' : undefined)

/**
 * The phone page and the comment POST of a room of observers, mounted before compression and the session
 * (src/app.ts): the page cached (./page.ts), the POST with its body, its cookie-bound CSRF token and its limits.
 */
export const earlyPublicCommentRoutes = Router()
earlyPublicCommentRoutes.get('/o/:token', withoutSession, cachedPhonePage)
earlyPublicCommentRoutes.post('/o/:token/comments', withoutSession, ...formBody, csrfLocals, csrfProtection, ...createComment)
earlyPublicCommentRoutes.use('/o', phoneErrors)

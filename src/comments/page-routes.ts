// the observers' phone page served from its cached rendering (an HTTP handler: it lives with the routes)
import { randomBytes } from 'node:crypto'
import type { RequestHandler } from 'express'
import { VersionedCache } from '../cache/versioned.ts'
import { anonymousToken } from '../web/csrf.ts'
import { renderString } from '../web/render.ts'
import { SplicedPage } from '../web/spliced-page.ts'
import { phoneAgenda } from './agenda.ts'
import * as schemas from './schemas.ts'
import * as comments from './service.ts'

/** what the phone page shows that depends on the clock: whether the form is open, the agenda's current line */
function phoneState(openDay: comments.PublicOpenDay, now: Date) {
  const { state, opensAt, closesAt } = comments.availabilityOf(openDay, now)
  return { state, closesAt, closedMessage: comments.closedMessage(state, opensAt, closesAt), agenda: phoneAgenda(openDay.startsAt, openDay.segments, now) }
}

/** the observers' phone page's locals (the comment form's page and its re-renders) */
export async function phonePageLocals(openDay: comments.PublicOpenDay, now = new Date()) {
  return {
    title: openDay.theme,
    openDay,
    ...phoneState(openDay, now),
    criteria: await comments.commentCriteria(),
    TEXT_MAX: schemas.TEXT_MAX,
    NAME_MAX: schemas.NAME_MAX,
    UNIT_MAX: schemas.UNIT_MAX,
  }
}

// placeholders the cached page is rendered with: word characters only, so escaping leaves them as they are
const CSRF_SLOT = `splice${randomBytes(8).toString('hex')}csrf`
const KEY_SLOT = `splice${randomBytes(8).toString('hex')}key`

const pages = new VersionedCache<SplicedPage>(500)

/**
 * The phone page of an observer link (`GET /o/:token`) without a session, rendered once per version and clock
 * state and served with this request's CSRF token and idempotency key spliced in. A personal link (?i=) takes
 * the full route instead (it marks the arrival and fills in the name), as does an unknown token (its 404).
 */
export const cachedPhonePage: RequestHandler = async (req, res, next) => {
  if (req.query.i !== undefined) return next()
  const found = await comments.publicOpenDayByToken(String(req.params.token))
  if (!found) return next()
  const { openDay, v } = found
  const view = phoneState(openDay, new Date())
  // the page changes with the open day's rows, branch names, criteria, and the clock's state and agenda line
  const version = `${v.data}.${v.directory}.${v.settings}.${view.state}.${view.agenda.findIndex((l) => l.current)}`
  const page = await pages.get(String(openDay.id), version, async () => {
    const locals = { ...(await phonePageLocals(openDay)), ...view, idempotencyKey: KEY_SLOT, invite: null, values: {}, errors: {} }
    return new SplicedPage(await renderString(res, 'comments/new', { ...locals, csrfToken: () => CSRF_SLOT, flash: [] }), [CSRF_SLOT, KEY_SLOT])
  })
  const values = [anonymousToken(req, res), comments.newIdempotencyKey()]
  const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip'
  res.set({ 'Content-Type': 'text/html; charset=utf-8', Vary: 'Accept-Encoding', 'Cache-Control': 'no-store' })
  if (gzip) res.set('Content-Encoding', 'gzip')
  res.end(gzip ? page.gzip(values) : page.text(values))
}

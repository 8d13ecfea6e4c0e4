import type { Express, RequestHandler } from 'express'
import { ROLE_LABELS } from '../accounts/roles.ts'
import { formatDate, formatDateTime, formatRange, dateInput, timeInput } from '../lib/dates.ts'
import { STATUS_LABELS } from '../open-days/status.ts'
import { getSettings } from '../settings/service.ts'
import { logger } from './logger.ts'

/** helpers every view may use; views never query */
const helpers = { formatDate, formatDateTime, formatRange, dateInput, timeInput, ROLE_LABELS, STATUS_LABELS }

export const viewLocals: RequestHandler = (req, res, next) => {
  // defaults so any page, the error page included, renders before the session and user load
  Object.assign(res.locals, helpers, { path: req.path, values: {}, errors: {}, summary: null, title: undefined, currentUser: null, flash: [], csrfToken: () => '' })
  next()
}

type RenderDone = (err: Error | null, html?: string) => void

/**
 * Every rendered page's footer names the committee from 设置 as it stands: the cached settings, checked against the
 * settings counter all instances share (read with the session, or in one small read of its own), so a rename made on
 * one instance shows on every instance's next page. Without a readable database the footer says the default name.
 */
export function footerFromSettings(app: Express): void {
  const render = app.render.bind(app) as (name: string, options: object, done: RenderDone) => void
  app.render = ((name: string, options: object, done: RenderDone) => {
    let called = false
    const finish: RenderDone = (err, html) => ((called = true), done(err, html))
    // the counter read with the session (res.locals, which res.render passes as _locals), else one small read
    const locals = (options as { _locals?: { settingsVersion?: number } })._locals
    void getSettings(locals?.settingsVersion)
      .then((s) => s.officeName, () => undefined)
      .then((officeName) => render(name, { officeName, ...options }, finish))
      // what rendering or sending threw: to the request's error path once, never an unhandled rejection
      .catch((err: Error) => (called ? logger.error({ err }, 'sending a rendered page failed') : done(err)))
  }) as Express['render']
}

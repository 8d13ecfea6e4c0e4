import type { RequestHandler, Response } from 'express'
import { ROLE_LABELS } from '../accounts/roles.ts'
import { formatDate, formatDateTime, formatRange, dateInput, timeInput } from '../lib/dates.ts'
import { STATUS_LABELS } from '../open-days/status.ts'
import { getSettings } from '../settings/service.ts'

/** helpers every view may use; views never query */
const helpers = { formatDate, formatDateTime, formatRange, dateInput, timeInput, ROLE_LABELS, STATUS_LABELS }

export const viewLocals: RequestHandler = (req, res, next) => {
  // defaults so any page, the error page included, renders before the session and user load
  Object.assign(res.locals, helpers, { path: req.path, values: {}, errors: {}, summary: null, title: undefined, currentUser: null, flash: [], csrfToken: () => '' })
  withOfficeName(res)
  next()
}

/** the footer names the committee from 设置: read (cached) just before a page renders, never for JSON or files */
function withOfficeName(res: Response): void {
  const render = res.render.bind(res) as (...args: unknown[]) => void
  res.render = ((...args: unknown[]) => {
    getSettings().then(
      (s) => { res.locals.officeName = s.officeName },
      () => undefined, // the footer falls back to its default; the page itself reports storage faults
    ).finally(() => render(...args))
  }) as Response['render']
}

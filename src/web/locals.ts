import type { RequestHandler } from 'express'
import { ROLE_LABELS } from '../accounts/roles.ts'
import { formatDate, formatDateTime, formatRange, dateInput, timeInput } from '../lib/dates.ts'
import { STATUS_LABELS } from '../open-days/status.ts'
import { lastReadSettings } from '../settings/service.ts'

/** helpers every view may use; views never query */
const helpers = { formatDate, formatDateTime, formatRange, dateInput, timeInput, ROLE_LABELS, STATUS_LABELS }

export const viewLocals: RequestHandler = (req, res, next) => {
  // defaults so any page, the error page included, renders before the session and user load
  Object.assign(res.locals, helpers, { path: req.path, values: {}, errors: {}, summary: null, title: undefined, currentUser: null, flash: [], csrfToken: () => '' })
  // the footer's committee name as last read from 设置 (read when the page renders): no query on every page
  Object.defineProperty(res.locals, 'officeName', { enumerable: true, get: () => lastReadSettings()?.officeName })
  next()
}

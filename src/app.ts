import path from 'node:path'
import compression from 'compression'
import express from 'express'
import helmet from 'helmet'
import type { Logger } from 'pino'
import { config } from './config.ts'
import { logger, requestLogger } from './web/logger.ts'
import { sessionMiddleware } from './web/session.ts'
import { csrfLocals, csrfProtection } from './web/csrf.ts'
import { flashLocals } from './web/flash.ts'
import { loadUser } from './web/auth.ts'
import { footerFromSettings, viewLocals } from './web/locals.ts'
import { formBody } from './web/body.ts'
import { precomputedHeaders } from './web/security-headers.ts'
import { errorHandler, notFoundHandler } from './web/errors.ts'
import { healthRoutes } from './health/routes.ts'
import { accountRoutes } from './accounts/routes.ts'
import { branchRoutes } from './branches/routes.ts'
import { memberRoutes } from './members/routes.ts'
import { openDayRoutes } from './open-days/routes.ts'
import { calendarRoutes, calendarFeedRoutes } from './calendar/routes.ts'
import { dashboardRoutes } from './dashboard/routes.ts'
import { settingsRoutes } from './settings/routes.ts'
import { earlyPublicCommentRoutes, publicCommentRoutes } from './comments/routes.ts'
import { observerRoutes } from './observers/routes.ts'
import { agendaRoutes } from './agenda/routes.ts'
import { attendanceRoutes, signInRoutes } from './attendance/routes.ts'
import { recordRoutes } from './records/routes.ts'
import { photoRoutes } from './photos/routes.ts'
import { runRoutes } from './run/routes.ts'
import { summaryRoutes } from './summary/routes.ts'
import { newsRoutes } from './news/routes.ts'
import { duesRoutes } from './dues/routes.ts'
import { assessmentSettingsRoutes } from './assessment/settings-routes.ts'
import { reviewRoutes } from './review/routes.ts'
import { assessmentRoutes } from './assessment/routes.ts'

const root = path.resolve(import.meta.dirname, '..')

/** `log` replaces the app's logger (tests read what it writes) */
export function buildApp(opts: { log?: Logger } = {}): express.Express {
  const app = express()
  app.set('view engine', 'ejs')
  app.set('views', path.join(root, 'views'))
  footerFromSettings(app)
  app.set('trust proxy', config.TRUST_PROXY === '1' ? 1 : false)
  app.disable('x-powered-by')

  const helmetHeaders = helmet({
    contentSecurityPolicy: {
      directives: { 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': config.TRUST_PROXY === '1' ? [] : null },
    },
    strictTransportSecurity: config.TRUST_PROXY === '1',
  })
  app.use(precomputedHeaders(helmetHeaders))
  app.use(requestLogger(opts.log ?? logger))
  app.use(viewLocals)
  // what a room of observers sends at once, before compression and the session: they do their own gzip and need none
  app.use(earlyPublicCommentRoutes)
  // gzip text over 1 KB (HTML, CSS, JS, CSV, .ics); the projector's second-by-second poll (tens of bytes) skips
  // even the wrapper
  const gzip = compression({ threshold: 1024 })
  app.use((req, res, next) => (req.path.endsWith('/projector.json') ? next() : gzip(req, res, next)))
  app.use('/public', express.static(path.join(root, 'public'), { maxAge: config.NODE_ENV === 'production' ? '7d' : 0 }))
  // browsers ask for /favicon.ico on every site; answer it rather than log a 404 per page
  app.get('/favicon.ico', (_req, res) => res.sendFile(path.join(root, 'public', 'favicon.ico'), { maxAge: '7d' }))

  // routes that need no session: monitors and calendar apps
  app.use(healthRoutes)
  app.use(calendarFeedRoutes)

  app.use(formBody)
  app.use(sessionMiddleware())
  app.use(csrfLocals, flashLocals)
  app.use(csrfProtection)
  app.use(loadUser)

  app.use(accountRoutes)
  app.use(dashboardRoutes)
  app.use(branchRoutes)
  app.use(memberRoutes)
  app.use(openDayRoutes)
  app.use(calendarRoutes)
  app.use(settingsRoutes)
  app.use(assessmentSettingsRoutes)
  app.use(publicCommentRoutes)
  app.use(observerRoutes)
  app.use(agendaRoutes)
  app.use(signInRoutes)
  app.use(attendanceRoutes)
  app.use(recordRoutes)
  app.use(photoRoutes)
  app.use(runRoutes)
  app.use(summaryRoutes)
  app.use(newsRoutes)
  app.use(duesRoutes)
  app.use(reviewRoutes)
  app.use(assessmentRoutes)

  app.use(notFoundHandler)
  app.use(errorHandler)
  return app
}

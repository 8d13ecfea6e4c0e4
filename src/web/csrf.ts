import type { Request, RequestHandler } from 'express'
import { csrfSync } from 'csrf-sync'

const { csrfSynchronisedProtection, generateToken } = csrfSync({
  // forms post a hidden _csrf field; multipart forms carry it in the query string
  getTokenFromRequest: (req: Request) =>
    (req.body as Record<string, string> | undefined)?._csrf ?? (req.headers['x-csrf-token'] as string | undefined) ?? (req.query._csrf as string | undefined),
})

export const csrfProtection: RequestHandler = csrfSynchronisedProtection

/** makes the token available to every view that has a session */
export const csrfLocals: RequestHandler = (req, res, next) => {
  res.locals.csrfToken = () => generateToken(req)
  next()
}

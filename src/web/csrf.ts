import type { Request, RequestHandler } from 'express'
import { csrfSync } from 'csrf-sync'

/**
 * Routes that parse a multipart body themselves: the token is a field of that body, so they call
 * checkCsrf after parsing. Any other multipart POST is checked here and refused (its body is unread).
 */
const MULTIPART_ROUTES = [/^\/open-days\/\d+\/segments\/\d+\/attachments$/, /^\/branches\/\d+\/members\/import(\/commit)?$/]

const parsesOwnBody = (req: Request) => Boolean(req.is('multipart/form-data')) && MULTIPART_ROUTES.some((r) => r.test(req.path))

const { csrfSynchronisedProtection, generateToken, isRequestValid, invalidCsrfTokenError } = csrfSync({
  // forms post a hidden _csrf field; scripts may send the header instead. Never the query string: URLs reach logs.
  getTokenFromRequest: (req: Request) =>
    (req.body as Record<string, string> | undefined)?._csrf ?? (req.headers['x-csrf-token'] as string | undefined),
  skipCsrfProtection: parsesOwnBody,
})

export const csrfProtection: RequestHandler = csrfSynchronisedProtection

/** for the multipart routes above, once their body is parsed */
export function checkCsrf(req: Request): void {
  if (!isRequestValid(req)) throw invalidCsrfTokenError
}

/** makes the token available to every view that has a session */
export const csrfLocals: RequestHandler = (req, res, next) => {
  res.locals.csrfToken = () => generateToken(req)
  next()
}

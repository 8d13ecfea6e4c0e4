import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Request, RequestHandler, Response } from 'express'
import { config } from '../config.ts'
import { HttpError } from '../lib/errors.ts'

// Two kinds of token. A logged-in session keeps a synchronizer token in the session (as csrf-sync did).
// An anonymous visitor (an observer's phone, a member signing in, the login page) gets a token bound to a
// random cookie instead, so that reading a public page writes no session row.
const COOKIE = 'openday.csrf'
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Routes that parse a multipart body themselves: the token is a field of that body, so they call
 * checkCsrf after parsing. Any other multipart POST is checked here and refused (its body is unread).
 */
const MULTIPART_ROUTES = [/^\/open-days\/\d+\/segments\/\d+\/attachments$/, /^\/branches\/\d+\/members\/import(\/commit)?$/]

const parsesOwnBody = (req: Request) => Boolean(req.is('multipart/form-data')) && MULTIPART_ROUTES.some((r) => r.test(req.path))

const random = () => randomBytes(24).toString('base64url')
const cookieBound = (nonce: string) => `c.${createHmac('sha256', config.sessionSecret).update(nonce).digest('base64url')}`

function same(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function cookieNonce(req: Request): string | undefined {
  const header = req.headers.cookie
  if (!header) return undefined
  for (const part of header.split(';')) {
    const [name, value] = part.trim().split('=')
    if (name === COOKIE && value && /^[\w-]{32}$/.test(value)) return value
  }
  return undefined
}

function sessionToken(req: Request): string {
  req.session.csrfToken ??= random()
  return req.session.csrfToken
}

/** a new login's token, saved with the login: pages opened side by side right after it all get this one (made
 *  lazily, each would make its own and only the last saved would stay valid) */
export function startSessionToken(req: Request): void {
  req.session.csrfToken = random()
}

export function anonymousToken(req: Request, res: Response): string {
  let nonce = cookieNonce(req) ?? (res.locals.csrfNonce as string | undefined)
  if (!nonce) {
    nonce = random()
    res.locals.csrfNonce = nonce
    res.cookie(COOKIE, nonce, { httpOnly: true, sameSite: 'lax', secure: config.TRUST_PROXY === '1', path: '/' })
  }
  return cookieBound(nonce)
}

/** the token of the request's forms, made on first use */
export const csrfLocals: RequestHandler = (req, res, next) => {
  res.locals.csrfToken = () => (req.session?.userId ? sessionToken(req) : anonymousToken(req, res))
  next()
}

/** the token a form or script sent: a hidden _csrf field or a header; never the query string (URLs reach logs) */
function sentToken(req: Request): string | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.headers['x-csrf-token']
  return typeof value === 'string' ? value : undefined
}

/** a logged-in session accepts only its own token; an anonymous request its cookie-bound one (or a session token it holds) */
export function validToken(req: Request): boolean {
  const sent = sentToken(req)
  if (!sent) return false
  const stored = req.session?.csrfToken
  if (stored && same(sent, stored)) return true
  if (req.session?.userId) return false
  const nonce = cookieNonce(req)
  return nonce !== undefined && same(sent, cookieBound(nonce))
}

/** a refused token; the error handler asks the database first, as a failed session save looks the same */
const invalidToken = () => Object.assign(new HttpError(403, '页面已过期，请刷新后重新提交。'), { code: 'EBADCSRFTOKEN' })

export const csrfProtection: RequestHandler = (req, _res, next) => {
  if (SAFE.has(req.method) || parsesOwnBody(req) || validToken(req)) return next()
  next(invalidToken())
}

/** for the multipart routes above, once their body is parsed */
export function checkCsrf(req: Request): void {
  if (!validToken(req)) throw invalidToken()
}

import type { Request, RequestHandler, Response } from 'express'
import { ipKeyGenerator, rateLimit } from 'express-rate-limit'
import { config } from '../config.ts'
import { normalizeText } from '../lib/text.ts'
import { rateLimitStore } from '../rate-store.ts'

const WINDOW = 15 * 60 * 1000
const test = config.NODE_ENV === 'test'

/** the username as login looks it up (normalised, trimmed), lower-cased: " name", "name " and "\tname" are one */
export const usernameKey = (typed: unknown): string => normalizeText(String(typed ?? '')).trim().toLowerCase()

const address = (req: Request) => ipKeyGenerator(req.ip ?? '')

function refuse(req: Request, res: Response): void {
  const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime
  const minutes = Math.max(1, Math.ceil(((reset?.getTime() ?? Date.now() + WINDOW) - Date.now()) / 60_000))
  const summary = `登录失败次数过多，请 ${minutes} 分钟后再试。`
  res.set('Retry-After', String(minutes * 60))
  res.status(429).render('accounts/login', { values: { username: req.body?.username ?? '' }, errors: {}, summary, next: '/' })
}

/** only failed logins count, within 15 minutes; the right password waits out the window too */
const limiter = (name: string, limit: number, key: (req: Request) => string): RequestHandler =>
  rateLimit({
    windowMs: WINDOW,
    limit,
    skipSuccessfulRequests: true,
    keyGenerator: key,
    store: rateLimitStore(name),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: refuse,
  })

/** 10 failures per address and username (5 under test), and 50 per address across usernames (20 under test) */
export const loginThrottle: RequestHandler[] = [
  limiter('login-address', test ? 20 : 50, (req) => `address|${address(req)}`),
  limiter('login-user', test ? 5 : 10, (req) => `user|${address(req)}|${usernameKey(req.body?.username)}`),
]

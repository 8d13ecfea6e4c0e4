import type { Request, Response } from 'express'
import { ipKeyGenerator, rateLimit } from 'express-rate-limit'
import { config } from '../config.ts'
import { rateLimitStore } from '../rate-store.ts'

/** sign-in POSTs are public: limited per address. A branch signs in over one venue Wi-Fi (one address behind NAT),
 *  so the limit is generous; low under test so it can be reached */
export const signInLimits = { windowMs: 10 * 60 * 1000, perIp: config.NODE_ENV === 'test' ? 20 : 200 }

export const signInLimit = rateLimit({
  windowMs: signInLimits.windowMs,
  limit: signInLimits.perIp,
  standardHeaders: 'draft-8',
  legacyHeaders: false,
  keyGenerator: (req) => `sign-in:${ipKeyGenerator(req.ip ?? '')}`,
  store: rateLimitStore('sign-in'),
  handler: (_req: Request, res: Response) => {
    res.status(429).render('attendance/message', { title: '操作太频繁', message: '签到提交太频繁，请稍后再试，或请支部书记代为登记。' })
  },
})

/** the “signed in” page names a member: views are limited per address too (a whole branch on one Wi-Fi fits) */
export const memberPageLimit = rateLimit({
  windowMs: signInLimits.windowMs,
  limit: config.NODE_ENV === 'test' ? 30 : 300,
  standardHeaders: 'draft-8',
  legacyHeaders: false,
  keyGenerator: (req) => `sign-in-page:${ipKeyGenerator(req.ip ?? '')}`,
  store: rateLimitStore('sign-in-page'),
  handler: (_req: Request, res: Response) => {
    res.status(429).render('attendance/message', { title: '操作太频繁', message: '访问太频繁，请稍后再试。' })
  },
})

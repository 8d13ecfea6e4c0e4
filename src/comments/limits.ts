import type { Request, RequestHandler, Response } from 'express'
import { ipKeyGenerator, rateLimit } from 'express-rate-limit'
import { config } from '../config.ts'
import { rateLimitStore } from '../rate-store.ts'

/** comment POSTs are public, so they are limited per address and per link (src/config.ts) */
const test = config.NODE_ENV === 'test'
export const commentLimits = {
  windowMs: config.COMMENT_LIMIT_WINDOW_SECONDS * 1000,
  // a room of observers may share the venue's Wi-Fi (one address behind NAT): generous per address
  perIp: config.COMMENT_LIMIT_PER_IP,
  // the flood guard for one event's wall; low under test so the limit can be reached
  perLink: config.COMMENT_LIMIT_PER_LINK ?? (test ? 5 : 600),
}

const minutes = Math.max(1, Math.round(commentLimits.windowMs / 60000))

function tooMany(message: string) {
  return (req: Request, res: Response) => {
    res.status(429)
    if (req.accepts(['html', 'json']) === 'json') return res.json({ error: message })
    res.render('comments/message', { title: '提交太频繁', message, openDay: null })
  }
}

const common = { windowMs: commentLimits.windowMs, standardHeaders: 'draft-8', legacyHeaders: false } as const

export const perIpLimit: RequestHandler = rateLimit({
  ...common,
  limit: commentLimits.perIp,
  keyGenerator: (req) => `ip:${ipKeyGenerator(req.ip ?? '')}`,
  store: rateLimitStore('comment-ip'),
  handler: tooMany(`提交太频繁：同一网络 ${minutes} 分钟内最多提交 ${commentLimits.perIp} 次，请稍后再试。`),
})

export const perLinkLimit: RequestHandler = rateLimit({
  ...common,
  limit: commentLimits.perLink,
  keyGenerator: (req) => `link:${String(req.params.token ?? '')}`,
  store: rateLimitStore('comment-link'),
  handler: tooMany(`这次开放日的点评提交过于集中，请 ${minutes} 分钟后再试。`),
})

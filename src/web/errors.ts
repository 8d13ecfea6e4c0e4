import type { ErrorRequestHandler, RequestHandler } from 'express'
import { config } from '../config.ts'
import { FormError, HttpError, notFound } from '../lib/errors.ts'
import { logger } from './logger.ts'

const TITLES: Record<number, string> = { 400: '请求有误', 403: '没有权限', 404: '页面不存在', 413: '内容过大', 429: '操作太频繁' }

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(notFound())

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const status: number = err instanceof HttpError || err instanceof FormError ? err.status : (err?.status ?? err?.statusCode ?? 500)
  const known = err instanceof HttpError || err instanceof FormError || (status >= 400 && status < 500)
  if (!known || status >= 500) logger.error({ err, url: req.originalUrl }, 'request failed')
  const message =
    err instanceof HttpError || err instanceof FormError ? err.message
    : status === 413 ? '提交的内容过大。'
    : status < 500 ? '请求有误。'
    : '服务器出错了，请稍后再试。如果一直出错，请联系机关党办。'
  if (res.headersSent) return
  res.status(status)
  if (req.accepts(['html', 'json']) === 'json') return res.json({ error: message })
  res.render('errors/error', {
    title: TITLES[status] ?? '出错了',
    status,
    message,
    stack: config.NODE_ENV === 'development' && status >= 500 ? String(err?.stack ?? err) : null,
  })
}

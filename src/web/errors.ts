import type { ErrorRequestHandler, RequestHandler } from 'express'
import { config } from '../config.ts'
import { FormError, HttpError, notFound } from '../lib/errors.ts'
import { noteStorageFault, writeProbe } from '../health/probe.ts'
import { storageFault, STORAGE_MESSAGES } from '../lib/storage.ts'
import { logger, loggableUrl } from './logger.ts'


const TITLES: Record<number, string> = { 400: '请求有误', 403: '没有权限', 404: '页面不存在', 413: '内容过大', 409: '无法完成', 429: '操作太频繁', 503: '暂时无法保存' }

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(notFound())

const isCsrfError = (err: { code?: unknown; message?: unknown } | undefined) => err?.code === 'EBADCSRFTOKEN' || err?.message === 'invalid csrf token'

export const errorHandler: ErrorRequestHandler = async (err, req, res, _next) => {
  // a refused token may only mean the session could not be saved last time: ask the database before saying 403
  const probe = isCsrfError(err) ? await writeProbe() : 'ok'
  const fault = storageFault(err) ?? (probe === 'ok' || probe === 'unreachable' ? null : probe)
  if (fault) noteStorageFault(fault)
  // the storage refuses writes: do not try to save the session again at the response's end (a second fault
  // there, after the headers, would cut the connection)
  if (fault) (req as { session?: unknown }).session = undefined
  // a delete that other rows still point to (a foreign key): a conflict to explain, not a crash
  const stillUsed = err?.code === 'P2003'
  const status: number = fault ? 503 : stillUsed ? 409 : err instanceof HttpError || err instanceof FormError ? err.status : (err?.status ?? err?.statusCode ?? 500)
  const known = err instanceof HttpError || err instanceof FormError || stillUsed || (status >= 400 && status < 500)
  if (!known || status >= 500) (req.log ?? logger).error({ err, url: loggableUrl(req.originalUrl), storage: fault ?? undefined }, 'request failed')
  const message =
    fault ? STORAGE_MESSAGES[fault]
    : err instanceof HttpError || err instanceof FormError ? err.message
    : stillUsed ? '该记录已被其他记录引用（如出勤、发言），不能删除。'
    : isCsrfError(err) ? '页面已过期，请刷新后重新提交。'
    : status === 413 ? '提交的内容过大。'
    : status < 500 ? '请求有误。'
    : '服务器出错了，请稍后再试。如果一直出错，请联系机关党办。'
  const code = fault ? 503 : isCsrfError(err) ? 403 : status
  if (res.headersSent) return
  res.status(code)
  if (fault) res.set('Retry-After', '300')
  if (req.accepts(['html', 'json']) === 'json') return res.json({ error: message })
  res.render('errors/error', {
    title: TITLES[status] ?? '出错了',
    status,
    message,
    stack: config.NODE_ENV === 'development' && code >= 500 && !fault ? String(err?.stack ?? err) : null,
  })
}

import type { Request, RequestHandler, Response } from 'express'

/**
 * A headers-only middleware (helmet with static directives) run once at start-up: its headers are the same on
 * every response, so each request only copies them (helmet itself rebuilds them per response).
 */
export function precomputedHeaders(middleware: RequestHandler): RequestHandler {
  const headers = new Map<string, string>()
  const recorder = { setHeader: (k: string, v: unknown) => headers.set(k, String(v)), removeHeader: (k: string) => headers.delete(k) }
  let done = false
  void middleware({} as Request, recorder as unknown as Response, () => (done = true))
  if (!done) throw new Error('the headers middleware did not finish at once')
  return (_req, res, next) => {
    res.setHeaders(headers)
    next()
  }
}

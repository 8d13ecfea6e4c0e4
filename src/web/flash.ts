import type { Request, RequestHandler } from 'express'

export type Flash = { type: 'success' | 'error' | 'info'; text: string }

/** queues a message for the next page; the same message twice (several files uploaded one by one) shows once */
export function flash(req: Request, type: Flash['type'], text: string): void {
  const queued = req.session.flash ?? []
  if (queued.some((f) => f.type === type && f.text === text)) return
  req.session.flash = [...queued, { type, text }]
}

/** moves queued messages into the page being rendered, once */
export const flashLocals: RequestHandler = (req, res, next) => {
  res.locals.flash = req.session?.flash ?? []
  if (req.session?.flash) delete req.session.flash
  next()
}

import type { Request, RequestHandler } from 'express'

export type Flash = { type: 'success' | 'error' | 'info'; text: string }

export function flash(req: Request, type: Flash['type'], text: string): void {
  req.session.flash = [...(req.session.flash ?? []), { type, text }]
}

/** moves queued messages into the page being rendered, once */
export const flashLocals: RequestHandler = (req, res, next) => {
  res.locals.flash = req.session?.flash ?? []
  if (req.session?.flash) delete req.session.flash
  next()
}

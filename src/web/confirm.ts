import type { Request, Response } from 'express'

/** the confirmation page's own field: a POST without it shows the page instead of acting */
export const confirmed = (req: Request): boolean => (req.body as Record<string, unknown> | undefined)?.confirm === '1'

type Ask = { title: string; message: string; action: string; fields?: Record<string, string>; button: string; back: string; reason?: { name: string; label: string; value?: string }; errors?: Record<string, string> }

/** an irreversible or mass action asks once more on a page of its own (no JavaScript needed) */
export function askToConfirm(res: Response, ask: Ask): void {
  res.status(ask.errors ? 422 : 200).render('confirm/show', { fields: {}, ...ask })
}

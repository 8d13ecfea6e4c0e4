import type { Response } from 'express'

/** a view rendered to a string with the response's locals (for JSON answers and PDFs) */
export function renderString(res: Response, view: string, locals: object): Promise<string> {
  return new Promise((resolve, reject) => res.render(view, locals, (err, html) => (err ? reject(err) : resolve(html))))
}

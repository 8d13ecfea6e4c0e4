import type { Request, RequestHandler, Response } from 'express'
import { z } from 'zod'
import { STALE_PAGE } from '../lib/zod.ts'
import { FormError, HttpError, type FieldErrors } from '../lib/errors.ts'

export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {}
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_form'
    out[key] ??= issue.message
  }
  return out
}

type Locals = (req: Request, res: Response) => Promise<object> | object

/**
 * A form POST: parse the body with `schema`, run `handler`; on bad input (Zod) or a broken rule
 * (FormError) re-render `view` with what was typed, the errors, and the view's own `locals`.
 * A script that posts with fetch and `Accept: application/json` gets the same errors as JSON.
 */
export function form<S extends z.ZodType>(
  opts: { schema: S; view: string; locals?: Locals },
  handler: (input: z.output<S>, req: Request, res: Response) => Promise<unknown>,
): RequestHandler {
  return async (req, res) => {
    try {
      const input = opts.schema.parse(req.body ?? {})
      await handler(input, req, res)
    } catch (err) {
      const errors = err instanceof z.ZodError ? fieldErrors(err) : err instanceof FormError ? err.fields : null
      if (!errors) throw err
      const summary = err instanceof FormError ? err.message : Object.values(errors).includes(STALE_PAGE) ? `${STALE_PAGE}。` : '请修改标出的内容后再提交。'
      const status = res.statusCode >= 400 ? res.statusCode : err instanceof FormError ? err.status : 422
      if (req.accepts(['html', 'json']) === 'json') return void res.status(status).json({ error: summary, errors })
      res.status(status).render(opts.view, { ...(await opts.locals?.(req, res)), values: req.body ?? {}, errors, summary })
    }
  }
}

/** query strings and route params: a bad one is a 400 or 404, not a form error */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const r = schema.safeParse(query)
  if (!r.success) throw new HttpError(400, `查询条件有误：${r.error.issues[0]?.message ?? ''}`)
  return r.data
}

export function idParam(req: Request, name = 'id'): number {
  const id = Number(req.params[name])
  if (!Number.isSafeInteger(id) || id <= 0) throw new HttpError(404, '找不到该页面。')
  return id
}

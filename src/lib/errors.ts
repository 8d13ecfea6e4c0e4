// The errors routes and services throw; src/web/errors.ts turns them into responses.

/** ends a request with a status and a Chinese message */
export class HttpError extends Error {
  constructor(
    public status: number,
    message: string,
  ) {
    super(message)
  }
}

export const notFound = (what = '页面'): HttpError => new HttpError(404, `找不到该${what}，可能已被删除或链接有误。`)
export const forbidden = (): HttpError => new HttpError(403, '您没有权限访问此页面。')

export type FieldErrors = Record<string, string>

/** a rule broken in a service, reported next to fields like a validation error: 422, or 409 for a stale form */
export class FormError extends Error {
  constructor(
    public fields: FieldErrors,
    message = '请修改标出的内容后再提交。',
    public status = 422,
  ) {
    super(message)
  }
}

/** a form filled in from an older version than what is saved now */
export const staleForm = (message: string, fields: FieldErrors = {}): FormError => new FormError(fields, message, 409)

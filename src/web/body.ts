import express, { type Request, type RequestHandler } from 'express'
import { normalizeFields, normalizeText } from '../lib/text.ts'
import { checkCsrf } from './csrf.ts'

/** every text field of a form body passes the one normaliser before any schema counts its length */
export const normalizeBody: RequestHandler = (req, _res, next) => {
  if (req.body) req.body = normalizeFields(req.body)
  next()
}

/** a form body parsed and normalised (multipart bodies are read by their own routes) */
export const formBody: RequestHandler[] = [express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 2000 }), normalizeBody]

/** a multipart body once multer has read it: the same normaliser (the file name too), then its CSRF token */
export function acceptMultipart(req: Request): void {
  if (req.body) req.body = normalizeFields(req.body)
  if (req.file) req.file.originalname = normalizeText(req.file.originalname)
  checkCsrf(req)
}

import { Router, type Request, type Response } from 'express'
import multer from 'multer'
import { z } from 'zod'
import { config } from '../config.ts'
import { accessOf, loadOpenDay } from '../web/open-day.ts'
import { canEdit, canRead, lockMessage } from '../open-days/policy.ts'
import { askToConfirm, confirmed } from '../web/confirm.ts'
import { requireEditor, requireLogin, userOf } from '../web/auth.ts'
import { forbidden, notFound, FormError, HttpError } from '../lib/errors.ts'
import { acceptMultipart } from '../web/body.ts'
import { flash } from '../web/flash.ts'
import { idParam } from '../web/form.ts'
import { safeBack } from '../lib/paths.ts'
import { storageFault } from '../lib/storage.ts'
import { contentDisposition, MESSAGES } from './files.ts'
import { discardIncoming, incomingStorage, type IncomingFile } from './incoming.ts'
import * as schemas from './schemas.ts'
import { deleteAttachment, findAttachment, saveAttachment, segmentOf, type Upload } from './service.ts'
import { storedPath } from './store.ts'

/** photos and study materials uploaded to segments */
export const photoRoutes = Router()

const multipart = multer({
  // streamed to UPLOAD_DIR/.incoming as it arrives, never held whole in memory
  storage: incomingStorage,
  limits: { fileSize: config.UPLOAD_MAX_MB * 1024 * 1024, files: 1, fields: 10, fieldSize: 4096, parts: 12 },
  // browsers send UTF-8 file names without saying so
  defParamCharset: 'utf8',
}).single('file')

const MULTER_MESSAGES: Record<string, string> = {
  LIMIT_FILE_SIZE: MESSAGES.tooLarge(config.UPLOAD_MAX_MB),
  LIMIT_FILE_COUNT: MESSAGES.oneFile,
  LIMIT_UNEXPECTED_FILE: MESSAGES.oneFile,
}

/** parses the multipart body; multer's limits become the message shown for the file field */
function readUpload(req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) =>
    multipart(req, res, (err: unknown) => {
      if (!err) return resolve()
      // a full or read-only UPLOAD_DIR is the server's fault: 503 and its message, as for any storage fault
      if (storageFault(err)) return reject(err)
      // busboy's own errors (no boundary, a body cut short) are the sender's fault too
      const message = err instanceof multer.MulterError ? (MULTER_MESSAGES[err.code] ?? MESSAGES.badUpload) : MESSAGES.badUpload
      reject(new FormError({ file: message }, message))
    }),
  )
}

/** where the form came from (a record or run page), at the segment's files */
function backTo(req: Request, openDayId: number, segmentId: number | null): string {
  const back = safeBack((req.body as Record<string, unknown> | undefined)?.back, `/open-days/${openDayId}/record`)
  return back.includes('#') || segmentId === null ? back : `${back}#attachments-${segmentId}`
}

const wantsJson = (req: Request) => req.accepts(['html', 'json']) === 'json'

/** a refused upload or delete: JSON for the page's script, else a flash on the page it came from */
function refuse(req: Request, res: Response, message: string, back: string, status = 422): void {
  if (wantsJson(req)) return void res.status(status).json({ error: message, errors: { file: message } })
  flash(req, 'error', message)
  res.redirect(back)
}

const ruleMessage = (err: unknown): string | null =>
  err instanceof FormError ? err.message : err instanceof z.ZodError ? (err.issues[0]?.message ?? MESSAGES.noFile) : null

/** reads the form and stores its file; whatever was not moved into the store (a refusal, a duplicate, a photo's
 *  original) is removed before the answer goes out */
async function receive(req: Request, res: Response, target: Pick<Upload, 'openDayId' | 'segmentId' | 'userId'>) {
  try {
    await readUpload(req, res)
    acceptMultipart(req)
    const input = schemas.uploadAttachment.parse(req.body ?? {})
    const file = req.file as IncomingFile | undefined
    if (!file || file.size === 0) throw new FormError({ file: MESSAGES.noFile }, MESSAGES.noFile)
    const saved = await saveAttachment({ ...target, kind: input.kind, caption: input.caption ?? '', file })
    return { ...saved, kind: input.kind }
  } finally {
    await discardIncoming(req.file)
  }
}

photoRoutes.post('/open-days/:id/segments/:segmentId/attachments', ...loadOpenDay('write'), async (req, res) => {
  const openDayId = idParam(req)
  // permission, lock and segment before a byte of the file is read; the lock is checked again when the row is written
  const { lockMessage } = accessOf(res)
  if (lockMessage) throw new HttpError(409, lockMessage)
  const segment = await segmentOf(openDayId, idParam(req, 'segmentId'))
  const back = () => backTo(req, openDayId, segment.id)
  try {
    const { attachment, duplicate, kind } = await receive(req, res, { openDayId, segmentId: segment.id, userId: userOf(req).id })
    const word = kind === 'photo' ? '照片' : '材料'
    const message = duplicate ? `这份${word}已经上传过了。` : `${word}已上传。`
    // the page's script reloads after its uploads: the message waits for that page too
    flash(req, duplicate ? 'info' : 'success', message)
    if (wantsJson(req)) return void res.json({ id: attachment.id, duplicate, message })
    res.redirect(back())
  } catch (err) {
    const message = ruleMessage(err)
    if (message === null) throw err
    refuse(req, res, message, back(), err instanceof FormError ? err.status : 422)
  }
})

async function serve(req: Request, res: Response, variant: 'full' | 'thumb') {
  const attachment = await findAttachment(idParam(req))
  if (!attachment) throw notFound('文件')
  if (!canRead(userOf(req), attachment.openDay)) throw forbidden()
  const name = variant === 'thumb' ? attachment.thumbName : attachment.storedName
  if (!name) throw notFound('缩略图')
  res.set({
    'Content-Type': variant === 'thumb' ? 'image/jpeg' : attachment.mimeType,
    'Content-Disposition': contentDisposition(attachment.kind === 'material' ? 'attachment' : 'inline', attachment.originalName),
    'X-Content-Type-Options': 'nosniff',
    // a stored file never changes (a new upload is a new id); only this user's browser may keep it
    'Cache-Control': 'private, max-age=86400',
  })
  await new Promise<void>((resolve, reject) =>
    res.sendFile(storedPath(name), { cacheControl: false }, (err?: NodeJS.ErrnoException) => {
      if (!err || res.headersSent) return resolve()
      reject(err.code === 'ENOENT' ? notFound('文件') : err)
    }),
  )
}

photoRoutes.get('/attachments/:id', requireLogin, (req, res) => serve(req, res, 'full'))
photoRoutes.get('/attachments/:id/thumb', requireLogin, (req, res) => serve(req, res, 'thumb'))

photoRoutes.post('/attachments/:id/delete', requireEditor, async (req, res) => {
  const user = userOf(req)
  const attachment = await findAttachment(idParam(req))
  if (!attachment) {
    // a double click on delete: the first one removed it
    const back = safeBack((req.body as Record<string, unknown> | undefined)?.back, '')
    if (!back || wantsJson(req)) throw notFound('文件')
    flash(req, 'info', '该文件已删除。')
    return res.redirect(back)
  }
  if (!canEdit(user, attachment.openDay)) throw forbidden()
  const back = backTo(req, attachment.openDayId, attachment.segmentId)
  const locked = lockMessage(attachment.openDay)
  if (locked) return refuse(req, res, locked, back, 409)
  const word = attachment.kind === 'photo' ? '照片' : '材料'
  if (!confirmed(req)) {
    return askToConfirm(res, {
      title: `删除${word}“${attachment.originalName}”？`,
      message: `删除后文件不可恢复，修改记录中会留下删除记录。`,
      action: `/attachments/${attachment.id}/delete`,
      fields: { back },
      button: '确认删除',
      back,
    })
  }
  try {
    await deleteAttachment(attachment, user.id)
  } catch (err) {
    if (err instanceof FormError) return refuse(req, res, err.message, back, err.status)
    throw err
  }
  const message = `${word}已删除。`
  if (wantsJson(req)) return void res.json({ message })
  flash(req, 'success', message)
  res.redirect(back)
})

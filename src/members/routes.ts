import { Router, type RequestHandler } from 'express'
import { askToConfirm, confirmed } from '../web/confirm.ts'
import multer from 'multer'
import { assertCanEditBranch, requireEditor } from '../web/auth.ts'
import { acceptMultipart } from '../web/body.ts'
import { flash } from '../web/flash.ts'
import { form, idParam } from '../web/form.ts'
import { FormError } from '../lib/errors.ts'
import { getBranch } from '../branches/service.ts'
import { checkMemberCsv, decodeCsv, templateCsv } from './csv.ts'
import { memberLabels } from './labels.ts'
import * as schemas from './schemas.ts'
import * as members from './service.ts'

export const memberRoutes = Router()

/** for /branches/:id/…: the branch, which the user must be allowed to edit, goes to res.locals */
const branchEditor: RequestHandler = async (req, res, next) => {
  const branch = await getBranch(idParam(req))
  assertCanEditBranch(req.user, branch.id)
  res.locals.branch = branch
  next()
}

/** for /members/:id…: the same check against the member's branch */
const memberEditor: RequestHandler = async (req, res, next) => {
  const member = await members.getMember(idParam(req))
  assertCanEditBranch(req.user, member.branchId)
  res.locals.member = member
  next()
}

const labels = () => memberLabels

memberRoutes.get('/branches/:id/members/new', requireEditor, branchEditor, (_req, res) => {
  res.render('members/new', { ...memberLabels, values: { standing: 'full', category: 'employed' } })
})

memberRoutes.post(
  '/branches/:id/members',
  requireEditor,
  branchEditor,
  form({ schema: schemas.createMember, view: 'members/new', locals: labels }, async (input, req, res) => {
    await members.createMember(idParam(req), input)
    flash(req, 'success', `党员“${input.name}”已添加。`)
    res.redirect(`/branches/${idParam(req)}`)
  }),
)

memberRoutes.get('/members/:id/edit', requireEditor, memberEditor, (_req, res) => {
  const m = res.locals.member
  res.render('members/edit', { ...memberLabels, values: { ...m, joinedOn: m.joinedOn ?? '', phone: m.phone ?? '', title: m.title ?? '', partyPost: m.partyPost ?? '' } })
})

memberRoutes.post(
  '/members/:id',
  requireEditor,
  memberEditor,
  form({ schema: schemas.updateMember, view: 'members/edit', locals: labels }, async (input, req, res) => {
    await members.updateMember(idParam(req), input)
    flash(req, 'success', `党员“${input.name}”的信息已保存。`)
    res.redirect(`/branches/${res.locals.member.branchId}`)
  }),
)

const ACTIONS = {
  'transfer-out': { run: members.transferOut, done: '已转出，仍保留在历史记录中。' },
  reinstate: { run: members.reinstate, done: '已恢复为在册党员。' },
  delete: { run: members.deleteMember, done: '已删除。' },
} as const

for (const [action, { run, done }] of Object.entries(ACTIONS)) {
  memberRoutes.post(`/members/:id/${action}`, requireEditor, memberEditor, async (req, res) => {
    const { name, branchId } = res.locals.member
    if (action === 'delete' && !confirmed(req)) {
      return askToConfirm(res, {
        title: `删除党员“${name}”？`,
        message: '删除不可恢复，只用于误录入的党员。已有出勤、发言、领学、宣誓、观摩等记录的党员不能删除，请使用“转出”。',
        action: `/members/${idParam(req)}/delete`,
        button: '确认删除',
        back: `/branches/${branchId}`,
      })
    }
    try {
      await run(idParam(req))
      flash(req, 'success', `党员“${name}”${done}`)
    } catch (err) {
      if (!(err instanceof FormError)) throw err
      flash(req, 'error', err.message)
    }
    res.redirect(`/branches/${branchId}`)
  })
}

// --- importing a member list from CSV: upload or paste → preview → commit ---

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 1024 * 1024, files: 1, fieldSize: 1024 * 1024 } })

/** runs multer; a file too large or malformed becomes a message on the form, not an error page */
function receive(parser: RequestHandler): RequestHandler {
  return (req, res, next) =>
    parser(req, res, (err?: unknown) => {
      if (!err) return next()
      // multer's limits, and busboy's own errors (no boundary, a body cut short): the sender's fault, said on the form
      res.locals.uploadError = err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE' ? '文件不能超过 1 MB' : '上传的内容有误，请重新选择文件'
      next()
    })
}

/** the token travels in the multipart body, so it is checked (and the text normalised) once multer has read it */
function receiveChecked(parser: RequestHandler): RequestHandler[] {
  return [receive(parser), (req, _res, next) => {
    acceptMultipart(req)
    next()
  }]
}

memberRoutes.get('/branches/:id/members/import', requireEditor, branchEditor, (_req, res) => {
  res.render('members/import')
})

memberRoutes.get('/branches/:id/members/import/template.csv', requireEditor, branchEditor, (_req, res) => {
  res.type('text/csv; charset=utf-8').attachment('党员名单模板.csv').send(templateCsv())
})

memberRoutes.post('/branches/:id/members/import', requireEditor, branchEditor, ...receiveChecked(upload.single('file')), async (req, res) => {
  const text = req.file ? decodeCsv(req.file.buffer) : String(req.body?.csv ?? '')
  const problem = res.locals.uploadError ?? (text.trim() ? null : '请选择 CSV 文件，或把名单粘贴到下面的文本框')
  if (problem) return res.status(422).render('members/import', { values: { csv: req.body?.csv ?? '' }, errors: { file: problem } })
  const check = checkMemberCsv(text, await members.activeNames(idParam(req)))
  res.status(check.errors.length ? 422 : 200).render('members/preview', { check, csv: text, ...memberLabels })
})

memberRoutes.post('/branches/:id/members/import/commit', requireEditor, branchEditor, ...receiveChecked(upload.none()), async (req, res) => {
  const parsed = schemas.commitImport.safeParse(req.body ?? {})
  if (!parsed.success) return res.status(422).render('members/import', { errors: { file: parsed.error.issues[0].message } })
  const { csv } = parsed.data
  const result = await members.importMembers(idParam(req), csv)
  if ('check' in result) return res.status(422).render('members/preview', { check: result.check, csv, ...memberLabels })
  flash(req, 'success', `已导入 ${result.imported} 名党员。`)
  res.redirect(`/branches/${idParam(req)}`)
})

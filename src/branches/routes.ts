import { Router, type Request } from 'express'
import { requireLogin, requireOffice, userOf } from '../web/auth.ts'
import { canEditBranch } from '../lib/user.ts'
import { flash } from '../web/flash.ts'
import { form, idParam } from '../web/form.ts'
import { memberLabels } from '../members/labels.ts'
import { canRead } from '../open-days/policy.ts'
import { duesAccess } from '../dues/access.ts'
import { arrearsWarnings } from '../dues/arrears-service.ts'
import * as schemas from './schemas.ts'
import * as branches from './service.ts'

export const branchRoutes = Router()

branchRoutes.get('/branches', requireLogin, async (req, res) => {
  res.render('branches/index', { title: '支部与党员', branches: await branches.listBranches(), isOffice: userOf(req).role === 'office' })
})

branchRoutes.get('/branches/new', requireOffice, (_req, res) => res.render('branches/new', { title: '新建支部' }))

branchRoutes.post(
  '/branches',
  requireOffice,
  form({ schema: schemas.createBranch, view: 'branches/new' }, async (input, req, res) => {
    const id = await branches.createBranch(input)
    flash(req, 'success', `支部“${input.name}”已创建。`)
    res.redirect(`/branches/${id}`)
  }),
)

branchRoutes.get('/branches/:id', requireLogin, async (req, res) => {
  const { branch, members } = await branches.getBranchWithMembers(idParam(req))
  const dues = duesAccess(userOf(req), branch.id)
  res.render('branches/show', {
    title: branch.name,
    branch,
    members,
    isOffice: userOf(req).role === 'office',
    mayEdit: canEditBranch(userOf(req), branch.id),
    mayReadRecords: canRead(userOf(req), { branchId: branch.id }),
    mayReadDues: dues.read,
    styles: ['/public/css/dues.css'],
    duesWarnings: dues.read ? await arrearsWarnings(branch.id) : [],
    ...memberLabels,
  })
})

async function editLocals(req: Request) {
  const branch = await branches.getBranch(idParam(req))
  return { title: `编辑支部`, branch, secretaryOptions: await branches.secretaryOptions(branch.id) }
}

branchRoutes.get('/branches/:id/edit', requireOffice, async (req, res) => {
  const locals = await editLocals(req)
  res.render('branches/edit', { ...locals, values: { name: locals.branch.name, secretaryId: locals.branch.secretaryId ?? '' } })
})

branchRoutes.post(
  '/branches/:id',
  requireOffice,
  form({ schema: schemas.updateBranch, view: 'branches/edit', locals: editLocals }, async (input, req, res) => {
    await branches.updateBranch(idParam(req), input)
    flash(req, 'success', '支部信息已保存。')
    res.redirect(`/branches/${idParam(req)}`)
  }),
)

for (const [action, archived] of [['archive', true], ['unarchive', false]] as const) {
  branchRoutes.post(`/branches/:id/${action}`, requireOffice, async (req, res) => {
    await branches.setBranchArchived(idParam(req), archived)
    flash(req, 'success', archived ? '支部已归档，不再出现在选择列表中。' : '支部已恢复。')
    res.redirect(`/branches/${idParam(req)}`)
  })
}

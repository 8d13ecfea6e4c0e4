import { askToConfirm, confirmed } from '../web/confirm.ts'
import { Router } from 'express'
import { flash } from '../web/flash.ts'
import { form, idParam } from '../web/form.ts'
import { requireLogin, requireOffice, userOf } from '../web/auth.ts'
import { startSessionToken } from '../web/csrf.ts'
import { FormError } from '../lib/errors.ts'
import { listBranchOptions } from '../branches/service.ts'
import { ROLES, ROLE_LABELS } from './roles.ts'
import * as schemas from './schemas.ts'
import * as accounts from './service.ts'
import { loginThrottle } from './throttle.ts'
import { safeBack } from '../lib/paths.ts'

export const accountRoutes = Router()

const safeNext = (next: unknown): string => safeBack(next, '/')

accountRoutes.get('/login', (req, res) => {
  if (req.user) return res.redirect('/')
  res.render('accounts/login', { next: safeNext(req.query.next) })
})

accountRoutes.post(
  '/login',
  ...loginThrottle,
  form({ schema: schemas.login, view: 'accounts/login', locals: (req) => ({ next: safeNext(req.body?.next) }) }, async (input, req, res) => {
    const user = await accounts.authenticate(input.username, input.password)
    if (!user) {
      res.status(401)
      throw new FormError({}, '登录失败：用户名或密码不正确，或账号已停用。')
    }
    await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())))
    req.session.userId = user.id
    req.session.authAt = Date.now()
    startSessionToken(req)
    // saved before answering: a session that cannot be stored (a full disk) is a 503 here, not a 403 later
    await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())))
    res.redirect(safeNext(req.body?.next))
  }),
)

accountRoutes.post('/logout', (req, res) => {
  req.session.destroy(() => {
    res.clearCookie('openday.sid')
    res.redirect('/login')
  })
})

accountRoutes.get('/account/password', requireLogin, (_req, res) => res.render('accounts/password'))

accountRoutes.post(
  '/account/password',
  requireLogin,
  form({ schema: schemas.changePassword, view: 'accounts/password' }, async (input, req, res) => {
    const changedAt = await accounts.changeOwnPassword(userOf(req).id, input)
    req.session.authAt = changedAt.getTime() + 1
    flash(req, 'success', '密码已修改。其他设备上的登录已失效。')
    res.redirect('/')
  }),
)

// --- the party office manages accounts ---

const accountFormLocals = async () => ({
  branches: await listBranchOptions(),
  roleOptions: ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })),
})

accountRoutes.get('/accounts', requireOffice, async (_req, res) => {
  res.render('accounts/index', { title: '账号管理', accounts: await accounts.listAccounts() })
})

accountRoutes.get('/accounts/new', requireOffice, async (_req, res) => {
  res.render('accounts/new', { ...(await accountFormLocals()), values: { role: 'secretary' } })
})

accountRoutes.post(
  '/accounts',
  requireOffice,
  form({ schema: schemas.createAccount, view: 'accounts/new', locals: accountFormLocals }, async (input, req, res) => {
    const { password } = await accounts.createAccount(input)
    flash(req, 'success', `账号 ${input.username} 已创建，初始密码：${password}（只显示这一次，请转告本人并提醒修改）`)
    res.redirect('/accounts')
  }),
)

accountRoutes.get('/accounts/:id/edit', requireOffice, async (req, res) => {
  const account = await accounts.getAccount(idParam(req))
  res.render('accounts/edit', { ...(await accountFormLocals()), account, values: account })
})

accountRoutes.post(
  '/accounts/:id',
  requireOffice,
  form(
    { schema: schemas.updateAccount, view: 'accounts/edit', locals: async (req) => ({ ...(await accountFormLocals()), account: await accounts.getAccount(idParam(req)) }) },
    async (input, req, res) => {
      await accounts.updateAccount(idParam(req), input)
      flash(req, 'success', '账号已保存。')
      res.redirect('/accounts')
    },
  ),
)

for (const [action, disabled] of [['disable', true], ['enable', false]] as const) {
  accountRoutes.post(`/accounts/:id/${action}`, requireOffice, async (req, res) => {
    try {
      await accounts.setAccountDisabled(idParam(req), disabled, userOf(req).id)
      flash(req, 'success', disabled ? '账号已停用。' : '账号已启用。')
    } catch (err) {
      if (!(err instanceof FormError)) throw err
      flash(req, 'error', err.message)
    }
    res.redirect('/accounts')
  })
}

accountRoutes.post('/accounts/:id/reset-password', requireOffice, async (req, res) => {
  const account = await accounts.getAccount(idParam(req))
  if (!confirmed(req)) {
    return askToConfirm(res, {
      title: '重置密码？',
      message: `将为账号 ${account.username}（${account.displayName}）生成新密码，原密码立即失效，该账号需用新密码重新登录。`,
      action: `/accounts/${account.id}/reset-password`,
      button: '确认重置密码',
      back: '/accounts',
    })
  }
  const password = await accounts.resetPassword(account.id)
  flash(req, 'success', `账号 ${account.username} 的新密码：${password}（只显示这一次）`)
  res.redirect('/accounts')
})

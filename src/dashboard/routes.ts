import { Router } from 'express'
import { requireLogin, userOf } from '../web/auth.ts'
import { dashboardFor } from '../open-days/service.ts'
import { openActionsFor } from '../review/service.ts'
import { officeFlags } from '../assessment/flags.ts'

export const dashboardRoutes = Router()

dashboardRoutes.get('/', requireLogin, async (req, res) => {
  const user = userOf(req)
  const [board, openActions, flags] = await Promise.all([dashboardFor(user), openActionsFor(user), user.role === 'office' ? officeFlags() : null])
  res.render('dashboard/index', { title: '工作台', ...board, openActions, flags })
})

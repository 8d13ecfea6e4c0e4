import { Router } from 'express'
import { requireLogin, userOf } from '../web/auth.ts'
import { dashboardFor } from '../open-days/service.ts'
import { arrearsWarnings } from '../dues/arrears-service.ts'
import { openActionsFor } from '../review/service.ts'
import { officeFlags } from '../assessment/flags.ts'

export const dashboardRoutes = Router()

dashboardRoutes.get('/', requireLogin, async (req, res) => {
  const user = userOf(req)
  // members at six consecutive unpaid months: every branch for the office, the own branch for a secretary
  const dues = user.role === 'office' ? arrearsWarnings() : user.role === 'secretary' && user.branchId ? arrearsWarnings(user.branchId) : []
  const [board, openActions, flags, duesWarnings] = await Promise.all([dashboardFor(user), openActionsFor(user), user.role === 'office' ? officeFlags() : null, dues])
  res.render('dashboard/index', { title: '工作台', ...board, openActions, flags, duesWarnings, styles: ['/public/css/dues.css'] })
})

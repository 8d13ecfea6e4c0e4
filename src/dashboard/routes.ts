import { Router } from 'express'
import { requireLogin, userOf } from '../web/auth.ts'
import { dashboardFor } from '../open-days/service.ts'
import { arrearsWarnings } from '../dues/arrears-service.ts'

export const dashboardRoutes = Router()

dashboardRoutes.get('/', requireLogin, async (req, res) => {
  const user = userOf(req)
  // members at six consecutive unpaid months: every branch for the office, the own branch for a secretary
  const duesWarnings = user.role === 'office' ? await arrearsWarnings() : user.role === 'secretary' && user.branchId ? await arrearsWarnings(user.branchId) : []
  res.render('dashboard/index', { title: '工作台', ...(await dashboardFor(user)), duesWarnings, styles: ['/public/css/dues.css'] })
})

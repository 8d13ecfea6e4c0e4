import { Router } from 'express'
import { requireLogin, userOf } from '../web/auth.ts'
import { dashboardFor } from '../open-days/service.ts'
import { openActionsFor } from '../review/service.ts'

export const dashboardRoutes = Router()

dashboardRoutes.get('/', requireLogin, async (req, res) => {
  const [board, openActions] = await Promise.all([dashboardFor(userOf(req)), openActionsFor(userOf(req))])
  res.render('dashboard/index', { title: '工作台', ...board, openActions })
})

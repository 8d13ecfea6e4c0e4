import { Router } from 'express'
import { requireLogin, userOf } from '../web/auth.ts'
import { dashboardFor } from '../open-days/service.ts'

export const dashboardRoutes = Router()

dashboardRoutes.get('/', requireLogin, async (req, res) => {
  res.render('dashboard/index', { title: '工作台', ...(await dashboardFor(userOf(req))) })
})

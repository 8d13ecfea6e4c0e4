import { Router } from 'express'
import { requireLogin, userOf } from '../web/auth.ts'
import { dashboardData } from './service.ts'

export const dashboardRoutes = Router()

dashboardRoutes.get('/', requireLogin, async (req, res) => {
  res.render('dashboard/index', { title: '工作台', ...(await dashboardData(userOf(req))), styles: ['/public/css/dues.css'] })
})

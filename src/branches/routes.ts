import { Router } from 'express'

export const branchRoutes = Router()

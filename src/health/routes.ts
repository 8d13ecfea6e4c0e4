import { Router } from 'express'
import { db } from '../db.ts'

export const healthRoutes = Router()

healthRoutes.get('/healthz', async (_req, res) => {
  try {
    await db.$queryRaw`SELECT 1`
    res.json({ status: 'ok', database: 'ok' })
  } catch {
    res.status(503).json({ status: 'error', database: 'unreachable' })
  }
})

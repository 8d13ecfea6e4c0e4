import { Router } from 'express'
import { writeProbe } from './probe.ts'

export const healthRoutes = Router()

/** 200 only while the database can be written; 503 says why not (full, readonly or unreachable) */
healthRoutes.get('/healthz', async (_req, res) => {
  const database = await writeProbe()
  if (database === 'ok') return void res.json({ status: 'ok', database })
  res.status(503).json({ status: 'error', database: database === 'unreachable' ? database : `unwritable (${database})` })
})

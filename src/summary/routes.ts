import { Router } from 'express'

/** the A4 summary, its PDF and .docx, and a branch's yearly record book */
export const summaryRoutes = Router()

import { Router } from 'express'

/** invitations, links and QR codes, moderation, the wall and the export: for the branch and the office */
export const observerRoutes = Router()

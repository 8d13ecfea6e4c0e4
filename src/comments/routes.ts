import { Router } from 'express'

/** the observers' phone page and their own comments: no account */
export const publicCommentRoutes = Router()

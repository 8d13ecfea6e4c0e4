import { Router } from 'express'

/** run mode for the host and the projector view that follows it */
export const runRoutes = Router()

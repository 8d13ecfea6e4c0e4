import { Router } from 'express'

/** photos and study materials uploaded to segments */
export const photoRoutes = Router()

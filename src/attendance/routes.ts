import { Router } from 'express'

/** attendance, 列席, make-up and the paper sign-in sheet (secretary); see signInRoutes for members' phones */
export const attendanceRoutes = Router()

/** members sign themselves in from their phones: /s/:token, no account */
export const signInRoutes = Router()

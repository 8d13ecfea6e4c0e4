import { Router } from 'express'

/** agenda templates (party office) and each open day's segments */
export const agendaRoutes = Router()

import { Router } from 'express'

/** the run sheet's record: each segment's record form, speeches, the full-screen oath and reading views, the edit history */
export const recordRoutes = Router()

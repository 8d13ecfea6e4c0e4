import { Router } from 'express'

/** the news-release draft written from the record, edited by the party office */
export const newsRoutes = Router()

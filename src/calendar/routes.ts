import { Router } from 'express'
import { z } from 'zod'
import { requireLogin } from '../web/auth.ts'
import { notFound } from '../lib/errors.ts'
import { parseQuery } from '../web/form.ts'
import { monthBounds, WEEKDAY_SHORT } from '../lib/dates.ts'
import { appVersions, cachedOpenDaysBetween } from '../open-days/queries.ts'
import { VersionedCache } from '../cache/versioned.ts'
import { PUBLISHED } from '../open-days/status.ts'
import { getSettings } from '../settings/service.ts'
import { feedIcs } from './ics.ts'
import { monthGrid, parseMonth, shiftMonth } from './month.ts'

export const calendarRoutes = Router()
export const calendarFeedRoutes = Router()

const monthQuery = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 2020-10').optional() })

calendarRoutes.get('/calendar', requireLogin, async (req, res) => {
  const { year, month } = parseMonth(parseQuery(monthQuery, req.query).month)
  const { start, end } = monthBounds(year, month)
  const openDays = await cachedOpenDaysBetween(start, end)
  res.render('calendar/month', {
    title: `${year}年${month}月 开放日日历`,
    year,
    month,
    weeks: monthGrid(year, month, openDays),
    weekdays: WEEKDAY_SHORT,
    prev: shiftMonth(year, month, -1),
    next: shiftMonth(year, month, 1),
    count: openDays.length,
  })
})

const DAY = 24 * 60 * 60 * 1000
/** the feed's window: the last 90 days and the next year, moving once a day */
export const FEED_DAYS = { past: 90, ahead: 365 }
const feeds = new VersionedCache<string>(2)

/** a subscribable feed of published open days, readable by calendar apps without a login */
calendarFeedRoutes.get('/calendar.ics', async (_req, res) => {
  if (!(await getSettings()).icsFeedEnabled) throw notFound('日历订阅')
  const today = Math.floor(Date.now() / DAY) * DAY
  const from = new Date(today - FEED_DAYS.past * DAY)
  const to = new Date(today + (FEED_DAYS.ahead + 1) * DAY)
  const ics = await feeds.get(String(today), String((await appVersions()).calendar), async () => feedIcs(await cachedOpenDaysBetween(from, to, PUBLISHED)))
  res.type('text/calendar; charset=utf-8').set('Cache-Control', 'public, max-age=300').send(ics)
})

import ical, { type ICalCalendar } from 'ical-generator'
import { dayjs, local, TZ } from '../lib/dates.ts'
import { oneLine } from '../lib/text.ts'

/** China has kept UTC+8 without daylight saving since 1991, so one STANDARD block is the whole zone */
const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${TZ}`,
  'BEGIN:STANDARD',
  'DTSTART:19700101T000000',
  'TZOFFSETFROM:+0800',
  'TZOFFSETTO:+0800',
  'TZNAME:CST',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n')

type IcsOpenDay = { id: number; theme: string; place: string; startsAt: Date; endsAt: Date; updatedAt: Date; branch: { name: string } }

function calendar(name: string): ICalCalendar {
  return ical({
    name,
    prodId: { company: 'openday', product: 'openday', language: 'ZH' },
    timezone: { name: TZ, generator: () => VTIMEZONE },
  })
}

/** only branch, theme, time and place: the feed is readable without logging in */
function addEvent(cal: ICalCalendar, o: IcsOpenDay): void {
  cal.createEvent({
    id: `openday-${o.id}@openday`,
    start: local(o.startsAt),
    end: local(o.endsAt),
    timezone: TZ,
    stamp: local(o.updatedAt),
    // iCalendar TEXT holds no control characters: the last guard after the input normaliser
    summary: oneLine(`【支部开放日】${o.branch.name}：${o.theme}`),
    location: oneLine(o.place),
  })
}

/** ical-generator writes DTSTAMP in the calendar's zone without 'Z'; RFC 5545 wants UTC there */
function utcStamps(ics: string): string {
  return ics.replace(/^DTSTAMP:(\d{8}T\d{6})\r$/gm, (_, s: string) => `DTSTAMP:${dayjs.tz(s, 'YYYYMMDDTHHmmss', TZ).utc().format('YYYYMMDD[T]HHmmss[Z]')}\r`)
}

export function openDayIcs(o: IcsOpenDay): string {
  const cal = calendar(`${o.branch.name}开放日`)
  addEvent(cal, o)
  return utcStamps(cal.toString())
}

/** the feed of many open days (src/calendar/routes.ts keeps it while the calendar version holds) */
export function feedIcs(openDays: IcsOpenDay[]): string {
  const cal = calendar('支部开放日')
  for (const o of openDays) addEvent(cal, o)
  return utcStamps(cal.toString())
}

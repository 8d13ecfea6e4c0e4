import dayjs, { type Dayjs } from 'dayjs'
import utc from 'dayjs/plugin/utc.js'
import timezone from 'dayjs/plugin/timezone.js'
import customParseFormat from 'dayjs/plugin/customParseFormat.js'

dayjs.extend(utc)
dayjs.extend(timezone)
dayjs.extend(customParseFormat)

export const TZ = 'Asia/Shanghai'
const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六']
export const WEEKDAY_SHORT = ['一', '二', '三', '四', '五', '六', '日'] // Monday first

/** China keeps UTC+8 all year; a fixed offset is ~10× faster than the tz plugin's Intl lookups */
const SHANGHAI_OFFSET_MINUTES = 8 * 60

/** an instant seen on the wall clock in Shanghai */
export function local(d: Date | string | number = new Date()): Dayjs {
  return dayjs(d).utcOffset(SHANGHAI_OFFSET_MINUTES)
}

/** '2020-10-15' + '14:30' read as Shanghai wall-clock time → instant; null when not a real date/time */
export function fromLocal(date: string, time: string): Date | null {
  const ok = dayjs(`${date} ${time}`, 'YYYY-MM-DD HH:mm', true).isValid()
  return ok ? dayjs.tz(`${date} ${time}`, 'YYYY-MM-DD HH:mm', TZ).toDate() : null
}

export function isRealDate(date: string): boolean {
  return dayjs(date, 'YYYY-MM-DD', true).isValid()
}

/** 2020年10月15日 星期四 */
export function formatDate(d: Date): string {
  const l = local(d)
  return `${l.format('YYYY年M月D日')} ${WEEKDAYS[l.day()]}`
}

/** 2020年10月15日 星期四 14:30 */
export function formatDateTime(d: Date): string {
  return `${formatDate(d)} ${local(d).format('HH:mm')}`
}

/** 2020年10月15日 星期四 14:30–17:00 */
export function formatRange(start: Date, end: Date): string {
  const sameDay = local(start).format('YYYY-MM-DD') === local(end).format('YYYY-MM-DD')
  return sameDay ? `${formatDateTime(start)}–${local(end).format('HH:mm')}` : `${formatDateTime(start)} 至 ${formatDateTime(end)}`
}

export function dateInput(d: Date): string {
  return local(d).format('YYYY-MM-DD')
}

export function timeInput(d: Date): string {
  return local(d).format('HH:mm')
}

/** first and last instant of a Shanghai calendar month */
export function monthBounds(year: number, month: number): { start: Date; end: Date } {
  const start = dayjs.tz(`${year}-${String(month).padStart(2, '0')}-01 00:00`, 'YYYY-MM-DD HH:mm', TZ)
  return { start: start.toDate(), end: start.add(1, 'month').toDate() }
}

/** the Shanghai calendar month an instant falls in */
export function monthOf(d: Date): { start: Date; end: Date } {
  const l = local(d)
  return monthBounds(l.year(), l.month() + 1)
}

export { dayjs }

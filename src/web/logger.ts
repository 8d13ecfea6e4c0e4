import type { IncomingMessage, ServerResponse } from 'node:http'
import { pino, type DestinationStream, type Logger } from 'pino'
import { pinoHttp } from 'pino-http'
import { config } from '../config.ts'

/** secrets that must never reach a log line, wherever a caller puts a request, a response or a body */
const REDACT = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  'headers["x-csrf-token"]',
  'headers["set-cookie"]',
  'body._csrf',
  'req.body._csrf',
  '_csrf',
]

export function createLogger(level: string, stream?: DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } }, stream)
}

export const logger = createLogger(config.NODE_ENV === 'test' && !process.env.OPENDAY_TEST_LOG ? 'silent' : config.LOG_LEVEL)

/** a URL without its query's CSRF token (old pages and scripts may still put one there) */
export function loggableUrl(url: string): string {
  return url.replace(/([?&])_csrf=[^&#]*/g, '$1_csrf=[redacted]')
}

const urlOf = (req: IncomingMessage) => loggableUrl((req as { originalUrl?: string }).originalUrl ?? req.url ?? '')
const quiet = (url = '') => url === '/healthz' || url.startsWith('/public/')

/** one JSON line per request a person can read: "POST /login 302 12ms", the user id, no headers */
export function requestLogger(log: Logger) {
  return pinoHttp({
    logger: log,
    autoLogging: { ignore: (req) => quiet(req.url) },
    serializers: {
      req: (req: IncomingMessage & { id?: unknown }) => ({ id: req.id, method: req.method, url: urlOf(req) }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    customProps: (req) => ({ userId: (req as { user?: { id: number } }).user?.id }),
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: (req, res, ms) => `${req.method} ${urlOf(req)} ${res.statusCode} ${ms}ms`,
    customErrorMessage: (req, res) => `${req.method} ${urlOf(req)} ${res.statusCode} failed`,
  })
}

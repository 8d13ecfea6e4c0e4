import session from 'express-session'
import { PrismaSessionStore } from '@quixo3/prisma-session-store'
import { config } from '../config.ts'
import { db } from '../db.ts'

const TWELVE_HOURS = 12 * 60 * 60 * 1000

export function sessionMiddleware() {
  return session({
    name: 'openday.sid',
    secret: config.sessionSecret,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.TRUST_PROXY === '1', maxAge: TWELVE_HOURS },
    store: new PrismaSessionStore(db as never, {
      // expired rows are swept every 10 minutes; tests skip the timer so their processes can exit
      checkPeriod: config.NODE_ENV === 'test' ? undefined : 10 * 60 * 1000,
      dbRecordIdIsSessionId: true,
      logger: false,
    }),
  })
}

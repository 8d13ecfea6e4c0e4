import session from 'express-session'
import type { Request } from 'express'
import { config } from '../config.ts'
import { db, jsonInt, readStatement } from '../db.ts'
import type { SessionUserRow } from '../accounts/service.ts'

const TWELVE_HOURS = 12 * 60 * 60 * 1000
/** a session's expiry is written at most this often while it is in use (the cookie slides on every response) */
export const TOUCH_INTERVAL_MS = 5 * 60 * 1000
const SWEEP_INTERVAL_MS = 10 * 60 * 1000

/** Prisma's DateTime text in SQLite, so the column reads back the same way through the client */
const sqlTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00')

// the user's columns are all null when the session has no user (LEFT JOIN)
type Row = Omit<SessionUserRow, 'id'> & { id: number | null; data: string; expiresAt: string; settingsVersion: number }
/** what the read brought along with the session: its stored expiry, its user if any, and the settings counter (the
 *  footer's committee name needs no read of its own) */
type Loaded = { expiresAt: number; user: SessionUserRow | null; settingsVersion: number }
const LOADED = Symbol('loaded')
type WithLoaded = { [LOADED]?: Loaded }

// the session and its user in one prepared statement: it runs on every request that carries a cookie
const readSession = readStatement<[string, string], Row>(`
  SELECT s."data", s."expiresAt", u."id", u."username", u."displayName", u."role", u."branchId", u."disabledAt",
         u."passwordChangedAt", b."name" AS "branchName",
         (SELECT "value" FROM "CacheVersion" WHERE "key" = 'settings') AS "settingsVersion"
  FROM "Session" s
  LEFT JOIN "User" u ON u."id" = ${jsonInt('s."data"', 'userId')}
  LEFT JOIN "Branch" b ON b."id" = u."branchId"
  WHERE s."sid" = ? AND s."expiresAt" > ?`)

const expiryOf = (sess: session.SessionData) => sess.cookie.expires?.getTime() ?? Date.now() + TWELVE_HOURS

/** sessions in the Session table: one read per request, writes only when the data changed or the expiry is old */
export class SessionStore extends session.Store {
  override get(sid: string, cb: (err: unknown, sess?: session.SessionData | null) => void): void {
    readSession(sid, sqlTime(Date.now())).then((row) => {
      if (!row) return cb(null, null)
      const sess = JSON.parse(row.data) as session.SessionData & WithLoaded
      const loaded: Loaded = { expiresAt: Date.parse(row.expiresAt), user: row.id === null ? null : (row as SessionUserRow), settingsVersion: row.settingsVersion }
      Object.defineProperty(sess, LOADED, { value: loaded })
      cb(null, sess)
    }, cb)
  }

  /** keeps what the read brought on req.session (hidden: it is never hashed or saved) */
  override createSession(req: Request, sess: session.SessionData & WithLoaded): session.Session & session.SessionData {
    const loaded = sess[LOADED]
    const created = super.createSession(req, sess)
    if (loaded) Object.defineProperty(created, LOADED, { value: loaded })
    return created
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    const expires = sqlTime(expiryOf(sess))
    db.$executeRaw`INSERT INTO "Session" ("id", "sid", "data", "expiresAt") VALUES (${sid}, ${sid}, ${JSON.stringify(sess)}, ${expires})
      ON CONFLICT ("sid") DO UPDATE SET "data" = excluded."data", "expiresAt" = excluded."expiresAt"`.then(() => cb?.(), cb)
  }

  override touch(sid: string, sess: session.SessionData & WithLoaded, cb?: (err?: unknown) => void): void {
    const loaded = sess[LOADED]
    const expires = expiryOf(sess)
    if (loaded && expires - loaded.expiresAt < TOUCH_INTERVAL_MS) return cb?.()
    db.$executeRaw`UPDATE "Session" SET "expiresAt" = ${sqlTime(expires)} WHERE "sid" = ${sid}`.then(() => cb?.(), cb)
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    db.$executeRaw`DELETE FROM "Session" WHERE "sid" = ${sid}`.then(() => cb?.(), cb)
  }
}

/** deletes expired sessions in one statement (never loads them) */
export function sweepExpiredSessions(now = Date.now()): Promise<number> {
  return db.$executeRaw`DELETE FROM "Session" WHERE "expiresAt" <= ${sqlTime(now)}`
}

/** the user row read together with this request's session; undefined when the session was not read from the store */
export function sessionUserRow(req: Request): SessionUserRow | null | undefined {
  return loadedWith(req)?.user
}

/** the settings counter read together with this request's session, if it was read from the store */
export function sessionSettingsVersion(req: Request): number | undefined {
  return loadedWith(req)?.settingsVersion
}

const loadedWith = (req: Request) => (req.session as (session.Session & WithLoaded) | undefined)?.[LOADED]

export function sessionMiddleware() {
  setInterval(() => void sweepExpiredSessions().catch(() => undefined), SWEEP_INTERVAL_MS).unref()
  return session({
    name: 'openday.sid',
    secret: config.sessionSecret,
    resave: false,
    // an anonymous visit stores nothing: a session row is written when something is put in it (login, a flash)
    saveUninitialized: false,
    // the cookie slides on every response; the row's expiry follows at most every TOUCH_INTERVAL_MS
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.TRUST_PROXY === '1', maxAge: TWELVE_HOURS },
    store: new SessionStore(),
  })
}

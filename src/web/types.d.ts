import 'express-session'
import type { CurrentUser } from '../lib/user.ts'
import type { Flash } from './flash.ts'

declare module 'express-session' {
  interface SessionData {
    userId: number
    /** when this session logged in; a later password change ends it */
    authAt: number
    flash: Flash[]
    csrfToken: string
  }
}

declare global {
  namespace Express {
    interface Request {
      user?: CurrentUser
    }
  }
}

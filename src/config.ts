import { randomBytes } from 'node:crypto'
import { z } from 'zod'

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().default('file:./data/openday.db'),
  /** signs session cookies; required in production. Elsewhere a random one per start logs everyone out on restart */
  SESSION_SECRET: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16).optional()),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  /** public base URL used in QR codes and calendar links, e.g. https://openday.example.org */
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** set to 0 to skip loading demo data into an empty database */
  SEED_DEMO: z.enum(['0', '1']).default('1'),
  /** 1 when the app sits behind a TLS-terminating proxy: secure cookies, trust X-Forwarded-* */
  TRUST_PROXY: z.enum(['0', '1']).default('0'),
  /** observers' comment rate limits: per address, per link (default 600; 5 under test), per window */
  COMMENT_LIMIT_PER_IP: z.coerce.number().int().positive().default(60),
  COMMENT_LIMIT_PER_LINK: z.coerce.number().int().positive().optional(),
  COMMENT_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(600),
  /** uploaded photos and study materials; relative paths are from the project root */
  UPLOAD_DIR: z.string().default('./data/uploads'),
  /** largest upload accepted, in megabytes */
  UPLOAD_MAX_MB: z.coerce.number().positive().max(100).default(15),
  /** headless Chromium for PDF downloads; when it is missing the page offers the browser's print instead */
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
})

export type Config = z.infer<typeof schema> & { sessionSecret: string }

/** a bad environment stops start-up with one line saying what to fix, not a stack trace */
function refuse(problems: string[]): never {
  console.error(`启动失败，请检查环境变量：${problems.join('；')}`)
  process.exit(1)
}

function load(): Config {
  const parsed = schema.safeParse(process.env)
  if (!parsed.success) refuse(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`))
  if (parsed.data.NODE_ENV === 'production' && !parsed.data.SESSION_SECRET) {
    refuse(['NODE_ENV=production 时必须设置 SESSION_SECRET（至少 16 个字符的随机串，例如 openssl rand -hex 32 的输出），否则每次重启都会让所有人退出登录'])
  }
  return { ...parsed.data, sessionSecret: parsed.data.SESSION_SECRET ?? randomBytes(32).toString('hex') }
}

export const config = load()

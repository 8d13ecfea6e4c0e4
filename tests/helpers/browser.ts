// Browser tests: the real app listening on an ephemeral port over a fresh, seeded SQLite file,
// driven by playwright-core through Debian's Chromium (no browser download).
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { after, before } from 'node:test'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import type { SeedLogin } from '../../src/demo/seed.ts'

export const CHROMIUM = '/usr/bin/chromium'

export const PHONE = { width: 360, height: 740 }
export type Device = keyof typeof devices
const devices = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
}

/** a context as a user in China has it: zh-CN, Shanghai time, on a desktop or a touch phone */
export async function newContext(browser: Browser, device: Device): Promise<BrowserContext> {
  const context = await browser.newContext({ ...devices[device], locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  context.setDefaultTimeout(10_000)
  return context
}
export const ADMIN_PASSWORD = 'admin-browser-test-42'
const root = path.resolve(import.meta.dirname, '../..')
export const SCREENSHOTS = path.join(root, 'tmp', 'screenshots')

/**
 * The `skip` option for a browser describe(): a message when Chromium is missing on a developer's
 * machine; false on CI, where a missing browser must fail the run (launchBrowser throws).
 */
export function browserSkip(): string | false {
  if (existsSync(CHROMIUM) || process.env.CI) return false
  return `Chromium not found at ${CHROMIUM}: browser tests skipped (apt-get install chromium fonts-noto-cjk)`
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}; CI is set, so the browser tests must run`)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
}

export type TestServer = { baseUrl: string; logins: Record<string, string>; close: () => Promise<void> }

/** migrates and seeds a fresh SQLite file, then listens on 127.0.0.1:<ephemeral>; call once per test file */
export async function startServer(): Promise<TestServer> {
  const file = path.join(os.tmpdir(), `openday-browser-${process.pid}-${randomBytes(4).toString('hex')}.db`)
  process.env.DATABASE_URL = `file:${file}`
  process.env.NODE_ENV = 'test'
  process.env.SESSION_SECRET ??= 'test-session-secret-0123456789'
  process.env.ADMIN_PASSWORD = ADMIN_PASSWORD
  // config is read once, at its first import: everything below must come after the env is set
  const { migratedCopy } = await import('./migrated.ts')
  migratedCopy(file)
  const { seedIfEmpty } = await import('../../src/demo/seed.ts')
  const { db } = await import('../../src/db.ts')
  const { buildApp } = await import('../../src/app.ts')

  const seeded: SeedLogin[] | null = await seedIfEmpty()
  if (!seeded) throw new Error('expected an empty database to seed')
  const logins = Object.fromEntries(seeded.map((l) => [l.username, l.password]))

  const server = buildApp().listen(0, '127.0.0.1')
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject))
  const { port } = server.address() as AddressInfo

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    logins,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await db.$disconnect()
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true })
    },
  }
}

/**
 * fills the labelled login fields and submits; resolves once the app has redirected away from /login.
 * Labels end in an aria-hidden "*" that Playwright's label text includes, hence no exact match.
 */
export async function logIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`)
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(password)
  await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.getByRole('button', { name: '登录' }).click()])
}

type Db = (typeof import('../../src/db.ts'))['db']

/** what a browser describe() works with; the fields are set once its before() hooks have run */
export type BrowserApp = {
  baseUrl: string
  /** the seed's usernames and passwords, admin's included */
  logins: Record<string, string>
  db: Db
  browser: Browser
  /** a new zh-CN context, closed with the browser */
  context: (device: Device) => Promise<BrowserContext>
  /** logs in with the seed's password for `username` unless given one */
  logIn: (page: Page, username: string, password?: string) => Promise<void>
  /** a page in a new context, logged in as `username` if given */
  page: (device: Device, username?: string) => Promise<Page>
}

/**
 * The set-up every browser describe() shares: call it first in the describe(). Its before() launches Chromium and
 * starts the app over a fresh seeded file; its after() closes the contexts made through it, the browser and the app.
 */
export function useBrowser(): BrowserApp {
  let server: TestServer | undefined
  const contexts: BrowserContext[] = []
  const app = {
    async context(device: Device) {
      const context = await newContext(app.browser, device)
      contexts.push(context)
      return context
    },
    async logIn(page: Page, username: string, password = app.logins[username]) {
      if (password === undefined) throw new Error(`no seed password for ${username}`)
      await logIn(page, app.baseUrl, username, password)
    },
    async page(device: Device, username?: string) {
      const page = await (await app.context(device)).newPage()
      if (username) await app.logIn(page, username)
      return page
    },
  } as BrowserApp

  before(async () => {
    app.browser = await launchBrowser()
    server = await startServer()
    app.baseUrl = server.baseUrl
    app.logins = server.logins
    ;({ db: app.db } = await import('../../src/db.ts'))
  })
  after(async () => {
    for (const context of contexts) await context.close()
    await app.browser?.close()
    await server?.close()
  })
  return app
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  const file = path.join(SCREENSHOTS, `${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}

/** the document's full width in CSS pixels; wider than the viewport means sideways scrolling */
export function scrollWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth)
}

/** elements matching `selector` that stick out past the viewport's right edge or clip their own content sideways */
export function overflowing(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) =>
    els
      .filter((el) => el.getClientRects().length > 0)
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5 || el.scrollWidth > el.clientWidth + 1)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)}px, scroll ${el.scrollWidth}/${el.clientWidth})`),
  )
}

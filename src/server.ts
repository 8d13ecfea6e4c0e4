import { configuredBase } from './web/link-base.ts'
import { rmSync, writeFileSync } from 'node:fs'
import { config } from './config.ts'
import { isPostgresUrl } from './lib/database-url.ts'
import { databaseFile, pidFile } from './backup/service.ts'
import { storageProblem } from './health/storage.ts'
import { migrateDatabase } from './migrate.ts'
import { sweepIncoming } from './photos/incoming.ts'
import { uploadDir } from './photos/store.ts'
import { logger } from './web/logger.ts'

async function main(): Promise<void> {
  // PostgreSQL: no file here, and `npm run restore` (SQLite only) has no pid file to look for
  const dbFile = isPostgresUrl(config.DATABASE_URL) ? null : databaseFile(config.DATABASE_URL)
  // a read-only or full disk is said in one line, before Prisma's migration tool would print its stack
  const problem = storageProblem(dbFile, uploadDir)
  if (problem) {
    console.error(problem)
    process.exit(1)
  }
  const migrations = await migrateDatabase(config.DATABASE_URL)
  const { disconnect, tuneDatabase } = await import('./db.ts')
  await tuneDatabase()
  const { seedIfEmpty } = await import('./demo/seed.ts')
  const { buildApp } = await import('./app.ts')
  const { closePdfBrowser } = await import('./summary/pdf.ts')
  const { answerBench } = await import('./bench-ipc.ts')
  if (config.SEED_DEMO === '1') {
    const logins = await seedIfEmpty()
    if (logins) {
      console.log('\n  数据库为空，已载入示例数据（省政协机关党办党支部开放日）。首次登录：')
      for (const l of logins) console.log(`    ${l.label.padEnd(10)} 用户名 ${l.username}  密码 ${l.password}`)
      console.log('  （密码只显示这一次；可用 ADMIN_PASSWORD 指定管理员密码）\n')
    }
  }
  // `npm run restore` refuses while this file names a live process
  const pid = dbFile && pidFile(dbFile)
  const server = buildApp().listen(config.PORT, config.HOST, () => {
    if (pid) writeFileSync(pid, String(process.pid))
    const addr = server.address()
    const port = typeof addr === 'object' && addr ? addr.port : config.PORT
    const cpu = process.cpuUsage()
    // ms and CPU ms since the process started
    const startup = { ms: Math.round(performance.now()), cpuMs: Math.round((cpu.user + cpu.system) / 1000) }
    const rssMb = Math.round(process.memoryUsage().rss / 1048576)
    logger.info({ port, migrations, ...startup, rssMb }, 'openday listening')
    answerBench({ port, migrations, ...startup, rssMb })
    console.log(`  openday 已启动：http://localhost:${port}/`)
    // parts of uploads an instance was stopped in the middle of
    void sweepIncoming().then((n) => n && logger.info({ removed: n }, 'removed unfinished uploads'), () => undefined)
    // advisory only: a failed read (a full disk) must not stop the server
    void configuredBase().then((base) => {
      if (!base) logger.warn('未设置公网地址：二维码和打印的链接用浏览器地址栏中的地址，从 localhost 打开时手机无法访问。请在 设置 › 公网地址 填写，或设置环境变量 PUBLIC_URL')
    }, () => undefined)
  })
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down')
    if (pid) rmSync(pid, { force: true })
    // a proxy's kept-alive connections: the requests under way are answered, each with its connection closed after
    server.prependListener('request', (_req, res) => res.setHeader('Connection', 'close'))
    server.close(() => void Promise.allSettled([closePdfBrowser(), disconnect()]).finally(() => process.exit(0)))
    setTimeout(() => process.exit(1), 10_000).unref()
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}

main().catch((err) => {
  logger.fatal({ err }, 'start-up failed')
  console.error(err)
  process.exit(1)
})

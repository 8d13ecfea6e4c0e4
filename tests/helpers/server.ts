// The real server as a child process (npm start's entry), for tests that kill it, restart it or starve its disk.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../..')

export type Server = { url: string; child: ChildProcess; output: () => string; exited: Promise<number | null>; stop: () => Promise<void> }

/** runs `node --import tsx src/server.ts` with `env`; resolves once it listens (or rejects with what it printed) */
export function startServer(env: Record<string, string>, opts: { user?: string } = {}): Promise<Server> {
  const base = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1', SEED_DEMO: '0', SESSION_SECRET: 'test-session-secret-0123456789', ...env }
  const args = ['--import', 'tsx', 'src/server.ts']
  const child = opts.user ? spawn('runuser', ['-u', opts.user, '--', 'env', ...Object.entries({ ...base, HOME: '/tmp' }).map(([k, v]) => `${k}=${v}`), process.execPath, ...args], { cwd: root }) : spawn(process.execPath, args, { cwd: root, env: base })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000)
    child.stdout!.on('data', () => {
      const m = /已启动：(http:\/\/localhost:\d+)\//.exec(out)
      if (!m) return
      clearTimeout(timer)
      resolve({ url: m[1].replace('localhost', '127.0.0.1'), child, output: () => out, exited, stop })
    })
    void exited.then((code) => {
      clearTimeout(timer)
      reject(Object.assign(new Error(`server exited with ${code}:\n${out}`), { code, output: out }))
    })
  })
}

/** a Prisma client on another database file, to prepare what the child server will serve */
export async function openDb(url: string) {
  const { PrismaBetterSQLite3 } = await import('@prisma/adapter-better-sqlite3')
  const { PrismaClient } = await import('../../src/generated/prisma/client.ts')
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) })
}

/** a branch and an approved open day happening now, its observers' page open for comments */
export async function openDayTakingComments(url: string): Promise<{ token: string; id: number }> {
  const db = await openDb(url)
  try {
    const hour = 3600_000
    const branch = await db.branch.create({ data: { name: '测试党支部' } })
    const o = await db.openDay.create({
      data: { branchId: branch.id, theme: '测试开放日', place: '活动室', status: 'approved', startsAt: new Date(Date.now() - hour), endsAt: new Date(Date.now() + hour) },
    })
    return { token: o.observerToken, id: o.id }
  } finally {
    await db.$disconnect()
  }
}

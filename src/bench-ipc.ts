import { sqlStatements } from './db.ts'

export type StartupStats = { port: number; migrations: 'applied' | 'up-to-date'; ms: number; cpuMs: number; rssMb: number }
export type ServerStats = { sql: number; cpuMs: number; rssMb: number }

/**
 * For `npm run bench` only: when the bench forks the server (an IPC channel) with OPENDAY_COUNT_SQL=1, the server
 * tells it when it listens and answers 'stats' with its SQL statement count and CPU time. Nothing otherwise.
 */
export function answerBench(startup: StartupStats): void {
  const send = process.send?.bind(process)
  if (!send || process.env.OPENDAY_COUNT_SQL !== '1') return
  send({ type: 'listening', ...startup })
  process.on('message', (message) => {
    if (message !== 'stats') return
    const cpu = process.cpuUsage()
    const stats: ServerStats = { sql: sqlStatements(), cpuMs: (cpu.user + cpu.system) / 1000, rssMb: process.memoryUsage().rss / 1048576 }
    send({ type: 'stats', ...stats })
  })
}

// The load generator, in a process of its own (forked by bench/run.ts): one autocannon run per process, its
// options and result passed over IPC. With `comment`, each request carries a fresh idempotency key, and every
// fifth resends the key sent just before (a double tap, or a retry after a lost answer).
import { randomUUID } from 'node:crypto'
import autocannon from 'autocannon'

export type LoadOptions = {
  url: string
  path: string
  method: 'GET' | 'POST'
  headers: Record<string, string>
  connections: number
  duration?: number
  amount?: number
  /** form fields of a comment POST; the idempotency key is added per request */
  comment?: Record<string, string>
}

export type LoadResult = {
  rps: number
  p50: number
  p99: number
  total: number
  non2xx: number
  errors: number
  timeouts: number
  durationS: number
  statuses: Record<string, number>
}

function commentBodies(fields: Record<string, string>) {
  let n = 0
  let last: string | undefined
  return (req: autocannon.Request) => {
    n++
    const key = last !== undefined && n % 5 === 0 ? last : randomUUID()
    last = key
    return { ...req, body: new URLSearchParams({ ...fields, idempotencyKey: key, learnings: `${fields.learnings} #${n}` }).toString() }
  }
}

async function run(o: LoadOptions): Promise<LoadResult> {
  const r = await autocannon({
    url: o.url,
    connections: o.connections,
    timeout: 20,
    ...(o.amount ? { amount: o.amount } : { duration: o.duration ?? 5 }),
    requests: [{ method: o.method, path: o.path, headers: o.headers, ...(o.comment ? { setupRequest: commentBodies(o.comment) } : {}) }],
  })
  const statuses = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s?.count ?? 0]))
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    durationS: r.duration,
    statuses,
  }
}

process.once('message', (o: LoadOptions) => {
  run(o).then(
    (result) => process.send!({ result }, () => process.exit(0)),
    (err: Error) => process.send!({ error: String(err?.stack ?? err) }, () => process.exit(1)),
  )
})

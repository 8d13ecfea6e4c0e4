// deploy/nginx.conf run as an ordinary process (its own prefix, high ports, a certificate made now), in front of
// compiled app instances (node dist/server.js), and an HTTPS client that can speak from any 127.x address.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import https from 'node:https'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { waitFor } from './wait.ts'

const root = path.resolve(import.meta.dirname, '../..')
export const deployConf = path.join(root, 'deploy/nginx.conf')

export const nginxBinary = (): string | undefined =>
  [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin'].map((d) => path.join(d, 'nginx')).find((f) => existsSync(f))

export async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** replaces `from` exactly once: the file changed under the test would otherwise go untested */
function once(text: string, from: string, to: string): string {
  const parts = text.split(from)
  if (parts.length !== 2) throw new Error(`deploy/nginx.conf: expected "${from}" once, found ${parts.length - 1}`)
  return parts.join(to)
}

export type Ports = { http: number; https: number; upstreams: [number, number] }

/** deploy/nginx.conf with the test's addresses, ports and certificate; `down` marks instances taken out */
export function testConf(dir: string, ports: Ports, down: number[] = []): string {
  let conf = readFileSync(deployConf, 'utf8')
  conf = once(conf, 'listen 80;', `listen 127.0.0.1:${ports.http};`)
  conf = once(conf, 'listen 443 ssl http2;', `listen 127.0.0.1:${ports.https} ssl http2;`)
  conf = once(conf, '/etc/letsencrypt/live/openday.example.org/fullchain.pem', path.join(dir, 'cert.pem'))
  conf = once(conf, '/etc/letsencrypt/live/openday.example.org/privkey.pem', path.join(dir, 'key.pem'))
  ;['10.0.0.11:3001', '10.0.0.12:3002'].forEach((address, i) => {
    const flag = down.includes(i) ? ' down' : ''
    conf = once(conf, `${address} max_fails=2 fail_timeout=10s;`, `127.0.0.1:${ports.upstreams[i]} max_fails=2 fail_timeout=10s${flag};`)
  })
  // the main context a distribution's /etc/nginx/nginx.conf gives it, kept in the prefix; the access log names
  // the instance(s) each request went to
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
    log_format upstreams '$request_method $request_uri $status "$upstream_addr"';
    access_log ${dir}/access.log upstreams;
    client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
${conf}
}
`
}

export type Nginx = { dir: string; ca: Buffer; reload: (down: number[]) => Promise<void>; accessLog: () => string[]; stop: () => Promise<void> }

/** starts nginx in the foreground with a self-signed certificate for 127.0.0.1 made by openssl */
export async function startNginx(ports: Ports): Promise<Nginx> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'openday-nginx-'))
  chmodSync(dir, 0o755) // workers run as nobody when the test runs as root
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' })
  const confFile = path.join(dir, 'nginx.conf')
  writeFileSync(confFile, testConf(dir, ports))
  const args = ['-p', dir, '-e', path.join(dir, 'error.log'), '-c', confFile]
  execFileSync(nginxBinary()!, [...args, '-t'], { stdio: 'pipe' })
  const child = spawn(nginxBinary()!, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  await waitFor(async () => (await portOpen(ports.https)) || child.exitCode !== null, 10_000)
  if (child.exitCode !== null) throw new Error(`nginx exited: ${out}${readFileSync(path.join(dir, 'error.log'), 'utf8')}`)
  const workers = () => childrenOf(child.pid!)
  return {
    dir,
    ca: readFileSync(path.join(dir, 'cert.pem')),
    /** rewrites the upstreams and reloads (SIGHUP, as `nginx -s reload`); resolves once the old worker has left */
    async reload(down) {
      writeFileSync(confFile, testConf(dir, ports, down))
      const before = workers()
      child.kill('SIGHUP')
      await waitFor(async () => workers().every((w) => !before.includes(w)), 15_000)
    },
    accessLog: () => readFileSync(path.join(dir, 'access.log'), 'utf8').split('\n').filter(Boolean),
    async stop() {
      child.kill('SIGQUIT')
      await exited
    },
  }
}

/** the processes whose parent is `pid` (nginx's workers), from /proc */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      try {
        const stat = readFileSync(`/proc/${e}/stat`, 'utf8')
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid
      } catch {
        return false // ended while we looked
      }
    })
    .map(Number)
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)))
    s.on('error', () => resolve(false))
  })

export type Instance = { port: number; child: ChildProcess; log: () => string; stop: () => Promise<{ code: number | null; ms: number }> }

/** `node dist/server.js` on `port`; resolves once it listens */
export function startInstance(port: number, env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, [path.join(root, 'dist/server.js')], {
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), SEED_DEMO: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const stop = async () => {
    const start = Date.now()
    child.kill('SIGTERM')
    return { code: await exited, ms: Date.now() - start }
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance on ${port} did not start:\n${out}`)), 30_000)
    child.stdout!.on('data', () => out.includes('openday 已启动') && (clearTimeout(timer), resolve({ port, child, log: () => out, stop })))
    void exited.then((code) => (clearTimeout(timer), reject(new Error(`instance on ${port} exited with ${code}:\n${out}`))))
  })
}

export type Reply = { status: number; text: string; location?: string; setCookie: string[]; headers: Record<string, unknown> }

/** a browser over HTTPS through the proxy: one cookie jar, its own keep-alive connections from `from` */
export class HttpsClient {
  private cookies = new Map<string, string>()
  private agent: https.Agent
  constructor(private port: number, ca: Buffer, from = '127.0.0.1') {
    this.agent = new https.Agent({ keepAlive: true, ca, localAddress: from, maxSockets: 1 })
  }

  /** requests resent because a kept-alive connection was closed (nginx's old worker after a reload) before it
   *  answered, as browsers resend them */
  resent = 0

  async request(urlPath: string, init: { form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Reply> {
    try {
      return await this.send(urlPath, init)
    } catch (err) {
      if (!(err as { reused?: boolean }).reused) throw err
      this.resent++
      return this.send(urlPath, init)
    }
  }

  private send(urlPath: string, init: { form?: Record<string, string>; headers?: Record<string, string> }): Promise<Reply> {
    const body = init.form ? new URLSearchParams(init.form).toString() : undefined
    const headers: Record<string, string> = { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...init.headers }
    if (body) Object.assign(headers, { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) })
    let answered = false
    return new Promise((resolve, reject) => {
      const req = https.request({ host: '127.0.0.1', port: this.port, path: urlPath, method: body ? 'POST' : 'GET', agent: this.agent, headers }, (res) => {
        answered = true
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (d) => (text += d))
        res.on('end', () => {
          const setCookie = res.headers['set-cookie'] ?? []
          for (const c of setCookie) {
            const [pair] = c.split(';')
            const at = pair!.indexOf('=')
            this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1))
          }
          resolve({ status: res.statusCode!, text, location: res.headers.location, setCookie, headers: res.headers })
        })
        res.on('error', reject)
      })
      req.on('error', (err) => reject(Object.assign(err, { reused: req.reusedSocket && !answered })))
      req.end(body)
    })
  }

  close(): void {
    this.agent.destroy()
  }
}

export { waitFor }

// A phone or a browser over real HTTP with one cookie jar, whichever server it talks to (the scale-out test sends
// one user's requests to two instances, as a proxy would).
import { csrfOf } from './http.ts'

export type Reply = { status: number; text: string; location: string | null }

export class Client {
  private cookies = new Map<string, string>()

  /** the Cookie header this client sends */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  async request(url: string, init: { method?: string; form?: Record<string, string>; multipart?: FormData; accept?: string } = {}): Promise<Reply> {
    const res = await fetch(url, {
      method: init.method ?? (init.form || init.multipart ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        cookie: this.cookieHeader(),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...(init.accept ? { accept: init.accept } : {}),
      },
      body: init.multipart ?? (init.form ? new URLSearchParams(init.form).toString() : undefined),
    })
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const at = pair!.indexOf('=')
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1))
    }
    return { status: res.status, text: await res.text(), location: res.headers.get('location') }
  }

  /** GET `page` from one server, then POST its form to `action` on `to` (the same server unless a proxy moved it) */
  async submit(page: string, action: string, fields: Record<string, string>): Promise<Reply> {
    const form = await this.request(page)
    return this.request(action, { form: { _csrf: csrfOf(form.text), ...fields } })
  }
}

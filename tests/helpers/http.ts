import request from 'supertest'
import { app } from './app.ts'
import { createBranch, createUser, PASSWORD } from './factories.ts'

export type Agent = ReturnType<typeof request.agent>

/** the CSRF token of a page's first form */
export function csrfOf(html: string): string {
  const m = html.match(/name="_csrf" value="([^"]+)"/)
  if (!m) throw new Error('no CSRF token on the page')
  return m[1]
}

/** GET a page to obtain a token, then POST a form to `path` as a browser would */
export async function submit(agent: Agent, path: string, fields: Record<string, string | string[]>, from = '/login') {
  const page = await agent.get(from)
  return agent.post(path).type('form').send({ _csrf: csrfOf(page.text), ...fields })
}

export function anonymous(): Agent {
  return request.agent(app)
}

export async function login(username: string, password = PASSWORD): Promise<Agent> {
  const agent = request.agent(app)
  const res = await submit(agent, '/login', { username, password })
  if (res.status !== 302) throw new Error(`login failed for ${username}: ${res.status}`)
  return agent
}

/** one login helper per role; a secretary gets a branch of their own */
export async function loginAsOffice() {
  const user = await createUser('office')
  return { user, agent: await login(user.username) }
}

export async function loginAsSecretary(branchId?: number) {
  const branch = branchId ? { id: branchId } : await createBranch()
  const user = await createUser('secretary', { branchId: branch.id })
  return { user, branchId: branch.id, agent: await login(user.username) }
}

export async function loginAsViewer() {
  const user = await createUser('viewer')
  return { user, agent: await login(user.username) }
}

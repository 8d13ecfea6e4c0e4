// Factories for the attendance tests: an open day around now, members, marked rows. Import after ../helpers/app.ts.
import { db } from './app.ts'
import { createMember, createOpenDay } from './factories.ts'
import { loginAsSecretary, submit, type Agent } from './http.ts'

const HOUR = 60 * 60 * 1000

/** an open day of a new secretary's branch, happening now (sign-in open), with `members` in branch order */
export async function secretaryWithEvent(opts: { members?: { name: string; standing?: string }[]; status?: string; startsInHours?: number } = {}) {
  const login = await loginAsSecretary()
  const start = Date.now() + (opts.startsInHours ?? -0.5) * HOUR
  const openDay = await db.openDay.update({
    where: { id: (await createOpenDay(login.branchId, { status: opts.status ?? 'approved' })).id },
    data: { startsAt: new Date(start), endsAt: new Date(start + 2 * HOUR) },
  })
  const members = []
  for (const m of opts.members ?? [{ name: '张建国' }, { name: '李红梅' }, { name: '王志强', standing: 'probationary' }]) {
    members.push(await createMember(login.branchId, { name: m.name, standing: m.standing ?? 'full' }))
  }
  return { ...login, openDay, members, base: `/open-days/${openDay.id}/attendance` }
}

export function mark(openDayId: number, memberId: number, data: { status: string; leaveReason?: string; signedInVia?: string; signedInAt?: Date; madeUpOn?: string }) {
  return db.attendance.create({ data: { openDayId, memberId, ...data } })
}

/** the hidden `seen-<id>` of each row on the attendance page, as a browser would send them back */
export async function seenFields(agent: Agent, path: string): Promise<Record<string, string>> {
  const html = (await agent.get(path)).text
  return Object.fromEntries([...html.matchAll(/name="(seen-\d+)" value="([^"]+)"/g)].map((m) => [m[1], m[2]]))
}

/** POST a form from the attendance page (its CSRF token) */
export function post(agent: Agent, path: string, fields: Record<string, string> = {}, from = '/') {
  return submit(agent, path, fields, from)
}

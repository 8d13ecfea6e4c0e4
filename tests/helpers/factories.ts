import { randomBytes } from 'node:crypto'
import { db } from './app.ts'
import { hashPassword } from '../../src/lib/password.ts'
import { fromLocal } from '../../src/lib/dates.ts'

const unique = () => randomBytes(3).toString('hex')
export const PASSWORD = 'correct-horse-42'

export function createBranch(data: { name?: string } = {}) {
  return db.branch.create({ data: { name: data.name ?? `测试党支部${unique()}` } })
}

export function createMember(branchId: number, data: Partial<{ name: string; standing: string; category: string; partyPost: string }> = {}) {
  return db.member.create({ data: { branchId, name: data.name ?? `党员${unique()}`, ...data } })
}

export async function createUser(role: 'office' | 'secretary' | 'viewer', data: { branchId?: number; username?: string; password?: string } = {}) {
  return db.user.create({
    data: {
      username: data.username ?? `${role}-${unique()}`,
      displayName: role === 'office' ? '机关党办' : `用户${unique()}`,
      role,
      branchId: data.branchId ?? null,
      passwordHash: await hashPassword(data.password ?? PASSWORD),
    },
  })
}

export function createOpenDay(
  branchId: number,
  data: Partial<{ theme: string; date: string; start: string; end: string; place: string; status: string }> = {},
) {
  const date = data.date ?? '2030-06-12'
  return db.openDay.create({
    data: {
      branchId,
      theme: data.theme ?? `主题${unique()}`,
      startsAt: fromLocal(date, data.start ?? '14:30')!,
      endsAt: fromLocal(date, data.end ?? '16:30')!,
      place: data.place ?? `会议室${unique()}`,
      status: data.status ?? 'draft',
    },
  })
}

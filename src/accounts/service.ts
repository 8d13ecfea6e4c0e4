import { db } from '../db.ts'
import { hashPassword, randomPassword, verifyPassword } from '../lib/password.ts'
import { FormError, notFound } from '../lib/errors.ts'
import type { CurrentUser } from '../lib/user.ts'
import type { Role } from './roles.ts'
import type { ChangePassword, CreateAccount, UpdateAccount } from './schemas.ts'

const withBranch = { branch: { select: { name: true } } } as const

function toCurrentUser(u: { id: number; username: string; displayName: string; role: string; branchId: number | null; branch: { name: string } | null }): CurrentUser {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role as Role, branchId: u.branchId, branchName: u.branch?.name ?? null }
}

/** a dummy hash so a wrong username costs as much time as a wrong password */
const dummyHash = hashPassword('not-a-real-password')

export async function authenticate(username: string, password: string): Promise<CurrentUser | null> {
  const user = await db.user.findUnique({ where: { username }, include: withBranch })
  if (!user) {
    await verifyPassword(password, await dummyHash)
    return null
  }
  if (!(await verifyPassword(password, user.passwordHash)) || user.disabledAt) return null
  return toCurrentUser(user)
}

/** the user's columns as the session store reads them with the session, in one statement (src/web/session.ts) */
export type SessionUserRow = {
  id: number
  username: string
  displayName: string
  role: string
  branchId: number | null
  branchName: string | null
  disabledAt: string | null
  passwordChangedAt: string
}

/** the user behind a session, or null when missing, disabled or the password changed since login */
export function sessionUser(row: SessionUserRow | null, authAt: number): CurrentUser | null {
  if (!row || row.disabledAt || Date.parse(row.passwordChangedAt) > authAt) return null
  return toCurrentUser({ ...row, branch: row.branchName === null ? null : { name: row.branchName } })
}

/** the same check for a session the store did not read this request (it was just created) */
export async function findSessionUser(id: number, authAt: number): Promise<CurrentUser | null> {
  const user = await db.user.findUnique({ where: { id }, include: withBranch })
  if (!user || user.disabledAt || user.passwordChangedAt.getTime() > authAt) return null
  return toCurrentUser(user)
}

export function listAccounts() {
  return db.user.findMany({ include: withBranch, orderBy: [{ disabledAt: 'asc' }, { role: 'asc' }, { username: 'asc' }] })
}

export async function getAccount(id: number) {
  return (await db.user.findUnique({ where: { id }, include: withBranch })) ?? Promise.reject(notFound('账号'))
}

function branchFor(role: Role, branchId: number | undefined): number | null {
  if (role === 'secretary' && !branchId) throw new FormError({ branchId: '支部书记账号必须选择所属支部' })
  return role === 'secretary' ? (branchId ?? null) : null
}

/** returns the new account and its one-time password */
export async function createAccount(input: CreateAccount): Promise<{ id: number; password: string }> {
  if (await db.user.findUnique({ where: { username: input.username } })) {
    throw new FormError({ username: '该用户名已被使用' })
  }
  const password = input.password || randomPassword()
  const user = await db.user.create({
    data: {
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      branchId: branchFor(input.role, input.branchId),
      passwordHash: await hashPassword(password),
    },
  })
  return { id: user.id, password }
}

export async function updateAccount(id: number, input: UpdateAccount): Promise<void> {
  await getAccount(id)
  await db.user.update({
    where: { id },
    data: { displayName: input.displayName, role: input.role, branchId: branchFor(input.role, input.branchId) },
  })
}

export async function setAccountDisabled(id: number, disabled: boolean, actorId: number): Promise<void> {
  if (id === actorId && disabled) throw new FormError({}, '不能停用自己正在使用的账号。')
  await getAccount(id)
  await db.user.update({ where: { id }, data: { disabledAt: disabled ? new Date() : null } })
}

/** a new random password; every session of that account ends */
export async function resetPassword(id: number): Promise<string> {
  await getAccount(id)
  const password = randomPassword()
  await db.user.update({ where: { id }, data: { passwordHash: await hashPassword(password), passwordChangedAt: new Date() } })
  return password
}

export async function changeOwnPassword(id: number, input: ChangePassword): Promise<Date> {
  const user = await getAccount(id)
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new FormError({ currentPassword: '当前密码不正确' })
  }
  const changedAt = new Date()
  await db.user.update({ where: { id }, data: { passwordHash: await hashPassword(input.newPassword), passwordChangedAt: changedAt } })
  return changedAt
}

import { VersionedCache } from '../cache/versioned.ts'
import { appVersions } from '../open-days/queries.ts'
import { db } from '../db.ts'
import { notFound, FormError } from '../lib/errors.ts'
import type { CreateBranch, UpdateBranch } from './schemas.ts'

/** active branches for <select>s, by name */
const options = new VersionedCache<{ id: number; name: string }[]>(1)

/** active branches for a <select>, kept while no branch or member changed; shared, never mutated */
export async function listBranchOptions(): Promise<{ id: number; name: string }[]> {
  return options.get('active', String((await appVersions()).directory), () =>
    db.branch.findMany({ where: { archivedAt: null }, select: { id: true, name: true }, orderBy: { name: 'asc' } }),
  )
}

/** every branch with its secretary and count of active members; archived ones last */
export function listBranches() {
  return db.branch.findMany({
    include: { secretary: { select: { name: true } }, _count: { select: { members: { where: { transferredOutAt: null } } } } },
    orderBy: [{ archivedAt: { sort: 'asc', nulls: 'first' } }, { name: 'asc' }],
  })
}

export async function getBranch(id: number) {
  return (await db.branch.findUnique({ where: { id }, include: { secretary: { select: { id: true, name: true } } } })) ?? Promise.reject(notFound('支部'))
}

/** the branch page: the branch and all its members, active ones first */
export async function getBranchWithMembers(id: number) {
  const branch = await getBranch(id)
  const members = await db.member.findMany({
    where: { branchId: id },
    orderBy: [{ transferredOutAt: { sort: 'asc', nulls: 'first' } }, { standing: 'asc' }, { id: 'asc' }],
  })
  return { branch, members }
}

/** who may be named secretary: the branch's active members */
export async function secretaryOptions(branchId: number) {
  const members = await db.member.findMany({ where: { branchId, transferredOutAt: null }, select: { id: true, name: true }, orderBy: { id: 'asc' } })
  return [{ value: '', label: '（未指定）' }, ...members.map((m) => ({ value: m.id, label: m.name }))]
}

async function assertNameFree(name: string, exceptId?: number): Promise<void> {
  const twin = await db.branch.findUnique({ where: { name } })
  if (twin && twin.id !== exceptId) throw new FormError({ name: '已有同名的支部' })
}

export async function createBranch(input: CreateBranch): Promise<number> {
  await assertNameFree(input.name)
  return (await db.branch.create({ data: { name: input.name } })).id
}

export async function updateBranch(id: number, input: UpdateBranch): Promise<void> {
  await getBranch(id)
  await assertNameFree(input.name, id)
  if (input.secretaryId) {
    const member = await db.member.findUnique({ where: { id: input.secretaryId } })
    if (!member || member.branchId !== id || member.transferredOutAt) throw new FormError({ secretaryId: '书记必须是本支部在册的党员' })
  }
  await db.branch.update({ where: { id }, data: { name: input.name, secretaryId: input.secretaryId ?? null } })
}

export async function setBranchArchived(id: number, archived: boolean): Promise<void> {
  await getBranch(id)
  await db.branch.update({ where: { id }, data: { archivedAt: archived ? new Date() : null } })
}

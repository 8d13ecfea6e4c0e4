import { db, type Tx } from '../db.ts'
import { notFound, FormError } from '../lib/errors.ts'
import { checkMemberCsv, type CsvCheck } from './csv.ts'
import type { CreateMember, MemberInput, UpdateMember } from './schemas.ts'

export async function getMember(id: number) {
  return (await db.member.findUnique({ where: { id }, include: { branch: { select: { id: true, name: true } } } })) ?? Promise.reject(notFound('党员'))
}

/** names of the branch's active members: a name must be unique among them */
export async function activeNames(branchId: number, client: Tx = db): Promise<string[]> {
  const members = await client.member.findMany({ where: { branchId, transferredOutAt: null }, select: { name: true } })
  return members.map((m) => m.name)
}

async function assertNameFree(branchId: number, name: string, exceptId?: number): Promise<void> {
  const twin = await db.member.findFirst({ where: { branchId, name, transferredOutAt: null, id: exceptId ? { not: exceptId } : undefined } })
  if (twin) throw new FormError({ name: '本支部已有同名党员' })
}

function memberData(input: MemberInput) {
  return {
    name: input.name,
    standing: input.standing,
    category: input.category,
    joinedOn: input.joinedOn ?? null,
    phone: input.phone ?? null,
    title: input.title ?? null,
    partyPost: input.partyPost ?? null,
  }
}

export async function createMember(branchId: number, input: CreateMember): Promise<number> {
  await assertNameFree(branchId, input.name)
  return (await db.member.create({ data: { branchId, ...memberData(input) } })).id
}

export async function updateMember(id: number, input: UpdateMember): Promise<void> {
  const member = await getMember(id)
  if (!member.transferredOutAt) await assertNameFree(member.branchId, input.name, id)
  await db.member.update({ where: { id }, data: memberData(input) })
}

/** a member who leaves stays in the records; a secretary who leaves leaves the post empty */
export async function transferOut(id: number): Promise<void> {
  await getMember(id)
  await db.$transaction(async (tx) => {
    await tx.member.updateMany({ where: { id, transferredOutAt: null }, data: { transferredOutAt: new Date() } })
    await tx.branch.updateMany({ where: { secretaryId: id }, data: { secretaryId: null } })
  })
}

export async function reinstate(id: number): Promise<void> {
  const member = await getMember(id)
  if (await db.member.findFirst({ where: { branchId: member.branchId, name: member.name, transferredOutAt: null, id: { not: id } } })) {
    throw new FormError({}, `本支部已有在册的同名党员“${member.name}”，不能恢复。`)
  }
  await db.member.update({ where: { id }, data: { transferredOutAt: null } })
}

/** only a member nothing refers to may be deleted; the others are transferred out instead */
export async function deleteMember(id: number): Promise<void> {
  const member = await db.member.findUnique({
    where: { id },
    include: { secretaryOf: { select: { id: true } }, _count: { select: { hostOf: true, recorderOf: true } } },
  })
  if (!member) throw notFound('党员')
  const uses = [member.secretaryOf && '支部书记', member._count.hostOf && '开放日主持人', member._count.recorderOf && '开放日记录人'].filter(Boolean)
  if (uses.length) throw new FormError({}, `${member.name}已被记录为${uses.join('、')}，不能删除；如已离开本支部，请使用“转出”。`)
  await db.member.delete({ where: { id } })
}

/** checks the list again inside the transaction and creates every member or none */
export async function importMembers(branchId: number, text: string): Promise<{ imported: number } | { check: CsvCheck }> {
  return db.$transaction(async (tx) => {
    const check = checkMemberCsv(text, await activeNames(branchId, tx))
    if (check.errors.length) return { check }
    await tx.member.createMany({ data: check.members.map((m) => ({ branchId, ...memberData(m) })) })
    return { imported: check.members.length }
  })
}

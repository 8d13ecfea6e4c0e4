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

const USES = {
  secretaryOf: '支部书记',
  hostOf: '开放日主持人',
  recorderOf: '开放日记录人',
  attendances: '出勤记录',
  roster: '已定稿开放日的应到名单',
  speeches: '发言记录',
  leading: '环节负责人（含领誓、领学）',
  observing: '观摩记录',
} as const

/** only a member nothing refers to may be deleted; the database decides (every foreign key to Member restricts),
 *  so a record added a moment ago still protects them. The others are transferred out and keep their name. */
export async function deleteMember(id: number): Promise<void> {
  const member = await getMember(id)
  try {
    await db.member.delete({ where: { id } })
  } catch (err) {
    if ((err as { code?: string }).code !== 'P2003') throw err
    throw new FormError({}, `${member.name}已被记录为${(await usesOf(id)).join('、') || '其他记录'}，不能删除；如已离开本支部，请使用“转出”。`)
  }
}

/** what refers to a member, in words, for the refusal */
async function usesOf(id: number): Promise<string[]> {
  const m = await db.member.findUnique({
    where: { id },
    select: {
      secretaryOf: { select: { id: true } },
      _count: {
        select: {
          hostOf: true, recorderOf: true, speeches: true, leading: true, observing: true,
          attendances: { where: { status: { not: 'unmarked' } } },
        },
      },
    },
  })
  if (!m) return []
  // an unmarked row is a locked record's frozen roster (src/open-days/snapshot.ts): the member was expected there
  const roster = await db.attendance.count({ where: { memberId: id, status: 'unmarked' } })
  const counts: Record<string, number> = { ...m._count, secretaryOf: m.secretaryOf ? 1 : 0, roster }
  return Object.entries(USES).flatMap(([key, label]) => (counts[key] ? [label] : []))
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

// A province-size year for the annual assessment: branches × monthly open days, held, reviewed, scored, observed.
// Used by the assessment tests; the bench can call it on its own database the same way.
import { fromLocal } from '../../src/lib/dates.ts'

type Db = (typeof import('../../src/db.ts'))['db']

/** n branches (each with a secretary), m open days a year each (one a month from January), every one held the
 *  day after, every other one reviewed, each scored by the office, each observed by the next branch's secretary */
export async function seedAssessmentYear(db: Db, opts: { branches: number; openDays: number; year: number; prefix?: string }) {
  const prefix = opts.prefix ?? `考核${opts.year}`
  const office = await db.user.findFirst({ where: { role: 'office' } }) ?? await db.user.create({ data: { username: `${prefix}-office`, displayName: '机关党办', role: 'office', passwordHash: 'x' } })
  const criteria = await db.criterion.findMany({ where: { active: true } })
  const branches: { branch: { id: number; name: string }; secretary: { id: number; name: string } }[] = []
  for (let b = 0; b < opts.branches; b++) {
    const branch = await db.branch.create({ data: { name: `${prefix}第${String(b + 1).padStart(2, '0')}党支部` } })
    const secretary = await db.member.create({ data: { branchId: branch.id, name: `书记${b + 1}`, partyPost: '支部书记' } })
    await db.branch.update({ where: { id: branch.id }, data: { secretaryId: secretary.id } })
    branches.push({ branch, secretary })
  }
  await db.$transaction(async (tx) => {
    for (const [b, { branch }] of branches.entries()) {
      const observer = branches[(b + 1) % branches.length].secretary
      for (let m = 0; m < opts.openDays; m++) {
        const date = `${opts.year}-${String((m % 12) + 1).padStart(2, '0')}-${String(10 + (m >= 12 ? 5 : 0)).padStart(2, '0')}`
        const status = m % 2 ? 'held' : 'reviewed'
        const openDay = await tx.openDay.create({
          data: { branchId: branch.id, theme: `${branch.name}${m + 1}月主题党日`, startsAt: fromLocal(date, '14:30')!, endsAt: fromLocal(date, '16:30')!, place: '会议室', status },
        })
        await tx.openDayStatusChange.create({ data: { openDayId: openDay.id, fromStatus: 'approved', toStatus: 'held', userId: office.id, createdAt: fromLocal(date, '17:00')! } })
        await tx.scoreSheet.create({
          data: { openDayId: openDay.id, scoredById: office.id, scores: { create: criteria.map((c, i) => ({ criterionId: c.id, score: 12 + ((b + m + i) % 9) })) } },
        })
        if (branches.length > 1) await tx.observer.create({ data: { openDayId: openDay.id, memberId: observer.id, name: observer.name, arrivedAt: fromLocal(date, '14:20')! } })
        if (m % 3 === 0) await tx.followUpAction.create({ data: { openDayId: openDay.id, position: 1, description: '落实观摩建议', owner: '书记', dueOn: `${opts.year}-12-31` } })
      }
    }
  }, { timeout: 120_000 })
  return branches.map((b) => b.branch)
}

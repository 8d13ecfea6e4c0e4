import { config } from '../config.ts'
import { db, type Tx } from '../db.ts'
import { fromLocal, local } from '../lib/dates.ts'
import { hashPassword, randomPassword } from '../lib/password.ts'

type MemberSeed = { name: string; standing?: string; title?: string; partyPost?: string; category?: string }

/** the seed article's branch: 8 members took the oath on 2020-10-15 */
const PARTY_OFFICE_BRANCH = '省政协机关党办党支部'
const partyOfficeMembers: MemberSeed[] = [
  { name: '李学良', title: '机关党委专职副书记', partyPost: '支部书记' },
  { name: '汪蓉', partyPost: '组织宣传委员' },
  { name: '赵启洪', title: '二级调研员、机关扶贫工作联络员' },
  { name: '张文华', title: '一级主任科员' },
  { name: '刘晓燕', title: '一级主任科员' },
  { name: '陈志刚', title: '二级主任科员', partyPost: '纪检委员' },
  { name: '王丽萍', title: '科员', standing: 'probationary' },
  { name: '孙浩然', title: '科员' },
]

/** 十多个党支部: each with its secretary; two carry the party committee's observers */
const otherBranches: { name: string; members: MemberSeed[] }[] = [
  { name: '办公厅第一党支部', members: [{ name: '黄建国', partyPost: '支部书记' }, { name: '周向阳', title: '省政协副秘书长', partyPost: '机关党委书记' }] },
  { name: '办公厅第二党支部', members: [{ name: '吴海燕', partyPost: '支部书记' }, { name: '陈章贵', title: '办公厅二级巡视员、机关工会主席', partyPost: '机关党委委员' }] },
  { name: '研究室党支部', members: [{ name: '郑立新', partyPost: '支部书记' }, { name: '马晓东' }] },
  { name: '提案委员会办公室党支部', members: [{ name: '冯志明', partyPost: '支部书记' }] },
  { name: '经济委员会办公室党支部', members: [{ name: '何丽华', partyPost: '支部书记' }] },
  { name: '农业和农村委员会办公室党支部', members: [{ name: '邓国强', partyPost: '支部书记' }] },
  { name: '人口资源环境委员会办公室党支部', members: [{ name: '许文静', partyPost: '支部书记' }] },
  { name: '教科卫体委员会办公室党支部', members: [{ name: '曹永红', partyPost: '支部书记' }] },
  { name: '社会和法制委员会办公室党支部', members: [{ name: '彭卫东', partyPost: '支部书记' }] },
  { name: '港澳台侨和外事委员会办公室党支部', members: [{ name: '曾庆华', partyPost: '支部书记' }] },
  { name: '文化文史和学习委员会办公室党支部', members: [{ name: '谢红梅', partyPost: '支部书记' }] },
  { name: '离退休干部党支部', members: [{ name: '罗振华', partyPost: '支部书记', category: 'retired' }] },
]

export type SeedLogin = { label: string; username: string; password: string }

async function createBranch(tx: Tx, name: string, members: MemberSeed[]) {
  const branch = await tx.branch.create({ data: { name } })
  const created = []
  for (const m of members) {
    created.push(await tx.member.create({ data: { branchId: branch.id, standing: 'full', category: 'employed', ...m } }))
  }
  const secretary = created.find((m) => m.partyPost === '支部书记')
  if (secretary) await tx.branch.update({ where: { id: branch.id }, data: { secretaryId: secretary.id } })
  return { branch, members: created }
}

/** loads the seed article's people and events into an empty database; returns the logins to print */
export async function seedIfEmpty(): Promise<SeedLogin[] | null> {
  if ((await db.branch.count()) > 0 || (await db.user.count()) > 0) return null
  const adminPassword = config.ADMIN_PASSWORD ?? randomPassword()
  const secretaryPassword = randomPassword()
  const [adminHash, secretaryHash] = await Promise.all([hashPassword(adminPassword), hashPassword(secretaryPassword)])

  await db.$transaction(async (tx) => {
    const home = await createBranch(tx, PARTY_OFFICE_BRANCH, partyOfficeMembers)
    const others = []
    for (const b of otherBranches) others.push(await createBranch(tx, b.name, b.members))
    const admin = await tx.user.create({ data: { username: 'admin', displayName: '党办管理员', role: 'office', passwordHash: adminHash } })
    await tx.user.create({
      data: { username: 'lixueliang', displayName: '李学良', role: 'secretary', branchId: home.branch.id, passwordHash: secretaryHash },
    })

    const [li, wang] = home.members
    const seedEvent = await tx.openDay.create({
      data: {
        branchId: home.branch.id,
        theme: '我为精准扶贫办实事',
        startsAt: fromLocal('2020-10-15', '14:30')!,
        endsAt: fromLocal('2020-10-15', '17:00')!,
        place: '机关党员活动室',
        hostId: li.id,
        recorderId: wang.id,
        description: '省政协机关首次支部开放日。收缴10月党费、重温入党誓词、集体诵读《党章》第六章第三十六条、领学、交流发言、小结、观摩点评、总结讲话。',
        status: 'reviewed',
      },
    })
    // the seed event's eight segments, as the article tells them
    const zhou = others[0].members.find((m) => m.name === '周向阳')!
    const agenda: [string, string, number, number | null, string][] = [
      ['dues', '收缴党费', 10, li.id, '收缴10月党费'],
      ['oath', '重温入党誓词', 5, li.id, '8名党员胸佩党徽、紧握右拳庄严宣誓'],
      ['reading', '集体诵读《党章》第六章第三十六条', 10, li.id, ''],
      ['study', '领学', 20, wang.id, '领学习近平总书记有关精准扶贫最新重要讲话和重要指示批示精神'],
      ['speeches', '交流发言', 50, home.members[2].id, '中心发言：赵启洪（机关扶贫工作联络员）；其他党员逐一交流学习心得'],
      ['host_summary', '主持人小结', 10, li.id, ''],
      ['observer_comments', '观摩点评', 25, null, '陈章贵及观摩的机关党委委员代表、党支部书记、党务干部代表点评'],
      ['concluding_speech', '总结讲话', 20, zhou.id, '“五好”：形式好、主题好、讲得好、点评好、转化好'],
    ]
    await tx.segment.createMany({
      data: agenda.map(([kind, title, plannedMinutes, leaderId, notes], i) => ({ openDayId: seedEvent.id, position: i + 1, kind, title, plannedMinutes, leaderId, notes })),
    })
    const history = [['draft', 'submitted'], ['submitted', 'approved'], ['approved', 'held'], ['held', 'reviewed']]
    for (const [fromStatus, toStatus] of history) {
      await tx.openDayStatusChange.create({ data: { openDayId: seedEvent.id, fromStatus, toStatus, userId: admin.id } })
    }

    // an upcoming, approved open day of another branch, two weeks from today
    const research = others.find((o) => o.branch.name === '研究室党支部')!
    const day = local().add(14, 'day').format('YYYY-MM-DD')
    const upcoming = await tx.openDay.create({
      data: {
        branchId: research.branch.id,
        theme: '学习贯彻党的二十届四中全会精神',
        startsAt: fromLocal(day, '14:30')!,
        endsAt: fromLocal(day, '16:30')!,
        place: '机关三楼第二会议室',
        hostId: research.members[0].id,
        status: 'approved',
      },
    })
    for (const [fromStatus, toStatus] of history.slice(0, 2)) {
      await tx.openDayStatusChange.create({ data: { openDayId: upcoming.id, fromStatus, toStatus, userId: admin.id } })
    }
  })

  return [
    { label: '机关党办', username: 'admin', password: adminPassword },
    { label: '支部书记（李学良）', username: 'lixueliang', password: secretaryPassword },
  ]
}

import { randomUUID } from 'node:crypto'
import { config } from '../config.ts'
import { db, type Tx } from '../db.ts'
import { fromLocal, local } from '../lib/dates.ts'
import { hashPassword, randomPassword } from '../lib/password.ts'
import { monthlyDuesFen } from '../dues/rates.ts'
import { freezeRecord } from '../open-days/snapshot.ts'

type MemberSeed = { name: string; standing?: string; title?: string; partyPost?: string; category?: string; baseYuan?: number }

/** the seed article's branch: 8 members took the oath on 2020-10-15 */
const PARTY_OFFICE_BRANCH = '省政协机关党办党支部'
const partyOfficeMembers: MemberSeed[] = [
  { name: '李学良', title: '机关党委专职副书记', partyPost: '支部书记', baseYuan: 9860 },
  { name: '汪蓉', partyPost: '组织宣传委员', baseYuan: 7420 },
  { name: '赵启洪', title: '二级调研员、机关扶贫工作联络员', baseYuan: 8650 },
  { name: '张文华', title: '一级主任科员', baseYuan: 6980 },
  { name: '刘晓燕', title: '一级主任科员', baseYuan: 6735.5 },
  { name: '陈志刚', title: '二级主任科员', partyPost: '纪检委员', baseYuan: 5960 },
  { name: '王丽萍', title: '科员', standing: 'probationary', baseYuan: 4850 },
  { name: '孙浩然', title: '科员', baseYuan: 4620 },
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

const READING_TEXT =
  '第三十六条　党的各级领导干部必须信念坚定、为民服务、勤政务实、敢于担当、清正廉洁，模范地履行本章程第三条所规定的党员的各项义务，并且必须具备以下的基本条件：……'

const FIVE_GOOD = [
  '形式好：非常规范地完成了主题党日活动的规定动作，体现了政治性、庄重感，“党味”很浓',
  '主题好：在全国第七个“扶贫日”到来之际，活动主题契合实际',
  '讲得好：每名党员的发言把自己摆进去、把职责摆进去，达到了触及思想和指导实践的作用',
  '点评好：观摩的同志结合本支部活动查找了差距，提出了好建议好办法',
  '转化好：将学习收获转化为立足本职岗位的工作动力，做到有实效、有行动',
]

type Created = Awaited<ReturnType<typeof createBranch>>

/** 2020 dues bases (after-tax regular monthly pay, plausible for the posts) and the register January–October:
 *  monthly at the branch's themed party day, October at the seed event. 李学良 pays more of his own accord. */
async function seedDues(tx: Tx, branchId: number, members: Created['members'], seeds: MemberSeed[], seedEventId: number) {
  for (const [i, m] of members.entries()) {
    const voluntary = i === 0 ? { override: 'voluntary', overrideFen: 20000, approvedBy: '支部委员会', approvedOn: '2020-01-08', note: '本人申请每月多交' } : {}
    await tx.duesBase.create({ data: { memberId: m.id, year: 2020, baseFen: Math.round(seeds[i].baseYuan! * 100), ...voluntary } })
  }
  const bases = await tx.duesBase.findMany({ where: { memberId: { in: members.map((m) => m.id) } } })
  const rows = []
  for (let month = 1; month <= 10; month++) {
    const mm = String(month).padStart(2, '0')
    for (const [i, m] of members.entries()) {
      const base = bases.find((b) => b.memberId === m.id)!
      const dueFen = base.overrideFen ?? monthlyDuesFen({ category: 'employed', baseFen: base.baseFen })
      rows.push({
        memberId: m.id, branchId, month: `2020-${mm}`, dueFen, paidFen: dueFen, paidOn: `2020-${mm}-15`, collector: '李学良',
        method: i % 3 === 1 ? 'wechat' : 'cash', openDayId: month === 10 ? seedEventId : null, batchKey: `seed-2020-${mm}`,
      })
    }
  }
  await tx.duesPayment.createMany({ data: rows })
}

/** the seed event as the article tells it: eight segments run 14:30–17:00, all eight members present, two observers */
async function seedEventRecord(tx: Tx, openDayId: number, members: Created['members'], others: Created[]) {
  const [li, wang, zhao] = members
  const zhou = others[0].members.find((m) => m.name === '周向阳')!
  const chen = others[1].members.find((m) => m.name === '陈章贵')!
  const at = (time: string) => fromLocal('2020-10-15', time)!
  const agenda: { kind: string; title: string; minutes: number; leaderId: number | null; notes: string; summary: string; record: object; from: string; to: string }[] = [
    { kind: 'dues', title: '收缴党费', minutes: 10, leaderId: li.id, notes: '收缴10月党费', summary: '收缴10月党费，8名党员全部按时交纳。', record: {}, from: '14:30', to: '14:38' },
    { kind: 'oath', title: '重温入党誓词', minutes: 5, leaderId: li.id, notes: '', summary: '8名党员胸佩党徽、紧握右拳，面向党旗庄严宣誓。', record: { participantIds: null }, from: '14:38', to: '14:43' },
    { kind: 'reading', title: '集体诵读《党章》第六章第三十六条', minutes: 10, leaderId: li.id, notes: '', summary: '李学良同志带领全体支部党员集体诵读。', record: { materialTitle: '《党章》第六章第三十六条', text: READING_TEXT }, from: '14:43', to: '14:52' },
    { kind: 'study', title: '领学', minutes: 20, leaderId: wang.id, notes: '', summary: '组宣委员汪蓉同志领学。', record: { materials: [{ title: '习近平总书记有关精准扶贫最新重要讲话和重要指示批示精神', url: '' }], keyPoints: '' }, from: '14:52', to: '15:13' },
    { kind: 'speeches', title: '交流发言', minutes: 50, leaderId: li.id, notes: '', summary: '赵启洪同志作中心发言，其他党员立足自身实际和岗位职责逐一交流学习心得。', record: {}, from: '15:13', to: '16:05' },
    { kind: 'host_summary', title: '主持人小结', minutes: 10, leaderId: li.id, notes: '', summary: '李学良同志作主题党日活动小结。', record: {}, from: '16:05', to: '16:14' },
    { kind: 'observer_comments', title: '观摩点评', minutes: 25, leaderId: chen.id, notes: '', summary: '陈章贵同志及参会观摩的机关党委委员代表、党支部书记、党务干部代表争相发言、进行点评，肯定了可以学习借鉴的地方，还提出了优化建议。', record: {}, from: '16:14', to: '16:38' },
    { kind: 'concluding_speech', title: '总结讲话', minutes: 20, leaderId: zhou.id, notes: '', summary: '周向阳副秘书长充分肯定了本次主题党日活动的“五好”特点，强调要把支部开放日活动开展情况作为机关党建工作考核、党支部书记抓党建述职评议的加分内容。', record: { points: FIVE_GOOD }, from: '16:38', to: '16:58' },
  ]
  for (const [i, s] of agenda.entries()) {
    const segment = await tx.segment.create({
      data: {
        openDayId, position: i + 1, kind: s.kind, title: s.title, plannedMinutes: s.minutes, leaderId: s.leaderId, notes: s.notes,
        summary: s.summary, record: JSON.stringify(s.record), startedAt: at(s.from), endedAt: at(s.to),
      },
    })
    if (s.kind === 'speeches') {
      const exchanges = members.filter((m) => m.id !== zhao.id && m.id !== li.id)
      await tx.speech.createMany({
        data: [
          { segmentId: segment.id, position: 1, kind: 'keynote', memberId: zhao.id, topic: '结合担任省政协机关扶贫工作联络员的工作谈精准扶贫' },
          ...exchanges.map((m, j) => ({ segmentId: segment.id, position: j + 2, kind: 'exchange', memberId: m.id, topic: '立足岗位职责谈学习心得' })),
        ],
      })
    }
  }
  await tx.attendance.createMany({
    data: members.map((m, i) => ({ openDayId, memberId: m.id, status: 'present', signedInVia: 'paper', signedInAt: at(`14:${String(10 + i).padStart(2, '0')}`) })),
  })
  const observers = [
    { member: zhou, title: '省政协副秘书长、机关党委书记', unit: '省政协机关党委' },
    { member: chen, title: '办公厅二级巡视员、机关党委委员、机关工会主席', unit: '办公厅第二党支部' },
  ]
  for (const o of observers) {
    await tx.observer.create({ data: { openDayId, memberId: o.member.id, name: o.member.name, title: o.title, unit: o.unit, arrivedAt: at('14:25') } })
  }
  const chenObserver = await tx.observer.findFirstOrThrow({ where: { openDayId, memberId: chen.id } })
  await tx.comment.create({
    data: {
      openDayId, observerId: chenObserver.id, authorName: chen.name, authorUnit: '办公厅第二党支部', idempotencyKey: randomUUID(),
      learnings: '规定动作完成得非常规范，誓词、诵读、领学环环相扣；中心发言结合扶贫联络员工作，把自己和职责摆了进去。',
      suggestions: '交流发言可以请观摩支部的党员也参与一两位，增加互动。',
      criterionScores: { create: await scoreRows(tx, { 形式: 5, 主题: 5, 发言: 5, 点评: 4, 转化: 5 }) },
      createdAt: at('16:20'),
      adoptedAt: fromLocal('2020-10-20', '14:30')!,
    },
  })
  await seedEventReview(tx, openDayId, members)
}

/** the article's last paragraphs: the review against the four requirements and the branch's next steps, all done since */
async function seedEventReview(tx: Tx, openDayId: number, [li, wang, zhao]: Created['members']) {
  const on = fromLocal('2020-10-20', '15:00')!
  await tx.review.create({
    data: {
      openDayId,
      hasTheme: true, themeNote: '主题：“我为精准扶贫办实事”，在全国第七个“扶贫日”到来之际，契合决战决胜脱贫攻坚收官之年的实际',
      hasKeynote: true, keynoteNote: '中心发言：赵启洪《结合担任省政协机关扶贫工作联络员的工作谈精准扶贫》',
      hasDiscussion: true, discussionNote: '交流发言 6 人：其他党员立足自身实际和岗位职责逐一交流学习心得；观摩的同志争相点评',
      hasOutcomes: true, outcomesNote: '总结讲话肯定了“五好”特点；支部明确了下一阶段的四项工作',
      wentWell: '支部主题党日是落实全面从严管党治党、强化党员党性修养的有效抓手，规定动作规范，党员发言把自己和职责摆了进去，观摩领导和嘉宾给予高质量点评，切实达到了活动预期效果',
      toImprove: '· 交流发言可以请观摩支部的党员也参与一两位，增加互动。（陈章贵）',
      createdAt: on,
    },
  })
  const steps = [
    ['做好省政协领导到扶贫联系点督导调研的服务工作', li.name, '2020-12-31'],
    ['在机关组织开展好“我为精准扶贫办实事”活动', wang.name, '2020-11-30'],
    ['做好房县化龙堰镇高桥村全面脱贫与乡村振兴衔接工作', zhao.name, '2020-12-31'],
    ['认真总结本次开放日的经验，为其他支部组织开放日活动提供服务保障', li.name, '2020-11-15'],
  ]
  await tx.followUpAction.createMany({
    data: steps.map(([description, owner, dueOn], i) => ({ openDayId, position: i + 1, description, owner, dueOn, status: 'done', doneAt: fromLocal(dueOn, '17:00')!, createdAt: on })),
  })
}

/** { 形式: 5 } → score rows on the criteria the migration created */
async function scoreRows(tx: Tx, scores: Record<string, number>) {
  const criteria = await tx.criterion.findMany({ where: { name: { in: Object.keys(scores) } } })
  return criteria.map((c) => ({ criterionId: c.id, score: scores[c.name] }))
}

export type SeedLogin = { label: string; username: string; password: string }

async function createBranch(tx: Tx, name: string, members: MemberSeed[]) {
  const branch = await tx.branch.create({ data: { name } })
  const created = []
  for (const { baseYuan: _, ...m } of members) {
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
    // the seed article's byline: “（省政协机关党办 供稿）”
    await tx.setting.create({ data: { key: 'officeName', value: JSON.stringify('省政协机关党办') } })
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
        createdAt: fromLocal('2020-10-08', '16:00')!,
      },
    })
    await seedEventRecord(tx, seedEvent.id, home.members, others)
    await seedDues(tx, home.branch.id, home.members, partyOfficeMembers, seedEvent.id)
    await freezeRecord(tx, seedEvent.id) // reviewed: its printed names are frozen, as a real review freezes them
    const history = [['draft', 'submitted'], ['submitted', 'approved'], ['approved', 'held'], ['held', 'reviewed']]
    const when = [['2020-10-09', '10:00'], ['2020-10-10', '09:30'], ['2020-10-15', '17:05'], ['2020-10-20', '15:00']]
    for (const [i, [fromStatus, toStatus]] of history.entries()) {
      const createdAt = fromLocal(when[i][0], when[i][1])!
      await tx.openDayStatusChange.create({ data: { openDayId: seedEvent.id, fromStatus, toStatus, userId: admin.id, createdAt } })
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

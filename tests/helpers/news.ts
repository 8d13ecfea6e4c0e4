// The seed article's event (src/demo/seed.ts): as the facts a news release is drafted from (pure, for unit tests)
// and as database rows (integration tests pass their `db`). Keep the two in step: the integration test checks
// that releaseFacts() reads exactly seedFacts() back from the rows.
import type { Db } from '../../src/db.ts'
import { fromLocal } from '../../src/lib/dates.ts'
import { isLocked } from '../../src/open-days/policy.ts'
import { freezeRecord } from '../../src/open-days/snapshot.ts'
import type { Person, ReleaseFacts } from '../../src/news/facts.ts'

type MemberSeed = { name: string; title?: string; partyPost?: string; standing?: string }

export const BRANCH = '省政协机关党办党支部'
export const THEME = '我为精准扶贫办实事'
export const PLACE = '机关党员活动室'
export const OFFICE_NAME = '省政协机关党办'

const HOME: MemberSeed[] = [
  { name: '李学良', title: '机关党委专职副书记', partyPost: '支部书记' },
  { name: '汪蓉', partyPost: '组织宣传委员' },
  { name: '赵启洪', title: '二级调研员、机关扶贫工作联络员' },
  { name: '张文华', title: '一级主任科员' },
  { name: '刘晓燕', title: '一级主任科员' },
  { name: '陈志刚', title: '二级主任科员', partyPost: '纪检委员' },
  { name: '王丽萍', title: '科员', standing: 'probationary' },
  { name: '孙浩然', title: '科员' },
]
const ZHOU: MemberSeed = { name: '周向阳', title: '省政协副秘书长', partyPost: '机关党委书记' }
const CHEN: MemberSeed = { name: '陈章贵', title: '办公厅二级巡视员、机关工会主席', partyPost: '机关党委委员' }

export const OBSERVERS = [
  { who: ZHOU, title: '省政协副秘书长、机关党委书记', unit: '省政协机关党委' },
  { who: CHEN, title: '办公厅二级巡视员、机关党委委员、机关工会主席', unit: '办公厅第二党支部' },
]

export const FIVE_GOOD = [
  '形式好：非常规范地完成了主题党日活动的规定动作，体现了政治性、庄重感，“党味”很浓',
  '主题好：在全国第七个“扶贫日”到来之际，活动主题契合实际',
  '讲得好：每名党员的发言把自己摆进去、把职责摆进去，达到了触及思想和指导实践的作用',
  '点评好：观摩的同志结合本支部活动查找了差距，提出了好建议好办法',
  '转化好：将学习收获转化为立足本职岗位的工作动力，做到有实效、有行动',
]

const READING = '《党章》第六章第三十六条'
const STUDY = '习近平总书记有关精准扶贫最新重要讲话和重要指示批示精神'
const KEYNOTE_TOPIC = '结合担任省政协机关扶贫工作联络员的工作谈精准扶贫'
const HOST_SUMMARY = '李学良同志作主题党日活动小结。'
const CONCLUDING =
  '周向阳副秘书长充分肯定了本次主题党日活动的“五好”特点，强调要把支部开放日活动开展情况作为机关党建工作考核、党支部书记抓党建述职评议的加分内容。'
export const LEARNINGS = '规定动作完成得非常规范，誓词、诵读、领学环环相扣；中心发言结合扶贫联络员工作，把自己和职责摆了进去。'
export const SUGGESTIONS = '交流发言可以请观摩支部的党员也参与一两位，增加互动。'

const person = (m: MemberSeed): Person => ({ name: m.name, post: [m.title, m.partyPost].filter(Boolean).join('、') })
const [li, wang, zhao] = HOME.map(person)

/** the seed event's facts, as releaseFacts() reads them from createSeedEvent's rows */
export function seedFacts(branchName = BRANCH): ReleaseFacts {
  return {
    branchName,
    theme: THEME,
    date: '2020-10-15',
    time: '14:30',
    place: PLACE,
    host: li,
    attendance: { present: 8, expected: 8, estimated: false },
    segments: [
      { kind: 'dues', leader: li, totalFen: null, payers: 8, dueFen: null, unpaid: null },
      { kind: 'oath', leader: li, participants: 8 },
      { kind: 'reading', leader: li, materialTitle: READING },
      { kind: 'study', leader: wang, materials: [STUDY] },
      { kind: 'speeches', keynotes: [{ speaker: zhao, topic: KEYNOTE_TOPIC }], exchanges: HOME.slice(1).filter((m) => m.name !== '赵启洪').map(person) },
      { kind: 'host_summary', leader: li, summary: HOST_SUMMARY },
      // observers are named with the posts their invitation gave
      { kind: 'observer_comments', leader: { name: CHEN.name, post: OBSERVERS[1].title } },
      { kind: 'concluding_speech', leader: { name: ZHOU.name, post: OBSERVERS[0].title }, points: FIVE_GOOD, summary: CONCLUDING },
    ],
    observers: OBSERVERS.map((o) => ({ name: o.who.name, post: o.title, unit: o.unit })),
    comments: [{ author: '陈章贵', learnings: LEARNINGS, suggestions: SUGGESTIONS }],
    nextSteps: [],
    review: null,
    officeName: OFFICE_NAME,
  }
}

/** the seed event's rows: its branch with 8 members all present, the eight segments, observers and a comment */
export async function createSeedEvent(db: Db, opts: { branchName?: string; status?: string } = {}) {
  const branchName = opts.branchName ?? BRANCH
  const branch = await db.branch.create({ data: { name: branchName } })
  const members = []
  for (const m of HOME) members.push(await db.member.create({ data: { branchId: branch.id, ...m } }))
  const observerBranch = await db.branch.create({ data: { name: `${branchName}的观摩支部` } })
  const zhou = await db.member.create({ data: { branchId: observerBranch.id, ...ZHOU } })
  const chen = await db.member.create({ data: { branchId: observerBranch.id, ...CHEN } })
  const at = (time: string) => fromLocal('2020-10-15', time)!
  const openDay = await db.openDay.create({
    data: {
      branchId: branch.id, theme: THEME, startsAt: at('14:30'), endsAt: at('17:00'), place: PLACE,
      hostId: members[0].id, recorderId: members[1].id, status: opts.status ?? 'reviewed',
    },
  })
  const [liId, wangId, zhaoId] = members.map((m) => m.id)
  const agenda = [
    { kind: 'dues', title: '收缴党费', leaderId: liId, summary: '收缴10月党费，8名党员全部按时交纳。', record: { legacyPayers: 8 } },
    { kind: 'oath', title: '重温入党誓词', leaderId: liId, summary: '', record: { participantIds: null } },
    { kind: 'reading', title: '集体诵读', leaderId: liId, summary: '', record: { materialTitle: READING, text: '第三十六条……' } },
    { kind: 'study', title: '领学', leaderId: wangId, summary: '', record: { materials: [{ title: STUDY, url: '' }], keyPoints: '' } },
    { kind: 'speeches', title: '交流发言', leaderId: liId, summary: '', record: {} },
    { kind: 'host_summary', title: '主持人小结', leaderId: liId, summary: HOST_SUMMARY, record: {} },
    { kind: 'observer_comments', title: '观摩点评', leaderId: chen.id, summary: '', record: {} },
    { kind: 'concluding_speech', title: '总结讲话', leaderId: zhou.id, summary: CONCLUDING, record: { points: FIVE_GOOD } },
  ]
  for (const [i, s] of agenda.entries()) {
    const segment = await db.segment.create({
      data: { openDayId: openDay.id, position: i + 1, kind: s.kind, title: s.title, plannedMinutes: 10, leaderId: s.leaderId, summary: s.summary, record: JSON.stringify(s.record) },
    })
    if (s.kind === 'speeches') {
      const exchanges = members.filter((m) => m.id !== zhaoId && m.id !== liId)
      await db.speech.createMany({
        data: [
          { segmentId: segment.id, position: 1, kind: 'keynote', memberId: zhaoId, topic: KEYNOTE_TOPIC },
          ...exchanges.map((m, j) => ({ segmentId: segment.id, position: j + 2, kind: 'exchange', memberId: m.id, topic: '立足岗位职责谈学习心得' })),
        ],
      })
    }
  }
  await db.attendance.createMany({ data: members.map((m) => ({ openDayId: openDay.id, memberId: m.id, status: 'present', signedInVia: 'paper' })) })
  for (const o of OBSERVERS) {
    const memberId = o.who === ZHOU ? zhou.id : chen.id
    await db.observer.create({ data: { openDayId: openDay.id, memberId, name: o.who.name, title: o.title, unit: o.unit, arrivedAt: openDay.startsAt } })
  }
  const chenObserver = await db.observer.findFirstOrThrow({ where: { openDayId: openDay.id, memberId: chen.id } })
  await db.comment.create({
    data: {
      openDayId: openDay.id, observerId: chenObserver.id, authorName: '陈章贵', authorUnit: '办公厅第二党支部',
      idempotencyKey: `seed-${openDay.id}`, learnings: LEARNINGS, suggestions: SUGGESTIONS, createdAt: at('16:20'),
    },
  })
  // a hidden comment never reaches the release
  await db.comment.create({
    data: { openDayId: openDay.id, authorName: '某同志', idempotencyKey: `hidden-${openDay.id}`, learnings: '不应出现在新闻稿里的点评', status: 'hidden' },
  })
  // a locked record made directly is frozen as the review would have frozen it
  if (isLocked(openDay)) await db.$transaction((tx) => freezeRecord(tx, openDay.id))
  return { branch, openDay, members }
}

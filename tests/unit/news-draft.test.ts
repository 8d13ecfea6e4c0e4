import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { chineseDate, chineseNumber, draftRelease, quote, shortQuotes } from '../../src/news/draft.ts'
import { factWarnings, type ReleaseFacts, type SegmentFacts } from '../../src/news/facts.ts'
import { FIVE_GOOD, seedFacts } from '../helpers/news.ts'

const body = (facts: ReleaseFacts) => draftRelease(facts).body
const withSegments = (facts: ReleaseFacts, map: (s: SegmentFacts) => SegmentFacts | null): ReleaseFacts => ({
  ...facts,
  segments: facts.segments.map(map).filter((s): s is SegmentFacts => s !== null),
})
const without = (kind: SegmentFacts['kind']) => (s: SegmentFacts) => (s.kind === kind ? null : s)
/** every leader, speaker and host gone */
const nobodyNamed = (f: ReleaseFacts): ReleaseFacts => ({
  ...withSegments(f, (s) => (s.kind === 'speeches' ? s : 'leader' in s ? { ...s, leader: null } : s)),
  host: null,
})

/** phrases a template leaves behind when a piece is missing */
function assertNoDangling(text: string) {
  for (const bad of ['undefined', 'null', 'NaN', '由主持', '同志同志', '，。', '。。', '，，', '、，', '“”', '：。', '（ 供稿）', '带领带领']) {
    assert.ok(!text.includes(bad), `“${bad}” in: ${text}`)
  }
  assert.doesNotMatch(text, /^[，。、]|\n[，。、]/)
}

describe('draftRelease: the seed event', () => {
  const draft = draftRelease(seedFacts())
  const [lead, course, comments, concluding] = draft.body.split('\n\n')

  it('titles the release after the branch and the theme', () => {
    assert.equal(draft.title, '省政协机关党办党支部开展“我为精准扶贫办实事”主题党日开放日活动')
  })

  it('leads with the date, the place, the branch, the theme, the oath and the observers by post', () => {
    assert.ok(lead.startsWith('10月15日下午，机关党员活动室内，'))
    assert.match(lead, /8名党员胸佩党徽、紧握右拳庄严宣誓/)
    assert.match(lead, /省政协机关党办党支部“我为精准扶贫办实事”主题党日开放日活动拉开了序幕。/)
    assert.match(lead, /省政协副秘书长、机关党委书记周向阳，办公厅二级巡视员、机关党委委员、机关工会主席陈章贵应邀观摩并互动点评。$/)
  })

  it('tells the course of the event in agenda order, naming the host with posts once', () => {
    assert.ok(course.startsWith('主题党日活动由机关党委专职副书记、支部书记李学良同志主持。'))
    const steps = ['收缴了10月党费', '重温入党誓词', '集体诵读了《党章》第六章第三十六条有关内容', '组织宣传委员汪蓉同志领学了习近平总书记', '赵启洪同志围绕', '作中心发言', '先后作交流发言', '李学良同志作主题党日活动小结']
    const at = steps.map((s) => course.indexOf(s))
    assert.ok(at.every((i) => i >= 0), `missing step: ${steps[at.indexOf(-1)]}`)
    assert.deepEqual([...at].sort((a, b) => a - b), at)
    assert.match(course, /李学良同志带领8名党员重温入党誓词，随后带领全体支部党员集体诵读/)
    assert.match(course, /汪蓉、张文华、刘晓燕、陈志刚、王丽萍等6名同志先后作交流发言/)
    assert.equal(course.match(/机关党委专职副书记/g)?.length, 1)
  })

  it('quotes the observers’ learnings and suggestions', () => {
    assert.match(comments, /^办公厅二级巡视员、机关党委委员、机关工会主席陈章贵同志及参会观摩的同志先后发言、进行点评。/)
    assert.match(comments, /可以学习借鉴的地方：“规定动作完成得非常规范，誓词、诵读、领学环环相扣”。/)
    assert.match(comments, /优化建议：“交流发言可以请观摩支部的党员也参与一两位，增加互动”。/)
  })

  it('gives the leader’s concluding points as the “五好”', () => {
    assert.ok(concluding.startsWith('最后，省政协副秘书长、机关党委书记周向阳同志作总结讲话，充分肯定了本次主题党日活动做到了“五好”：一是形式好，非常规范地'))
    for (const [i, head] of ['一是形式好，', '二是主题好，', '三是讲得好，', '四是点评好，', '五是转化好，'].entries()) {
      assert.ok(concluding.includes(head), head)
      if (i) assert.ok(concluding.indexOf(head) > concluding.indexOf('一是形式好'))
    }
    assert.match(concluding, /“党味”很浓；二是/)
    assert.ok(concluding.endsWith('做到有实效、有行动。'))
  })

  it('signs with the office and has nothing else: no review yet, no dangling phrase', () => {
    assert.equal(draft.byline, '（省政协机关党办 供稿）')
    assert.equal(draft.body.split('\n\n').length, 4)
    assert.ok(!draft.body.includes('复盘'))
    assertNoDangling(draft.body)
  })

  it('is deterministic: the same facts give byte-identical text', () => {
    assert.deepEqual(draftRelease(seedFacts()), draft)
    assert.deepEqual(draftRelease(structuredClone(seedFacts())), draft)
    assert.equal(JSON.stringify(draftRelease(seedFacts())), JSON.stringify(draft))
  })
})

describe('draftRelease: missing pieces leave no dangling phrases', () => {
  it('without host or leaders: nobody “由 主持”, the steps still told', () => {
    const text = body(nobodyNamed(seedFacts()))
    assert.ok(!text.includes('主持'))
    assert.ok(!text.includes('机关党委专职副书记'))
    assert.ok(!text.includes('同志带领'))
    assert.match(text, /8名党员重温入党誓词。全体支部党员集体诵读了《党章》/)
    assert.match(text, /支部党员集体学习了习近平总书记/)
    assert.match(text, /^参会观摩的同志先后发言、进行点评。/m)
    assert.match(text, /最后的总结讲话充分肯定了本次主题党日活动做到了“五好”/)
    assertNoDangling(text)
  })

  it('without an oath segment: the lead says the event was held and how many took part', () => {
    const text = body(withSegments(seedFacts(), without('oath')))
    assert.ok(text.startsWith('10月15日下午，省政协机关党办党支部在机关党员活动室开展“我为精准扶贫办实事”主题党日开放日活动，8名党员参加。'))
    assert.ok(!text.includes('宣誓') && !text.includes('重温入党誓词'))
    assertNoDangling(text)
  })

  it('without observers, comments or the comment segment: no observers anywhere', () => {
    const f = { ...withSegments(seedFacts(), without('observer_comments')), observers: [], comments: [] }
    const text = body(f)
    assert.ok(!text.includes('应邀观摩') && !text.includes('参会观摩的同志') && !text.includes('借鉴'))
    assert.equal(text.split('\n\n').length, 3)
    assertNoDangling(text)
  })

  it('with nothing but the basics: a lead and a byline', () => {
    const f: ReleaseFacts = { ...seedFacts(), host: null, segments: [], observers: [], comments: [], attendance: { present: 0, expected: 0, estimated: true } }
    const draft = draftRelease(f)
    assert.equal(draft.body, '10月15日下午，省政协机关党办党支部在机关党员活动室开展“我为精准扶贫办实事”主题党日开放日活动。')
    assertNoDangling(draft.body)
  })

  it('each step without its data is left out rather than half-written', () => {
    const f = withSegments(nobodyNamed(seedFacts()), (s) => {
      if (s.kind === 'reading') return { ...s, materialTitle: '' }
      if (s.kind === 'study') return { ...s, materials: [] }
      if (s.kind === 'speeches') return { ...s, keynotes: [], exchanges: [] }
      if (s.kind === 'host_summary') return { ...s, summary: '' }
      if (s.kind === 'concluding_speech') return { ...s, points: [], summary: '' }
      return s
    })
    const text = body({ ...f, comments: [] })
    assert.ok(!text.includes('领学') && !text.includes('学习了'))
    assert.ok(!text.includes('交流发言'))
    assert.ok(!text.includes('小结'))
    assert.ok(!text.includes('总结讲话'))
    assert.match(text, /全体支部党员进行了集体诵读。/)
    assertNoDangling(text)
  })

  it('an empty office name signs nothing', () => {
    assert.equal(draftRelease({ ...seedFacts(), officeName: '  ' }).byline, '')
  })
})

describe('draftRelease: variants', () => {
  it('dues: payers and the total in yuan with two decimals', () => {
    const f = withSegments(seedFacts(), (s) => (s.kind === 'dues' ? { ...s, totalFen: 12345, payers: 8 } : s))
    assert.match(body(f), /会上收缴了10月党费，8名党员共交纳党费123.45元。/)
    const totalOnly = withSegments(seedFacts(), (s) => (s.kind === 'dues' ? { ...s, totalFen: 5000, payers: null } : s))
    assert.match(body(totalOnly), /会上收缴了10月党费，共计50.00元。/)
    const all = withSegments(seedFacts(), (s) => (s.kind === 'dues' ? { ...s, totalFen: 83088, payers: 8, dueFen: 83088, unpaid: 0 } : s))
    assert.match(body(all), /会上收缴了10月党费，8名党员全部交纳，共计830.88元。/)
    const some = withSegments(seedFacts(), (s) => (s.kind === 'dues' ? { ...s, totalFen: 60000, payers: 6, dueFen: 83088, unpaid: 2 } : s))
    assert.match(body(some), /会上收缴了10月党费，应缴830.88元，6名党员共交纳党费600.00元，2名党员尚未交纳。/)
    const none = withSegments(seedFacts(), (s) => (s.kind === 'dues' ? { ...s, totalFen: null, payers: null } : s))
    assert.match(body(none), /会上收缴了10月党费。/)
  })

  it('the oath names those who took it when only some did', () => {
    const f = withSegments(seedFacts(), (s) => (s.kind === 'oath' ? { ...s, participants: 5 } : s))
    assert.match(body(f), /5名党员胸佩党徽/)
  })

  it('more than three observers: three by post, then “等N名同志”', () => {
    const observers = ['甲', '乙', '丙', '丁', '戊'].map((name) => ({ name: `张${name}`, post: '支部书记', unit: '' }))
    assert.match(body({ ...seedFacts(), observers }), /支部书记张甲，支部书记张乙，支部书记张丙等5名同志应邀观摩并互动点评。/)
    const plain = observers.slice(0, 2).map((o) => ({ ...o, post: '' }))
    assert.match(body({ ...seedFacts(), observers: plain }), /张甲、张乙应邀观摩/)
  })

  it('a few exchange speakers are all named; one speaks alone', () => {
    const two = withSegments(seedFacts(), (s) => (s.kind === 'speeches' ? { ...s, exchanges: s.exchanges.slice(0, 2) } : s))
    assert.match(body(two), /，汪蓉、张文华同志先后作交流发言。/)
    const one = withSegments(seedFacts(), (s) => (s.kind === 'speeches' ? { keynotes: [], exchanges: s.exchanges.slice(0, 1), kind: 'speeches' } : s))
    assert.match(body(one), /随后进入交流发言环节，汪蓉同志作交流发言。/)
  })

  it('concluding points that are not “N好” are listed as 一是…二是…', () => {
    const f = withSegments(seedFacts(), (s) => (s.kind === 'concluding_speech' ? { ...s, points: ['要提高认识。', '要狠抓落实'] } : s))
    assert.match(body(f), /作总结讲话，指出：一是要提高认识；二是要狠抓落实。$/m)
    const summaryOnly = withSegments(seedFacts(), (s) => (s.kind === 'concluding_speech' ? { ...s, points: [] } : s))
    assert.match(body(summaryOnly), /周向阳同志作总结讲话。周向阳副秘书长充分肯定了/)
  })

  it('three good points make “三好”', () => {
    const f = withSegments(seedFacts(), (s) => (s.kind === 'concluding_speech' ? { ...s, points: FIVE_GOOD.slice(0, 3) } : s))
    assert.match(body(f), /做到了“三好”：一是形式好，.*三是讲得好，/)
  })

  it('a host summary with text uses the recorded words; without, a template sentence', () => {
    const f = withSegments(seedFacts(), (s) => (s.kind === 'host_summary' ? { ...s, summary: '李学良同志强调要把学习成果转化为工作动力' } : s))
    assert.match(body(f), /李学良同志强调要把学习成果转化为工作动力。/)
    const g = withSegments(seedFacts(), (s) => (s.kind === 'host_summary' ? { ...s, summary: '' } : s))
    assert.match(body(g), /李学良同志作主题党日活动小结。/)
  })

  it('a custom segment’s record is told in its place', () => {
    const f = { ...seedFacts(), segments: [...seedFacts().segments.slice(0, 2), { kind: 'custom' as const, title: '参观', summary: '全体党员参观了扶贫成果展' }, ...seedFacts().segments.slice(2)] }
    const text = body(f)
    assert.ok(text.indexOf('参观了扶贫成果展。') > text.indexOf('重温入党誓词'))
    assert.ok(text.indexOf('参观了扶贫成果展。') < text.indexOf('集体诵读'))
  })

  it('next steps from the review close the body', () => {
    const text = body({ ...seedFacts(), nextSteps: ['继续做好督导调研服务工作。', '总结开放日经验'] })
    assert.ok(text.endsWith('\n\n会后，省政协机关党办党支部对活动进行了复盘，表示下一阶段要：一是继续做好督导调研服务工作；二是总结开放日经验。'))
  })

  it('a theme typed with quotes is not quoted twice; a place that is not a room reads “在…”', () => {
    const f = { ...seedFacts(), theme: '“我为群众办实事”', place: '红色教育基地' }
    const d = draftRelease(f)
    assert.equal(d.title, '省政协机关党办党支部开展“我为群众办实事”主题党日开放日活动')
    assert.ok(d.body.startsWith('10月15日下午，在红色教育基地，伴随着'))
  })

  it('many comments: counted, at most three learnings and two suggestions, long ones not quoted', () => {
    const long = '很'.repeat(80)
    const comments = ['甲', '乙', '丙', '丁'].map((x) => ({ author: null, learnings: `值得学习的${x}做法。其余`, suggestions: `建议改进${x}环节` }))
    const text = body({ ...seedFacts(), comments: [{ author: null, learnings: long, suggestions: long }, ...comments] })
    assert.match(text, /进行点评，共提交点评意见5条。/)
    assert.match(text, /可以学习借鉴的地方：“值得学习的甲做法”；“值得学习的乙做法”；“值得学习的丙做法”。/)
    assert.match(text, /优化建议：“建议改进甲环节”；“建议改进乙环节”。/)
    assert.ok(!text.includes('很很很'))
  })
})

describe('draft helpers', () => {
  it('chineseNumber', () => {
    assert.deepEqual([1, 5, 10, 12, 20, 23].map(chineseNumber), ['一', '五', '十', '十二', '二十', '二十三'])
  })

  it('chineseDate: month, day and the part of the day', () => {
    assert.equal(chineseDate('2020-10-15', '14:30'), '10月15日下午')
    assert.equal(chineseDate('2021-01-05', '09:00'), '1月5日上午')
    assert.equal(chineseDate('2021-07-01', '19:00'), '7月1日晚上')
  })

  it('quote: Chinese quotes outside, single quotes inside, no closing punctuation', () => {
    assert.equal(quote('体现了“党味”。'), '“体现了‘党味’”')
    assert.equal(quote('“已有引号”'), '“已有引号”')
    assert.equal(quote('“党味”很浓'), '“‘党味’很浓”')
  })

  it('shortQuotes: first clause, deduplicated, limited', () => {
    assert.deepEqual(shortQuotes(['好的做法。后面', '好的做法；又一句', '太短', '另一条做法', '第三条做法', '第四条做法'], 3), ['“好的做法”', '“另一条做法”', '“第三条做法”'])
  })

  it('factWarnings: estimated attendance, no oath, no host, no observers', () => {
    assert.deepEqual(factWarnings(seedFacts()), [])
    const f = { ...withSegments(seedFacts(), without('oath')), host: null, observers: [], attendance: { present: 8, expected: 8, estimated: true } }
    assert.equal(factWarnings(f).length, 4)
    assert.match(factWarnings(f)[0], /应到党员 8 名/)
  })
})

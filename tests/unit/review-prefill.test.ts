import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { adoptedLines, isOverdue, prefillReview } from '../../src/review/prefill.ts'
import { draftRelease } from '../../src/news/draft.ts'
import { seedFacts } from '../helpers/news.ts'

const facts = {
  theme: '我为精准扶贫办实事',
  keynotes: [{ speaker: '赵启洪', topic: '谈精准扶贫' }],
  exchanges: ['张文华', '刘晓燕', '陈志刚', '王丽萍', '孙浩然', '汪蓉', '李某'],
  hostSummary: '李学良同志作小结。',
  concludingPoints: ['形式好', '主题好'],
  adopted: [{ author: '陈章贵', suggestions: '交流发言可以请观摩支部的党员也参与。\n增加互动。' }],
}

describe('prefillReview', () => {
  it('ticks each requirement the record shows and cites it', () => {
    const d = prefillReview(facts)
    assert.deepEqual([d.hasTheme, d.hasKeynote, d.hasDiscussion, d.hasOutcomes], [true, true, true, true])
    assert.equal(d.themeNote, '主题：“我为精准扶贫办实事”')
    assert.equal(d.keynoteNote, '中心发言：赵启洪《谈精准扶贫》')
    assert.equal(d.discussionNote, '交流发言 7 人：张文华、刘晓燕、陈志刚、王丽萍、孙浩然、汪蓉等 7 人')
    assert.equal(d.outcomesNote, '小结：李学良同志作小结。\n总结讲话要点 2 条：形式好；主题好')
    assert.equal(d.toImprove, '· 交流发言可以请观摩支部的党员也参与。 增加互动。（陈章贵）')
  })

  it('leaves unticked what the record lacks', () => {
    const d = prefillReview({ theme: ' ', keynotes: [], exchanges: [], hostSummary: '', concludingPoints: [], adopted: [] })
    assert.deepEqual([d.hasTheme, d.hasKeynote, d.hasDiscussion, d.hasOutcomes], [false, false, false, false])
    assert.equal(d.toImprove, '')
    assert.equal(adoptedLines([]), '')
  })
})

describe('isOverdue', () => {
  it('is an open action after its due date, not on it, never a done one', () => {
    assert.equal(isOverdue({ status: 'open', dueOn: '2030-01-31' }, '2030-02-01'), true)
    assert.equal(isOverdue({ status: 'open', dueOn: '2030-01-31' }, '2030-01-31'), false)
    assert.equal(isOverdue({ status: 'done', dueOn: '2030-01-31' }, '2030-02-01'), false)
  })
})

describe('the news draft’s 复盘 … 下一步 paragraph', () => {
  it('says how the review was done and what went well, without next steps too', () => {
    const body = draftRelease({ ...seedFacts(), review: { wentWell: '活动规范\n点评到位。', adoptedSuggestions: 0 } }).body
    assert.ok(body.endsWith('\n\n会后，按照主题党日“有主题、有主讲、有讨论、有收获”的要求，省政协机关党办党支部对活动进行了复盘。支部一致认为，活动规范；点评到位。'))
  })
})

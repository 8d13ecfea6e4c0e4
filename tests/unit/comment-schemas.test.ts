import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createComment, updateComment } from '../../src/comments/schemas.ts'

const KEY = '1b4e28ba-2fa1-11d2-883f-0016d3cca427'
const base = { authorName: ' 王建国 ', authorUnit: '机关第二党支部', learnings: '流程规范', suggestions: '', idempotencyKey: KEY }

function errorsOf(body: Record<string, string>): Record<string, string> {
  const r = createComment.safeParse(body)
  assert.equal(r.success, false)
  return Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]))
}

describe('createComment', () => {
  it('trims, keeps the key, and reads score_<criterion> fields, leaving 不评 out', () => {
    const v = createComment.parse({ ...base, _csrf: 'x', score_形式: '5', score_主题: '' })
    assert.equal(v.authorName, '王建国')
    assert.equal(v.idempotencyKey, KEY)
    assert.equal(v.invite, null)
    assert.deepEqual(v.scores, { 形式: 5 })
  })

  it('needs one of the two texts, and reports every problem at once', () => {
    const errors = errorsOf({ ...base, learnings: '   ', authorName: '', score_形式: '6', idempotencyKey: 'nope' })
    assert.match(errors.learnings, /至少填写/)
    assert.match(errors.suggestions, /至少填写/)
    assert.equal(errors.authorName, '请填写姓名')
    assert.equal(errors['score_形式'], '评分只能是 1–5 分')
    assert.match(errors.idempotencyKey, /页面已过期/)
  })

  it('counts a CRLF line break as one character, as the browser’s maxlength does', () => {
    const text = Array.from({ length: 11 }, () => '字'.repeat(90)).join('\r\n') // 990 + 10 line breaks
    assert.equal(createComment.parse({ ...base, learnings: text }).learnings.length, 1000)
    assert.match(errorsOf({ ...base, learnings: text + '多' }).learnings, /最多 1000 字，现有 1001 字/)
  })

  it('drops the name and unit of an anonymous comment', () => {
    const v = createComment.parse({ ...base, anonymous: '1' })
    assert.equal(v.anonymous, true)
    assert.equal(v.authorName, null)
    assert.equal(v.authorUnit, null)
  })
})

describe('updateComment', () => {
  it('has the same rules but no key', () => {
    assert.deepEqual(updateComment.parse({ authorName: '甲', learnings: '', suggestions: '建议', score_转化: '3' }), {
      authorName: '甲',
      authorUnit: null,
      anonymous: false,
      learnings: '',
      suggestions: '建议',
      scores: { 转化: 3 },
    })
    assert.equal(updateComment.safeParse({ authorName: '甲' }).success, false)
  })
})

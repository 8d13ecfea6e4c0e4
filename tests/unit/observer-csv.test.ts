import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { commentsCsv, csvCell } from '../../src/observers/csv.ts'
import { rows } from '../helpers/score-rows.ts'

const comment = (over: Partial<Parameters<typeof commentsCsv>[0][number]> = {}) => ({
  createdAt: new Date('2020-10-15T07:05:09Z'),
  authorName: '周向阳',
  authorUnit: '机关党委',
  learnings: '流程规范',
  suggestions: '',
  criterionScores: rows({ 形式: 5, 主题: 4 }),
  status: 'visible',
  adoptedAt: null,
  ...over,
})

describe('csvCell', () => {
  it('quotes commas, quotes, line breaks and edge spaces, doubling inner quotes', () => {
    assert.equal(csvCell('a,b'), '"a,b"')
    assert.equal(csvCell('他说"好"'), '"他说""好"""')
    assert.equal(csvCell('第一行\n第二行'), '"第一行\n第二行"')
    assert.equal(csvCell(' 前有空格'), '" 前有空格"')
    assert.equal(csvCell('普通'), '普通')
    assert.equal(csvCell(null), '')
  })

  it('defuses cells Excel would read as formulas, but not numbers', () => {
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`)
    assert.equal(csvCell('+1'), "'+1")
    assert.equal(csvCell('-2'), "'-2")
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)")
    assert.equal(csvCell('\tcmd'), "'\tcmd")
    assert.equal(csvCell(-2), '-2')
  })
})

describe('commentsCsv', () => {
  it('starts with a BOM, names the columns in Chinese, shows Shanghai time and CRLF line ends', () => {
    const csv = commentsCsv([comment(), comment({ authorName: null, authorUnit: null, status: 'hidden', adoptedAt: new Date(), criterionScores: [] })], ['形式', '主题'])
    assert.ok(csv.startsWith('\uFEFF序号,提交时间,姓名,单位,可借鉴之处,优化建议,形式评分,主题评分,状态,已采纳\r\n'))
    const lines = csv.slice(1).split('\r\n')
    assert.equal(lines[1], '1,2020-10-15 15:05:09,周向阳,机关党委,流程规范,,5,4,已上墙,否')
    assert.equal(lines[2], '2,2020-10-15 15:05:09,匿名,,流程规范,,,,已隐藏,是')
    assert.equal(lines[3], '')
  })
})

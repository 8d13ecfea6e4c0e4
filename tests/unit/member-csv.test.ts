import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkMemberCsv, decodeCsv, MAX_ROWS, templateCsv } from '../../src/members/csv.ts'
import { local } from '../../src/lib/dates.ts'

const HEADER = '姓名,党员类别,人员类别,入党日期,联系电话,职务,党内职务'

describe('checkMemberCsv', () => {
  it('reads Chinese headers and turns labels into stored values', () => {
    const check = checkMemberCsv(`${HEADER}\n张三,正式,在职,2005-07-01,138-0000-0000,科员,组织委员\n李四,预备,离退休,,,,`, [])
    assert.deepEqual(check.errors, [])
    assert.deepEqual(check.members, [
      { name: '张三', standing: 'full', category: 'employed', joinedOn: '2005-07-01', phone: '138-0000-0000', title: '科员', partyPost: '组织委员' },
      { name: '李四', standing: 'probationary', category: 'retired', joinedOn: undefined, phone: undefined, title: undefined, partyPost: undefined },
    ])
    assert.equal(check.rows[1].cells.category, '离退休')
  })

  it('accepts English headers in any order, and missing optional columns', () => {
    const check = checkMemberCsv('phone,category,Name,standing\n+86 138 0000 0000,student,王五,probationary', [])
    assert.deepEqual(check.errors, [])
    assert.equal(check.members[0].name, '王五')
    assert.equal(check.members[0].category, 'student')
    assert.equal(check.members[0].standing, 'probationary')
  })

  it('defaults empty 党员类别/人员类别 to 正式/在职 and normalises 2005/7/1', () => {
    const check = checkMemberCsv('姓名,入党日期\n赵六,2005/7/1', [])
    assert.deepEqual(check.errors, [])
    assert.deepEqual([check.members[0].standing, check.members[0].category, check.members[0].joinedOn], ['full', 'employed', '2005-07-01'])
  })

  it('reports every bad row with its line number as Excel shows it', () => {
    const text = [HEADER, '张三,正式,在职', ',正式,在职', '李四,党员,在职', '王五,正式,退伍', '赵六,正式,在职,2005-02-30', '孙七,正式,在职,,abc'].join('\n')
    const check = checkMemberCsv(text, [])
    assert.deepEqual(check.errors, [
      '第 3 行：姓名不能为空',
      '第 4 行：党员类别“党员”无效，应为 正式/预备',
      '第 5 行：人员类别“退伍”无效，应为 在职/离退休/农民/学生/失业低保/其他',
      '第 6 行：入党日期“2005-02-30”无效，应为 2020-10-15 这样的日期',
      '第 7 行：联系电话“abc”格式不正确，只能包含数字、+ 和 -',
    ])
    assert.equal(check.rows.length, 6)
    assert.deepEqual(check.rows[0].errors, [])
  })

  it('lists a row\'s errors in column order, the name first', () => {
    assert.deepEqual(checkMemberCsv('党员类别,姓名\n党员,', []).errors, ['第 2 行：姓名不能为空', '第 2 行：党员类别“党员”无效，应为 正式/预备'])
  })

  it('refuses a joining date in the future', () => {
    const tomorrow = local().add(1, 'day').format('YYYY-MM-DD')
    assert.deepEqual(checkMemberCsv(`姓名,入党日期\n张三,${tomorrow}`, []).errors, ['第 2 行：入党日期不能晚于今天'])
  })

  it('refuses names already in the branch and names repeated in the file', () => {
    const check = checkMemberCsv('姓名\n张三\n李四\n李四', ['张三'])
    assert.deepEqual(check.errors, ['第 2 行：本支部已有同名党员', '第 4 行：与第 3 行姓名重复'])
  })

  it('skips blank lines but keeps counting them', () => {
    const check = checkMemberCsv('姓名,党员类别\n张三,正式\n\n,\n李四,预备\n', [])
    assert.deepEqual(check.errors, [])
    assert.deepEqual(check.rows.map((r) => r.line), [2, 5])
  })

  it('reads a UTF-8 file with a BOM, CRLF line ends and quoted commas', () => {
    const bytes = Buffer.from(`\uFEFF${HEADER}\r\n"张三",正式,在职,,,"科员,兼职",\r\n`, 'utf8')
    const check = checkMemberCsv(decodeCsv(bytes), [])
    assert.deepEqual(check.errors, [])
    assert.equal(check.members[0].name, '张三')
    assert.equal(check.members[0].title, '科员,兼职')
  })

  it('reads a tab-separated paste from Excel', () => {
    const check = checkMemberCsv('姓名\t党员类别\t人员类别\n张三\t预备\t农民', [])
    assert.deepEqual(check.errors, [])
    assert.equal(check.members[0].category, 'farmer')
  })

  it('falls back to GB18030 for a file Chinese Excel saved as plain CSV', () => {
    const gbk = Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd]) // 姓名\n张三
    assert.equal(decodeCsv(gbk), '姓名\n张三')
  })

  it('needs a 姓名 column, at least one row, and a bounded number of rows', () => {
    assert.match(checkMemberCsv('名字,电话\n张三,1', []).errors[0], /必须有“姓名”列/)
    assert.match(checkMemberCsv(HEADER, []).errors[0], /没有党员数据/)
    assert.match(checkMemberCsv('', []).errors[0], /必须有“姓名”列/)
    const many = ['姓名', ...Array.from({ length: MAX_ROWS + 1 }, (_, i) => `党员${i}`)].join('\n')
    assert.match(checkMemberCsv(many, []).errors[0], /一次最多导入 1000 名党员/)
  })

  it('reports a broken quote instead of throwing', () => {
    assert.match(checkMemberCsv('姓名\n"张三\n', []).errors[0], /格式有误/)
  })

  it('offers a template that passes its own check', () => {
    const template = templateCsv()
    assert.ok(template.startsWith('\uFEFF姓名,党员类别'))
    assert.deepEqual(checkMemberCsv(template, []).errors, [])
  })
})

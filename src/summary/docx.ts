import {
  AlignmentType, BorderStyle, Document, Footer, HeadingLevel, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType,
} from 'docx'
import { dateInput, formatDate, timeInput } from '../lib/dates.ts'
import { normalizeFields, stripControls } from '../lib/text.ts'
import type { SummaryRecord } from './service.ts'

const song = { ascii: 'SimSun', hAnsi: 'SimSun', eastAsia: '宋体' }
const hei = { ascii: 'SimHei', hAnsi: 'SimHei', eastAsia: '黑体' }
const BODY = 24 // half-points: 12 pt, 小四
const line = (text: string, bold = false) => new Paragraph({ spacing: { after: 60 }, children: [new TextRun({ text, bold })] })
const heading = (text: string, level: 1 | 2 = 1) =>
  new Paragraph({
    heading: level === 1 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3,
    spacing: { before: level === 1 ? 240 : 160, after: 100 },
    keepNext: true,
    children: [new TextRun({ text, font: hei, size: level === 1 ? 28 : BODY, bold: level === 2, color: '000000' })],
  })

const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' }
const borders = { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border }
const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] })

/** a bordered table; the first row repeats on every page */
function table(head: string[], rows: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: head.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((t) => cell(t)) })),
    ],
  })
}

function body(r: SummaryRecord): (Paragraph | Table)[] {
  const att = r.attendance
  const hm = (d: Date | null) => (d ? timeInput(d) : '—')
  const text = r.attendanceText
  const scored = r.averages.filter((a) => a.count > 0)
  return [
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: r.openDay.branchName, size: BODY })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, heading: HeadingLevel.HEADING_1, children: [new TextRun({ text: '支部开放日活动记录', font: hei, size: 40, color: '000000' })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text: `主题：${r.openDay.theme}`, bold: true, size: 28 })] }),

    heading('一、基本情况'),
    table(['项目', '内容'], [
      ['党支部', r.openDay.branchName],
      ['主题', r.openDay.theme],
      ['日期', formatDate(r.times.start)],
      ['时间', `${hm(r.times.start)}–${hm(r.times.end)}（${r.times.actual ? '实际' : '计划'}，${r.times.length}）`],
      ['地点', r.openDay.place],
      ['主持人', r.host ?? '未指定'],
      ['记录人', r.recorder ?? '未指定'],
    ]),

    heading('二、出勤情况'),
    table(['', '正式党员', '预备党员', '合计'], [
      ['应到', String(att.expected.full), String(att.expected.probationary), String(att.expected.total)],
      ['实到', String(att.present.full), String(att.present.probationary), String(att.present.total)],
    ]),
    line(`出勤率：${text.rate}`),
    line(`出席人员：${text.present}`),
    ...(att.absentees.length
      ? [table(
            ['缺席人员', '情况', '原因 / 说明', '补课'],
            text.absentees.map((a) => [a.name, a.status, a.reason, a.madeUp]),
          )]
      : [line('缺席人员：无')]),
    line(`列席人员：${text.attendees}`),

    heading('三、党费收缴'),
    ...(r.dues
      ? [
          table(['收缴月份', ...r.dues.lines.map((d) => d.label)], [[r.dues.month, ...r.dues.lines.map((d) => d.value)]]),
          ...(r.dues.source === 'legacy' ? [line('（本月尚无逐人缴纳登记，以上为原记录中的汇总数。）')] : []),
        ]
      : [line('本次活动未安排收缴党费环节。')]),

    heading('四、活动环节'),
    ...r.segments.flatMap((s, i) => [
      heading(`${i + 1}. ${s.title}`, 2),
      line(`时间：${hm(s.startedAt)}–${hm(s.endedAt)}　负责人：${s.leader ?? '—'}`),
      ...s.details.map((d) => line(`${d.label}：${d.value}`)),
      ...(s.summary ? s.summary.split(/\n+/).map((p) => line(p)) : []),
    ]),

    heading('五、发言情况'),
    r.speeches.length ? table(['序号', '类别', '发言人', '题目'], r.speeches.map((x, i) => [String(i + 1), x.kindLabel, x.speaker, x.topic || '—'])) : line('未登记发言人。'),

    heading('六、观摩点评'),
    r.observers.length ? table(['序号', '观摩人员', '职务', '单位'], r.observers.map((o, i) => [String(i + 1), o.name + (o.walkIn ? '（现场扫码）' : ''), o.title || '—', o.unit || '—'])) : line('未登记观摩人员。'),
    ...(scored.length ? [line(`平均评分（5 分制）：${scored.map((a) => `${a.criterion} ${a.average!.toFixed(1)}（${a.count} 人）`).join('；')}`)] : []),
    line(`点评 ${r.comments.length} 条：`),
    ...r.comments.flatMap((c, i) => [
      line(`${i + 1}. ${c.author}${c.unit ? `（${c.unit}）` : ''}${c.adopted ? ' · 建议已采纳' : ''}`, true),
      ...(c.learnings ? [line(`可借鉴之处：${c.learnings}`)] : []),
      ...(c.suggestions ? [line(`优化建议：${c.suggestions}`)] : []),
      ...(c.scores.length ? [line(`评分：${c.scores.map((s) => `${s.criterion} ${s.score}`).join('　')}`)] : []),
    ]),

    heading('七、总结讲话要点'),
    ...(r.concludingPoints.length ? r.concludingPoints.map((p, i) => line(`${i + 1}. ${p}`)) : [line('未记录总结讲话要点。')]),

    heading('八、复盘'),
    ...reviewSection(r.review),

    new Paragraph({ spacing: { before: 600, after: 300 }, children: [new TextRun('主持人签字：＿＿＿＿＿＿＿＿＿＿　　日期：＿＿＿＿＿＿')] }),
    new Paragraph({ spacing: { after: 300 }, children: [new TextRun('记录人签字：＿＿＿＿＿＿＿＿＿＿　　日期：＿＿＿＿＿＿')] }),
  ]
}

function reviewSection(review: SummaryRecord['review']): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = []
  if (review.requirements.length) {
    out.push(table(['要求', '情况', '依据'], review.requirements.map((q) => [q.label, q.met ? '达到' : '未达到', q.note || '—'])))
    if (review.wentWell) out.push(line(`做得好的方面：${review.wentWell}`))
    if (review.toImprove) out.push(line(`需要改进的方面：${review.toImprove}`))
  }
  if (review.actions.length) {
    const rows = review.actions.map((a, i) => [String(i + 1), a.description, a.owner, a.dueOn, a.status === 'done' ? '已完成' : '未完成'])
    out.push(table(['序号', '整改措施 / 下一步', '责任人', '完成期限', '状态'], rows))
  }
  const state = review.done ? `已复盘，记录定稿${review.at ? `（${formatDate(review.at)}）` : ''}。` : review.requirements.length ? '复盘尚未定稿。' : '尚未复盘。'
  return [...out, line(state)]
}

/** the printed record as a Word file the office can edit in Word or WPS; photos stay on the web page */
export function summaryDocx(input: SummaryRecord, printedAt: Date): Promise<Buffer> {
  // XML 1.0 cannot hold control characters: the last guard after the input normaliser
  const record = normalizeFields(input, stripControls)
  const doc = new Document({
    creator: 'openday',
    title: `支部开放日活动记录 ${record.openDay.branchName} ${dateInput(record.times.start)}`,
    styles: { default: { document: { run: { font: song, size: BODY } } } },
    sections: [
      {
        properties: { page: { margin: { top: 1020, bottom: 1020, left: 907, right: 907 } } }, // 18 mm, 16 mm
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['第 ', PageNumber.CURRENT, ' 页 共 ', PageNumber.TOTAL_PAGES, ' 页'], size: 18 })] })],
          }),
        },
        children: [...body(record), new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: `打印日期：${formatDate(printedAt)}`, size: 20 })] })],
      },
    ],
  })
  return Packer.toBuffer(doc)
}

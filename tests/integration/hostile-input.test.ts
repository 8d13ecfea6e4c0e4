import { formsOf, filled, type PageForm } from '../helpers/forms.ts'
import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { xml2js } from 'xml-js' // docx's own XML reader (strict sax underneath)
import { db } from '../helpers/app.ts'
import { anonymous, csrfOf, login, type Agent } from '../helpers/http.ts'
import { createUser } from '../helpers/factories.ts'
import { tableNames } from '../helpers/tables.ts'
import { binary, documentXml, pdfText, THEME } from '../helpers/summary.ts'
import { seedIfEmpty } from '../../src/demo/seed.ts'

/** control characters and markup meant for the HTML, Word, iCalendar and CSV writers */
const PAYLOADS = [
  'A\u0000B\u000bC\u001b[31mD\u007fE\u0085F\u000cG',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  ']]></w:t><w:p>&amp;&#0;',
  '=HYPERLINK("http://x")',
  'X\r\nEND:VEVENT\r\nBEGIN:VEVENT',
  'Cafe\u0301 \u202etxt.exe',
  "{{7*7}}<%= 7*7 %>${7*7}'--",
]
const MARKUP = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<w:p>']
/** what none of the writers may emit: C0 controls but tab and line breaks, DEL */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/
/** the same controls escaped inside JSON */
const JSON_CONTROL = /\\u00(0[0-8bcef]|1[0-9a-f]|7f)/i
/** forms that delete, archive or move an open day's status: not for this test */
const SKIP = /delete|archive|transfer-out|disable|enable|reset-password|status$|logout|\/generate$|regenerate|restore|copy$|move$|advance$|sign-in$|speaker$|all-present|make-up|approve|unhide|adopt|\/import/

function assertClean(what: string, text: string): void {
  assert.doesNotMatch(text, CONTROL, `${what}: a control character`)
  for (const m of MARKUP) assert.equal(text.includes(m), false, `${what}: raw ${m}`)
}

/** XML 1.0 well-formedness: legal characters, and a strict parser that reaches the end */
function assertWellFormed(what: string, xml: string): void {
  assert.doesNotMatch(xml, /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/, `${what}: a character XML 1.0 cannot hold`)
  assert.doesNotThrow(() => xml2js(xml), `${what}: not well-formed`)
}

let office: Agent
let openDayId: number
let token: string
let branchId: number
let pages: string[]

before(async () => {
  await seedIfEmpty()
  const seed = await db.openDay.findFirstOrThrow({ where: { theme: THEME }, include: { segments: true } })
  const hour = 3600_000
  // held, commenting open now: every form of the record and the phone page takes input
  await db.openDay.update({ where: { id: seed.id }, data: { status: 'held', commentsOpenAt: new Date(Date.now() - hour), commentsCloseAt: new Date(Date.now() + hour) } })
  openDayId = seed.id
  branchId = seed.branchId
  token = seed.observerToken
  const admin = await createUser('office')
  office = await login(admin.username)
  await office.post(`/open-days/${openDayId}/news/generate`).type('form').send({ _csrf: csrfOf((await office.get(`/open-days/${openDayId}/news`)).text) })
  const member = await db.member.findFirstOrThrow({ where: { branchId } })
  const speech = await db.speech.findFirstOrThrow({ where: { segment: { openDayId } } })
  pages = [
    `/open-days/${openDayId}/edit`,
    `/branches/${branchId}/edit`,
    `/branches/${branchId}/members/new`,
    `/members/${member.id}/edit`,
    `/open-days/${openDayId}/observers`,
    `/open-days/${openDayId}/comments`,
    `/open-days/${openDayId}/attendance`,
    `/open-days/${openDayId}/run`,
    `/open-days/${openDayId}/news`,
    `/open-days/${openDayId}/segments/${speech.segmentId}/speeches/${speech.id}/edit`,
    ...seed.segments.map((s) => `/open-days/${openDayId}/segments/${s.id}/record`),
    `/settings`,
    `/accounts/${admin.id}/edit`,
    `/open-days/new`,
    `/agenda-templates/new`,
  ]
})

/** posts one form filled with `value`; the answer (or the page it redirects to) must be clean */
async function post(agent: Agent, page: string, form: PageForm, value: string): Promise<void> {
  const res = await agent.post(form.action || page).type('form').send(filled(form, value))
  assert.ok(res.status < 500 && res.status !== 403, `${form.action}: ${res.status}`)
  const shown = res.status === 302 ? await agent.get(res.headers.location) : res
  assertClean(`${form.action} → ${res.status}`, shown.text)
}

async function importMembers(value: string): Promise<void> {
  const page = await office.get(`/branches/${branchId}/members/import`)
  const cell = (v: string) => `"${v.replace(/"/g, '""')}"`
  const csv = `姓名,职务,党内职务\n${cell(value + Date.now())},${cell(value)},${cell(value)}\n`
  const preview = await office.post(`/branches/${branchId}/members/import`).field('_csrf', csrfOf(page.text)).attach('file', Buffer.from(csv), 'm.csv')
  assert.ok(preview.status < 500, `import: ${preview.status}`)
  assertClean('import preview', preview.text)
  const form = formsOf(preview.text).find((f) => f.action.endsWith('/import/commit'))
  if (!form) return
  const csvField = form.fields.find(([n]) => n === 'csv')![1]
  const res = await office.post(form.action).field('_csrf', csrfOf(preview.text)).field('csv', csvField)
  assert.ok(res.status < 500, `import commit: ${res.status}`)
}

async function checkOutputs(round: string): Promise<void> {
  for (const url of [`/open-days/${openDayId}`, `/open-days/${openDayId}/summary`, `/open-days/${openDayId}/wall`, `/branches/${branchId}`, `/open-days/${openDayId}/record`]) {
    assertClean(`${round} ${url}`, (await office.get(url)).text)
  }
  assertClean(`${round} phone page`, (await anonymous().get(`/o/${token}`)).text)
  const wall = await office.get(`/open-days/${openDayId}/wall.json`).set('Accept', 'application/json')
  assert.equal(wall.status, 200)
  assert.doesNotMatch(wall.text, JSON_CONTROL, `${round} wall.json`)
  // the wall's script writes these strings with textContent; the projector's html goes through innerHTML
  const projector = await office.get(`/open-days/${openDayId}/projector.json`).set('Accept', 'application/json')
  assertClean(`${round} projector.json`, projector.body.html)
  const csv = (await office.get(`/open-days/${openDayId}/comments.csv`)).text
  assert.doesNotMatch(csv, CONTROL, `${round} comments.csv`)
  assert.doesNotMatch(csv, /(^|,)"?[=+@]/m, `${round} comments.csv: a formula`)
  for (const url of [`/open-days/${openDayId}/summary.docx`, `/open-days/${openDayId}/news.docx`]) {
    const res = await office.get(url).buffer(true).parse(binary)
    assert.equal(res.status, 200, url)
    assertWellFormed(`${round} ${url}`, documentXml(res.body))
  }
  for (const url of [`/open-days/${openDayId}/calendar.ics`, '/calendar.ics']) {
    const ics = (await office.get(url)).text
    assert.doesNotMatch(ics.replace(/\r\n/g, ''), /[\u0000-\u0008\u000A-\u001F\u007F]/, `${round} ${url}`)
    for (const line of ics.split('\r\n').filter(Boolean)) assert.match(line, /^([A-Z-]+[;:]| )/, `${round} ${url}: ${line}`)
    assert.equal(ics.match(/^BEGIN:VEVENT/gm)?.length, ics.match(/^END:VEVENT/gm)?.length)
  }
}

describe('hostile input through every form, the phone page and the CSV import', () => {
  it('reaches no page, JSON, CSV, Word file or calendar as a control character or live markup', async (t) => {
    let fields = 0
    let posts = 0
    for (const [i, value] of PAYLOADS.entries()) {
      for (const page of pages) {
        const res = await office.get(page)
        assert.equal(res.status, 200, page)
        for (const form of formsOf(res.text).filter((f) => f.textFields.length && !f.multipart && !SKIP.test(f.action))) {
          await post(office, page, form, value)
          fields += form.textFields.length
          posts++
        }
      }
      const observer = anonymous()
      const phone = await observer.get(`/o/${token}`)
      for (const form of formsOf(phone.text).filter((f) => f.textFields.length)) {
        await post(observer, `/o/${token}`, form, value)
        fields += form.textFields.length
        posts++
      }
      await importMembers(value)
      fields += 3
      await checkOutputs(`payload ${i + 1}`)
      if (i === 0) {
        // the control characters were removed, the rest of the text kept
        assert.ok(await db.comment.findFirst({ where: { learnings: 'ABC[31mDEFG' } }), 'a comment')
        assert.ok(await db.member.findFirst({ where: { title: 'ABC[31mDEFG' } }), 'a member')
        assert.ok(await db.segment.findFirst({ where: { summary: 'ABC[31mDEFG' } }), 'a segment record')
        // the PDF once (Chromium is slow): the cleaned text is printed, no control character
        const pdf = await office.get(`/open-days/${openDayId}/summary.pdf`).buffer(true).parse(binary)
        if (pdf.headers['content-type'] === 'application/pdf') {
          const { text } = pdfText(pdf.body)
          assert.match(text, /ABC\[31mDEFG/)
          assert.doesNotMatch(text.replace(/\f/g, ''), CONTROL)
        }
      }
    }
    // nothing stored anywhere holds a control character
    const tables = (await tableNames()).filter((t) => !t.startsWith('_')).map((name) => ({ name }))
    for (const { name } of tables) {
      for (const row of await db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${name}"`)) {
        for (const [column, v] of Object.entries(row)) if (typeof v === 'string') assert.doesNotMatch(v, CONTROL, `${name}.${column}`)
      }
    }
    const names = await db.member.findMany({ where: { name: { startsWith: 'Caf' } } })
    assert.ok(names.every((m) => m.name.startsWith('Café')), 'NFC')
    t.diagnostic(`${PAYLOADS.length} payloads; ${posts} form posts filling ${fields} text fields (payload × field)`)
  })
})

// The PDF pool: two pages print at once on warm pages, and one user has at most two PDFs underway.
import '../helpers/app.ts'
import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { createBranch, createOpenDay } from '../helpers/factories.ts'
import { loginAsOffice } from '../helpers/http.ts'
import { browserSkip } from '../helpers/browser.ts'
import { closePdfBrowser, PDF_PER_USER, startUserPdf } from '../../src/summary/pdf.ts'

after(() => closePdfBrowser())

describe('startUserPdf', () => {
  it('refuses a user’s third PDF at once with 429, and not another user’s', () => {
    const done = [startUserPdf(1), startUserPdf(1)]
    assert.equal(PDF_PER_USER, 2)
    assert.throws(() => startUserPdf(1), (err: { status?: number; message?: string }) => err.status === 429 && /正在生成/.test(err.message ?? ''))
    const other = startUserPdf(2)
    done[0]()
    done[0]() // a second call changes nothing
    const again = startUserPdf(1)
    assert.throws(() => startUserPdf(1))
    for (const d of [done[1], again, other]) d()
  })
})

describe('GET /open-days/:id/summary.pdf at once', { skip: browserSkip() }, () => {
  it('makes two of one user’s PDFs and refuses the third with a Chinese 429; five users’ PDFs all finish', async () => {
    const branch = await createBranch()
    const openDay = await createOpenDay(branch.id, { status: 'held', date: '2020-10-15' })
    const url = `/open-days/${openDay.id}/summary.pdf`
    const { agent } = await loginAsOffice()
    const mine = await Promise.all([1, 2, 3].map(() => agent.get(url).set('Accept', 'text/html')))
    const statuses = mine.map((r) => r.status).sort()
    assert.deepEqual(statuses, [200, 200, 429])
    assert.match(mine.find((r) => r.status === 429)!.text, /您已有 2 份 PDF 正在生成/)
    const others = await Promise.all([1, 2, 3, 4, 5].map(async () => (await loginAsOffice()).agent))
    const results = await Promise.all(others.map((a) => a.get(url)))
    for (const r of results) {
      assert.equal(r.status, 200)
      assert.match(r.headers['content-type'], /application\/pdf/)
    }
  })
})

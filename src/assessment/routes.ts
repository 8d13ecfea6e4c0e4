import { Router, type Request } from 'express'
import { canRead, canSeeAllBranches } from '../open-days/policy.ts'
import { getOpenDay } from '../review/service.ts'
import { requireAccess, requireLogin, requireOffice, userOf } from '../web/auth.ts'
import { forbidden, HttpError } from '../lib/errors.ts'
import { flash } from '../web/flash.ts'
import { form, idParam, parseQuery } from '../web/form.ts'
import { local } from '../lib/dates.ts'
import { cachedAnnualAssessment, sortBranches } from './annual.ts'
import { perMonthChart, scoreDistributionChart } from './charts.ts'
import { annualCsv, annualXlsx } from './export.ts'
import { OBSERVER_MAX, OFFICE_MAX, TIER_LABELS } from './scoring.ts'
import * as schemas from './schemas.ts'
import { saveScoreSheet, SCORABLE, scoreSheetOf } from './sheets.ts'

/** the party office's score sheet of an open day, and the annual assessment of every branch */
export const assessmentRoutes = Router()

async function sheetLocals(req: Request) {
  const openDay = await getOpenDay(idParam(req))
  if (!canRead(userOf(req), openDay)) throw forbidden()
  const data = await scoreSheetOf(openDay.id)
  return {
    title: `评分 · ${openDay.theme}`,
    openDay,
    ...data,
    mayScore: userOf(req).role === 'office' && SCORABLE.includes(openDay.status),
    OFFICE_MAX,
    OBSERVER_MAX,
  }
}

/** the stored scores as the form's values */
function sheetValues(locals: Awaited<ReturnType<typeof sheetLocals>>): Record<string, string> {
  const values: Record<string, string> = { version: String(locals.sheet?.version ?? 0), comment: locals.sheet?.comment ?? '' }
  for (const r of locals.rows) values[`score_${r.criterion.id}`] = r.score === null ? '' : String(r.score)
  return values
}

assessmentRoutes.get('/open-days/:id/score', requireLogin, async (req, res) => {
  const locals = await sheetLocals(req)
  res.render('assessment/score', { ...locals, values: sheetValues(locals) })
})

assessmentRoutes.post(
  '/open-days/:id/score',
  requireOffice,
  form({ schema: schemas.saveScoreSheet, view: 'assessment/score', locals: sheetLocals }, async (input, req, res) => {
    const openDay = await getOpenDay(idParam(req))
    await saveScoreSheet(userOf(req), openDay, input)
    flash(req, 'success', '评分已保存，计入年度考核。')
    res.redirect(`/open-days/${openDay.id}/score`)
  }),
)

// ---- the annual assessment ----

/** every branch side by side: as the access policy decides */
const readers = requireAccess(canSeeAllBranches)

async function annualOf(req: Request) {
  const query = parseQuery(schemas.annualQuery, req.query)
  const year = query.year ?? local().year()
  const annual = await cachedAnnualAssessment(year)
  return { ...query, year, annual, rows: sortBranches(annual.branches, query.sort, query.dir) }
}

assessmentRoutes.get('/assessment', readers, async (req, res) => {
  const { year, sort, dir, annual, rows } = await annualOf(req)
  res.render('assessment/annual', {
    title: `${year}年度考核`,
    styles: ['/public/css/assessment.css'],
    scripts: ['/public/js/print.js'],
    year, sort, dir, annual, rows, TIER_LABELS,
    monthsChart: perMonthChart(year, annual.perMonth.held, annual.perMonth.other),
    scoresChart: scoreDistributionChart(year, rows.map((r) => ({ name: r.branch.name, scores: r.scores, average: r.averageScore }))),
  })
})

assessmentRoutes.get('/assessment.csv', readers, async (req, res) => {
  const { year, annual, rows } = await annualOf(req)
  res.type('text/csv; charset=utf-8').attachment(`${year}年度考核.csv`).set('Cache-Control', 'no-store').send(annualCsv(annual, rows))
})

assessmentRoutes.get('/assessment.xlsx', readers, async (req, res) => {
  const { year, annual, rows } = await annualOf(req)
  res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(`${year}年度考核.xlsx`).set('Cache-Control', 'no-store').send(await annualXlsx(annual, rows))
})

/** the records behind one branch's numbers */
assessmentRoutes.get('/assessment/:year/branches/:id', readers, async (req, res) => {
  const year = Number(req.params.year)
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new HttpError(404, '找不到该页面。')
  const annual = await cachedAnnualAssessment(year)
  const row = annual.branches.find((b) => b.branch.id === idParam(req))
  if (!row) throw new HttpError(404, '找不到该支部。')
  res.render('assessment/branch', { title: `${row.branch.name} · ${year}年度考核`, styles: ['/public/css/assessment.css'], scripts: ['/public/js/print.js'], year, row, rules: annual.rules, TIER_LABELS })
})

import { Router, type Request, type Response } from 'express'
import { z } from 'zod'
import { canRead } from '../open-days/policy.ts'
import { TRANSITIONS } from '../open-days/status.ts'
import { requireEditor, requireLogin, userOf } from '../web/auth.ts'
import { forbidden } from '../lib/errors.ts'
import { flash } from '../web/flash.ts'
import { form, idParam } from '../web/form.ts'
import { dateInput } from '../lib/dates.ts'
import { isOverdue, REQUIREMENTS, type ReviewDraft } from './prefill.ts'
import * as schemas from './schemas.ts'
import * as reviews from './service.ts'

/** 复盘: the review form of a held open day, and ticking off its follow-up actions */
export const reviewRoutes = Router()

async function readable(req: Request) {
  const openDay = await reviews.getOpenDay(idParam(req))
  if (!canRead(userOf(req), openDay)) throw forbidden()
  return openDay
}

/** the stored review (or its pre-filled draft) and actions as the form's field values, blank rows after */
function formValues(draft: ReviewDraft, actions: reviews.Action[], version: number): Record<string, string> {
  const values: Record<string, string> = { version: String(version), wentWell: draft.wentWell, toImprove: draft.toImprove }
  for (const r of REQUIREMENTS) {
    if (draft[r.flag]) values[r.flag] = '1'
    values[r.note] = draft[r.note]
  }
  actions.forEach((a, i) => Object.assign(values, { [`action_${i}_id`]: String(a.id), [`action_${i}_description`]: a.description, [`action_${i}_owner`]: a.owner, [`action_${i}_due`]: a.dueOn, [`action_${i}_status`]: a.status }))
  return values
}

async function reviewLocals(req: Request) {
  const openDay = await readable(req)
  const { saved, draft, version, facts, actions } = await reviews.reviewOf(openDay.id)
  const summary = await reviews.summaryReview(openDay.id, openDay.status, null)
  return {
    title: `复盘 · ${openDay.theme}`,
    openDay,
    saved,
    facts,
    actions,
    summaryReview: summary,
    mayWrite: reviews.mayWriteReview(userOf(req), openDay),
    mayTick: userOf(req).role !== 'viewer' && (userOf(req).role === 'office' || userOf(req).branchId === openDay.branchId),
    rows: actions.length + schemas.BLANK_ACTIONS,
    finaliseWarning: TRANSITIONS.review.confirm,
    REQUIREMENTS,
    today: dateInput(new Date()),
    isOverdue,
    initial: formValues(draft, actions, version),
  }
}

reviewRoutes.get('/open-days/:id/review', requireLogin, async (req, res) => {
  const locals = await reviewLocals(req)
  res.render('review/edit', { ...locals, values: locals.initial })
})

reviewRoutes.post(
  '/open-days/:id/review',
  requireEditor,
  form({ schema: schemas.saveReview, view: 'review/edit', locals: reviewLocals }, async (input, req, res) => {
    const openDay = await reviews.getOpenDay(idParam(req))
    await reviews.saveReview(userOf(req), openDay, input)
    flash(req, 'success', input.finalise ? '复盘已完成，记录已定稿锁定。' : '复盘已保存。')
    res.redirect(input.finalise ? `/open-days/${openDay.id}` : `/open-days/${openDay.id}/review`)
  }),
)

const tick = z.object({ from: z.enum(['dashboard', 'review']).catch('review') })

function setStatus(status: 'open' | 'done') {
  return async (req: Request, res: Response) => {
    const { from } = tick.parse(req.body ?? {})
    const openDayId = idParam(req)
    const description = await reviews.setActionStatus(userOf(req), openDayId, idParam(req, 'actionId'), status)
    flash(req, 'success', `整改措施“${description}”已${status === 'done' ? '标记完成' : '重新打开'}。`)
    res.redirect(from === 'dashboard' ? '/' : `/open-days/${openDayId}/review#actions`)
  }
}

reviewRoutes.post('/open-days/:id/actions/:actionId/done', requireEditor, setStatus('done'))
reviewRoutes.post('/open-days/:id/actions/:actionId/reopen', requireEditor, setStatus('open'))

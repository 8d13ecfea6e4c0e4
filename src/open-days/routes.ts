import { linkBase } from '../web/link-base.ts'
import { Router, type Request, type Response } from 'express'
import { VersionedCache } from '../cache/versioned.ts'
import { renderString } from '../web/render.ts'
import { appVersions } from './queries.ts'
import { askToConfirm } from '../web/confirm.ts'
import { flash } from '../web/flash.ts'
import { form, idParam, parseQuery } from '../web/form.ts'
import { requireEditor, requireLogin, userOf } from '../web/auth.ts'
import { canEditBranch } from '../lib/user.ts'
import { forbidden } from '../lib/errors.ts'
import { listBranchOptions } from '../branches/service.ts'
import { dateInput, formatDateTime, local, timeInput } from '../lib/dates.ts'
import { pageHref } from '../lib/paging.ts'
import { openDayIcs } from '../calendar/ics.ts'
import { observerLink } from '../observers/links.ts'
import * as schemas from './schemas.ts'
import * as openDays from './service.ts'
import { getAgenda } from '../agenda/service.ts'
import { kindLabel } from '../agenda/kinds.ts'
import { formatMinutes } from '../agenda/plan.ts'
import { canEdit, canWrite } from './policy.ts'
import { allowedTransitions, isEarlyHold, isEditable, STATUSES, TRANSITIONS } from './status.ts'

export const openDayRoutes = Router()

async function formLocals(req: Request) {
  const user = userOf(req)
  const branches = await listBranchOptions()
  return {
    branches: user.role === 'office' ? branches : branches.filter((b) => b.id === user.branchId),
    members: await openDays.memberOptions(user),
  }
}

async function showLocals(req: Request) {
  const openDay = await openDays.getOpenDay(idParam(req))
  const user = userOf(req)
  const mayEdit = canEditBranch(user, openDay.branchId)
  return {
    title: openDay.theme,
    openDay,
    observerUrl: observerLink((await linkBase(req)).base, openDay.observerToken),
    mayEdit: mayEdit && isEditable(openDay.status),
    mayOpenAgenda: mayEdit,
    mayEditRecord: canWrite(user, openDay),
    plan: (await getAgenda(openDay.id)).plan,
    kindLabel,
    formatMinutes,
    transitions: mayEdit ? allowedTransitions(openDay.status, user.role).map((t) => ({ name: t, ...TRANSITIONS[t] })) : [],
  }
}

/** the list under the page head, rendered once per filter and version of its rows (the page around names the user) */
const listPages = new VersionedCache<string>(100)

openDayRoutes.get('/open-days', requireLogin, async (req, res) => {
  const filter = parseQuery(schemas.listOpenDays, req.query)
  const { page: _page, ...kept } = filter
  const v = await appVersions()
  const year = local().year()
  // list fields and branch names bump 'calendar'; archiving a branch (the filter's options) 'directory'
  const listHtml = await listPages.get(JSON.stringify(filter), `${v.calendar}.${v.directory}.${year}`, async () =>
    renderString(res, 'open-days/_list', {
      filter,
      ...(await openDays.listOpenDays(filter)),
      href: (page: number) => pageHref('/open-days', kept, page),
      branches: await listBranchOptions(),
      statuses: STATUSES,
      years: Array.from({ length: year - 2019 + 2 }, (_, i) => year + 1 - i),
    }),
  )
  res.render('open-days/index', { title: '开放日', listHtml })
})

openDayRoutes.get('/open-days/new', requireEditor, async (req, res) => {
  const user = userOf(req)
  res.render('open-days/new', { ...(await formLocals(req)), values: { branchId: user.branchId ?? '', startTime: '14:30', endTime: '17:00' } })
})

openDayRoutes.post(
  '/open-days',
  requireEditor,
  form({ schema: schemas.createOpenDay, view: 'open-days/new', locals: formLocals }, async (input, req, res) => {
    const id = await openDays.createOpenDay(userOf(req), input)
    flash(req, 'success', '开放日已保存为草稿。确认无误后请“提交申报”。')
    res.redirect(`/open-days/${id}`)
  }),
)

openDayRoutes.get('/open-days/:id', requireLogin, async (req, res) => {
  res.render('open-days/show', await showLocals(req))
})

openDayRoutes.get('/open-days/:id/calendar.ics', requireLogin, async (req, res) => {
  const openDay = await openDays.getOpenDay(idParam(req))
  res.type('text/calendar; charset=utf-8').attachment(`openday-${openDay.id}.ics`).send(openDayIcs(openDay))
})

async function editLocals(req: Request) {
  const openDay = await openDays.getOpenDay(idParam(req))
  if (!canEditBranch(userOf(req), openDay.branchId)) throw forbidden()
  return { ...(await formLocals(req)), openDay }
}

openDayRoutes.get('/open-days/:id/edit', requireEditor, async (req, res) => {
  const locals = await editLocals(req)
  const o = locals.openDay
  res.render('open-days/edit', {
    ...locals,
    values: { ...o, date: dateInput(o.startsAt), startTime: timeInput(o.startsAt), endTime: timeInput(o.endsAt) },
  })
})

openDayRoutes.post(
  '/open-days/:id',
  requireEditor,
  form({ schema: schemas.updateOpenDay, view: 'open-days/edit', locals: editLocals }, async (input, req, res) => {
    await openDays.updateOpenDay(userOf(req), idParam(req), input)
    flash(req, 'success', '开放日已保存。')
    res.redirect(`/open-days/${idParam(req)}`)
  }),
)

openDayRoutes.post(
  '/open-days/:id/status',
  requireEditor,
  form({ schema: schemas.changeStatus, view: 'open-days/show', locals: showLocals }, async (input, req, res) => {
    if (await askStatusConfirmation(req, res, input)) return
    const action = await openDays.changeStatus(userOf(req), idParam(req), input)
    flash(req, 'success', `已${TRANSITIONS[action].label}。`)
    res.redirect(`/open-days/${idParam(req)}`)
  }),
)

/** held and reviewed ask once more on a page of their own; the office marking held before the start gives a reason */
async function askStatusConfirmation(req: Request, res: Response, input: schemas.ChangeStatus): Promise<boolean> {
  const rule: { label: string; confirm?: string } = TRANSITIONS[input.action]
  if (!rule.confirm) return false
  const openDay = await openDays.getOpenDay(idParam(req))
  if (!canEdit(userOf(req), openDay)) return false // refused by the service
  await openDays.refuseUnreviewed(openDay.id, input.action) // nothing to confirm: finalising goes through the review
  if (isEarlyHold(input.action, openDay) && userOf(req).role !== 'office') return false // refused by the service
  const early = isEarlyHold(input.action, openDay)
  if (input.confirm && !(early && !input.note)) return false
  const earlyText = early ? `活动尚未开始（${formatDateTime(openDay.startsAt)}）。` : ''
  askToConfirm(res, {
    title: `${rule.label}？`,
    message: `“${openDay.theme}”：${earlyText}${rule.confirm}`,
    action: `/open-days/${openDay.id}/status`,
    fields: { action: input.action },
    button: `确认${rule.label}`,
    back: `/open-days/${openDay.id}`,
    reason: early ? { name: 'note', label: '提前标记的原因', value: input.note } : undefined,
    errors: input.confirm ? { note: openDays.EARLY_HOLD_REASON } : undefined,
  })
  return true
}

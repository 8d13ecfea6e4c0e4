import { Router, type Request, type Response } from 'express'
import { flash } from '../web/flash.ts'
import { form, idParam } from '../web/form.ts'
import { requireLogin, requireOffice, userOf } from '../web/auth.ts'
import { forbidden } from '../lib/errors.ts'
import { formatDate } from '../lib/dates.ts'
import { memberOptions } from '../open-days/service.ts'
import { isEditable } from '../open-days/status.ts'
import { KIND_OPTIONS, kindLabel } from './kinds.ts'
import { formatMinutes, isHint } from './plan.ts'
import * as schemas from './schemas.ts'
import * as agenda from './service.ts'

/** agenda templates (party office) and each open day's segments */
export const agendaRoutes = Router()

const helpers = { KIND_OPTIONS, kindLabel, formatMinutes, isHint }

// ---- templates: everyone signed in may read; only the party office writes ----

const templateUrl = (req: Request) => `/agenda-templates/${idParam(req)}`

async function templateLocals(req: Request) {
  const template = await agenda.getTemplate(idParam(req))
  return { ...helpers, title: template.name, template, mayEdit: userOf(req).role === 'office' }
}

async function templateSegmentLocals(req: Request) {
  const template = await agenda.getTemplate(idParam(req))
  return { ...helpers, title: '编辑模板环节', template, segment: await agenda.getTemplateSegment(template.id, idParam(req, 'segmentId')) }
}

agendaRoutes.get('/agenda-templates', requireLogin, async (req, res) => {
  res.render('agenda/templates', { ...helpers, title: '议程模板', templates: await agenda.listTemplates(), mayEdit: userOf(req).role === 'office' })
})

agendaRoutes.get('/agenda-templates/new', requireOffice, (_req, res) => {
  res.render('agenda/template-new', { title: '新建议程模板' })
})

agendaRoutes.post(
  '/agenda-templates/new',
  requireOffice,
  form({ schema: schemas.saveTemplate, view: 'agenda/template-new', locals: () => ({ title: '新建议程模板' }) }, async (input, req, res) => {
    const id = await agenda.createTemplate(input)
    flash(req, 'success', '模板已创建，请添加环节。')
    res.redirect(`/agenda-templates/${id}`)
  }),
)

agendaRoutes.get('/agenda-templates/:id', requireLogin, async (req, res) => {
  const locals = await templateLocals(req)
  res.render('agenda/template', { ...locals, values: { name: locals.template.name, isDefault: locals.template.isDefault, plannedMinutes: 10 } })
})

agendaRoutes.post(
  '/agenda-templates/:id',
  requireOffice,
  form({ schema: schemas.saveTemplate, view: 'agenda/template', locals: templateLocals }, async (input, req, res) => {
    await agenda.updateTemplate(idParam(req), input)
    flash(req, 'success', '模板已保存。')
    res.redirect(templateUrl(req))
  }),
)

agendaRoutes.post(
  '/agenda-templates/:id/delete',
  requireOffice,
  form({ schema: schemas.noFields, view: 'agenda/template', locals: templateLocals }, async (_input, req, res) => {
    await agenda.deleteTemplate(idParam(req))
    flash(req, 'success', '模板已删除。')
    res.redirect('/agenda-templates')
  }),
)

agendaRoutes.post(
  '/agenda-templates/:id/segments',
  requireOffice,
  form({ schema: schemas.saveTemplateSegment, view: 'agenda/template', locals: templateLocals }, async (input, req, res) => {
    await agenda.addTemplateSegment(idParam(req), input)
    flash(req, 'success', `已添加环节“${input.title ?? kindLabel(input.kind)}”。`)
    res.redirect(templateUrl(req))
  }),
)

agendaRoutes.get('/agenda-templates/:id/segments/:segmentId/edit', requireOffice, async (req, res) => {
  const locals = await templateSegmentLocals(req)
  res.render('agenda/template-segment', { ...locals, values: locals.segment })
})

agendaRoutes.post(
  '/agenda-templates/:id/segments/:segmentId',
  requireOffice,
  form({ schema: schemas.saveTemplateSegment, view: 'agenda/template-segment', locals: templateSegmentLocals }, async (input, req, res) => {
    await agenda.updateTemplateSegment(idParam(req), idParam(req, 'segmentId'), input)
    flash(req, 'success', '环节已保存。')
    res.redirect(templateUrl(req))
  }),
)

agendaRoutes.post(
  '/agenda-templates/:id/segments/:segmentId/move',
  requireOffice,
  form({ schema: schemas.moveSegment, view: 'agenda/template', locals: templateLocals }, async (input, req, res) => {
    await agenda.moveTemplateSegment(idParam(req), idParam(req, 'segmentId'), input)
    res.redirect(templateUrl(req))
  }),
)

agendaRoutes.post(
  '/agenda-templates/:id/segments/:segmentId/delete',
  requireOffice,
  form({ schema: schemas.noFields, view: 'agenda/template', locals: templateLocals }, async (_input, req, res) => {
    await agenda.removeTemplateSegment(idParam(req), idParam(req, 'segmentId'))
    flash(req, 'success', '环节已删除。')
    res.redirect(templateUrl(req))
  }),
)

// ---- an open day's agenda: its branch's secretary or the party office ----

const agendaUrl = (req: Request) => `/open-days/${idParam(req)}/agenda`

/** 403 for anyone who may not edit the branch; read-only once the open day has been held */
async function agendaLocals(req: Request) {
  const user = userOf(req)
  const { openDay, plan } = await agenda.getAgenda(idParam(req))
  if (!agenda.mayEditAgenda(user, openDay)) throw forbidden()
  const editable = isEditable(openDay.status)
  const empty = openDay.segments.length === 0
  const previous = editable && empty ? await agenda.previousAgendaSource(openDay) : null
  return {
    ...helpers,
    formatDate,
    title: `议程 · ${openDay.theme}`,
    openDay,
    plan,
    editable,
    lockedMessage: editable ? null : agenda.lockedMessage(openDay.status),
    templates: editable && empty ? await agenda.templateOptions() : [],
    previous,
  }
}

async function segmentLocals(req: Request) {
  const locals = await agendaLocals(req)
  const segment = await agenda.getSegment(locals.openDay.id, idParam(req, 'segmentId'))
  return { ...locals, title: `编辑环节 · ${segment.title}`, segment, members: await memberOptions(userOf(req)) }
}

const staleSegmentLocals = async (req: Request, res: Response) => ({ ...(await segmentLocals(req)), current: res.locals.staleCurrent ?? null })

agendaRoutes.get('/open-days/:id/agenda', requireLogin, async (req, res) => {
  const locals = await agendaLocals(req)
  const preselected = locals.templates.find((t) => t.isDefault) ?? locals.templates[0]
  res.render('agenda/open-day', { ...locals, values: { templateId: preselected?.value ?? '', kind: 'custom', plannedMinutes: 10 } })
})

agendaRoutes.post(
  '/open-days/:id/agenda/generate',
  requireLogin,
  form({ schema: schemas.generateAgenda, view: 'agenda/open-day', locals: agendaLocals }, async (input, req, res) => {
    const count = await agenda.generateFromTemplate(userOf(req), idParam(req), input)
    flash(req, 'success', `已从模板生成 ${count} 个环节。`)
    res.redirect(agendaUrl(req))
  }),
)

agendaRoutes.post(
  '/open-days/:id/agenda/copy',
  requireLogin,
  form({ schema: schemas.noFields, view: 'agenda/open-day', locals: agendaLocals }, async (_input, req, res) => {
    const { count, from } = await agenda.copyPreviousAgenda(userOf(req), idParam(req))
    flash(req, 'success', `已复制${formatDate(from.startsAt)}“${from.theme}”的议程，共 ${count} 个环节。`)
    res.redirect(agendaUrl(req))
  }),
)

agendaRoutes.post(
  '/open-days/:id/agenda/segments',
  requireLogin,
  form({ schema: schemas.addSegment, view: 'agenda/open-day', locals: agendaLocals }, async (input, req, res) => {
    await agenda.addSegment(userOf(req), idParam(req), input)
    flash(req, 'success', `已添加环节“${input.title ?? kindLabel(input.kind)}”。`)
    res.redirect(agendaUrl(req))
  }),
)

agendaRoutes.get('/open-days/:id/agenda/segments/:segmentId/edit', requireLogin, async (req, res) => {
  const locals = await segmentLocals(req)
  if (!locals.editable) {
    flash(req, 'error', locals.lockedMessage ?? '')
    return res.redirect(agendaUrl(req))
  }
  res.render('agenda/segment', { ...locals, values: agenda.planValues(locals.segment), current: null })
})

agendaRoutes.post(
  '/open-days/:id/agenda/segments/:segmentId',
  requireLogin,
  // a stale form (409) shows what is saved now beside what was typed
  form({ schema: schemas.updateSegment, view: 'agenda/segment', locals: staleSegmentLocals }, async (input, req, res) => {
    try {
      await agenda.updateSegment(userOf(req), idParam(req), idParam(req, 'segmentId'), input)
    } catch (err) {
      if (err instanceof agenda.StaleSegment) res.locals.staleCurrent = err.current
      throw err
    }
    flash(req, 'success', '环节已保存。')
    res.redirect(agendaUrl(req))
  }),
)

agendaRoutes.post(
  '/open-days/:id/agenda/segments/:segmentId/move',
  requireLogin,
  form({ schema: schemas.moveSegment, view: 'agenda/open-day', locals: agendaLocals }, async (input, req, res) => {
    await agenda.moveSegment(userOf(req), idParam(req), idParam(req, 'segmentId'), input)
    res.redirect(agendaUrl(req))
  }),
)

agendaRoutes.post(
  '/open-days/:id/agenda/segments/:segmentId/delete',
  requireLogin,
  form({ schema: schemas.noFields, view: 'agenda/open-day', locals: agendaLocals }, async (_input, req, res) => {
    await agenda.removeSegment(userOf(req), idParam(req), idParam(req, 'segmentId'))
    flash(req, 'success', '环节已删除。')
    res.redirect(agendaUrl(req))
  }),
)

import { Router, type Request, type Response } from 'express'
import type { z } from 'zod'
import { kindLabel } from '../agenda/kinds.ts'
import { config } from '../config.ts'
import { listEdits, listStatusChanges } from '../history/service.ts'
import { accessOf, loadOpenDay, openDayOf } from '../web/open-day.ts'
import { attachmentsBySegment } from '../photos/service.ts'
import { requireOffice, userOf } from '../web/auth.ts'
import { notFound } from '../lib/errors.ts'
import { flash } from '../web/flash.ts'
import { form, idParam, parseQuery } from '../web/form.ts'
import { pageHref, pageQuery } from '../lib/paging.ts'
import { fontVh, pageIndex, textPages } from '../run/pages.ts'
import { OATH_TEXT } from './oath.ts'
import * as schemas from './schemas.ts'
import * as records from './service.ts'
import { parseRecord } from './shapes.ts'

/** the run sheet's record: each segment's record form, speeches, the full-screen oath and reading views, the edit history */
export const recordRoutes = Router()

const read = loadOpenDay('read')
const helpers = { kindLabel, parseRecord, segmentLabel: records.segmentLabel }
const photoAssets = { styles: ['/public/css/records.css', '/public/css/photos.css'], scripts: ['/public/js/photos.js'] }

recordRoutes.get('/open-days/:id/record', ...read, async (_req, res) => {
  const openDay = openDayOf(res)
  const [segments, attachments] = await Promise.all([records.listSegments(openDay.id), attachmentsBySegment(openDay.id)])
  res.render('records/index', { ...helpers, ...photoAssets, title: `环节记录 · ${openDay.theme}`, segments, attachments, uploadMaxMb: config.UPLOAD_MAX_MB })
})

// ---- one segment's record -------------------------------------------------------------------------

async function segmentLocals(req: Request, res: Response) {
  const openDay = openDayOf(res)
  const segment = await records.getSegment(openDay.id, idParam(req, 'segmentId'))
  const [members, attachments] = await Promise.all([records.branchMembers(openDay), attachmentsBySegment(openDay.id)])
  return {
    ...helpers,
    ...photoAssets,
    scripts: [...photoAssets.scripts, '/public/js/unsaved.js'],
    title: `${segment.title} · 环节记录`,
    segment,
    members,
    memberOptions: [{ value: '', label: '（嘉宾，请填写姓名）' }, ...members.map((m) => ({ value: m.id, label: m.name }))],
    attachments: attachments.get(segment.id) ?? [],
    uploadMaxMb: config.UPLOAD_MAX_MB,
    current: null as Record<string, unknown> | null,
    saved: records.formValues(segment, openDay),
    offDay: records.offDayTimes(segment, openDay),
  }
}
const segmentUrl = (req: Request, res: Response) => `/open-days/${openDayOf(res).id}/segments/${idParam(req, 'segmentId')}/record`

recordRoutes.get('/open-days/:id/segments/:segmentId/record', ...read, async (req, res) => {
  const locals = await segmentLocals(req, res)
  res.render('records/segment', { ...locals, values: locals.saved, errors: {} })
})

/** a write to one segment: an editor of the branch; the service checks the lock inside its transaction */
function write<S extends z.ZodType>(schema: S, action: (input: z.output<S>, req: Request, res: Response) => Promise<string>) {
  return [
    ...loadOpenDay('write'),
    form({ schema, view: 'records/segment', locals: async (req, res) => ({ ...(await segmentLocals(req, res)), speechForm: true }) }, async (input, req, res) => {
      flash(req, 'success', await action(input, req, res))
      res.redirect(segmentUrl(req, res))
    }),
  ]
}

recordRoutes.post(
  '/open-days/:id/segments/:segmentId/record',
  ...loadOpenDay('write'),
  form(
    {
      schema: schemas.saveRecord,
      view: 'records/segment',
      // a stale form (409) shows what is saved now beside what was typed
      locals: async (req, res) => ({ ...(await segmentLocals(req, res)), current: res.locals.staleCurrent ?? null }),
    },
    async (input, req, res) => {
      try {
        await records.saveSegmentRecord(userOf(req), openDayOf(res), idParam(req, 'segmentId'), input)
      } catch (err) {
        if (err instanceof records.StaleRecord) res.locals.staleCurrent = err.current
        throw err
      }
      flash(req, 'success', '环节记录已保存。')
      res.redirect(segmentUrl(req, res))
    },
  ),
)

// ---- speeches ------------------------------------------------------------------------------------

const speechId = (req: Request) => idParam(req, 'speechId')

recordRoutes.post(
  '/open-days/:id/segments/:segmentId/speeches',
  ...write(schemas.saveSpeech, async (input, req, res) => {
    const { created } = await records.addSpeech(userOf(req), openDayOf(res), idParam(req, 'segmentId'), input)
    return created ? '发言人已登记。' : '该发言人已在名单中。'
  }),
)

recordRoutes.get('/open-days/:id/segments/:segmentId/speeches/:speechId/edit', ...loadOpenDay('write'), async (req, res) => {
  const locals = await segmentLocals(req, res)
  const speech = locals.segment.speeches.find((s) => s.id === speechId(req))
  if (!speech) throw notFound('发言')
  if (!accessOf(res).mayWrite) return void res.redirect(`${segmentUrl(req, res)}#speeches`)
  res.render('records/speech', { ...locals, speech, values: { ...speech, memberId: speech.memberId ?? '', guestName: speech.guestName ?? '' }, errors: {} })
})

recordRoutes.post(
  '/open-days/:id/segments/:segmentId/speeches/:speechId',
  ...loadOpenDay('write'),
  form(
    {
      schema: schemas.saveSpeech,
      view: 'records/speech',
      locals: async (req, res) => {
        const locals = await segmentLocals(req, res)
        const speech = locals.segment.speeches.find((s) => s.id === speechId(req))
        if (!speech) throw notFound('发言')
        return { ...locals, speech }
      },
    },
    async (input, req, res) => {
      await records.updateSpeech(userOf(req), openDayOf(res), idParam(req, 'segmentId'), speechId(req), input)
      flash(req, 'success', '发言已保存。')
      res.redirect(`${segmentUrl(req, res)}#speeches`)
    },
  ),
)

recordRoutes.post(
  '/open-days/:id/segments/:segmentId/speeches/:speechId/delete',
  ...write(schemas.noFields, async (_input, req, res) => {
    await records.deleteSpeech(userOf(req), openDayOf(res).id, idParam(req, 'segmentId'), speechId(req))
    return '发言已删除。'
  }),
)

recordRoutes.post(
  '/open-days/:id/segments/:segmentId/speeches/:speechId/move',
  ...write(schemas.moveSpeech, async (input, req, res) => {
    await records.moveSpeech(userOf(req), openDayOf(res).id, idParam(req, 'segmentId'), speechId(req), input.direction)
    return '发言顺序已调整。'
  }),
)

// ---- full-screen views and the history -----------------------------------------------------------

/** a full-screen text, one screen page at a time (?page=N); the same pages as the projector's */
function renderFullscreen(req: Request, res: Response, view: { title: string; text: string; leaderLabel: string; leader: string | null }) {
  const pages = textPages(view.text)
  const at = pageIndex(parseQuery(pageQuery, req.query).page - 1, pages)
  const href = (i: number) => pageHref(req.path, {}, i + 1)
  res.render('records/fullscreen', { ...view, heading: view.title, page: pages[at], at, count: pages.length, href, fontVh, styles: ['/public/css/records.css'] })
}

recordRoutes.get('/open-days/:id/oath', ...read, async (req, res) => {
  renderFullscreen(req, res, { title: '重温入党誓词', text: OATH_TEXT, leaderLabel: '领誓人', leader: await records.oathLeader(openDayOf(res).id) })
})

recordRoutes.get('/open-days/:id/segments/:segmentId/reading', ...read, async (req, res) => {
  const segment = await records.getSegment(openDayOf(res).id, idParam(req, 'segmentId'))
  const reading = records.readingOf(segment)
  renderFullscreen(req, res, { title: reading.title, text: reading.text || '（尚未录入原文）', leaderLabel: '领读', leader: segment.leader?.name ?? segment.guestName ?? null })
})

recordRoutes.get('/open-days/:id/history', requireOffice, ...read, async (req, res) => {
  const openDay = openDayOf(res)
  const { page } = parseQuery(pageQuery, req.query)
  const [{ edits, pager }, statusChanges] = await Promise.all([listEdits(openDay.id, page), listStatusChanges(openDay.id)])
  const href = (p: number) => pageHref(`/open-days/${openDay.id}/history`, {}, p)
  res.render('history/index', { title: `修改记录 · ${openDay.theme}`, edits, pager, href, statusChanges, styles: ['/public/css/records.css'] })
})

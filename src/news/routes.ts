import { Router, type Request, type Response } from 'express'
import { dateInput } from '../lib/dates.ts'
import { loadOpenDay, openDayOf } from '../web/open-day.ts'
import { requireOffice, userOf } from '../web/auth.ts'
import { HttpError, FormError } from '../lib/errors.ts'
import { flash } from '../web/flash.ts'
import { form, idParam } from '../web/form.ts'
import { contentDisposition, releaseDocx } from './docx.ts'
import { factWarnings } from './facts.ts'
import * as schemas from './schemas.ts'
import * as news from './service.ts'

/** the news-release draft written from the record: the party office writes it; viewers and the branch's own
 *  secretary read, copy and download it (to check the facts); other branches' secretaries get 403 */
export const newsRoutes = Router()

const read = loadOpenDay('read')
const write = [requireOffice, ...read]
const pageUrl = (res: Response) => `/open-days/${openDayOf(res).id}/news`
const limits = { TITLE_MAX: schemas.TITLE_MAX, BODY_MAX: schemas.BODY_MAX, BYLINE_MAX: schemas.BYLINE_MAX }

async function pageLocals(req: Request, res: Response) {
  const openDay = openDayOf(res)
  const mayEdit = userOf(req).role === 'office' && openDay.status !== 'cancelled'
  const release = await news.getRelease(openDay.id)
  return {
    ...limits,
    title: `新闻稿 · ${openDay.theme}`,
    styles: ['/public/css/news.css'],
    release,
    mayEdit,
    warnings: mayEdit ? factWarnings(await news.releaseFacts(openDay.id)) : [],
    notHeld: !['held', 'reviewed'].includes(openDay.status),
  }
}

newsRoutes.get('/open-days/:id/news', ...read, async (req, res) => {
  const locals = await pageLocals(req, res)
  const r = locals.release
  res.render('news/show', { ...locals, values: r ? { title: r.title, body: r.body, byline: r.byline, version: r.version } : {} })
})

const showView = { view: 'news/show', locals: pageLocals }

newsRoutes.post(
  '/open-days/:id/news/generate',
  ...write,
  form({ schema: schemas.noFields, ...showView }, async (_input, req, res) => {
    const created = await news.createRelease(userOf(req), openDayOf(res))
    flash(req, created ? 'success' : 'info', created ? '已按记录生成新闻稿，请审阅修改。' : '新闻稿已经生成过，下面是当前内容。')
    res.redirect(pageUrl(res))
  }),
)

newsRoutes.post(
  '/open-days/:id/news',
  ...write,
  form({ schema: schemas.saveRelease, ...showView }, async (input, req, res) => {
    try {
      const saved = await news.saveRelease(userOf(req), openDayOf(res), input)
      flash(req, saved ? 'success' : 'info', saved ? '新闻稿已保存。' : '内容没有变化，未生成新版本。')
      res.redirect(pageUrl(res))
    } catch (err) {
      // a stale form: 409, the current text shown next to the typed one
      if (err instanceof FormError && err.fields.version) res.status(409)
      throw err
    }
  }),
)

newsRoutes.post(
  '/open-days/:id/news/regenerate',
  ...write,
  form({ schema: schemas.noFields, ...showView }, async (_input, req, res) => {
    const changed = await news.regenerateRelease(userOf(req), openDayOf(res))
    flash(req, changed ? 'success' : 'info', changed ? '已按记录重新生成；原来的内容保存在版本记录中，可随时恢复。' : '按记录生成的内容与当前内容相同，未生成新版本。')
    res.redirect(pageUrl(res))
  }),
)

async function versionLocals(req: Request, res: Response) {
  const locals = await pageLocals(req, res)
  const version = await news.getVersion(openDayOf(res).id, idParam(req, 'versionId'))
  return { ...locals, title: `新闻稿版本 · ${openDayOf(res).theme}`, version }
}

newsRoutes.get('/open-days/:id/news/versions/:versionId', ...read, async (req, res) => {
  res.render('news/version', await versionLocals(req, res))
})

newsRoutes.post(
  '/open-days/:id/news/versions/:versionId/restore',
  ...write,
  form({ schema: schemas.noFields, view: 'news/version', locals: versionLocals }, async (_input, req, res) => {
    const restored = await news.restoreVersion(userOf(req), openDayOf(res), idParam(req, 'versionId'))
    flash(req, restored ? 'success' : 'info', restored ? '已恢复此版本（保存为新版本）。' : '此版本与当前内容相同，无需恢复。')
    res.redirect(pageUrl(res))
  }),
)

newsRoutes.get('/open-days/:id/news.docx', ...read, async (_req, res) => {
  const openDay = openDayOf(res)
  const release = await news.getRelease(openDay.id)
  if (!release) throw new HttpError(404, '尚未生成新闻稿。')
  const date = dateInput(openDay.startsAt)
  res.set('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  res.set('Content-Disposition', contentDisposition(`新闻稿-${openDay.branch.name}-${date}.docx`, `news-${openDay.id}-${date}.docx`))
  res.send(await releaseDocx(release))
})

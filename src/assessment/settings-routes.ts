import { Router } from 'express'
import { requireOffice } from '../web/auth.ts'
import { flash } from '../web/flash.ts'
import { form } from '../web/form.ts'
import { getSettings, saveSettings } from '../settings/service.ts'
import { allCriteria, saveCriteria } from './criteria.ts'
import * as schemas from './schemas.ts'

/** 设置 › 评分项 and 设置 › 考核规则: the party office only */
export const assessmentSettingsRoutes = Router()

async function criteriaLocals() {
  return { title: '评分项', criteria: await allCriteria() }
}

/** the stored rows as the form's field values */
function criteriaValues(criteria: Awaited<ReturnType<typeof allCriteria>>): Record<string, string> {
  const values: Record<string, string> = { weight_new: '1' }
  for (const c of criteria) {
    Object.assign(values, { [`name_${c.id}`]: c.name, [`weight_${c.id}`]: String(c.weight), [`position_${c.id}`]: String(c.position) })
    if (c.active) values[`active_${c.id}`] = '1'
  }
  return values
}

assessmentSettingsRoutes.get('/settings/criteria', requireOffice, async (_req, res) => {
  const locals = await criteriaLocals()
  res.render('assessment/criteria', { ...locals, values: criteriaValues(locals.criteria) })
})

assessmentSettingsRoutes.post(
  '/settings/criteria',
  requireOffice,
  form({ schema: schemas.saveCriteria, view: 'assessment/criteria', locals: criteriaLocals }, async (input, req, res) => {
    await saveCriteria(input)
    flash(req, 'success', '评分项已保存。改名不影响已有评分；停用的评分项不再出现在新的评分表中。')
    res.redirect('/settings/criteria')
  }),
)

assessmentSettingsRoutes.get('/settings/assessment', requireOffice, async (_req, res) => {
  res.render('assessment/rules', { title: '考核规则', values: (await getSettings()).assessment })
})

assessmentSettingsRoutes.post(
  '/settings/assessment',
  requireOffice,
  form({ schema: schemas.saveRules, view: 'assessment/rules', locals: () => ({ title: '考核规则' }) }, async (input, req, res) => {
    await saveSettings({ assessment: input })
    flash(req, 'success', '考核规则已保存。年度考核表按新规则计算。')
    res.redirect('/settings/assessment')
  }),
)

import { Router } from 'express'
import { requireOffice } from '../web/auth.ts'
import { flash } from '../web/flash.ts'
import { form } from '../web/form.ts'
import * as schemas from './schemas.ts'
import { getSettings, saveSettings } from './service.ts'

export const settingsRoutes = Router()

settingsRoutes.get('/settings', requireOffice, async (_req, res) => {
  const settings = await getSettings()
  res.render('settings/edit', { title: '设置', values: settings })
})

settingsRoutes.post(
  '/settings',
  requireOffice,
  form({ schema: schemas.saveSettings, view: 'settings/edit' }, async (input, req, res) => {
    await saveSettings(input)
    flash(req, 'success', '设置已保存。')
    res.redirect('/settings')
  }),
)

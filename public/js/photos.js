// Segment uploads: several photos at once, progress and errors next to the file field, a confirm before delete.
// Without this script each form posts one file and the server answers with a flash on the page.
;(() => {
  if (window.openDayPhotos) return // the partial may be on a page several times
  window.openDayPhotos = true

  const enhance = () => {
    for (const input of document.querySelectorAll('.upload-form input[data-multiple]')) input.multiple = true
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', enhance)
  else enhance()

  const showError = (form, message) => {
    const error = form.querySelector('.field-error')
    const input = form.querySelector('input[type=file]')
    error.textContent = message
    error.hidden = !message
    if (message) input.setAttribute('aria-invalid', 'true')
    else input.removeAttribute('aria-invalid')
  }

  async function upload(form) {
    const input = form.querySelector('input[type=file]')
    const status = form.querySelector('.upload-status')
    const button = form.querySelector('button[type=submit]')
    const files = [...input.files]
    const maxBytes = Number(form.dataset.maxMb || 0) * 1024 * 1024
    const errors = []
    let saved = 0
    showError(form, '')
    button.disabled = true
    for (const [i, file] of files.entries()) {
      status.textContent = `正在上传 ${i + 1}/${files.length}…`
      if (maxBytes && file.size > maxBytes) {
        errors.push(`${file.name}：文件超过 ${form.dataset.maxMb} MB`)
        continue
      }
      const body = new FormData(form)
      body.set('file', file)
      try {
        const res = await fetch(form.action, { method: 'POST', body, headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        const answer = await res.json().catch(() => ({ error: '上传失败，请稍后再试' }))
        if (res.ok) saved++
        else errors.push(files.length > 1 ? `${file.name}：${answer.error}` : answer.error)
      } catch {
        errors.push(`${file.name}：网络中断，没有上传`)
      }
    }
    button.disabled = false
    status.textContent = ''
    if (!errors.length) return location.reload()
    showError(form, errors.join('；') + (saved ? `（已上传 ${saved} 个，刷新页面可见）` : ''))
  }

  document.addEventListener('submit', (event) => {
    const form = event.target
    if (!(form instanceof HTMLFormElement)) return
    if (form.matches('.attachment-delete')) {
      if (!confirm(form.dataset.confirm)) return event.preventDefault()
      // confirmed here, so the server does not ask again on a page of its own
      const field = Object.assign(document.createElement('input'), { type: 'hidden', name: 'confirm', value: '1' })
      form.append(field)
      return
    }
    if (!form.matches('.upload-form') || !window.fetch || !window.FormData) return
    event.preventDefault()
    upload(form)
  })
})()

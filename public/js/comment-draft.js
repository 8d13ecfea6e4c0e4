// The observer's comment form, made hard to lose: the draft lives in localStorage (per link) while
// typing and is restored after a reload; the form is sent with fetch so a failed send keeps the page
// and says so; the idempotency key travels with the draft, so a resend after a lost answer still
// makes one comment. Without JavaScript the form posts normally.
(function () {
  'use strict'
  var form = document.querySelector('form[data-draft-key]')
  if (!form) return
  var key = 'openday-draft:' + form.getAttribute('data-draft-key')
  var status = form.querySelector('.send-status')
  var button = form.querySelector('button[type=submit]')
  var NETWORK = '发送失败，内容已保存在本机，请检查网络后重试'

  function storage() {
    try { return window.localStorage } catch (e) { return null }
  }

  function save() {
    var s = storage()
    if (!s) return
    var data = {}
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i]
      if (!el.name || el.name === '_csrf' || el.type === 'submit') continue
      if (el.type === 'radio' || el.type === 'checkbox') { if (el.checked) data[el.name] = el.value }
      else data[el.name] = el.value
    }
    try { s.setItem(key, JSON.stringify(data)) } catch (e) { /* full or private mode: the page still works */ }
  }

  function clear() {
    var s = storage()
    try { if (s) s.removeItem(key) } catch (e) { /* nothing to clear */ }
  }

  function restore() {
    var s = storage()
    var data = null
    try { data = s && JSON.parse(s.getItem(key) || 'null') } catch (e) { data = null }
    if (!data) return
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i]
      if (!el.name || el.name === '_csrf' || el.type === 'submit') continue
      var v = data[el.name]
      if (el.type === 'radio') { if (v !== undefined) el.checked = el.value === v }
      else if (el.type === 'checkbox') el.checked = v === el.value
      else if (typeof v === 'string' && (el.type === 'hidden' || (v && el.value === el.defaultValue))) el.value = v
    }
  }

  function say(text) {
    status.textContent = text
    status.hidden = !text
    if (text && status.scrollIntoView) status.scrollIntoView({ block: 'center' })
  }

  function counter(area) {
    var max = Number(area.getAttribute('maxlength'))
    var out = document.createElement('p')
    out.className = 'counter'
    area.parentNode.appendChild(out)
    function update() {
      var n = area.value.replace(/\r\n?/g, '\n').length
      out.textContent = '已输入 ' + n + ' / ' + max + ' 字'
      out.className = n > max ? 'counter over' : 'counter'
    }
    area.addEventListener('input', update)
    update()
  }

  /** errors from the server's JSON, placed next to their fields like the no-script page does */
  function showErrors(errors) {
    var old = form.querySelectorAll('.field-error')
    for (var i = 0; i < old.length; i++) old[i].parentNode.removeChild(old[i])
    var marked = form.querySelectorAll('.has-error, [aria-invalid]')
    for (var j = 0; j < marked.length; j++) {
      marked[j].classList.remove('has-error')
      marked[j].removeAttribute('aria-invalid')
    }
    for (var name in errors) {
      var el = document.getElementById('f-' + name)
      var box = el && el.closest('.field, .score')
      if (!box) continue
      box.classList.add('has-error')
      el.setAttribute('aria-invalid', 'true')
      var p = document.createElement('p')
      p.className = 'field-error'
      p.id = 'f-' + name + '-err'
      p.textContent = errors[name]
      box.appendChild(p)
    }
    // the first field in error in the form's order (姓名 before 可借鉴之处), not in the server's order
    return form.querySelector('[aria-invalid="true"]')
  }

  function send(event) {
    if (!window.fetch || !window.URLSearchParams || !window.FormData) return
    event.preventDefault()
    if (button.disabled) return
    save()
    var label = button.textContent
    button.disabled = true
    button.textContent = '正在发送…'
    say('')
    function settle() {
      button.disabled = false
      button.textContent = label
    }
    fetch(form.action, {
      method: 'POST',
      body: new URLSearchParams(new FormData(form)),
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
    })
      .then(function (res) {
        return res.json().catch(function () { return {} }).then(function (data) { return { status: res.status, ok: res.ok, data: data } })
      })
      .then(
        function (r) {
          if (r.ok && r.data.location) {
            clear()
            window.location.assign(r.data.location)
            return
          }
          settle()
          if (r.status === 422 && r.data.errors) {
            var first = showErrors(r.data.errors)
            say((r.data.error || '请修改标出的内容后再提交。') + '内容已保存在本机。')
            if (first && first.type !== 'hidden') first.focus()
          } else if (r.status === 403) {
            say('页面已过期，内容已保存在本机，请刷新页面后重新提交。')
          } else {
            say((r.data.error || '发送失败（服务器出错）。') + '内容已保存在本机，请稍后重试。')
          }
        },
        function () {
          settle()
          say(NETWORK)
        },
      )
  }

  restore()
  var areas = form.querySelectorAll('textarea[maxlength]')
  for (var i = 0; i < areas.length; i++) counter(areas[i])
  form.addEventListener('input', save)
  form.addEventListener('change', save)
  form.addEventListener('submit', send)
})()

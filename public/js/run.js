// Run mode: the segment timer ticks; quick notes save themselves and survive a dropped network.
const timer = document.querySelector('.run-timer')
if (timer) {
  const started = Date.parse(timer.dataset.started)
  const planned = Number(timer.dataset.planned)
  const elapsed = timer.querySelector('.run-elapsed')
  const tick = () => {
    const s = Math.max(0, Math.floor((Date.now() - started) / 1000))
    elapsed.textContent = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
    timer.classList.toggle('over', s >= planned * 60)
  }
  tick()
  setInterval(tick, 1000)
}

const form = document.querySelector('form[data-autosave]')
if (form) {
  const text = form.querySelector('textarea')
  const version = form.querySelector('input[name="version"]')
  const state = form.querySelector('[data-save-state]')
  const key = form.dataset.key
  let timerId = null
  let saving = false

  // a copy kept on this computer until the server confirms it
  const kept = localStorage.getItem(key)
  if (kept !== null && kept !== text.value) {
    text.value = kept
    state.textContent = '未保存（已从本机恢复）'
    schedule(0)
  }

  function schedule(ms) {
    clearTimeout(timerId)
    timerId = setTimeout(save, ms)
  }

  async function save() {
    if (saving) return schedule(500)
    saving = true
    const sent = text.value
    try {
      const res = await fetch(form.action, { method: 'POST', headers: { Accept: 'application/json' }, body: new URLSearchParams(new FormData(form)) })
      const data = await res.json()
      if (res.status === 409 && data.current) {
        version.value = data.current.version
        state.textContent = '速记已被他人修改，他人的内容：' + data.current.summary + '（再次保存将以您的内容为准）'
        return
      }
      if (!res.ok) {
        // refused (locked record, logged out, too long): retrying will not help, the text stays on this computer
        state.textContent = `未保存：${data.error || res.status}（已在本机保留）`
        return
      }
      version.value = data.version
      if (text.value === sent) localStorage.removeItem(key)
      state.textContent = '已保存'
    } catch {
      state.textContent = '未保存（网络断开，已在本机保留）'
      schedule(5000)
    } finally {
      saving = false
    }
  }

  text.addEventListener('input', () => {
    localStorage.setItem(key, text.value)
    state.textContent = '正在输入…'
    schedule(1200)
  })
  window.addEventListener('online', () => schedule(0))
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    localStorage.setItem(key, text.value)
    schedule(0)
  })
}

// switching segments saves the notes first, so nothing typed is left behind
const advanceForm = document.querySelector('.run-advance')
if (advanceForm && form) {
  advanceForm.addEventListener('submit', async (event) => {
    const pending = localStorage.getItem(form.dataset.key)
    if (pending === null) return
    event.preventDefault()
    advanceForm.querySelector('button').disabled = true
    const body = new URLSearchParams(new FormData(form))
    try {
      const res = await fetch(form.action, { method: 'POST', headers: { Accept: 'application/json' }, body })
      if (res.ok) localStorage.removeItem(form.dataset.key)
    } catch {}
    advanceForm.submit()
  })
}

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
  let chain = Promise.resolve() // saves run one after another, each with the version the last one returned
  let conflict = false // someone else saved since: the host has been shown their text and decides

  // a copy kept on this computer until the server confirms it, with the version it was typed on:
  // if someone saved the notes since, the server refuses it and both texts are shown
  const keep = () => localStorage.setItem(key, JSON.stringify({ text: text.value, version: version.value }))

  function schedule(ms) {
    clearTimeout(timerId)
    timerId = setTimeout(() => save(), ms)
  }
  const save = () => (chain = chain.then(send, send))

  /** posts the notes if a copy is pending; says 'saved', 'conflict', 'refused' or 'offline' */
  async function send() {
    clearTimeout(timerId)
    if (!readKept(key)) return 'saved'
    const sent = text.value
    try {
      const res = await fetch(form.action, { method: 'POST', headers: { Accept: 'application/json' }, body: new URLSearchParams(new FormData(form)) })
      const data = await res.json().catch(() => ({}))
      if (res.status === 409 && data.current) {
        version.value = data.current.version
        conflict = true
        state.textContent = '速记已被他人修改，他人的内容：' + data.current.summary + '（继续输入或点“保存速记”将以您的内容为准）'
        return 'conflict'
      }
      if (!res.ok) {
        // refused (locked record, logged out, too long): retrying will not help, the text stays on this computer
        state.textContent = `未保存：${data.error || res.status}（已在本机保留）`
        return 'refused'
      }
      version.value = data.version
      if (text.value === sent) localStorage.removeItem(key)
      else keep()
      state.textContent = '已保存'
      return 'saved'
    } catch {
      state.textContent = '未保存（网络断开，已在本机保留）'
      schedule(5000)
      return 'offline'
    }
  }

  // restored after a reload or a closed tab
  const kept = readKept(key)
  if (kept && kept.text !== text.value) {
    text.value = kept.text
    if (kept.version) version.value = kept.version
    state.textContent = '未保存（已从本机恢复）'
    schedule(0)
  } else if (kept) {
    localStorage.removeItem(key) // the server has this text already
  }

  text.addEventListener('input', () => {
    conflict = false
    keep()
    state.textContent = '正在输入…'
    schedule(1200)
  })
  window.addEventListener('online', () => schedule(0))
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    conflict = false
    keep()
    schedule(0)
  })

  // switching segments saves the notes first, so nothing typed is left behind; if they cannot be saved, it waits
  const advanceForm = document.querySelector('.run-advance')
  advanceForm?.addEventListener('submit', async (event) => {
    if (!readKept(key)) return
    event.preventDefault()
    if (conflict) return void (state.textContent = '速记与他人的修改不一致：请核对上面他人的内容，修改或点“保存速记”后，再切换环节。')
    const button = advanceForm.querySelector('button')
    button.disabled = true
    text.readOnly = true
    const result = await save()
    text.readOnly = false
    button.disabled = false
    if (result === 'saved') return void advanceForm.submit()
    if (result === 'offline') state.textContent = '网络断开，速记未保存（已在本机保留）。网络恢复后再切换环节。'
    if (result === 'refused' && confirm(`速记无法保存（${state.textContent}）。放弃本机的速记并切换环节？`)) {
      localStorage.removeItem(key)
      advanceForm.submit()
    }
  })
}

function readKept(key) {
  const raw = localStorage.getItem(key)
  if (raw === null) return null
  try {
    const kept = JSON.parse(raw)
    if (kept && typeof kept.text === 'string') return kept
  } catch {}
  return { text: raw, version: null } // kept by an older version of this page: the text alone
}

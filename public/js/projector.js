// Projector: polls every second and swaps the stage when run mode (or a sign-in) changed it.
const stage = document.getElementById('stage')
const offline = document.querySelector('[data-offline]')
let version = stage.dataset.version

async function poll() {
  try {
    const res = await fetch(`${stage.dataset.poll}?v=${encodeURIComponent(version)}`, { headers: { Accept: 'application/json' }, cache: 'no-store' })
    // logged out (the poll was sent to the login page) or no longer allowed: the page itself says what to do
    if (res.redirected || res.status === 401 || res.status === 403) return void location.reload()
    if (!res.ok) throw new Error(String(res.status))
    const data = await res.json()
    if (data.html !== undefined && data.version !== version) {
      stage.innerHTML = data.html
      version = data.version
      stage.dataset.version = version
      window.fitTexts?.(stage)
    }
    offline.hidden = true
  } catch {
    offline.hidden = false
  } finally {
    setTimeout(poll, 1000)
  }
}
setTimeout(poll, 1000)

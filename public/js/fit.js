// Sets each [data-fit] text as large as its box allows without scrolling (the server's --fit estimate stays when this
// cannot run). Below the back-row minimum only on a screen narrower than 16:9, where the server's pages are too long.
;(function () {
  const MAX_VH = 9

  function fits(el) {
    return el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth + 1
  }

  function fit(el) {
    if (!el.clientHeight) return
    let lo = 8
    let hi = (innerHeight * MAX_VH) / 100
    el.style.fontSize = `${hi}px`
    if (fits(el)) return
    for (let i = 0; i < 14 && hi - lo > 0.5; i++) {
      const mid = (lo + hi) / 2
      el.style.fontSize = `${mid}px`
      if (fits(el)) lo = mid
      else hi = mid
    }
    el.style.fontSize = `${Math.floor(lo)}px`
  }

  window.fitTexts = function (root) {
    for (const el of (root || document).querySelectorAll('[data-fit]')) fit(el)
  }
  const all = () => window.fitTexts(document)
  addEventListener('resize', all)
  document.fonts?.ready.then(all)
  all()
})()

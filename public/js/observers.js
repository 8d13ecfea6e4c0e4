// Observer pages: copy a link with one tap; print the QR card.
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target : null
  const copy = target?.closest('[data-copy]')
  if (copy) {
    const input = document.getElementById(copy.getAttribute('data-copy'))
    if (!input) return
    input.select()
    const done = () => {
      copy.dataset.label ??= copy.textContent
      copy.textContent = '已复制'
      setTimeout(() => (copy.textContent = copy.dataset.label), 1500)
    }
    if (navigator.clipboard?.writeText) navigator.clipboard.writeText(input.value).then(done, () => document.execCommand('copy') && done())
    else if (document.execCommand('copy')) done()
    return
  }
  if (target?.closest('[data-print]')) window.print()
})

// A presenter's clicker (PageDown/PageUp, arrow keys) turns the full-screen text's pages.
addEventListener('keydown', (e) => {
  const rel = { PageDown: 'next', ArrowRight: 'next', ArrowDown: 'next', PageUp: 'prev', ArrowLeft: 'prev', ArrowUp: 'prev' }[e.key]
  const link = rel && document.querySelector(`.fs-pager a[rel="${rel}"]`)
  if (link) link.click()
})

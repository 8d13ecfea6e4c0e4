// A form marked data-unsaved asks before the page is left with its changes unsaved (e.g. by another form on the page).
for (const form of document.querySelectorAll('form[data-unsaved]')) {
  const state = () => new URLSearchParams(new FormData(form)).toString()
  // a form sent back with errors holds typed values that are not saved yet
  const initial = form.dataset.unsaved === 'dirty' ? null : state()
  let submitting = false
  form.addEventListener('submit', () => (submitting = true))
  window.addEventListener('beforeunload', (event) => {
    if (submitting || state() === initial) return
    event.preventDefault()
    event.returnValue = ''
  })
}

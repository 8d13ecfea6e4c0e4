// Sign-in phone page: one tap sends once; the button waits for the answer instead of inviting a second tap.
document.addEventListener('submit', (event) => {
  const form = event.target
  if (!(form instanceof HTMLFormElement) || !form.classList.contains('sign-in-form')) return
  if (!form.querySelector('input[name="memberId"]:checked')) return
  const button = form.querySelector('button[type="submit"]')
  if (form.dataset.sent) return event.preventDefault()
  form.dataset.sent = '1'
  if (button) button.textContent = '正在签到…'
})

// Attendance page: the leave reason shows only for 请假 rows.
document.documentElement.classList.add('js')

document.addEventListener('change', (event) => {
  const input = event.target
  if (!(input instanceof HTMLInputElement) || input.type !== 'radio') return
  const row = input.closest('.att-row')
  if (!row) return
  row.classList.remove('att-present', 'att-leave', 'att-absent', 'att-unmarked')
  row.classList.add(`att-${input.value}`)
  if (input.value === 'leave') row.querySelector('.att-reason')?.focus()
})

// Printable pages (the summary, the record book, the paper sign-in sheet): the 打印 button shows only with JavaScript and opens the browser's print dialog.
for (const button of document.querySelectorAll('[data-print]')) {
  button.hidden = false
  button.addEventListener('click', () => window.print())
}

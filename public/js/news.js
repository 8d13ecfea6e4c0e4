// News release: 复制全文 copies title, body and byline (as typed, or as shown to readers); without the
// clipboard API it selects the text and asks the browser to copy. Without JavaScript the text stays selectable.
(function () {
  'use strict'
  var button = document.querySelector('[data-news-copy]')
  if (!button) return
  var status = document.querySelector('[data-news-status]')
  var field = function (name) { return document.getElementById('f-' + name) }
  var preview = document.querySelector('[data-news-preview]')
  button.hidden = false

  function fullText() {
    if (field('body')) return [field('title').value, field('body').value, field('byline').value].map(function (s) { return s.trim() }).filter(Boolean).join('\n\n')
    return Array.prototype.map.call(preview.querySelectorAll('[data-part]'), function (p) { return p.textContent.trim() }).join('\n\n')
  }

  function say(text) { if (status) status.textContent = text }

  function selectText() {
    var body = field('body')
    if (body) { body.focus(); body.select(); return }
    var range = document.createRange()
    range.selectNodeContents(preview)
    var selection = window.getSelection()
    selection.removeAllRanges()
    selection.addRange(range)
  }

  function fallback() {
    selectText()
    var ok = false
    try { ok = document.execCommand('copy') } catch (e) { ok = false }
    var what = field('body') ? '正文' : '全文'
    say(ok ? '已复制' + what + '。' : '已选中' + what + '，请按 Ctrl+C（手机上长按）复制。')
  }

  button.addEventListener('click', function () {
    var text = fullText()
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(function () { say('已复制全文（标题、正文和署名）。') }, fallback)
    else fallback()
  })
})()

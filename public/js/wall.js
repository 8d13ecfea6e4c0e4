// The projector wall: polls wall.json every second, adds new comments at the top and keeps the list
// in step with moderation (hidden, approved or edited comments). User text goes in with textContent only.
(() => {
  'use strict'
  const list = document.getElementById('wall')
  if (!list || !window.fetch) return
  const url = list.dataset.poll
  const total = document.getElementById('wall-total')
  const empty = document.getElementById('wall-empty')
  const offline = document.getElementById('wall-offline')
  const INTERVAL = 1000
  let lastId = Number(list.dataset.lastId) || 0
  let failures = 0

  function el(tag, className, text) {
    const node = document.createElement(tag)
    if (className) node.className = className
    if (text !== undefined) node.textContent = text
    return node
  }

  function part(className, heading, text) {
    const section = el('section', 'wall-part ' + className)
    section.append(el('h2', '', heading), el('p', '', text))
    return section
  }

  /** the same markup as views/observers/_wall-comment.ejs */
  function build(c) {
    const article = el('article', 'wall-comment')
    article.dataset.commentId = String(c.id)
    article.dataset.v = String(c.v)
    if (c.learnings) article.append(part('wall-learn', '可借鉴之处', c.learnings))
    if (c.suggestions) article.append(part('wall-suggest', '优化建议', c.suggestions))
    const footer = el('footer', 'wall-author', '—— ' + c.author + (c.unit ? ' · ' + c.unit : ''))
    if (c.adopted) footer.append(' ', el('span', 'wall-adopted', '已采纳'))
    article.append(footer)
    return article
  }

  function shown() {
    const map = new Map()
    for (const a of list.querySelectorAll('.wall-comment')) map.set(Number(a.dataset.commentId), a)
    return map
  }

  /** newest (largest id) first */
  function place(c, map) {
    const node = build(c)
    const existing = map.get(c.id)
    if (existing) {
      if (existing.dataset.v !== String(c.v)) {
        existing.replaceWith(node)
        map.set(c.id, node)
      }
      return
    }
    node.classList.add('wall-new')
    const next = [...map.entries()].filter(([id]) => id < c.id).sort((a, b) => b[0] - a[0])[0]
    list.insertBefore(node, next ? next[1] : null)
    map.set(c.id, node)
  }

  async function load(after) {
    const res = await fetch(url + '?after=' + after, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
    if (!res.ok || res.redirected) throw new Error('wall.json ' + res.status)
    return res.json()
  }

  async function poll() {
    const data = await load(lastId)
    const map = shown()
    for (const c of data.comments) place(c, map)
    lastId = Math.max(lastId, data.lastId)
    const wanted = new Map(data.visible)
    for (const [id, node] of map) {
      if (!wanted.has(id)) {
        node.remove()
        map.delete(id)
      }
    }
    // an approved, unhidden or edited comment older than lastId: fetch the whole wall once
    const stale = [...wanted].some(([id, v]) => !map.has(id) || map.get(id).dataset.v !== String(v))
    if (stale) for (const c of (await load(0)).comments) if (wanted.has(c.id)) place(c, map)
    if (total) total.textContent = String(data.total)
    if (empty) empty.hidden = map.size > 0
  }

  async function tick() {
    try {
      await poll()
      failures = 0
    } catch {
      failures += 1
    }
    if (offline) offline.hidden = failures < 2
    setTimeout(tick, failures ? Math.min(INTERVAL * 2 ** failures, 15000) : INTERVAL)
  }

  setTimeout(tick, INTERVAL)
})()

// A table wider than a phone scrolls in its own box: make that box reachable by keyboard (Tab, then arrows).
'use strict'
function markScrollRegions() {
  for (const el of document.querySelectorAll('.table-wrap, .panel > table, form > table, .rec-table')) {
    const scrolls = el.scrollWidth > el.clientWidth + 1
    if (scrolls && !el.hasAttribute('tabindex')) {
      el.tabIndex = 0
      el.dataset.scrollRegion = ''
    } else if (!scrolls && 'scrollRegion' in el.dataset) {
      el.removeAttribute('tabindex')
      delete el.dataset.scrollRegion
    }
  }
}
markScrollRegions()
addEventListener('resize', markScrollRegions)

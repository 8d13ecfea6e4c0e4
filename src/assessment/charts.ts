// Charts as SVG strings drawn on the server: no client library, they print with the page.

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
const MONTHS = Array.from({ length: 12 }, (_, i) => `${i + 1}月`)

/** a round step for an axis up to max: 1, 2, 5, 10, 20… */
function step(max: number, ticks = 5): number {
  const raw = Math.max(1, max / ticks)
  const base = 10 ** Math.floor(Math.log10(raw))
  return [1, 2, 5, 10].map((m) => m * base).find((s) => s >= raw) ?? 10 * base
}

/** stacked bars: open days held (or reviewed) and the rest, per month of the year */
export function perMonthChart(year: number, held: number[], other: number[]): string {
  const W = 720, H = 260, left = 40, right = 10, top = 30, bottom = 30
  const totals = held.map((h, i) => h + other[i])
  const unit = step(Math.max(1, ...totals))
  const max = Math.max(unit, Math.ceil(Math.max(1, ...totals) / unit) * unit)
  const plotH = H - top - bottom
  const slot = (W - left - right) / 12
  const y = (v: number) => top + plotH - (v / max) * plotH
  const grid = []
  for (let v = 0; v <= max; v += unit) grid.push(`<line x1="${left}" x2="${W - right}" y1="${y(v)}" y2="${y(v)}" class="grid"/><text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${v}</text>`)
  const bars = totals.map((t, i) => {
    const x = left + i * slot + slot * 0.2
    const w = slot * 0.6
    const hHeld = (held[i] / max) * plotH
    const hOther = (other[i] / max) * plotH
    return `<g><title>${MONTHS[i]}：${t} 场（已举办 ${held[i]}）</title>` +
      `<rect class="bar-held" x="${x}" y="${y(held[i])}" width="${w}" height="${hHeld}"/>` +
      `<rect class="bar-other" x="${x}" y="${y(held[i]) - hOther}" width="${w}" height="${hOther}"/>` +
      (t ? `<text x="${x + w / 2}" y="${y(t) - 4}" text-anchor="middle">${t}</text>` : '') +
      `<text x="${x + w / 2}" y="${H - bottom + 16}" text-anchor="middle">${MONTHS[i]}</text></g>`
  })
  const legend = `<rect class="bar-held" x="${left}" y="6" width="12" height="12"/><text x="${left + 16}" y="16">已举办</text>` +
    `<rect class="bar-other" x="${left + 76}" y="6" width="12" height="12"/><text x="${left + 92}" y="16">已安排未举办</text>`
  return `<svg class="chart" id="chart-months" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="chart-months-title" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="chart-months-title">${year}年各月开放日场次</title>${legend}${grid.join('')}${bars.join('')}</svg>`
}

/** one row per branch: each scored open day's total as a dot on 0–100, the average as a bar */
export function scoreDistributionChart(year: number, branches: { name: string; scores: number[]; average: number | null }[]): string {
  const rowH = 26, left = 190, right = 40, top = 30, W = 720
  const H = top + Math.max(1, branches.length) * rowH + 24
  const x = (v: number) => left + (v / 100) * (W - left - right)
  const axis = [0, 20, 40, 60, 80, 100].map((v) => `<line x1="${x(v)}" x2="${x(v)}" y1="${top - 6}" y2="${H - 24}" class="grid"/><text x="${x(v)}" y="${H - 8}" text-anchor="middle">${v}</text>`)
  const rows = branches.map((b, i) => {
    const cy = top + i * rowH + rowH / 2
    const name = b.name.length > 12 ? `${b.name.slice(0, 11)}…` : b.name
    const avg = b.average === null ? '' : `<rect class="bar-avg" x="${left}" y="${cy - 5}" width="${x(b.average) - left}" height="10"/><text x="${x(b.average) + 6}" y="${cy + 4}">${b.average.toFixed(1)}</text>`
    const dots = b.scores.map((s) => `<circle class="dot" cx="${x(s)}" cy="${cy}" r="4"><title>${esc(b.name)}：${s.toFixed(1)} 分</title></circle>`).join('')
    return `<g class="chart-row"><title>${esc(b.name)}：${b.scores.length ? `平均 ${b.average!.toFixed(1)} 分，${b.scores.length} 场已评分` : '暂无评分'}</title>` +
      `<text x="${left - 8}" y="${cy + 4}" text-anchor="end">${esc(name)}</text>${avg}${dots}</g>`
  })
  const empty = branches.length ? '' : `<text x="${W / 2}" y="${top + 16}" text-anchor="middle">暂无支部</text>`
  return `<svg class="chart" id="chart-scores" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="chart-scores-title" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="chart-scores-title">${year}年各支部开放日评分分布（百分制）</title>` +
    `<circle class="dot" cx="${left}" cy="12" r="4"/><text x="${left + 8}" y="16">每场得分</text><rect class="bar-avg" x="${left + 80}" y="7" width="24" height="10"/><text x="${left + 110}" y="16">平均分</text>` +
    `${axis.join('')}${rows.join('')}${empty}</svg>`
}

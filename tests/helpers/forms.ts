// Reading a page's forms the way a browser would submit them, for tests that post to every form.
// Import this before ../helpers/app.ts in tests that post many comments: it lifts the per-link limit.
process.env.COMMENT_LIMIT_PER_LINK ??= '10000'
process.env.COMMENT_LIMIT_PER_IP ??= '10000'

export type PageForm = { action: string; multipart: boolean; fields: [string, string][]; textFields: string[] }

const decode = (s: string) =>
  s.replace(/&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|#39|apos);/gi, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
    : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e.toLowerCase()],
  )

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of tag.matchAll(/([\w-]+)(?:="([^"]*)")?/g)) out[m[1].toLowerCase()] = decode(m[2] ?? '')
  return out
}

const TEXT_TYPES = new Set(['text', 'search', 'tel', ''])

/** every POST form of a page: its fields as a browser would send them, and which of them a person types into */
export function formsOf(html: string): PageForm[] {
  const forms: PageForm[] = []
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const a = attrs(m[1])
    if ((a.method ?? 'get').toLowerCase() !== 'post') continue
    const fields: [string, string][] = []
    const textFields: string[] = []
    for (const el of m[2].matchAll(/<(input|textarea|select)\b([^>]*)>(?:([\s\S]*?)<\/\1>)?/g)) {
      const [, kind, raw, inner = ''] = el
      const f = attrs(raw)
      if (!f.name || 'disabled' in f) continue
      if (kind === 'textarea') {
        fields.push([f.name, decode(inner.replace(/^\n/, ''))])
        textFields.push(f.name)
      } else if (kind === 'select') {
        const options = [...inner.matchAll(/<option\b([^>]*)>/g)].map((o) => attrs(o[1]))
        const chosen = options.find((o) => 'selected' in o) ?? options[0]
        if (chosen) fields.push([f.name, chosen.value ?? ''])
      } else {
        const type = (f.type ?? '').toLowerCase()
        if (type === 'file' || type === 'submit' || type === 'button') continue
        if ((type === 'checkbox' || type === 'radio') && !('checked' in f)) continue
        fields.push([f.name, f.value ?? ''])
        if (TEXT_TYPES.has(type)) textFields.push(f.name)
      }
    }
    forms.push({ action: a.action ?? '', multipart: (a.enctype ?? '').includes('multipart'), fields, textFields: [...new Set(textFields)] })
  }
  return forms
}

/** the form's fields with every text field set to `value`, as an urlencoded body */
export function filled(form: PageForm, value: string): string {
  const body = new URLSearchParams()
  for (const [name, v] of form.fields) body.append(name, form.textFields.includes(name) ? value : v)
  return body.toString()
}

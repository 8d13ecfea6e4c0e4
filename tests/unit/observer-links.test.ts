import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { observerLink, publicBase, qrSvg } from '../../src/observers/links.ts'
import { directoryOptions, isInvitable, observerFromMember } from '../../src/observers/directory.ts'

describe('observer links', () => {
  it('prefer PUBLIC_URL (without a trailing slash) over the request host', () => {
    assert.equal(publicBase('https://openday.example.org/', 'http', 'localhost:3000'), 'https://openday.example.org')
    assert.equal(publicBase(undefined, 'http', 'localhost:3000'), 'http://localhost:3000')
  })

  it('add the personal token as ?i=', () => {
    assert.equal(observerLink('https://x.org', 'abc'), 'https://x.org/o/abc')
    assert.equal(observerLink('https://x.org', 'abc', 'p-1'), 'https://x.org/o/abc?i=p-1')
  })

  it('draw a QR code as SVG', async () => {
    assert.match(await qrSvg('https://x.org/o/abc'), /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/)
  })
})

describe('the invitation directory', () => {
  const m = (id: number, branchId: number, branch: string, over: { title?: string; partyPost?: string } = {}) => ({
    id,
    name: `人${id}`,
    title: over.title ?? null,
    partyPost: over.partyPost ?? null,
    branchId,
    branch: { name: branch },
  })
  const members = [m(1, 1, '本支部'), m(2, 1, '本支部', { title: '机关党委专职副书记' }), m(3, 2, '乙支部', { partyPost: '支部书记' }), m(4, 3, '丙支部', { partyPost: '机关党委委员' })]

  it('offers the party committee first, then other branches’ members, never the host branch’s own', () => {
    assert.deepEqual(directoryOptions(members, 1, '机关党委'), [
      { value: 2, label: '人2（机关党委专职副书记）', group: '机关党委' },
      { value: 4, label: '人4（机关党委委员）', group: '机关党委' },
      { value: 3, label: '人3（支部书记）', group: '乙支部' },
    ])
    assert.equal(isInvitable(members[0], 1, '机关党委'), false)
    assert.equal(isInvitable(members[1], 1, '机关党委'), true)
  })

  it('records the party post as the title and the branch as the unit', () => {
    assert.deepEqual(observerFromMember(members[2]), { memberId: 3, name: '人3', title: '支部书记', unit: '乙支部' })
  })
})

// Who may be invited from the directory: members of other branches, and the party committee's people
// (named by the office's name in their party post or title), who may sit in any branch.

export type DirectoryMember = { id: number; name: string; title: string | null; partyPost: string | null; branchId: number; branch: { name: string } }
export type DirectoryOption = { value: number; label: string; group: string }

export function isPartyCommittee(m: Pick<DirectoryMember, 'title' | 'partyPost'>, officeName: string): boolean {
  return [m.partyPost, m.title].some((s) => !!s && s.includes(officeName))
}

export function isInvitable(m: DirectoryMember, hostBranchId: number, officeName: string): boolean {
  return m.branchId !== hostBranchId || isPartyCommittee(m, officeName)
}

/** what an invitation from the directory records: title is the party post when there is one */
export function observerFromMember(m: DirectoryMember): { memberId: number; name: string; title: string | null; unit: string } {
  return { memberId: m.id, name: m.name, title: m.partyPost || m.title || null, unit: m.branch.name }
}

/** the party committee first, then each other branch in the order given */
export function directoryOptions(members: DirectoryMember[], hostBranchId: number, officeName: string): DirectoryOption[] {
  const option = (m: DirectoryMember, group: string): DirectoryOption => {
    const post = m.partyPost || m.title
    return { value: m.id, label: post ? `${m.name}（${post}）` : m.name, group }
  }
  const committee = members.filter((m) => isPartyCommittee(m, officeName))
  const others = members.filter((m) => !isPartyCommittee(m, officeName) && m.branchId !== hostBranchId)
  return [...committee.map((m) => option(m, officeName)), ...others.map((m) => option(m, m.branch.name))]
}

export const ROLES = ['office', 'secretary', 'viewer'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  office: '机关党办',
  secretary: '支部书记',
  viewer: '只读查看',
}

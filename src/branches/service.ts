import { db } from '../db.ts'

/** active branches for <select>s, by name */
export function listBranchOptions() {
  return db.branch.findMany({ where: { archivedAt: null }, select: { id: true, name: true }, orderBy: { name: 'asc' } })
}

// The database's own tables and columns, on either provider (import after ./app.ts).
import { db, postgres } from '../../src/db.ts'

/** every table the migrations made, Prisma's bookkeeping aside */
export async function tableNames(): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ name: string }[]>(
    postgres
      ? "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'"
      : "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> '_prisma_migrations' AND name NOT LIKE 'sqlite%'",
  )
  return rows.map((r) => r.name)
}

export async function columnNames(table: string): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ name: string }[]>(
    postgres
      ? `SELECT column_name::text AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '${table}'`
      : `SELECT name FROM pragma_table_info('${table}')`,
  )
  return rows.map((r) => r.name)
}

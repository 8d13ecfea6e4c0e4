import { defineConfig } from 'prisma/config'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'

// DATABASE_URL=postgresql://… selects PostgreSQL: its schema and migration history are generated into prisma/pg/
// (scripts/pg-schema.mjs); anything else is the SQLite file (the default)
const url = process.env.DATABASE_URL ?? 'file:./data/openday.db'
const postgres = /^postgres(ql)?:\/\//.test(url)

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: postgres ? 'prisma/pg/schema.prisma' : 'prisma/schema.prisma',
  adapter: async () => {
    if (!postgres) return new PrismaBetterSQLite3({ url })
    const { PrismaPg } = await import('@prisma/adapter-pg')
    return new PrismaPg({ connectionString: url, allowExitOnIdle: true }) // the CLI exits when done, not 10 s later
  },
})

// `npm run db:triggers [Table…]`: writes prisma/triggers.sql (every cache trigger), or prints the named tables'
import { writeFileSync } from 'node:fs'
import { triggersSql } from './triggers.ts'

const tables = process.argv.slice(2)
if (tables.length) process.stdout.write(triggersSql(tables))
else writeFileSync(new URL('../../prisma/triggers.sql', import.meta.url), triggersSql())

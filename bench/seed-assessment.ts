// Seeds the assessment year into the database file named by DATABASE_URL through the app's Prisma client (the
// same code as the assessment tests); forked by bench/run.ts, answers { type: 'seeded' } over IPC.
import { db } from '../src/db.ts'
import { seedAssessmentYear } from '../tests/helpers/assessment.ts'
import { ASSESSMENT } from './data.ts'

await db.$executeRawUnsafe('PRAGMA busy_timeout = 5000')
const branches = await seedAssessmentYear(db, ASSESSMENT)
await db.$disconnect()
process.send?.({ type: 'seeded', openDays: branches.length * ASSESSMENT.openDays })

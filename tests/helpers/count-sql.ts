// Import before ../helpers/app.ts: src/db.ts then counts SQL statements (sqlStatements())
process.env.OPENDAY_COUNT_SQL = '1'

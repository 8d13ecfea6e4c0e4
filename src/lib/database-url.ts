/** DATABASE_URL=postgresql://… selects PostgreSQL; file:… (the default) SQLite */
export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//.test(url)

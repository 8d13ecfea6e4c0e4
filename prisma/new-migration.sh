#!/usr/bin/env bash
# Usage: npm run db:migration -- NAME
# Writes prisma/migrations/<UTC timestamp>_NAME/migration.sql from what schema.prisma changed since the last
# commit, then applies it to the dev database. (`prisma migrate dev` needs a shadow database, which Prisma's
# WebAssembly engine cannot create here; `migrate diff` between two schema files needs none.)
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: npm run db:migration -- NAME}
old=$(mktemp --suffix=.prisma)
git show HEAD:prisma/schema.prisma > "$old" 2>/dev/null || : > "$old"
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
mkdir -p "$dir"
if [ -s "$old" ]; then from=(--from-schema-datamodel "$old"); else from=(--from-empty); fi
npx prisma migrate diff "${from[@]}" --to-schema-datamodel prisma/schema.prisma --script > "$dir/migration.sql"
rm -f "$old"
echo "wrote $dir/migration.sql — read it (a new required column needs a value for existing rows), then:"
npx prisma migrate deploy
# PostgreSQL's schema and history are generated from the result (needs a reachable server: OPENDAY_PG_URL)
node scripts/pg-schema.mjs --migrations || echo "PostgreSQL history NOT regenerated: start PostgreSQL, then run node scripts/pg-schema.mjs --migrations" >&2

#!/usr/bin/env bash
# Usage: npm run db:migration -- NAME
# From what schema.prisma changed since the last commit, writes both migration histories under one folder name:
#   prisma/migrations/<UTC timestamp>_NAME/migration.sql      (SQLite; applied to the dev database here)
#   prisma/pg/migrations/<same>/migration.sql                 (PostgreSQL: scripts/pg-schema.mjs --migration)
# (`prisma migrate dev` needs a shadow database, which Prisma's WebAssembly engine cannot create here; `migrate diff`
# between two schema files needs none.)
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: npm run db:migration -- NAME}
old=$(mktemp --suffix=.prisma)
git show HEAD:prisma/schema.prisma > "$old" 2>/dev/null || : > "$old"
folder="$(date -u +%Y%m%d%H%M%S)_${name}"
dir="prisma/migrations/$folder"
mkdir -p "$dir"
if [ -s "$old" ]; then from=(--from-schema-datamodel "$old"); else from=(--from-empty); fi
npx prisma migrate diff "${from[@]}" --to-schema-datamodel prisma/schema.prisma --script > "$dir/migration.sql"
rm -f "$old"
# a table SQLite redefines (copy, drop, rename) loses its triggers: the cache triggers are put back from the one list
redefined=$(sed -n 's/^ALTER TABLE "new_\([A-Za-z0-9_]*\)" RENAME TO .*/\1/p' "$dir/migration.sql")
if [ -n "$redefined" ]; then npx tsx src/cache/triggers-cli.ts $redefined >> "$dir/migration.sql"; fi
echo "wrote $dir/migration.sql — read it (a new required column needs a value for existing rows)"
npx prisma migrate deploy
# the PostgreSQL counterpart (its diff needs a reachable server: OPENDAY_PG_URL, default the local openday role)
again="node scripts/pg-schema.mjs --migration $folder"
if ! node scripts/pg-schema.mjs --migration "$folder"; then
  echo "PostgreSQL migration NOT written: start PostgreSQL, then run $again" >&2
  exit 1
fi
echo "Edited the SQLite migration afterwards (data SQL, triggers)? Run again: $again"

#!/usr/bin/env bash
# Writes pitag's JSON output for every fixture scenario and every shared
# corpus set into OUTDIR, one file per run (stdout, then the exit code), so
# that two builds can be compared byte for byte: `diff -r before after`.
# Usage: scripts/json-parity.sh PITAG_BINARY OUTDIR
# Used to check that a restructuring changed no behaviour.
set -uo pipefail
cd "$(dirname "$0")/.."
bin="$1"
out="$2"
corpora="${PITAG_CORPORA:-$PWD/../shared/corpora}"
mkdir -p "$out"
run() {
  local name="$1"
  shift
  "$bin" "$@" >"$out/$name.json" 2>/dev/null
  echo "exit $?" >>"$out/$name.json"
}
for dir in fixtures/*/* fixtures/drift/*; do
  [ -d "$dir" ] || continue
  name="${dir#fixtures/}"
  name="${name//\//_}"
  run "migrations_$name" migrations "$dir" --format json
  run "classify_$name" classify "$dir" --format json
  run "classify-all_$name" classify "$dir" --format json --all
done
sets=(
  "gitlab|postgres|gitlab/db/structure.sql"
  "pagila|postgres|pagila"
  "chado|postgres|gmod-chado/schemas/1.31/default_schema.sql gmod-chado/migrations gmod-chado/chado/migrations"
  "ruoyi-mysql|mysql|ruoyi-vue-pro/sql/mysql"
  "ruoyi-postgres|postgres|ruoyi-vue-pro/sql/postgresql"
  "kratos-postgres|postgres|ory-kratos/persistence/sql/migrations/sql"
  "kratos-mysql|mysql|ory-kratos/persistence/sql/migrations/sql"
  "hawkbit-mysql|mysql|hawkbit"
  "hawkbit-postgres|postgres|hawkbit"
  "dspace|postgres|dspace/dspace-api/src/main/resources/org/dspace/storage/rdbms/sqlmigration/postgres"
  "marquez|postgres|marquez"
  "supabase|postgres|supabase-postgres/migrations/db/init-scripts supabase-postgres/migrations/db/migrations"
  "edp-ddm-citus|postgres|edp-ddm-citus"
  "nldi-db|postgres|nldi-db"
)
for set in "${sets[@]}"; do
  IFS='|' read -r name dialect rels <<<"$set"
  paths=()
  for r in $rels; do paths+=("$corpora/$r"); done
  run "corpus_$name" migrations "${paths[@]}" --dialect "$dialect" --format json
  run "corpus-classify_$name" classify "${paths[@]}" --dialect "$dialect" --format json
done
ls "$out" | wc -l

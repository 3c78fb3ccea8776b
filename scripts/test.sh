#!/usr/bin/env bash
# The one command that runs every test: installs what the tests need
# (PostgreSQL 13–18 and MariaDB servers, see install-test-deps.sh), then runs
# the whole suite. Real servers are started by the tests themselves.
#
# The suite runs on Debian's PostgreSQL 15 and MariaDB 10.11. Then the
# PostgreSQL version matrix: the PostgreSQL tests of live_catalog, db, drift
# and dumps run again on PostgreSQL 13, 14, 16, 17 and 18, all five versions
# in parallel (PITAG_PG_VERSION selects the server in tests/servers).
# With arguments (e.g. `--test fixtures`) only `cargo test ARGS` runs;
# PITAG_PG_MATRIX=0 leaves the matrix out, PITAG_PG_MATRIX="16 17" picks versions.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
# Real-world corpora and the labelled classifier set live beside the clone.
if [ -z "${PITAG_CORPORA:-}" ] && [ -d ../shared/corpora ]; then
  export PITAG_CORPORA="$PWD/../shared/corpora"
fi
if [ -z "${PITAG_CLASSIFIER_SET:-}" ] && [ -f ../shared/classifier/labeled-columns.tsv ]; then
  export PITAG_CLASSIFIER_SET="$PWD/../shared/classifier/labeled-columns.tsv"
fi
if [ -z "${PITAG_CLASSIFIER_SET_2:-}" ] && [ -f ../shared/classifier/labeled-columns-2.tsv ]; then
  export PITAG_CLASSIFIER_SET_2="$PWD/../shared/classifier/labeled-columns-2.tsv"
fi
cargo test --locked "$@"

matrix="${PITAG_PG_MATRIX:-13 14 16 17 18}"
if [ $# -gt 0 ] || [ "$matrix" = "0" ] || [ -z "$matrix" ]; then
  exit 0
fi

# The test binaries are built by the run above; run them directly so that
# the versions run side by side (concurrent `cargo test`s wait on a lock).
mapfile -t binaries < <(
  cargo test --locked --no-run --message-format=json \
    --test live_catalog --test db --test drift --test dumps 2>/dev/null |
    grep -o '"executable":"[^"]*/deps/[^"]*"' | cut -d'"' -f4
)
if [ ${#binaries[@]} -ne 4 ]; then
  echo "test.sh: expected 4 test binaries for the PostgreSQL matrix, found ${#binaries[@]}" >&2
  exit 1
fi
# Every test that talks to PostgreSQL only (MariaDB's do not depend on the version).
filters=(pg_ postgres_ blocking_read wrong_password_never)
# As many versions at once as there are cores: more makes the timing
# assertions (statement timeouts) race the machine's load.
jobs="${PITAG_PG_MATRIX_JOBS:-$(nproc 2>/dev/null || echo 2)}"
logs="$(mktemp -d)"
started=$SECONDS
run_version() {
  local v="$1" status=0
  for bin in "${binaries[@]}"; do
    PITAG_PG_VERSION="$v" RUST_BACKTRACE=0 "$bin" "${filters[@]}" || status=1
  done
  return $status
}
declare -A pid_of=()
for v in $matrix; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
    wait -n || true
  done
  run_version "$v" >"$logs/pg$v.log" 2>&1 &
  pid_of[$v]=$!
done
failed=()
for v in $matrix; do
  wait "${pid_of[$v]}" || failed+=("$v")
done
total_passed=0
total_failed=0
for v in $matrix; do
  read -r passed failed_count < <(
    grep -h '^test result:' "$logs/pg$v.log" |
      awk '{p += $4; f += $6} END {print p + 0, f + 0}'
  )
  echo "PostgreSQL $v: $passed passed, $failed_count failed"
  # A version that ran no test proves nothing.
  if [ "$passed" -eq 0 ] && [[ " ${failed[*]} " != *" $v "* ]]; then
    failed+=("$v")
  fi
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed_count))
done
echo "PostgreSQL matrix ($matrix, $jobs at a time) took $((SECONDS - started)) s"
for v in "${failed[@]}"; do
  echo "---- PostgreSQL $v failed:"
  cat "$logs/pg$v.log"
done
rm -rf "$logs"
echo "matrix: $total_passed passed, $total_failed failed"
[ ${#failed[@]} -eq 0 ]

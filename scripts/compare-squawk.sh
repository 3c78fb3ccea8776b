#!/usr/bin/env bash
# Times pitag against squawk (a Rust PostgreSQL migration linter) on the same
# file, side by side in one run, and prints the ratio. squawk must be on PATH
# (`npm install -g squawk-cli` or `pip install squawk-cli`); without it the
# script says so and exits 3.
#
#   scripts/compare-squawk.sh [FILE] [RUNS]
# FILE defaults to GitLab's structure.sql from the shared corpora.
set -euo pipefail
cd "$(dirname "$0")/.."
file="${1:-${PITAG_CORPORA:-../shared/corpora}/gitlab/db/structure.sql}"
runs="${2:-5}"
[ -f "$file" ] || { echo "no such file: $file" >&2; exit 2; }
if ! command -v squawk >/dev/null 2>&1; then
  echo "squawk is not installed (npm install -g squawk-cli); nothing to compare" >&2
  exit 3
fi
cargo build --release --quiet
pitag=target/release/pitag

# median wall time and peak RSS (GNU time's %M, written to a file so the
# tools' own stderr stays out of it) of a command, over $runs runs
measure() {
  local walls=() rss=0 t0 t1 r out
  out=$(mktemp)
  for _ in $(seq "$runs"); do
    t0=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
      /usr/bin/time -f '%M' -o "$out" "$@" >/dev/null 2>&1 || true
      r=$(tail -1 "$out")
    else
      "$@" >/dev/null 2>&1 || true
      r=0
    fi
    t1=$(date +%s.%N)
    walls+=("$(printf "%.3f" "$(echo "$t1 - $t0" | bc)")")
    [[ "$r" =~ ^[0-9]+$ ]] && (( r > rss )) && rss=$r
  done
  rm -f "$out"
  printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p" | tr '\n' ' '
  echo "$((rss / 1024))"
}

[ -x /usr/bin/time ] || echo "install GNU time (apt-get install time) for peak memory" >&2
# Both write a JSON report: squawk's default terminal reporter renders
# 23,000 findings on this file in minutes, which would not be a fair race.
read -r p_time p_rss < <(measure "$pitag" migrations "$file" --dialect postgres --format json --quiet)
read -r s_time s_rss < <(measure squawk --reporter json "$file")
echo "| tool | median wall | peak RSS |"
echo "|---|---|---|"
echo "| pitag $(${pitag} --version | cut -d' ' -f2) | ${p_time} s | ${p_rss} MB |"
echo "| squawk $(squawk --version 2>/dev/null | awk '{print $NF}') | ${s_time} s | ${s_rss} MB |"
echo "ratio (squawk / pitag): $(echo "scale=1; $s_time / $p_time" | bc)x"

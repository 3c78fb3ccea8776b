#!/usr/bin/env bash
# Every benchmark, in one run: the scale bench (GitLab structure.sql, all
# shared corpora, generated 1x/2x/4x/8x corpora, startup), the live bench
# (throwaway PostgreSQL and MariaDB servers started by the bench itself:
# 5,000-table catalogs and a 50-database fleet) and, when squawk is
# installed, pitag vs squawk on the same file. Figures go to stdout as
# Markdown tables; README "Performance" holds the last published ones.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
if [ -z "${PITAG_CORPORA:-}" ] && [ -d ../shared/corpora ]; then
  export PITAG_CORPORA="$PWD/../shared/corpora"
fi
echo "## $(date -u +%Y-%m-%d) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
cargo bench --locked --bench scale
cargo bench --locked --bench live
if command -v squawk >/dev/null 2>&1; then
  bash scripts/compare-squawk.sh
else
  echo "squawk not installed (pip install squawk-cli==2.66.0): comparison skipped" >&2
fi

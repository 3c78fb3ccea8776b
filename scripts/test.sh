#!/usr/bin/env bash
# The one command that runs every test: installs what the tests need
# (PostgreSQL and MariaDB servers, via apt-get when absent), then runs the
# whole suite. Real servers are started by the tests themselves.
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

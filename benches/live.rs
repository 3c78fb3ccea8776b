//! Live catalog benchmark (`cargo bench --bench live`), against throwaway
//! PostgreSQL and MariaDB servers started by tests/servers:
//!
//! - a catalog of 5,000 tables x 10 columns read by `pitag db` (the release
//!   binary, end to end, JSON report) and by pitag's reader alone, next to
//!   the servers' own clients running the same catalog queries;
//! - PostgreSQL tenants: 500 identical schemas x 100 tables x 10 columns
//!   (50,000 tables, 500,000 columns), `pitag db` (time and peak RSS) next
//!   to psql fetching the same rows with one query. `PITAG_BENCH_TENANTS=N`
//!   sets the number of schemas (e.g. 50 for a quick run; creating 500
//!   takes about a minute);
//! - a fleet of 50 small databases (25 PostgreSQL, 25 MariaDB) audited with
//!   `pitag db --inventory … --jobs 8`, next to the slowest single database.
//!
//! Prints a Markdown table of best-of-N wall times and ratios.

#[path = "../tests/servers/mod.rs"]
mod servers;

use pitag::source::live::{read_catalog, LiveOptions};
use servers::{MariaDbServer, PgServer};
use std::fmt::Write as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 5;

/// PostgreSQL's catalog query as pitag sends it (src/source/live/postgres.rs,
/// views left out), for psql to run: no `ORDER BY`, as pitag's.
const PG_CATALOG_QUERY: &str = "SELECT n.nspname::text, c.relname::text, c.relkind, c.relnatts, \
    a.attnum, a.attname::text, format_type(a.atttypid, a.atttypmod), td.description, cd.description \
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
    LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped \
    LEFT JOIN pg_description td ON td.objoid = c.oid AND td.classoid = 'pg_class'::regclass AND td.objsubid = 0 \
    LEFT JOIN pg_description cd ON cd.objoid = c.oid AND cd.classoid = 'pg_class'::regclass AND cd.objsubid = a.attnum \
    WHERE c.relkind IN ('r','p','m','f') AND NOT c.relispartition \
    AND n.nspname NOT IN ('pg_catalog','information_schema') AND n.nspname !~ '^pg_(toast|temp_)'";

/// One run of the pitag binary, its report thrown away: wall time and the
/// child's own peak RSS (`wait4`, so no earlier child counts); asserts the
/// exit code (1: the generated catalogs have untagged PI, so findings are
/// expected).
// The child is reaped by `wait4` (for its rusage), which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn run_pitag(args: &[&str], expect: &[i32]) -> (Duration, u64) {
    let started = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_pitag"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("run pitag");
    let pid = libc::pid_t::try_from(child.id()).expect("pid");
    let mut status = 0;
    // SAFETY: plain syscall on our own child; `usage` is written by the kernel.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let took = started.elapsed();
    assert_eq!(waited, pid, "wait4: {}", std::io::Error::last_os_error());
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    assert!(expect.contains(&code), "pitag {args:?} exited {code}");
    // ru_maxrss is in kilobytes on Linux.
    (took, u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024)
}

/// Best wall time of `RUNS` runs of the pitag binary, and the largest peak RSS.
fn time_pitag(args: &[&str], expect: &[i32]) -> (Duration, u64) {
    let mut best = Duration::MAX;
    let mut peak = 0;
    for _ in 0..RUNS {
        let (took, rss) = run_pitag(args, expect);
        best = best.min(took);
        peak = peak.max(rss);
    }
    (best, peak)
}

fn mb(bytes: u64) -> String {
    format!("{} MB", bytes / (1024 * 1024))
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

fn opts() -> LiveOptions {
    LiveOptions {
        connect_timeout: Duration::from_secs(10),
        statement_timeout: Duration::from_secs(60),
        ..LiveOptions::default()
    }
}

async fn timings_5000_tables(table: &mut String) {
    const TABLES: usize = 5000;
    let pg = PgServer::shared();
    let maria = MariaDbServer::shared();

    let pg_db = pg.create_db("bench").await;
    let started = Instant::now();
    pg.exec(
        &pg_db,
        &format!(
            "DO $$ BEGIN FOR i IN 1..{TABLES} LOOP
               EXECUTE format('CREATE TABLE t%s (id int, email text, c3 int, c4 int, c5 int, \
                 c6 int, c7 int, c8 int, c9 int, c10 int)', i);
               EXECUTE format('COMMENT ON TABLE t%s IS %L', i, 'Table ' || i || ' #PPI');
               EXECUTE format('COMMENT ON COLUMN t%s.email IS %L', i, 'E-mail #PPI');
             END LOOP; END $$;"
        ),
    )
    .await;
    eprintln!("pg: created {TABLES} tables in {:?}", started.elapsed());
    let url = pg.admin_url(&pg_db);
    let mut best = Duration::MAX;
    for _ in 0..RUNS {
        let started = Instant::now();
        let live = read_catalog(&url, &opts()).await.unwrap();
        best = best.min(started.elapsed());
        assert_eq!(live.tables_visible, TABLES);
        assert_eq!(live.schema.column_count(), TABLES * 10);
    }
    let (pitag_best, pitag_rss) = time_pitag(
        &["db", "--url", &url, "--format", "json", "--quiet"],
        &[0, 1],
    );
    let mut psql_best = Duration::MAX;
    for _ in 0..RUNS {
        let (took, out) = pg.psql(&pg_db, PG_CATALOG_QUERY);
        assert_eq!(out.lines().count(), TABLES * 10);
        psql_best = psql_best.min(took);
    }
    let _ = writeln!(
        table,
        "| PostgreSQL, 5,000 tables x 10 columns | {} | {} | {} | {} (psql, same query, unordered) | {:.2}x |",
        secs(pitag_best),
        mb(pitag_rss),
        secs(best),
        secs(psql_best),
        pitag_best.as_secs_f64() / psql_best.as_secs_f64()
    );

    let maria_db = maria.create_db("bench").await;
    let started = Instant::now();
    let mut sql = String::new();
    for i in 1..=TABLES {
        sql.push_str(&format!(
            "CREATE TABLE t{i} (id int, email text COMMENT 'E-mail #PPI', c3 int, c4 int, c5 int, \
             c6 int, c7 int, c8 int, c9 int, c10 int) COMMENT 'Table {i} #PPI';\n"
        ));
        if i % 500 == 0 {
            maria.exec(&maria_db, &sql).await;
            sql.clear();
        }
    }
    eprintln!(
        "mariadb: created {TABLES} tables in {:?}",
        started.elapsed()
    );
    let url = maria.admin_url(&maria_db);
    let mut best = Duration::MAX;
    for _ in 0..RUNS {
        let started = Instant::now();
        let live = read_catalog(&url, &opts()).await.unwrap();
        best = best.min(started.elapsed());
        assert_eq!(live.tables_visible, TABLES);
        assert_eq!(live.schema.column_count(), TABLES * 10);
    }
    let (pitag_best, pitag_rss) = time_pitag(
        &["db", "--url", &url, "--format", "json", "--quiet"],
        &[0, 1],
    );
    let client_sql = format!(
        "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, TABLE_COLLATION, TABLE_COMMENT \
         FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{maria_db}'; \
         SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, \
         COLUMN_DEFAULT, EXTRA, GENERATION_EXPRESSION, CHARACTER_SET_NAME, COLLATION_NAME, \
         COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '{maria_db}'"
    );
    let mut client_best = Duration::MAX;
    for _ in 0..RUNS {
        let (took, out) = maria.client(&maria_db, &client_sql);
        assert_eq!(out.lines().count(), TABLES * 11);
        client_best = client_best.min(took);
    }
    let _ = writeln!(
        table,
        "| MariaDB, 5,000 tables x 10 columns | {} | {} | {} | {} (mariadb -e, TABLES + COLUMNS) | {:.2}x |",
        secs(pitag_best),
        mb(pitag_rss),
        secs(best),
        secs(client_best),
        pitag_best.as_secs_f64() / client_best.as_secs_f64()
    );
}

/// One schema per tenant, all alike: `PITAG_BENCH_TENANTS` schemas (500 by
/// default) x 100 tables x 10 columns. Every table's comment carries #PPI;
/// `email` is tagged in half of the tables, so each tenant has findings.
async fn timings_tenants(table: &mut String) {
    const TABLES: usize = 100;
    let tenants: usize = std::env::var("PITAG_BENCH_TENANTS")
        .ok()
        .map(|v| v.parse().expect("PITAG_BENCH_TENANTS: a number of schemas"))
        .unwrap_or(500);
    let pg = PgServer::shared();
    let db = pg.create_db("tenants").await;
    // One file through psql, a transaction per schema (one transaction for
    // 50,000 tables would run out of lock slots).
    let mut sql = String::new();
    for s in 1..=tenants {
        let _ = writeln!(
            sql,
            "BEGIN;\nCREATE SCHEMA tenant_{s:04};\nSET LOCAL search_path = tenant_{s:04};"
        );
        for t in 1..=TABLES {
            let _ = writeln!(
                sql,
                "CREATE TABLE t{t:03} (id bigint, email text, full_name text, phone text, \
                 created_at timestamptz, amount numeric(12,2), status varchar(20), note text, \
                 ref_id int, updated_at timestamptz);\n\
                 COMMENT ON TABLE t{t:03} IS 'Table {t} #PPI';"
            );
            if t % 2 == 0 {
                let _ = writeln!(sql, "COMMENT ON COLUMN t{t:03}.email IS 'E-mail #PPI';");
            }
        }
        sql.push_str("COMMIT;\n");
    }
    // Planner statistics as autovacuum would leave them on a catalog this size.
    sql.push_str(
        "ANALYZE pg_catalog.pg_class; ANALYZE pg_catalog.pg_attribute; \
        ANALYZE pg_catalog.pg_namespace; ANALYZE pg_catalog.pg_description;\n",
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("tenants.sql");
    std::fs::write(&file, sql).expect("write tenants.sql");
    let started = Instant::now();
    pg.psql_file(&db, &file, false)
        .expect("create the tenant schemas");
    eprintln!(
        "pg: created {tenants} schemas x {TABLES} tables in {:?}",
        started.elapsed()
    );
    let url = pg.admin_url(&db);
    let mut best = Duration::MAX;
    for _ in 0..RUNS {
        let started = Instant::now();
        let live = read_catalog(&url, &opts()).await.unwrap();
        best = best.min(started.elapsed());
        assert_eq!(live.tables_visible, tenants * TABLES);
        assert_eq!(live.schema.column_count(), tenants * TABLES * 10);
    }
    let (pitag_best, pitag_rss) =
        time_pitag(&["db", "--url", &url, "--format", "json", "--quiet"], &[1]);
    let mut psql_best = Duration::MAX;
    for _ in 0..RUNS {
        let (took, out) = pg.psql(&db, PG_CATALOG_QUERY);
        assert_eq!(out.lines().count(), tenants * TABLES * 10);
        psql_best = psql_best.min(took);
    }
    let _ = writeln!(
        table,
        "| PostgreSQL, {tenants} tenant schemas x {TABLES} tables x 10 columns | {} | {} | {} | {} (psql, same query, unordered) | {:.2}x |",
        secs(pitag_best),
        mb(pitag_rss),
        secs(best),
        secs(psql_best),
        pitag_best.as_secs_f64() / psql_best.as_secs_f64()
    );
}

/// 50 small databases (25 per server, 20 tables each), audited one by one
/// and as a fleet with `--jobs 8`.
async fn timings_fleet(table: &mut String) {
    const PER_SERVER: usize = 25;
    const TABLES: usize = 20;
    let pg = PgServer::shared();
    let maria = MariaDbServer::shared();
    let mut urls = Vec::new();
    for _ in 0..PER_SERVER {
        let db = pg.create_db("fleet").await;
        pg.exec(
            &db,
            &format!(
                "DO $$ BEGIN FOR i IN 1..{TABLES} LOOP
                   EXECUTE format('CREATE TABLE t%s (id int, email text, name text, c4 int, c5 int)', i);
                   EXECUTE format('COMMENT ON COLUMN t%s.email IS %L', i, 'E-mail #PPI');
                 END LOOP; END $$;"
            ),
        )
        .await;
        urls.push(pg.admin_url(&db));
        let db = maria.create_db("fleet").await;
        let mut sql = String::new();
        for i in 1..=TABLES {
            sql.push_str(&format!(
                "CREATE TABLE t{i} (id int, email text COMMENT 'E-mail #PPI', name text, c4 int, c5 int);\n"
            ));
        }
        maria.exec(&db, &sql).await;
        urls.push(maria.admin_url(&db));
    }
    let mut slowest = Duration::ZERO;
    for url in &urls {
        let (took, _) = time_pitag(
            &["db", "--url", url, "--format", "json", "--quiet"],
            &[0, 1],
        );
        slowest = slowest.max(took);
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let inventory = dir.path().join("fleet.toml");
    let mut toml = String::new();
    for (i, url) in urls.iter().enumerate() {
        let _ = writeln!(toml, "[[database]]\nname = \"db{i}\"\nurl = \"{url}\"\n");
    }
    std::fs::write(&inventory, toml).expect("write inventory");
    let (fleet, fleet_rss) = time_pitag(
        &[
            "db",
            "--inventory",
            inventory.to_str().expect("utf-8 path"),
            "--jobs",
            "8",
            "--format",
            "json",
            "--quiet",
        ],
        &[0, 1],
    );
    let _ = writeln!(
        table,
        "| fleet of {} databases, `--jobs 8` | {} | {} | | {} (slowest single database, best of {RUNS}) | {:.2}x |",
        urls.len(),
        secs(fleet),
        mb(fleet_rss),
        secs(slowest),
        fleet.as_secs_f64() / slowest.as_secs_f64()
    );
}

fn main() {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(async {
            let mut table = String::from(
                "| workload | `pitag db` (binary, JSON) | its peak RSS | reader alone | reference | ratio |\n|---|---|---|---|---|---|\n",
            );
            timings_5000_tables(&mut table).await;
            timings_tenants(&mut table).await;
            timings_fleet(&mut table).await;
            println!("{table}");
        });
}

//! Live catalog benchmark (`cargo bench --bench live`), against throwaway
//! PostgreSQL and MariaDB servers started by tests/servers:
//!
//! - a catalog of 5,000 tables x 10 columns read by `pitag db` (the release
//!   binary, end to end, JSON report) and by pitag's reader alone, next to
//!   the servers' own clients running the same catalog queries;
//! - a fleet of 50 small databases (25 PostgreSQL, 25 MariaDB) audited with
//!   `pitag db --inventory … --jobs 8`, next to the slowest single database.
//!
//! Prints a Markdown table of best-of-N wall times and ratios.

#[path = "../tests/servers/mod.rs"]
mod servers;

use pitag::source::live::{read_catalog, LiveOptions};
use servers::{MariaDbServer, PgServer};
use std::fmt::Write as _;
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 5;

/// Best wall time of `RUNS` runs of the pitag binary; asserts the exit code
/// (1: the generated catalogs have untagged PI, so findings are expected).
fn time_pitag(args: &[&str], expect: &[i32]) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..RUNS {
        let started = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_pitag"))
            .args(args)
            .output()
            .expect("run pitag");
        let took = started.elapsed();
        let code = out.status.code().unwrap_or(-1);
        assert!(
            expect.contains(&code),
            "pitag {args:?} exited {code}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        best = best.min(took);
    }
    best
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
    let pitag_best = time_pitag(
        &["db", "--url", &url, "--format", "json", "--quiet"],
        &[0, 1],
    );
    let query = "SELECT n.nspname, c.relname, c.relkind, a.attnum, a.attname, \
        format_type(a.atttypid, a.atttypmod), td.description, cd.description \
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
        LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped \
        LEFT JOIN pg_description td ON td.objoid = c.oid AND td.classoid = 'pg_class'::regclass AND td.objsubid = 0 \
        LEFT JOIN pg_description cd ON cd.objoid = c.oid AND cd.classoid = 'pg_class'::regclass AND cd.objsubid = a.attnum \
        WHERE c.relkind IN ('r','p','m','f') AND NOT c.relispartition \
        AND n.nspname NOT IN ('pg_catalog','information_schema') AND n.nspname !~ '^pg_(toast|temp_)' \
        ORDER BY 1, 2, 4";
    let mut psql_best = Duration::MAX;
    for _ in 0..RUNS {
        let (took, out) = pg.psql(&pg_db, query);
        assert_eq!(out.lines().count(), TABLES * 10);
        psql_best = psql_best.min(took);
    }
    let _ = writeln!(
        table,
        "| PostgreSQL, 5,000 tables x 10 columns | {} | {} | {} (psql, same query) | {:.2}x |",
        secs(pitag_best),
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
    let pitag_best = time_pitag(
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
        "| MariaDB, 5,000 tables x 10 columns | {} | {} | {} (mariadb -e, TABLES + COLUMNS) | {:.2}x |",
        secs(pitag_best),
        secs(best),
        secs(client_best),
        pitag_best.as_secs_f64() / client_best.as_secs_f64()
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
        slowest = slowest.max(time_pitag(
            &["db", "--url", url, "--format", "json", "--quiet"],
            &[0, 1],
        ));
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let inventory = dir.path().join("fleet.toml");
    let mut toml = String::new();
    for (i, url) in urls.iter().enumerate() {
        let _ = writeln!(toml, "[[database]]\nname = \"db{i}\"\nurl = \"{url}\"\n");
    }
    std::fs::write(&inventory, toml).expect("write inventory");
    let fleet = time_pitag(
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
        "| fleet of {} databases, `--jobs 8` | {} | | {} (slowest single database, best of {RUNS}) | {:.2}x |",
        urls.len(),
        secs(fleet),
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
                "| workload | `pitag db` (binary, JSON) | reader alone | reference | ratio |\n|---|---|---|---|---|\n",
            );
            timings_5000_tables(&mut table).await;
            timings_fleet(&mut table).await;
            println!("{table}");
        });
}

//! Live catalog benchmark (`cargo bench --bench live`): reads a generated
//! catalog of 5,000 tables x 10 columns from throwaway PostgreSQL and MariaDB
//! servers (started by tests/support) with `pitag`'s reader and with the
//! servers' own command-line clients running the same queries.

#[path = "../tests/support/mod.rs"]
mod support;

use pitag::source::live::{read_catalog, LiveOptions};
use std::time::{Duration, Instant};
use support::{MariaDbServer, PgServer};

fn opts() -> LiveOptions {
    LiveOptions {
        connect_timeout: Duration::from_secs(10),
        statement_timeout: Duration::from_secs(60),
        ..LiveOptions::default()
    }
}

async fn timings_5000_tables() {
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
    for _ in 0..3 {
        let started = Instant::now();
        let live = read_catalog(&url, &opts()).await.unwrap();
        best = best.min(started.elapsed());
        assert_eq!(live.tables_visible, TABLES);
        assert_eq!(live.schema.column_count(), TABLES * 10);
    }
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
    for _ in 0..3 {
        let (took, out) = pg.psql(&pg_db, query);
        assert_eq!(out.lines().count(), TABLES * 10);
        psql_best = psql_best.min(took);
    }
    eprintln!("pg: read_catalog best of 3 {best:?}; psql same query best of 3 {psql_best:?}");

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
    for _ in 0..3 {
        let started = Instant::now();
        let live = read_catalog(&url, &opts()).await.unwrap();
        best = best.min(started.elapsed());
        assert_eq!(live.tables_visible, TABLES);
        assert_eq!(live.schema.column_count(), TABLES * 10);
    }
    let client_sql = format!(
        "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, TABLE_COLLATION, TABLE_COMMENT \
         FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{maria_db}'; \
         SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, \
         COLUMN_DEFAULT, EXTRA, GENERATION_EXPRESSION, CHARACTER_SET_NAME, COLLATION_NAME, \
         COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '{maria_db}'"
    );
    let mut client_best = Duration::MAX;
    for _ in 0..3 {
        let (took, out) = maria.client(&maria_db, &client_sql);
        assert_eq!(out.lines().count(), TABLES * 11);
        client_best = client_best.min(took);
    }
    eprintln!(
        "mariadb: read_catalog best of 3 {best:?}; mariadb -e same two queries best of 3 {client_best:?}"
    );
}

fn main() {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(timings_5000_tables());
}

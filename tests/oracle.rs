//! The oracle: a differential test of replay against real servers.
//!
//! Every migration set of `fixtures/` and of the shared corpora
//! (`PITAG_CORPORA`, see its MANIFEST.md) is listed in [`SETS`], with either
//! how to apply it to a stock server or why it cannot be applied. Each set
//! that applies is run, statement by statement and in pitag's replay order,
//! against a fresh database of the real servers of tests/servers; then
//! - the replayed model and the live catalog must hold the same tables, the
//!   same columns in the same order, and the same table and column comments
//!   (full text, not only the tags), and
//! - `pitag drift --url … PATH` must report no `drift` (PT009) and no
//!   `schema-drift` (PT013).
//!
//! A set the server rejects, or any difference, fails the test with every
//! mismatch of every set listed. A new folder under `fixtures/` or the
//! corpora that is not in [`SETS`] fails [`every_set_is_listed`].
//!
//! tests/data/oracle holds scenarios of issue 12's constructs (one file
//! each), applied with `psql` / the `mariadb` client rather than pitag's
//! splitter. Those the replay gets wrong today carry `known_mismatch` (why,
//! and which work fixes it): they must still disagree, so that a fix fails
//! the test until the mark is removed.

mod run_pitag;
mod servers;

use pitag::dialect::Dialect;
use pitag::model::Schema;
use pitag::source::live::{read_catalog_blocking, LiveOptions};
use run_pitag::*;
use servers::{located_migration_statements, MariaDbServer, PgServer};
use sqlx::{AssertSqlSafe, Connection};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Home {
    /// Relative to the repository.
    Fixtures,
    /// Relative to `PITAG_CORPORA`.
    Corpora,
}

/// How a set is applied to a stock server.
struct Apply {
    /// Run first, as the superuser (what the migration tool's environment
    /// provides: roles the set grants to, a base schema it assumes).
    prelude: &'static str,
    /// `${name}` placeholders the migration tool substitutes.
    placeholders: &'static [(&'static str, &'static str)],
    /// Tables the set does not create (`schema.table`): an extension's, or a
    /// base schema's from the prelude. Left out of the comparison.
    not_in_set: &'static [&'static str],
    /// Needs the PostGIS extension (packaged for Debian's PostgreSQL only).
    postgis: bool,
    /// Needs this PostgreSQL major version, not the one the tests run.
    pg_major: Option<u32>,
    /// Statements (file name, line) the stock server refuses although the
    /// set's own target accepts them, and which cannot shape a table or a
    /// column (an index): left out on the server only. Each must be met.
    server_skips: &'static [(&'static str, u32)],
    /// Applied file by file with the server's own client (`psql`,
    /// `mariadb`), not with pitag's statement splitter: for scenarios that
    /// test the splitter itself.
    via_client: bool,
    /// With `via_client`: go on after a statement the server refuses (a
    /// migration run that ignores errors), to compare what refused
    /// statements leave behind.
    go_on_after_errors: bool,
    /// The replay disagrees with the server today (why, and who fixes it):
    /// the test requires a mismatch, so that a fix makes it fail until this
    /// is removed.
    known_mismatch: Option<&'static str>,
}

const PLAIN: Apply = Apply {
    prelude: "",
    placeholders: &[],
    not_in_set: &[],
    postgis: false,
    pg_major: None,
    server_skips: &[],
    via_client: false,
    go_on_after_errors: false,
    known_mismatch: None,
};

/// A scenario of tests/data/oracle: one file, applied with the server's client.
const SCENARIO: Apply = Apply {
    via_client: true,
    ..PLAIN
};

/// PostGIS, as the migrations expect it to be installed.
const POSTGIS: Apply = Apply {
    prelude: "CREATE EXTENSION IF NOT EXISTS postgis",
    not_in_set: &["public.spatial_ref_sys"],
    postgis: true,
    ..PLAIN
};

struct Set {
    home: Home,
    /// Replayed one after another (a base schema, then the folder that continues it).
    paths: &'static [&'static str],
    dialect: Dialect,
    /// `Err(why)` when a stock server cannot take the set.
    apply: Result<Apply, &'static str>,
}

impl Set {
    fn name(&self) -> String {
        self.paths.join(" + ")
    }
}

const fn pg(home: Home, paths: &'static [&'static str], apply: Result<Apply, &'static str>) -> Set {
    Set {
        home,
        paths,
        dialect: Dialect::Postgres,
        apply,
    }
}

const fn my(home: Home, paths: &'static [&'static str], apply: Result<Apply, &'static str>) -> Set {
    Set {
        home,
        paths,
        dialect: Dialect::Mysql,
        apply,
    }
}

use Home::{Corpora, Fixtures};

const SETS: &[Set] = &[
    pg(Fixtures, &["fixtures/postgres/clean"], Ok(PLAIN)),
    pg(Fixtures, &["fixtures/postgres/dbmate"], Ok(POSTGIS)),
    pg(Fixtures, &["fixtures/postgres/diesel"], Ok(PLAIN)),
    pg(
        Fixtures,
        &["fixtures/postgres/dump"],
        Ok(Apply {
            // The roles the dump hands ownership and grants to.
            prelude: "CREATE EXTENSION IF NOT EXISTS citext;
            DO $$ BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app') THEN CREATE ROLE app; END IF;
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reporting') THEN CREATE ROLE reporting; END IF;
            END $$",
            ..PLAIN
        }),
    ),
    pg(Fixtures, &["fixtures/postgres/flyway"], Ok(POSTGIS)),
    pg(
        Fixtures,
        &["fixtures/postgres/golang-migrate"],
        Ok(Apply {
            // 000004 alters `orders`, which the set never creates (its
            // unknown-table finding): on a server it comes from a base schema.
            prelude: "CREATE TABLE orders (id int)",
            not_in_set: &["public.orders"],
            ..PLAIN
        }),
    ),
    pg(Fixtures, &["fixtures/postgres/goose"], Ok(PLAIN)),
    pg(Fixtures, &["fixtures/postgres/inventory"], Ok(POSTGIS)),
    pg(Fixtures, &["fixtures/postgres/liquibase"], Ok(PLAIN)),
    pg(Fixtures, &["fixtures/postgres/prisma"], Ok(PLAIN)),
    pg(Fixtures, &["fixtures/postgres/tenants"], Ok(PLAIN)),
    pg(Fixtures, &["fixtures/drift/postgres"], Ok(PLAIN)),
    my(Fixtures, &["fixtures/mysql/dump"], Ok(PLAIN)),
    my(Fixtures, &["fixtures/mysql/flyway"], Ok(PLAIN)),
    my(Fixtures, &["fixtures/mysql/golang-migrate"], Ok(PLAIN)),
    my(Fixtures, &["fixtures/mysql/popx"], Ok(PLAIN)),
    my(Fixtures, &["fixtures/mysql/sqlx"], Ok(PLAIN)),
    my(Fixtures, &["fixtures/mysql/idempotent"], Ok(PLAIN)),
    pg(
        Fixtures,
        &["fixtures/postgres/procedural"],
        Ok(Apply {
            known_mismatch: Some("by design: a dynamic EXECUTE adds contacts.synced_at on the server; the replay reports it as dynamic-ddl (PT014) instead of guessing"),
            ..PLAIN
        }),
    ),
    my(Fixtures, &["fixtures/drift/mysql"], Ok(PLAIN)),
    // Scenarios of issue 12's constructs, applied with the servers' own clients.
    pg(
        Fixtures,
        &["tests/data/oracle/postgres/rejected_statements.sql"],
        Ok(Apply {
            go_on_after_errors: true,
            ..SCENARIO
        }),
    ),
    my(
        Fixtures,
        &["tests/data/oracle/mysql/rejected_statements.sql"],
        Ok(Apply {
            go_on_after_errors: true,
            ..SCENARIO
        }),
    ),
    pg(
        Fixtures,
        &["tests/data/oracle/postgres/do_block.sql"],
        Ok(SCENARIO),
    ),
    pg(
        Fixtures,
        &["tests/data/oracle/postgres/do_guarded.sql"],
        Ok(SCENARIO),
    ),
    pg(Fixtures, &["tests/data/oracle/postgres/bodies_not_run.sql"], Ok(SCENARIO)),
    pg(
        Fixtures,
        &["tests/data/oracle/postgres/derived_tables.sql"],
        Ok(SCENARIO),
    ),
    pg(
        Fixtures,
        &["tests/data/oracle/postgres/alter_forms.sql"],
        Ok(SCENARIO),
    ),
    my(
        Fixtures,
        &["tests/data/oracle/mysql/rename_without_to.sql"],
        Ok(SCENARIO),
    ),
    my(
        Fixtures,
        &["tests/data/oracle/mysql/alter_ignore_online.sql"],
        Ok(SCENARIO),
    ),
    my(
        Fixtures,
        &["tests/data/oracle/mysql/placeholder_in_literal.sql"],
        Ok(SCENARIO),
    ),
    my(
        Fixtures,
        &["tests/data/oracle/mysql/conditional_comments.sql"],
        Ok(SCENARIO),
    ),
    my(
        Fixtures,
        &["tests/data/oracle/mysql/no_backslash_escapes.sql"],
        Ok(SCENARIO),
    ),
    my(
        Fixtures,
        &["tests/data/oracle/mysql/maria_if_exists.sql"],
        Ok(SCENARIO),
    ),
    my(
        Fixtures,
        &["tests/data/oracle/mysql/procedure_call.sql"],
        Ok(SCENARIO),
    ),
    my(Fixtures, &["tests/data/oracle/mysql/create_table_as.sql"], Ok(SCENARIO)),
    pg(Corpora, &["gitlab/db/structure.sql"], Ok(PLAIN)),
    pg(Corpora, &["gitlab/db/init_structure.sql"], Ok(PLAIN)),
    // Two alternative schemas of one database: each is its own set.
    pg(
        Corpora,
        &["pagila/pagila-schema.sql"],
        Err("needs PostgreSQL 18 (`DEFAULT uuidv7()`) with the pgvector extension \
             (`CREATE EXTENSION vector`): the PostgreSQL 18 build here has no pgvector, \
             Debian packages it for 15 only. pagila-schema-jsonb.sql, the same schema \
             without both, is checked"),
    ),
    pg(Corpora, &["pagila/pagila-schema-jsonb.sql"], Ok(PLAIN)),
    // The install script and the first Flyway migration that continues it.
    pg(
        Corpora,
        &[
            "gmod-chado/schemas/1.31/default_schema.sql",
            "gmod-chado/migrations",
        ],
        Ok(Apply {
            // `box @ box` in a function: the operator was removed in PostgreSQL 14.
            pg_major: Some(13),
            ..PLAIN
        }),
    ),
    pg(
        Corpora,
        &[
            "gmod-chado/schemas/1.31/default_schema.sql",
            "gmod-chado/migrations",
            "gmod-chado/chado/migrations",
        ],
        Err("V1.3.3.011__fix_db_relationship_type_id.sql is not SQL: its lines 1 and 3 are \
             XML comments (`<!-- … -->`), so Flyway stops there"),
    ),
    my(Corpora, &["ruoyi-vue-pro/sql/mysql"], Ok(PLAIN)),
    pg(Corpora, &["ruoyi-vue-pro/sql/postgresql"], Ok(PLAIN)),
    pg(
        Corpora,
        &["ory-kratos/persistence/sql/migrations/sql"],
        Ok(PLAIN),
    ),
    my(
        Corpora,
        &["ory-kratos/persistence/sql/migrations/sql"],
        Ok(Apply {
            // An `INSERT … SELECT` from an empty table omits a NOT NULL
            // column without default: MariaDB's strict mode refuses it before
            // looking at the rows, a non-strict session writes nothing.
            prelude: "SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION'",
            // A unique index on a virtual column whose `CASE` expression
            // MariaDB refuses to index (error 1901); kratos targets MySQL,
            // which has no package here.
            server_skips: &[(
                "20260408000000000000_create_pending_traits_changes.mysql.up.sql",
                23,
            )],
            ..PLAIN
        }),
    ),
    my(Corpora, &["hawkbit"], Ok(PLAIN)),
    pg(Corpora, &["hawkbit"], Ok(PLAIN)),
    pg(
        Corpora,
        &["dspace/dspace-api/src/main/resources/org/dspace/storage/rdbms/sqlmigration/postgres"],
        Err("DSpace runs Java migrations between its SQL ones (V6_0_2015_03_06 drops the \
             primary keys that V6.0_2015.03.07 then adds again): the SQL files alone do \
             not build the database"),
    ),
    pg(Corpora, &["marquez"], Ok(PLAIN)),
    pg(
        Corpora,
        &["supabase-postgres"],
        Err("needs the Supabase server image: its init scripts' roles and schemas (auth, \
             storage) and extensions no Debian package provides (pgsodium, pg_graphql, \
             supabase_vault, pgjwt)"),
    ),
    pg(
        Corpora,
        &["edp-ddm-citus"],
        Err("needs a Citus cluster (the citus extension, not packaged for Debian) and \
             the platform's own databases (audit, registry …) that its changesets connect to"),
    ),
    pg(
        Corpora,
        &["nldi-db"],
        Err("Liquibase changesets without their master changelog (the order Liquibase \
             runs them in) and without the script that creates their schemas and roles: \
             in file order, grants.sql and indexes.sql come before tables.sql"),
    ),
];

fn base(home: Home) -> Option<PathBuf> {
    match home {
        Home::Fixtures => Some(root()),
        Home::Corpora => corpora(),
    }
}

/// The corpora folder: `PITAG_CORPORA`, else `../shared/corpora` beside the
/// clone; `None` (the corpora sets are left out, and said so) when neither exists.
fn corpora() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PITAG_CORPORA") {
        let p = PathBuf::from(p);
        assert!(p.is_dir(), "PITAG_CORPORA={} is not a folder", p.display());
        return Some(p);
    }
    let p = root().join("../shared/corpora");
    p.is_dir().then_some(p)
}

/// (schema, table) -> (table comment, [(column, comment)]).
type Shape = BTreeMap<(String, String), (Option<String>, Vec<(String, Option<String>)>)>;

fn shape(schema: &Schema, dialect: Dialect, ignore: &[&str]) -> Shape {
    schema
        .audited_tables()
        .filter_map(|t| {
            // MySQL: the live side names the database, the replay usually not.
            let owner = match dialect {
                Dialect::Postgres => t.schema.clone().unwrap_or_else(|| "public".into()),
                Dialect::Mysql => String::new(),
            };
            if ignore.contains(&format!("{owner}.{}", t.name).as_str()) {
                return None;
            }
            Some((
                (owner, t.name.clone()),
                (
                    t.comment.clone(),
                    t.columns
                        .iter()
                        .map(|c| (c.name.clone(), c.comment.clone()))
                        .collect(),
                ),
            ))
        })
        .collect()
}

/// Every difference between the replay and the catalog, one line each.
fn differences(replayed: &Shape, live: &Shape) -> Vec<String> {
    let mut out = Vec::new();
    for (key, (comment, columns)) in live {
        let name = format!("{}.{}", key.0, key.1);
        let Some((r_comment, r_columns)) = replayed.get(key) else {
            out.push(format!("table {name}: in the database, not in the replay"));
            continue;
        };
        if r_comment != comment {
            out.push(format!(
                "table {name}: comment: replay {r_comment:?}, database {comment:?}"
            ));
        }
        let r_names: Vec<&str> = r_columns.iter().map(|c| c.0.as_str()).collect();
        let names: Vec<&str> = columns.iter().map(|c| c.0.as_str()).collect();
        if r_names != names {
            out.push(format!(
                "table {name}: columns: replay {r_names:?}, database {names:?}"
            ));
            continue;
        }
        for ((column, r_c), (_, c)) in r_columns.iter().zip(columns) {
            if r_c != c {
                out.push(format!(
                    "column {name}.{column}: comment: replay {r_c:?}, database {c:?}"
                ));
            }
        }
    }
    for key in replayed.keys().filter(|k| !live.contains_key(*k)) {
        out.push(format!(
            "table {}.{}: in the replay, not in the database",
            key.0, key.1
        ));
    }
    out
}

/// A connection to one database of a real server, kept for the whole set:
/// session state such as `search_path` or `sql_mode` carries over, as in
/// the migration tool's own session.
enum Session {
    Pg(sqlx::PgConnection),
    My(sqlx::MySqlConnection),
}

impl Session {
    async fn run(&mut self, sql: &str) -> Result<(), sqlx::Error> {
        let q = sqlx::raw_sql(AssertSqlSafe(sql.to_string()));
        match self {
            Session::Pg(c) => q.execute(c).await.map(|_| ()),
            Session::My(c) => q.execute(c).await.map(|_| ()),
        }
    }
}

fn pg_server(apply: &Apply) -> &'static PgServer {
    match apply.pg_major {
        Some(major) => PgServer::shared_version(major),
        None => PgServer::shared(),
    }
}

/// A fresh database for `set`; returns (admin URL, database name, session).
async fn fresh_database(set: &Set, apply: &Apply) -> (String, String, Session) {
    match set.dialect {
        Dialect::Postgres => {
            let server = pg_server(apply);
            let db = server.create_db("oracle").await;
            let url = server.admin_url(&db);
            let conn = sqlx::PgConnection::connect(&url).await.unwrap();
            (url, db, Session::Pg(conn))
        }
        Dialect::Mysql => {
            let server = MariaDbServer::shared();
            let db = server.create_db("oracle").await;
            let url = server.admin_url(&db);
            let conn = sqlx::MySqlConnection::connect(&url).await.unwrap();
            (url, db, Session::My(conn))
        }
    }
}

fn is_copy_from_stdin(sql: &str) -> bool {
    let flat = sql
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase();
    flat.starts_with("copy ") && flat.ends_with("from stdin")
}

/// Apply `set`, then compare; returns every mismatch (empty: the oracle agrees).
async fn check(set: &Set, apply: &Apply, paths: Vec<PathBuf>, tamper: Option<&str>) -> Vec<String> {
    let (url, db, mut session) = fresh_database(set, apply).await;
    if !apply.prelude.is_empty() {
        session
            .run(apply.prelude)
            .await
            .unwrap_or_else(|e| panic!("{}: prelude: {e}", set.name()));
    }
    if apply.via_client {
        for p in &paths {
            let applied = match set.dialect {
                Dialect::Postgres => pg_server(apply).psql_file(&db, p, apply.go_on_after_errors),
                Dialect::Mysql => {
                    MariaDbServer::shared().client_file(&db, p, apply.go_on_after_errors)
                }
            };
            if let Err(e) = applied {
                return vec![format!("the server rejects {}: {e}", p.display())];
            }
        }
    }
    let statements: Vec<_> = paths
        .iter()
        .filter(|_| !apply.via_client)
        .flat_map(|p| located_migration_statements(p, set.dialect, apply.placeholders))
        .collect();
    assert!(
        apply.via_client || !statements.is_empty(),
        "{}: no statements",
        set.name()
    );
    let mut skipped = 0;
    for s in &statements {
        if is_copy_from_stdin(&s.text) {
            // Its rows (which pitag skips) load data; they cannot shape a table.
            continue;
        }
        let file_name = s.file.rsplit('/').next().unwrap_or(&s.file);
        if apply.server_skips.contains(&(file_name, s.line)) {
            skipped += 1;
            continue;
        }
        if let Err(e) = session.run(&s.text).await {
            return vec![format!(
                "the server rejects {}:{}: {e}\n    {}",
                s.file,
                s.line,
                s.text.lines().next().unwrap_or("")
            )];
        }
    }
    assert_eq!(
        skipped,
        apply.server_skips.len(),
        "{}: a statement of server_skips was not met",
        set.name()
    );
    if let Some(sql) = tamper {
        session.run(sql).await.unwrap();
    }
    drop(session);

    let dialect = set.dialect;
    let placeholders: BTreeMap<String, String> = apply
        .placeholders
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let (replayed, live) = {
        let (paths, url) = (paths.clone(), url.clone());
        tokio::task::spawn_blocking(move || {
            let options = pitag::source::LoadOptions {
                dialect: Some(dialect),
                placeholders,
                mysql_server: None,
            };
            let replayed = pitag::source::load(&paths, &options)
                .expect("replay")
                .schema;
            let live = read_catalog_blocking(&url, &LiveOptions::default())
                .expect("read the catalog")
                .schema;
            (replayed, live)
        })
        .await
        .unwrap()
    };
    let live_shape = shape(&live, dialect, apply.not_in_set);
    assert!(
        !live_shape.is_empty(),
        "{}: the database holds no table: an oracle over nothing proves nothing",
        set.name()
    );
    let mut out = differences(&shape(&replayed, dialect, apply.not_in_set), &live_shape);

    // The CLI's own comparison, as a user runs it.
    let config = tempfile::tempdir().unwrap();
    let config_file = config.path().join("pitag.toml");
    let mut toml = String::from("[placeholders]\n");
    for (k, v) in apply.placeholders {
        toml.push_str(&format!("{k} = {v:?}\n"));
    }
    std::fs::write(&config_file, toml).unwrap();
    let dialect_arg = match dialect {
        Dialect::Postgres => "postgres",
        Dialect::Mysql => "mysql",
    };
    let mut args: Vec<String> = vec!["drift".into(), "--url".into(), url];
    args.extend(paths.iter().map(|p| p.to_string_lossy().into_owned()));
    for a in [
        "--dialect",
        dialect_arg,
        "--config",
        config_file.to_str().unwrap(),
        "--format",
        "json",
        "--fail-on",
        "never",
    ] {
        args.push(a.to_string());
    }
    let drift = tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        pitag(&args)
    })
    .await
    .unwrap();
    assert_eq!(code(&drift), 0, "{}: {}", set.name(), stderr(&drift));
    for f in json(&drift)["findings"].as_array().unwrap() {
        let rule = f["rule"].as_str().unwrap();
        if rule != "drift" && rule != "schema-drift" {
            continue;
        }
        let table = format!(
            "{}.{}",
            f["schema"].as_str().unwrap_or(""),
            f["table"].as_str().unwrap_or("")
        );
        if apply.not_in_set.contains(&table.as_str()) {
            continue;
        }
        out.push(format!(
            "pitag drift: {rule} on {table}{}: {}",
            f["column"]
                .as_str()
                .map(|c| format!(".{c}"))
                .unwrap_or_default(),
            f["message"].as_str().unwrap_or("")
        ));
    }
    out
}

/// PostGIS is installed for the server the tests run (Debian's packages put
/// it beside that server's own extensions).
fn postgis_available() -> bool {
    match servers::requested_pg_major() {
        None => std::path::Path::new("/usr/share/postgresql")
            .read_dir()
            .into_iter()
            .flatten()
            .flatten()
            .any(|d| d.path().join("extension/postgis.control").is_file()),
        Some(major) => std::path::Path::new(&format!(
            "/usr/share/postgresql/{major}/extension/postgis.control"
        ))
        .is_file(),
    }
}

/// Check every applicable set of `dialect` that `pick` selects.
async fn run_oracle(dialect: Dialect, pick: fn(&Set) -> bool) {
    let mut failures = Vec::new();
    let mut applied = 0;
    for set in SETS.iter().filter(|s| s.dialect == dialect && pick(s)) {
        let Ok(apply) = &set.apply else { continue };
        let Some(base) = base(set.home) else {
            eprintln!(
                "oracle: {} left out: no corpora folder (set PITAG_CORPORA)",
                set.name()
            );
            continue;
        };
        let paths: Vec<PathBuf> = set.paths.iter().map(|p| base.join(p)).collect();
        if apply.postgis && !postgis_available() {
            eprintln!(
                "oracle: {} left out: PostGIS is packaged for Debian's PostgreSQL only, not for PITAG_PG_VERSION={:?}",
                set.name(),
                servers::requested_pg_major()
            );
            continue;
        }
        for p in &paths {
            assert!(p.exists(), "{} is listed but does not exist", p.display());
        }
        let started = std::time::Instant::now();
        let mismatches = check(set, apply, paths, None).await;
        eprintln!(
            "oracle: {} checked in {:.1?}",
            set.name(),
            started.elapsed()
        );
        applied += 1;
        match (apply.known_mismatch, mismatches.is_empty()) {
            (None, true) => {}
            (None, false) => {
                failures.push(format!("{}:\n  {}", set.name(), mismatches.join("\n  ")))
            }
            (Some(why), false) => eprintln!(
                "oracle: {} disagrees, as known ({why}):\n  {}",
                set.name(),
                mismatches.join("\n  ")
            ),
            (Some(why), true) => failures.push(format!(
                "{}: now agrees with the server: remove its known_mismatch ({why})",
                set.name()
            )),
        }
    }
    assert!(applied > 0, "no set was applied");
    assert!(
        failures.is_empty(),
        "replay and the real server disagree on {} set(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn is_gitlab(set: &Set) -> bool {
    set.home == Corpora && set.paths[0].starts_with("gitlab/")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_fixtures_replay_agrees_with_the_server() {
    run_oracle(Dialect::Postgres, |s| s.home == Fixtures && !is_scenario(s)).await;
}

fn is_scenario(set: &Set) -> bool {
    set.home == Fixtures && set.paths[0].starts_with("tests/data/oracle/")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_scenarios_replay_agrees_with_the_server() {
    run_oracle(Dialect::Postgres, is_scenario).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mariadb_scenarios_replay_agrees_with_the_server() {
    run_oracle(Dialect::Mysql, is_scenario).await;
}

// The largest corpus (1,401 tables) is a test of its own so that it runs
// beside the others.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_gitlab_replay_agrees_with_the_server() {
    if corpora().is_none() {
        eprintln!("skipped: set PITAG_CORPORA to the shared corpora folder to run this test");
        return;
    }
    run_oracle(Dialect::Postgres, is_gitlab).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_corpora_replay_agrees_with_the_server() {
    if corpora().is_none() {
        eprintln!("skipped: set PITAG_CORPORA to the shared corpora folder to run this test");
        return;
    }
    run_oracle(Dialect::Postgres, |s| s.home == Corpora && !is_gitlab(s)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mariadb_replay_agrees_with_the_server() {
    run_oracle(Dialect::Mysql, |s| !is_scenario(s)).await;
}

/// The oracle can fail: production edited behind the migrations' back is seen
/// by both comparisons (a guard against an oracle that compares nothing).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_oracle_sees_a_hand_edit() {
    let set = &SETS[0];
    assert_eq!(set.paths, ["fixtures/postgres/clean"]);
    let mismatches = check(
        set,
        &PLAIN,
        vec![root().join(set.paths[0])],
        Some("COMMENT ON COLUMN customers.email IS 'edited by hand'; CREATE TABLE by_hand (email text)"),
    )
    .await;
    let text = mismatches.join("\n");
    assert!(
        text.contains(
            r#"column public.customers.email: comment: replay Some("Login e-mail #PPI"), database Some("edited by hand")"#
        ),
        "{text}"
    );
    assert!(
        text.contains("table public.by_hand: in the database, not in the replay"),
        "{text}"
    );
    assert!(
        text.contains("pitag drift: drift on public.customers.email"),
        "{text}"
    );
    assert!(
        text.contains("pitag drift: schema-drift on public.by_hand"),
        "{text}"
    );
}

/// Every migration folder of `fixtures/` and every corpus set is in [`SETS`]
/// (applied, or with the reason why not), so none falls through.
#[test]
fn every_set_is_listed() {
    let listed: BTreeSet<(Home, &str)> = SETS
        .iter()
        .flat_map(|s| s.paths.iter().map(|p| (s.home, *p)))
        .collect();
    let mut missing = Vec::new();
    for group in [
        "fixtures/postgres",
        "fixtures/mysql",
        "fixtures/drift",
        "tests/data/oracle/postgres",
        "tests/data/oracle/mysql",
    ] {
        for e in std::fs::read_dir(root().join(group)).unwrap().flatten() {
            if e.path().is_dir() || group.starts_with("tests/") {
                let p = format!("{group}/{}", e.file_name().to_string_lossy());
                if !listed.iter().any(|(h, l)| *h == Fixtures && *l == p) {
                    missing.push(p);
                }
            }
        }
    }
    if let Some(corpora) = corpora() {
        for e in std::fs::read_dir(&corpora).unwrap().flatten() {
            if !e.path().is_dir() {
                continue;
            }
            let name = e.file_name().to_string_lossy().into_owned();
            let covered = listed
                .iter()
                .any(|(h, l)| *h == Corpora && (*l == name || l.starts_with(&format!("{name}/"))));
            if !covered {
                missing.push(format!("corpora/{name}"));
            }
        }
    }
    assert!(missing.is_empty(), "sets not in SETS: {missing:?}");
    for s in SETS {
        if let Err(why) = s.apply {
            assert!(
                !why.trim().is_empty(),
                "{}: say why it cannot be applied",
                s.name()
            );
        }
    }
}

/// Two sets with the same paths would be one set checked twice.
#[test]
fn sets_are_distinct() {
    let mut seen = BTreeSet::new();
    for s in SETS {
        assert!(
            seen.insert((s.home, s.dialect as u8, s.name())),
            "{} twice",
            s.name()
        );
    }
}

impl PartialOrd for Home {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Home {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (*self as u8).cmp(&(*other as u8))
    }
}

//! `pitag fix`: the SQL it prints, the migrations it writes in every layout,
//! and (against real PostgreSQL and MariaDB servers from tests/servers)
//! that applying them repairs the findings and changes nothing but comments.

mod run_pitag;
mod servers;

use pitag::dialect::Dialect;
use run_pitag::*;
use servers::{MariaDbServer, PgServer};
use std::path::{Path, PathBuf};

/// Copy a fixture folder into a fresh temporary directory; returns (guard, copy).
fn copy_fixture(fixture: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join(fixture);
    let dst = dir.path().join(src.file_name().unwrap());
    for e in walkdir::WalkDir::new(&src) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(&src).unwrap();
        let to = dst.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    (dir, dst)
}

/// A folder of migrations from (relative path, text) pairs.
fn folder(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let dst = dir.path().join("migrations");
    for (name, text) in files {
        let p = dst.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    (dir, dst)
}

/// Every statement of the migrations under `path`, as `pitag migrations` replays them.
fn statements(path: &Path, dialect: Dialect) -> Vec<String> {
    servers::migration_statements(path, dialect)
}

/// Files under `dir` (recursively), relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    out.sort();
    out
}

fn new_files(before: &[String], dir: &Path) -> Vec<String> {
    files(dir)
        .into_iter()
        .filter(|f| !before.contains(f))
        .collect()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

const REPAIRED: &[&str] = &["missing-column-tag", "missing-table-tag", "lost-tag"];
const ALL_FIXABLE: &[&str] = &[
    "missing-column-tag",
    "missing-table-tag",
    "lost-tag",
    "malformed-tag",
    "misplaced-tag",
];

/// The findings of `rules` in a JSON report.
fn left(report: &serde_json::Value, rules: &[&str]) -> Vec<(String, String, Option<String>)> {
    keys(report)
        .into_iter()
        .filter(|(r, _, _)| rules.contains(&r.as_str()))
        .collect()
}

fn audit_folder(path: &Path, dialect: &str) -> serde_json::Value {
    let out = pitag(&[
        "migrations",
        p(path),
        "--dialect",
        dialect,
        "--format",
        "json",
    ]);
    assert!(code(&out) <= 1, "{}", stderr(&out));
    json(&out)
}

fn fix_write(path: &Path, dialect: &str) -> (std::process::Output, Vec<String>) {
    let before = files(path);
    let out = pitag(&["fix", p(path), "--dialect", dialect, "--write"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    (out, new_files(&before, path))
}

// ------------------------------------------------------------- printing SQL

#[test]
fn prints_comment_on_with_text_kept_and_tags_after_it() {
    let out = pitag(&[
        "fix",
        "fixtures/postgres/golang-migrate",
        "--dialect",
        "postgres",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let sql = stdout(&out);
    for line in [
        "COMMENT ON COLUMN public.users.email IS 'Login e-mail #PPI';",
        "COMMENT ON COLUMN public.addresses.street IS 'Street and house number #PPI';",
        "COMMENT ON COLUMN public.addresses.postal_code IS 'ZIP code #PPI';",
        "COMMENT ON COLUMN public.addresses.latitude IS '#GEO';",
        "COMMENT ON TABLE public.addresses IS 'Delivery addresses #PPI #GEO';",
    ] {
        assert!(sql.contains(line), "missing {line}\n{sql}");
    }
    // One statement per object, only SQL on stdout.
    assert_eq!(sql.matches("addresses.postal_code IS").count(), 1, "{sql}");
    assert!(
        sql.lines()
            .all(|l| l.starts_with("--") || l.starts_with("COMMENT ON")),
        "{sql}"
    );
    // Suppressed inline: not touched.
    assert!(!sql.contains("recovery_email"), "{sql}");
    let err = stderr(&out);
    assert!(err.contains("fixed 7 findings on 6 objects"), "{err}");
    assert!(err.contains("needs a human"), "{err}");
    assert!(err.contains("users.phone  late-tag"), "{err}");
}

#[test]
fn rule_and_confidence_limit_what_is_fixed() {
    let out = pitag(&[
        "fix",
        "fixtures/postgres/golang-migrate",
        "--rule",
        "lost-tag",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let sql = stdout(&out);
    assert!(
        sql.contains("public.users.email IS 'Login e-mail #PPI'"),
        "{sql}"
    );
    assert_eq!(sql.matches("COMMENT ON").count(), 1, "{sql}");
    assert!(stderr(&out).contains("rules not selected by --rule"));

    let out = pitag(&["fix", "fixtures/postgres/golang-migrate", "--rule", "PT005"]);
    assert_eq!(
        stdout(&out).matches("COMMENT ON").count(),
        1,
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("IS 'ZIP code #PPI'"));

    // `#ppi` on postal_code is a medium-confidence guess? Whatever the
    // classifier says, --min-confidence high never fixes more than medium.
    let count = |conf: &str| {
        let out = pitag(&[
            "fix",
            "fixtures/postgres/golang-migrate",
            "--min-confidence",
            conf,
        ]);
        stdout(&out).matches("COMMENT ON").count()
    };
    assert!(count("high") <= count("medium"));
    assert!(count("medium") <= count("low"));

    for bad in ["late-tag", "no-such-rule"] {
        let out = pitag(&["fix", "fixtures/postgres/golang-migrate", "--rule", bad]);
        assert_eq!(code(&out), 2, "{bad}");
        assert!(stdout(&out).is_empty());
    }
}

#[test]
fn nothing_to_fix_prints_nothing_and_exits_0() {
    let out = pitag(&["fix", "fixtures/postgres/clean"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("nothing to fix"));
    let (_g, dir) = copy_fixture("fixtures/postgres/diesel");
    let before = files(&dir);
    let out = pitag(&["fix", p(&dir), "--write"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(files(&dir), before, "nothing to fix writes nothing");
}

#[test]
fn errors_exit_2() {
    let out = pitag(&["fix", "no/such/folder"]);
    assert_eq!(code(&out), 2);
    // A plain dump has no migration order to follow.
    let (_g, dir) = copy_fixture("fixtures/postgres/dump");
    let before = files(&dir);
    let out = pitag(&["fix", p(&dir), "--write"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("without --write"), "{}", stderr(&out));
    assert_eq!(files(&dir), before);
    let out = pitag(&["fix", "--url", "postgres://u:p@127.0.0.1:1/x", "x"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn mysql_restates_the_definition_and_escapes_quotes_and_backslashes() {
    let (_g, dir) = folder(&[(
        "000001_init.up.sql",
        "CREATE TABLE clients (\n  id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,\n  \
         email varchar(190) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL UNIQUE COMMENT 'Bob''s \\\\ login',\n  \
         phone varchar(20) DEFAULT 'n/a' COMMENT 'say \"hi\"'\n) COMMENT='It''s a \\\\ table';\n",
    )]);
    let out = pitag(&["fix", p(&dir), "--dialect", "mysql"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let sql = stdout(&out);
    assert!(
        sql.contains(
            "MODIFY COLUMN `email` varchar(190) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL COMMENT 'Bob''s \\\\ login #PPI'"
        ),
        "{sql}"
    );
    assert!(
        sql.contains("MODIFY COLUMN `phone` varchar(20) DEFAULT 'n/a' COMMENT 'say \"hi\" #PPI'"),
        "{sql}"
    );
    assert!(sql.contains("COMMENT = 'It''s a \\\\ table #PPI'"), "{sql}");
    // The index stays where it is: no UNIQUE, no PRIMARY KEY restated.
    assert!(!sql.contains("UNIQUE") && !sql.contains("PRIMARY"), "{sql}");
    assert_eq!(
        sql.matches("ALTER TABLE").count(),
        1,
        "one statement per table\n{sql}"
    );
}

#[test]
fn postgres_escapes_quotes_and_keeps_backslashes() {
    let (_g, dir) = folder(&[(
        "0001_init.sql",
        "CREATE TABLE \"Member\" (id int, email text, \"user\" text);\n\
         COMMENT ON COLUMN \"Member\".email IS 'O''Brien''s C:\\mail';\n",
    )]);
    let out = pitag(&[
        "fix",
        p(&dir),
        "--dialect",
        "postgres",
        "--rule",
        "missing-column-tag",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let sql = stdout(&out);
    assert!(
        sql.contains("COMMENT ON COLUMN public.\"Member\".email IS 'O''Brien''s C:\\mail #PPI';"),
        "{sql}"
    );
}

// ------------------------------------------------------ writing, per layout

/// Write the fix into a copy of `fixture`, check the file names, then audit
/// the folder again: none of the repaired findings remain.
fn write_and_reaudit(
    fixture: &str,
    dialect: &str,
    expect: &[&str],
) -> (tempfile::TempDir, PathBuf, Vec<String>) {
    let (g, dir) = copy_fixture(fixture);
    let before = audit_folder(&dir, dialect);
    assert!(
        !left(&before, REPAIRED).is_empty(),
        "{fixture}: nothing to repair"
    );
    let (out, written) = fix_write(&dir, dialect);
    assert_eq!(written.len(), expect.len(), "{fixture}: {written:?}");
    for (w, pattern) in written.iter().zip(expect) {
        let re_ok = matches_pattern(w, pattern);
        assert!(re_ok, "{fixture}: wrote {w}, expected {pattern}");
        assert!(
            stderr(&out).contains(w.as_str()) || stderr(&out).contains("wrote"),
            "{}",
            stderr(&out)
        );
    }
    let after = audit_folder(&dir, dialect);
    assert!(
        left(&after, ALL_FIXABLE).is_empty(),
        "{fixture}: left after fix: {:?}\n{}",
        left(&after, ALL_FIXABLE),
        std::fs::read_to_string(dir.join(&written[0])).unwrap()
    );
    // Running fix again finds nothing to do.
    let again = pitag(&["fix", p(&dir), "--dialect", dialect]);
    assert!(stdout(&again).is_empty(), "{}", stdout(&again));
    (g, dir, written)
}

/// `#` stands for one digit, `*` for any run of characters.
fn matches_pattern(s: &str, pattern: &str) -> bool {
    fn go(s: &[u8], p: &[u8]) -> bool {
        match (p.first(), s.first()) {
            (None, None) => true,
            (Some(b'*'), _) => go(s, &p[1..]) || (!s.is_empty() && go(&s[1..], p)),
            (Some(b'#'), Some(c)) if c.is_ascii_digit() => go(&s[1..], &p[1..]),
            (Some(a), Some(b)) if a == b => go(&s[1..], &p[1..]),
            _ => false,
        }
    }
    go(s.as_bytes(), pattern.as_bytes())
}

#[test]
fn golang_migrate_gets_the_next_version_with_a_down_file() {
    let (_g, dir, w) = write_and_reaudit(
        "fixtures/postgres/golang-migrate",
        "postgres",
        &[
            "000005_pitag_fix_tags.down.sql",
            "000005_pitag_fix_tags.up.sql",
        ],
    );
    let down = std::fs::read_to_string(dir.join(&w[0])).unwrap();
    assert!(
        down.contains("COMMENT ON COLUMN public.users.email IS 'Login e-mail';"),
        "{down}"
    );
    assert!(
        down.contains("COMMENT ON COLUMN public.addresses.latitude IS NULL;"),
        "{down}"
    );
    write_and_reaudit(
        "fixtures/mysql/golang-migrate",
        "mysql",
        &[
            "000004_pitag_fix_tags.down.sql",
            "000004_pitag_fix_tags.up.sql",
        ],
    );
}

#[test]
fn flyway_gets_the_next_major_version() {
    write_and_reaudit(
        "fixtures/postgres/flyway",
        "postgres",
        &["V11__pitag_fix_tags.sql"],
    );
    write_and_reaudit(
        "fixtures/mysql/flyway",
        "mysql",
        &["V2__pitag_fix_tags.sql"],
    );
}

#[test]
fn timestamped_layouts_get_a_later_timestamp() {
    let (_g, dir, w) = write_and_reaudit(
        "fixtures/postgres/dbmate",
        "postgres",
        &["20############_pitag_fix_tags.sql"],
    );
    let text = std::fs::read_to_string(dir.join(&w[0])).unwrap();
    assert!(text.starts_with("-- migrate:up\n"), "{text}");
    assert!(text.contains("\n-- migrate:down\n"), "{text}");
    assert!(w[0].as_str() > "20240301000000", "{w:?}");

    let (_g, dir, w) = write_and_reaudit(
        "fixtures/postgres/goose",
        "postgres",
        &["20############_pitag_fix_tags.sql"],
    );
    let text = std::fs::read_to_string(dir.join(&w[0])).unwrap();
    assert!(
        text.contains("-- +goose Up\n") && text.contains("-- +goose Down\n"),
        "{text}"
    );

    write_and_reaudit(
        "fixtures/mysql/sqlx",
        "mysql",
        &["20############_pitag_fix_tags.sql"],
    );
    write_and_reaudit(
        "fixtures/postgres/prisma",
        "postgres",
        &["20############_pitag_fix_tags/migration.sql"],
    );
    write_and_reaudit(
        "fixtures/mysql/popx",
        "mysql",
        &[
            "20############_pitag_fix_tags.mysql.down.sql",
            "20############_pitag_fix_tags.mysql.up.sql",
        ],
    );
}

#[test]
fn liquibase_gets_a_new_changeset_file() {
    let (_g, dir, w) = write_and_reaudit(
        "fixtures/postgres/liquibase",
        "postgres",
        &["002-pitag-fix-tags.sql"],
    );
    let text = std::fs::read_to_string(dir.join(&w[0])).unwrap();
    assert!(text.starts_with("--liquibase formatted sql\n"), "{text}");
    assert!(
        text.contains("--changeset pitag:002-pitag_fix_tags\n"),
        "{text}"
    );
    assert!(
        text.contains("--rollback COMMENT ON COLUMN public.members.email IS 'Contact e-mail';"),
        "{text}"
    );
}

#[test]
fn diesel_gets_a_new_folder() {
    let (_g, dir) = folder(&[
        (
            "2024-01-01-000000_create_users/up.sql",
            "CREATE TABLE users (id int, email text);\n",
        ),
        (
            "2024-01-01-000000_create_users/down.sql",
            "DROP TABLE users;\n",
        ),
    ]);
    let (_, w) = fix_write(&dir, "postgres");
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(
        matches_pattern(&w[0], "20##-##-##-######_pitag_fix_tags/down.sql"),
        "{w:?}"
    );
    assert!(
        matches_pattern(&w[1], "20##-##-##-######_pitag_fix_tags/up.sql"),
        "{w:?}"
    );
    assert!(left(&audit_folder(&dir, "postgres"), ALL_FIXABLE).is_empty());
}

// ------------------------------------------------------------ real servers

async fn pg_comments(pg: &PgServer, db: &str) -> String {
    pg.psql(
        db,
        "SELECT c.relname || '.' || coalesce(a.attname, '') || '=' || coalesce(d.description, '<null>') \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         LEFT JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass \
         LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid AND d.objsubid > 0 \
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1",
    )
    .1
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_written_fix_applies_and_leaves_nothing_to_repair() {
    let pg = PgServer::shared();
    let (_g, dir) = copy_fixture("fixtures/postgres/golang-migrate");
    let original = statements(&dir, Dialect::Postgres);
    let d2 = dir.clone();
    let (_, written) = tokio::task::spawn_blocking(move || fix_write(&d2, "postgres"))
        .await
        .unwrap();
    let db = pg.create_db("fix").await;
    // The fixture alters a table no migration creates (unknown-table).
    pg.exec(&db, "CREATE TABLE orders (id int)").await;
    for s in &original {
        pg.exec(&db, s).await;
    }
    let before = pg_comments(pg, &db).await;
    let up = std::fs::read_to_string(dir.join(&written[1])).unwrap();
    pg.exec(&db, &up).await;
    let after = pg_comments(pg, &db).await;
    for expected in [
        "users.email=Login e-mail #PPI",
        "addresses.street=Street and house number #PPI",
        "addresses.postal_code=ZIP code #PPI",
        "addresses.=Delivery addresses #PPI #GEO",
    ] {
        assert!(
            after.lines().any(|l| l == expected),
            "{expected} not in\n{after}"
        );
    }
    // Suppressed inline: untouched.
    let recovery = |s: &str| {
        s.lines()
            .filter(|l| l.contains("recovery_email"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(recovery(&after), recovery(&before));
    // The live database and the folder (with the new migration) agree: nothing left to repair.
    let url = pg.admin_url(&db);
    let d3 = dir.clone();
    let (live, folder) = tokio::task::spawn_blocking(move || {
        let live = pitag(&["db", "--url", &url, "--format", "json"]);
        (json(&live), audit_folder(&d3, "postgres"))
    })
    .await
    .unwrap();
    // recovery_email is suppressed inline in the migrations; a live database has no suppressions.
    let live_left: Vec<_> = left(&live, ALL_FIXABLE)
        .into_iter()
        .filter(|(_, _, c)| c.as_deref() != Some("recovery_email"))
        .collect();
    assert!(live_left.is_empty(), "{live:#}");
    assert!(left(&folder, ALL_FIXABLE).is_empty(), "{folder:#}");
    // The down migration restores every previous comment exactly.
    let down = std::fs::read_to_string(dir.join(&written[0])).unwrap();
    pg.exec(&db, &down).await;
    assert_eq!(pg_comments(pg, &db).await, before);
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_live_fix_prints_sql_that_repairs_the_database() {
    let pg = PgServer::shared();
    let db = pg.create_db("fixlive").await;
    pg.exec(
        &db,
        "CREATE TABLE people (id int, email text, home_lat double precision, \"Phone\" text); \
         COMMENT ON TABLE people IS 'People''s table'; \
         COMMENT ON COLUMN people.email IS 'Mail \\ of O''Neil'; \
         COMMENT ON COLUMN people.\"Phone\" IS '#ppi Phone';",
    )
    .await;
    let url = pg.admin_url(&db);
    let out = tokio::task::spawn_blocking(move || pitag(&["fix", "--url", &url]))
        .await
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let sql = stdout(&out);
    assert!(!sql.contains(servers::PG_SUPERUSER_PASSWORD));
    pg.exec(&db, &sql).await;
    let comments = pg_comments(pg, &db).await;
    assert!(
        comments.contains("people.email=Mail \\ of O'Neil #PPI"),
        "{comments}"
    );
    assert!(comments.contains("people.Phone=Phone #PPI"), "{comments}");
    assert!(
        comments.contains("people.=People's table #PPI"),
        "{comments}"
    );
    let url = pg.admin_url(&db);
    let live = tokio::task::spawn_blocking(move || {
        json(&pitag(&["db", "--url", &url, "--format", "json"]))
    })
    .await
    .unwrap();
    assert!(left(&live, ALL_FIXABLE).is_empty(), "{live:#}");
}

/// Every fact about the columns, indexes and checks but the comments.
async fn mysql_shape(my: &MariaDbServer, db: &str) -> String {
    let sql = format!(
        "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE, \
         CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, \
         CHARACTER_SET_NAME, COLLATION_NAME, COLUMN_TYPE, COLUMN_KEY, EXTRA, PRIVILEGES, \
         IS_GENERATED, GENERATION_EXPRESSION FROM information_schema.COLUMNS \
         WHERE TABLE_SCHEMA = '{db}' ORDER BY TABLE_NAME, ORDINAL_POSITION; \
         SELECT TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, NON_UNIQUE FROM information_schema.STATISTICS \
         WHERE TABLE_SCHEMA = '{db}' ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX; \
         SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS \
         WHERE CONSTRAINT_SCHEMA = '{db}' ORDER BY TABLE_NAME, CONSTRAINT_NAME; \
         SELECT TABLE_NAME, CONSTRAINT_NAME, REFERENCED_TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS \
         WHERE CONSTRAINT_SCHEMA = '{db}' ORDER BY TABLE_NAME, CONSTRAINT_NAME"
    );
    my.client(db, &sql).1
}

async fn mysql_comments(my: &MariaDbServer, db: &str) -> String {
    my.client(
        db,
        &format!(
            "SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME, '=', COLUMN_COMMENT) FROM information_schema.COLUMNS \
             WHERE TABLE_SCHEMA = '{db}' ORDER BY 1; \
             SELECT CONCAT(TABLE_NAME, '.=', TABLE_COMMENT) FROM information_schema.TABLES \
             WHERE TABLE_SCHEMA = '{db}' ORDER BY 1"
        ),
    )
    .1
}

/// Columns of every kind the restatement must preserve, with comments that
/// need escaping.
const MYSQL_RICH: &str = "CREATE TABLE owners (id int NOT NULL PRIMARY KEY) ENGINE=InnoDB;
CREATE TABLE customers (
  id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email varchar(190) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL UNIQUE COMMENT 'Bob''s \\\\ login',
  phone varchar(20) DEFAULT 'n/a' COMMENT 'Say \"hi\"',
  first_name varchar(100) COLLATE utf8mb4_unicode_ci DEFAULT NULL,
  birth_date date NOT NULL DEFAULT '2000-01-01',
  iban char(34) NOT NULL COMMENT 'Refund' CHECK (iban <> ''),
  balance decimal(12,2) unsigned NOT NULL DEFAULT 0.00,
  home_lat double DEFAULT NULL,
  full_name varchar(201) GENERATED ALWAYS AS (concat(first_name, ' ', email)) VIRTUAL,
  card_number varchar(19) INVISIBLE DEFAULT NULL,
  owner_id int REFERENCES owners (id),
  national_id varchar(20) DEFAULT (uuid()),
  created_at timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='It''s our customers';
CREATE TABLE licences (passport_number serial, note text) ENGINE=InnoDB;
";

#[tokio::test(flavor = "multi_thread")]
async fn mariadb_written_fix_changes_nothing_but_comments() {
    let my = MariaDbServer::shared();
    let (_g, dir) = folder(&[
        ("000001_rich.up.sql", MYSQL_RICH),
        ("000001_rich.down.sql", "DROP TABLE customers; DROP TABLE owners;"),
        (
            "000002_widen.up.sql",
            "ALTER TABLE customers MODIFY email varchar(200) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL;\n",
        ),
        ("000002_widen.down.sql", "SELECT 1;"),
    ]);
    let original = statements(&dir, Dialect::Mysql);
    let d2 = dir.clone();
    let (out, written) = tokio::task::spawn_blocking(move || fix_write(&d2, "mysql"))
        .await
        .unwrap();
    assert_eq!(
        written,
        [
            "000003_pitag_fix_tags.down.sql",
            "000003_pitag_fix_tags.up.sql"
        ]
    );
    let db = my.create_db("fix").await;
    for s in &original {
        my.exec(&db, s).await;
    }
    let shape = mysql_shape(my, &db).await;
    let before = mysql_comments(my, &db).await;
    let up = std::fs::read_to_string(dir.join(&written[1])).unwrap();
    my.exec(&db, &up).await;
    assert_eq!(
        mysql_shape(my, &db).await,
        shape,
        "the fix changed more than comments:\n{up}"
    );
    let comments = mysql_comments(my, &db).await;
    // `client` prints with -B: a backslash shows as `\\`.
    for expected in [
        "customers.phone=Say \"hi\" #PPI",
        // Dropped by 000002's MODIFY without COMMENT: restored with its text.
        "customers.email=Bob's \\\\ login #PPI",
        "customers.iban=Refund #PPI",
        "customers.first_name=#PPI",
        "customers.card_number=#PPI",
        "licences.passport_number=#PPI",
    ] {
        assert!(
            comments.lines().any(|l| l == expected),
            "{expected} not in\n{comments}\n{up}\n{}",
            stderr(&out)
        );
    }
    assert!(
        comments
            .lines()
            .any(|l| l.starts_with("customers.=It's our customers #PPI")),
        "{comments}"
    );
    let url = my.admin_url(&db);
    let d3 = dir.clone();
    let (live, folder) = tokio::task::spawn_blocking(move || {
        (
            json(&pitag(&["db", "--url", &url, "--format", "json"])),
            audit_folder(&d3, "mysql"),
        )
    })
    .await
    .unwrap();
    assert!(left(&live, REPAIRED).is_empty(), "{live:#}");
    assert!(left(&folder, ALL_FIXABLE).is_empty(), "{folder:#}");
    // Down restores the comments, again without touching anything else.
    let down = std::fs::read_to_string(dir.join(&written[0])).unwrap();
    my.exec(&db, &down).await;
    assert_eq!(mysql_shape(my, &db).await, shape);
    assert_eq!(mysql_comments(my, &db).await, before);
}

#[tokio::test(flavor = "multi_thread")]
async fn mariadb_fixture_and_live_fix_change_nothing_but_comments() {
    let my = MariaDbServer::shared();
    // The bundled fixture, written as a migration.
    let (_g, dir) = copy_fixture("fixtures/mysql/golang-migrate");
    let original = statements(&dir, Dialect::Mysql);
    let d2 = dir.clone();
    let (_, written) = tokio::task::spawn_blocking(move || fix_write(&d2, "mysql"))
        .await
        .unwrap();
    let db = my.create_db("fixfx").await;
    for s in &original {
        my.exec(&db, s).await;
    }
    let shape = mysql_shape(my, &db).await;
    my.exec(
        &db,
        &std::fs::read_to_string(dir.join(&written[1])).unwrap(),
    )
    .await;
    assert_eq!(mysql_shape(my, &db).await, shape);

    // Live: the rich schema, definitions from the catalog, column CHECK
    // included (information_schema.CHECK_CONSTRAINTS, LEVEL = 'Column').
    let db = my.create_db("fixlive").await;
    my.exec(&db, MYSQL_RICH).await;
    let shape = mysql_shape(my, &db).await;
    let url = my.admin_url(&db);
    let out = tokio::task::spawn_blocking(move || pitag(&["fix", "--url", &url]))
        .await
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let sql = stdout(&out);
    assert!(sql.contains("MODIFY COLUMN"), "{sql}");
    assert!(
        sql.contains(
            "MODIFY COLUMN `iban` char(34) NOT NULL COMMENT 'Refund #PPI' CHECK (`iban` <> '')"
        ),
        "{sql}"
    );
    my.exec(&db, &sql).await;
    assert_eq!(
        mysql_shape(my, &db).await,
        shape,
        "live fix changed more than comments:\n{sql}"
    );
    let comments = mysql_comments(my, &db).await;
    for expected in [
        "customers.phone=Say \"hi\" #PPI",
        "customers.iban=Refund #PPI",
    ] {
        assert!(
            comments.lines().any(|l| l == expected),
            "{expected} not in\n{comments}"
        );
    }
    let url = my.admin_url(&db);
    let live = tokio::task::spawn_blocking(move || {
        json(&pitag(&["db", "--url", &url, "--format", "json"]))
    })
    .await
    .unwrap();
    assert!(left(&live, REPAIRED).is_empty(), "{live:#}");
}

/// Attribute ALTERs after a column's last full definition: the restatement
/// follows SET/DROP DEFAULT (keeping a column check); a CONVERT TO
/// CHARACTER SET makes the definition unknown (a human restates it); and a
/// tagged comment dropped by MODIFY comes back with its text.
const MYSQL_LATE_ALTERS: &[(&str, &str)] = &[
    (
        "000001_init.up.sql",
        "CREATE TABLE accounts (
  id int NOT NULL PRIMARY KEY,
  email varchar(100) NOT NULL DEFAULT 'none' COMMENT 'Login e-mail #PPI',
  phone varchar(30) DEFAULT 'n/a' COMMENT 'Phone',
  first_name varchar(50) NOT NULL DEFAULT 'x' COMMENT 'Given name' CHECK (first_name <> ''),
  last_name varchar(50) DEFAULT 'y'
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='Accounts #PPI';
CREATE TABLE legacy (id int, email varchar(100) COMMENT 'Mail') ENGINE=InnoDB DEFAULT CHARSET=latin1;
",
    ),
    ("000001_init.down.sql", "DROP TABLE accounts; DROP TABLE legacy;"),
    (
        "000002_alter.up.sql",
        "ALTER TABLE accounts ALTER COLUMN phone SET DEFAULT 'unknown', ALTER last_name DROP DEFAULT;
ALTER TABLE accounts MODIFY email varchar(120) NOT NULL DEFAULT 'none';
ALTER TABLE accounts ALTER email SET DEFAULT 'it''s nobody';
ALTER TABLE accounts ALTER first_name DROP DEFAULT;
ALTER TABLE legacy CONVERT TO CHARACTER SET utf8mb4;
",
    ),
    ("000002_alter.down.sql", "SELECT 1;"),
];

#[tokio::test(flavor = "multi_thread")]
async fn mariadb_fix_follows_alters_after_the_last_definition() {
    let my = MariaDbServer::shared();
    let (_g, dir) = folder(MYSQL_LATE_ALTERS);
    let original = statements(&dir, Dialect::Mysql);
    let db = my.create_db("fixlate").await;
    for s in &original {
        my.exec(&db, s).await;
    }
    let shape = mysql_shape(my, &db).await;
    let d2 = dir.clone();
    let out = tokio::task::spawn_blocking(move || pitag(&["fix", p(&d2), "--dialect", "mysql"]))
        .await
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let sql = stdout(&out);
    for part in [
        "MODIFY COLUMN `email` varchar(120) NOT NULL DEFAULT 'it''s nobody' COMMENT 'Login e-mail #PPI'",
        "MODIFY COLUMN `phone` varchar(30) DEFAULT 'unknown' COMMENT 'Phone #PPI'",
        "MODIFY COLUMN `first_name` varchar(50) NOT NULL COMMENT 'Given name #PPI' CHECK (first_name <> '')",
        "MODIFY COLUMN `last_name` varchar(50) COMMENT '#PPI'",
    ] {
        assert!(sql.contains(part), "missing {part}\n{sql}");
    }
    // legacy.email changed character set after its definition: not restated.
    let legacy = &sql[sql
        .find("ALTER TABLE `legacy`")
        .expect("legacy table comment")..];
    assert!(!legacy.contains("MODIFY"), "{sql}");
    let err = stderr(&out);
    assert!(
        err.contains("legacy.email") && err.contains("definition is not known"),
        "{err}"
    );

    my.exec(&db, &sql).await;
    // information_schema.COLUMNS (and indexes, checks) unchanged but comments.
    assert_eq!(
        mysql_shape(my, &db).await,
        shape,
        "the fix changed more than comments:\n{sql}"
    );
    let comments = mysql_comments(my, &db).await;
    for expected in [
        "accounts.email=Login e-mail #PPI",
        "accounts.phone=Phone #PPI",
        "accounts.first_name=Given name #PPI",
        "accounts.last_name=#PPI",
        "legacy.email=Mail",
    ] {
        assert!(
            comments.lines().any(|l| l == expected),
            "{expected} not in\n{comments}\n{sql}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_restores_a_cleared_comment_but_keeps_deliberate_text() {
    let pg = PgServer::shared();
    let (_g, dir) = folder(&[
        (
            "000001_init.up.sql",
            "CREATE TABLE members (id int, email text, full_name text, phone text);\n\
             COMMENT ON COLUMN members.email IS 'Login e-mail #PPI';\n\
             COMMENT ON COLUMN members.full_name IS 'Name #PPI';\n\
             COMMENT ON COLUMN members.phone IS 'Mobile #PPI';\n\
             COMMENT ON TABLE members IS 'Club members #PPI';\n",
        ),
        ("000001_init.down.sql", "DROP TABLE members;\n"),
        (
            "000002_edit.up.sql",
            "COMMENT ON COLUMN members.email IS NULL;\n\
             COMMENT ON COLUMN members.phone IS '';\n\
             COMMENT ON COLUMN members.full_name IS 'Display name';\n\
             COMMENT ON TABLE members IS NULL;\n",
        ),
        ("000002_edit.down.sql", "SELECT 1;\n"),
    ]);
    let original = statements(&dir, Dialect::Postgres);
    let db = pg.create_db("fixrestore").await;
    for s in &original {
        pg.exec(&db, s).await;
    }
    let d2 = dir.clone();
    let out = tokio::task::spawn_blocking(move || pitag(&["fix", p(&d2), "--dialect", "postgres"]))
        .await
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let sql = stdout(&out);
    pg.exec(&db, &sql).await;
    let comments = pg_comments(pg, &db).await;
    for expected in [
        "members.email=Login e-mail #PPI",
        "members.phone=Mobile #PPI",
        "members.full_name=Display name #PPI",
        "members.=Club members #PPI",
    ] {
        assert!(
            comments.lines().any(|l| l == expected),
            "{expected} not in\n{comments}\n{sql}"
        );
    }
}

/// The `pitag: error:` line of a run's stderr.
fn error_line(out: &std::process::Output) -> String {
    stderr(out)
        .lines()
        .find(|l| l.starts_with("pitag: error:"))
        .unwrap_or_else(|| panic!("no error line in:\n{}", stderr(out)))
        .to_string()
}

#[test]
fn placeholders_are_substituted_and_an_empty_replay_exits_2() {
    let (dir, migrations) = folder(&[(
        "V1__init.sql",
        "CREATE TABLE ${schema}.users (id int, email text);\n",
    )]);
    let path = migrations.to_str().unwrap();
    let run = |args: &[&str]| pitag_in(dir.path(), args);

    // Unresolved: nothing was audited, so fix fails as `migrations` does.
    let fixed = run(&["fix", path]);
    assert_eq!(code(&fixed), 2, "{}", stderr(&fixed));
    assert_eq!(stdout(&fixed), "");
    let audited = run(&["migrations", path]);
    assert_eq!(code(&audited), 2);
    let line = error_line(&fixed);
    assert!(line.contains("nothing to audit in"), "{line}");
    assert!(line.contains("--placeholder schema="), "{line}");
    assert_eq!(line, error_line(&audited));

    // --placeholder NAME=VALUE, and it wins over [placeholders] in pitag.toml.
    std::fs::write(
        dir.path().join("pitag.toml"),
        "[placeholders]\nschema = \"from_config\"\n",
    )
    .unwrap();
    let out = run(&["fix", path]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("COMMENT ON COLUMN from_config.users.email"),
        "{}",
        stdout(&out)
    );
    let out = run(&["fix", path, "--placeholder", "schema=app"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("COMMENT ON COLUMN app.users.email IS '#PPI';"),
        "{}",
        stdout(&out)
    );
    assert!(!stdout(&out).contains("from_config"));
    let out = run(&["fix", path, "--placeholder", "schema"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("NAME=VALUE"), "{}", stderr(&out));

    // Statements that create no table: the same exit and message too.
    let (dir, migrations) = folder(&[("V1__noop.sql", "SELECT 1;\n")]);
    let path = migrations.to_str().unwrap();
    let fixed = pitag_in(dir.path(), &["fix", path]);
    assert_eq!(code(&fixed), 2, "{}", stderr(&fixed));
    let line = error_line(&fixed);
    assert!(line.contains("created no table"), "{line}");
    assert_eq!(
        line,
        error_line(&pitag_in(dir.path(), &["migrations", path]))
    );
}

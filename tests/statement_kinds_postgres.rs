//! Every PostgreSQL statement and `ALTER TABLE` sub-command kind that can
//! create, drop, rename or re-comment a table or column, as data: the SQL,
//! the model replay must end with, and what it must report. A kind missing
//! from this list is a kind nobody checked; add a row with the new kind.
//!
//! `kinds_replay_as_listed` checks the replay; `kinds_match_a_real_server`
//! applies every row the server accepts to PostgreSQL and asks `pitag drift`
//! whether the replay and the live catalog agree.

mod run_pitag;
mod servers;

use pitag::dialect::Dialect;
use pitag::model::{Schema, TableKind};
use pitag::source::replay::parse::{Op, Parsed};
use pitag::source::replay::pg_kinds::PgOp;
use pitag::source::replay::plpgsql::{Procedural, Step};
use pitag::source::replay::{ParsedStatement, Replayer};
use pitag::source::split;
use run_pitag::*;
use servers::PgServer;

const PG: Dialect = Dialect::Postgres;

/// One statement kind.
struct Kind {
    kind: &'static str,
    /// Run first (its effect is part of `model`).
    setup: &'static str,
    sql: &'static str,
    /// The model afterwards: `schema.table[kind]='comment'(col, col='comment')`, space separated.
    model: &'static str,
    /// What replay reports (rule names, sorted, space separated).
    reported: &'static str,
    /// The server accepts the SQL (false: it refuses it, as replay reports).
    server: bool,
}

const SRC: &str = "CREATE TABLE s (id int, email text); COMMENT ON COLUMN s.email IS 'Mail #PPI';";
const SRC_MODEL: &str = "public.s(id, email='Mail #PPI')";
const PARTS: &str = "CREATE TABLE p (id int, at date) PARTITION BY RANGE (at);";
const FDW: &str = "CREATE FOREIGN DATA WRAPPER pitag_fdw; CREATE SERVER pitag_srv FOREIGN DATA WRAPPER pitag_fdw;";

macro_rules! kind {
    ($kind:expr, $setup:expr, $sql:expr, $model:expr) => {
        kind!($kind, $setup, $sql, $model, "", true)
    };
    ($kind:expr, $setup:expr, $sql:expr, $model:expr, $reported:expr) => {
        kind!($kind, $setup, $sql, $model, $reported, true)
    };
    ($kind:expr, $setup:expr, $sql:expr, $model:expr, $reported:expr, $server:expr) => {
        Kind {
            kind: $kind,
            setup: $setup,
            sql: $sql,
            model: $model,
            reported: $reported,
            server: $server,
        }
    };
}

fn kinds() -> Vec<Kind> {
    vec![
        // Creating tables.
        kind!("CREATE TABLE", "", "CREATE TABLE t (id int, email text)", "public.t(id, email)"),
        kind!(
            "CREATE TABLE IF NOT EXISTS (existing)",
            "CREATE TABLE t (id int);",
            "CREATE TABLE IF NOT EXISTS t (id int, email text)",
            "public.t(id)"
        ),
        kind!("CREATE UNLOGGED TABLE", "", "CREATE UNLOGGED TABLE t (email text)", "public.t(email)"),
        kind!("CREATE TEMP TABLE", "", "CREATE TEMP TABLE t (email text)", ""),
        kind!(
            "CREATE TABLE AS",
            SRC,
            "CREATE TABLE t AS SELECT id, email AS mail FROM s",
            "public.s(id, email='Mail #PPI') public.t(id, mail)"
        ),
        kind!(
            "CREATE TABLE AS … WITH NO DATA",
            SRC,
            "CREATE TABLE t AS SELECT * FROM s WITH NO DATA",
            "public.s(id, email='Mail #PPI') public.t(id, email)"
        ),
        kind!(
            "SELECT INTO",
            SRC,
            "SELECT id, email INTO t FROM s",
            "public.s(id, email='Mail #PPI') public.t(id, email)"
        ),
        kind!(
            "WITH … SELECT INTO",
            SRC,
            "WITH x AS (SELECT * FROM s) SELECT id, email AS mail INTO t FROM x",
            "public.s(id, email='Mail #PPI') public.t(id, mail)"
        ),
        kind!(
            "WITH … INSERT INTO",
            SRC,
            "WITH x AS (SELECT 1 AS id) INSERT INTO s (id) SELECT id FROM x",
            SRC_MODEL
        ),
        kind!(
            "SELECT INTO TEMP",
            SRC,
            "SELECT id, email INTO TEMP t FROM s",
            SRC_MODEL
        ),
        kind!(
            "CREATE TABLE (LIKE … INCLUDING COMMENTS)",
            SRC,
            "CREATE TABLE t (LIKE s INCLUDING COMMENTS)",
            "public.s(id, email='Mail #PPI') public.t(id, email='Mail #PPI')"
        ),
        kind!(
            "CREATE TABLE (LIKE …)",
            SRC,
            "CREATE TABLE t (LIKE s)",
            "public.s(id, email='Mail #PPI') public.t(id, email)"
        ),
        kind!(
            "CREATE TABLE … INHERITS",
            SRC,
            "CREATE TABLE t (phone text) INHERITS (s)",
            "public.s(id, email='Mail #PPI') public.t(id, email, phone)"
        ),
        kind!(
            "CREATE TABLE … PARTITION OF",
            PARTS,
            "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
            "public.p(id, at)"
        ),
        kind!(
            "CREATE TABLE … OF type",
            "CREATE TYPE person AS (name text, email text);",
            "CREATE TABLE t OF person",
            "public.t(name, email)"
        ),
        kind!(
            "CREATE FOREIGN TABLE",
            FDW,
            "CREATE FOREIGN TABLE f (id int, email text) SERVER pitag_srv",
            "public.f[foreign](id, email)"
        ),
        kind!(
            "CREATE VIEW",
            SRC,
            "CREATE VIEW v AS SELECT email FROM s",
            "public.s(id, email='Mail #PPI') public.v[view](email)"
        ),
        kind!(
            "CREATE MATERIALIZED VIEW",
            SRC,
            "CREATE MATERIALIZED VIEW m AS SELECT id, email AS mail FROM s",
            "public.m[mv](id, mail) public.s(id, email='Mail #PPI')"
        ),
        kind!(
            "CREATE MATERIALIZED VIEW (column list)",
            SRC,
            "CREATE MATERIALIZED VIEW m (a, b) AS SELECT id, email FROM s",
            "public.m[mv](a, b) public.s(id, email='Mail #PPI')"
        ),
        kind!(
            "CREATE MATERIALIZED VIEW over UNION",
            SRC,
            "CREATE MATERIALIZED VIEW m AS SELECT id, email FROM s UNION SELECT 1, 'x'",
            "public.m[mv](id, email) public.s(id, email='Mail #PPI')"
        ),
        kind!(
            "CREATE MATERIALIZED VIEW over WITH",
            SRC,
            "CREATE MATERIALIZED VIEW m AS WITH x AS (SELECT * FROM s) SELECT id, email FROM x",
            "public.m[mv](id, email) public.s(id, email='Mail #PPI')"
        ),
        kind!(
            "CREATE MATERIALIZED VIEW over a subquery",
            SRC,
            "CREATE MATERIALIZED VIEW m AS SELECT a.id, a.email FROM (SELECT * FROM s) a",
            "public.m[mv](id, email) public.s(id, email='Mail #PPI')"
        ),
        kind!(
            "CREATE TABLE (LIKE …, more columns)",
            SRC,
            "CREATE TABLE t (LIKE s INCLUDING ALL, phone text)",
            "public.s(id, email='Mail #PPI') public.t(id, email='Mail #PPI', phone)"
        ),
        kind!(
            "CREATE OR REPLACE VIEW",
            SRC,
            "CREATE VIEW v AS SELECT id FROM s; COMMENT ON VIEW v IS 'V #PPI'; CREATE OR REPLACE VIEW v AS SELECT id, email FROM s",
            "public.s(id, email='Mail #PPI') public.v[view]='V #PPI'(id, email)"
        ),
        kind!(
            "DROP TABLE of a partition",
            "CREATE TABLE p (id int, at date) PARTITION BY RANGE (at); CREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
            "DROP TABLE p1",
            "public.p(id, at)"
        ),
        // ALTER TABLE sub-commands.
        kind!(
            "ALTER TABLE … RENAME COLUMN of a view",
            SRC,
            "CREATE VIEW v AS SELECT id, email FROM s; ALTER TABLE v RENAME COLUMN email TO mail",
            "public.s(id, email='Mail #PPI') public.v[view](id, mail)"
        ),
        kind!(
            "ADD COLUMN … GENERATED",
            SRC,
            "ALTER TABLE s ADD COLUMN lower_email text GENERATED ALWAYS AS (lower(email)) STORED",
            "public.s(id, email='Mail #PPI', lower_email)"
        ),
        kind!(
            "ALTER FOREIGN TABLE DROP COLUMN / COMMENT ON its column",
            FDW,
            "CREATE FOREIGN TABLE f (id int, email text) SERVER pitag_srv; ALTER FOREIGN TABLE f DROP COLUMN id; COMMENT ON COLUMN f.email IS 'E #PPI'",
            "public.f[foreign](email='E #PPI')"
        ),
        kind!(
            "ADD COLUMN",
            SRC,
            "ALTER TABLE s ADD COLUMN phone text, ADD fax text",
            "public.s(id, email='Mail #PPI', phone, fax)"
        ),
        kind!(
            "ADD COLUMN IF NOT EXISTS (existing)",
            SRC,
            "ALTER TABLE s ADD COLUMN IF NOT EXISTS email varchar(9)",
            SRC_MODEL
        ),
        kind!(
            "DROP COLUMN",
            SRC,
            "ALTER TABLE s DROP COLUMN email",
            "public.s(id)"
        ),
        kind!(
            "DROP COLUMN IF EXISTS (missing)",
            SRC,
            "ALTER TABLE s DROP COLUMN IF EXISTS nope",
            SRC_MODEL
        ),
        kind!(
            "RENAME COLUMN",
            SRC,
            "ALTER TABLE s RENAME COLUMN email TO mail",
            "public.s(id, mail='Mail #PPI')"
        ),
        kind!(
            "RENAME (COLUMN omitted)",
            SRC,
            "ALTER TABLE s RENAME email TO mail",
            "public.s(id, mail='Mail #PPI')"
        ),
        kind!(
            "RENAME COLUMN of a missing column",
            SRC,
            "ALTER TABLE s RENAME COLUMN nope TO mail",
            SRC_MODEL,
            "rejected-statement",
            false
        ),
        kind!(
            "RENAME TO",
            SRC,
            "ALTER TABLE s RENAME TO people",
            "public.people(id, email='Mail #PPI')"
        ),
        kind!(
            "SET SCHEMA",
            &"CREATE SCHEMA app; CREATE TABLE s (id int, email text); COMMENT ON COLUMN s.email IS 'Mail #PPI';",
            "ALTER TABLE s SET SCHEMA app",
            "app.s(id, email='Mail #PPI')"
        ),
        kind!(
            "RENAME CONSTRAINT",
            "CREATE TABLE s (id int CONSTRAINT s_pk PRIMARY KEY, email text);",
            "ALTER TABLE s RENAME CONSTRAINT s_pk TO s_pkey",
            "public.s(id, email)"
        ),
        kind!(
            "ALTER COLUMN TYPE",
            SRC,
            "ALTER TABLE s ALTER COLUMN email TYPE varchar(320), ALTER id SET DATA TYPE bigint",
            SRC_MODEL
        ),
        kind!(
            "ALTER COLUMN SET/DROP attributes",
            SRC,
            "ALTER TABLE s ALTER COLUMN email SET NOT NULL, ALTER email SET DEFAULT 'x', ALTER email DROP DEFAULT",
            SRC_MODEL
        ),
        kind!(
            "ADD/DROP CONSTRAINT",
            SRC,
            "ALTER TABLE s ADD CONSTRAINT s_pk PRIMARY KEY (id); ALTER TABLE s DROP CONSTRAINT s_pk",
            SRC_MODEL
        ),
        kind!(
            "ATTACH PARTITION",
            "CREATE TABLE p (id int, at date) PARTITION BY RANGE (at); CREATE TABLE p1 (id int, at date);",
            "ALTER TABLE p ATTACH PARTITION p1 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
            "public.p(id, at)"
        ),
        kind!(
            "DETACH PARTITION",
            "CREATE TABLE p (id int, at date) PARTITION BY RANGE (at); CREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
            "ALTER TABLE p DETACH PARTITION p1",
            "public.p(id, at) public.p1(id, at)"
        ),
        kind!(
            "INHERIT / NO INHERIT",
            "CREATE TABLE s (id int); CREATE TABLE t (id int, email text);",
            "ALTER TABLE t INHERIT s; ALTER TABLE t NO INHERIT s",
            "public.s(id) public.t(id, email)"
        ),
        kind!(
            "ALTER TABLE ONLY",
            SRC,
            "ALTER TABLE ONLY s ADD COLUMN phone text",
            "public.s(id, email='Mail #PPI', phone)"
        ),
        kind!(
            "ALTER TABLE IF EXISTS (missing)",
            "",
            "ALTER TABLE IF EXISTS gone ADD COLUMN phone text",
            ""
        ),
        kind!(
            "ALTER TABLE IF EXISTS ONLY (missing)",
            "",
            "ALTER TABLE IF EXISTS ONLY gone RENAME COLUMN a TO b",
            ""
        ),
        kind!(
            "ALTER TABLE of an unknown table",
            "",
            "ALTER TABLE gone ADD COLUMN phone text",
            "public.gone(phone)",
            "unknown-table",
            false
        ),
        // Comments.
        kind!(
            "COMMENT ON TABLE",
            SRC,
            "COMMENT ON TABLE s IS 'People #PPI'",
            "public.s='People #PPI'(id, email='Mail #PPI')"
        ),
        kind!(
            "COMMENT ON COLUMN … IS NULL",
            SRC,
            "COMMENT ON COLUMN s.email IS NULL",
            "public.s(id, email)"
        ),
        kind!(
            "COMMENT ON VIEW",
            SRC,
            "CREATE VIEW v AS SELECT email FROM s; COMMENT ON VIEW v IS 'Mails #PPI'",
            "public.s(id, email='Mail #PPI') public.v[view]='Mails #PPI'(email)"
        ),
        kind!(
            "COMMENT ON MATERIALIZED VIEW / its column",
            SRC,
            "CREATE MATERIALIZED VIEW m AS SELECT email FROM s; COMMENT ON MATERIALIZED VIEW m IS 'M #PPI'; COMMENT ON COLUMN m.email IS 'E #PPI'",
            "public.m[mv]='M #PPI'(email='E #PPI') public.s(id, email='Mail #PPI')"
        ),
        kind!(
            "COMMENT ON FOREIGN TABLE",
            FDW,
            "CREATE FOREIGN TABLE f (email text) SERVER pitag_srv; COMMENT ON FOREIGN TABLE f IS 'F #PPI'",
            "public.f[foreign]='F #PPI'(email)"
        ),
        // Dropping.
        kind!("DROP TABLE", SRC, "DROP TABLE s", ""),
        kind!("DROP TABLE IF EXISTS (missing)", "", "DROP TABLE IF EXISTS gone", ""),
        kind!(
            "DROP TABLE a, b CASCADE",
            "CREATE TABLE a (id int); CREATE TABLE b (id int);",
            "DROP TABLE a, b CASCADE",
            ""
        ),
        kind!(
            "DROP VIEW",
            SRC,
            "CREATE VIEW v AS SELECT id FROM s; DROP VIEW v",
            SRC_MODEL
        ),
        kind!(
            "DROP MATERIALIZED VIEW",
            SRC,
            "CREATE MATERIALIZED VIEW m AS SELECT id FROM s; DROP MATERIALIZED VIEW m",
            SRC_MODEL
        ),
        kind!(
            "DROP FOREIGN TABLE",
            FDW,
            "CREATE FOREIGN TABLE f (id int) SERVER pitag_srv; DROP FOREIGN TABLE f",
            ""
        ),
        // Views and foreign tables altered.
        kind!(
            "ALTER VIEW RENAME TO",
            SRC,
            "CREATE VIEW v AS SELECT id FROM s; ALTER VIEW v RENAME TO w",
            "public.s(id, email='Mail #PPI') public.w[view](id)"
        ),
        kind!(
            "ALTER MATERIALIZED VIEW RENAME TO",
            SRC,
            "CREATE MATERIALIZED VIEW m AS SELECT id FROM s; ALTER MATERIALIZED VIEW m RENAME TO n",
            "public.n[mv](id) public.s(id, email='Mail #PPI')"
        ),
        kind!(
            "ALTER MATERIALIZED VIEW RENAME COLUMN",
            SRC,
            "CREATE MATERIALIZED VIEW m AS SELECT id FROM s; ALTER MATERIALIZED VIEW m RENAME COLUMN id TO key",
            "public.m[mv](key) public.s(id, email='Mail #PPI')"
        ),
        kind!(
            "ALTER FOREIGN TABLE ADD COLUMN / RENAME",
            FDW,
            "CREATE FOREIGN TABLE f (id int) SERVER pitag_srv; ALTER FOREIGN TABLE f ADD COLUMN email text; ALTER FOREIGN TABLE f RENAME TO g",
            "public.g[foreign](id, email)"
        ),
        // Statements with no effect on tables or comments.
        kind!("TRUNCATE", SRC, "TRUNCATE s", SRC_MODEL),
        kind!(
            "CREATE TYPE",
            "",
            "CREATE TYPE mood AS ENUM ('ok'); CREATE TYPE pair AS (a int, b text)",
            ""
        ),
        kind!(
            "CREATE INDEX / GRANT / ALTER SEQUENCE",
            SRC,
            "CREATE INDEX s_email ON s (email); GRANT SELECT ON s TO PUBLIC; CREATE SEQUENCE q; ALTER SEQUENCE q RESTART",
            SRC_MODEL
        ),
        kind!(
            "CREATE FUNCTION with DDL in its body",
            SRC,
            "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN ALTER TABLE s ADD COLUMN x text; END $$",
            SRC_MODEL
        ),
        kind!(
            "CREATE TRIGGER",
            SRC,
            "CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'ALTER TABLE s ADD COLUMN y text'; RETURN NEW; END $$; CREATE TRIGGER tr BEFORE INSERT ON s FOR EACH ROW EXECUTE FUNCTION tf()",
            SRC_MODEL
        ),
        // Procedural code.
        kind!(
            "DO block",
            SRC,
            "DO $$ BEGIN ALTER TABLE s ADD COLUMN phone text; CREATE TABLE c (id int, phone text); END $$",
            "public.c(id, phone) public.s(id, email='Mail #PPI', phone)"
        ),
        kind!(
            "DO block with an existence guard",
            SRC,
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 's' AND column_name = 'email') THEN ALTER TABLE s ADD COLUMN email text; END IF; END $$",
            SRC_MODEL
        ),
        kind!(
            "DO block with EXCEPTION WHEN duplicate_column",
            SRC,
            "DO $$ BEGIN ALTER TABLE s ADD COLUMN email text; EXCEPTION WHEN duplicate_column THEN NULL; END $$",
            SRC_MODEL
        ),
        kind!(
            "DO block: nested blocks, loops, labels, DECLARE",
            SRC,
            "DO LANGUAGE plpgsql $body$ DECLARE n int := 0; BEGIN <<outer>> BEGIN FOR i IN 1..2 LOOP n := n + 1; END LOOP; WHILE n > 0 LOOP ALTER TABLE s ADD COLUMN IF NOT EXISTS phone text; n := n - 1; END LOOP; END outer; PERFORM 1; RAISE NOTICE 'done; really'; END $body$",
            "public.s(id, email='Mail #PPI', phone)"
        ),
        kind!(
            "DO block: ELSIF chain of guards",
            SRC,
            "DO $$ BEGIN IF EXISTS (SELECT FROM pg_tables WHERE tablename = 'nope') THEN CREATE TABLE wrong (a int); ELSIF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = 's'::regclass AND attname = 'phone') THEN ALTER TABLE s ADD COLUMN phone text; ELSE CREATE TABLE wrong2 (a int); END IF; END $$",
            "public.s(id, email='Mail #PPI', phone)"
        ),
        kind!(
            "DO block: rename guarded by a column check",
            SRC,
            "DO $$ BEGIN IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 's' AND column_name = 'email') THEN ALTER TABLE s RENAME COLUMN email TO mail; END IF; IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 's' AND column_name = 'email') THEN ALTER TABLE s RENAME COLUMN email TO mail2; END IF; END $$",
            "public.s(id, mail='Mail #PPI')"
        ),
        kind!(
            "DO block: guards combined with AND / OR",
            SRC,
            "DO $$ BEGIN IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 's' AND column_name = 'mail') AND NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 's' AND column_name = 'email') THEN ALTER TABLE s RENAME COLUMN mail TO email; END IF; IF to_regclass('nope') IS NOT NULL OR to_regclass('s') IS NOT NULL THEN ALTER TABLE s ADD COLUMN phone text; END IF; END $$",
            "public.s(id, email='Mail #PPI', phone)"
        ),
        kind!(
            "DO block: to_regclass guard, CASE, other condition",
            "",
            "DO 'BEGIN IF to_regclass(''public.t'') IS NULL THEN CREATE TABLE t (id int); END IF; CASE 1 WHEN 1 THEN ALTER TABLE t ADD COLUMN phone text; ELSE ALTER TABLE t ADD COLUMN fax text; END CASE; IF current_setting(''server_version_num'')::int >= 100000 THEN COMMENT ON COLUMN t.phone IS ''Phone #PPI''; END IF; END'",
            "public.t(id, phone='Phone #PPI')"
        ),
        kind!(
            "DO block: EXCEPTION undoes the whole block",
            SRC,
            "DO $$ BEGIN ALTER TABLE s ADD COLUMN phone text; ALTER TABLE s ADD COLUMN email text; EXCEPTION WHEN duplicate_column THEN NULL; END $$",
            SRC_MODEL
        ),
        kind!(
            "DO block: DDL in an EXCEPTION handler that runs",
            SRC,
            "DO $$ BEGIN ALTER TABLE s ADD COLUMN email text; EXCEPTION WHEN duplicate_column THEN ALTER TABLE s ADD COLUMN handled text; END $$",
            SRC_MODEL,
            "unparsed-statement",
            false
        ),
        kind!(
            "EXECUTE of a variable, ||, quote_ident, %L",
            SRC,
            "DO $$ DECLARE stmt text; BEGIN stmt := 'ALTER TABLE s ADD COLUMN ' || quote_ident('Phone') || ' text'; EXECUTE stmt; EXECUTE format('COMMENT ON COLUMN s.%I IS %L', 'Phone', 'It''s #PPI'); END $$",
            "public.s(id, email='Mail #PPI', Phone='It's #PPI')"
        ),
        kind!(
            "SELECT f() of a function created in the migrations",
            SRC,
            "CREATE FUNCTION add_phone() RETURNS void LANGUAGE plpgsql AS $$ BEGIN ALTER TABLE s ADD COLUMN phone text; END $$; SELECT add_phone(); DROP FUNCTION add_phone()",
            "public.s(id, email='Mail #PPI', phone)"
        ),
        kind!(
            "EXECUTE format(…) of literals",
            SRC,
            "DO $$ BEGIN EXECUTE format('ALTER TABLE %I ADD COLUMN %I text', 's', 'phone'); END $$",
            "public.s(id, email='Mail #PPI', phone)"
        ),
        kind!(
            "EXECUTE of a text known only at run time",
            SRC,
            "DO $$ DECLARE t text; BEGIN FOR t IN SELECT tablename FROM pg_tables WHERE tablename = 's' LOOP EXECUTE format('ALTER TABLE %I ADD COLUMN phone text', t); END LOOP; END $$",
            SRC_MODEL,
            "dynamic-ddl",
            false
        ),
        kind!(
            "CALL of a procedure created in the migrations",
            SRC,
            "CREATE PROCEDURE add_phone() LANGUAGE plpgsql AS $$ BEGIN ALTER TABLE s ADD COLUMN phone text; END $$; CALL add_phone()",
            "public.s(id, email='Mail #PPI', phone)"
        ),
        // Schemas.
        kind!(
            "SET search_path / set_config",
            "CREATE SCHEMA app; CREATE SCHEMA core;",
            "SET search_path = app, public; CREATE TABLE t (email text); SELECT pg_catalog.set_config('search_path', 'core', false); CREATE TABLE u (phone text)",
            "app.t(email) core.u(phone)"
        ),
        kind!(
            "ALTER SCHEMA RENAME",
            "CREATE SCHEMA app; CREATE TABLE app.t (email text);",
            "ALTER SCHEMA app RENAME TO core",
            "core.t(email)"
        ),
        kind!(
            "DROP SCHEMA CASCADE",
            "CREATE SCHEMA app; CREATE TABLE app.t (email text);",
            "DROP SCHEMA app CASCADE",
            ""
        ),
        kind!(
            "IMPORT FOREIGN SCHEMA",
            FDW,
            "IMPORT FOREIGN SCHEMA remote FROM SERVER pitag_srv INTO public",
            "",
            "unparsed-statement",
            false
        ),
    ]
}

fn replay(sql: &str) -> Schema {
    let mut r = Replayer::new(PG);
    r.begin_file("kind.sql");
    for st in split::split(sql, PG, 1).statements {
        r.apply(&ParsedStatement::new(&st.text, st.line, PG));
    }
    r.finish()
}

fn describe(s: &Schema) -> String {
    let mut out = Vec::new();
    for t in s.tables.values() {
        let kind = match t.kind {
            TableKind::Table | TableKind::Partitioned => "",
            TableKind::View => "[view]",
            TableKind::MaterializedView => "[mv]",
            TableKind::Foreign => "[foreign]",
        };
        let comment =
            |c: &Option<String>| c.as_ref().map(|c| format!("='{c}'")).unwrap_or_default();
        let cols: Vec<String> = t
            .columns
            .iter()
            .map(|c| format!("{}{}", c.name, comment(&c.comment)))
            .collect();
        out.push(format!(
            "{}.{}{kind}{}({})",
            t.schema.as_deref().unwrap_or("?"),
            t.name,
            comment(&t.comment),
            cols.join(", ")
        ));
    }
    out.join(" ")
}

fn reported(s: &Schema) -> String {
    let mut r: Vec<String> = s
        .notices
        .iter()
        .map(|n| {
            serde_json::to_value(n.kind)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    r.extend(s.unparsed.iter().map(|_| "unparsed-statement".to_string()));
    r.extend(s.unknown_tables.iter().map(|_| "unknown-table".to_string()));
    r.sort();
    r.join(" ")
}

#[test]
fn kinds_replay_as_listed() {
    let mut failures = Vec::new();
    for k in kinds() {
        let s = replay(&format!("{}\n{};", k.setup, k.sql));
        let (model, rep) = (describe(&s), reported(&s));
        if model != k.model || rep != k.reported {
            failures.push(format!(
                "{}:\n  model    {model}\n  expected {}\n  reported `{rep}`, expected `{}`",
                k.kind, k.model, k.reported
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_kind_is_listed_once() {
    let mut names: Vec<&str> = kinds().iter().map(|k| k.kind).collect();
    let n = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), n, "a kind is listed twice");
}

#[tokio::test(flavor = "multi_thread")]
async fn kinds_match_a_real_server() {
    let pg = PgServer::shared();
    let dir = tempfile::tempdir().unwrap();
    // Apply every kind to its own database, then ask drift about them a few at a time.
    let mut applied = Vec::new();
    for (i, k) in kinds().into_iter().enumerate() {
        if !k.server {
            continue;
        }
        // A table on both sides: an empty database is refused as nothing to audit.
        let sql = format!(
            "CREATE TABLE pitag_sentinel (id int);\n{}\n{};",
            k.setup, k.sql
        );
        let db = pg.create_db("kind").await;
        pg.exec(&db, &sql).await;
        let file = dir.path().join(format!("{i:03}.sql"));
        std::fs::write(&file, &sql).unwrap();
        applied.push((k.kind, pg.admin_url(&db), file));
    }
    assert!(applied.len() > 50, "only {} kinds applied", applied.len());
    let mut failures = Vec::new();
    for chunk in applied.chunks(4) {
        let runs: Vec<_> = chunk
            .iter()
            .cloned()
            .map(|(kind, url, file)| {
                tokio::task::spawn_blocking(move || {
                    let out = pitag(&[
                        "drift",
                        "--url",
                        &url,
                        "--include-views",
                        "--dialect",
                        "postgres",
                        "--format",
                        "json",
                        file.to_str().unwrap(),
                    ]);
                    (kind, out)
                })
            })
            .collect();
        for run in runs {
            let (kind, out) = run.await.unwrap();
            assert!(
                code(&out) == 0 || code(&out) == 1,
                "{kind}: {}",
                stderr(&out)
            );
            let differences: Vec<_> = keys(&json(&out))
                .into_iter()
                .filter(|(rule, _, _)| rule == "drift" || rule == "schema-drift")
                .collect();
            if !differences.is_empty() {
                failures.push(format!("{kind}: {differences:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "replay and server disagree:\n{}",
        failures.join("\n")
    );
}

/// Rules whose findings describe the schema's state (lost-tag is, live, a missing tag).
fn state(
    report: &serde_json::Value,
) -> std::collections::BTreeSet<(String, String, Option<String>)> {
    keys(report)
        .into_iter()
        .filter_map(|(rule, table, column)| {
            let rule = match rule.as_str() {
                "lost-tag" | "late-tag" => return None,
                "missing-column-tag" | "missing-table-tag" | "malformed-tag" | "misplaced-tag" => {
                    rule
                }
                _ => return None,
            };
            Some((rule, table, column))
        })
        .collect()
}

/// The procedural fixture applied to PostgreSQL: `pitag db` finds what
/// `pitag migrations` finds, and `drift` sees only the column the dynamic
/// `EXECUTE` added (the one replay reports as dynamic-ddl).
#[tokio::test(flavor = "multi_thread")]
async fn procedural_fixture_matches_a_real_server() {
    let fixture = "fixtures/postgres/procedural";
    let pg = PgServer::shared();
    let db = pg.create_db("procedural").await;
    for s in servers::migration_statements(&root().join(fixture), PG) {
        pg.exec(&db, &s).await;
    }
    let url = pg.admin_url(&db);
    let (migrations, live, drift) = tokio::task::spawn_blocking(move || {
        (
            pitag(&[
                "migrations",
                fixture,
                "--dialect",
                "postgres",
                "--format",
                "json",
            ]),
            pitag(&["db", "--url", &url, "--format", "json"]),
            pitag(&[
                "drift",
                "--url",
                &url,
                fixture,
                "--dialect",
                "postgres",
                "--format",
                "json",
            ]),
        )
    })
    .await
    .unwrap();
    let (m, l) = (json(&migrations), json(&live));
    assert!(!state(&m).is_empty());
    assert_eq!(state(&m), state(&l), "migrations: {m:#}\nlive: {l:#}");
    let differences: Vec<_> = keys(&json(&drift))
        .into_iter()
        .filter(|(rule, _, _)| rule == "drift" || rule == "schema-drift")
        .collect();
    assert_eq!(
        differences,
        [(
            "schema-drift".to_string(),
            "contacts".to_string(),
            Some("synced_at".to_string())
        )]
    );
}

/// The model operation kinds replay knows. The matches are exhaustive on
/// purpose: a new operation does not compile here until it is placed, and a
/// PostgreSQL one must then be produced by a row of `kinds()`.
fn op_name(op: &Op) -> Option<&'static str> {
    Some(match op {
        Op::CreateTable { .. } => "CreateTable",
        Op::CreatePartition { .. } => "CreatePartition",
        Op::CreateView { .. } => "CreateView",
        Op::CreateTemporary { .. } => "CreateTemporary",
        Op::Drop { .. } => "Drop",
        Op::RenameTable { .. } => "RenameTable",
        Op::AddColumn { .. } => "AddColumn",
        Op::DropColumn { .. } => "DropColumn",
        Op::RenameColumn { .. } => "RenameColumn",
        Op::AlterType { .. } => "AlterType",
        Op::TableComment { .. } => "TableComment",
        Op::ColumnComment { .. } => "ColumnComment",
        Op::SetSchema { .. } => "SetSchema",
        Op::AttachPartition { .. } => "AttachPartition",
        Op::CreateSequence { .. } => "CreateSequence",
        Op::Touch { .. } => "Touch",
        Op::SearchPath(_) => "SearchPath",
        Op::IfTableExists(_) => "IfTableExists",
        Op::Pg(p) => match p {
            PgOp::InheritColumns { .. } => "InheritColumns",
            PgOp::DetachPartition { .. } => "DetachPartition",
            PgOp::RenameSchema { .. } => "RenameSchema",
            PgOp::DropSchema { .. } => "DropSchema",
            PgOp::CreateType { .. } => "CreateType",
            PgOp::CreateTableOf { .. } => "CreateTableOf",
        },
        // MySQL only.
        Op::Restate { .. }
        | Op::ColumnDefault { .. }
        | Op::ColumnVisibility { .. }
        | Op::TableCharset { .. }
        | Op::Mysql(_)
        | Op::Use(_) => return None,
    })
}

fn seen_ops(parsed: &Parsed, out: &mut std::collections::BTreeSet<&'static str>) {
    match parsed {
        Parsed::Ops(ops) => out.extend(ops.iter().filter_map(op_name)),
        Parsed::Procedural(p) => {
            out.insert(match p {
                Procedural::Block(_) => "Block",
                Procedural::CreateProcedure { .. } => "CreateProcedure",
                Procedural::Call(_) => "Call",
            });
            if let Procedural::Block(steps)
            | Procedural::CreateProcedure {
                body: Ok(steps), ..
            } = p
            {
                seen_steps(steps, out);
            }
        }
        Parsed::Irrelevant | Parsed::Unparsed { .. } => {}
    }
}

fn seen_steps(steps: &[Step], out: &mut std::collections::BTreeSet<&'static str>) {
    for s in steps {
        match s {
            Step::Sql { parsed, .. } => seen_ops(parsed, out),
            Step::If {
                branches,
                otherwise,
            } => {
                out.insert("If");
                for (_, b) in branches {
                    seen_steps(b, out);
                }
                seen_steps(otherwise, out);
            }
            Step::Guarded { body, handlers } => {
                out.insert("Guarded");
                seen_steps(body, out);
                seen_steps(handlers, out);
            }
            Step::Dynamic { .. } => {
                out.insert("Dynamic");
            }
        }
    }
}

#[test]
fn every_postgres_operation_is_produced_by_a_listed_kind() {
    let mut seen = std::collections::BTreeSet::new();
    for k in kinds() {
        for st in split::split(&format!("{}\n{};", k.setup, k.sql), PG, 1).statements {
            seen_ops(
                &ParsedStatement::new(&st.text, st.line, PG).parsed,
                &mut seen,
            );
        }
    }
    let all = [
        "CreateTable",
        "CreatePartition",
        "CreateView",
        "Drop",
        "RenameTable",
        "AddColumn",
        "DropColumn",
        "RenameColumn",
        "AlterType",
        "TableComment",
        "ColumnComment",
        "SetSchema",
        "AttachPartition",
        "CreateSequence",
        "Touch",
        "SearchPath",
        "IfTableExists",
        "InheritColumns",
        "DetachPartition",
        "RenameSchema",
        "DropSchema",
        "CreateType",
        "CreateTableOf",
        "Block",
        "CreateProcedure",
        "Call",
        "If",
        "Guarded",
        "Dynamic",
    ];
    let missing: Vec<&&str> = all.iter().filter(|n| !seen.contains(**n)).collect();
    assert!(
        missing.is_empty(),
        "no kind produces {missing:?}: add a row to kinds()"
    );
}

//! docs/report.schema.json against the real `--format json` output of every
//! command: `migrations` on every fixture folder, `classify` (with and
//! without `--all`), `diff` in a temporary git repository, and `db` (one
//! database and a fleet) and `drift` against real PostgreSQL and MariaDB
//! servers started by tests/servers (a missing server binary fails them).
//! The schema is the contract's JSON part: a report that does not validate
//! means either the code broke the contract or the schema is out of date.

mod run_pitag;
mod servers;

use run_pitag::*;
use serde_json::{json, Value};
use servers::{MariaDbServer, PgServer};
use std::collections::BTreeSet;
use std::fs;
use std::process::{Command, Output};

fn schema() -> Value {
    let path = root().join("docs/report.schema.json");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("docs/report.schema.json is JSON")
}

fn validator() -> jsonschema::Validator {
    let schema = schema();
    jsonschema::draft202012::meta::validate(&schema)
        .unwrap_or_else(|e| panic!("docs/report.schema.json is no valid 2020-12 schema: {e}"));
    jsonschema::draft202012::new(&schema).expect("docs/report.schema.json compiles")
}

fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// The JSON document on stdout of a run that exited 0 or 1, valid against the schema.
fn assert_valid(v: &jsonschema::Validator, out: &Output, what: &str) -> Value {
    assert!(
        code(out) == 0 || code(out) == 1,
        "{what}: exit {}\n{}",
        code(out),
        stderr(out)
    );
    let doc = json(out);
    let errs = errors(v, &doc);
    assert!(
        errs.is_empty(),
        "{what}: the report does not match docs/report.schema.json:\n{}\n{doc:#}",
        errs.join("\n")
    );
    doc
}

/// Every fixture folder with its dialect (`fixtures/<dialect>/<name>`,
/// `fixtures/drift/<dialect>`).
fn fixture_folders() -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    for group in ["postgres", "mysql", "drift"] {
        let mut dirs: Vec<_> = fs::read_dir(root().join("fixtures").join(group))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        for dir in dirs {
            let name = dir.file_name().unwrap().to_str().unwrap().to_string();
            let dialect = match (group, name.as_str()) {
                ("drift", "mysql") | ("mysql", _) => "mysql",
                _ => "postgres",
            };
            out.push((format!("fixtures/{group}/{name}"), dialect));
        }
    }
    assert!(out.len() >= 18, "fixture folders: {out:?}");
    out
}

#[test]
fn migrations_reports_of_every_fixture_validate() {
    let v = validator();
    let mut rules = BTreeSet::new();
    for (dir, dialect) in fixture_folders() {
        let out = pitag(&["migrations", &dir, "--dialect", dialect, "--format", "json"]);
        let doc = assert_valid(&v, &out, &dir);
        assert_eq!(doc["source"]["kind"], "migrations");
        for f in doc["findings"].as_array().unwrap() {
            rules.insert(f["rule"].as_str().unwrap().to_string());
        }
        // Inferred dialect too: the same shape whatever decides the dialect.
        let out = pitag(&["migrations", &dir, "--format", "json"]);
        assert_valid(&v, &out, &format!("{dir} (dialect inferred)"));
    }
    // The rules no fixture exercises, in one scenario: suppressions (inline
    // and from the config file, located in pitag.toml), an unknown rule, a
    // refused statement, a placeholder without value (no table: `table` is
    // null), a statement that cannot be parsed.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("m")).unwrap();
    fs::write(
        d.join("m/0001_all.sql"),
        "-- pitag:ignore missing-column-tag -- nothing to silence here\n\
         CREATE TABLE a (id int);\n\
         -- pitag:ignore missing-column-tag\n\
         CREATE TABLE b (id int, email text);\n\
         -- pitag:ignore no-such-rule -- a reason\n\
         CREATE TABLE c (id int);\n\
         ALTER TABLE a ADD COLUMN id int;\n\
         CREATE TABLE ${schema}.d (phone text);\n\
         CREATE TABLE e (id int,, email text);\n",
    )
    .unwrap();
    fs::write(
        d.join("pitag.toml"),
        "[[allow]]\ntable = \"nothing_*\"\nreason = \"matches nothing\"\n",
    )
    .unwrap();
    let out = pitag_in(
        d,
        &[
            "migrations",
            "m",
            "--dialect",
            "postgres",
            "--format",
            "json",
        ],
    );
    let doc = assert_valid(&v, &out, "suppressions scenario");
    for f in doc["findings"].as_array().unwrap() {
        rules.insert(f["rule"].as_str().unwrap().to_string());
    }
    assert!(
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["location"]["file"]
                .as_str()
                .is_some_and(|p| p.ends_with("pitag.toml"))),
        "{doc:#}"
    );
    // Validation over few shapes proves little: every rule `migrations` can
    // report is in one of these reports (drift, schema-drift and
    // edited-migration come from their own commands below).
    let expected: BTreeSet<String> = [
        "missing-column-tag",
        "missing-table-tag",
        "lost-tag",
        "late-tag",
        "malformed-tag",
        "misplaced-tag",
        "unparsed-statement",
        "unknown-table",
        "unused-suppression",
        "invalid-suppression",
        "dynamic-ddl",
        "rejected-statement",
        "version-dependent-ddl",
        "unresolved-placeholder",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(rules, expected);
}

/// `pitag merge`'s JSON is a report like any other.
#[test]
fn merged_reports_validate() {
    let v = validator();
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (i, src) in ["fixtures/postgres/flyway", "fixtures/postgres/goose"]
        .iter()
        .enumerate()
    {
        let out = pitag(&["migrations", src, "--format", "json"]);
        assert_valid(&v, &out, src);
        let p = dir.path().join(format!("{i}.json"));
        fs::write(&p, &out.stdout).unwrap();
        files.push(p.to_str().unwrap().to_string());
    }
    let mut args = vec!["merge", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let doc = assert_valid(&v, &pitag(&args), "merge");
    assert_eq!(doc["source"]["paths"].as_array().unwrap().len(), 2);
}

#[test]
fn classify_reports_validate_with_and_without_all() {
    let v = validator();
    for (dir, dialect) in fixture_folders() {
        for all in [false, true] {
            let mut args = vec!["classify", dir.as_str(), "--dialect", dialect];
            args.extend(["--format", "json"]);
            if all {
                args.push("--all");
            }
            let out = pitag(&args);
            let doc = assert_valid(&v, &out, &format!("classify {dir} all={all}"));
            assert!(doc.get("columns").is_some(), "{doc:#}");
            if all && !dir.ends_with("clean") {
                // --all lists columns that are not PI: their nulls are part of the shape.
                assert!(
                    doc["columns"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|c| c["category"].is_null()),
                    "{dir}: {doc:#}"
                );
            }
        }
    }
}

#[test]
fn diff_report_validates() {
    let v = validator();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    fs::create_dir(d.join("migrations")).unwrap();
    fs::write(
        d.join("migrations/0001_users.up.sql"),
        "CREATE TABLE users (id bigint, email text);\nCOMMENT ON TABLE users IS 'Users #PPI';\nCOMMENT ON COLUMN users.email IS 'Login #PPI';\n",
    )
    .unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "base"]);
    git(d, &["checkout", "-q", "-b", "feature"]);
    // A new untagged column, a removed tag and an edited applied migration.
    fs::write(
        d.join("migrations/0002_more.up.sql"),
        "ALTER TABLE users ADD COLUMN iban text;\nCOMMENT ON COLUMN users.email IS 'Login';\n",
    )
    .unwrap();
    fs::write(
        d.join("migrations/0001_users.up.sql"),
        "CREATE TABLE users (id bigint, email text);\nCOMMENT ON TABLE users IS 'Users #PPI';\nCOMMENT ON COLUMN users.email IS 'Login e-mail #PPI';\n",
    )
    .unwrap();
    let out = pitag_in(
        d,
        &["diff", "--base", "main", "migrations", "--format", "json"],
    );
    let doc = assert_valid(&v, &out, "diff");
    assert_eq!(doc["source"]["kind"], "diff");
    for rule in ["missing-column-tag", "lost-tag", "edited-migration"] {
        assert!(
            doc["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["rule"] == rule),
            "{rule} missing: {doc:#}"
        );
    }
}

/// Run pitag off the async runtime, with extra environment variables.
async fn run(args: Vec<String>, env: Vec<(String, String)>) -> Output {
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_pitag"))
            .args(&args)
            .current_dir(root())
            .env("NO_COLOR", "1")
            .env_remove("DATABASE_URL")
            .envs(env)
            .output()
            .expect("run pitag")
    })
    .await
    .unwrap()
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn findings(doc: &Value) -> &Vec<Value> {
    doc["findings"].as_array().expect("findings")
}

/// Live findings carry `database` and no location; drift has both kinds.
fn assert_live_shapes(doc: &Value, what: &str, want_file_locations: bool) {
    let f = findings(doc);
    assert!(
        f.iter()
            .any(|f| f["location"].is_null() && f["database"].is_string()),
        "{what}: no live-database finding: {doc:#}"
    );
    if want_file_locations {
        assert!(
            f.iter().any(|f| f["location"].is_object()),
            "{what}: no finding located in a migration: {doc:#}"
        );
    }
    assert!(
        !serde_json::to_string(doc)
            .unwrap()
            .contains(servers::PG_SUPERUSER_PASSWORD),
        "{what}: password in the report"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn db_fleet_and_drift_reports_validate_on_real_servers() {
    let v = validator();
    let pg = PgServer::shared();
    let my = MariaDbServer::shared();

    // PostgreSQL: the drift fixture without 000003, plus hand edits.
    let pg_db = pg.create_db("schema_pg").await;
    for f in ["000001_init.up.sql", "000002_addresses.up.sql"] {
        let text = fs::read_to_string(root().join("fixtures/drift/postgres").join(f)).unwrap();
        pg.exec(&pg_db, &text).await;
    }
    pg.exec(
        &pg_db,
        "COMMENT ON COLUMN users.email IS 'Login e-mail';
         CREATE TABLE tmp_export (email text, latitude double precision, longitude double precision);",
    )
    .await;
    let pg_url = pg.admin_url(&pg_db);

    // MariaDB: the drift fixture's 000001, plus hand edits.
    let my_db = my.create_db("schema_my").await;
    let init = fs::read_to_string(root().join("fixtures/drift/mysql/000001_init.up.sql")).unwrap();
    for statement in init.split(';').filter(|s| !s.trim().is_empty()) {
        my.exec(&my_db, statement).await;
    }
    for statement in [
        "ALTER TABLE customers MODIFY email varchar(255) NOT NULL",
        "CREATE TABLE export_tmp (email varchar(255), phone varchar(20))",
    ] {
        my.exec(&my_db, statement).await;
    }
    let my_url = my.admin_url(&my_db);

    for (url, dialect, fixture) in [
        (&pg_url, "postgres", "fixtures/drift/postgres"),
        (&my_url, "mysql", "fixtures/drift/mysql"),
    ] {
        let out = run(strings(&["db", "--url", url, "--format", "json"]), vec![]).await;
        let doc = assert_valid(&v, &out, &format!("db {dialect}"));
        assert_eq!(doc["source"]["kind"], "database");
        assert_eq!(doc["source"]["dialect"], dialect);
        assert_live_shapes(&doc, &format!("db {dialect}"), false);

        let out = run(
            strings(&["drift", "--url", url, fixture, "--format", "json"]),
            vec![],
        )
        .await;
        let doc = assert_valid(&v, &out, &format!("drift {dialect}"));
        assert_eq!(doc["source"]["kind"], "drift");
        assert!(
            findings(&doc).iter().any(|f| f["rule"] == "drift")
                && findings(&doc).iter().any(|f| f["rule"] == "schema-drift"),
            "drift {dialect}: {doc:#}"
        );
        assert_live_shapes(&doc, &format!("drift {dialect}"), true);
    }

    // A fleet: several --url, and an inventory; one document for all of them.
    let out = run(
        strings(&["db", "--url", &pg_url, "--url", &my_url, "--format", "json"]),
        vec![],
    )
    .await;
    let doc = assert_valid(&v, &out, "db with two --url");
    assert_eq!(
        doc["source"]["paths"].as_array().unwrap().len(),
        2,
        "{doc:#}"
    );
    assert_live_shapes(&doc, "db with two --url", false);

    let dir = tempfile::tempdir().unwrap();
    let inventory = dir.path().join("fleet.toml");
    fs::write(
        &inventory,
        format!(
            "[[database]]\nname = \"pg\"\nurl = \"{pg_url}\"\ntags = [\"prod\"]\n\n\
             [[database]]\nname = \"maria\"\nurl_env = \"PITAG_TEST_SCHEMA_MARIA\"\n"
        ),
    )
    .unwrap();
    let out = run(
        strings(&[
            "db",
            "--inventory",
            inventory.to_str().unwrap(),
            "--jobs",
            "2",
            "--format",
            "json",
        ]),
        vec![("PITAG_TEST_SCHEMA_MARIA".into(), my_url.clone())],
    )
    .await;
    let doc = assert_valid(&v, &out, "db --inventory");
    assert_eq!(
        doc["source"]["paths"].as_array().unwrap().len(),
        2,
        "{doc:#}"
    );
    assert_live_shapes(&doc, "db --inventory", false);
}

#[test]
fn schema_version_and_id_match_the_reports() {
    let schema = schema();
    let version = &schema["$defs"]["format_version"]["const"];
    assert!(version.is_u64(), "format_version.const: {version}");
    assert_eq!(
        schema["$id"],
        json!(format!("urn:pitag:report-schema:{version}")),
        "the schema's $id names its format version"
    );
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let report = json(&pitag(&[
        "migrations",
        "fixtures/postgres/golang-migrate",
        "--format",
        "json",
    ]));
    assert_eq!(&report["version"], version, "audit report version");
    let classify = json(&pitag(&[
        "classify",
        "fixtures/postgres/golang-migrate",
        "--format",
        "json",
    ]));
    assert_eq!(&classify["version"], version, "classify report version");
    // The report names the tool's version, which is not the format's.
    assert_eq!(report["tool"]["version"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn schema_lists_exactly_the_rules_and_categories_pitag_knows() {
    let schema = schema();
    let in_schema: BTreeSet<(String, String)> = schema["$defs"]["rule"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| {
            (
                pair["properties"]["code"]["const"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                pair["properties"]["rule"]["const"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect();
    let out = pitag(&["rules"]);
    assert_eq!(code(&out), 0);
    let listed: BTreeSet<(String, String)> = stdout(&out)
        .lines()
        .filter(|l| l.starts_with("PT"))
        .map(|l| {
            let mut words = l.split_whitespace();
            (
                words.next().unwrap().to_string(),
                words.next().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(listed.len(), 17, "{}", stdout(&out));
    assert_eq!(
        in_schema, listed,
        "docs/report.schema.json ($defs.rule) and `pitag rules` disagree: add the new rule to the schema (and docs/CONTRACT.md)"
    );

    let categories: BTreeSet<String> = schema["$defs"]["category"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    let known: BTreeSet<String> = pitag::classify::Category::ALL
        .iter()
        .map(|c| c.as_str().to_string())
        .collect();
    assert_eq!(
        categories, known,
        "categories in the schema vs the classifier"
    );
}

#[test]
fn a_renamed_or_unknown_field_fails_validation() {
    let v = validator();
    let out = pitag(&[
        "migrations",
        "fixtures/postgres/golang-migrate",
        "--format",
        "json",
    ]);
    let good = assert_valid(&v, &out, "golang-migrate fixture");
    type Edit = fn(&mut Value);
    let edits: Vec<(&str, Edit)> = vec![
        ("finding field renamed", |d| {
            let f = d["findings"][0].as_object_mut().unwrap();
            let tags = f.remove("expected_tags").unwrap();
            f.insert("expected_tag".into(), tags);
        }),
        ("summary field renamed", |d| {
            let s = d["summary"].as_object_mut().unwrap();
            let n = s.remove("errors").unwrap();
            s.insert("error_count".into(), n);
        }),
        ("location field renamed", |d| {
            let l = d["findings"][0]["location"].as_object_mut().unwrap();
            let n = l.remove("line").unwrap();
            l.insert("line_number".into(), n);
        }),
        ("unknown top-level field", |d| {
            d.as_object_mut().unwrap().insert("extra".into(), json!(1));
        }),
        ("unknown rule name", |d| {
            d["findings"][0]["rule"] = json!("missing-tag");
        }),
        ("code of another rule", |d| {
            d["findings"][0]["code"] = json!("PT003");
        }),
        ("unknown severity", |d| {
            d["findings"][0]["severity"] = json!("info");
        }),
        ("malformed tag", |d| {
            d["findings"][0]["expected_tags"] = json!(["#ppi"]);
        }),
        ("another format version", |d| {
            d["version"] = json!(2);
        }),
        ("source kind renamed", |d| {
            d["source"]["kind"] = json!("migration");
        }),
    ];
    for (what, edit) in edits {
        let mut bad = good.clone();
        edit(&mut bad);
        assert!(
            !errors(&v, &bad).is_empty(),
            "{what}: still valid against the schema"
        );
    }
    let classify = json(&pitag(&[
        "classify",
        "fixtures/postgres/golang-migrate",
        "--format",
        "json",
    ]));
    assert!(errors(&v, &classify).is_empty());
    let mut bad = classify.clone();
    let c = bad["columns"][0].as_object_mut().unwrap();
    let t = c.remove("expected_tag").unwrap();
    c.insert("expected_tags".into(), t);
    assert!(
        !errors(&v, &bad).is_empty(),
        "classify: a renamed column field is still valid"
    );
}

/// A fleet whose databases could not be read: its report (exit 2) lists them
/// in `source.failed`, and validates; `failed` outside a `database` report,
/// or a failed entry without its error, does not.
#[test]
fn a_fleet_report_with_failed_databases_validates() {
    let v = validator();
    // Ports nothing listens on: refused at once, no server needed.
    let dead = |db: &str| {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        format!("postgres://u:pw@127.0.0.1:{port}/{db}")
    };
    let (a, b) = (dead("a"), dead("b"));
    let out = pitag(&["db", "--url", &a, "--url", &b, "--format", "json", "-q"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let doc = json(&out);
    let errs = errors(&v, &doc);
    assert!(errs.is_empty(), "{}\n{doc:#}", errs.join("\n"));
    assert_eq!(
        doc["source"]["failed"].as_array().unwrap().len(),
        2,
        "{doc:#}"
    );

    let mut no_error = doc.clone();
    no_error["source"]["failed"][0]
        .as_object_mut()
        .unwrap()
        .remove("error");
    assert!(
        !errors(&v, &no_error).is_empty(),
        "a failed entry needs its error"
    );
    let mut migrations = json(&pitag(&[
        "migrations",
        "fixtures/postgres/golang-migrate",
        "--format",
        "json",
    ]));
    assert_eq!(migrations["source"].get("failed"), None);
    migrations["source"]["failed"] = json!([]);
    assert!(
        !errors(&v, &migrations).is_empty(),
        "`failed` belongs to database reports only"
    );
}

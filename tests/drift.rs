//! `pitag drift` against real PostgreSQL and MariaDB servers started by
//! tests/servers (a missing server binary fails these tests): the fixture's
//! migrations are applied to a fresh database, production is edited by hand,
//! and the exact findings are checked.

mod run_pitag;
mod servers;

use run_pitag::*;
use serde_json::Value;
use servers::{free_port, MariaDbServer, PgServer};

const PG: &str = "fixtures/drift/postgres";
const MY: &str = "fixtures/drift/mysql";

fn sql(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Run pitag off the async runtime.
async fn run(args: Vec<String>) -> std::process::Output {
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        pitag(&args)
    })
    .await
    .unwrap()
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// (rule, schema, table, column, where) of every finding, `where` being
/// `file:line` or `db`.
type Key = (String, Option<String>, String, Option<String>, String);

fn findings(r: &Value) -> Vec<Key> {
    r["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let at = match &f["location"] {
                Value::Null => {
                    assert!(f["database"].is_string(), "{f}");
                    "db".to_string()
                }
                l => format!("{}:{}", l["file"].as_str().unwrap(), l["line"]),
            };
            (
                f["rule"].as_str().unwrap().to_string(),
                f["schema"].as_str().map(str::to_string),
                f["table"].as_str().unwrap().to_string(),
                f["column"].as_str().map(str::to_string),
                at,
            )
        })
        .collect()
}

fn key(rule: &str, schema: &str, table: &str, column: Option<&str>, at: &str) -> Key {
    (
        rule.into(),
        Some(schema.into()),
        table.into(),
        column.map(str::to_string),
        at.into(),
    )
}

fn message<'a>(r: &'a Value, table: &str, column: Option<&str>) -> &'a str {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["table"] == table && f["column"].as_str() == column)
        .unwrap_or_else(|| panic!("no finding on {table}.{column:?} in {r:#}"))["message"]
        .as_str()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_drift() {
    let pg = PgServer::shared();

    // (a) every migration applied, plus the tool's own history table: no findings, exit 0.
    let db = pg.create_db("drift_same").await;
    for f in [
        "000001_init.up.sql",
        "000002_addresses.up.sql",
        "000003_phone.up.sql",
    ] {
        pg.exec(&db, &sql(&format!("{PG}/{f}"))).await;
    }
    pg.exec(
        &db,
        "CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL)",
    )
    .await;
    let url = pg.admin_url(&db);
    let out = run(args(&["drift", "--url", &url, PG, "--format", "json"])).await;
    assert_eq!(code(&out), 0, "{}\n{}", stdout(&out), stderr(&out));
    let r = json(&out);
    assert_eq!(r["source"]["kind"], "drift");
    assert_eq!(r["source"]["dialect"], "postgres");
    assert_eq!(r["findings"], serde_json::json!([]));
    assert_eq!(r["summary"]["tables"], 4, "{r:#}");
    assert!(!stdout(&out).contains(servers::PG_SUPERUSER_PASSWORD));

    // (b) 000003 never applied, then production edited by hand.
    let db = pg.create_db("drift_edit").await;
    for f in ["000001_init.up.sql", "000002_addresses.up.sql"] {
        pg.exec(&db, &sql(&format!("{PG}/{f}"))).await;
    }
    pg.exec(
        &db,
        "COMMENT ON COLUMN users.email IS 'Login e-mail';
         COMMENT ON COLUMN addresses.user_id IS 'Owner #PPI';
         COMMENT ON TABLE billing.cards IS NULL;
         ALTER TABLE users ADD COLUMN nickname text;
         CREATE TABLE tmp_export (email text);
         CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL);",
    )
    .await;
    let url = pg.admin_url(&db);
    let out = run(args(&["drift", "--url", &url, PG, "--format", "json"])).await;
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let r = json(&out);
    let init = format!("{PG}/000001_init.up.sql");
    let addresses = format!("{PG}/000002_addresses.up.sql");
    let phone = format!("{PG}/000003_phone.up.sql");
    assert_eq!(
        findings(&r),
        vec![
            key("drift", "billing", "cards", None, &format!("{init}:17")),
            key(
                "drift",
                "public",
                "addresses",
                Some("user_id"),
                &format!("{addresses}:1")
            ),
            key("schema-drift", "public", "tmp_export", None, "db"),
            key(
                "drift",
                "public",
                "users",
                Some("email"),
                &format!("{init}:8")
            ),
            key(
                "schema-drift",
                "public",
                "users",
                Some("nickname"),
                &format!("{init}:1")
            ),
            key(
                "schema-drift",
                "public",
                "users",
                Some("phone"),
                &format!("{phone}:1")
            ),
        ],
        "{r:#}"
    );
    assert_eq!(
        message(&r, "users", Some("email")),
        "#PPI in the migrations but not in the database — migrations: 'Login e-mail #PPI' \
         (000001_init.up.sql:8); database: 'Login e-mail'"
    );
    assert_eq!(
        message(&r, "addresses", Some("user_id")),
        "#PPI in the database but not in the migrations — migrations: no comment \
         (000002_addresses.up.sql:1); database: 'Owner #PPI'"
    );
    assert!(message(&r, "cards", None).contains("database: no comment"));
    assert!(message(&r, "users", Some("phone")).contains("a migration was not applied"));
    assert!(message(&r, "tmp_export", None).contains("no migration creates it"));
    let f = r["findings"].as_array().unwrap();
    assert!(f
        .iter()
        .all(|f| (f["rule"] == "drift") == (f["severity"] == "error")));
    let email = f.iter().find(|f| f["column"] == "email").unwrap();
    assert_eq!(email["code"], "PT009");
    assert_eq!(email["expected_tags"], serde_json::json!(["#PPI"]));
    let export = f.iter().find(|f| f["table"] == "tmp_export").unwrap();
    assert_eq!(export["code"], "PT013");
    assert_eq!(export["severity"], "warning");
    assert!(!export["database"]
        .as_str()
        .unwrap()
        .contains(servers::PG_SUPERUSER_PASSWORD));
    assert_eq!(r["summary"]["errors"], 3);
    assert_eq!(r["summary"]["warnings"], 3);

    // Every format renders the same run; nothing leaks the password.
    for format in ["table", "sarif", "github", "gitlab", "junit", "markdown"] {
        let out = run(args(&["drift", "--url", &url, PG, "--format", format])).await;
        assert_eq!(code(&out), 1, "{format}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(text.contains("tmp_export"), "{format}:\n{text}");
        assert!(text.contains("000001_init.up.sql"), "{format}:\n{text}");
        assert!(!text.contains(servers::PG_SUPERUSER_PASSWORD), "{format}");
        assert!(
            !stderr(&out).contains(servers::PG_SUPERUSER_PASSWORD),
            "{format}"
        );
    }
    let out = run(args(&["drift", "--url", &url, PG, "--format", "github"])).await;
    assert!(
        stdout(&out).contains(&format!("::error file={init},line=8")),
        "{}",
        stdout(&out)
    );

    // Exit codes follow --fail-on; a config allow with a reason silences one object.
    let out = run(args(&["drift", "--url", &url, PG, "--fail-on", "never"])).await;
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("pitag.toml");
    std::fs::write(
        &config,
        "[[allow]]\ntable = \"tmp_export\"\nrule = \"schema-drift\"\nreason = \"export scratch table, dropped nightly\"\n\n\
         [[allow]]\ntable = \"legacy\"\nrule = \"missing-column-tag\"\nreason = \"for `pitag migrations`\"\n",
    )
    .unwrap();
    let cfg = config.to_str().unwrap().to_string();
    let out = run(args(&[
        "drift", "--url", &url, PG, "--config", &cfg, "--format", "json",
    ]))
    .await;
    let r2 = json(&out);
    assert_eq!(findings(&r2).len(), 5, "{r2:#}");
    assert!(!has(&r2, "schema-drift", "tmp_export", None));
    assert!(!has(&r2, "unused-suppression", "", None), "{r2:#}");

    // Inline ignores in the migrations: one naming `drift` silences the finding
    // at its statement; one meant for `pitag migrations` is not reported as unused.
    let copy = dir.path().join("migrations");
    std::fs::create_dir(&copy).unwrap();
    for f in [
        "000001_init.up.sql",
        "000002_addresses.up.sql",
        "000003_phone.up.sql",
    ] {
        let mut text = sql(&format!("{PG}/{f}"));
        if f == "000001_init.up.sql" {
            text = text
                .replace(
                    "COMMENT ON COLUMN users.email",
                    "-- pitag:ignore drift -- DATA-7: tag restored by the next release\nCOMMENT ON COLUMN users.email",
                )
                .replace(
                    "COMMENT ON COLUMN users.full_name",
                    "-- pitag:ignore missing-column-tag -- for `pitag migrations`\nCOMMENT ON COLUMN users.full_name",
                );
        }
        std::fs::write(copy.join(f), text).unwrap();
    }
    let copied = copy.to_str().unwrap().to_string();
    let out = run(args(&["drift", "--url", &url, &copied, "--format", "json"])).await;
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let r3 = json(&out);
    assert_eq!(findings(&r3).len(), 5, "{r3:#}");
    assert!(!has(&r3, "drift", "users", Some("email")), "{r3:#}");
    assert!(!has(&r3, "unused-suppression", "", None), "{r3:#}");

    // A baseline adopts today's drift.
    let baseline = dir.path().join("drift-baseline.json");
    let b = baseline.to_str().unwrap().to_string();
    let out = run(args(&["drift", "--url", &url, PG, "--write-baseline", &b])).await;
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = run(args(&[
        "drift",
        "--url",
        &url,
        PG,
        "--baseline",
        &b,
        "--format",
        "json",
    ]))
    .await;
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(json(&out)["findings"], serde_json::json!([]));
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_search_path() {
    let pg = PgServer::shared();
    let db = pg.create_db("drift_path").await;
    pg.exec(&db, "CREATE SCHEMA app").await;
    for f in [
        "000001_init.up.sql",
        "000002_addresses.up.sql",
        "000003_phone.up.sql",
    ] {
        pg.exec(
            &db,
            &format!("SET search_path = app;\n{}", sql(&format!("{PG}/{f}"))),
        )
        .await;
    }
    let url = pg.admin_url(&db);
    // Unqualified tables live in `app`: without --search-path, schema drift on both sides.
    let out = run(args(&["drift", "--url", &url, PG, "--format", "json"])).await;
    assert_eq!(code(&out), 0, "warnings only: {}", stderr(&out));
    let r = json(&out);
    let k = findings(&r);
    assert_eq!(k.len(), 6, "{r:#}");
    assert!(k.iter().all(|f| f.0 == "schema-drift"));
    assert!(k.contains(&key("schema-drift", "app", "users", None, "db")));
    assert!(k.contains(&key(
        "schema-drift",
        "public",
        "users",
        None,
        &format!("{PG}/000001_init.up.sql:1")
    )));
    // billing.cards is qualified: it matches either way.
    assert!(!k.iter().any(|f| f.2 == "cards"));
    let out = run(args(&[
        "drift",
        "--url",
        &url,
        PG,
        "--search-path",
        "app,public",
        "--format",
        "json",
        "--fail-on",
        "warning",
    ]))
    .await;
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert_eq!(json(&out)["findings"], serde_json::json!([]));
    // A hand edit is now found under its real schema.
    pg.exec(
        &db,
        "COMMENT ON COLUMN app.users.full_name IS 'Display name'",
    )
    .await;
    let out = run(args(&[
        "drift",
        "--url",
        &url,
        PG,
        "--search-path",
        "app",
        "--format",
        "json",
    ]))
    .await;
    assert_eq!(code(&out), 1);
    assert_eq!(
        findings(&json(&out)),
        vec![key(
            "drift",
            "app",
            "users",
            Some("full_name"),
            &format!("{PG}/000001_init.up.sql:9")
        )]
    );
    // --exclude-schema leaves a schema out on both sides.
    let out = run(args(&[
        "drift",
        "--url",
        &url,
        PG,
        "--search-path",
        "app",
        "--exclude-schema",
        "app",
        "--format",
        "json",
    ]))
    .await;
    assert_eq!(code(&out), 0, "{}", stdout(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn mariadb_drift() {
    let my = MariaDbServer::shared();

    // (a) everything applied: no findings.
    let db = my.create_db("drift_same").await;
    for f in ["000001_init.up.sql", "000002_orders.up.sql"] {
        for statement in sql(&format!("{MY}/{f}")).split(';') {
            if !statement.trim().is_empty() {
                my.exec(&db, statement).await;
            }
        }
    }
    my.exec(&db, "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty tinyint(1) NOT NULL)")
        .await;
    let url = my.admin_url(&db);
    let out = run(args(&["drift", "--url", &url, MY, "--format", "json"])).await;
    assert_eq!(code(&out), 0, "{}\n{}", stdout(&out), stderr(&out));
    let r = json(&out);
    assert_eq!(r["source"]["dialect"], "mysql");
    assert_eq!(r["findings"], serde_json::json!([]));
    assert_eq!(r["summary"]["tables"], 3);

    // (b) 000002 never applied; production edited by hand.
    let db = my.create_db("drift_edit").await;
    for statement in sql(&format!("{MY}/000001_init.up.sql")).split(';') {
        if !statement.trim().is_empty() {
            my.exec(&db, statement).await;
        }
    }
    for statement in [
        // MODIFY without COMMENT drops the comment, tag and all.
        "ALTER TABLE customers MODIFY email varchar(255) NOT NULL",
        "ALTER TABLE customers MODIFY created_at datetime NOT NULL COMMENT 'Signup time #GEO'",
        "ALTER TABLE Stores COMMENT = 'Physical stores'",
        "ALTER TABLE customers ADD COLUMN phone varchar(20)",
        "CREATE TABLE export_tmp (email varchar(255))",
    ] {
        my.exec(&db, statement).await;
    }
    assert_eq!(
        my.query_text(&db, "SELECT CAST(COLUMN_COMMENT AS CHAR) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'customers' AND COLUMN_NAME = 'email'", 0)
            .await,
        ""
    );
    let url = my.admin_url(&db);
    let out = run(args(&["drift", "--url", &url, MY, "--format", "json"])).await;
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let r = json(&out);
    let init = format!("{MY}/000001_init.up.sql");
    let orders = format!("{MY}/000002_orders.up.sql");
    assert_eq!(
        findings(&r),
        vec![
            key("drift", &db, "Stores", None, &format!("{init}:9")),
            key(
                "drift",
                &db,
                "customers",
                Some("created_at"),
                &format!("{init}:1")
            ),
            key(
                "drift",
                &db,
                "customers",
                Some("email"),
                &format!("{init}:1")
            ),
            key(
                "schema-drift",
                &db,
                "customers",
                Some("phone"),
                &format!("{init}:1")
            ),
            key("schema-drift", &db, "export_tmp", None, "db"),
            key("schema-drift", &db, "orders", None, &format!("{orders}:1")),
        ],
        "{r:#}"
    );
    assert_eq!(
        message(&r, "customers", Some("email")),
        "#PPI in the migrations but not in the database — migrations: 'Login e-mail #PPI' \
         (000001_init.up.sql:1); database: no comment"
    );
    assert_eq!(
        message(&r, "customers", Some("created_at")),
        "#GEO in the database but not in the migrations — migrations: no comment \
         (000001_init.up.sql:1); database: 'Signup time #GEO'"
    );
    assert!(message(&r, "Stores", None).contains("database: 'Physical stores'"));

    // The URL names the database: the same run without it, on a server with
    // several databases, is refused rather than guessed.
    let bare = my.admin_url("");
    let out = run(args(&["drift", "--url", &bare, MY, "--format", "json"])).await;
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    assert!(
        stderr(&out).contains("names no database"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn messages_show_paths_relative_to_the_audited_folder() {
    // Flyway keeps versions in sub-folders: the bare file name would not say where.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("db");
    let init = "CREATE TABLE users (id int, email text);\n\
                COMMENT ON COLUMN users.email IS 'Login #PPI';\n\
                COMMENT ON TABLE users IS 'Accounts #PPI';\n";
    for (rel, text) in [
        ("v1/V1__init.sql", init),
        (
            "v2/V2__phone.sql",
            "ALTER TABLE users ADD COLUMN phone text;\n",
        ),
    ] {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let pg = PgServer::shared();
    let db = pg.create_db("drift_nested").await;
    // V2 never applied, and the e-mail comment cleared by hand.
    pg.exec(&db, init).await;
    pg.exec(&db, "COMMENT ON COLUMN users.email IS 'Login'")
        .await;
    let url = pg.admin_url(&db);
    let path = root.to_str().unwrap().to_string();
    let out = run(args(&["drift", "--url", &url, &path, "--format", "json"])).await;
    assert_eq!(code(&out), 1, "{}\n{}", stdout(&out), stderr(&out));
    let r = json(&out);
    assert_eq!(
        message(&r, "users", Some("email")),
        "#PPI in the migrations but not in the database — migrations: 'Login #PPI' \
         (v1/V1__init.sql:2); database: 'Login'"
    );
    assert!(
        message(&r, "users", Some("phone")).contains("by the migrations (v2/V2__phone.sql:1)"),
        "{r:#}"
    );
    // JSON locations keep the full path.
    let file = r["findings"][0]["location"]["file"].as_str().unwrap();
    assert!(file.starts_with(&path), "{file}");
    // The table output shows the same relative places as the messages.
    let out = run(args(&["drift", "--url", &url, &path])).await;
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("v2/V2__phone.sql"), "{text}");
    assert!(!text.contains(&path), "{text}");
}

#[test]
fn connection_and_argument_errors_exit_2() {
    let port = free_port();
    let out = pitag(&[
        "drift",
        "--url",
        &format!("postgres://u:Sup3rSecretPW@127.0.0.1:{port}/x"),
        "--connect-timeout",
        "3",
        PG,
    ]);
    assert_eq!(code(&out), 2);
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("refused"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("Sup3rSecretPW"), "{}", stderr(&out));
    // No URL at all.
    let out = pitag(&["drift", PG]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("DATABASE_URL"), "{}", stderr(&out));
    // A dialect that contradicts the URL.
    let out = pitag(&[
        "drift",
        "--url",
        &format!("mysql://u@127.0.0.1:{port}/x"),
        "--dialect",
        "postgres",
        PG,
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("does not match"), "{}", stderr(&out));
    // Migrations that cannot be read fail before any connection is tried.
    let out = pitag(&[
        "drift",
        "--url",
        &format!("postgres://u@127.0.0.1:{port}/x"),
        "does/not/exist",
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("does/not/exist"), "{}", stderr(&out));
}

#[test]
fn rules_list_schema_drift() {
    let out = pitag(&["explain", "schema-drift"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).starts_with("PT013 schema-drift (default: warning)"));
    let out = pitag(&["explain", "PT009"]);
    assert!(stdout(&out).contains("--search-path"), "{}", stdout(&out));
}

//! `pitag db` against real PostgreSQL and MariaDB servers started by
//! tests/servers (a missing server binary fails these tests).

mod run_pitag;
mod servers;

use pitag::dialect::Dialect;
use run_pitag::*;
use servers::{free_port, MariaDbServer, PgServer};
use std::collections::BTreeSet;

/// Every statement of the migrations under `path`, as `pitag migrations` replays them.
fn statements(path: &str, dialect: Dialect) -> Vec<String> {
    servers::migration_statements(&root().join(path), dialect)
}

const COMPARED: &[&str] = &[
    "missing-column-tag",
    "missing-table-tag",
    "malformed-tag",
    "misplaced-tag",
];

/// (rule, table, column) of the compared rules. A tag lost during the
/// migrations is, in the live catalog, simply missing: map lost-tag to the
/// missing-* rule of the same object so both sides speak of the state.
fn state(report: &serde_json::Value) -> BTreeSet<(String, String, Option<String>)> {
    keys(report)
        .into_iter()
        .filter_map(|(rule, table, column)| {
            let rule = match rule.as_str() {
                "lost-tag" if column.is_some() => "missing-column-tag".to_string(),
                "lost-tag" => "missing-table-tag".to_string(),
                r if COMPARED.contains(&r) => r.to_string(),
                _ => return None,
            };
            Some((rule, table, column))
        })
        .collect()
}

fn parity(path: &str, dialect: &str, url: &str) {
    let migrations = pitag(&["migrations", path, "--dialect", dialect, "--format", "json"]);
    let live = pitag(&["db", "--url", url, "--format", "json"]);
    assert!(code(&live) == 0 || code(&live) == 1, "{}", stderr(&live));
    let (m, l) = (json(&migrations), json(&live));
    assert_eq!(l["source"]["kind"], "database");
    assert_eq!(
        state(&m),
        state(&l),
        "{path}: migrations vs live\nmigrations: {m:#}\nlive: {l:#}"
    );
    assert!(
        !state(&l).is_empty(),
        "{path}: a parity check over nothing proves nothing"
    );
    assert!(
        !stdout(&live).contains(servers::PG_SUPERUSER_PASSWORD)
            && !stderr(&live).contains(servers::PG_SUPERUSER_PASSWORD)
    );
    for f in l["findings"].as_array().unwrap() {
        assert!(f["location"].is_null());
        assert!(
            !f["database"]
                .as_str()
                .unwrap()
                .contains(servers::PG_SUPERUSER_PASSWORD),
            "password in {f}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_parity_with_migrations() {
    let pg = PgServer::shared();
    for fixture in ["fixtures/postgres/prisma", "fixtures/postgres/goose"] {
        let db = pg.create_db("parity").await;
        for s in statements(fixture, Dialect::Postgres) {
            pg.exec(&db, &s).await;
        }
        let url = pg.admin_url(&db);
        tokio::task::spawn_blocking(move || parity(fixture, "postgres", &url))
            .await
            .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn mariadb_parity_with_migrations_and_modify_really_drops_the_comment() {
    let my = MariaDbServer::shared();
    for fixture in ["fixtures/mysql/golang-migrate", "fixtures/mysql/sqlx"] {
        let db = my.create_db("parity").await;
        for s in statements(fixture, Dialect::Mysql) {
            my.exec(&db, &s).await;
        }
        let url = my.admin_url(&db);
        let f = fixture;
        tokio::task::spawn_blocking(move || parity(f, "mysql", &url))
            .await
            .unwrap();
        if fixture.ends_with("golang-migrate") {
            // The MODIFY without COMMENT in 000002 really dropped the comment on the server.
            let comment = my
                .query_text(&db, "SELECT CAST(COLUMN_COMMENT AS CHAR) FROM information_schema.COLUMNS WHERE TABLE_NAME = 'customers' AND COLUMN_NAME = 'email'", 0)
                .await;
            assert_eq!(comment, "");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_password_never_shows_the_password() {
    let pg = PgServer::shared();
    let url = pg.url("postgres", "postgres", "Wr0ngSecretPW");
    let out =
        tokio::task::spawn_blocking(move || pitag(&["db", "--url", &url, "--format", "json"]))
            .await
            .unwrap();
    assert_eq!(code(&out), 2);
    assert!(stdout(&out).is_empty());
    assert!(!stderr(&out).contains("Wr0ngSecretPW"), "{}", stderr(&out));
    assert!(
        stderr(&out).to_lowercase().contains("authentication"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn refused_port_unsupported_scheme_and_no_url_exit_2() {
    let port = free_port();
    let out = pitag(&[
        "db",
        "--url",
        &format!("postgres://u:p@127.0.0.1:{port}/x"),
        "--connect-timeout",
        "3",
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("refused"), "{}", stderr(&out));
    let out = pitag(&["db", "--url", "sqlite:///tmp/x.db"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("SQLite"), "{}", stderr(&out));
    let out = pitag(&["db"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("DATABASE_URL"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_fleet_reports_every_reachable_database_and_exits_2_for_a_dead_one() {
    let pg = PgServer::shared();
    let my = MariaDbServer::shared();
    let a = pg.create_db("fleet").await;
    pg.exec(
        &a,
        "CREATE TABLE people (id int, email text); COMMENT ON TABLE people IS 'x'",
    )
    .await;
    let b = my.create_db("fleet").await;
    my.exec(&b, "CREATE TABLE clients (id int, phone varchar(20))")
        .await;
    let dir = tempfile::tempdir().unwrap();
    let inventory = dir.path().join("fleet.toml");
    std::fs::write(
        &inventory,
        format!(
            "[[database]]\nname = \"pg\"\nurl = \"{}\"\n\n[[database]]\nname = \"dead\"\nurl = \"postgres://u:p@127.0.0.1:{}/x\"\n\n[[database]]\nname = \"maria\"\nurl_env = \"PITAG_TEST_MARIA\"\ntags = [\"prod\"]\n",
            pg.admin_url(&a),
            free_port()
        ),
    )
    .unwrap();
    let maria = my.admin_url(&b);
    let inv = inventory.to_str().unwrap().to_string();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_pitag"))
            .args([
                "db",
                "--inventory",
                &inv,
                "--jobs",
                "2",
                "--connect-timeout",
                "3",
                "--format",
                "json",
            ])
            .env("PITAG_TEST_MARIA", maria)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let r = json(&out);
    assert!(
        has(&r, "missing-column-tag", "people", Some("email")),
        "{r:#}"
    );
    assert!(
        has(&r, "missing-column-tag", "clients", Some("phone")),
        "{r:#}"
    );
    assert!(stderr(&out).contains("dead"), "{}", stderr(&out));
    // The report says which database it could not read, without the password.
    let failed = r["source"]["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1, "{r:#}");
    assert_eq!(failed[0]["name"], "dead");
    assert!(
        failed[0]["database"]
            .as_str()
            .unwrap()
            .starts_with("postgres://u@127.0.0.1:")
            && failed[0]["error"]
                .as_str()
                .unwrap()
                .contains("connection refused"),
        "{r:#}"
    );
    assert_eq!(r["source"]["paths"].as_array().unwrap().len(), 2, "{r:#}");
    assert!(
        stderr(&out).contains("1 of 3 databases could not be audited"),
        "{}",
        stderr(&out)
    );
    // stderr is a pipe here, not a terminal: no progress line, no escapes.
    assert!(!stderr(&out).contains("elapsed"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("databases 0/3"), "{}", stderr(&out));
    assert!(!stderr(&out).contains('\x1b'), "{:?}", stderr(&out));
}

/// On a terminal (a pty from util-linux `script`), a fleet shows its
/// progress on stderr while stdout, redirected to a file, holds only the
/// JSON report; `--quiet` shows no progress even on a terminal.
#[tokio::test(flavor = "multi_thread")]
async fn a_fleet_shows_progress_on_a_terminal_and_never_on_stdout() {
    let pg = PgServer::shared();
    let my = MariaDbServer::shared();
    let a = pg.create_db("progress").await;
    pg.exec(&a, "CREATE TABLE people (id int, email text)")
        .await;
    let b = my.create_db("progress").await;
    my.exec(&b, "CREATE TABLE clients (id int, phone varchar(20))")
        .await;
    let dir = tempfile::tempdir().unwrap();
    let (pg_url, my_url) = (pg.admin_url(&a), my.admin_url(&b));
    let run = move |extra: &str, report: std::path::PathBuf| {
        // The pty is stdin/stdout/stderr of the shell; stdout alone goes
        // to the report file, so the transcript is what stderr drew.
        let cmd = format!(
            "'{}' db --url '{}' --url '{}' --format json {} > '{}'",
            env!("CARGO_BIN_EXE_pitag"),
            pg_url,
            my_url,
            extra,
            report.display()
        );
        std::process::Command::new("script")
            .args(["-qec", &cmd, "/dev/null"])
            .output()
            .unwrap()
    };
    let (shown, quiet) = (dir.path().join("shown.json"), dir.path().join("quiet.json"));
    let (s, q) = (shown.clone(), quiet.clone());
    let (out, out_quiet) = tokio::task::spawn_blocking(move || (run("", s), run("--quiet", q)))
        .await
        .unwrap();
    let transcript = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        transcript.contains("databases 0/2, 0 failed"),
        "{transcript:?}"
    );
    assert!(transcript.contains("elapsed"), "{transcript:?}");
    let report = std::fs::read_to_string(&shown).unwrap();
    assert!(
        !report.contains("elapsed") && !report.contains('\x1b'),
        "{report}"
    );
    let r: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert!(
        has(&r, "missing-column-tag", "people", Some("email")),
        "{r:#}"
    );
    let transcript = String::from_utf8_lossy(&out_quiet.stdout).to_string();
    assert!(!transcript.contains("elapsed"), "{transcript:?}");
    let report = std::fs::read_to_string(&quiet).unwrap();
    assert!(
        serde_json::from_str::<serde_json::Value>(&report).is_ok(),
        "{report}"
    );
}

/// `--shard K/N`: N runners over a fleet of real PostgreSQL and MariaDB
/// databases find, together, exactly what one unsharded run finds.
#[tokio::test(flavor = "multi_thread")]
async fn three_shards_of_a_fleet_find_what_the_whole_fleet_finds() {
    let pg = PgServer::shared();
    let my = MariaDbServer::shared();
    let mut inventory = String::new();
    for i in 0..4 {
        let db = pg.create_db("shard").await;
        pg.exec(
            &db,
            &format!("CREATE TABLE people_{i} (id int, email text, phone text)"),
        )
        .await;
        inventory.push_str(&format!(
            "[[database]]\nname = \"pg-{i}\"\nurl = \"{}\"\ntags = [\"prod\"]\n\n",
            pg.admin_url(&db)
        ));
    }
    for i in 0..3 {
        let db = my.create_db("shard").await;
        my.exec(
            &db,
            &format!("CREATE TABLE clients_{i} (id int, email varchar(80))"),
        )
        .await;
        inventory.push_str(&format!(
            "[[database]]\nname = \"maria-{i}\"\nurl = \"{}\"\ntags = [\"prod\"]\n\n",
            my.admin_url(&db)
        ));
    }
    // Skipped by --skip-tag: never connected to, never in any share. Nothing
    // listens on its port: left in, it is the shard that failed.
    inventory.push_str(&format!(
        "[[database]]\nname = \"old\"\nurl = \"postgres://u:p@127.0.0.1:{}/x\"\ntags = [\"prod\", \"legacy\"]\n",
        free_port()
    ));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fleet.toml");
    std::fs::write(&path, inventory).unwrap();
    let inv = path.to_str().unwrap().to_string();
    // `skip_legacy: false` keeps the unreachable "old" in its shard.
    let run = move |shard: Option<String>, skip_legacy: bool| {
        let mut args = vec![
            "db".to_string(),
            "--inventory".into(),
            inv.clone(),
            "--only-tag".into(),
            "prod".into(),
            "--format".into(),
            "json".into(),
            "--connect-timeout".into(),
            "3".into(),
        ];
        if skip_legacy {
            args.extend(["--skip-tag".to_string(), "legacy".into()]);
        }
        if let Some(s) = shard {
            args.extend(["--shard".to_string(), s]);
        }
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_pitag"))
            .args(&args)
            .env_remove("DATABASE_URL")
            .output()
            .unwrap();
        if skip_legacy {
            assert_ne!(code(&out), 2, "{args:?}: {}", stderr(&out));
        }
        (sorted_findings(&json(&out)), out)
    };
    let merge = |files: &[String]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_pitag"))
            .arg("merge")
            .args(files)
            .args(["--format", "json"])
            .output()
            .unwrap()
    };
    let reports = dir.path().to_path_buf();
    let (whole, shards, whole_doc, merged, with_dead) = tokio::task::spawn_blocking(move || {
        let (whole, whole_out) = run(None, true);
        let mut shards: Vec<Vec<String>> = Vec::new();
        let mut files = Vec::new();
        let mut with_dead = Vec::new();
        for k in 1..=3 {
            let (findings, out) = run(Some(format!("{k}/3")), true);
            shards.push(findings);
            // Each shard's report, as a CI matrix job would upload it.
            let file = reports.join(format!("shard-{k}.json"));
            std::fs::write(&file, &out.stdout).unwrap();
            files.push(file.to_str().unwrap().to_string());
            // The same shard with the unreachable database left in.
            let (_, out) = run(Some(format!("{k}/3")), false);
            let file = reports.join(format!("dead-shard-{k}.json"));
            std::fs::write(&file, &out.stdout).unwrap();
            with_dead.push((file.to_str().unwrap().to_string(), out));
        }
        let merged = merge(&files);
        let dead_files: Vec<String> = with_dead.iter().map(|(f, _)| f.clone()).collect();
        let merged_dead = merge(&dead_files);
        (
            whole,
            shards,
            json(&whole_out),
            merged,
            (with_dead, merged_dead),
        )
    })
    .await
    .unwrap();
    assert!(whole.len() >= 7, "{whole:#?}");
    for (i, t) in (0..4)
        .map(|i| format!("people_{i}"))
        .chain((0..3).map(|i| format!("clients_{i}")))
        .enumerate()
    {
        assert!(whole.iter().any(|f| f.contains(&t)), "{i} {t}: {whole:#?}");
    }
    let mut union: Vec<String> = shards.iter().flatten().cloned().collect();
    union.sort();
    // Compared as multisets: a database in two shards would repeat its findings.
    assert_eq!(union, whole, "the shards' findings, together");
    // `pitag merge` of the three shards' reports is the whole fleet's report.
    assert_ne!(code(&merged), 2, "merge: {}", stderr(&merged));
    let merged = json(&merged);
    assert_eq!(sorted_findings(&merged), whole, "merged findings");
    assert_eq!(merged["summary"], whole_doc["summary"], "merged summary");
    let paths = |doc: &serde_json::Value| {
        let mut p: Vec<String> = doc["source"]["paths"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.to_string())
            .collect();
        p.sort();
        p
    };
    assert_eq!(paths(&merged), paths(&whole_doc), "merged databases");
    assert_eq!(merged["source"]["failed"], serde_json::json!([]));

    // With "old" (nothing listens on its port) in the selection, the one
    // shard holding it exits 2 and its report lists it; the others are as
    // before, and the merge of all three exits 2 naming it and that report.
    let (shard_runs, merged_dead) = with_dead;
    let mut holding = Vec::new();
    for (file, out) in &shard_runs {
        let doc = json(out);
        let failed = doc["source"]["failed"].as_array().unwrap();
        if failed.is_empty() {
            assert_ne!(code(out), 2, "{file}: {}", stderr(out));
        } else {
            assert_eq!(code(out), 2, "{file}: {}", stderr(out));
            assert_eq!(failed.len(), 1, "{doc:#}");
            assert_eq!(failed[0]["name"], "old");
            assert!(
                failed[0]["database"]
                    .as_str()
                    .unwrap()
                    .starts_with("postgres://u@127.0.0.1:"),
                "no password: {doc:#}"
            );
            holding.push(file.clone());
        }
    }
    assert_eq!(holding.len(), 1, "old is in exactly one shard");
    assert_eq!(code(&merged_dead), 2, "{}", stderr(&merged_dead));
    let err = stderr(&merged_dead);
    assert!(
        err.contains(&format!("{}: old could not be audited", holding[0])),
        "{err}"
    );
    let merged_dead = json(&merged_dead);
    assert_eq!(
        merged_dead["source"]["failed"].as_array().unwrap().len(),
        1,
        "{merged_dead:#}"
    );
    // What could be read is still all there.
    assert_eq!(
        sorted_findings(&merged_dead),
        whole,
        "findings beside a failure"
    );
    assert_eq!(paths(&merged_dead), paths(&whole_doc));
}

/// A report's findings as JSON strings, sorted.
fn sorted_findings(doc: &serde_json::Value) -> Vec<String> {
    let mut findings: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.to_string())
        .collect();
    findings.sort();
    findings
}

/// A SaaS database with a schema per tenant: 20 schemas alike (one with a
/// `fax` column more in `users`). The table report shows each group of
/// identical tables once, is a fraction of the ungrouped report's length,
/// and counts every finding the JSON report lists.
#[tokio::test(flavor = "multi_thread")]
async fn tenant_schemas_are_grouped_in_the_table_report() {
    let pg = PgServer::shared();
    let db = pg.create_db("tenants").await;
    let mut sql = String::new();
    for i in 1..=20 {
        let s = format!("tenant_{i:02}");
        let fax = if i == 7 { "fax text, " } else { "" };
        sql.push_str(&format!(
            "CREATE SCHEMA {s};
            CREATE TABLE {s}.users (id bigint PRIMARY KEY, email text, {fax}phone text, created_at timestamptz);
            COMMENT ON TABLE {s}.users IS 'Customers #PPI';
            COMMENT ON COLUMN {s}.users.email IS 'Login e-mail #PPI';
            CREATE TABLE {s}.addresses (id bigint, street text, latitude double precision, longitude double precision);
            COMMENT ON TABLE {s}.addresses IS 'Delivery addresses #PPI';
            CREATE TABLE {s}.plans (id int, title text);\n"
        ));
    }
    pg.exec(&db, &sql).await;
    let url = pg.admin_url(&db);
    let (grouped, each, report) = tokio::task::spawn_blocking(move || {
        let run = |extra: &[&str]| {
            let mut args = vec!["db", "--url", &url, "-q"];
            args.extend_from_slice(extra);
            let out = pitag(&args);
            assert_eq!(code(&out), 1, "{}", stderr(&out));
            out
        };
        (
            stdout(&run(&[])),
            stdout(&run(&["--no-group"])),
            json(&run(&["--format", "json"])),
        )
    })
    .await
    .unwrap();

    for title in [
        "tenant_*.addresses — 20 schemas (tenant_01 … tenant_20)",
        "tenant_*.users — 19 schemas (tenant_01 … tenant_20)",
        "tenant_07.users",
        "39 identical tables of several schemas shown in 2 groups (--no-group lists each)",
    ] {
        assert!(grouped.lines().any(|l| l == title), "{title}:\n{grouped}");
    }
    assert!(!grouped.contains("tenant_02"), "{grouped}");
    // Every tenant's addresses: a table tag and street, latitude, longitude;
    // users: phone, and fax in tenant_07.
    let findings = report["findings"].as_array().unwrap().len();
    assert_eq!(findings, 20 * 4 + 19 + 2);
    let summary = format!(
        "{findings} findings ({findings} errors, 0 warnings) in 60 tables, 201 columns (postgres)"
    );
    assert_eq!(grouped.lines().last(), Some(summary.as_str()), "{grouped}");
    assert_eq!(each.lines().last(), Some(summary.as_str()), "{each}");
    let (short, long) = (grouped.lines().count(), each.lines().count());
    assert!(short * 10 < long, "{short} lines grouped, {long} ungrouped");
    assert!(each.lines().any(|l| l == "tenant_02.addresses"), "{each}");
}

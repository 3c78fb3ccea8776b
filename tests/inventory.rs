//! `pitag inventory`: the formats of the inventory fixture (insta snapshots),
//! the JSON against docs/inventory.schema.json, exit codes, `--fail-under`,
//! `--format`/`--output`, `pitag merge` of inventories; and against real
//! PostgreSQL and MariaDB servers (tests/servers; a missing server binary
//! fails them): a fleet inventoried whole and as three merged shards gives
//! the same inventory, and `--sample` lists columns by their values without
//! any sampled value reaching an output.

mod run_pitag;
mod servers;

use run_pitag::*;
use serde_json::Value;
use servers::{free_port, MariaDbServer, PgServer};
use std::fs;

const FIXTURE: &str = "fixtures/postgres/inventory";

fn validator() -> jsonschema::Validator {
    let path = root().join("docs/inventory.schema.json");
    let schema: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap())
        .expect("docs/inventory.schema.json is JSON");
    jsonschema::draft202012::meta::validate(&schema)
        .unwrap_or_else(|e| panic!("docs/inventory.schema.json is no valid 2020-12 schema: {e}"));
    jsonschema::draft202012::new(&schema).expect("docs/inventory.schema.json compiles")
}

fn assert_valid(doc: &Value, what: &str) {
    let v = validator();
    let errs: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errs.is_empty(),
        "{what}: not valid against docs/inventory.schema.json:\n{}\n{doc:#}",
        errs.join("\n")
    );
}

/// The tool's version out of snapshots (it changes with every release).
fn unversioned(text: &str) -> String {
    text.replace(
        &format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"version\": \"[version]\"",
    )
}

/// RFC 4180 records (quoted fields may hold `,`, `""` and line breaks).
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, '\n') => panic!("a bare LF ends a record: {text}"),
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && record.is_empty(),
        "unterminated last record"
    );
    records
}

#[test]
fn fixture_formats_snapshots() {
    for format in ["csv", "json", "markdown"] {
        let out = pitag(&["inventory", FIXTURE, "--format", format, "-q"]);
        assert_eq!(code(&out), 0, "{format}: {}", stderr(&out));
        assert!(stderr(&out).is_empty(), "-q: {}", stderr(&out));
        insta::assert_snapshot!(
            format!("inventory_fixture_{format}"),
            unversioned(&stdout(&out))
        );
    }
}

#[test]
fn fixture_json_validates_and_counts_every_status() {
    let out = pitag(&["inventory", FIXTURE, "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let doc = json(&out);
    assert_valid(&doc, FIXTURE);
    assert_eq!(doc["kind"], "inventory");
    let statuses = &doc["summary"]["statuses"];
    for s in [
        "tagged",
        "missing",
        "lost",
        "malformed",
        "misplaced",
        "tagged-but-not-classified",
    ] {
        assert!(statuses[s].as_u64().unwrap() >= 1, "{s}: {statuses}");
    }
    // The suppressed column keeps its status and counts as missing.
    let items = doc["items"].as_array().unwrap();
    let tester = items
        .iter()
        .find(|i| i["table"] == "test_accounts" && i["column"] == "email")
        .unwrap();
    assert_eq!(tester["status"], "missing");
    assert_eq!(tester["suppressed"], true);
    // One row per object: the three tenant tables are three rows each.
    let tenant_rows = items
        .iter()
        .filter(|i| i["table"] == "users" && i["schema"].as_str().unwrap().starts_with("tenant_"))
        .count();
    assert_eq!(tenant_rows, 9);
    let s = &doc["summary"];
    assert_eq!(
        s["found"].as_u64().unwrap(),
        s["tagged"].as_u64().unwrap() + s["missing"].as_u64().unwrap()
    );
    let by_db = &doc["coverage"]["databases"][0];
    assert_eq!(by_db["database"], FIXTURE);
    assert_eq!(by_db["found"], s["found"]);
}

#[test]
fn every_fixture_folder_inventories_to_a_valid_document() {
    let mut folders = 0;
    for group in ["postgres", "mysql"] {
        let mut dirs: Vec<_> = fs::read_dir(root().join("fixtures").join(group))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        for dir in dirs {
            let name = format!(
                "fixtures/{group}/{}",
                dir.file_name().unwrap().to_str().unwrap()
            );
            let dialect = if group == "mysql" {
                "mysql"
            } else {
                "postgres"
            };
            let out = pitag(&["inventory", &name, "--dialect", dialect, "--format", "json"]);
            assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
            assert_valid(&json(&out), &name);
            folders += 1;
        }
    }
    assert!(folders >= 15, "{folders}");
}

#[test]
fn csv_is_rfc4180_with_a_formula_guard() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("0001_init.sql"),
        "CREATE TABLE \"=cmd\" (id int, \"@sum\" int, \"note, \"\"quoted\"\"\" int, email text);\n\
         COMMENT ON COLUMN \"=cmd\".\"@sum\" IS 'Sum #PPI';\n\
         COMMENT ON COLUMN \"=cmd\".\"note, \"\"quoted\"\"\" IS 'Note #PPI';\n",
    )
    .unwrap();
    let path = dir.path().to_str().unwrap();
    let out = pitag(&[
        "inventory",
        path,
        "--dialect",
        "postgres",
        "--format",
        "csv",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let records = csv_records(&stdout(&out));
    assert_eq!(records[0].len(), 14);
    assert_eq!(records[0][0], "database");
    assert_eq!(records[0][13], "suppressed");
    for r in &records {
        assert_eq!(r.len(), 14, "{r:?}");
    }
    let tables: Vec<&str> = records[1..].iter().map(|r| r[2].as_str()).collect();
    assert!(tables.iter().all(|t| *t == "'=cmd"), "{tables:?}");
    let columns: Vec<&str> = records[1..].iter().map(|r| r[3].as_str()).collect();
    assert!(columns.contains(&"'@sum"), "{columns:?}");
    assert!(columns.contains(&"note, \"quoted\""), "{columns:?}");
    assert!(columns.contains(&"email"), "{columns:?}");
}

#[test]
fn exit_codes_and_fail_under() {
    // 50% coverage in the fixture.
    let run = |extra: &[&str]| {
        let mut args = vec!["inventory", FIXTURE, "-q", "--format", "json"];
        args.extend(extra);
        pitag(&args)
    };
    let out = run(&["--fail-under", "50"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = run(&["--fail-under", "50.1"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("coverage 50% (7 of 14 PI columns tagged) is below --fail-under 50.1%"),
        "{}",
        stderr(&out)
    );
    // The inventory is still written.
    assert_eq!(json(&out)["summary"]["found"], 14);
    for bad in ["--fail-under=101", "--fail-under=-1", "--fail-under=x"] {
        let out = run(&[bad]);
        assert_eq!(code(&out), 2, "{bad}");
        assert!(stderr(&out).contains("percentage"), "{}", stderr(&out));
    }
    // No PI column at all: nothing to tag, never below.
    let out = pitag(&[
        "inventory",
        "fixtures/postgres/clean",
        "--fail-under",
        "100",
        "-q",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // Nothing to audit: the inventory is written, the run exits 2.
    let empty = tempfile::tempdir().unwrap();
    fs::write(empty.path().join("0001.sql"), "SELECT 1;\n").unwrap();
    let out = pitag(&[
        "inventory",
        empty.path().to_str().unwrap(),
        "--dialect",
        "postgres",
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing to inventory"),
        "{}",
        stderr(&out)
    );
    assert_eq!(json(&out)["summary"]["found"], 0);
    // A missing folder, an unknown format, PATHs with --url.
    assert_eq!(code(&pitag(&["inventory", "no/such/dir"])), 2);
    let out = pitag(&["inventory", FIXTURE, "--format", "sarif"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("csv, json, markdown or html"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        code(&pitag(&[
            "inventory",
            FIXTURE,
            "--url",
            "postgres://x@127.0.0.1/x"
        ])),
        2
    );
}

#[test]
fn formats_to_files_and_one_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let file = |n: &str| dir.path().join(n).to_str().unwrap().to_string();
    let out = pitag(&[
        "inventory",
        FIXTURE,
        "-q",
        "--format",
        "csv",
        "--output",
        &file("inv.csv"),
        "--format",
        "json",
        "--output",
        &file("inv.json"),
        "--format",
        "html",
        "--output",
        &file("inv.html"),
        "--format",
        "markdown",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("# PI inventory"),
        "{}",
        stdout(&out)
    );
    let csv = fs::read_to_string(file("inv.csv")).unwrap();
    let doc: Value = serde_json::from_str(&fs::read_to_string(file("inv.json")).unwrap()).unwrap();
    assert_eq!(
        csv_records(&csv).len() - 1,
        doc["items"].as_array().unwrap().len(),
        "one CSV row per JSON item"
    );
    let html = fs::read_to_string(file("inv.html")).unwrap();
    assert!(html.contains("<html"), "{html}");
    // Default: markdown on stdout.
    let out = pitag(&["inventory", FIXTURE, "-q"]);
    assert!(stdout(&out).starts_with("# PI inventory"));
    let out = pitag(&["inventory", FIXTURE, "--format", "csv", "--format", "json"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("only one --format can write to stdout"));
}

#[test]
fn merge_of_inventories() {
    let dir = tempfile::tempdir().unwrap();
    let file = |n: &str| dir.path().join(n).to_str().unwrap().to_string();
    let write = |args: &[&str], name: &str| {
        let out = pitag(args);
        assert!(code(&out) < 2, "{args:?}: {}", stderr(&out));
        fs::write(file(name), &out.stdout).unwrap();
    };
    write(&["inventory", FIXTURE, "--format", "json"], "a.json");
    write(
        &["inventory", "fixtures/postgres/flyway", "--format", "json"],
        "b.json",
    );
    write(&["migrations", FIXTURE, "--format", "json"], "audit.json");
    let out = pitag(&[
        "merge",
        &file("a.json"),
        &file("b.json"),
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let merged = json(&out);
    assert_valid(&merged, "merged");
    let count = |p: &str| {
        let d: Value = serde_json::from_str(&fs::read_to_string(file(p)).unwrap()).unwrap();
        d["summary"]["found"].as_u64().unwrap()
    };
    assert_eq!(
        merged["summary"]["found"].as_u64().unwrap(),
        count("a.json") + count("b.json")
    );
    assert_eq!(merged["coverage"]["databases"].as_array().unwrap().len(), 2);
    // Markdown by default; csv accepted.
    let out = pitag(&["merge", &file("a.json"), &file("b.json")]);
    assert!(
        stdout(&out).starts_with("# PI inventory"),
        "{}",
        stderr(&out)
    );
    let out = pitag(&["merge", &file("a.json"), "--format", "csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // Errors: a database twice, an audit report among inventories, a
    // report format for inventories, an inventory format for reports.
    let out = pitag(&["merge", &file("a.json"), &file("a.json")]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("is also in"), "{}", stderr(&out));
    let out = pitag(&["merge", &file("a.json"), &file("audit.json")]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("inventories merge only with inventories"),
        "{}",
        stderr(&out)
    );
    let out = pitag(&["merge", &file("a.json"), "--format", "sarif"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("for audit reports"),
        "{}",
        stderr(&out)
    );
    let out = pitag(&["merge", &file("audit.json"), "--format", "csv"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("is for inventories"),
        "{}",
        stderr(&out)
    );
    // Audit reports still merge as before.
    let out = pitag(&["merge", &file("audit.json"), "--format", "json"]);
    assert!(code(&out) < 2, "{}", stderr(&out));
    assert!(json(&out)["findings"].is_array());
    // The coverage gate of the merged inventory (the fixture is at 50%), as
    // `inventory --fail-under`; each gate only where it means something.
    let gate = |limit: &str| pitag(&["merge", &file("a.json"), "--fail-under", limit, "-q"]);
    assert_eq!(code(&gate("50")), 0, "{}", stderr(&gate("50")));
    let out = gate("50.1");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("is below --fail-under 50.1%"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).starts_with("# PI inventory"), "written anyway");
    let out = pitag(&["merge", &file("a.json"), "--fail-on", "warning"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("take --fail-under"),
        "{}",
        stderr(&out)
    );
    let out = pitag(&["merge", &file("audit.json"), "--fail-under", "90"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("take --fail-on"), "{}", stderr(&out));
}

/// Run `pitag` with owned arguments.
fn pitag_owned(args: &[String]) -> std::process::Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    pitag(&args)
}

/// `pitag` from an async test, on a blocking thread: the run waits for the
/// child to exit, which must not hold one of the runtime's workers.
async fn pitag_blocking(args: &[&str]) -> std::process::Output {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    tokio::task::spawn_blocking(move || pitag_owned(&args))
        .await
        .unwrap()
}

/// `--shard K/N` over a fleet of real PostgreSQL and MariaDB databases: the
/// three shares' JSON inventories, merged, are the unsharded inventory
/// (items, coverage, databases).
#[tokio::test(flavor = "multi_thread")]
async fn three_shards_merged_are_the_whole_fleets_inventory() {
    let pg = PgServer::shared();
    let my = MariaDbServer::shared();
    let mut fleet = String::new();
    for i in 0..4 {
        let db = pg.create_db("invshard").await;
        pg.exec(
            &db,
            &format!(
                "CREATE TABLE people_{i} (id int, email text, phone text, shoe_size int);
                 COMMENT ON COLUMN people_{i}.email IS 'Login #PPI';
                 COMMENT ON COLUMN people_{i}.shoe_size IS 'Size #PPI';
                 CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b;
                 CREATE TABLE tenant_a.users (id int, email text);
                 CREATE TABLE tenant_b.users (id int, email text);"
            ),
        )
        .await;
        fleet.push_str(&format!(
            "[[database]]\nname = \"pg-{i}\"\nurl = \"{}\"\ntags = [\"prod\"]\n\n",
            pg.admin_url(&db)
        ));
    }
    for i in 0..3 {
        let db = my.create_db("invshard").await;
        let sql = if i == 2 {
            // No PI at all: listed, nothing found.
            "CREATE TABLE stock (id int, sku varchar(20))".to_string()
        } else {
            format!(
                "CREATE TABLE clients_{i} (id int, email varchar(80) COMMENT 'Login #PPI', \
                 first_name varchar(80) COMMENT 'Name #ppi')"
            )
        };
        my.exec(&db, &sql).await;
        fleet.push_str(&format!(
            "[[database]]\nname = \"maria-{i}\"\nurl = \"{}\"\ntags = [\"prod\"]\n\n",
            my.admin_url(&db)
        ));
    }
    // Skipped by --skip-tag: never connected to.
    fleet.push_str(&format!(
        "[[database]]\nname = \"old\"\nurl = \"postgres://u:p@127.0.0.1:{}/x\"\ntags = [\"prod\", \"legacy\"]\n",
        free_port()
    ));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fleet.toml");
    fs::write(&path, fleet).unwrap();
    let inv = path.to_str().unwrap().to_string();
    let reports = dir.path().to_path_buf();
    let (whole, merged) = tokio::task::spawn_blocking(move || {
        let run = |shard: Option<String>| {
            let mut args: Vec<String> = [
                "inventory",
                "--inventory",
                &inv,
                "--only-tag",
                "prod",
                "--skip-tag",
                "legacy",
                "--format",
                "json",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect();
            if let Some(s) = shard {
                args.extend(["--shard".to_string(), s]);
            }
            let out = pitag_owned(&args);
            assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
            out
        };
        let whole = json(&run(None));
        let mut files = Vec::new();
        let mut shares = Vec::new();
        for k in 1..=3 {
            let out = run(Some(format!("{k}/3")));
            shares.push(json(&out)["source"]["paths"].as_array().unwrap().len());
            let file = reports.join(format!("inventory-{k}.json"));
            fs::write(&file, &out.stdout).unwrap();
            files.push(file.to_str().unwrap().to_string());
        }
        let mut args = vec!["merge".to_string()];
        args.extend(files);
        args.extend(["--format".to_string(), "json".to_string()]);
        let merged = pitag_owned(&args);
        assert_eq!(code(&merged), 0, "merge: {}", stderr(&merged));
        // The fleet really is split: no share holds every database.
        assert_eq!(shares.iter().sum::<usize>(), 7, "{shares:?}");
        assert!(shares.iter().all(|n| *n < 7), "{shares:?}");
        (whole, json(&merged))
    })
    .await
    .unwrap();
    assert_valid(&whole, "whole fleet");
    assert_valid(&merged, "merged shards");
    assert_eq!(whole["coverage"]["databases"].as_array().unwrap().len(), 7);
    // 4 × (email, phone, shoe_size, 2 tenant emails) + 2 × (email, first_name)
    assert_eq!(whole["summary"]["found"], 24, "{:#}", whole["summary"]);
    assert_eq!(whole["summary"]["statuses"]["malformed"], 2);
    assert_eq!(whole["summary"]["statuses"]["tagged-but-not-classified"], 4);
    let empty = whole["coverage"]["databases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["found"] == 0)
        .count();
    assert_eq!(empty, 1, "the database without PI is listed");
    assert_eq!(merged["items"], whole["items"], "items, in the same order");
    assert_eq!(merged["coverage"], whole["coverage"]);
    assert_eq!(merged["summary"], whole["summary"]);
    let paths = |doc: &Value| {
        let mut p: Vec<String> = doc["source"]["paths"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.to_string())
            .collect();
        p.sort();
        p
    };
    assert_eq!(paths(&merged), paths(&whole));
    assert!(!whole.to_string().contains("legacy"));
}

/// A fleet with an unreachable database: the others are inventoried and
/// written, the run exits 2.
#[tokio::test(flavor = "multi_thread")]
async fn a_dead_database_of_a_fleet_exits_2_after_writing_the_rest() {
    let pg = PgServer::shared();
    let db = pg.create_db("invdead").await;
    pg.exec(&db, "CREATE TABLE people (id int, email text)")
        .await;
    let dead = format!("postgres://u:secretpw@127.0.0.1:{}/x", free_port());
    let url = pg.admin_url(&db);
    let inventory = [
        "inventory",
        "--url",
        &url,
        "--url",
        &dead,
        "--connect-timeout",
        "2",
    ];
    let out = pitag_blocking(&[&inventory[..], &["--format", "json"]].concat()).await;
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 of 2 databases could not be inventoried"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("secretpw"), "{}", stderr(&out));
    let doc = json(&out);
    assert_eq!(doc["summary"]["found"], 1);
    assert!(!doc.to_string().contains("secretpw"));
    assert_valid(&doc, "inventory with a failed database");
    let md = pitag_blocking(&inventory).await;
    let md = String::from_utf8_lossy(&md.stdout).to_string();
    assert!(md.contains("**1 database could not be read**"), "{md}");
    assert!(!md.contains("secretpw"), "{md}");
    let failed = doc["source"]["failed"].as_array().expect("source.failed");
    assert_eq!(failed.len(), 1, "{doc}");
    assert!(failed[0]["database"]
        .as_str()
        .unwrap()
        .contains("127.0.0.1"));
    // A merge of this inventory (a shard's) with another exits 2 and names the dead one.
    let dir = tempfile::tempdir().unwrap();
    let part = dir.path().join("shard-1.json");
    std::fs::write(&part, &out.stdout).unwrap();
    let part = part.to_str().unwrap();
    let merged = pitag_blocking(&["merge", part, "--format", "json"]).await;
    assert_eq!(code(&merged), 2, "{}", stderr(&merged));
    assert!(
        stderr(&merged).contains("could not be inventoried"),
        "{}",
        stderr(&merged)
    );
    assert!(!stderr(&merged).contains("secretpw"), "{}", stderr(&merged));
    let merged = json(&merged);
    assert_eq!(merged["source"]["failed"].as_array().map(Vec::len), Some(1));
    assert_eq!(merged["summary"]["found"], 1);
    // The page names it too, above the figures that leave it out.
    let page = pitag_blocking(&["merge", part, "--format", "html"]).await;
    assert_eq!(code(&page), 2, "{}", stderr(&page));
    let page = String::from_utf8_lossy(&page.stdout).to_string();
    assert!(
        page.contains("<b>1 database could not be read</b>"),
        "{page}"
    );
    assert!(!page.contains("secretpw"));
}

/// Substrings of the sampled values that appear nowhere else.
const MARKERS: &[&str] = &["zqmarker", "918273", "739182"];

/// `--sample`: a column named for nothing but full of e-mail addresses is
/// in the inventory, with counts as evidence; no sampled value reaches any
/// format or stderr.
#[tokio::test(flavor = "multi_thread")]
async fn sampled_values_add_pi_columns_and_never_leak() {
    let pg = PgServer::shared();
    let db = pg.create_db("invsample").await;
    let rows: Vec<String> = (0..60)
        .map(|i| {
            format!(
                "({i}, 'zqmarker{i}x@example.org', 'zqmarker note {i}', '+49 30 918273 {i:02}', 48.{i:02}739182)"
            )
        })
        .collect();
    pg.exec(
        &db,
        &format!(
            "CREATE TABLE records (id int, misc1 text, notes text, misc2 text, c1 double precision);
             INSERT INTO records VALUES {}; ANALYZE records",
            rows.join(", ")
        ),
    )
    .await;
    let url = pg.admin_url(&db);
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().to_path_buf();
    let (plain, sampled, texts) = tokio::task::spawn_blocking(move || {
        let plain = pitag_owned(&[
            "inventory".into(),
            "--url".into(),
            url.clone(),
            "--format".into(),
            "json".into(),
        ]);
        let mut args: Vec<String> = vec![
            "inventory".into(),
            "--url".into(),
            url.clone(),
            "--sample".into(),
            "100".into(),
        ];
        for f in ["csv", "json", "html"] {
            args.extend([
                "--format".into(),
                f.into(),
                "--output".into(),
                out_dir.join(format!("inv.{f}")).display().to_string(),
            ]);
        }
        args.extend(["--format".into(), "markdown".into()]);
        let all = pitag_owned(&args);
        assert_eq!(code(&all), 0, "{}", stderr(&all));
        let mut texts = vec![stdout(&all), stderr(&all)];
        for f in ["csv", "json", "html"] {
            texts.push(fs::read_to_string(out_dir.join(format!("inv.{f}"))).unwrap());
        }
        let sampled: Value = serde_json::from_str(&texts[3]).unwrap();
        (json(&plain), sampled, texts)
    })
    .await
    .unwrap();
    let column = |doc: &Value, c: &str| {
        doc["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["table"] == "records" && i["column"] == c)
            .cloned()
    };
    assert!(column(&plain, "misc1").is_none(), "{plain:#}");
    let misc1 = column(&sampled, "misc1").expect("misc1 listed with --sample");
    assert_eq!(misc1["status"], "missing");
    assert_eq!(misc1["category"], "contact.email");
    assert_eq!(misc1["expected_tags"], serde_json::json!(["#PPI"]));
    assert!(
        misc1["evidence"]
            .as_str()
            .unwrap()
            .contains("sampled values are e-mail addresses"),
        "{misc1}"
    );
    assert_eq!(
        column(&sampled, "misc2").unwrap()["category"],
        "contact.phone"
    );
    assert!(column(&sampled, "notes").is_none(), "free text stays out");
    assert_valid(&sampled, "sampled");
    assert!(
        texts[0].contains("`misc1`"),
        "markdown lists it: {}",
        texts[0]
    );
    for marker in MARKERS {
        for text in &texts {
            assert!(
                !text.contains(marker),
                "sampled value `{marker}` leaked:\n{text}"
            );
        }
    }
}

/// Tenant schemas: identical tables are one markdown line with exact
/// totals; JSON and CSV keep one row per object.
#[test]
fn identical_tenant_tables_are_one_markdown_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut sql = String::new();
    for t in 0..40 {
        sql.push_str(&format!(
            "CREATE SCHEMA tenant_{t:02};\n\
             CREATE TABLE tenant_{t:02}.users (id int, email text, phone text);\n\
             COMMENT ON COLUMN tenant_{t:02}.users.email IS 'Login #PPI';\n"
        ));
    }
    fs::write(dir.path().join("0001_init.sql"), sql).unwrap();
    let path = dir.path().to_str().unwrap();
    let md = pitag(&["inventory", path, "--dialect", "postgres", "-q"]);
    assert_eq!(code(&md), 0, "{}", stderr(&md));
    let md = stdout(&md);
    assert!(md.contains("**80 PI columns** in 40 tables"), "{md}");
    assert!(
        md.contains("| `tenant_*.users` — 40 schemas | 80 | 40 | 40 | 50% | `phone` missing |"),
        "{md}"
    );
    assert!(
        md.contains("| `tenant_*` — 40 schemas | 80 | 40 | 40 | 50% |"),
        "{md}"
    );
    assert!(md.lines().count() < 45, "{md}");
    let csv = pitag(&[
        "inventory",
        path,
        "--dialect",
        "postgres",
        "--format",
        "csv",
    ]);
    // 40 × (table, email, phone), and the header.
    assert_eq!(csv_records(&stdout(&csv)).len(), 121);
}

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
}

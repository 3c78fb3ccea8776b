//! The command line as users and CI jobs meet it: exit codes, errors that
//! name the file and line, formats, config, baselines.

mod common;
use common::*;
use std::fs;

#[test]
fn rules_and_explain() {
    let out = pitag(&["rules"]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    for (code, name) in [
        ("PT001", "missing-column-tag"),
        ("PT003", "lost-tag"),
        ("PT012", "edited-migration"),
    ] {
        assert!(
            text.lines()
                .any(|l| l.starts_with(code) && l.contains(name)),
            "{code} {name} in:\n{text}"
        );
    }
    let out = pitag(&["explain", "PT003"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("MODIFY"));
    assert_eq!(stdout(&out), stdout(&pitag(&["explain", "lost-tag"])));
    let out = pitag(&["explain", "PT999"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("unknown rule"));
}

#[test]
fn missing_path_and_no_migrations_exit_2() {
    let out = pitag(&["migrations", "does/not/exist"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("does/not/exist"), "{}", stderr(&out));
    let dir = tempfile::tempdir().unwrap();
    let out = pitag_in(dir.path(), &["migrations", "."]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("no migrations"), "{}", stderr(&out));
    // Default path ./migrations, absent.
    let out = pitag_in(dir.path(), &["migrations"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn bad_arguments_exit_2() {
    assert_eq!(
        code(&pitag(&[
            "migrations",
            "fixtures/postgres/clean",
            "--format",
            "xml"
        ])),
        2
    );
    assert_eq!(
        code(&pitag(&[
            "migrations",
            "fixtures/postgres/clean",
            "--dialect",
            "oracle"
        ])),
        2
    );
    assert_eq!(
        code(&pitag(&[
            "migrations",
            "fixtures/postgres/clean",
            "--fail-on",
            "sometimes"
        ])),
        2
    );
    assert_eq!(code(&pitag(&["no-such-command"])), 2);
}

#[test]
fn fail_on_controls_exit_code() {
    let p = "fixtures/postgres/golang-migrate";
    assert_eq!(code(&pitag(&["migrations", p, "--format", "json"])), 1);
    assert_eq!(
        code(&pitag(&[
            "migrations",
            p,
            "--format",
            "json",
            "--fail-on",
            "never"
        ])),
        0
    );
    // Only warnings (late-tag) would remain if errors were off: warning fails, error does not.
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("0001_a.up.sql"),
        "CREATE TABLE t (id int);\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("0002_b.up.sql"),
        "COMMENT ON TABLE t IS 'x'; COMMENT ON TABLE t IS 'x #ppi';\n",
    )
    .unwrap();
    let d = dir.path().to_str().unwrap();
    assert_eq!(
        code(&pitag(&["migrations", d, "--format", "json"])),
        0,
        "a warning alone passes by default"
    );
    assert_eq!(
        code(&pitag(&[
            "migrations",
            d,
            "--format",
            "json",
            "--fail-on",
            "warning"
        ])),
        1
    );
}

#[test]
fn json_is_alone_on_stdout_and_notes_go_to_stderr() {
    let out = pitag(&["migrations", "fixtures/mysql/popx", "--format", "json"]);
    let r = json(&out);
    assert_eq!(r["version"], 1);
    assert_eq!(r["tool"]["name"], "pitag");
    assert_eq!(r["source"]["kind"], "migrations");
    assert!(r["summary"]["tables"].as_u64().unwrap() >= 1);
    let err = stderr(&out);
    assert!(err.contains("skipped") || err.contains("dialect"), "{err}");
}

#[test]
fn dialect_is_inferred_and_announced() {
    let out = pitag(&[
        "migrations",
        "fixtures/mysql/golang-migrate",
        "--format",
        "json",
    ]);
    assert!(
        stderr(&out).contains("dialect mysql inferred"),
        "{}",
        stderr(&out)
    );
    let out = pitag(&[
        "migrations",
        "fixtures/mysql/golang-migrate",
        "--format",
        "json",
        "--dialect",
        "mysql",
    ]);
    assert!(!stderr(&out).contains("inferred"));
}

#[test]
fn table_format_groups_by_table_and_fits_80_columns() {
    let out = pitag(&["migrations", "fixtures/postgres/golang-migrate"]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(text.lines().any(|l| l == "public.addresses"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour when not a terminal");
    assert!(text.contains("findings"));
}

#[test]
fn several_formats_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.json");
    let out = pitag(&[
        "migrations",
        "fixtures/postgres/golang-migrate",
        "--format",
        "json",
        "--output",
        file.to_str().unwrap(),
        "--format",
        "table",
    ]);
    assert_eq!(code(&out), 1);
    let written: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    assert!(written["findings"].as_array().unwrap().len() > 3);
    assert!(stdout(&out).contains("public.addresses"));
    let out = pitag(&[
        "migrations",
        "fixtures/postgres/clean",
        "--format",
        "json",
        "--format",
        "table",
    ]);
    assert_eq!(code(&out), 2, "two reports cannot share stdout");
}

#[test]
fn config_is_found_upward_and_errors_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let mig = dir.path().join("db/migrations");
    fs::create_dir_all(&mig).unwrap();
    fs::write(
        mig.join("0001_init.up.sql"),
        "CREATE TABLE users (id int, email text);\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("pitag.toml"),
        "paths = [\"db/migrations\"]\n\n[[allow]]\ntable = \"users\"\ncolumn = \"email\"\nrule = \"missing-column-tag\"\nreason = \"test\"\n",
    )
    .unwrap();
    let sub = dir.path().join("db");
    let out = pitag_in(&sub, &["migrations", "--format", "json"]);
    let r = json(&out);
    assert!(
        !has(&r, "missing-column-tag", "users", Some("email")),
        "{r:#}"
    );
    assert!(has(&r, "missing-table-tag", "users", None));

    fs::write(
        dir.path().join("pitag.toml"),
        "dialect = \"postgres\"\nfail_onn = \"error\"\n",
    )
    .unwrap();
    let out = pitag_in(&sub, &["migrations", "--format", "json"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("pitag.toml:2:"), "{err}");
    assert!(err.contains("fail_onn"), "{err}");
    assert!(stdout(&out).is_empty());

    fs::write(
        dir.path().join("pitag.toml"),
        "[[allow]]\ntable = \"users\"\n",
    )
    .unwrap();
    let out = pitag_in(&sub, &["migrations", "db/migrations"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("pitag.toml:1:1") && stderr(&out).contains("reason"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn inline_ignores_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("0001_a.up.sql"),
        "-- pitag:ignore missing-colum-tag -- typo\nCREATE TABLE a (id int);\n\n-- pitag:ignore lost-tag\nCREATE TABLE b (id int);\n\n-- pitag:ignore missing-column-tag,missing-table-tag -- fixtures\nCREATE TABLE c (email text);\n\n-- pitag:ignore late-tag -- nothing here\nCREATE TABLE d (id int);\n",
    )
    .unwrap();
    let out = pitag(&[
        "migrations",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    let r = json(&out);
    let f = r["findings"].as_array().unwrap();
    let by_rule = |rule: &str| {
        f.iter()
            .filter(|x| x["rule"] == rule)
            .map(|x| x["location"]["line"].as_u64().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(by_rule("invalid-suppression"), vec![1, 4]);
    assert_eq!(by_rule("unused-suppression"), vec![10]);
    assert!(!has(&r, "missing-column-tag", "c", Some("email")));
}

#[test]
fn baselines_hide_known_findings_and_report_stale_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mig = dir.path().join("m");
    fs::create_dir(&mig).unwrap();
    fs::write(
        mig.join("0001_a.up.sql"),
        "CREATE TABLE users (id int, email text, phone text);\n",
    )
    .unwrap();
    let m = mig.to_str().unwrap();
    let base = dir.path().join("baseline.json");
    let b = base.to_str().unwrap();
    let out = pitag(&["migrations", m, "--write-baseline", b]);
    assert_eq!(code(&out), 0);
    let out = pitag(&["migrations", m, "--baseline", b, "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert_eq!(json(&out)["findings"], serde_json::json!([]));
    // A new untagged column is reported; a fixed one makes its entry stale.
    fs::write(
        mig.join("0002_b.up.sql"),
        "ALTER TABLE users ADD COLUMN iban text;\nCOMMENT ON COLUMN users.phone IS 'Phone #PPI';\n",
    )
    .unwrap();
    let out = pitag(&["migrations", m, "--baseline", b, "--format", "json"]);
    assert_eq!(code(&out), 1);
    let r = json(&out);
    assert!(has(&r, "missing-column-tag", "users", Some("iban")));
    assert!(has(&r, "unused-suppression", "users", Some("phone")));
    assert!(!has(&r, "missing-column-tag", "users", Some("email")));
}

#[test]
fn invalid_utf8_is_read_lossily_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes =
        b"CREATE TABLE t (id int, email text);\nCOMMENT ON TABLE t IS 'caf\xe9 #PPI';\n".to_vec();
    bytes.extend_from_slice(b"-- \xff\xfe\n");
    fs::write(dir.path().join("dump.sql"), bytes).unwrap();
    let out = pitag(&[
        "migrations",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("not valid UTF-8"), "{}", stderr(&out));
    assert!(has(&json(&out), "missing-column-tag", "t", Some("email")));
}

#[test]
fn unparsed_statements_are_reported_not_skipped() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("0001_a.up.sql"),
        "CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN email text DEFALT 'x' 'y';\n",
    )
    .unwrap();
    let out = pitag(&[
        "migrations",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 1);
    let r = json(&out);
    let f = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "unparsed-statement")
        .expect("PT007");
    assert_eq!(f["table"], "t");
    assert_eq!(f["location"]["line"], 2);
}

#[test]
fn classify_shows_evidence() {
    let out = pitag(&[
        "classify",
        "fixtures/postgres/golang-migrate",
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 0);
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cols = r["columns"].as_array().unwrap();
    let email = cols
        .iter()
        .find(|c| c["table"] == "users" && c["column"] == "email")
        .unwrap();
    assert_eq!(email["category"], "contact.email");
    assert_eq!(email["expected_tag"], "#PPI");
    assert!(!email["evidence"].as_str().unwrap().is_empty());
}

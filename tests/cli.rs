//! The command line as users and CI jobs meet it: exit codes, errors that
//! name the file and line, formats, config, baselines.

mod run_pitag;
use run_pitag::*;
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

/// Write `files` (path inside `dir`, content) under `dir`.
fn tree(dir: &std::path::Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let p = dir.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
}

/// Tables of a JSON report, by name.
fn table_names(out: &std::process::Output) -> Vec<String> {
    let r = json(out);
    let mut names: Vec<String> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["table"].as_str().map(str::to_string))
        .filter(|t| !t.is_empty())
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn rollback_files_are_never_replayed_in_any_naming_style() {
    // Each down file drops the table its up file created, and would be
    // replayed first if it were read: the tables survive only if it is not.
    let up = |t: &str| format!("CREATE TABLE {t} (id int, email text);\n");
    let down = |t: &str| format!("DROP TABLE {t};\n");
    let cases: Vec<(&str, Vec<(String, String)>)> = vec![
        (
            "go style up/down pairs",
            vec![
                ("V0001.Init.up.sql".into(), up("a")),
                ("V0001.Init.down.sql".into(), down("a")),
                ("V0002.More.UP.sql".into(), up("b")),
                ("V0002.More.DOWN.sql".into(), down("b")),
            ],
        ),
        (
            "dash and underscore separators",
            vec![
                ("0001-a-up.sql".into(), up("a")),
                ("0001-a-DOWN.sql".into(), down("a")),
                ("0002-b-up.sql".into(), up("b")),
                ("0002-b_down.sql".into(), down("b")),
            ],
        ),
        (
            "flyway undo and rollback scripts",
            vec![
                ("V1__a.sql".into(), up("a")),
                ("U1__a.sql".into(), down("a")),
                ("V2__b.sql".into(), up("b")),
                ("V2__b.rollback.sql".into(), down("b")),
                ("rollback/V2__b.sql".into(), down("b")),
            ],
        ),
        (
            "golang-migrate",
            vec![
                ("1_a.up.sql".into(), up("a")),
                ("1_a.down.sql".into(), down("a")),
                ("2_b.up.sql".into(), up("b")),
                ("2_b.down.sql".into(), down("b")),
            ],
        ),
        (
            "diesel folders",
            vec![
                ("2024-01-01-000000_a/up.sql".into(), up("a")),
                ("2024-01-01-000000_a/down.sql".into(), down("a")),
                ("2024-01-02-000000_b/up.sql".into(), up("b")),
                ("2024-01-02-000000_b/down.sql".into(), down("b")),
            ],
        ),
        (
            "undo suffix",
            vec![
                ("01_a.sql".into(), up("a")),
                ("01_a.undo.sql".into(), down("a")),
                ("02_b.sql".into(), up("b")),
                ("02_b.UNDO.sql".into(), down("b")),
            ],
        ),
    ];
    for (what, files) in cases {
        let dir = tempfile::tempdir().unwrap();
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        tree(dir.path(), &refs);
        let out = pitag_in(dir.path(), &["migrations", ".", "--format", "json"]);
        assert_eq!(code(&out), 1, "{what}: {}", stderr(&out));
        assert_eq!(table_names(&out), ["a", "b"], "{what}: {}", stderr(&out));
        let err = stderr(&out);
        let skipped = err.lines().filter(|l| l.contains("skipped ./")).count();
        assert_eq!(skipped, files.len() - 2, "{what}: {err}");
        assert!(err.contains("rollback"), "{what}: {err}");
        assert!(err.contains("2 files replayed"), "{what}: {err}");
    }
}

#[test]
fn a_rollback_file_named_on_the_command_line_is_read_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    tree(
        dir.path(),
        &[(
            "V0001.Init.down.sql",
            "CREATE TABLE kept (id int, phone text);\n",
        )],
    );
    let out = pitag_in(
        dir.path(),
        &["migrations", "V0001.Init.down.sql", "--format", "json"],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(table_names(&out), ["kept"]);
    let err = stderr(&out);
    assert!(
        err.contains("V0001.Init.down.sql: rollback migration")
            && err.contains("replayed because it was named on the command line"),
        "{err}"
    );
}

#[test]
fn stderr_says_what_was_understood_and_stdout_holds_only_the_report() {
    let dir = tempfile::tempdir().unwrap();
    tree(
        dir.path(),
        &[
            ("db/1_a.up.sql", "CREATE TABLE a (id int);\n"),
            ("db/1_a.down.sql", "DROP TABLE a;\n"),
            ("db/2_b.up.sql", "CREATE TABLE b (id int);\n"),
            ("db/notes.sql", "SELECT 1;\n"),
            ("plain/schema.sql", "CREATE TABLE c (id int);\n"),
        ],
    );
    let out = pitag_in(
        dir.path(),
        &["migrations", "db", "plain", "--format", "json"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    json(&out);
    let err = stderr(&out);
    for expected in [
        // the layout, and why, as a guess: not every file fits
        "db: golang-migrate layout, a guess (2 of 3 .sql files named <version>_<title>.up.sql; the others are skipped); 2 files replayed, 2 skipped",
        "skipped db/1_a.down.sql: rollback migration (`down` in its name), not replayed",
        "skipped db/notes.sql: does not fit the golang-migrate layout of this folder",
        "plain: plain SQL (no migration tool's naming convention matched: the one .sql file replayed in natural path order); 1 file replayed, 0 skipped",
        "3 files replayed in all, 2 skipped",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    // --quiet: only errors on stderr.
    let out = pitag_in(
        dir.path(),
        &["migrations", "db", "--format", "json", "--quiet"],
    );
    assert_eq!(code(&out), 0);
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn list_prints_the_replay_order_with_versions() {
    let dir = tempfile::tempdir().unwrap();
    tree(
        dir.path(),
        &[
            ("m/V10__ten.sql", "CREATE TABLE t10 (id int);\n"),
            ("m/V2__two.sql", "CREATE TABLE t2 (id int);\n"),
            ("m/V1_1__one_one.sql", "CREATE TABLE t11 (id int);\n"),
            ("m/U2__two.sql", "DROP TABLE t2;\n"),
            ("m/R__views.sql", "SELECT 1;\n"),
        ],
    );
    let out = pitag_in(dir.path(), &["migrations", "--list", "m"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "1_1  m/V1_1__one_one.sql\n\
         2    m/V2__two.sql\n\
         10   m/V10__ten.sql\n\
         -    m/R__views.sql\n"
    );
    let err = stderr(&out);
    assert!(err.contains("m: flyway layout"), "{err}");
    assert!(err.contains("skipped m/U2__two.sql: Flyway undo"), "{err}");
    // Nothing is replayed: a file that would not parse does not matter.
    fs::write(dir.path().join("m/V3__bad.sql"), "CREATE TABLE (;\n").unwrap();
    let out = pitag_in(dir.path(), &["migrations", "--list", "--quiet", "m"]);
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("3    m/V3__bad.sql\n"),
        "{}",
        stdout(&out)
    );
    assert!(stderr(&out).is_empty());
    // Errors exit 2.
    let out = pitag_in(dir.path(), &["migrations", "--list", "nowhere"]);
    assert_eq!(code(&out), 2);
    assert!(stdout(&out).is_empty());
    let out = pitag(&[
        "migrations",
        "--list",
        "--dialect",
        "postgres",
        "fixtures/mysql/popx",
    ]);
    assert!(matches!(code(&out), 0 | 2), "{}", stderr(&out));
}

#[test]
fn placeholders_come_from_config_and_flag_and_the_flag_wins() {
    let dir = tempfile::tempdir().unwrap();
    tree(
        dir.path(),
        &[(
            "m/V1__init.sql",
            "CREATE TABLE ${schema}.users (id int, email text);\n\
             COMMENT ON COLUMN ${schema}.users.email IS 'Login e-mail ${tag}';\n",
        )],
    );
    fs::write(
        dir.path().join("pitag.toml"),
        "[placeholders]\nschema = \"app\"\ntag = \"#PPI\"\n",
    )
    .unwrap();
    let out = pitag_in(dir.path(), &["migrations", "m", "--format", "json"]);
    let r = json(&out);
    assert!(has(&r, "missing-table-tag", "users", None), "{r:#}");
    assert!(
        !has(&r, "missing-column-tag", "users", Some("email")),
        "{r:#}"
    );
    assert!(r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["schema"] == "app"));
    let out = pitag_in(
        dir.path(),
        &[
            "migrations",
            "m",
            "--format",
            "json",
            "--placeholder",
            "schema=billing",
            "--placeholder",
            "tag=",
        ],
    );
    let r = json(&out);
    assert!(
        has(&r, "missing-column-tag", "users", Some("email")),
        "{r:#}"
    );
    assert!(r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["schema"] == "billing"));
    // A malformed flag is a usage error.
    let out = pitag_in(dir.path(), &["migrations", "m", "--placeholder", "schema"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("NAME=VALUE"), "{}", stderr(&out));
}

#[test]
fn an_unresolved_placeholder_is_one_finding_per_file() {
    let dir = tempfile::tempdir().unwrap();
    tree(
        dir.path(),
        &[
            (
                "m/V1__init.sql",
                "CREATE TABLE ${schema}.users (id int, email text);\n\
                 ALTER TABLE ${schema}.users ADD COLUMN phone text;\n\
                 COMMENT ON COLUMN ${schema}.users.phone IS 'x';\n\
                 CREATE TABLE plain_one (id int);\n\
                 GRANT SELECT ON plain_one TO ${flyway:user};\n",
            ),
            (
                "m/V2__more.sql",
                "CREATE TABLE {{ .Schema }}.orders (id int, buyer_name text);\n",
            ),
            (
                "m/V3__ok.sql",
                "CREATE TABLE ${flyway:defaultSchema}.ok (id int);\n",
            ),
        ],
    );
    let out = pitag_in(dir.path(), &["migrations", "m", "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let r = json(&out);
    let found: Vec<&serde_json::Value> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "unresolved-placeholder")
        .collect();
    assert_eq!(found.len(), 2, "{r:#}");
    assert_eq!(found[0]["location"]["file"], "m/V1__init.sql");
    assert_eq!(found[0]["location"]["line"], 1);
    let msg = found[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("`${schema}`")
            && msg.contains("3 statements")
            && msg.contains("schema = ")
            && msg.contains("--placeholder schema="),
        "{msg}"
    );
    assert!(!msg.contains("flyway:user"), "{msg}");
    let msg = found[1]["message"].as_str().unwrap();
    assert!(
        msg.contains("`{{ .Schema }}`") && msg.contains("Schema = "),
        "{msg}"
    );
    // No parse errors, no half-read tables; the rest of the file is replayed.
    assert!(
        !keys(&r).iter().any(|k| k.0 == "unparsed-statement"),
        "{r:#}"
    );
    assert!(!has(&r, "missing-column-tag", "users", Some("email")));
    let tables: Vec<&str> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["table"].as_str())
        .collect();
    assert!(
        !tables.iter().any(|t| t.contains("pitag_unresolved")),
        "{r:#}"
    );
    assert_eq!(r["summary"]["tables"], 2, "plain_one and ok: {r:#}");
    let err = stderr(&out);
    assert!(
        err.contains(
            "`${flyway:user}` has no value but stands only in statements that shape no table or \
             comment, replayed without it (1 file, first m/V1__init.sql)"
        ),
        "{err}"
    );
    assert!(err.contains("`${flyway:defaultSchema}.`"), "{err}");
}

#[test]
fn goose_envsub_files_replace_placeholders_in_literals_too() {
    let dir = tempfile::tempdir().unwrap();
    tree(
        dir.path(),
        &[
            (
                "m/00001_a.sql",
                "-- +goose Up\n-- +goose ENVSUB ON\n\
                 CREATE TABLE a (id int, phone text);\n\
                 COMMENT ON COLUMN a.phone IS 'Phone ${TAG}';\n",
            ),
            (
                "m/00002_b.sql",
                "-- +goose Up\nCREATE TABLE b (id int, phone text);\n\
                 COMMENT ON COLUMN b.phone IS 'Phone ${TAG}';\n",
            ),
        ],
    );
    let out = pitag_in(
        dir.path(),
        &[
            "migrations",
            "m",
            "--format",
            "json",
            "--placeholder",
            "TAG=#PPI",
        ],
    );
    let r = json(&out);
    assert!(!has(&r, "missing-column-tag", "a", Some("phone")), "{r:#}");
    assert!(
        !has(&r, "missing-column-tag", "b", Some("phone")),
        "configured: {r:#}"
    );
    let out = pitag_in(dir.path(), &["migrations", "m", "--format", "json"]);
    let r = json(&out);
    // Without a value: goose would substitute in 00001 (held back, reported),
    // while 00002's literal is plain text.
    assert!(has(&r, "unresolved-placeholder", "", None), "{r:#}");
    assert_eq!(
        keys(&r)
            .iter()
            .filter(|k| k.0 == "unresolved-placeholder")
            .count(),
        1
    );
    assert!(has(&r, "missing-column-tag", "b", Some("phone")), "{r:#}");
}

#[test]
fn placeholder_text_in_literals_of_plain_files_stays_as_written() {
    let dir = tempfile::tempdir().unwrap();
    tree(
        dir.path(),
        &[(
            "schema.sql",
            "CREATE TABLE contacts (id int, phone text, site text);\n\
             COMMENT ON COLUMN contacts.phone IS 'Phone #${PPI}';\n\
             COMMENT ON COLUMN contacts.site IS 'like ${host}:${port}';\n",
        )],
    );
    let out = pitag_in(
        dir.path(),
        &["migrations", "schema.sql", "--format", "json"],
    );
    let r = json(&out);
    // `#${PPI}` is no tag: the phone column is still untagged.
    assert!(
        has(&r, "missing-column-tag", "contacts", Some("phone")),
        "{r:#}"
    );
    assert!(
        !keys(&r).iter().any(|k| k.0 == "unresolved-placeholder"),
        "{r:#}"
    );
    // The comment text is kept exactly: `fix` restates it before the tag.
    let out = pitag_in(dir.path(), &["fix", "schema.sql"]);
    let sql = stdout(&out);
    assert!(
        sql.contains("'Phone #${PPI} #PPI'"),
        "{sql}\n{}",
        stderr(&out)
    );
    // Configured, a name is replaced in literals too.
    let out = pitag_in(
        dir.path(),
        &[
            "migrations",
            "schema.sql",
            "--format",
            "json",
            "--placeholder",
            "PPI=PPI",
        ],
    );
    let r = json(&out);
    assert!(
        !has(&r, "missing-column-tag", "contacts", Some("phone")),
        "{r:#}"
    );
}

#[test]
fn no_table_at_all_exits_2_with_the_report() {
    let dir = tempfile::tempdir().unwrap();
    tree(
        dir.path(),
        &[
            ("only_data/0001_seed.sql", "INSERT INTO t VALUES (1);\n"),
            ("views/0001_v.sql", "CREATE VIEW v AS SELECT 1 AS x;\n"),
            ("broken/0001_x.sql", "CREATE TABLE (;\n"),
            ("ph/V1__x.sql", "CREATE TABLE ${s}.t (id int);\n"),
        ],
    );
    for (path, why) in [
        ("only_data", "created no table"),
        ("views", "1 view only"),
        ("broken", "could not be read"),
        ("ph", "`${s}` has no value"),
    ] {
        let out = pitag_in(dir.path(), &["migrations", path, "--format", "json"]);
        assert_eq!(code(&out), 2, "{path}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("nothing to audit in"), "{path}: {err}");
        assert!(err.contains(why), "{path}: {err}");
        // The report is still written: its findings say what went wrong.
        assert_eq!(json(&out)["summary"]["tables"], 0);
        let out = pitag_in(dir.path(), &["classify", path]);
        assert_eq!(code(&out), 2, "classify {path}");
    }
    let out = pitag_in(
        dir.path(),
        &["migrations", "only_data", "--write-baseline", "b.json"],
    );
    assert_eq!(code(&out), 2);
    assert!(!dir.path().join("b.json").exists());
    // --fail-on never does not make an audit of nothing pass.
    let out = pitag_in(dir.path(), &["migrations", "broken", "--fail-on", "never"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn table_locations_are_relative_to_the_audited_folder() {
    let out = pitag(&["migrations", "fixtures/postgres/prisma"]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(
        text.contains("│ 20240101120000_init/ ") && text.contains("│ migration.sql:2 "),
        "{text}"
    );
    assert!(!text.contains("fixtures/postgres"), "{text}");
    // Diesel: every file is up.sql; a nested folder keeps its whole path.
    let dir = tempfile::tempdir().unwrap();
    tree(
        dir.path(),
        &[
            (
                "db/2024-01-01-000000_users/up.sql",
                "CREATE TABLE users (id int, email text);\n",
            ),
            ("db/2024-01-01-000000_users/down.sql", "DROP TABLE users;\n"),
            (
                "db/2024-02-01-000000_phone/up.sql",
                "ALTER TABLE users ADD COLUMN phone text;\n",
            ),
        ],
    );
    let out = pitag_in(dir.path(), &["migrations", "./db/"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("│ 2024-02-01-000000_phone/ "), "{text}");
    assert!(text.contains("│ 2024-01-01-000000_users/ "), "{text}");
    assert!(text.contains("│ up.sql:1 "), "{text}");
    assert!(!text.contains("db/"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
}

#[test]
fn classify_table_fits_80_columns_without_breaking_names() {
    let dir = tempfile::tempdir().unwrap();
    tree(
        dir.path(),
        &[(
            "s.sql",
            "CREATE TABLE customer_billing_addresses (customer_postal_code_for_invoices text, \
             home_latitude double precision, email text, favourite_colour text);\n",
        )],
    );
    for path in [
        dir.path().join("s.sql"),
        run_pitag::root().join("fixtures/postgres/golang-migrate"),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_pitag"))
            .args(["classify", "--all", path.to_str().unwrap()])
            .env("COLUMNS", "80")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let text = stdout(&out);
        assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
        let rows: Vec<Vec<String>> = text
            .lines()
            .filter(|l| l.starts_with('│'))
            .map(|l| {
                l.trim_matches('│')
                    .split('┆')
                    .map(|c| c.trim().to_string())
                    .collect()
            })
            .collect();
        // Names quoted in the evidence are never cut across lines.
        for r in &rows {
            for c in r {
                assert_eq!(c.matches('`').count() % 2, 0, "{c}:\n{text}");
            }
        }
        // A name in the first column breaks only after a dot.
        let first: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
        if path.ends_with("s.sql") {
            for name in [
                "customer_billing_addresses.",
                "customer_postal_code_for_invoices",
                "home_latitude",
                "favourite_colour",
            ] {
                assert!(first.iter().any(|c| c.contains(name)), "{name}:\n{text}");
            }
        } else {
            assert!(first.contains(&"public.addresses.postal_code"), "{text}");
        }
    }
}

#[test]
fn diff_of_migrations_that_create_no_table_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(d)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .expect("git");
        assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
    };
    git(&["init", "-q", "-b", "main"]);
    tree(
        d,
        &[("m/0001_a.sql", "CREATE TABLE a (id int, email text);\n")],
    );
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "base"]);
    // The branch empties the migration: the head replays to no table.
    fs::write(d.join("m/0001_a.sql"), "SELECT 1;\n").unwrap();
    let out = pitag_in(d, &["diff", "--base", "main", "m", "--format", "json"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing to audit in m"),
        "{}",
        stderr(&out)
    );
    let r = json(&out);
    assert!(
        has(&r, "edited-migration", "", None) || !keys(&r).is_empty(),
        "{r:#}"
    );
}

#[test]
fn dialect_mariadb_selects_the_mariadb_server_for_conditional_comments() {
    let dir = tempfile::tempdir().unwrap();
    tree(
        dir.path(),
        &[(
            "sql/1.sql",
            "CREATE TABLE t (id int, c varchar(9) COMMENT 'x #PPI') COMMENT 'T #PPI';\n\
             ALTER TABLE t MODIFY c varchar(9) /*!80000 COMMENT 'x #PPI' */;\n",
        )],
    );
    let rules = |extra: &[&str]| {
        let mut args = vec!["migrations", "sql", "--format", "json"];
        args.extend_from_slice(extra);
        let out = pitag_in(dir.path(), &args);
        keys(&json(&out))
            .into_iter()
            .map(|(rule, _, _)| rule)
            .collect::<Vec<_>>()
    };
    // MySQL (8.4 by default) keeps the comment; the dependence is reported.
    assert_eq!(rules(&["--dialect", "mysql"]), ["version-dependent-ddl"]);
    // MariaDB 10.11 skips the `/*!80000` body: the tag is lost, as on the
    // server (the version is a default, not pinned: still reported).
    let mariadb = ["version-dependent-ddl", "lost-tag"];
    assert_eq!(rules(&["--dialect", "mariadb"]), mariadb);
    assert_eq!(rules(&["--dialect", "MariaDB"]), mariadb);
    // A version still wins over the family the dialect names.
    assert!(rules(&["--dialect", "mariadb", "--server-version", "mysql-8.0"]).is_empty());
    fs::write(
        dir.path().join("pitag.toml"),
        "[mysql]\nserver_version = \"8.0\"\n",
    )
    .unwrap();
    assert!(rules(&["--dialect", "mariadb"]).is_empty());
    // The command line's dialect wins over the config's.
    fs::write(dir.path().join("pitag.toml"), "dialect = \"mariadb\"\n").unwrap();
    assert_eq!(rules(&[]), mariadb);
    assert_eq!(rules(&["--dialect", "mysql"]), ["version-dependent-ddl"]);
    fs::remove_file(dir.path().join("pitag.toml")).unwrap();

    // `fix` replays the same way: only MariaDB has a lost tag to restore.
    let out = pitag_in(dir.path(), &["fix", "sql", "--dialect", "mariadb"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("#PPI"), "{}", stdout(&out));
    let out = pitag_in(dir.path(), &["fix", "sql", "--dialect", "mysql"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
}

/// `db --only-tag/--skip-tag/--shard`: the errors need no server; the one
/// database of the inventory (`a`, FNV-1a 64 shard 1 of 2) is never reached.
#[test]
fn db_fleet_selection_and_shard_errors_exit_2_and_an_empty_shard_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let inv = dir.path().join("fleet.toml");
    fs::write(
        &inv,
        "[[database]]\nname = \"a\"\nurl = \"postgres://u@127.0.0.1:1/a\"\ntags = [\"prod\"]\n",
    )
    .unwrap();
    let inv = inv.to_str().unwrap();
    for bad in ["0/3", "4/3", "1/0", "x/2", "2", "auto/2", "1/-1"] {
        let out = pitag(&["db", "--inventory", inv, "--shard", bad]);
        assert_eq!(code(&out), 2, "{bad}");
        assert!(stderr(&out).contains("--shard"), "{bad}: {}", stderr(&out));
    }
    for opts in [
        &["--only-tag", "prod"][..],
        &["--skip-tag", "prod"],
        &["--shard", "1/2"],
    ] {
        let mut args = vec!["db"];
        args.extend(opts);
        let out = pitag(&args);
        assert_eq!(code(&out), 2, "{opts:?}");
        assert!(stderr(&out).contains("--inventory"), "{}", stderr(&out));
    }
    let out = pitag(&[
        "db",
        "--inventory",
        inv,
        "--shard",
        "2/2",
        "--url",
        "postgres://x@h/y",
    ]);
    assert_eq!(code(&out), 2);
    let out = pitag(&[
        "db",
        "--inventory",
        inv,
        "--only-tag",
        "staging",
        "--only-tag",
        "dev",
        "--skip-tag",
        "legacy",
    ]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("fleet.toml")
            && stderr(&out)
                .contains("no database left after --only-tag staging, dev; --skip-tag legacy"),
        "{}",
        stderr(&out)
    );
    let out = pitag(&[
        "db",
        "--inventory",
        inv,
        "--shard",
        "2/2",
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(json(&out)["findings"], serde_json::json!([]));
    assert!(
        stderr(&out).contains("shard 2/2 holds no database"),
        "{}",
        stderr(&out)
    );
    // Kubernetes indexed Jobs: index 1 is shard 2.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pitag"))
        .args([
            "db",
            "--inventory",
            inv,
            "--shard",
            "auto/2",
            "--format",
            "json",
        ])
        .env("JOB_COMPLETION_INDEX", "1")
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("shard 2/2"), "{}", stderr(&out));
}

/// `pitag merge`: the JSON reports of two runs give the report of one run
/// over both; a path in two reports, a file that is no report, or reports
/// of different kinds exit 2 naming the file.
#[test]
fn merge_joins_reports_and_names_the_file_at_fault() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (a, b) = ("fixtures/postgres/flyway", "fixtures/postgres/goose");
    let report = |args: &[&str], name: &str| {
        let out = pitag(args);
        assert_ne!(code(&out), 2, "{args:?}: {}", stderr(&out));
        let p = d.join(name);
        fs::write(&p, out.stdout).unwrap();
        p.to_str().unwrap().to_string()
    };
    let ra = report(&["migrations", a, "--format", "json"], "a.json");
    let rb = report(&["migrations", b, "--format", "json"], "b.json");
    let whole = pitag(&["migrations", a, b, "--format", "json"]);
    let merged = pitag(&["merge", &ra, &rb, "--format", "json", "--fail-on", "never"]);
    assert_eq!(code(&merged), 0, "{}", stderr(&merged));
    let (mut w, mut m) = (json(&whole), json(&merged));
    assert_eq!(m["summary"], w["summary"]);
    assert_eq!(m["source"], w["source"]);
    let sorted = |v: &mut serde_json::Value| {
        let mut f: Vec<String> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.to_string())
            .collect();
        f.sort();
        f
    };
    assert_eq!(sorted(&mut m), sorted(&mut w));
    assert!(!sorted(&mut m).is_empty());
    // --fail-on over the merged findings, as the audit exits.
    assert_eq!(
        code(&pitag(&["merge", &ra, &rb, "--fail-on", "warning", "-q"])),
        code(&pitag(&["migrations", a, b, "--fail-on", "warning", "-q"]))
    );
    // Any format, e.g. SARIF.
    let sarif = pitag(&["merge", &ra, &rb, "--format", "sarif", "--fail-on", "never"]);
    assert_eq!(code(&sarif), 0, "{}", stderr(&sarif));
    assert!(stdout(&sarif).contains("\"runs\""));

    let dup = pitag(&["merge", &ra, &rb, &ra]);
    assert_eq!(code(&dup), 2);
    assert!(
        stderr(&dup).contains(&format!("{ra}: `{a}` is also in {ra}")),
        "{}",
        stderr(&dup)
    );
    let bad = d.join("bad.json");
    fs::write(&bad, "{\n  \"findings\": [\n  oops").unwrap();
    let out = pitag(&["merge", &ra, bad.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains(&format!("{}:3: not JSON", bad.display())),
        "{}",
        stderr(&out)
    );
    let sarif_file = d.join("s.json");
    fs::write(&sarif_file, stdout(&sarif)).unwrap();
    let out = pitag(&["merge", sarif_file.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("not a pitag JSON report"),
        "{}",
        stderr(&out)
    );
    let out = pitag(&["merge", &d.join("missing.json").to_string_lossy()]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("missing.json"), "{}", stderr(&out));
}

/// A database no shard could read is in that shard's JSON (`source.failed`,
/// without its password), and `pitag merge` of the shards exits 2 naming it
/// and the report; the merged report lists it too.
#[test]
fn merge_of_shards_exits_2_when_a_shard_could_not_read_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A port nothing listens on: refused at once.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let names = ["eu-1", "eu-2", "us-1", "us-2"];
    let inventory: String = names
        .iter()
        .map(|n| {
            format!("[[database]]\nname = \"{n}\"\nurl = \"postgres://auditor:s3cret@127.0.0.1:{port}/{n}\"\n\n")
        })
        .collect();
    let inv = d.join("fleet.toml");
    fs::write(&inv, inventory).unwrap();
    let inv = inv.to_str().unwrap();
    let mut files = Vec::new();
    let mut failed_names = Vec::new();
    for k in 1..=2 {
        let shard = format!("{k}/2");
        let out = pitag(&[
            "db",
            "--inventory",
            inv,
            "--shard",
            &shard,
            "--format",
            "json",
            "-q",
        ]);
        let doc = json(&out);
        let failed = doc["source"]["failed"].as_array().unwrap().clone();
        // A shard with a failed database exits 2, an empty one 0; both write the report.
        assert_eq!(code(&out), if failed.is_empty() { 0 } else { 2 }, "{shard}");
        assert!(!stdout(&out).contains("s3cret"), "{}", stdout(&out));
        for f in &failed {
            let name = f["name"].as_str().unwrap();
            assert_eq!(
                f["database"],
                format!("postgres://auditor@127.0.0.1:{port}/{name}")
            );
            assert!(
                f["error"].as_str().unwrap().contains("connection refused"),
                "{f}"
            );
            failed_names.push(name.to_string());
        }
        let p = d.join(format!("shard-{k}.json"));
        fs::write(&p, out.stdout).unwrap();
        files.push(p.to_str().unwrap().to_string());
    }
    failed_names.sort();
    assert_eq!(
        failed_names, names,
        "every database failed in its one shard"
    );

    let merged = pitag(&["merge", &files[0], &files[1], "--format", "json"]);
    assert_eq!(code(&merged), 2, "{}", stderr(&merged));
    let doc = json(&merged);
    assert_eq!(
        doc["source"]["failed"].as_array().unwrap().len(),
        4,
        "{doc:#}"
    );
    let err = stderr(&merged);
    for f in doc["source"]["failed"].as_array().unwrap() {
        let name = f["name"].as_str().unwrap();
        assert!(
            files
                .iter()
                .any(|file| err.contains(&format!("{file}: {name} could not be audited"))),
            "{name}: {err}"
        );
    }
    assert!(
        err.contains("4 databases in the merged reports could not be audited"),
        "{err}"
    );
    assert!(!err.contains("s3cret") && !stdout(&merged).contains("s3cret"));
    // SARIF: an unsuccessful invocation, one notification per database.
    let sarif = pitag(&["merge", &files[0], &files[1], "--format", "sarif", "-q"]);
    assert_eq!(code(&sarif), 2);
    let inv = &json(&sarif)["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false, "{inv}");
    assert_eq!(
        inv["toolExecutionNotifications"].as_array().unwrap().len(),
        4
    );
    // The same failed database in two reports is a duplicate.
    let dup = pitag(&["merge", &files[0], &files[1], &files[0], "-q"]);
    assert_eq!(code(&dup), 2);
    assert!(stderr(&dup).contains("is also in"), "{}", stderr(&dup));
    // An inventory of one database still writes the report that says it
    // failed (a shard may hold just one); a lone --url writes none.
    let one = d.join("one.toml");
    fs::write(
        &one,
        format!("[[database]]\nname = \"solo\"\nurl = \"postgres://u:pw@127.0.0.1:{port}/solo\"\n"),
    )
    .unwrap();
    let out = pitag(&[
        "db",
        "--inventory",
        one.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 2);
    assert_eq!(json(&out)["source"]["failed"][0]["name"], "solo");
    let url = format!("postgres://u:pw@127.0.0.1:{port}/solo");
    let out = pitag(&["db", "--url", &url, "--format", "json"]);
    assert_eq!(code(&out), 2);
    assert_eq!(stdout(&out), "");
    // Migrations reports carry no `failed`: their JSON is as it was.
    let m = pitag(&["migrations", "fixtures/postgres/flyway", "--format", "json"]);
    assert_eq!(json(&m)["source"].get("failed"), None);
}

//! Every malformed `pitag.toml` stops every auditing command with exit 2 and
//! a message naming the file, the line and the key; nothing on stdout.

mod run_pitag;
use run_pitag::*;

const CASES: &[(&str, usize, &str)] = &[
    // syntax errors
    ("dialect = \"postgres\"\nfail_on = [\n", 2, "pitag.toml:2:"),
    (
        "dialect = \"postgres\"\ndialect = \"mysql\"\n",
        2,
        "`dialect`",
    ),
    ("[rules\nlate-tag = \"off\"\n", 1, "pitag.toml:1:"),
    // unknown keys
    ("dialect = \"postgres\"\nbogus = 1\n", 2, "`bogus`"),
    ("[classifier]\nextra = 1\n", 2, "`extra`"),
    (
        "\n[[allow]]\ntable = \"x\"\nreason = \"r\"\ncolour = \"red\"\n",
        5,
        "`colour`",
    ),
    ("[rules]\nno-such-rule = \"off\"\n", 2, "`no-such-rule`"),
    // wrong types and values
    ("dialect = 5\n", 1, "`dialect`"),
    ("dialect = \"oracle\"\n", 1, "dialect"),
    ("fail_on = \"sometimes\"\n", 1, "`fail_on`"),
    ("\nmin_confidence = 3\n", 2, "`min_confidence`"),
    ("paths = \"db\"\n", 1, "`paths`"),
    ("[rules]\nlate-tag = \"loud\"\n", 2, "`rules.late-tag`"),
    ("[classifier]\nnever = \"x\"\n", 2, "`classifier.never`"),
    ("[placeholders]\nschema = 1\n", 2, "`placeholders.schema`"),
    ("\nplaceholders = \"schema=app\"\n", 2, "`placeholders`"),
    (
        "[placeholders]\nschema = \"a\"\nschema = \"b\"\n",
        3,
        "`placeholders.schema`",
    ),
    ("\n\n[allow]\ntable = \"x\"\n", 3, "`allow`"),
    (
        "[classifier]\npatterns = [{ pattern = \"x\", category = \"nope\" }]\n",
        2,
        "`classifier.category`",
    ),
    // allow entries
    ("\n[[allow]]\ntable = \"x\"\n", 2, "`reason`"),
    (
        "\n[[allow]]\ntable = \"x\"\nreason = \"  \"\n",
        2,
        "`reason`",
    ),
    ("\n[[allow]]\nreason = \"r\"\n", 2, "`table`"),
    (
        "\n[[allow]]\ntable = \"legacy_[*\"\nreason = \"r\"\n",
        2,
        "`table`",
    ),
];

#[test]
fn every_malformed_config_exits_2_naming_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("m.sql"), "CREATE TABLE a (id int);\n").unwrap();
    for (toml, line, key) in CASES {
        std::fs::write(dir.path().join("pitag.toml"), toml).unwrap();
        for args in [
            &["migrations", "m.sql", "--format", "json"][..],
            &["classify", "m.sql"][..],
            &["db", "--url", "postgres://u:secret@127.0.0.1:1/x"][..],
        ] {
            let out = pitag_in(dir.path(), args);
            let err = stderr(&out);
            assert_eq!(code(&out), 2, "{toml:?} {args:?}: {err}");
            assert!(stdout(&out).is_empty(), "{toml:?}: {}", stdout(&out));
            assert!(
                err.contains(&format!("pitag.toml:{line}:")),
                "{toml:?} {args:?}: no file:line {line}: {err}"
            );
            assert!(err.contains(key), "{toml:?} {args:?}: no key {key}: {err}");
            assert!(!err.contains("secret"), "{err}");
        }
    }
    // --config names the file the same way, and an unreadable one too.
    std::fs::write(dir.path().join("other.toml"), "fail_on = 1\n").unwrap();
    let out = pitag_in(
        dir.path(),
        &["migrations", "m.sql", "--config", "other.toml"],
    );
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("other.toml:1:"), "{}", stderr(&out));
    assert!(stderr(&out).contains("`fail_on`"), "{}", stderr(&out));
    for missing in ["missing.toml", "."] {
        let out = pitag_in(dir.path(), &["migrations", "m.sql", "--config", missing]);
        assert_eq!(code(&out), 2);
        assert!(stderr(&out).contains(missing), "{}", stderr(&out));
    }
    std::fs::write(dir.path().join("bin.toml"), b"\xff\xfe = 1\n").unwrap();
    let out = pitag_in(dir.path(), &["migrations", "m.sql", "--config", "bin.toml"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("bin.toml"), "{}", stderr(&out));
}

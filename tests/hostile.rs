//! Broken and hostile input: never a panic, never a hang, exit 2 only when
//! the audit could not be completed, a clear message naming the file.

mod common;
use common::*;
use std::fs;
use std::time::{Duration, Instant};

/// A panic exits 101; a crash by signal has no code. Either fails here.
fn assert_no_crash(out: &std::process::Output, what: &str) {
    let c = code(out);
    assert!(
        c == 0 || c == 1 || c == 2,
        "{what}: exit {c}\n{}",
        stderr(out)
    );
    assert!(!stderr(out).contains("panicked"), "{what}: {}", stderr(out));
}

fn audit_text(name: &str, bytes: &[u8], dialect: &str) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(name), bytes).unwrap();
    pitag(&[
        "migrations",
        dir.path().to_str().unwrap(),
        "--dialect",
        dialect,
        "--format",
        "json",
    ])
}

const SPECIAL: &[u8] = b"'\"`$;()-/*#\\\n\0E";

#[test]
fn random_bytes_and_nul_bytes() {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    for round in 0..20 {
        let mut bytes = Vec::new();
        for _ in 0..4096 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            // Bias toward SQL-significant bytes.
            let b = match state % 6 {
                0 => SPECIAL[(state >> 8) as usize % SPECIAL.len()],
                _ => (state >> 16) as u8,
            };
            bytes.push(b);
        }
        if round % 2 == 0 {
            bytes.splice(0..0, b"CREATE TABLE t (email text);\n".iter().copied());
        }
        for dialect in ["postgres", "mysql"] {
            let out = audit_text("x.sql", &bytes, dialect);
            assert_no_crash(&out, &format!("round {round} {dialect}"));
            if code(&out) != 2 {
                json(&out);
            }
        }
    }
}

#[test]
fn unterminated_constructs() {
    for (sql, dialect) in [
        (
            "CREATE TABLE a (id int);\nCOMMENT ON TABLE a IS 'never closed",
            "postgres",
        ),
        (
            "CREATE TABLE a (id int);\nCREATE FUNCTION f() AS $body$ select 1;",
            "postgres",
        ),
        (
            "CREATE TABLE a (id int);\n/* open /* nested */ comment",
            "postgres",
        ),
        ("CREATE TABLE `a (id int);", "mysql"),
        ("DELIMITER ;;\nCREATE TABLE a (id int);", "mysql"),
    ] {
        let out = audit_text("u.sql", sql.as_bytes(), dialect);
        assert_no_crash(&out, sql);
        json(&out);
    }
}

#[test]
fn deep_nesting_hits_the_recursion_limit_not_the_stack() {
    let sql = format!(
        "CREATE TABLE t (a int DEFAULT {}1{});\n",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let out = audit_text("deep.sql", sql.as_bytes(), "postgres");
    assert_no_crash(&out, "deep parentheses");
    let r = json(&out);
    assert!(has(&r, "unparsed-statement", "t", None), "{r:#}");
}

#[test]
fn a_60000_column_table_is_read_in_seconds() {
    let mut sql = String::from("CREATE TABLE wide (");
    for i in 0..60_000 {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&format!("c{i} int"));
    }
    sql.push_str(", email text);\n");
    let start = Instant::now();
    let out = audit_text("wide.sql", sql.as_bytes(), "postgres");
    assert_no_crash(&out, "wide table");
    let r = json(&out);
    assert_eq!(r["summary"]["columns"], 60_001);
    assert!(has(&r, "missing-column-tag", "wide", Some("email")));
    // Not a timing assertion on speed: a generous bound that only a hang (or a quadratic walk) breaks.
    assert!(
        start.elapsed() < Duration::from_secs(120),
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn symlink_loops_do_not_hang() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("0001_a.up.sql"),
        "CREATE TABLE a (email text);\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    let out = pitag(&[
        "migrations",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_no_crash(&out, "symlink loop");
    assert!(has(&json(&out), "missing-column-tag", "a", Some("email")));
}

#[test]
fn unreadable_files_fail_closed() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("0001_a.up.sql"),
        "CREATE TABLE a (email text);\n",
    )
    .unwrap();
    // A migration that cannot be read (a dangling link: root reads any mode).
    std::os::unix::fs::symlink(
        dir.path().join("gone.sql"),
        dir.path().join("0002_b.up.sql"),
    )
    .unwrap();
    let out = pitag(&[
        "migrations",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(
        code(&out),
        2,
        "an unreadable migration means the audit is incomplete: {}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("0002_b.up.sql"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
}

#[test]
fn non_utf8_file_names() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"0001_caf\xe9.up.sql");
    fs::write(dir.path().join(name), "CREATE TABLE a (email text);\n").unwrap();
    let out = pitag(&[
        "migrations",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_no_crash(&out, "non-UTF-8 file name");
    assert!(has(&json(&out), "missing-column-tag", "a", Some("email")));
}

#[test]
fn many_empty_files() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..20_000 {
        fs::write(dir.path().join(format!("{i:06}_empty.up.sql")), "").unwrap();
    }
    fs::write(
        dir.path().join("020000_real.up.sql"),
        "CREATE TABLE a (email text);\n",
    )
    .unwrap();
    let out = pitag(&[
        "migrations",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
        "--quiet",
    ]);
    assert_no_crash(&out, "many empty files");
    assert!(has(&json(&out), "missing-column-tag", "a", Some("email")));
}

//! Broken and hostile input: never a panic, never a hang, exit 2 only when
//! the audit could not be completed, a clear message naming the file.

mod run_pitag;
use run_pitag::*;
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
        start.elapsed() < Duration::from_secs(60),
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
    for i in 0..100_000 {
        fs::write(dir.path().join(format!("{i:06}_empty.up.sql")), "").unwrap();
    }
    fs::write(
        dir.path().join("100000_real.up.sql"),
        "CREATE TABLE a (email text);\n",
    )
    .unwrap();
    let start = Instant::now();
    let out = pitag(&[
        "migrations",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
        "--quiet",
    ]);
    assert_no_crash(&out, "many empty files");
    assert!(has(&json(&out), "missing-column-tag", "a", Some("email")));
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "100,000 files took {:?}",
        start.elapsed()
    );
}

/// Deep nesting in every place a statement is parsed, read in this test
/// thread (2 MB of stack in debug builds) and by the binary (main thread):
/// sqlparser's recursion limit is hit, never the end of the stack.
#[test]
fn deep_nesting_everywhere_in_process_and_in_the_binary() {
    let n = 100_000;
    let (o, c) = ("(".repeat(n), ")".repeat(n));
    let cases = [
        format!("CREATE TABLE t (a int DEFAULT {o}1{c});\n"),
        format!("CREATE TABLE u (x int);\nALTER TABLE u ADD COLUMN b int DEFAULT {o}1{c};\n"),
        format!("CREATE TABLE v AS SELECT {o}1{c} AS x FROM u;\n"),
        format!("CREATE MATERIALIZED VIEW w AS SELECT {o}1{c} AS x FROM u;\n"),
        format!("CREATE TABLE f (a int CHECK {o}a > 1{c});\n"),
        format!("COMMENT ON COLUMN u.x IS {o}'a'{c};\n"),
        format!("CREATE TABLE g (a int DEFAULT {o}1);\n"),
        format!(
            "CREATE TABLE j (a int DEFAULT {}1{});\n",
            "CASE WHEN 1=1 THEN ".repeat(20_000),
            " END".repeat(20_000)
        ),
        format!(
            "{}x{}\nCREATE TABLE e (a int);\n",
            "/*".repeat(n),
            "*/".repeat(n)
        ),
    ];
    for (i, sql) in cases.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("deep.sql");
        fs::write(&file, sql).unwrap();
        for dialect in [
            pitag::dialect::Dialect::Postgres,
            pitag::dialect::Dialect::Mysql,
        ] {
            let options = pitag::source::LoadOptions {
                dialect: Some(dialect),
                ..Default::default()
            };
            let loaded = pitag::source::load(std::slice::from_ref(&file), &options).unwrap();
            let _ = pitag::audit::audit(
                &loaded.schema,
                &pitag::audit::AuditSettings::from_config(&Default::default(), None).unwrap(),
            );
            let out = pitag(&[
                "migrations",
                file.to_str().unwrap(),
                "--dialect",
                &dialect.to_string(),
                "--format",
                "json",
            ]);
            assert_no_crash(&out, &format!("case {i} {dialect}"));
            json(&out);
        }
    }
}

/// One 50 MB line (a data INSERT as dumps write them), then DDL after it:
/// read whole, in seconds, nothing after it lost.
#[test]
fn a_single_50_mb_line() {
    let mut sql = String::with_capacity(52 << 20);
    sql.push_str("CREATE TABLE t (id int, email text);\nINSERT INTO t VALUES ");
    let mut i = 0;
    while sql.len() < 50 << 20 {
        sql.push_str(&format!("({i}, 'a;b''c\\\\ -- /* $$ #PPI'),"));
        i += 1;
    }
    sql.push_str("(0, 'end');\nCOMMENT ON COLUMN t.email IS 'mail #PPI';\n");
    let start = Instant::now();
    for dialect in ["postgres", "mysql"] {
        let out = audit_text("big.sql", sql.as_bytes(), dialect);
        assert_no_crash(&out, "50 MB line");
        let r = json(&out);
        assert!(!has(&r, "missing-column-tag", "t", Some("email")), "{r:#}");
        assert!(has(&r, "missing-table-tag", "t", None), "{r:#}");
    }
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "took {:?}",
        start.elapsed()
    );
}

/// A FIFO named like a migration (in a folder or given directly) would block
/// a read forever: it is refused at once, exit 2, naming it.
#[test]
fn fifos_and_other_special_files_are_refused_not_read() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("0001_a.up.sql"),
        "CREATE TABLE a (email text);\n",
    )
    .unwrap();
    let fifo = dir.path().join("0002_b.up.sql");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    for target in [dir.path(), fifo.as_path()] {
        let start = Instant::now();
        let out = pitag(&["migrations", target.to_str().unwrap(), "--format", "json"]);
        assert_eq!(code(&out), 2, "{}", stderr(&out));
        assert!(stderr(&out).contains("0002_b.up.sql"), "{}", stderr(&out));
        assert!(stderr(&out).contains("FIFO"), "{}", stderr(&out));
        assert!(stdout(&out).is_empty());
        assert!(start.elapsed() < Duration::from_secs(20));
    }
    // A folder named like a migration is a folder: its files are read.
    let d2 = tempfile::tempdir().unwrap();
    fs::create_dir(d2.path().join("0001_x.sql")).unwrap();
    fs::write(
        d2.path().join("0001_x.sql/0001_a.sql"),
        "CREATE TABLE a (email text);\n",
    )
    .unwrap();
    let out = pitag(&[
        "migrations",
        d2.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(has(&json(&out), "missing-column-tag", "a", Some("email")));
}

/// Files deleted while pitag runs: whatever the timing, the run never exits
/// 0 (the remaining file has findings) and never crashes; when a file it had
/// found is gone before it is read, it exits 2 naming that file.
#[test]
fn files_vanishing_mid_run() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..20_000 {
        fs::write(
            dir.path().join(format!("{i:06}_t.up.sql")),
            format!("CREATE TABLE t{i} (id int);\n"),
        )
        .unwrap();
    }
    fs::write(
        dir.path().join("999999_real.up.sql"),
        "CREATE TABLE a (email text);\n",
    )
    .unwrap();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_pitag"))
        .args([
            "migrations",
            dir.path().to_str().unwrap(),
            "--format",
            "json",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    for i in (0..20_000).rev() {
        let _ = fs::remove_file(dir.path().join(format!("{i:06}_t.up.sql")));
    }
    let out = child.wait_with_output().unwrap();
    assert_no_crash(&out, "vanishing files");
    match code(&out) {
        1 => assert!(has(&json(&out), "missing-column-tag", "a", Some("email"))),
        2 => assert!(stderr(&out).contains("_t.up.sql"), "{}", stderr(&out)),
        c => panic!("exit {c}: {}", stderr(&out)),
    }
}

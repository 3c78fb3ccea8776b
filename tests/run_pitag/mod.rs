//! Helpers shared by the integration tests: run the real binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run `pitag` with `args` in the repository root.
pub fn pitag(args: &[&str]) -> Output {
    pitag_in(&root(), args)
}

pub fn pitag_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pitag"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("DATABASE_URL")
        .output()
        .expect("run pitag")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code (not killed by a signal)")
}

/// Parse the JSON report on stdout.
pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON document ({e}); stdout:\n{}\nstderr:\n{}",
            stdout(o),
            stderr(o)
        )
    })
}

/// (rule, table, column) of every finding.
pub fn keys(report: &serde_json::Value) -> Vec<(String, String, Option<String>)> {
    report["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["table"].as_str().unwrap_or("").to_string(),
                f["column"].as_str().map(str::to_string),
            )
        })
        .collect()
}

pub fn has(report: &serde_json::Value, rule: &str, table: &str, column: Option<&str>) -> bool {
    keys(report)
        .iter()
        .any(|(r, t, c)| r == rule && t == table && c.as_deref() == column)
}

/// Run `git` in `dir` with a throwaway identity; panics with git's stderr on failure.
pub fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

//! Benchmark harness (`cargo bench --bench scale`): times the release binary
//! on the real corpora and on generated corpora of 1x/2x/4x/8x size (thousands
//! of migration files in golang-migrate and Flyway layouts, both dialects),
//! to show where time goes and that cost grows linearly with input.
//!
//! Prints a Markdown table (median of several runs, MB/s, peak RSS).
//! Set PITAG_CORPORA to include the shared corpora; PITAG_BENCH_RUNS to
//! change the number of runs (default 5).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn runs() -> usize {
    std::env::var("PITAG_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
}

/// Size of the files under `path`, in bytes.
fn bytes(path: &Path) -> u64 {
    if path.is_file() {
        return path.metadata().map(|m| m.len()).unwrap_or(0);
    }
    walk(path)
        .iter()
        .map(|p| p.metadata().map(|m| m.len()).unwrap_or(0))
        .sum()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "sql") {
                out.push(p);
            }
        }
    }
    out
}

/// Run the binary once: wall time, peak RSS in KiB (the kernel's
/// `ru_maxrss` of exactly this child, from `wait4`) and the exit code.
fn run_once(args: &[&str]) -> (Duration, u64, i32) {
    let bin = env!("CARGO_BIN_EXE_pitag");
    let start = Instant::now();
    // Reaped by wait4 below (std's wait would not return the rusage).
    #[allow(clippy::zombie_processes)]
    let child = Command::new(bin)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run pitag");
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as libc::pid_t, "wait4 failed");
    let elapsed = start.elapsed();
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (elapsed, usage.ru_maxrss as u64, code)
}

fn measure(label: &str, args: &[&str], input_bytes: u64, table: &mut String) {
    let mut times = Vec::new();
    let mut peak = 0;
    let mut code = 0;
    for _ in 0..runs() {
        let (t, p, c) = run_once(args);
        times.push(t);
        peak = peak.max(p);
        code = c;
    }
    times.sort();
    let median = times[times.len() / 2];
    let mbs = input_bytes as f64 / 1e6 / median.as_secs_f64();
    let _ = writeln!(
        table,
        "| {label} | {:.2} MB | {:.3} s | {:.0} MB/s | {} MB | {code} |",
        input_bytes as f64 / 1e6,
        median.as_secs_f64(),
        mbs,
        peak / 1024
    );
}

/// Write a generated corpus: `files` migrations, each creating a table of ten
/// columns (some PI) and altering an earlier one.
fn generate(dir: &Path, layout: &str, mysql: bool, files: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..files {
        let name = match layout {
            "flyway" => format!("V{}__step_{i}.sql", i + 1),
            _ => format!("{:06}_step_{i}.up.sql", i + 1),
        };
        let mut sql = String::new();
        if mysql {
            let _ = writeln!(
                sql,
                "CREATE TABLE `t{i}` (\n  `id` bigint unsigned NOT NULL AUTO_INCREMENT,\n  `email` varchar(255) NOT NULL COMMENT 'Login #PPI',\n  `first_name` varchar(100) DEFAULT NULL,\n  `phone` varchar(32) DEFAULT NULL COMMENT 'Phone',\n  `status` tinyint NOT NULL DEFAULT 0 COMMENT 'state; see docs',\n  `lat` decimal(9,6) DEFAULT NULL,\n  `lng` decimal(9,6) DEFAULT NULL,\n  `note` text,\n  `created_at` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,\n  `updated_at` timestamp NULL ON UPDATE CURRENT_TIMESTAMP,\n  PRIMARY KEY (`id`), KEY `ix_{i}` (`email`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='Table {i} #PPI';"
            );
            if i > 0 {
                let _ = writeln!(
                    sql,
                    "ALTER TABLE `t{}` MODIFY `email` varchar(320) NOT NULL;",
                    i - 1
                );
            }
            let _ = writeln!(
                sql,
                "INSERT INTO `t{i}` (email) VALUES ('a{i}@example.invalid'), ('b; c');"
            );
        } else {
            let _ = writeln!(
                sql,
                "CREATE TABLE t{i} (\n  id bigserial PRIMARY KEY,\n  email text NOT NULL,\n  first_name text,\n  phone text,\n  status smallint NOT NULL DEFAULT 0,\n  lat double precision,\n  lng double precision,\n  note text,\n  created_at timestamptz NOT NULL DEFAULT now(),\n  updated_at timestamptz\n);\nCOMMENT ON TABLE t{i} IS 'Table {i} #PPI';\nCOMMENT ON COLUMN t{i}.email IS 'Login #PPI';\nCREATE INDEX ix_{i} ON t{i} (email);"
            );
            if i > 0 {
                let _ = writeln!(sql, "COMMENT ON COLUMN t{}.email IS 'Login';", i - 1);
                let _ = writeln!(sql, "CREATE FUNCTION f{i}() RETURNS trigger AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END; $$ LANGUAGE plpgsql;");
            }
        }
        std::fs::write(dir.join(name), sql).unwrap();
    }
}

fn main() {
    // `cargo bench` passes --bench; nothing else to parse.
    let mut table = String::from("| input | size | median wall | throughput | peak RSS | exit |\n|---|---|---|---|---|---|\n");
    if let Some(corpora) = std::env::var_os("PITAG_CORPORA")
        .map(PathBuf::from)
        .filter(|p| p.is_dir())
    {
        let structure = corpora.join("gitlab/db/structure.sql");
        if structure.is_file() {
            let s = structure.to_str().unwrap();
            measure(
                "gitlab structure.sql (json)",
                &["migrations", s, "--dialect", "postgres", "--format", "json"],
                bytes(&structure),
                &mut table,
            );
        }
        let all = [
            ("gitlab", "postgres"),
            ("pagila", "postgres"),
            ("gmod-chado", "postgres"),
            ("ruoyi-vue-pro/sql/mysql", "mysql"),
            ("ruoyi-vue-pro/sql/postgresql", "postgres"),
            ("ory-kratos", "postgres"),
            ("hawkbit", "mysql"),
            ("dspace", "postgres"),
            ("marquez", "postgres"),
            ("supabase-postgres", "postgres"),
            ("edp-ddm-citus", "postgres"),
            ("nldi-db", "postgres"),
        ];
        let start = Instant::now();
        let mut total = 0;
        for (set, dialect) in all {
            let p = corpora.join(set);
            total += bytes(&p);
            let (_, _, _) = run_once(&[
                "migrations",
                p.to_str().unwrap(),
                "--dialect",
                dialect,
                "--format",
                "json",
                "--quiet",
            ]);
        }
        let _ = writeln!(
            table,
            "| all shared corpora, one run per set | {:.2} MB | {:.3} s | {:.0} MB/s | | |",
            total as f64 / 1e6,
            start.elapsed().as_secs_f64(),
            total as f64 / 1e6 / start.elapsed().as_secs_f64()
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    for (layout, mysql) in [("golang-migrate", false), ("flyway", true)] {
        for scale in [1usize, 2, 4, 8] {
            let files = 500 * scale;
            let dir = tmp.path().join(format!(
                "{layout}-{}-{scale}x",
                if mysql { "mysql" } else { "postgres" }
            ));
            generate(&dir, layout, mysql, files);
            let d = dir.to_str().unwrap();
            let dialect = if mysql { "mysql" } else { "postgres" };
            measure(
                &format!("generated {layout} {dialect} {scale}x ({files} files)"),
                &[
                    "migrations",
                    d,
                    "--dialect",
                    dialect,
                    "--format",
                    "json",
                    "--quiet",
                ],
                bytes(&dir),
                &mut table,
            );
        }
    }
    let startup = {
        let mut t = Vec::new();
        for _ in 0..20 {
            t.push(run_once(&["rules"]).0);
        }
        t.sort();
        t[t.len() / 2]
    };
    let _ = writeln!(
        table,
        "| `pitag rules` (startup) | | {:.4} s | | | |",
        startup.as_secs_f64()
    );
    println!("{table}");
}

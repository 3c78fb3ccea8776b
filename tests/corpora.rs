//! Real SQL from public projects (../shared/corpora, see its MANIFEST.md):
//! no panic, exit 0 or 1, valid JSON, every table found, no unparsed plain DDL.
//! Reads the folder named by PITAG_CORPORA; fails when that is set and the
//! folder is missing; says it skipped when it is unset and absent.

mod run_pitag;
use run_pitag::*;
use std::path::PathBuf;

fn corpora() -> Option<PathBuf> {
    match std::env::var_os("PITAG_CORPORA") {
        Some(p) => {
            let p = PathBuf::from(p);
            assert!(p.is_dir(), "PITAG_CORPORA={} is not a folder", p.display());
            Some(p)
        }
        None => {
            let p = root().join("../shared/corpora");
            if p.is_dir() {
                Some(p)
            } else {
                eprintln!(
                    "skipped: set PITAG_CORPORA to the shared corpora folder to run this test"
                );
                None
            }
        }
    }
}

/// (set, paths inside the corpus replayed in order, dialect, tables expected at least)
const SETS: &[(&str, &[&str], &str, usize)] = &[
    // 1,401 CREATE TABLEs, 432 of them attached as partitions (they fold into their parents).
    (
        "gitlab structure.sql",
        &["gitlab/db/structure.sql"],
        "postgres",
        969,
    ),
    ("pagila", &["pagila"], "postgres", 15),
    // The install script, then the Flyway migrations that continue it.
    (
        "gmod-chado",
        &[
            "gmod-chado/schemas/1.31/default_schema.sql",
            "gmod-chado/migrations",
            "gmod-chado/chado/migrations",
        ],
        "postgres",
        150,
    ),
    ("ruoyi mysql", &["ruoyi-vue-pro/sql/mysql"], "mysql", 40),
    (
        "ruoyi postgres",
        &["ruoyi-vue-pro/sql/postgresql"],
        "postgres",
        40,
    ),
    (
        "kratos postgres",
        &["ory-kratos/persistence/sql/migrations/sql"],
        "postgres",
        10,
    ),
    (
        "kratos mysql",
        &["ory-kratos/persistence/sql/migrations/sql"],
        "mysql",
        10,
    ),
    ("hawkbit mysql", &["hawkbit"], "mysql", 1),
    ("hawkbit postgres", &["hawkbit"], "postgres", 1),
    (
        "dspace",
        &["dspace/dspace-api/src/main/resources/org/dspace/storage/rdbms/sqlmigration/postgres"],
        "postgres",
        30,
    ),
    ("marquez", &["marquez"], "postgres", 10),
    // The migrations continue the init scripts (alone they create no table:
    // that is an audit of nothing, exit 2).
    (
        "supabase",
        &[
            "supabase-postgres/migrations/db/init-scripts",
            "supabase-postgres/migrations/db/migrations",
        ],
        "postgres",
        8,
    ),
    ("edp-ddm-citus", &["edp-ddm-citus"], "postgres", 1),
    ("nldi-db", &["nldi-db"], "postgres", 1),
];

#[test]
fn every_corpus_is_read_completely() {
    let Some(base) = corpora() else { return };
    let mut failures = Vec::new();
    for (name, rels, dialect, min_tables) in SETS {
        let paths: Vec<String> = rels
            .iter()
            .map(|r| base.join(r).to_string_lossy().into_owned())
            .collect();
        if let Some(missing) = paths.iter().find(|p| !std::path::Path::new(p).exists()) {
            failures.push(format!("{name}: {missing} missing"));
            continue;
        }
        let mut args = vec!["migrations"];
        args.extend(paths.iter().map(String::as_str));
        args.extend(["--dialect", dialect, "--format", "json", "--quiet"]);
        let out = pitag(&args);
        let c = code(&out);
        if c != 0 && c != 1 {
            failures.push(format!("{name}: exit {c}: {}", stderr(&out)));
            continue;
        }
        let r = json(&out);
        let tables = r["summary"]["tables"].as_u64().unwrap() as usize;
        let unparsed: Vec<String> = r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "unparsed-statement")
            .map(|f| {
                format!(
                    "{}:{} {}",
                    f["location"]["file"], f["location"]["line"], f["message"]
                )
            })
            .collect();
        eprintln!(
            "{name}: {tables} tables, {} columns, {} findings, {} unparsed",
            r["summary"]["columns"],
            r["summary"]["findings"],
            unparsed.len()
        );
        if tables < *min_tables {
            failures.push(format!(
                "{name}: only {tables} tables (expected ≥ {min_tables})"
            ));
        }
        if !unparsed.is_empty() {
            failures.push(format!(
                "{name}: {} unparsed statements, first: {}",
                unparsed.len(),
                unparsed[..unparsed.len().min(5)].join(" | ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

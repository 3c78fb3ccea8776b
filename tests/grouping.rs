//! A schema per tenant: the table and markdown reports show identical
//! tables of several schemas once (`tenant_*.users — 5 schemas`), while
//! every machine format keeps one finding per object, with or without
//! `--no-group`. Fixture: fixtures/postgres/tenants (tenant_a … tenant_f
//! alike; tenant_f's users lost a tag, so its findings differ; `legacy`
//! has a users table of its own).

mod run_pitag;

use pitag::dialect::Dialect;
use pitag::finding::Finding;
use pitag::model::Origin;
use pitag::report::{markdown, AuditedTable, Report, SourceInfo};
use pitag::rules::Rule;
use run_pitag::*;

const TENANTS: &str = "fixtures/postgres/tenants";
const DB: &str = "postgres://db.example.invalid/app";

fn run(args: &[&str]) -> String {
    let out = pitag(args);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    stdout(&out)
}

fn summary(report: &str) -> &str {
    report.lines().last().unwrap()
}

#[test]
fn the_table_report_shows_identical_tenant_tables_once() {
    let grouped = run(&["migrations", TENANTS, "-q"]);
    let each = run(&["migrations", TENANTS, "-q", "--no-group"]);
    insta::assert_snapshot!("tenants_table", grouped);

    let titles = |r: &str| -> Vec<String> {
        r.lines()
            .filter(|l| !l.starts_with(['┌', '│', '╞', '└', '├']))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        titles(&grouped),
        [
            "legacy.users",
            "tenant_*.addresses — 6 schemas (tenant_a … tenant_f), locations from tenant_a",
            "tenant_*.users — 5 schemas (tenant_a … tenant_e), locations from tenant_a",
            "tenant_f.users",
            "11 identical tables of several schemas shown in 2 groups (--no-group lists each)",
            "32 findings (32 errors, 0 warnings) in 19 tables, 71 columns (postgres)",
        ]
    );
    // Ungrouped: every tenant's tables on their own, and the same totals.
    let each_titles = titles(&each);
    for t in ["a", "b", "c", "d", "e", "f"] {
        assert!(each_titles.contains(&format!("tenant_{t}.addresses")));
        assert!(each_titles.contains(&format!("tenant_{t}.users")));
    }
    assert!(!each.contains("tenant_*") && !each.contains("--no-group"));
    assert_eq!(summary(&grouped), summary(&each));
    assert!(grouped.lines().count() * 3 < each.lines().count());
}

#[test]
fn the_markdown_report_shows_identical_tenant_tables_once() {
    let grouped = run(&["migrations", TENANTS, "-q", "--format", "markdown"]);
    let each = run(&[
        "migrations",
        TENANTS,
        "-q",
        "--format",
        "markdown",
        "--no-group",
    ]);
    insta::assert_snapshot!("tenants_markdown", grouped);
    let rows = |r: &str| r.lines().filter(|l| l.starts_with("| error")).count();
    // legacy 2, addresses 4 (table + 3 columns), users 1, tenant_f 1.
    assert_eq!(rows(&grouped), 8);
    assert_eq!(rows(&each), 32);
    assert!(grouped.contains(
        "| `tenant_*.users.phone` — 5 schemas: tenant\\_a … tenant\\_e | \
         `fixtures/postgres/tenants/000001_tenants.up.sql:7` (tenant\\_a) |"
    ));
    // The heading counts every object, as without grouping.
    assert_eq!(grouped.lines().next(), each.lines().next());
    assert!(grouped.starts_with("## pitag: 32 findings (32 errors, 0 warnings)\n"));
}

#[test]
fn machine_formats_keep_one_finding_per_object() {
    let report = json(&pitag(&["migrations", TENANTS, "-q", "--format", "json"]));
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 32);
    for t in ["a", "b", "c", "d", "e"] {
        let schema = format!("tenant_{t}");
        let of_users: Vec<_> = findings
            .iter()
            .filter(|f| f["schema"] == schema.as_str() && f["table"] == "users")
            .collect();
        assert_eq!(of_users.len(), 1, "{schema}: {of_users:?}");
        assert_eq!(of_users[0]["rule"], "missing-column-tag");
        assert_eq!(of_users[0]["column"], "phone");
    }
    for t in ["a", "b", "c", "d", "e", "f"] {
        let schema = format!("tenant_{t}");
        let n = findings
            .iter()
            .filter(|f| f["schema"] == schema.as_str() && f["table"] == "addresses")
            .count();
        assert_eq!(n, 4, "{schema}.addresses");
    }
    for format in ["json", "sarif", "junit", "github", "gitlab"] {
        let grouped = pitag(&["migrations", TENANTS, "-q", "--format", format]);
        let each = pitag(&[
            "migrations",
            TENANTS,
            "-q",
            "--format",
            format,
            "--no-group",
        ]);
        assert_eq!(code(&grouped), 1);
        assert!(!grouped.stdout.is_empty());
        assert_eq!(
            grouped.stdout, each.stdout,
            "{format} changes with --no-group"
        );
    }
}

fn table(schema: &str, name: &str, signature: Option<u64>) -> AuditedTable {
    AuditedTable {
        schema: Some(schema.into()),
        name: name.into(),
        columns: 2,
        signature,
    }
}

fn missing(schema: &str, table: &str, column: &str) -> Finding {
    Finding::new(
        Rule::MissingColumnTag,
        Some(schema),
        table,
        Some(column),
        format!("{schema}.{table}.{column} lacks #PPI"),
    )
    .at(Some(&Origin::Database {
        database: DB.into(),
    }))
}

fn report(tables: Vec<AuditedTable>, mut findings: Vec<Finding>) -> Report {
    Finding::sort(&mut findings);
    Report {
        source: SourceInfo {
            kind: "database".into(),
            dialect: Dialect::Postgres,
            paths: vec![DB.into()],
            failed: Some(Vec::new()),
        },
        tables,
        findings,
    }
}

fn markdown(r: &Report) -> String {
    let mut out = Vec::new();
    markdown::write(r, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn only_same_signature_and_same_findings_group() {
    let r = report(
        vec![
            table("s1", "users", Some(7)),
            table("s2", "users", Some(7)),
            table("s3", "users", Some(7)),
            // Same findings, other columns.
            table("s4", "users", Some(8)),
            // No signature (merged reports, --no-group).
            table("s5", "users", None),
        ],
        ["s1", "s2", "s3", "s4", "s5"]
            .iter()
            .map(|s| missing(s, "users", "email"))
            .collect(),
    );
    let md = markdown(&r);
    // The message names the schema: it reads the pattern in a group.
    assert!(
        md.contains("| `{s1, s2, s3}.users.email` — 3 schemas | `postgres://db.example.invalid/app` | {s1, s2, s3}.users.email lacks #PPI |"),
        "{md}"
    );
    assert!(md.contains("| `s4.users.email` |"), "{md}");
    assert!(md.contains("| `s5.users.email` |"), "{md}");
    assert!(!md.contains("`s2.users"), "{md}");

    // The same schema.table twice (two databases of a fleet): never grouped.
    let r = report(
        vec![
            table("s1", "users", Some(7)),
            table("s1", "users", Some(7)),
            table("s2", "users", Some(7)),
        ],
        vec![
            missing("s1", "users", "email"),
            missing("s1", "users", "email"),
            missing("s2", "users", "email"),
        ],
    );
    let md = markdown(&r);
    assert!(!md.contains("schemas"), "{md}");
    assert_eq!(md.lines().filter(|l| l.starts_with("| error")).count(), 3);
}

#[test]
fn markdown_counts_the_objects_it_leaves_out() {
    // 400 identical tables in 2 schemas: 400 rows stand for 800 findings,
    // more than the row budget holds.
    let mut tables = Vec::new();
    let mut findings = Vec::new();
    for schema in ["tenant_1", "tenant_2"] {
        for i in 0..400 {
            let name = format!("table_{i:03}");
            tables.push(table(schema, &name, Some(i)));
            findings.push(missing(schema, &name, "email"));
        }
    }
    let md = markdown(&report(tables, findings));
    let rows = md.lines().filter(|l| l.starts_with("| error")).count();
    assert!(rows > 10 && rows < 400, "{rows} rows");
    let left = 800 - 2 * rows;
    assert!(
        md.contains(&format!(
            "_{left} more findings not shown; run pitag locally for the full list._"
        )),
        "{rows} rows shown; {}",
        md.lines().last().unwrap()
    );
}

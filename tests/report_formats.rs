//! The CI report formats: sarif, github, gitlab, junit, markdown.
//!
//! Each format's output of the sample report is an insta snapshot in
//! `tests/snapshots/report_formats__*.snap`, compared byte for byte (the
//! snapshot plus a check of the trailing newline insta does not compare).
//! After an intended change of a format, review the new output with
//! `INSTA_UPDATE=always cargo test --test report_formats` and `git diff`;
//! without it (as in CI) a difference fails the test.
//!
//! `tests/data/sarif-schema-2.1.0.json` is the OASIS SARIF 2.1.0 JSON schema
//! (draft-07, `$id` …/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json),
//! copied unchanged (sha256 af47e7b67f24efe74076621fd3a5fbe7398add9e84fe820c971219a385895cea)
//! from `src/schema.json` of the crates.io package `serde-sarif` 0.8.0
//! (MIT licence). The schema itself is © OASIS Open, published by the OASIS
//! SARIF TC with the SARIF 2.1.0 standard, which OASIS allows to be copied and
//! redistributed.

use pitag::classify::{Category, Confidence};
use pitag::dialect::Dialect;
use pitag::finding::{Finding, Severity};
use pitag::model::Origin;
use pitag::report::{self, github, gitlab, junit, markdown, sarif};
use pitag::report::{AuditedTable, Format, Report, SourceInfo, Style};
use pitag::rules::Rule;
use pitag::tags::Tag;
use quick_xml::events::{BytesStart, Event};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

const DB_URL: &str = "postgres://app@db.example.invalid:5432/shop?sslmode=require";
const NASTY: &str =
    "tag \"#PPI\" stands before 'text': a|b <b>&</b>\nsecond line: 100%, done\r\nthird";

fn file(path: &str, line: u32) -> Option<Origin> {
    Some(Origin::file(path, line))
}

fn finding(
    rule: Rule,
    schema: Option<&str>,
    table: &str,
    column: Option<&str>,
    message: &str,
    location: Option<Origin>,
) -> Finding {
    let mut f = Finding::new(rule, schema, table, column, message.to_string());
    f.location = location;
    f
}

/// A report with a file error, warnings, a database finding, a message full
/// of special characters, and two findings about no table in the same file.
fn sample() -> Report {
    let mut email = finding(
        Rule::MissingColumnTag,
        Some("public"),
        "users",
        Some("email"),
        "column holds contact.email but lacks #PPI",
        file("migrations/0001_init.up.sql", 14),
    )
    .expecting([Tag::Ppi]);
    email.category = Some(Category::ContactEmail);
    email.confidence = Some(Confidence::High);
    let mut findings = vec![
        email,
        finding(
            Rule::MisplacedTag,
            Some("public"),
            "users",
            Some("phone"),
            NASTY,
            file("migrations/0002_phone, v2.up.sql", 3),
        ),
        finding(
            Rule::MalformedTag,
            Some("public"),
            "users",
            None,
            "`#ppi` is not a tag (wrong case); write #PPI",
            file("migrations/0001_init.up.sql", 2),
        ),
        finding(
            Rule::MissingTableTag,
            Some("public"),
            "payments",
            None,
            "table holds #PPI columns (iban) but its comment lacks #PPI",
            Some(Origin::Database {
                database: DB_URL.to_string(),
            }),
        ),
        finding(
            Rule::UnparsedStatement,
            None,
            "",
            None,
            "could not parse `DO $$ ... $$`: the audit of the tables it touches is incomplete",
            file("migrations/0003_weird.up.sql", 7),
        ),
        finding(
            Rule::UnparsedStatement,
            None,
            "",
            None,
            "could not parse `ALTER TABLE ... USING ...`",
            file("migrations/0003_weird.up.sql", 12),
        ),
    ];
    Finding::sort(&mut findings);
    Report {
        source: SourceInfo {
            kind: "migrations".into(),
            dialect: Dialect::Postgres,
            paths: vec!["migrations".into()],
            failed: None,
        },
        tables: vec![
            AuditedTable {
                schema: Some("public".into()),
                name: "orders".into(),
                columns: 3,
                signature: None,
            },
            AuditedTable {
                schema: Some("public".into()),
                name: "users".into(),
                columns: 5,
                signature: None,
            },
        ],
        findings,
    }
}

fn empty() -> Report {
    Report {
        findings: Vec::new(),
        ..sample()
    }
}

type Writer = fn(&Report, &mut dyn std::io::Write) -> std::io::Result<()>;

fn render(writer: Writer, report: &Report) -> String {
    let mut out = Vec::new();
    writer(report, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn render_format(format: Format, report: &Report) -> String {
    let mut out = Vec::new();
    report::write(format, report, Style::default(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// One output as a snapshot. insta ignores trailing white space, so the end
/// of the output is checked here: nothing, or text ending in exactly one
/// newline, as the formats write it.
fn snapshot(name: &str, actual: &str) {
    let tail = &actual[actual.trim_end().len()..];
    assert!(
        tail == if actual.is_empty() { "" } else { "\n" },
        "{name}: output ends in {tail:?}, not one newline"
    );
    insta::assert_snapshot!(name, actual);
}

// ---------------------------------------------------------------- registration

#[test]
fn every_format_is_registered_in_write() {
    let r = sample();
    assert_eq!(render_format(Format::Sarif, &r), render(sarif::write, &r));
    assert_eq!(render_format(Format::Github, &r), render(github::write, &r));
    assert_eq!(render_format(Format::Gitlab, &r), render(gitlab::write, &r));
    assert_eq!(render_format(Format::Junit, &r), render(junit::write, &r));
    assert_eq!(
        render_format(Format::Markdown, &r),
        render(markdown::write, &r)
    );
}

#[test]
fn output_is_deterministic() {
    for format in [
        Format::Sarif,
        Format::Github,
        Format::Gitlab,
        Format::Junit,
        Format::Markdown,
    ] {
        assert_eq!(
            render_format(format, &sample()),
            render_format(format, &sample()),
            "{format} differs between two runs"
        );
    }
}

// ---------------------------------------------------------------- snapshots

#[test]
fn snapshot_github() {
    snapshot("github", &render(github::write, &sample()));
}

#[test]
fn snapshot_gitlab() {
    snapshot("gitlab", &render(gitlab::write, &sample()));
}

#[test]
fn snapshot_junit() {
    snapshot("junit", &render(junit::write, &sample()));
}

#[test]
fn snapshot_markdown() {
    snapshot("markdown", &render(markdown::write, &sample()));
}

#[test]
fn snapshot_sarif_results() {
    // Only the results: the rule descriptors carry the rules' documentation,
    // which changes with it (they are checked field by field below).
    let doc: Value = serde_json::from_str(&render(sarif::write, &sample())).unwrap();
    let results = serde_json::to_string_pretty(&doc["runs"][0]["results"]).unwrap() + "\n";
    snapshot("sarif_results", &results);
}

#[test]
fn snapshot_empty_reports() {
    snapshot("empty_github", &render(github::write, &empty()));
    snapshot("empty_gitlab", &render(gitlab::write, &empty()));
    snapshot("empty_junit", &render(junit::write, &empty()));
    snapshot("empty_markdown", &render(markdown::write, &empty()));
}

// ---------------------------------------------------------------- sarif

fn sarif_value(report: &Report) -> Value {
    serde_json::from_str(&render(sarif::write, report)).unwrap()
}

const STRAY: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";

fn escape_stray_bracket(v: &mut Value) -> usize {
    match v {
        Value::String(s) if s == STRAY => {
            *s = STRAY.replace("]?$", "\\]?$");
            1
        }
        Value::Array(a) => a.iter_mut().map(escape_stray_bracket).sum(),
        Value::Object(o) => o.values_mut().map(escape_stray_bracket).sum(),
        _ => 0,
    }
}

fn sarif_errors(instance: &Value) -> Vec<String> {
    let mut schema: Value =
        serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json")).unwrap();
    // The published schema's `language` patterns have a stray `]`, a literal
    // in ECMA-262 regexes but rejected by the jsonschema crate's meta-schema
    // check: escape it (same meaning) here, leaving the vendored file as published.
    assert_eq!(escape_stray_bracket(&mut schema), 2);
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the vendored SARIF schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// A fleet run where one database could not be read.
fn with_failed_database() -> Report {
    let mut r = sample();
    r.source.kind = "database".into();
    r.source.failed = Some(vec![pitag::report::FailedDatabase {
        database: "postgres://auditor@db.eu/billing".into(),
        error: "connection refused by db.eu:5432 (postgres://auditor@db.eu/billing)".into(),
        name: "billing-eu".into(),
    }]);
    r
}

#[test]
fn sarif_names_a_failed_database_as_an_unsuccessful_invocation() {
    let doc = sarif_value(&with_failed_database());
    let inv = &doc["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    assert_eq!(inv["toolExecutionNotifications"][0]["level"], "error");
    assert_eq!(
        inv["toolExecutionNotifications"][0]["message"]["text"],
        "billing-eu could not be audited: connection refused by db.eu:5432 (postgres://auditor@db.eu/billing)"
    );
    // Nothing failed: no invocation, as before.
    assert!(sarif_value(&sample())["runs"][0]
        .get("invocations")
        .is_none());
}

#[test]
fn table_and_markdown_name_a_failed_database() {
    // A merged report's step summary must not read as a pass when a shard failed.
    for format in [Format::Markdown, Format::Table] {
        let text = render_format(format, &with_failed_database());
        assert!(text.contains("billing-eu"), "{format}:\n{text}");
        assert!(
            text.contains("connection refused by db.eu:5432"),
            "{format}:\n{text}"
        );
        assert!(!render_format(format, &sample()).contains("could not be audited"));
        assert!(!render_format(format, &sample()).contains("not audited:"));
    }
    let md = render_format(Format::Markdown, &with_failed_database());
    assert!(
        md.contains("**1 database could not be audited** (the run exits 2)"),
        "{md}"
    );
    let mut none = with_failed_database();
    none.findings.clear();
    let md = render_format(Format::Markdown, &none);
    assert!(
        md.find("could not be audited") < md.find("No findings."),
        "{md}"
    );
}

#[test]
fn sarif_validates_against_the_schema() {
    for report in [sample(), empty(), with_failed_database()] {
        let doc = sarif_value(&report);
        let errors = sarif_errors(&doc);
        assert!(
            errors.is_empty(),
            "SARIF does not validate:\n{}",
            errors.join("\n")
        );
    }
}

type Mutation = (&'static str, fn(&mut Value));

#[test]
fn the_schema_check_rejects_invalid_sarif() {
    // Proves the validation above is live: each mutation breaks the log.
    let good = sarif_value(&sample());
    let mutations: [Mutation; 4] = [
        ("wrong version", |v| v["version"] = "2.0.0".into()),
        ("unknown level", |v| {
            v["runs"][0]["results"][0]["level"] = "fatal".into()
        }),
        ("line 0", |v| {
            v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
                0.into()
        }),
        ("no driver name", |v| {
            v["runs"][0]["tool"]["driver"]
                .as_object_mut()
                .unwrap()
                .remove("name");
        }),
    ];
    for (what, mutate) in mutations {
        let mut bad = good.clone();
        mutate(&mut bad);
        assert!(
            !sarif_errors(&bad).is_empty(),
            "schema accepted a log with {what}"
        );
    }
}

#[test]
fn sarif_has_what_github_code_scanning_reads() {
    let r = sample();
    let doc = sarif_value(&r);
    assert_eq!(doc["version"], "2.1.0");
    assert_eq!(doc["$schema"], sarif::SCHEMA_URI);
    let runs = doc["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "pitag");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));

    // Every rule, in registry order, fully described.
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), Rule::all().count());
    for (rule, descriptor) in Rule::all().zip(rules) {
        assert_eq!(descriptor["id"], rule.code());
        assert_eq!(descriptor["name"], sarif::pascal_name(rule));
        assert_eq!(descriptor["shortDescription"]["text"], rule.summary());
        assert_eq!(descriptor["help"]["markdown"], rule.doc().trim_end());
        assert_eq!(descriptor["help"]["text"], rule.doc().trim_end());
        assert!(!descriptor["fullDescription"]["text"]
            .as_str()
            .unwrap()
            .is_empty());
        assert_eq!(
            descriptor["defaultConfiguration"]["level"],
            rule.default_severity().as_str()
        );
        let tags = descriptor["properties"]["tags"].as_array().unwrap();
        assert!(
            tags.contains(&Value::from("privacy")),
            "{rule} lacks the privacy tag"
        );
    }

    let results = runs[0]["results"].as_array().unwrap();
    assert_eq!(results.len(), r.findings.len());
    for (f, res) in r.findings.iter().zip(results) {
        assert_eq!(res["ruleId"], f.rule.code());
        let index = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            rules[index]["id"], res["ruleId"],
            "ruleIndex points at another rule"
        );
        assert_eq!(res["level"], f.severity.as_str());
        assert_eq!(res["message"]["text"], f.message.as_str());
        let fp = res["partialFingerprints"][sarif::FINGERPRINT_KEY]
            .as_str()
            .unwrap();
        assert_eq!(fp.len(), 16);
        let location = &res["locations"][0];
        match &f.location {
            Some(Origin::File { line, .. }) => {
                let physical = &location["physicalLocation"];
                assert!(physical["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .starts_with("migrations/"));
                assert_eq!(physical["region"]["startLine"], *line);
            }
            Some(Origin::Database { .. }) => {
                assert!(location.get("physicalLocation").is_none());
                assert_eq!(res["properties"]["database"], DB_URL);
            }
            None => unreachable!("the sample has no finding without location"),
        }
    }

    // The file path is a URI reference: the space is encoded, the comma kept.
    let phone = results
        .iter()
        .find(|r| r["ruleId"] == Rule::MisplacedTag.code())
        .unwrap();
    assert_eq!(
        phone["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "migrations/0002_phone,%20v2.up.sql"
    );
    assert_eq!(
        phone["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "public.users.phone"
    );

    // The database finding: logical location only, qualified by database name.
    let db = results
        .iter()
        .find(|r| r["ruleId"] == Rule::MissingTableTag.code())
        .unwrap();
    let logical = &db["locations"][0]["logicalLocations"][0];
    assert_eq!(logical["fullyQualifiedName"], "shop.public.payments");
    assert_eq!(logical["kind"], "table");
}

fn sarif_fingerprints(report: &Report) -> Vec<String> {
    sarif_value(report)["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["partialFingerprints"][sarif::FINGERPRINT_KEY]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn fingerprints_are_stable_and_distinct() {
    let first = sarif_fingerprints(&sample());
    let second = sarif_fingerprints(&sample());
    assert_eq!(first, second, "fingerprints changed between two runs");
    let distinct: HashSet<&String> = first.iter().collect();
    assert_eq!(
        distinct.len(),
        first.len(),
        "two findings share a fingerprint: {first:?}"
    );

    // Pinned value: the hash must not change between pitag versions either.
    assert_eq!(
        first[sample()
            .findings
            .iter()
            .position(|f| f.rule == Rule::MissingColumnTag)
            .unwrap()],
        format!(
            "{:016x}",
            sarif::fnv1a64("missing-column-tag:public.users.email")
        )
    );
    assert_eq!(sarif::fnv1a64("a"), 0xaf63_dc4c_8601_ec8c);

    // Independent of line numbers (the same object after an edit elsewhere) …
    let mut moved = sample();
    for f in &mut moved.findings {
        if let Some(Origin::File { line, .. }) = &mut f.location {
            *line += 40;
        }
    }
    assert_eq!(sarif_fingerprints(&moved), first);

    // … but not of the object.
    let mut renamed = sample();
    let i = renamed
        .findings
        .iter()
        .position(|f| f.rule == Rule::MissingColumnTag)
        .unwrap();
    renamed.findings[i].column = Some("email_address".into());
    let changed = sarif_fingerprints(&renamed);
    assert_ne!(changed[i], first[i]);
    for (j, (a, b)) in changed.iter().zip(&first).enumerate() {
        if j != i {
            assert_eq!(a, b);
        }
    }
}

// ---------------------------------------------------------------- github

#[test]
fn github_commands_escape_messages_and_properties() {
    let r = sample();
    let out = render(github::write, &r);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.len(),
        r.findings.len(),
        "one command per finding, newlines escaped"
    );
    assert!(out.ends_with('\n'));

    let nasty = lines.iter().find(|l| l.contains("PT006")).unwrap();
    assert_eq!(
        *nasty,
        "::warning file=migrations/0002_phone%2C v2.up.sql,line=3,title=PT006 misplaced-tag (public.users.phone)::\
         tag \"#PPI\" stands before 'text': a|b <b>&</b>%0Asecond line: 100%25, done%0D%0Athird"
    );
    let error = lines.iter().find(|l| l.contains("PT001")).unwrap();
    assert!(error.starts_with("::error file=migrations/0001_init.up.sql,line=14,title=PT001 missing-column-tag (public.users.email)::"));

    // Database findings: no file or line; the title names the object and database.
    let db = lines.iter().find(|l| l.contains("PT002")).unwrap();
    assert_eq!(
        *db,
        "::error title=PT002 missing-table-tag (public.payments) in postgres%3A//app@db.example.invalid%3A5432/shop?sslmode=require::\
         table holds #PPI columns (iban) but its comment lacks #PPI"
    );
    assert_eq!(github::escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    assert_eq!(github::escape_data("a:b,c%\r"), "a:b,c%25%0D");
}

#[test]
fn github_step_summary_is_the_markdown_summary() {
    let r = sample();
    let summary = render(github::write_step_summary, &r);
    assert!(summary.starts_with("## pitag: 6 findings (4 errors, 2 warnings)\n"));
    assert!(summary.contains("| Severity | Rule | Object | Location | Message |"));
    assert_eq!(summary, render(markdown::write, &r));
}

// ---------------------------------------------------------------- gitlab

#[test]
fn gitlab_code_quality_fields() {
    let r = sample();
    let doc: Value = serde_json::from_str(&render(gitlab::write, &r)).unwrap();
    let issues = doc.as_array().unwrap();
    assert_eq!(issues.len(), r.findings.len());
    let mut fingerprints = HashSet::new();
    for (f, issue) in r.findings.iter().zip(issues) {
        assert_eq!(issue["check_name"], f.rule.name());
        assert!(issue["description"]
            .as_str()
            .unwrap()
            .ends_with(f.message.as_str()));
        let expected = match f.severity {
            Severity::Error => "major",
            Severity::Warning => "minor",
        };
        assert_eq!(issue["severity"], expected);
        let begin = issue["location"]["lines"]["begin"].as_u64().unwrap();
        assert!(begin >= 1);
        match &f.location {
            Some(Origin::File { file, line }) => {
                assert_eq!(issue["location"]["path"], file.as_str());
                assert_eq!(begin, u64::from(*line));
            }
            _ => assert_eq!(issue["location"]["path"], "database"),
        }
        assert!(fingerprints.insert(issue["fingerprint"].as_str().unwrap().to_string()));
    }
    // The two unparsed statements of one file share an object key and still
    // get distinct fingerprints, in order.
    let unparsed: Vec<&Value> = issues
        .iter()
        .filter(|i| i["check_name"] == "unparsed-statement")
        .collect();
    assert_eq!(unparsed.len(), 2);
    assert_ne!(unparsed[0]["fingerprint"], unparsed[1]["fingerprint"]);
    assert_eq!(
        gitlab::document(&r),
        gitlab::document(&sample()),
        "gitlab output changed between runs"
    );
    assert_eq!(render(gitlab::write, &empty()), "[]\n");
}

// ---------------------------------------------------------------- junit

#[derive(Debug, Default)]
struct Case {
    classname: String,
    name: String,
    failures: Vec<(String, String, String)>, // type, message, body
}

#[derive(Debug, Default)]
struct Suite {
    tests: usize,
    failures: usize,
    root: String,
    suites: usize,
    cases: Vec<Case>,
}

fn attr(e: &BytesStart, name: &str) -> String {
    e.try_get_attribute(name)
        .unwrap()
        .unwrap_or_else(|| panic!("no {name} attribute"))
        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .unwrap()
        .into_owned()
}

fn parse_junit(xml: &str) -> Suite {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut suite = Suite::default();
    let mut body: Option<String> = None;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) if suite.root.is_empty() => {
                suite.root = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                assert_eq!(attr(&e, "name"), "pitag");
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"testsuite" => {
                suite.suites += 1;
                assert_eq!(attr(&e, "name"), "pitag");
                suite.tests = attr(&e, "tests").parse().unwrap();
                suite.failures = attr(&e, "failures").parse().unwrap();
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"testcase" => {
                suite.cases.push(Case {
                    classname: attr(&e, "classname"),
                    name: attr(&e, "name"),
                    failures: Vec::new(),
                });
            }
            Event::Start(e) if e.name().as_ref() == b"failure" => {
                let case = suite.cases.last_mut().expect("failure inside a testcase");
                case.failures
                    .push((attr(&e, "type"), attr(&e, "message"), String::new()));
                body = Some(String::new());
            }
            Event::Text(t) => {
                if let Some(b) = &mut body {
                    b.push_str(&t.xml10_content().unwrap());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(b) = &mut body {
                    match r.resolve_char_ref().unwrap() {
                        Some(c) => b.push(c),
                        None => b.push_str(
                            quick_xml::escape::resolve_predefined_entity(&r.decode().unwrap())
                                .expect("only predefined entities"),
                        ),
                    }
                }
            }
            Event::End(e) if e.name().as_ref() == b"failure" => {
                let text = body.take().unwrap();
                suite
                    .cases
                    .last_mut()
                    .unwrap()
                    .failures
                    .last_mut()
                    .unwrap()
                    .2 = text;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    suite
}

#[test]
fn junit_parses_with_the_right_counts() {
    let r = sample();
    let suite = parse_junit(&render(junit::write, &r));
    assert_eq!(suite.root, "testsuites");
    assert_eq!(suite.suites, 1);

    let names: Vec<(&str, &str)> = suite
        .cases
        .iter()
        .map(|c| (c.classname.as_str(), c.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("pitag.public", "orders"),
            ("pitag.public", "payments"),
            ("pitag.public", "users"),
            ("pitag", "migrations/0003_weird.up.sql:7"),
            ("pitag", "migrations/0003_weird.up.sql:12"),
        ]
    );
    assert_eq!(suite.tests, suite.cases.len());
    let failing = suite
        .cases
        .iter()
        .filter(|c| !c.failures.is_empty())
        .count();
    assert_eq!(suite.failures, failing);
    assert_eq!(suite.failures, 4);
    let total: usize = suite.cases.iter().map(|c| c.failures.len()).sum();
    assert_eq!(total, r.findings.len());

    let users = suite.cases.iter().find(|c| c.name == "users").unwrap();
    let types: Vec<&str> = users.failures.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(
        types,
        ["malformed-tag", "missing-column-tag", "misplaced-tag"]
    );
    // Escaping round-trips: quotes, <&>, %, and line breaks in attribute and body.
    let (_, message, body) = users
        .failures
        .iter()
        .find(|f| f.0 == "misplaced-tag")
        .unwrap();
    assert_eq!(message, &format!("PT006 warning: {NASTY}"));
    assert!(body.contains(NASTY), "body lost characters: {body:?}");
    assert!(body.contains("location: migrations/0002_phone, v2.up.sql:3"));
    assert!(body.contains("object: public.users.phone"));
    let orders = suite.cases.iter().find(|c| c.name == "orders").unwrap();
    assert!(orders.failures.is_empty());

    let empty = parse_junit(&render(junit::write, &empty()));
    assert_eq!((empty.tests, empty.failures, empty.cases.len()), (2, 0, 2));
}

#[test]
fn junit_drops_characters_xml_cannot_hold() {
    let mut r = sample();
    r.findings[0].message = "bell\u{7} and nul\u{0}".into();
    let suite = parse_junit(&render(junit::write, &r));
    let all: Vec<&(String, String, String)> =
        suite.cases.iter().flat_map(|c| &c.failures).collect();
    assert!(all
        .iter()
        .any(|f| f.1.ends_with("bell\u{fffd} and nul\u{fffd}")));
}

// ---------------------------------------------------------------- markdown

fn table_rows(md: &str) -> Vec<&str> {
    md.lines().filter(|l| l.starts_with("| ")).skip(2).collect()
}

/// Split a GFM table row into cells the way GitHub does: on `|` not escaped.
fn cells(row: &str) -> Vec<String> {
    let inner = row.trim().trim_start_matches('|').trim_end_matches('|');
    let mut out = vec![String::new()];
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.last_mut().unwrap().push(c);
                if let Some(n) = chars.next() {
                    out.last_mut().unwrap().push(n);
                }
            }
            '|' => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out.into_iter().map(|c| c.trim().to_string()).collect()
}

#[test]
fn markdown_table_cells_stay_intact() {
    let r = sample();
    let md = render(markdown::write, &r);
    assert!(md.starts_with("## pitag: 6 findings (4 errors, 2 warnings)\n"));
    assert!(md.contains("Audited 2 tables and 8 columns (postgres migrations: `migrations`)."));
    let rows = table_rows(&md);
    assert_eq!(rows.len(), r.findings.len(), "a message broke a row:\n{md}");
    for row in &rows {
        assert_eq!(
            cells(row).len(),
            5,
            "row has the wrong number of cells: {row}"
        );
    }
    let nasty = rows.iter().find(|l| l.contains("PT006")).unwrap();
    let message = &cells(nasty)[4];
    assert_eq!(
        message,
        "tag \"#PPI\" stands before 'text': a\\|b \\<b\\>\\&\\</b\\><br>second line: 100%, done<br>third"
    );
    assert_eq!(
        render(markdown::write, &empty()).lines().last(),
        Some("No findings.")
    );
}

#[test]
fn markdown_stays_under_the_comment_limit() {
    let mut r = sample();
    let template = r.findings[0].clone();
    r.findings = (0..2000)
        .map(|i| {
            let mut f = template.clone();
            f.column = Some(format!("column_{i:04}"));
            f
        })
        .collect();
    let md = render(markdown::write, &r);
    assert!(md.len() < 65_536, "{} bytes", md.len());
    let shown = table_rows(&md).len();
    assert!(shown > 100 && shown < 2000, "{shown} rows shown");
    assert!(md.trim_end().ends_with(&format!(
        "_{} more findings not shown; run pitag locally for the full list._",
        2000 - shown
    )));
}

#[test]
fn sample_covers_the_cases_it_claims() {
    // Guards the fixture: if it loses a case, the tests above prove less.
    let r = sample();
    let by_kind: BTreeMap<&str, usize> = r.findings.iter().fold(BTreeMap::new(), |mut m, f| {
        let kind = match (&f.location, f.table.is_empty()) {
            (Some(Origin::Database { .. }), _) => "database",
            (_, true) => "no-table",
            _ => "file",
        };
        *m.entry(kind).or_default() += 1;
        m
    });
    assert_eq!(by_kind.get("database"), Some(&1));
    assert_eq!(by_kind.get("no-table"), Some(&2));
    assert_eq!(by_kind.get("file"), Some(&3));
    assert!(r.findings.iter().any(|f| f.severity == Severity::Warning));
    assert!(r
        .findings
        .iter()
        .any(|f| f.message.contains(['|', '<', '&', '"', '\n'])));
}

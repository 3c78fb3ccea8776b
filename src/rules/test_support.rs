//! What the rule files' tests share: SQL text replayed through the real
//! pipeline (the files are written to a temporary folder and loaded as
//! `pitag migrations` loads them), one rule run on it, and its findings
//! rendered one per line for an insta snapshot.

use super::{Context, Rule};
use crate::audit::{self, AuditSettings};
use crate::config::Config;
use crate::dialect::Dialect;
use crate::drift::{self, DriftOptions};
use crate::finding::Finding;
use crate::model::{Origin, Schema};
use crate::source::LoadOptions;
use std::collections::BTreeMap;

/// Migration files as (name, SQL), replayed in name order.
pub type Files<'a> = &'a [(&'a str, &'a str)];

/// Replay `files` as migrations of `dialect`.
pub fn replay(dialect: Dialect, files: Files) -> Schema {
    let dir = tempfile::tempdir().expect("temporary folder");
    for (name, sql) in files {
        std::fs::write(dir.path().join(name), sql).expect("write a migration");
    }
    let options = LoadOptions {
        dialect: Some(dialect),
        placeholders: BTreeMap::new(),
        mysql_server: None,
    };
    let loaded =
        crate::source::load(&[dir.path().to_path_buf()], &options).expect("replay the migrations");
    loaded.schema
}

/// The default settings of `pitag migrations` without a config file.
pub fn settings() -> AuditSettings {
    AuditSettings::from_config(&Config::default(), None).expect("default settings")
}

/// Run one model rule's `check` on the replayed files, with the default
/// classifier and confidence.
pub fn model(check: fn(&Context, &mut Vec<Finding>), dialect: Dialect, files: Files) -> String {
    let schema = replay(dialect, files);
    let settings = settings();
    let classes = audit::classify_columns(&schema, &settings.classifier);
    let ctx = Context {
        schema: &schema,
        classes: &classes,
        min_confidence: settings.min_confidence,
    };
    let mut out = Vec::new();
    check(&ctx, &mut out);
    render(&out)
}

/// The whole audit of the replayed files (model and suppression passes,
/// default settings), keeping `rule`'s findings.
pub fn audit(rule: Rule, dialect: Dialect, files: Files) -> String {
    let schema = replay(dialect, files);
    let findings = audit::audit(&schema, &settings());
    render_rule(rule, &findings)
}

/// `drift`'s comparison of the replayed migrations with a "database" whose
/// catalog is the replay of `database`, keeping `rule`'s findings.
pub fn drift(rule: Rule, dialect: Dialect, migrations: Files, database: Files) -> String {
    let m = replay(dialect, migrations);
    let l = replay(dialect, database);
    let c = drift::compare(&m, &l, &DriftOptions::default());
    render_rule(rule, &c.findings)
}

fn render_rule(rule: Rule, findings: &[Finding]) -> String {
    let mine: Vec<Finding> = findings
        .iter()
        .filter(|f| f.rule == rule)
        .cloned()
        .collect();
    render(&mine)
}

/// One line per finding: `code severity object @ file:line: message [tags]`,
/// files by name only.
pub fn render(findings: &[Finding]) -> String {
    let mut findings = findings.to_vec();
    Finding::sort(&mut findings);
    findings
        .iter()
        .map(|f| {
            // By file name: the temporary folder differs on every run.
            let at = f.location.as_ref().map_or("-".into(), Origin::short);
            let tags = if f.expected_tags.is_empty() {
                String::new()
            } else {
                let t: Vec<String> = f.expected_tags.iter().map(|t| t.to_string()).collect();
                format!(" [{}]", t.join(" "))
            };
            format!(
                "{} {} {} @ {at}: {}{tags}",
                f.rule.code(),
                f.severity,
                f.object(),
                f.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A rule file's two tests: `fires` snapshots what `$run` reports on the
/// firing input (insta, `src/rules/snapshots/`), `clean` asserts it reports
/// nothing on the clean one. `$run` takes the inputs given after `fires:`
/// and `clean:` and returns rendered findings.
macro_rules! rule_tests {
    ($run:expr; fires: $($fires:expr),+; clean: $($clean:expr),+ $(;)?) => {
        #[test]
        fn fires() {
            insta::assert_snapshot!(($run)($($fires),+));
        }

        #[test]
        fn clean() {
            assert_eq!(($run)($($clean),+), "");
        }
    };
}
pub(crate) use rule_tests;

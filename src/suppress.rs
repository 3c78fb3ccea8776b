//! Suppressions: inline `-- pitag:ignore rule[,rule] -- reason` directives,
//! `[[allow]]` entries in `pitag.toml`, and baselines: parsing them and
//! matching them with findings. The suppression pass's rules decide what to
//! report: `invalid-suppression` (no reason, unknown rule; not honoured) and
//! `unused-suppression` (matched nothing).

use crate::config::AllowEntry;
use crate::finding::Finding;
use crate::model::InlineIgnore;
use crate::rules::unused_suppression::Unused;
use crate::rules::{invalid_suppression, unused_suppression, Rule};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Parse the text of a `pitag:` directive (`ignore a,b -- reason`).
/// Returns `None` when it is not an ignore directive.
pub fn parse_directive(text: &str) -> Option<(Vec<String>, Option<String>)> {
    let rest = text.trim().strip_prefix("ignore")?;
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let (rules, reason) = match rest.find("--") {
        Some(p) => (
            &rest[..p],
            Some(
                rest[p + 2..]
                    .trim()
                    .trim_end_matches("*/")
                    .trim()
                    .to_string(),
            ),
        ),
        None => (rest.trim_end_matches("*/"), None),
    };
    let rules = rules
        .split([',', ' ', '\t'])
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect();
    Some((rules, reason.filter(|r| !r.is_empty())))
}

/// A baseline file that cannot be used.
#[derive(Debug, Error)]
pub enum BaselineError {
    #[error("{}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}: not a pitag baseline: {source}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        #[source]
        source: serde_json::Error,
    },
}

/// A baseline: the findings a team accepted when adopting pitag, keyed by
/// rule and object (not line), so edits elsewhere do not invalidate it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<BaselineEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineEntry {
    pub rule: String,
    pub schema: Option<String>,
    pub table: String,
    pub column: Option<String>,
    /// How many findings with this key were accepted.
    #[serde(default = "one")]
    pub count: usize,
}

fn one() -> usize {
    1
}

impl Baseline {
    pub fn from_findings(findings: &[Finding]) -> Baseline {
        let mut counts: BTreeMap<(String, Option<String>, String, Option<String>), usize> =
            BTreeMap::new();
        for f in findings {
            if matches!(f.rule, Rule::UnusedSuppression | Rule::InvalidSuppression) {
                continue;
            }
            *counts
                .entry((
                    f.rule.name().to_string(),
                    f.schema.clone(),
                    f.table.clone(),
                    f.column.clone(),
                ))
                .or_default() += 1;
        }
        Baseline {
            version: 1,
            findings: counts
                .into_iter()
                .map(|((rule, schema, table, column), count)| BaselineEntry {
                    rule,
                    schema,
                    table,
                    column,
                    count,
                })
                .collect(),
        }
    }

    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|source| BaselineError::Parse {
            path: path.to_path_buf(),
            line: source.line(),
            source,
        })
    }
}

/// Where suppressions come from, for the pass.
pub struct Suppressions<'a> {
    pub inline: &'a [InlineIgnore],
    pub allow: &'a [AllowEntry],
    /// The config file's display path (for unused/invalid allow findings).
    pub config_file: &'a str,
    pub baseline: Option<(&'a Baseline, &'a str)>,
}

fn glob_match(pattern: &str, value: &str) -> bool {
    if !pattern.contains('*') {
        return pattern.eq_ignore_ascii_case(value);
    }
    globset::GlobBuilder::new(pattern)
        .case_insensitive(true)
        .build()
        .map(|g| g.compile_matcher().is_match(value))
        .unwrap_or(false)
}

/// Remove suppressed findings; add the suppression pass's findings
/// (`invalid-suppression` for those that cannot be honoured, then
/// `unused-suppression` for those that matched nothing).
pub fn apply(findings: Vec<Finding>, s: &Suppressions) -> Vec<Finding> {
    let mut extra = Vec::new();
    let honoured = invalid_suppression::check(s.inline, s.allow, s.config_file, &mut extra);
    let mut inline: Vec<(&InlineIgnore, Vec<Rule>, bool)> = honoured
        .inline
        .into_iter()
        .map(|(ig, rules)| (ig, rules, false))
        .collect();
    let mut allows: Vec<(&AllowEntry, Option<Rule>, bool)> = honoured
        .allow
        .into_iter()
        .map(|(a, rule)| (a, rule, false))
        .collect();
    let mut baseline: Vec<(&BaselineEntry, usize)> = s
        .baseline
        .map(|(b, _)| b.findings.iter().map(|e| (e, e.count)).collect())
        .unwrap_or_default();

    let mut kept = Vec::with_capacity(findings.len());
    'findings: for f in findings {
        if let Some(loc) = &f.location {
            for (ig, rules, used) in inline.iter_mut() {
                if &ig.target == loc && rules.contains(&f.rule) {
                    *used = true;
                    continue 'findings;
                }
            }
        }
        for (a, rule, used) in allows.iter_mut() {
            let e = &a.allow;
            let rule_ok = rule.is_none_or(|r| r == f.rule);
            let schema_ok = e
                .schema
                .as_deref()
                .is_none_or(|sc| f.schema.as_deref().is_some_and(|fs| glob_match(sc, fs)));
            let column_ok = e
                .column
                .as_deref()
                .is_none_or(|c| f.column.as_deref().is_some_and(|fc| glob_match(c, fc)));
            if rule_ok && schema_ok && column_ok && glob_match(&e.table, &f.table) {
                *used = true;
                continue 'findings;
            }
        }
        for (e, left) in baseline.iter_mut() {
            if *left > 0
                && e.rule == f.rule.name()
                && e.schema == f.schema
                && e.table == f.table
                && e.column == f.column
            {
                *left -= 1;
                continue 'findings;
            }
        }
        kept.push(f);
    }
    let mut unused: Vec<Unused> = Vec::new();
    unused.extend(
        inline
            .iter()
            .filter(|(_, _, used)| !used)
            .map(|(ig, _, _)| Unused::Inline(ig)),
    );
    unused.extend(
        allows
            .iter()
            .filter(|(_, _, used)| !used)
            .map(|(a, _, _)| Unused::Allow {
                entry: a,
                config_file: s.config_file,
            }),
    );
    if let Some((_, file)) = s.baseline {
        unused.extend(baseline.iter().filter(|(_, left)| *left > 0).map(|(e, _)| {
            Unused::Baseline {
                rule: &e.rule,
                schema: e.schema.as_deref(),
                table: &e.table,
                column: e.column.as_deref(),
                file,
            }
        }));
    }
    unused_suppression::check(&unused, &mut extra);
    kept.extend(extra);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Allow;
    use crate::model::Origin;

    fn finding(rule: Rule, table: &str, column: Option<&str>, line: u32) -> Finding {
        Finding::new(rule, Some("public"), table, column, "m".into())
            .at(Some(&Origin::file("m.sql", line)))
    }

    #[test]
    fn parses_directives() {
        assert_eq!(
            parse_directive("ignore missing-column-tag, PT002 -- test data"),
            Some((
                vec!["missing-column-tag".into(), "PT002".into()],
                Some("test data".into())
            ))
        );
        assert_eq!(
            parse_directive("ignore lost-tag"),
            Some((vec!["lost-tag".into()], None))
        );
        assert_eq!(parse_directive("ignored"), None);
    }

    #[test]
    fn inline_allow_and_baseline() {
        let findings = vec![
            finding(Rule::MissingColumnTag, "users", Some("email"), 3),
            finding(Rule::MissingTableTag, "users", None, 3),
            finding(Rule::LateTag, "legacy", Some("name"), 9),
            finding(Rule::MalformedTag, "orders", Some("x"), 12),
        ];
        let inline = vec![
            InlineIgnore {
                origin: Origin::file("m.sql", 2),
                target: Origin::file("m.sql", 3),
                rules: vec!["PT001".into()],
                reason: Some("fixture".into()),
            },
            InlineIgnore {
                origin: Origin::file("m.sql", 20),
                target: Origin::file("m.sql", 21),
                rules: vec!["lost-tag".into()],
                reason: Some("x".into()),
            },
            InlineIgnore {
                origin: Origin::file("m.sql", 30),
                target: Origin::file("m.sql", 31),
                rules: vec!["lost-tagg".into()],
                reason: None,
            },
        ];
        let allow = vec![AllowEntry {
            allow: Allow {
                table: "leg*".into(),
                schema: None,
                column: None,
                rule: Some("late-tag".into()),
                reason: Some("r".into()),
            },
            line: 4,
        }];
        let baseline = Baseline::from_findings(&[
            finding(Rule::MalformedTag, "orders", Some("x"), 99),
            finding(Rule::LostTag, "gone", None, 1),
        ]);
        let out = apply(
            findings,
            &Suppressions {
                inline: &inline,
                allow: &allow,
                config_file: "pitag.toml",
                baseline: Some((&baseline, "b.json")),
            },
        );
        let rules: Vec<Rule> = out.iter().map(|f| f.rule).collect();
        assert_eq!(
            rules,
            vec![
                Rule::MissingTableTag,
                Rule::InvalidSuppression,
                Rule::InvalidSuppression,
                Rule::UnusedSuppression,
                Rule::UnusedSuppression
            ]
        );
        assert_eq!(out[3].location, Some(Origin::file("m.sql", 20)));
        assert_eq!(out[4].table, "gone");
    }
}

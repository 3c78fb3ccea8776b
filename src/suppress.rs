//! Suppressions: inline `-- pitag:ignore rule[,rule] -- reason` directives,
//! `[[allow]]` entries in `pitag.toml`, and baselines. Each one that matches
//! nothing is reported (`unused-suppression`); each one without a reason or
//! naming an unknown rule is reported (`invalid-suppression`) and not honoured.

use crate::config::AllowEntry;
use crate::finding::Finding;
use crate::model::{InlineIgnore, Origin};
use crate::rules::{invalid_suppression, unused_suppression, Rule};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

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

    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text)
            .map_err(|e| format!("{}:{}: not a pitag baseline: {e}", path.display(), e.line()))
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

/// Remove suppressed findings; add unused/invalid-suppression findings.
pub fn apply(findings: Vec<Finding>, s: &Suppressions) -> Vec<Finding> {
    let mut extra = Vec::new();
    // Inline ignores: (target, rules) that are valid.
    let mut inline: Vec<(&InlineIgnore, Vec<Rule>, bool)> = Vec::new();
    for ig in s.inline {
        let mut rules = Vec::new();
        let mut valid = true;
        for r in &ig.rules {
            match Rule::lookup(r) {
                Some(rule) => rules.push(rule),
                None => {
                    valid = false;
                    extra.push(invalid_suppression::finding(
                        &format!("pitag:ignore names unknown rule `{r}` (see `pitag rules`)"),
                        ig.origin.clone(),
                    ));
                }
            }
        }
        if rules.is_empty() && valid {
            valid = false;
            extra.push(invalid_suppression::finding(
                "pitag:ignore names no rule",
                ig.origin.clone(),
            ));
        }
        if ig.reason.is_none() {
            valid = false;
            extra.push(invalid_suppression::finding(
                "pitag:ignore without a reason: write `-- pitag:ignore <rule> -- <reason>`",
                ig.origin.clone(),
            ));
        }
        if valid {
            inline.push((ig, rules, false));
        }
    }
    let config_origin = |line: usize| Origin::file(s.config_file, line as u32);
    let mut allows: Vec<(&AllowEntry, Option<Rule>, bool)> = Vec::new();
    for a in s.allow {
        match a.allow.rule.as_deref().map(|r| (r, Rule::lookup(r))) {
            Some((r, None)) => extra.push(invalid_suppression::finding(
                &format!("[[allow]] names unknown rule `{r}` (see `pitag rules`)"),
                config_origin(a.line),
            )),
            Some((_, Some(rule))) => allows.push((a, Some(rule), false)),
            None => allows.push((a, None, false)),
        }
    }
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
    for (ig, _, used) in &inline {
        if !used {
            extra.push(unused_suppression::finding(
                &format!("pitag:ignore {}", ig.rules.join(",")),
                ig.origin.clone(),
            ));
        }
    }
    for (a, _, used) in &allows {
        if !used {
            extra.push(unused_suppression::finding(
                &format!("[[allow]] for table `{}`", a.allow.table),
                config_origin(a.line),
            ));
        }
    }
    if let Some((_, file)) = s.baseline {
        for (e, left) in &baseline {
            if *left > 0 {
                let object = [
                    e.schema.as_deref(),
                    Some(e.table.as_str()),
                    e.column.as_deref(),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(".");
                let mut f = unused_suppression::finding(
                    &format!("baseline entry {} on `{object}`", e.rule),
                    Origin::file(file, 1),
                );
                f.schema = e.schema.clone();
                f.table = e.table.clone();
                f.column = e.column.clone();
                extra.push(f);
            }
        }
    }
    kept.extend(extra);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Allow;

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

//! An inline `pitag:ignore` or a `[[allow]]` entry without a reason, or one
//! that names a rule pitag does not know.
//!
//! ## Why
//! Every exception to the privacy convention must say why it is acceptable,
//! so reviewers and auditors can judge it later. An unknown rule name is a
//! typo that suppresses nothing.
//!
//! ## Example
//! ```sql
//! -- pitag:ignore missing-colum-tag
//! ```
//!
//! ## Fix
//! ```sql
//! -- pitag:ignore missing-column-tag -- ids of test fixtures, no real people
//! ```

use super::shared::config_origin;
use super::Rule;
use crate::config::AllowEntry;
use crate::finding::Finding;
use crate::model::{InlineIgnore, Origin};

/// The suppressions that can be honoured, with the rules they name
/// (`None`: an `[[allow]]` entry for every rule).
pub struct Honoured<'a> {
    pub inline: Vec<(&'a InlineIgnore, Vec<Rule>)>,
    pub allow: Vec<(&'a AllowEntry, Option<Rule>)>,
}

/// Report every inline ignore and `[[allow]]` entry that cannot be
/// honoured (unknown rule, no rule, no reason) and return the others.
pub fn check<'a>(
    inline: &'a [InlineIgnore],
    allow: &'a [AllowEntry],
    config_file: &str,
    out: &mut Vec<Finding>,
) -> Honoured<'a> {
    let mut honoured = Honoured {
        inline: Vec::new(),
        allow: Vec::new(),
    };
    for ig in inline {
        let mut rules = Vec::new();
        let mut valid = true;
        for r in &ig.rules {
            match Rule::lookup(r) {
                Some(rule) => rules.push(rule),
                None => {
                    valid = false;
                    out.push(finding(
                        &format!("pitag:ignore names unknown rule `{r}` (see `pitag rules`)"),
                        ig.origin.clone(),
                    ));
                }
            }
        }
        if rules.is_empty() && valid {
            valid = false;
            out.push(finding("pitag:ignore names no rule", ig.origin.clone()));
        }
        if ig.reason.is_none() {
            valid = false;
            out.push(finding(
                "pitag:ignore without a reason: write `-- pitag:ignore <rule> -- <reason>`",
                ig.origin.clone(),
            ));
        }
        if valid {
            honoured.inline.push((ig, rules));
        }
    }
    for a in allow {
        match a.allow.rule.as_deref().map(|r| (r, Rule::lookup(r))) {
            Some((r, None)) => out.push(finding(
                &format!("[[allow]] names unknown rule `{r}` (see `pitag rules`)"),
                config_origin(config_file, a.line),
            )),
            Some((_, Some(rule))) => honoured.allow.push((a, Some(rule))),
            None => honoured.allow.push((a, None)),
        }
    }
    honoured
}

/// The finding for a suppression at `origin` that cannot be honoured.
fn finding(problem: &str, origin: Origin) -> Finding {
    Finding::new(Rule::InvalidSuppression, None, "", None, problem.to_string()).at(Some(&origin))
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect::Postgres;
    use crate::rules::test_support::{audit, rule_tests};
    use crate::rules::Rule;

    rule_tests! {
        |files| audit(Rule::InvalidSuppression, Postgres, files);
        fires: &[("001_init.sql", "-- pitag:ignore missing-colum-tag\nCREATE TABLE fixture_users (id bigint, email text);\n-- pitag:ignore late-tag\nCREATE TABLE audit_log (id bigint);")];
        clean: &[("001_init.sql", "-- pitag:ignore missing-column-tag -- test fixtures, no real people\nCREATE TABLE fixture_users (id bigint, email text);")];
    }
}

//! An inline `pitag:ignore`, a `[[allow]]` entry in `pitag.toml`, or a
//! baseline entry matched no finding.
//!
//! ## Why
//! Stale suppressions hide future problems: once the original finding is
//! fixed, the leftover ignore would silence a new, unrelated one on the same
//! object.
//!
//! ## Example
//! ```sql
//! -- pitag:ignore missing-column-tag -- legacy table
//! CREATE TABLE audit_log (id bigint, event text);   -- nothing to ignore here
//! ```
//!
//! ## Fix
//! Delete the suppression (or the baseline entry: rewrite the baseline with
//! `--write-baseline`).

use super::shared::config_origin;
use super::Rule;
use crate::config::AllowEntry;
use crate::finding::Finding;
use crate::model::{InlineIgnore, Origin};

/// A suppression that matched no finding.
pub enum Unused<'a> {
    Inline(&'a InlineIgnore),
    Allow {
        entry: &'a AllowEntry,
        config_file: &'a str,
    },
    /// A baseline entry (of the baseline file `file`) with accepted
    /// findings left over.
    Baseline {
        rule: &'a str,
        schema: Option<&'a str>,
        table: &'a str,
        column: Option<&'a str>,
        file: &'a str,
    },
}

/// One finding per unused suppression. A baseline entry's finding names its
/// object, so it can be told apart from the others of the file.
pub fn check(unused: &[Unused], out: &mut Vec<Finding>) {
    for u in unused {
        let f = match *u {
            Unused::Inline(ig) => finding(
                &format!("pitag:ignore {}", ig.rules.join(",")),
                ig.origin.clone(),
            ),
            Unused::Allow { entry, config_file } => finding(
                &format!("[[allow]] for table `{}`", entry.allow.table),
                config_origin(config_file, entry.line),
            ),
            Unused::Baseline {
                rule,
                schema,
                table,
                column,
                file,
            } => {
                let object = [schema, Some(table), column]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(".");
                let mut f = finding(
                    &format!("baseline entry {rule} on `{object}`"),
                    Origin::file(file, 1),
                );
                f.schema = schema.map(str::to_string);
                f.table = table.to_string();
                f.column = column.map(str::to_string);
                f
            }
        };
        out.push(f);
    }
}

/// The finding for a suppression at `origin` that matched nothing.
fn finding(what: &str, origin: Origin) -> Finding {
    Finding::new(
        Rule::UnusedSuppression,
        None,
        "",
        None,
        format!("{what} matched no finding; remove it"),
    )
    .at(Some(&origin))
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect::Postgres;
    use crate::rules::test_support::{audit, rule_tests};
    use crate::rules::Rule;

    rule_tests! {
        |files| audit(Rule::UnusedSuppression, Postgres, files);
        fires: &[("001_init.sql", "-- pitag:ignore missing-column-tag -- legacy table\nCREATE TABLE audit_log (id bigint, event text);")];
        clean: &[("001_init.sql", "-- pitag:ignore missing-column-tag -- ids of test fixtures, no real people\nCREATE TABLE fixture_users (id bigint, email text);")];
    }
}

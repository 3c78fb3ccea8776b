//! The rules: one file per rule, holding its documentation (the `//!`
//! comment `pitag explain` prints), its check and its tests, and one
//! registry line per rule below that names it, gives its code and default
//! severity, and records the pass it runs in.
//!
//! The passes ([`pass`]) call the rule files: the model pass reads the
//! replayed [`Schema`] and the classifier's verdicts (`audit`, `diff`,
//! `sample`); the drift pass reads one pair of matched objects, or one object
//! found on one side only, of the migrations and a live catalog (`drift`); the
//! diff pass reads the migration files a branch changed (`diff`); the
//! suppression pass reads inline ignores, `[[allow]]` entries and baselines
//! (every auditing command). Matching objects, reading the git base and
//! parsing suppressions stay with `drift`, `diff` and `suppress`.
//!
//! This module is the registry and the context rules read; it does not know
//! [`Finding`](crate::finding::Finding): findings store a [`Rule`], so the
//! dependency runs one way, `finding` -> `rules`.
//!
//! ## Adding a rule
//! 1. Create `src/rules/<name>.rs`. Its `//!` comment is the documentation
//!    (first paragraph: the summary `pitag rules` shows; then `## Why`,
//!    `## Example`, `## Fix`). It exposes the check of its pass: for the
//!    model pass `pub fn check(ctx: &Context, out: &mut Vec<Finding>)`, for
//!    the drift pass `pub fn check(pair: &Pairing, roots: &[String], out:
//!    &mut Vec<Finding>)`, for the diff pass `pub fn check(change:
//!    &FileChange, reference: &str, out: &mut Vec<Finding>)`.
//! 2. Add one line to `rules_list!` below: `MyRule = 18, my_rule, Warning,
//!    Pass::Model;` (variant, code `PT018`, file, default severity, pass).
//!    The model, drift and diff passes call every rule of their pass from
//!    this list; nothing else needs wiring. (The suppression pass has two
//!    rules with their own signatures; a third would be called from
//!    `suppress::apply`.)
//! 3. In the rule file, add `#[cfg(test)] mod tests` holding
//!    `test_support::rule_tests!` with a firing and a clean input: the
//!    helpers (`model`, `drift`, `audit`) replay SQL text through the real
//!    pipeline, run the rule and render its findings; `fires` snapshots them
//!    with insta, `clean` expects none. Run `INSTA_UPDATE=always cargo test
//!    --lib rules::<name>` once, review the new `.snap` in
//!    `src/rules/snapshots/`, commit it.
//! 4. Add a fixture scenario that fires it under `fixtures/<dialect>/`
//!    (listed in `fixtures/README.md`), with a test in `tests/fixtures.rs`
//!    that asserts the finding and snapshots the report the same way
//!    (`cargo test --test fixtures`).

use crate::classify::{Classification, Confidence};
use crate::model::{Schema, TableKey};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The pass a rule runs in: what it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pass {
    /// The replayed model and the classifier's verdicts.
    Model,
    /// The migrations compared with a live catalog.
    Drift,
    /// The migration files a branch changed.
    Diff,
    /// Inline ignores, `[[allow]]` entries and baselines.
    Suppression,
}

impl Pass {
    /// Lower-case name, for the rule reference (`pitag docs rules`).
    pub fn as_str(self) -> &'static str {
        match self {
            Pass::Model => "model",
            Pass::Drift => "drift",
            Pass::Diff => "diff",
            Pass::Suppression => "suppression",
        }
    }
}

/// Calls `$callback!` with the registry: one line per rule. The passes
/// (`pass.rs`) read it too, to call every rule of their pass.
macro_rules! rules_list {
    ($callback:ident) => {
        $callback! {
            MissingColumnTag = 1, missing_column_tag, Error, Pass::Model;
            MissingTableTag = 2, missing_table_tag, Error, Pass::Model;
            LostTag = 3, lost_tag, Error, Pass::Model;
            LateTag = 4, late_tag, Warning, Pass::Model;
            MalformedTag = 5, malformed_tag, Warning, Pass::Model;
            MisplacedTag = 6, misplaced_tag, Warning, Pass::Model;
            UnparsedStatement = 7, unparsed_statement, Error, Pass::Model;
            UnknownTable = 8, unknown_table, Warning, Pass::Model;
            Drift = 9, drift, Error, Pass::Drift;
            UnusedSuppression = 10, unused_suppression, Warning, Pass::Suppression;
            InvalidSuppression = 11, invalid_suppression, Error, Pass::Suppression;
            EditedMigration = 12, edited_migration, Warning, Pass::Diff;
            SchemaDrift = 13, schema_drift, Warning, Pass::Drift;
            DynamicDdl = 14, dynamic_ddl, Error, Pass::Model;
            RejectedStatement = 15, rejected_statement, Warning, Pass::Model;
            VersionDependentDdl = 16, version_dependent_ddl, Warning, Pass::Model;
            UnresolvedPlaceholder = 17, unresolved_placeholder, Error, Pass::Model;
        }
    };
}

macro_rules! registry {
    ($($variant:ident = $code:literal, $module:ident, $severity:ident, Pass::$pass:ident;)*) => {
        $(pub mod $module;)*

        /// Every rule pitag knows. Names (`missing-column-tag`) are derived from
        /// the variant names and codes (`PT001`) from the discriminants.
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            strum::EnumIter, strum::IntoStaticStr, strum::EnumString, strum::Display,
        )]
        #[strum(serialize_all = "kebab-case")]
        #[repr(u16)]
        pub enum Rule {
            $($variant = $code,)*
        }

        impl Rule {
            pub fn default_severity(self) -> Severity {
                match self {
                    $(Rule::$variant => Severity::$severity,)*
                }
            }

            /// The pass that runs the rule.
            pub fn pass(self) -> Pass {
                match self {
                    $(Rule::$variant => Pass::$pass,)*
                }
            }

            /// The rule's source file; its `//!` lines are the documentation.
            fn source(self) -> &'static str {
                match self {
                    $(Rule::$variant => include_str!(concat!(stringify!($module), ".rs")),)*
                }
            }
        }
    };
}

rules_list!(registry);

pub mod pass;
mod shared;
#[cfg(test)]
mod test_support;

impl Rule {
    pub fn all() -> impl Iterator<Item = Rule> {
        <Rule as strum::IntoEnumIterator>::iter()
    }

    pub fn name(self) -> &'static str {
        self.into()
    }

    /// `PT001` … derived from the discriminant.
    pub fn code(self) -> String {
        format!("PT{:03}", self as u16)
    }

    /// Accepts a name (`lost-tag`) or a code (`PT003`, any case).
    pub fn lookup(s: &str) -> Option<Rule> {
        let s = s.trim();
        if let Ok(rule) = s.parse::<Rule>() {
            return Some(rule);
        }
        Rule::all().find(|r| r.code().eq_ignore_ascii_case(s))
    }

    /// The rule's documentation: the `//!` doc comment of its file.
    pub fn doc(self) -> String {
        let mut doc = String::new();
        for line in self.source().lines() {
            let Some(rest) = line.strip_prefix("//!") else {
                if line.trim().is_empty() {
                    continue;
                }
                break;
            };
            doc.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            doc.push('\n');
        }
        doc
    }

    /// The first paragraph of the doc, on one line.
    pub fn summary(self) -> String {
        let doc = self.doc();
        let first = doc.split("\n\n").next().unwrap_or("");
        first.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// Per table, the classification of each column (same order as `Table::columns`).
pub type Classifications = BTreeMap<TableKey, Vec<Option<Classification>>>;

/// What a rule may read: the model, the classifier's verdicts and settings.
pub struct Context<'a> {
    pub schema: &'a Schema,
    pub classes: &'a Classifications,
    pub min_confidence: Confidence,
}

impl<'a> Context<'a> {
    /// The classification of a column when it is confident enough to act on.
    pub fn classified(&self, key: &TableKey, column: usize) -> Option<&'a Classification> {
        self.table_classes(key)(column)
    }

    /// [`Context::classified`] for the columns of one table, the table looked
    /// up once (per column, the lookups were a tenth of an audit of 500,000
    /// columns).
    pub fn table_classes(&self, key: &TableKey) -> impl Fn(usize) -> Option<&'a Classification> {
        let columns = self.classes.get(key).map_or(&[][..], Vec::as_slice);
        let min = self.min_confidence;
        move |column| {
            columns
                .get(column)
                .and_then(Option::as_ref)
                .filter(|c| c.confidence >= min)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_are_derived() {
        assert_eq!(Rule::MissingColumnTag.name(), "missing-column-tag");
        assert_eq!(Rule::MissingColumnTag.code(), "PT001");
        assert_eq!(Rule::EditedMigration.code(), "PT012");
        assert_eq!(Rule::lookup("pt003"), Some(Rule::LostTag));
        assert_eq!(Rule::lookup("lost-tag"), Some(Rule::LostTag));
        assert_eq!(Rule::lookup("lost_tag"), None);
    }

    #[test]
    fn the_registry_records_the_pass() {
        assert_eq!(Rule::LostTag.pass(), Pass::Model);
        assert_eq!(Rule::Drift.pass(), Pass::Drift);
        assert_eq!(Rule::SchemaDrift.pass(), Pass::Drift);
        assert_eq!(Rule::EditedMigration.pass(), Pass::Diff);
        assert_eq!(Rule::UnusedSuppression.pass(), Pass::Suppression);
    }

    #[test]
    fn every_rule_has_documentation() {
        for rule in Rule::all() {
            let doc = rule.doc();
            assert!(doc.len() > 80, "{rule} has too little documentation");
            assert!(!rule.summary().is_empty());
        }
    }
}

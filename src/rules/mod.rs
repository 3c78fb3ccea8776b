//! The rule registry: one enum for every rule's name, code and default
//! severity, and one file per rule whose `//!` doc comment is what
//! `pitag explain` prints.

use crate::classify::{Classification, Confidence};
use crate::finding::{Finding, Severity};
use crate::model::{Schema, TableKey, TagEvent};
use crate::tags::{Tag, TagSet};
use std::collections::BTreeMap;

macro_rules! registry {
    ($($variant:ident = $code:literal, $module:ident, $severity:ident;)*) => {
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

            /// The rule's source file; its `//!` lines are the documentation.
            fn source(self) -> &'static str {
                match self {
                    $(Rule::$variant => include_str!(concat!(stringify!($module), ".rs")),)*
                }
            }
        }
    };
}

registry! {
    MissingColumnTag = 1, missing_column_tag, Error;
    MissingTableTag = 2, missing_table_tag, Error;
    LostTag = 3, lost_tag, Error;
    LateTag = 4, late_tag, Warning;
    MalformedTag = 5, malformed_tag, Warning;
    MisplacedTag = 6, misplaced_tag, Warning;
    UnparsedStatement = 7, unparsed_statement, Error;
    UnknownTable = 8, unknown_table, Warning;
    Drift = 9, drift, Error;
    UnusedSuppression = 10, unused_suppression, Warning;
    InvalidSuppression = 11, invalid_suppression, Error;
    EditedMigration = 12, edited_migration, Warning;
    SchemaDrift = 13, schema_drift, Warning;
    DynamicDdl = 14, dynamic_ddl, Error;
    RejectedStatement = 15, rejected_statement, Warning;
    VersionDependentDdl = 16, version_dependent_ddl, Warning;
    UnresolvedPlaceholder = 17, unresolved_placeholder, Error;
}

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

impl Context<'_> {
    /// The classification of a column when it is confident enough to act on.
    pub fn classified(&self, key: &TableKey, column: usize) -> Option<&Classification> {
        self.classes
            .get(key)
            .and_then(|v| v.get(column))
            .and_then(Option::as_ref)
            .filter(|c| c.confidence >= self.min_confidence)
    }
}

/// Run every rule that reads the replayed model.
pub fn check_model(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    missing_column_tag::check(ctx, &mut out);
    missing_table_tag::check(ctx, &mut out);
    lost_tag::check(ctx, &mut out);
    late_tag::check(ctx, &mut out);
    malformed_tag::check(ctx, &mut out);
    misplaced_tag::check(ctx, &mut out);
    unparsed_statement::check(ctx, &mut out);
    unknown_table::check(ctx, &mut out);
    dynamic_ddl::check(ctx, &mut out);
    rejected_statement::check(ctx, &mut out);
    version_dependent_ddl::check(ctx, &mut out);
    unresolved_placeholder::check(ctx, &mut out);
    out
}

/// One finding per replay notice of `kind`, at the statement.
pub(crate) fn notices(
    ctx: &Context,
    kind: crate::model::NoticeKind,
    rule: Rule,
    out: &mut Vec<Finding>,
) {
    for n in ctx.schema.notices.iter().filter(|n| n.kind == kind) {
        out.push(
            Finding::new(
                rule,
                n.schema.as_deref(),
                n.table.as_deref().unwrap_or(""),
                None,
                n.message.clone(),
            )
            .at(Some(&n.origin)),
        );
    }
}

/// Tags that the history shows were removed at some point, by tag, with the
/// event that removed them last.
pub(crate) fn last_removals(history: &[TagEvent]) -> Vec<(Tag, usize)> {
    Tag::ALL
        .into_iter()
        .filter_map(|tag| {
            history
                .iter()
                .rposition(|e| e.before.contains(tag) && !e.after.contains(tag))
                .map(|i| (tag, i))
        })
        .collect()
}

/// Tags that were at some point removed and are absent now.
pub(crate) fn lost_now(history: &[TagEvent], now: TagSet) -> TagSet {
    let mut lost = TagSet::EMPTY;
    for (tag, _) in last_removals(history) {
        if !now.contains(tag) {
            lost.insert(tag);
        }
    }
    lost
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
    fn every_rule_has_documentation() {
        for rule in Rule::all() {
            let doc = rule.doc();
            assert!(doc.len() > 80, "{rule} has too little documentation");
            assert!(!rule.summary().is_empty());
        }
    }
}

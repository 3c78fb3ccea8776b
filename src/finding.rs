//! Findings: what rules report and reporters write. A finding stores the
//! [`Rule`] that made it, so this module depends on the registry
//! (`rules/mod.rs`) and not the other way round: the registry does not know
//! findings, the rule files and passes build them.

use crate::classify::{Category, Confidence};
use crate::model::Origin;
use crate::rules::Rule;
use crate::tags::Tag;
use serde::Deserialize;
use std::str::FromStr;
use thiserror::Error;

/// Severities belong to the registry (each rule's default); findings and
/// reporters name them from here.
pub use crate::rules::Severity;

/// `--fail-on`: the lowest severity that makes the exit code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    #[default]
    Error,
    Warning,
    Never,
}

impl FailOn {
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Never => false,
            FailOn::Warning => true,
            FailOn::Error => severity == Severity::Error,
        }
    }
}

/// A `--fail-on` value that is none of the three.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown --fail-on value `{0}` (expected error, warning or never)")]
pub struct UnknownFailOn(pub String);

impl FromStr for FailOn {
    type Err = UnknownFailOn;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "error" => Ok(FailOn::Error),
            "warning" => Ok(FailOn::Warning),
            "never" => Ok(FailOn::Never),
            other => Err(UnknownFailOn(other.to_string())),
        }
    }
}

/// Where a finding points: a file and line, or a live database.
pub type Location = Origin;

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    pub schema: Option<String>,
    pub table: String,
    pub column: Option<String>,
    pub expected_tags: Vec<Tag>,
    pub category: Option<Category>,
    pub confidence: Option<Confidence>,
    pub message: String,
    pub location: Option<Location>,
}

impl Finding {
    /// A finding with the rule's default severity; the audit applies overrides.
    pub fn new(
        rule: Rule,
        schema: Option<&str>,
        table: &str,
        column: Option<&str>,
        message: String,
    ) -> Finding {
        Finding {
            rule,
            severity: rule.default_severity(),
            schema: schema.map(str::to_string),
            table: table.to_string(),
            column: column.map(str::to_string),
            expected_tags: Vec::new(),
            category: None,
            confidence: None,
            message,
            location: None,
        }
    }

    pub fn at(mut self, location: Option<&Origin>) -> Finding {
        self.location = location.cloned();
        self
    }

    pub fn expecting(mut self, tags: impl IntoIterator<Item = Tag>) -> Finding {
        self.expected_tags = tags.into_iter().collect();
        self
    }

    /// The key that identifies what a finding is about, independent of line
    /// numbers: used by baselines, fingerprints and `diff`.
    pub fn object_key(&self) -> String {
        format!(
            "{}:{}.{}.{}",
            self.rule,
            self.schema.as_deref().unwrap_or(""),
            self.table,
            self.column.as_deref().unwrap_or("")
        )
    }

    /// `schema.table.column` for display.
    pub fn object(&self) -> String {
        let mut s = String::new();
        if let Some(schema) = &self.schema {
            s.push_str(schema);
            s.push('.');
        }
        s.push_str(&self.table);
        if let Some(c) = &self.column {
            s.push('.');
            s.push_str(c);
        }
        s
    }

    /// The contract's order: schema, table, column, rule (then location, message for stability).
    pub fn sort(findings: &mut [Finding]) {
        findings.sort_by(|a, b| {
            (
                &a.schema,
                &a.table,
                &a.column,
                a.rule,
                &a.location,
                &a.message,
            )
                .cmp(&(
                    &b.schema,
                    &b.table,
                    &b.column,
                    b.rule,
                    &b.location,
                    &b.message,
                ))
        });
    }
}

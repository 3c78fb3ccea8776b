//! Reporters: each one a pure function of the findings (plus what was
//! audited), writing to any `io::Write`. Nothing but the report goes to the
//! writer; logs and progress go to stderr elsewhere.

pub mod classify;
pub mod fleet;
pub mod github;
pub mod gitlab;
pub mod group;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod merge;
pub mod pi_inventory;
pub mod sarif;
pub mod table;

use crate::dialect::Dialect;
use crate::finding::{Finding, Severity};
use serde::Serialize;
use std::io::{self, Write};

/// Output formats of the contract.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    strum::EnumIter,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::Display,
)]
#[strum(serialize_all = "lowercase")]
pub enum Format {
    Table,
    Json,
    Sarif,
    Github,
    Gitlab,
    Junit,
    Markdown,
}

/// What was audited.
#[derive(Debug, Clone, Serialize)]
pub struct SourceInfo {
    /// `migrations`, `database`, `diff`, `drift`.
    pub kind: String,
    pub dialect: Dialect,
    /// Paths as given (migrations), or database URLs without password (live).
    pub paths: Vec<String>,
    /// The databases a `database` report could not read: always there
    /// (maybe empty) for that kind, so a merge of shards sees a failed one;
    /// `None` for the other kinds, whose JSON stays as it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed: Option<Vec<FailedDatabase>>,
}

/// A database of a fleet that could not be audited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FailedDatabase {
    /// Its URL without password, as `paths` would have listed it.
    pub database: String,
    /// Why, as the run said it on stderr (built from the redacted URL).
    pub error: String,
    /// Its inventory name (the redacted URL for `--url`).
    pub name: String,
}

/// One audited table, for formats that report per table (JUnit) or count them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AuditedTable {
    pub schema: Option<String>,
    pub name: String,
    pub columns: usize,
    /// [`crate::model::Table::signature`]: the table and markdown formats
    /// show identical tables of several schemas once. `None` where the
    /// columns are unknown (merged reports, drift) or with `--no-group`.
    pub signature: Option<u64>,
}

/// Everything a reporter may read.
#[derive(Debug, Clone)]
pub struct Report {
    pub source: SourceInfo,
    /// Audited tables in schema/name order.
    pub tables: Vec<AuditedTable>,
    /// Findings in the contract's order (schema, table, column, rule).
    pub findings: Vec<Finding>,
}

impl Report {
    pub fn columns(&self) -> usize {
        self.tables.iter().map(|t| t.columns).sum()
    }
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Rendering options that do not change the content.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// ANSI colour (table format only; never when NO_COLOR is set or not a TTY).
    pub color: bool,
}

/// Write `report` in `format`.
pub fn write(format: Format, report: &Report, style: Style, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Table => table::write(report, style, out),
        Format::Json => json::write(report, out),
        Format::Sarif => sarif::write(report, out),
        Format::Github => github::write(report, out),
        Format::Gitlab => gitlab::write(report, out),
        Format::Junit => junit::write(report, out),
        Format::Markdown => markdown::write(report, out),
    }
}

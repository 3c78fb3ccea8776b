//! Reporters: each one a pure function of the findings (plus what was
//! audited), writing to any `io::Write`. Nothing but the report goes to the
//! writer; logs and progress go to stderr elsewhere.

pub mod classify;
pub mod fleet;
pub mod github;
pub mod gitlab;
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
}

/// One audited table, for formats that report per table (JUnit) or count them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AuditedTable {
    pub schema: Option<String>,
    pub name: String,
    pub columns: usize,
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

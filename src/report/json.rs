//! `--format json`: the contract's JSON document, one per run.

use super::Report;
use crate::finding::{Finding, Severity};
use crate::model::Origin;
use serde::Serialize;
use serde_json::Value;
use std::io::{self, Write};

pub const FORMAT_VERSION: u32 = 1;

// Fields are declared in alphabetical order: the document has always been
// written with sorted keys, and streaming it (no intermediate `Value` tree)
// keeps memory flat on reports with tens of thousands of findings.

/// One finding as the contract's JSON object.
#[derive(Serialize)]
pub struct JsonFinding<'a> {
    category: Option<&'static str>,
    code: String,
    column: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    database: Option<&'a str>,
    expected_tags: Vec<&'static str>,
    location: Option<JsonLocation<'a>>,
    message: &'a str,
    rule: &'static str,
    schema: &'a Option<String>,
    severity: &'static str,
    table: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonLocation<'a> {
    file: &'a str,
    line: u32,
}

impl<'a> JsonFinding<'a> {
    pub fn new(f: &'a Finding) -> JsonFinding<'a> {
        let (location, database) = match &f.location {
            Some(Origin::File { file, line }) => (Some(JsonLocation { file, line: *line }), None),
            Some(Origin::Database { database }) => (None, Some(database.as_str())),
            None => (None, None),
        };
        JsonFinding {
            category: f.category.map(|c| c.as_str()),
            code: f.rule.code(),
            column: &f.column,
            confidence: f.confidence.map(|c| c.as_str()),
            database,
            expected_tags: f.expected_tags.iter().map(|t| t.as_str()).collect(),
            location,
            message: &f.message,
            rule: f.rule.name(),
            schema: &f.schema,
            severity: f.severity.as_str(),
            table: (!f.table.is_empty()).then_some(f.table.as_str()),
        }
    }
}

#[derive(Serialize)]
struct Summary {
    columns: usize,
    errors: usize,
    findings: usize,
    tables: usize,
    warnings: usize,
}

/// `tool` in every JSON document pitag writes.
#[derive(Serialize)]
pub(crate) struct Tool {
    name: &'static str,
    version: &'static str,
}

impl Tool {
    pub(crate) const PITAG: Tool = Tool {
        name: "pitag",
        version: env!("CARGO_PKG_VERSION"),
    };
}

#[derive(Serialize)]
struct Document<'a> {
    findings: Vec<JsonFinding<'a>>,
    /// Through `Value` so its keys come out sorted like the rest.
    source: Value,
    summary: Summary,
    tool: Tool,
    version: u32,
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let doc = Document {
        findings: report.findings.iter().map(JsonFinding::new).collect(),
        source: serde_json::to_value(&report.source)?,
        summary: Summary {
            columns: report.columns(),
            errors: report.count(Severity::Error),
            findings: report.findings.len(),
            tables: report.tables.len(),
            warnings: report.count(Severity::Warning),
        },
        tool: Tool::PITAG,
        version: FORMAT_VERSION,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}

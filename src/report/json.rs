//! `--format json`: the contract's JSON document, one per run.

use super::Report;
use crate::finding::{Finding, Severity};
use crate::model::Origin;
use serde_json::{json, Map, Value};
use std::io::{self, Write};

pub const FORMAT_VERSION: u32 = 1;

/// One finding as the contract's JSON object.
pub fn finding_value(f: &Finding) -> Value {
    let mut obj = Map::new();
    obj.insert("rule".into(), json!(f.rule.name()));
    obj.insert("code".into(), json!(f.rule.code()));
    obj.insert("severity".into(), json!(f.severity.as_str()));
    obj.insert("schema".into(), json!(f.schema));
    obj.insert(
        "table".into(),
        if f.table.is_empty() {
            Value::Null
        } else {
            json!(f.table)
        },
    );
    obj.insert("column".into(), json!(f.column));
    obj.insert(
        "expected_tags".into(),
        json!(f
            .expected_tags
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()),
    );
    obj.insert("category".into(), json!(f.category.map(|c| c.as_str())));
    if let Some(c) = f.confidence {
        obj.insert("confidence".into(), json!(c.as_str()));
    }
    obj.insert("message".into(), json!(f.message));
    match &f.location {
        Some(Origin::File { file, line }) => {
            obj.insert("location".into(), json!({"file": file, "line": line}));
        }
        Some(Origin::Database { database }) => {
            obj.insert("location".into(), Value::Null);
            obj.insert("database".into(), json!(database));
        }
        None => {
            obj.insert("location".into(), Value::Null);
        }
    }
    Value::Object(obj)
}

/// The whole document.
pub fn document(report: &Report) -> Value {
    json!({
        "version": FORMAT_VERSION,
        "tool": {"name": "pitag", "version": env!("CARGO_PKG_VERSION")},
        "source": report.source,
        "summary": {
            "tables": report.tables.len(),
            "columns": report.columns(),
            "findings": report.findings.len(),
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
        },
        "findings": report.findings.iter().map(finding_value).collect::<Vec<_>>(),
    })
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &document(report))?;
    out.write_all(b"\n")
}

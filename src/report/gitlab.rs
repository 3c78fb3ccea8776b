//! `--format gitlab`: a GitLab Code Quality report (a JSON array of
//! Code Climate issues) for `artifacts:reports:codequality`.
//!
//! - `check_name` is the rule name, `description` the object and message.
//! - `fingerprint` is the same stable hash as SARIF's `partialFingerprints`
//!   (rule + object, numbered when several findings share one), so GitLab can
//!   tell new findings from old ones across merge requests.
//! - `severity`: error → `major`, warning → `minor`.
//! - GitLab requires a path: live-database findings use the path `database`
//!   with line 1 (the URL is in the description); findings with no location
//!   at all use `.`.

use super::sarif::fingerprints;
use super::Report;
use crate::finding::{Finding, Severity};
use crate::model::Origin;
use serde_json::{json, Value};
use std::io::{self, Write};

fn issue(f: &Finding, fingerprint: &str) -> Value {
    let severity = match f.severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
    };
    let (path, line, database) = match &f.location {
        Some(Origin::File { file, line }) => (file.as_str(), (*line).max(1), None),
        Some(Origin::Database { database }) => ("database", 1, Some(database.as_str())),
        None => (".", 1, None),
    };
    let mut description = String::new();
    if !f.table.is_empty() {
        description.push_str(&f.object());
        if let Some(db) = database {
            description.push_str(&format!(" in {db}"));
        }
        description.push_str(": ");
    } else if let Some(db) = database {
        description.push_str(&format!("{db}: "));
    }
    description.push_str(&f.message);
    json!({
        "description": description,
        "check_name": f.rule.name(),
        "fingerprint": fingerprint,
        "severity": severity,
        "location": {"path": path, "lines": {"begin": line}},
    })
}

pub fn document(report: &Report) -> Value {
    let fps = fingerprints(&report.findings);
    Value::Array(
        report
            .findings
            .iter()
            .zip(&fps)
            .map(|(f, fp)| issue(f, fp))
            .collect(),
    )
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &document(report))?;
    out.write_all(b"\n")
}

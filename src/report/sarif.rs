//! `--format sarif`: a SARIF 2.1.0 log that GitHub code scanning (and any
//! other SARIF consumer) accepts.
//!
//! - One run; `tool.driver.rules` lists every rule pitag knows (not only the
//!   ones that fired), with `id` = code (`PT001`), `name` = the PascalCase
//!   form of the rule name, the summary, the full `pitag explain` text as
//!   `help`, the default level and `properties.tags`.
//! - File findings carry a physical location (`artifactLocation.uri` = the
//!   path as reported, `region.startLine`) and, when they are about a table
//!   or column, a logical location (`schema.table.column`).
//! - Live-database findings have no file to point at: they carry a logical
//!   location only (`fullyQualifiedName` = `database.schema.table.column`,
//!   `kind` = `column` or `table`) and the redacted URL in
//!   `properties.database`. GitHub code scanning only shows results with a
//!   physical location, so upload database audits to other SARIF viewers or
//!   use another format for them.
//! - `partialFingerprints["pitag/v1"]` is an FNV-1a hash of what the finding
//!   is about (rule and object, not its line), so results keep their identity
//!   across commits.

use super::Report;
use crate::finding::{Finding, Severity};
use crate::model::Origin;
use crate::rules::Rule;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::io::{self, Write};

/// The `$schema` written into the log.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key of pitag's entry in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "pitag/v1";

/// 64-bit FNV-1a: a tiny, stable hash (std's hasher is randomized per process).
pub fn fnv1a64(data: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in data.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// One stable fingerprint per finding, in the findings' order: the hash of
/// the finding's object key (rule + schema.table.column; for findings that
/// name no table, also the file, since they are about a statement there).
/// Findings that share that identity are numbered in order, so fingerprints
/// are unique within a report and still independent of line numbers.
pub fn fingerprints(findings: &[Finding]) -> Vec<String> {
    let mut seen: HashMap<String, u32> = HashMap::new();
    findings
        .iter()
        .map(|f| {
            let mut key = f.object_key();
            if f.table.is_empty() {
                if let Some(Origin::File { file, .. }) = &f.location {
                    key.push('@');
                    key.push_str(file);
                }
            }
            let n = seen.entry(key.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                key.push_str(&format!("#{n}"));
            }
            format!("{:016x}", fnv1a64(&key))
        })
        .collect()
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// `missing-column-tag` -> `MissingColumnTag`.
pub fn pascal_name(rule: Rule) -> String {
    rule.name()
        .split('-')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn rule_descriptor(rule: Rule) -> Value {
    let doc = rule.doc();
    let doc = doc.trim_end();
    json!({
        "id": rule.code(),
        "name": pascal_name(rule),
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": doc},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": level(rule.default_severity())},
        "properties": {"tags": ["privacy", rule.name()]},
    })
}

/// A file path as a SARIF URI reference: `\` becomes `/`, a leading `./` is
/// dropped, and anything a URI reference cannot hold is percent-encoded.
pub fn uri_reference(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut rest = path.as_str();
    while let Some(r) = rest.strip_prefix("./") {
        rest = r;
    }
    let mut out = String::with_capacity(rest.len());
    for b in rest.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b'@' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The database name of a (redacted) URL: the last path segment, without a
/// query; the whole URL when there is none.
fn database_name(url: &str) -> &str {
    let no_query = url.split(['?', '#']).next().unwrap_or(url);
    let after_scheme = no_query.split_once("://").map_or(no_query, |(_, r)| r);
    match after_scheme.split_once('/') {
        Some((_, path)) if !path.is_empty() => path.rsplit('/').next().unwrap_or(path),
        _ => url,
    }
}

fn logical_location(f: &Finding, database: Option<&str>) -> Option<Value> {
    if f.table.is_empty() {
        return None;
    }
    let object = f.object();
    let fqn = match database {
        Some(db) => format!("{}.{object}", database_name(db)),
        None => object,
    };
    let name = f.column.as_deref().unwrap_or(&f.table);
    let kind = if f.column.is_some() {
        "column"
    } else {
        "table"
    };
    Some(json!({"name": name, "fullyQualifiedName": fqn, "kind": kind}))
}

fn result(f: &Finding, fingerprint: &str) -> Value {
    let rule_index = Rule::all().position(|r| r == f.rule).unwrap_or(0);
    let mut obj = Map::new();
    obj.insert("ruleId".into(), json!(f.rule.code()));
    obj.insert("ruleIndex".into(), json!(rule_index));
    obj.insert("level".into(), json!(level(f.severity)));
    obj.insert("message".into(), json!({"text": f.message}));

    let mut location = Map::new();
    let mut properties = Map::new();
    let database = match &f.location {
        Some(Origin::File { file, line }) => {
            let mut physical = Map::new();
            physical.insert(
                "artifactLocation".into(),
                json!({"uri": uri_reference(file)}),
            );
            if *line >= 1 {
                physical.insert("region".into(), json!({"startLine": line}));
            }
            location.insert("physicalLocation".into(), Value::Object(physical));
            None
        }
        Some(Origin::Database { database }) => {
            properties.insert("database".into(), json!(database));
            Some(database.as_str())
        }
        None => None,
    };
    if let Some(logical) = logical_location(f, database) {
        location.insert("logicalLocations".into(), json!([logical]));
    }
    if !location.is_empty() {
        obj.insert("locations".into(), json!([Value::Object(location)]));
    }
    obj.insert(
        "partialFingerprints".into(),
        json!({FINGERPRINT_KEY: fingerprint}),
    );

    properties.insert("rule".into(), json!(f.rule.name()));
    if !f.expected_tags.is_empty() {
        properties.insert(
            "expectedTags".into(),
            json!(f
                .expected_tags
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()),
        );
    }
    if let Some(c) = f.category {
        properties.insert("category".into(), json!(c.as_str()));
    }
    if let Some(c) = f.confidence {
        properties.insert("confidence".into(), json!(c.as_str()));
    }
    obj.insert("properties".into(), Value::Object(properties));
    Value::Object(obj)
}

/// The whole SARIF log.
pub fn document(report: &Report) -> Value {
    let fingerprints = fingerprints(&report.findings);
    let results: Vec<Value> = report
        .findings
        .iter()
        .zip(&fingerprints)
        .map(|(f, fp)| result(f, fp))
        .collect();
    let mut run = json!({
        "tool": {
            "driver": {
                "name": "pitag",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": Rule::all().map(rule_descriptor).collect::<Vec<_>>(),
            }
        },
        "results": results,
        "properties": {
            "source": report.source,
            "tables": report.tables.len(),
            "columns": report.columns(),
        },
    });
    // Databases a fleet could not read: the run did not complete. Only then,
    // so every other log stays as it was.
    let failed = report.source.failed.as_deref().unwrap_or_default();
    if !failed.is_empty() {
        let notifications: Vec<Value> = failed
            .iter()
            .map(|f| {
                json!({
                    "level": "error",
                    "message": { "text": format!("{} could not be audited: {}", f.name, f.error) },
                })
            })
            .collect();
        run["invocations"] = json!([{
            "executionSuccessful": false,
            "toolExecutionNotifications": notifications,
        }]);
    }
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [run],
    })
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &document(report))?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_reference_values() {
        assert_eq!(fnv1a64(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn pascal_names() {
        assert_eq!(pascal_name(Rule::MissingColumnTag), "MissingColumnTag");
        assert_eq!(pascal_name(Rule::Drift), "Drift");
    }

    #[test]
    fn uri_references() {
        assert_eq!(
            uri_reference("./migrations/0001 init.sql"),
            "migrations/0001%20init.sql"
        );
        assert_eq!(uri_reference("db\\m.sql"), "db/m.sql");
        assert_eq!(uri_reference("a:b/%x#.sql"), "a%3Ab/%25x%23.sql");
    }

    #[test]
    fn database_names() {
        assert_eq!(
            database_name("postgres://u@h:5432/shop?sslmode=require"),
            "shop"
        );
        assert_eq!(database_name("mysql://u@h/"), "mysql://u@h/");
        assert_eq!(database_name("postgres://u@h"), "postgres://u@h");
    }
}

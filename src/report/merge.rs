//! `pitag merge`: JSON audit reports (shards, regions) read back into the
//! report model and merged into one.

use super::{AuditedTable, FailedDatabase, Report, SourceInfo};
use crate::classify::{Category, Confidence};
use crate::dialect::Dialect;
pub use crate::error::MergeError;
use crate::finding::{Finding, Severity};
use crate::model::Origin;
use crate::rules::Rule;
use crate::tags::Tag;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Doc {
    findings: Vec<DocFinding>,
    source: DocSource,
    summary: DocSummary,
    #[allow(dead_code)]
    tool: serde_json::Value,
    version: u32,
}

/// The `source` of a JSON report or inventory.
#[derive(Deserialize)]
pub(crate) struct DocSource {
    kind: String,
    dialect: String,
    paths: Vec<String>,
    /// Absent in the other kinds, and in `database` reports of pitag
    /// before it recorded failures.
    #[serde(default)]
    failed: Option<Vec<FailedDatabase>>,
}

impl DocSource {
    /// The source as the reports hold it; an unknown dialect is a shape error.
    pub(crate) fn into_source(self, path: &Path) -> Result<SourceInfo, MergeError> {
        let dialect = Dialect::from_str(&self.dialect).map_err(|e| shape(path, e.to_string()))?;
        Ok(SourceInfo {
            kind: self.kind,
            dialect,
            paths: self.paths,
            failed: self.failed,
        })
    }
}

#[derive(Deserialize)]
struct DocSummary {
    columns: usize,
    tables: usize,
}

#[derive(Deserialize)]
struct DocFinding {
    category: Option<String>,
    column: Option<String>,
    confidence: Option<String>,
    database: Option<String>,
    expected_tags: Vec<String>,
    location: Option<DocLocation>,
    message: String,
    rule: String,
    schema: Option<String>,
    severity: Severity,
    table: Option<String>,
}

#[derive(Deserialize)]
struct DocLocation {
    file: String,
    line: u32,
}

/// One parsed report, with the file it came from.
#[derive(Debug, Clone)]
pub struct Part {
    pub path: PathBuf,
    pub source: SourceInfo,
    pub tables: usize,
    pub columns: usize,
    pub findings: Vec<Finding>,
}

pub(crate) fn shape(path: &Path, why: impl Into<String>) -> MergeError {
    MergeError::Shape {
        path: path.to_path_buf(),
        why: why.into(),
    }
}

/// A JSON document of `path`: its syntax first (an error names the line),
/// then its shape.
pub(crate) fn parse_doc<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, MergeError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| MergeError::Syntax {
        path: path.to_path_buf(),
        line: e.line(),
        message: e.to_string(),
    })?;
    serde_json::from_value(value).map_err(|e| shape(path, e.to_string()))
}

/// The text of a file given to `pitag merge`.
pub(crate) fn read_text(path: &Path) -> Result<String, MergeError> {
    std::fs::read_to_string(path).map_err(|source| MergeError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// What merging reports and merging inventories share: the parts' sources
/// of one kind (the first part's kind and dialect), each database (or path)
/// in one part only, paths and failed databases concatenated.
pub(crate) struct Sources {
    kind: String,
    dialect: Dialect,
    /// Names the parts' kind in errors: (`report`, `reports`).
    nouns: (&'static str, &'static str),
    seen: BTreeMap<String, PathBuf>,
    paths: Vec<String>,
    failed: Option<Vec<FailedDatabase>>,
}

impl Sources {
    pub(crate) fn new(first: &SourceInfo, nouns: (&'static str, &'static str)) -> Sources {
        Sources {
            kind: first.kind.clone(),
            dialect: first.dialect,
            nouns,
            seen: BTreeMap::new(),
            paths: Vec::new(),
            // A database report always says what failed, even when nothing did.
            failed: (first.kind == "database").then(Vec::new),
        }
    }

    pub(crate) fn kind(&self) -> &str {
        &self.kind
    }

    /// Add the source of the part read from `path`; `names` are the
    /// databases (or paths) it covers, its failed databases included.
    pub(crate) fn add<'a>(
        &mut self,
        path: &Path,
        source: &SourceInfo,
        names: impl IntoIterator<Item = &'a String>,
    ) -> Result<(), MergeError> {
        if source.kind != self.kind {
            let (one, many) = self.nouns;
            return Err(shape(
                path,
                format!(
                    "a `{}` {one} cannot merge with `{}` {many}",
                    source.kind, self.kind
                ),
            ));
        }
        for name in names {
            if let Some(prev) = self.seen.get(name) {
                return Err(MergeError::Duplicate {
                    path: path.to_path_buf(),
                    first: prev.clone(),
                    what: name.clone(),
                });
            }
            self.seen.insert(name.clone(), path.to_path_buf());
        }
        self.paths.extend(source.paths.iter().cloned());
        if let Some(f) = &source.failed {
            self.failed
                .get_or_insert_with(Vec::new)
                .extend(f.iter().cloned());
        }
        Ok(())
    }

    pub(crate) fn finish(self) -> SourceInfo {
        SourceInfo {
            kind: self.kind,
            dialect: self.dialect,
            paths: self.paths,
            failed: self.failed,
        }
    }
}

/// Parse one report's text (the `--format json` document).
pub fn parse(path: &Path, text: &str) -> Result<Part, MergeError> {
    let doc: Doc = parse_doc(path, text)?;
    if doc.version != super::json::FORMAT_VERSION {
        return Err(shape(path, format!("format version {}", doc.version)));
    }
    let source = doc.source.into_source(path)?;
    let mut findings = Vec::with_capacity(doc.findings.len());
    for f in doc.findings {
        let rule = Rule::from_str(&f.rule)
            .map_err(|_| shape(path, format!("unknown rule `{}`", f.rule)))?;
        let mut expected_tags = Vec::new();
        for t in &f.expected_tags {
            let tag = Tag::ALL
                .into_iter()
                .find(|k| k.as_str() == t)
                .ok_or_else(|| shape(path, format!("unknown tag `{t}`")))?;
            expected_tags.push(tag);
        }
        let category = match &f.category {
            Some(c) => Some(
                Category::from_str(c)
                    .map_err(|_| shape(path, format!("unknown category `{c}`")))?,
            ),
            None => None,
        };
        let confidence = match &f.confidence {
            Some(c) => Some(
                Confidence::from_str(c)
                    .map_err(|_| shape(path, format!("unknown confidence `{c}`")))?,
            ),
            None => None,
        };
        let location = match (f.location, f.database) {
            (Some(l), _) => Some(Origin::File {
                file: l.file,
                line: l.line,
            }),
            (None, Some(database)) => Some(Origin::Database { database }),
            (None, None) => None,
        };
        findings.push(Finding {
            rule,
            severity: f.severity,
            schema: f.schema,
            table: f.table.unwrap_or_default(),
            column: f.column,
            expected_tags,
            category,
            confidence,
            message: f.message,
            location,
        });
    }
    Ok(Part {
        path: path.to_path_buf(),
        source,
        tables: doc.summary.tables,
        columns: doc.summary.columns,
        findings,
    })
}

/// Read and parse a report file.
pub fn read(path: &Path) -> Result<Part, MergeError> {
    parse(path, &read_text(path)?)
}

/// The databases the parts could not read, each with the report that says so.
pub fn failures(parts: &[Part]) -> Vec<(PathBuf, FailedDatabase)> {
    parts
        .iter()
        .flat_map(|part| {
            part.source
                .failed
                .iter()
                .flatten()
                .map(|f| (part.path.clone(), f.clone()))
        })
        .collect()
}

/// Merge the parts: findings concatenated and sorted as the audit sorts
/// them, paths and failed databases concatenated (a database in two parts,
/// audited or failed, is an error), counts summed.
/// The JSON carries only table and column counts, not the tables, so the
/// merged report's tables are stand-ins that keep those counts (see [`stand_ins`]).
pub fn merge(parts: Vec<Part>) -> Result<Report, MergeError> {
    let first = parts.first().ok_or(MergeError::Empty)?;
    let mut sources = Sources::new(&first.source, ("report", "reports"));
    let mut tables = Vec::new();
    let mut findings = Vec::new();
    for part in parts {
        let failed_here = part.source.failed.iter().flatten().map(|f| &f.database);
        sources.add(
            &part.path,
            &part.source,
            part.source.paths.iter().chain(failed_here),
        )?;
        tables.extend(stand_ins(&part));
        findings.extend(part.findings);
    }
    Finding::sort(&mut findings);
    Ok(Report {
        source: sources.finish(),
        tables,
        findings,
    })
}

/// A part's tables as far as its JSON tells: the tables its findings name,
/// then unnamed ones up to its table count; the first holds all its columns
/// (per-table column counts are not in the JSON).
fn stand_ins(part: &Part) -> Vec<AuditedTable> {
    let mut named: Vec<(Option<String>, String)> = part
        .findings
        .iter()
        .filter(|f| !f.table.is_empty())
        .map(|f| (f.schema.clone(), f.table.clone()))
        .collect();
    named.sort();
    named.dedup();
    named.truncate(part.tables);
    let unnamed = part.tables - named.len();
    let mut tables: Vec<AuditedTable> = named
        .into_iter()
        .map(|(schema, name)| AuditedTable {
            schema,
            name,
            columns: 0,
            // The JSON has no columns: nothing to group by.
            signature: None,
        })
        .collect();
    tables.extend((1..=unnamed).map(|i| AuditedTable {
        schema: None,
        name: format!("(table {i} without findings, {})", part.path.display()),
        columns: 0,
        signature: None,
    }));
    if let Some(first) = tables.first_mut() {
        first.columns = part.columns;
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(paths: &[&str], findings: &str, tables: usize, columns: usize) -> String {
        format!(
            r#"{{"findings": [{findings}], "source": {{"dialect": "postgres", "kind": "database", "paths": {paths:?}}},
               "summary": {{"columns": {columns}, "errors": 0, "findings": 0, "tables": {tables}, "warnings": 0}},
               "tool": {{"name": "pitag", "version": "0"}}, "version": 1}}"#
        )
    }

    const MISSING: &str = r##"{"category": "contact.email", "code": "PT001", "column": "email", "confidence": "high",
        "database": "DB", "expected_tags": ["#PPI"], "location": null, "message": "m",
        "rule": "missing-column-tag", "schema": "public", "severity": "error", "table": "TABLE"}"##;

    fn finding(db: &str, table: &str) -> String {
        MISSING.replace("DB", db).replace("TABLE", table)
    }

    #[test]
    fn findings_sorted_paths_concatenated_counts_summed() {
        let a = parse(
            Path::new("a.json"),
            &report(&["db-a"], &finding("db-a", "users"), 2, 7),
        )
        .unwrap();
        let b = parse(
            Path::new("b.json"),
            &report(&["db-b"], &finding("db-b", "accounts"), 3, 5),
        )
        .unwrap();
        let merged = merge(vec![a, b]).unwrap();
        assert_eq!(merged.source.paths, ["db-a", "db-b"]);
        assert_eq!(merged.tables.len(), 5);
        assert_eq!(merged.columns(), 12);
        let tables: Vec<_> = merged.findings.iter().map(|f| f.table.as_str()).collect();
        assert_eq!(tables, ["accounts", "users"], "sorted as the audit sorts");
        assert_eq!(merged.findings[0].expected_tags, [Tag::Ppi]);
        // The tables the findings name are real; the others stand-ins.
        assert_eq!(merged.tables[0].name, "users");
        assert!(merged.tables[1]
            .name
            .starts_with("(table 1 without findings, a.json"));
        assert_eq!(merged.tables[2].name, "accounts");
        assert_eq!(
            merged.findings[0].location,
            Some(Origin::Database {
                database: "db-b".into()
            })
        );
    }

    #[test]
    fn a_database_in_two_reports_names_both_files() {
        let a = parse(Path::new("a.json"), &report(&["db-a"], "", 0, 0)).unwrap();
        let b = parse(Path::new("b.json"), &report(&["db-a"], "", 0, 0)).unwrap();
        let e = merge(vec![a, b]).unwrap_err().to_string();
        assert_eq!(e, "b.json: `db-a` is also in a.json");
    }

    #[test]
    fn not_a_report_names_the_file_and_the_line() {
        let e = parse(Path::new("x.json"), "{\n\"findings\": [,\n").unwrap_err();
        assert!(matches!(e, MergeError::Syntax { line: 2, .. }), "{e}");
        assert!(e.to_string().starts_with("x.json:2: not JSON"), "{e}");
        let e = parse(Path::new("x.json"), r#"{"a": 1}"#)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("x.json: not a pitag JSON report"), "{e}");
        let v2 = report(&["d"], "", 0, 0).replace("\"version\": 1", "\"version\": 2");
        let e = parse(Path::new("x.json"), &v2).unwrap_err().to_string();
        assert_eq!(e, "x.json: not a pitag JSON report: format version 2");
        let bad_rule = report(
            &["d"],
            &finding("d", "t").replace("missing-column-tag", "nope"),
            0,
            0,
        );
        let e = parse(Path::new("x.json"), &bad_rule)
            .unwrap_err()
            .to_string();
        assert_eq!(e, "x.json: not a pitag JSON report: unknown rule `nope`");
    }

    fn with_failed(report: String, db: &str) -> String {
        report.replace(
            r#""paths":"#,
            &format!(
                r#""failed": [{{"database": "{db}", "error": "connection refused ({db})", "name": "n-{db}"}}], "paths":"#
            ),
        )
    }

    #[test]
    fn failed_databases_are_carried_with_their_report() {
        let a = parse(
            Path::new("a.json"),
            &with_failed(report(&["db-a"], "", 1, 1), "db-dead"),
        )
        .unwrap();
        // A report of an older pitag has no `failed`: nothing failed there.
        let b = parse(Path::new("b.json"), &report(&["db-b"], "", 1, 1)).unwrap();
        assert_eq!(b.source.failed, None);
        let parts = vec![a, b];
        let failures = failures(&parts);
        assert_eq!(failures.len(), 1);
        assert_eq!(failures[0].0, Path::new("a.json"));
        assert_eq!(failures[0].1.name, "n-db-dead");
        let merged = merge(parts).unwrap();
        assert_eq!(merged.source.paths, ["db-a", "db-b"]);
        let failed = merged.source.failed.unwrap();
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].database, "db-dead");
        assert_eq!(failed[0].error, "connection refused (db-dead)");
    }

    #[test]
    fn a_database_failed_in_one_report_and_audited_in_another_is_a_duplicate() {
        let a = parse(Path::new("a.json"), &report(&["db-a"], "", 0, 0)).unwrap();
        let b = parse(
            Path::new("b.json"),
            &with_failed(report(&["db-b"], "", 0, 0), "db-a"),
        )
        .unwrap();
        let e = merge(vec![a, b]).unwrap_err().to_string();
        assert_eq!(e, "b.json: `db-a` is also in a.json");
        let a = parse(
            Path::new("a.json"),
            &with_failed(report(&[], "", 0, 0), "x"),
        )
        .unwrap();
        let b = parse(
            Path::new("b.json"),
            &with_failed(report(&[], "", 0, 0), "x"),
        )
        .unwrap();
        let e = merge(vec![a, b]).unwrap_err().to_string();
        assert_eq!(e, "b.json: `x` is also in a.json");
    }

    #[test]
    fn failed_is_an_array_in_merged_database_reports_and_absent_in_others() {
        let a = parse(Path::new("a.json"), &report(&["db-a"], "", 0, 0)).unwrap();
        assert_eq!(merge(vec![a]).unwrap().source.failed, Some(vec![]));
        let m = report(&["m"], "", 0, 0).replace("\"database\"", "\"migrations\"");
        let m = parse(Path::new("m.json"), &m).unwrap();
        assert_eq!(merge(vec![m]).unwrap().source.failed, None);
        let bad = with_failed(report(&["db-a"], "", 0, 0), "x").replace("\"name\"", "\"label\"");
        let e = parse(Path::new("x.json"), &bad).unwrap_err().to_string();
        assert!(
            e.starts_with("x.json: not a pitag JSON report: unknown field `label`"),
            "{e}"
        );
    }

    #[test]
    fn reports_of_different_kinds_do_not_merge() {
        let a = parse(Path::new("a.json"), &report(&["db-a"], "", 0, 0)).unwrap();
        let b = report(&["m"], "", 0, 0).replace("\"database\"", "\"migrations\"");
        let b = parse(Path::new("b.json"), &b).unwrap();
        let e = merge(vec![a, b]).unwrap_err().to_string();
        assert!(
            e.starts_with("b.json: not a pitag JSON report: a `migrations`"),
            "{e}"
        );
    }
}

//! `pitag merge` of JSON inventories (`pitag inventory --format json` of
//! shards or regions): read back into [`Inventory`] and merged into one.
//! A database in two inventories is an error, as for audit reports.

use super::json::{FORMAT_VERSION, KIND};
use crate::error::MergeError;
use crate::pi_inventory::{Inventory, Item};
use crate::report::merge::{parse_doc, read_text, shape, DocSource, Sources};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Doc {
    #[allow(dead_code)]
    coverage: serde_json::Value,
    items: Vec<Item>,
    kind: String,
    source: DocSource,
    #[allow(dead_code)]
    summary: serde_json::Value,
    #[allow(dead_code)]
    tool: serde_json::Value,
    version: u32,
}

/// One parsed inventory, with the file it came from.
#[derive(Debug, Clone)]
pub struct Part {
    pub path: PathBuf,
    pub inventory: Inventory,
}

/// Whether a parsed JSON document is an inventory (its `kind`).
pub fn is_inventory(doc: &serde_json::Value) -> bool {
    doc.get("kind").and_then(|k| k.as_str()) == Some(KIND)
}

/// Parse one inventory's text.
pub fn parse(path: &Path, text: &str) -> Result<Part, MergeError> {
    let doc: Doc = parse_doc(path, text)?;
    if doc.kind != KIND {
        return Err(shape(
            path,
            format!("kind `{}`, not an inventory", doc.kind),
        ));
    }
    if doc.version != FORMAT_VERSION {
        return Err(shape(path, format!("format version {}", doc.version)));
    }
    Ok(Part {
        path: path.to_path_buf(),
        inventory: Inventory {
            source: doc.source.into_source(path)?,
            items: doc.items,
        },
    })
}

/// Read and parse an inventory file.
pub fn read(path: &Path) -> Result<Part, MergeError> {
    parse(path, &read_text(path)?)
}

/// Merge the parts: databases concatenated (one in two parts is an error),
/// items in the canonical order of [`Inventory::new`], the databases the
/// parts' runs could not read in `source.failed` (the caller exits 2 for any).
pub fn merge(parts: Vec<Part>) -> Result<Inventory, MergeError> {
    let first = parts.first().ok_or(MergeError::Empty)?;
    let mut sources = Sources::new(&first.inventory.source, ("inventory", "ones"));
    let mut items = Vec::new();
    for part in parts {
        let source = &part.inventory.source;
        // Files inventories are one database named by their PATHs.
        let databases = if sources.kind() == "database" {
            source.paths.clone()
        } else {
            vec![Inventory::files_label(&source.paths)]
        };
        let mut mine: Vec<&String> = part
            .inventory
            .items
            .iter()
            .map(|i| &i.database)
            .chain(&databases)
            .chain(source.failed.iter().flatten().map(|f| &f.database))
            .collect();
        mine.sort();
        mine.dedup();
        sources.add(&part.path, source, mine)?;
        items.extend(part.inventory.items);
    }
    Ok(Inventory::new(sources.finish(), items))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::Dialect;
    use crate::pi_inventory::Status;
    use crate::report::SourceInfo;
    use crate::tags::Tag;

    fn inventory(db: &str, table: &str, status: Status) -> String {
        let inv = Inventory::new(
            SourceInfo {
                kind: "database".into(),
                dialect: Dialect::Postgres,
                paths: vec![db.into()],
                failed: Some(Vec::new()),
            },
            vec![Item {
                database: db.into(),
                schema: Some("public".into()),
                table: table.into(),
                column: Some("email".into()),
                data_type: Some("text".into()),
                tags: vec![],
                expected_tags: vec![Tag::Ppi],
                status,
                category: Some(crate::classify::Category::ContactEmail),
                confidence: Some(crate::classify::Confidence::High),
                evidence: Some("term `email`".into()),
                created: Some(crate::model::Origin::Database {
                    database: db.into(),
                }),
                commented: None,
                suppressed: true,
            }],
        );
        let mut out = Vec::new();
        super::super::json::write(&inv, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn written_json_reads_back_and_merges_in_database_order() {
        let b = parse(
            Path::new("b.json"),
            &inventory("db-b", "users", Status::Missing),
        )
        .unwrap();
        let a = parse(
            Path::new("a.json"),
            &inventory("db-a", "people", Status::Tagged),
        )
        .unwrap();
        assert!(b.inventory.items[0].suppressed);
        let merged = merge(vec![b, a]).unwrap();
        assert_eq!(merged.source.failed, Some(Vec::new()));
        assert_eq!(merged.source.paths, ["db-b", "db-a"]);
        let dbs: Vec<&str> = merged.items.iter().map(|i| i.database.as_str()).collect();
        assert_eq!(dbs, ["db-a", "db-b"]);
        assert_eq!(merged.total().found, 2);
        assert_eq!(merged.total().tagged, 1);
    }

    #[test]
    fn duplicates_kinds_and_versions_are_errors() {
        let a = parse(Path::new("a.json"), &inventory("db-a", "t", Status::Tagged)).unwrap();
        let b = parse(Path::new("b.json"), &inventory("db-a", "u", Status::Tagged)).unwrap();
        let e = merge(vec![a.clone(), b]).unwrap_err().to_string();
        assert_eq!(e, "b.json: `db-a` is also in a.json");
        let m = inventory("m", "t", Status::Tagged)
            .replace("\"kind\": \"database\"", "\"kind\": \"migrations\"");
        let m = parse(Path::new("m.json"), &m).unwrap();
        assert_eq!(m.inventory.source.kind, "migrations");
        let e = merge(vec![a, m]).unwrap_err().to_string();
        assert!(e.contains("a `migrations` inventory cannot merge"), "{e}");
        let v2 = inventory("d", "t", Status::Tagged).replace("\"version\": 1", "\"version\": 2");
        let e = parse(Path::new("x.json"), &v2).unwrap_err().to_string();
        assert_eq!(e, "x.json: not a pitag JSON report: format version 2");
        let bad = inventory("d", "t", Status::Tagged).replace("\"missing\"", "\"gone\"");
        let bad = bad.replace("\"status\": \"tagged\"", "\"status\": \"gone\"");
        assert!(parse(Path::new("x.json"), &bad).is_err());
        let dead = r#""failed": [{"database": "postgres://x@h/dead", "error": "refused", "name": "dead"}], "paths": ["#;
        let failed = inventory("d", "t", Status::Tagged).replace("\"paths\": [", dead);
        let part = parse(Path::new("f.json"), &failed).unwrap();
        let ok = parse(Path::new("g.json"), &inventory("e", "t", Status::Tagged)).unwrap();
        let merged = merge(vec![part.clone(), ok]).unwrap();
        let names: Vec<&str> = merged
            .source
            .failed
            .iter()
            .flatten()
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(names, ["dead"]);
        // A database failed in one part and read in another is a duplicate.
        let read = inventory("postgres://x@h/dead", "t", Status::Tagged);
        let read = parse(Path::new("h.json"), &read).unwrap();
        let e = merge(vec![part, read]).unwrap_err().to_string();
        assert_eq!(e, "h.json: `postgres://x@h/dead` is also in f.json");
    }
}

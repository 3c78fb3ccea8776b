//! `pitag merge` of JSON inventories (`pitag inventory --format json` of
//! shards or regions): read back into [`Inventory`] and merged into one.
//! A database in two inventories is an error, as for audit reports.

use super::json::{FORMAT_VERSION, KIND};
use crate::dialect::Dialect;
use crate::error::MergeError;
use crate::pi_inventory::{Inventory, Item};
use crate::report::SourceInfo;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

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

#[derive(Deserialize)]
struct DocSource {
    kind: String,
    dialect: String,
    paths: Vec<String>,
    /// Databases a fleet run could not read, when the run recorded them:
    /// any makes the merge exit 2.
    #[serde(default)]
    failed: Vec<serde_json::Value>,
}

/// One parsed inventory, with the file it came from.
#[derive(Debug, Clone)]
pub struct Part {
    pub path: PathBuf,
    pub inventory: Inventory,
    /// How many databases its run could not read (`source.failed`).
    pub failed: usize,
}

/// Whether a parsed JSON document is an inventory (its `kind`).
pub fn is_inventory(doc: &serde_json::Value) -> bool {
    doc.get("kind").and_then(|k| k.as_str()) == Some(KIND)
}

fn shape(path: &Path, why: impl Into<String>) -> MergeError {
    MergeError::Shape {
        path: path.to_path_buf(),
        why: why.into(),
    }
}

/// Parse one inventory's text.
pub fn parse(path: &Path, text: &str) -> Result<Part, MergeError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| MergeError::Syntax {
        path: path.to_path_buf(),
        line: e.line(),
        message: e.to_string(),
    })?;
    let doc: Doc = serde_json::from_value(value).map_err(|e| shape(path, e.to_string()))?;
    if doc.kind != KIND {
        return Err(shape(
            path,
            format!("kind `{}`, not an inventory", doc.kind),
        ));
    }
    if doc.version != FORMAT_VERSION {
        return Err(shape(path, format!("format version {}", doc.version)));
    }
    let dialect = Dialect::from_str(&doc.source.dialect).map_err(|e| shape(path, e.to_string()))?;
    Ok(Part {
        path: path.to_path_buf(),
        failed: doc.source.failed.len(),
        inventory: Inventory {
            source: SourceInfo {
                kind: doc.source.kind,
                dialect,
                paths: doc.source.paths,
            },
            items: doc.items,
        },
    })
}

/// Read and parse an inventory file.
pub fn read(path: &Path) -> Result<Part, MergeError> {
    let text = std::fs::read_to_string(path).map_err(|source| MergeError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse(path, &text)
}

/// Merge the parts: databases concatenated (one in two parts is an error),
/// items in the canonical order of [`Inventory::new`]. Returns the
/// inventory and how many databases the parts' runs could not read.
pub fn merge(parts: Vec<Part>) -> Result<(Inventory, usize), MergeError> {
    let first = parts.first().ok_or(MergeError::Empty)?;
    let (kind, dialect) = (
        first.inventory.source.kind.clone(),
        first.inventory.source.dialect,
    );
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut paths = Vec::new();
    let mut items = Vec::new();
    let mut failed = 0;
    for part in parts {
        let source = &part.inventory.source;
        if source.kind != kind {
            return Err(shape(
                &part.path,
                format!(
                    "a `{}` inventory cannot merge with `{kind}` ones",
                    source.kind
                ),
            ));
        }
        // Files inventories are one database named by their PATHs.
        let databases = if kind == "database" {
            source.paths.clone()
        } else {
            vec![Inventory::files_label(&source.paths)]
        };
        for db in part
            .inventory
            .items
            .iter()
            .map(|i| &i.database)
            .chain(&databases)
        {
            if let Some(prev) = seen.get(db).filter(|prev| **prev != part.path) {
                return Err(MergeError::Duplicate {
                    path: part.path.clone(),
                    first: prev.clone(),
                    what: db.clone(),
                });
            }
            seen.insert(db.clone(), part.path.clone());
        }
        failed += part.failed;
        paths.extend(part.inventory.source.paths);
        items.extend(part.inventory.items);
    }
    Ok((
        Inventory::new(
            SourceInfo {
                kind,
                dialect,
                paths,
            },
            items,
        ),
        failed,
    ))
}

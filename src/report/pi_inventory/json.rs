//! `--format json`: the inventory document of the contract, one per run,
//! keys sorted (fields declared in alphabetical order, as in the audit
//! report). Its shape is fixed by docs/inventory.schema.json; `pitag merge`
//! reads it back ([`super::merge`]).

use crate::classify::{Category, Confidence};
use crate::model::Origin;
use crate::pi_inventory::{Coverage, Inventory, Item, Status};
use crate::report::json::Tool;
use crate::tags::Tag;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// The document's `version`.
pub const FORMAT_VERSION: u32 = 1;
/// The document's `kind`: what tells an inventory from an audit report.
pub const KIND: &str = "inventory";

/// A percentage floored to two decimals: 99.999 stays below 100.
fn percent(c: &Coverage) -> Option<f64> {
    c.percent().map(|p| (p * 100.0).floor() / 100.0)
}

#[derive(Serialize)]
struct JsonItem<'a> {
    category: Option<Category>,
    column: &'a Option<String>,
    commented: &'a Option<Origin>,
    confidence: Option<Confidence>,
    created: &'a Option<Origin>,
    database: &'a str,
    evidence: &'a Option<String>,
    expected_tags: &'a [Tag],
    schema: &'a Option<String>,
    status: Status,
    suppressed: bool,
    table: &'a str,
    tags: &'a [Tag],
    #[serde(rename = "type")]
    data_type: &'a Option<String>,
}

impl<'a> JsonItem<'a> {
    fn new(i: &'a Item) -> Self {
        JsonItem {
            category: i.category,
            column: &i.column,
            commented: &i.commented,
            confidence: i.confidence,
            created: &i.created,
            database: &i.database,
            evidence: &i.evidence,
            expected_tags: &i.expected_tags,
            schema: &i.schema,
            status: i.status,
            suppressed: i.suppressed,
            table: &i.table,
            tags: &i.tags,
            data_type: &i.data_type,
        }
    }
}

#[derive(Serialize)]
struct DatabaseRow<'a> {
    database: &'a str,
    found: usize,
    missing: usize,
    percent: Option<f64>,
    tagged: usize,
}

#[derive(Serialize)]
struct SchemaRow<'a> {
    database: &'a str,
    found: usize,
    missing: usize,
    percent: Option<f64>,
    schema: &'a Option<String>,
    tagged: usize,
}

#[derive(Serialize)]
struct CategoryRow {
    category: Option<Category>,
    found: usize,
    missing: usize,
    percent: Option<f64>,
    /// The tag the category calls for (`null`: tagged, not classified).
    tag: Option<Tag>,
    tagged: usize,
}

#[derive(Serialize)]
struct CoverageDoc<'a> {
    categories: Vec<CategoryRow>,
    databases: Vec<DatabaseRow<'a>>,
    schemas: Vec<SchemaRow<'a>>,
}

#[derive(Serialize)]
struct Summary {
    databases: usize,
    found: usize,
    items: usize,
    missing: usize,
    percent: Option<f64>,
    statuses: BTreeMap<&'static str, usize>,
    tables: usize,
    tagged: usize,
}

#[derive(Serialize)]
struct Document<'a> {
    coverage: CoverageDoc<'a>,
    items: Vec<JsonItem<'a>>,
    kind: &'static str,
    /// Through `Value` so its keys come out sorted like the rest.
    source: Value,
    summary: Summary,
    tool: Tool,
    version: u32,
}

pub fn write(inv: &Inventory, out: &mut dyn Write) -> io::Result<()> {
    let databases = inv.coverage_by_database();
    let schemas = inv.coverage_by_schema();
    let total = inv.total();
    let counts = inv.status_counts();
    let statuses = <Status as strum::IntoEnumIterator>::iter()
        .map(|s| (s.as_str(), counts.get(&s).copied().unwrap_or(0)))
        .collect();
    let doc = Document {
        coverage: CoverageDoc {
            categories: inv
                .coverage_by_category()
                .into_iter()
                .map(|r| CategoryRow {
                    category: r.key,
                    found: r.coverage.found,
                    missing: r.coverage.missing,
                    percent: percent(&r.coverage),
                    tag: r.key.and_then(Category::tag),
                    tagged: r.coverage.tagged,
                })
                .collect(),
            databases: databases
                .iter()
                .map(|r| DatabaseRow {
                    database: &r.key,
                    found: r.coverage.found,
                    missing: r.coverage.missing,
                    percent: percent(&r.coverage),
                    tagged: r.coverage.tagged,
                })
                .collect(),
            schemas: schemas
                .iter()
                .map(|r| SchemaRow {
                    database: &r.key.0,
                    found: r.coverage.found,
                    missing: r.coverage.missing,
                    percent: percent(&r.coverage),
                    schema: &r.key.1,
                    tagged: r.coverage.tagged,
                })
                .collect(),
        },
        items: inv.items.iter().map(JsonItem::new).collect(),
        kind: KIND,
        source: serde_json::to_value(&inv.source)?,
        summary: Summary {
            databases: databases.len(),
            found: total.found,
            items: inv.items.len(),
            missing: total.missing,
            percent: percent(&total),
            statuses,
            tables: inv.tables(),
            tagged: total.tagged,
        },
        tool: Tool::PITAG,
        version: FORMAT_VERSION,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}

//! `pitag classify`'s two renderings: a JSON document and an 80-column
//! table. Each row is a column with its classification (`None`: not PI).

use crate::classify::Classification;
use crate::model::{Column, Table};
use std::io::{self, Write};

/// One classified column.
pub type Row<'a> = (&'a Table, &'a Column, Option<&'a Classification>);

/// `{"version": 1, "columns": [...]}`, pretty-printed, with a final newline.
pub fn write_json(rows: &[Row], out: &mut dyn Write) -> io::Result<()> {
    let items: Vec<serde_json::Value> = rows
        .iter()
        .map(|(t, c, class)| {
            serde_json::json!({
                "schema": t.schema, "table": t.name, "column": c.name, "type": c.data_type,
                "category": class.map(|k| k.category.as_str()),
                "expected_tag": class.and_then(|k| k.category.tag()).map(|t| t.as_str()),
                "confidence": class.map(|k| k.confidence.as_str()),
                "evidence": class.map(|k| k.evidence.as_str()),
                "tags": c.tags().to_vec().iter().map(|t| t.as_str()).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::to_writer_pretty(
        &mut *out,
        &serde_json::json!({"version": 1, "columns": items}),
    )?;
    writeln!(out)
}

/// The table: the type under the column's name, the evidence under the
/// category.
pub fn write_table(rows: &[Row], out: &mut dyn Write) -> io::Result<()> {
    use comfy_table::{ColumnConstraint, Width};
    let mut t = comfy_table::Table::new();
    // 80 columns like the findings table. Two columns, so that names get
    // room: names break only after a dot, and the evidence (prose quoting
    // names) has half the width to wrap at spaces.
    t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .set_width(80)
        .set_header(vec!["column / type", "category (confidence) / evidence"]);
    let cells: Vec<(String, String)> = rows
        .iter()
        .map(|(table, col, class)| {
            let name = super::table::wrap_after(
                &format!("{}.{}", table.qualified_name(), col.name),
                '.',
                36,
            );
            let class = class.map_or("-".into(), |k| {
                let tag = k
                    .category
                    .tag()
                    .map_or(String::new(), |t| format!(" {}", t.as_str()));
                format!("{}{tag} ({})\n{}", k.category, k.confidence, k.evidence)
            });
            (format!("{name}\n{}", col.data_type), class)
        })
        .collect();
    let name_width = cells
        .iter()
        .flat_map(|c| c.0.lines().map(|l| l.chars().count()))
        .max()
        .unwrap_or(1)
        .clamp(13, 40) as u16;
    t.set_constraints(vec![ColumnConstraint::Absolute(Width::Fixed(
        name_width + 2,
    ))]);
    for (name, class) in cells {
        t.add_row(vec![name, class]);
    }
    writeln!(out, "{t}")
}

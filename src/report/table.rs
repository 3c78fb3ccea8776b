//! `--format table`: findings grouped by table, readable in an 80-column
//! terminal; colour only when asked for (a TTY without `NO_COLOR`).

use super::{Report, Style};
use crate::finding::Severity;
use crate::model::Origin;
use comfy_table::{presets, Cell, Color, ContentArrangement, Table};
use std::io::{self, Write};

pub fn write(report: &Report, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let mut i = 0;
    let findings = &report.findings;
    while i < findings.len() {
        let (schema, table) = (&findings[i].schema, &findings[i].table);
        let mut j = i;
        while j < findings.len() && &findings[j].schema == schema && &findings[j].table == table {
            j += 1;
        }
        let title = match (schema, table.is_empty()) {
            (_, true) => "(statements)".to_string(),
            (Some(s), false) => format!("{s}.{table}"),
            (None, false) => table.clone(),
        };
        writeln!(out, "{title}")?;
        let mut t = Table::new();
        t.load_preset(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(80)
            .set_header(vec!["object / where", "rule", "message"]);
        if !style.color {
            t.force_no_tty();
        } else {
            t.enforce_styling();
        }
        for f in &findings[i..j] {
            let place = match &f.location {
                Some(o @ Origin::File { .. }) => o.relative_to(&report.source.paths),
                Some(Origin::Database { .. }) => "database".to_string(),
                None => String::new(),
            };
            let mut rule = Cell::new(format!(
                "{} {}\n{}",
                f.rule.code(),
                f.severity,
                f.rule.name()
            ));
            if style.color {
                rule = rule.fg(match f.severity {
                    Severity::Error => Color::Red,
                    Severity::Warning => Color::Yellow,
                });
            }
            let object = match (&f.column, f.table.is_empty()) {
                (Some(c), _) => c.as_str(),
                (None, false) => "(table)",
                (None, true) => "(statement)",
            };
            t.add_row(vec![
                Cell::new(format!("{object}\n{place}")),
                rule,
                Cell::new(&f.message),
            ]);
        }
        writeln!(out, "{t}")?;
        i = j;
    }
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    writeln!(
        out,
        "{} findings ({errors} errors, {warnings} warnings) in {} tables, {} columns ({})",
        findings.len(),
        report.tables.len(),
        report.columns(),
        report.source.dialect,
    )
}

//! `--format table`: findings grouped by table, readable in an 80-column
//! terminal; colour only when asked for (a TTY without `NO_COLOR`).
//! Identical tables of several schemas with the same findings are one
//! section (`tenant_*.users — 500 schemas (…)`, see [`super::group`]).

use super::{group, Report, Style};
use crate::finding::Severity;
use crate::model::Origin;
use comfy_table::{presets, Cell, Color, ColumnConstraint, ContentArrangement, Table, Width};
use std::io::{self, Write};

/// The widest a location may be before it breaks (after a '/').
const PLACE_WIDTH: usize = 30;

pub fn write(report: &Report, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let findings = &report.findings;
    let mut grouped = (0, 0);
    for block in group::blocks(report) {
        let first = &block.findings[0];
        let (schema, table) = (&first.schema, &first.table);
        let title = match (schema, table.is_empty(), &block.group) {
            (_, true, _) => "(statements)".to_string(),
            (_, false, Some(g)) => {
                grouped = (grouped.0 + 1, grouped.1 + g.schemas.len());
                let mut title = format!("{}.{table} — {}", g.pattern, g.count());
                if let Some(range) = g.range() {
                    title.push_str(&format!(" ({range})"));
                }
                if block
                    .findings
                    .iter()
                    .any(|f| matches!(f.location, Some(Origin::File { .. })))
                {
                    title.push_str(&format!(", locations from {}", g.first()));
                }
                title
            }
            (Some(s), false, None) => format!("{s}.{table}"),
            (None, false, None) => table.clone(),
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
        let mut rows = Vec::new();
        for f in block.findings {
            let place = match &f.location {
                Some(o @ Origin::File { .. }) => {
                    wrap_after(&o.relative_to(&report.source.paths), '/', PLACE_WIDTH)
                }
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
            rows.push((
                format!("{object}\n{place}"),
                rule,
                f.rule.name().len(),
                block.message(f),
            ));
        }
        // Paths and rule names are never broken inside a name: their columns
        // are as wide as their longest line (paths break after a '/'); the
        // message wraps in what is left.
        let place_width = rows
            .iter()
            .flat_map(|r| r.0.lines().map(|l| l.chars().count()))
            .max()
            .unwrap_or(0)
            .clamp(14, PLACE_WIDTH) as u16;
        let rule_width = rows.iter().map(|r| r.2).max().unwrap_or(0).max(11) as u16;
        t.set_constraints(vec![
            ColumnConstraint::Absolute(Width::Fixed(place_width + 2)),
            ColumnConstraint::Absolute(Width::Fixed(rule_width + 2)),
        ]);
        for (place, rule, _, message) in rows {
            t.add_row(vec![Cell::new(place), rule, Cell::new(message)]);
        }
        writeln!(out, "{t}")?;
    }
    if grouped.0 > 0 {
        writeln!(
            out,
            "{} identical tables of several schemas shown in {} (--no-group lists each)",
            grouped.1,
            if grouped.0 == 1 {
                "1 group".to_string()
            } else {
                format!("{} groups", grouped.0)
            }
        )?;
    }
    // A report can pass on its findings while the run failed: say so where
    // the reader looks last (stderr also has it, but logs get lost).
    for f in report.source.failed.iter().flatten() {
        writeln!(out, "not audited: {} ({}): {}", f.name, f.database, f.error)?;
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

/// `text` on lines of at most `limit` characters, broken only after `sep`
/// (a part longer than `limit` stays whole).
pub fn wrap_after(text: &str, sep: char, limit: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for part in text.split_inclusive(sep) {
        let len = part.chars().count();
        if line > 0 && line + len > limit {
            out.push('\n');
            line = 0;
        }
        out.push_str(part);
        line += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::wrap_after;

    #[test]
    fn paths_break_only_after_a_separator() {
        assert_eq!(
            wrap_after("20240101120000_init/migration.sql:18", '/', 30),
            "20240101120000_init/\nmigration.sql:18"
        );
        assert_eq!(wrap_after("V1__init.sql:3", '/', 30), "V1__init.sql:3");
        assert_eq!(
            wrap_after("public.addresses.postal_code", '.', 20),
            "public.addresses.\npostal_code"
        );
    }
}

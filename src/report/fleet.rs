//! `pitag db` over several databases: the summary table on stderr, one row
//! per database.

use std::io::{self, Write};

/// What one database of the fleet gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FleetRow {
    /// The inventory name, or the URL without its password.
    pub label: String,
    /// Tables, columns and findings; `None` when the database could not be read.
    pub counts: Option<(usize, usize, usize)>,
}

/// The summary table, followed by a newline.
pub fn write(rows: &[FleetRow], out: &mut dyn Write) -> io::Result<()> {
    let mut summary = comfy_table::Table::new();
    summary
        .load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_header(vec!["database", "tables", "columns", "findings", "status"]);
    for row in rows {
        let cells = match row.counts {
            Some((tables, columns, findings)) => [
                tables.to_string(),
                columns.to_string(),
                findings.to_string(),
                "ok".into(),
            ],
            None => ["-".into(), "-".into(), "-".into(), "failed".into()],
        };
        let mut line = vec![row.label.clone()];
        line.extend(cells);
        summary.add_row(line);
    }
    writeln!(out, "{summary}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_per_database_failed_ones_dashed() {
        let rows = [
            FleetRow {
                label: "billing-eu".into(),
                counts: Some((12, 80, 3)),
            },
            FleetRow {
                label: "postgres://u@h/down".into(),
                counts: None,
            },
        ];
        let mut out = Vec::new();
        write(&rows, &mut out).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }
}

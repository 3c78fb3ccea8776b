//! `--format csv`: one row per tagged or PI table and column, with a header
//! row, for spreadsheets. RFC 4180: fields with `,`, `"`, CR or LF are
//! quoted (quotes doubled), lines end with CRLF.
//!
//! Names and comments come from the audited schema, so a cell could start
//! like a spreadsheet formula (`=HYPERLINK(…)`): a cell starting with `=`,
//! `+`, `-`, `@`, tab or CR gets a leading `'`, which spreadsheets show as
//! text (OWASP's CSV-injection advice). Such a cell's text is then not
//! byte-identical to the name; the JSON keeps names exactly.

use crate::model::Origin;
use crate::pi_inventory::{Inventory, Item};
use crate::tags::Tag;
use std::io::{self, Write};

pub const HEADER: [&str; 14] = [
    "database",
    "schema",
    "table",
    "column",
    "type",
    "tags",
    "expected_tags",
    "status",
    "category",
    "confidence",
    "evidence",
    "created",
    "commented",
    "suppressed",
];

/// One cell: formula-guarded, then quoted when RFC 4180 requires it.
pub fn cell(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if guarded.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

fn tags(t: &[Tag]) -> String {
    t.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(" ")
}

fn origin(o: &Option<Origin>) -> String {
    o.as_ref().map(Origin::to_string).unwrap_or_default()
}

fn row(i: &Item) -> [String; 14] {
    [
        i.database.clone(),
        i.schema.clone().unwrap_or_default(),
        i.table.clone(),
        i.column.clone().unwrap_or_default(),
        i.data_type.clone().unwrap_or_default(),
        tags(&i.tags),
        tags(&i.expected_tags),
        i.status.as_str().to_string(),
        i.category
            .map(|c| c.as_str())
            .unwrap_or_default()
            .to_string(),
        i.confidence
            .map(|c| c.as_str())
            .unwrap_or_default()
            .to_string(),
        i.evidence.clone().unwrap_or_default(),
        origin(&i.created),
        origin(&i.commented),
        i.suppressed.to_string(),
    ]
}

fn line(cells: impl IntoIterator<Item = String>, out: &mut dyn Write) -> io::Result<()> {
    let cells: Vec<String> = cells.into_iter().map(|c| cell(&c)).collect();
    out.write_all(cells.join(",").as_bytes())?;
    out.write_all(b"\r\n")
}

pub fn write(inv: &Inventory, out: &mut dyn Write) -> io::Result<()> {
    line(HEADER.iter().map(|h| h.to_string()), out)?;
    for i in &inv.items {
        line(row(i), out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn rfc4180_quoting_and_formula_guard() {
        assert_eq!(cell("users"), "users");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-x"), "'-x");
        assert_eq!(cell("@sum"), "'@sum");
        assert_eq!(cell("#PPI"), "#PPI");
        assert_eq!(cell(""), "");
    }
}

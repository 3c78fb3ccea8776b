//! `--format markdown`: a document ready to post as a pull-request comment
//! (or a GitHub step summary): a heading with the counts, what was audited,
//! then one table row per finding, or a line saying there are none.
//! Identical tables of several schemas with the same findings share their
//! rows ([`super::group`]): the object names the schemas as a pattern
//! (`tenant_*.users.email` — 500 schemas: …), the location is the first's.
//!
//! Cell text is escaped so that `|`, newlines and Markdown punctuation in
//! messages cannot break the table; objects and locations are code spans.
//! GitHub refuses comments over 65,536 characters, so past [`ROW_BUDGET`]
//! bytes of rows the table stops and a line says how many were left out.

use super::group::{self, Block, Group};
use super::{Report, SourceInfo};
use crate::finding::{Finding, Severity};
use crate::model::Origin;
use std::io::{self, Write};

/// Bytes of table rows written before the rest are summarised in one line.
pub const ROW_BUDGET: usize = 60_000;

pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The databases `source` could not read, one bullet each under a bold
/// headline: "**2 databases {what}** ({why}):"; nothing when none failed.
pub(crate) fn write_failed(
    out: &mut dyn Write,
    source: &SourceInfo,
    what: &str,
    why: &str,
) -> io::Result<()> {
    let failed = source.failed.as_deref().unwrap_or_default();
    if failed.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "**{} {what}** ({why}):\n",
        plural(failed.len(), "database", "databases")
    )?;
    for f in failed {
        writeln!(
            out,
            "- {} ({}): {}",
            cell_code(&f.name),
            cell_code(&f.database),
            cell_text(&f.error)
        )?;
    }
    writeln!(out)
}

/// Escape text for a table cell: Markdown punctuation is backslash-escaped
/// (so `|` cannot end the cell and `*`, `_`, `<` … render literally) and
/// line breaks become `<br>`.
pub fn cell_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            '\n' => out.push_str("<br>"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A code span for a table cell: a fence longer than any backtick run inside,
/// `|` escaped (GFM splits cells before it parses spans), newlines as spaces.
pub fn cell_code(s: &str) -> String {
    if s.is_empty() {
        return String::new();
    }
    let body: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .replace('|', "\\|");
    let mut longest = 0;
    let mut run = 0;
    for c in body.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    let pad = if body.starts_with('`') || body.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{body}{pad}{fence}")
}

fn location(f: &Finding) -> String {
    match &f.location {
        Some(Origin::File { file, line }) => cell_code(&format!("{file}:{line}")),
        Some(Origin::Database { database }) => cell_code(database),
        None => String::new(),
    }
}

fn row(f: &Finding, block: &Block) -> String {
    let (object, location) = match &block.group {
        _ if f.table.is_empty() => ("(statement)".to_string(), location(f)),
        None => (cell_code(&f.object()), location(f)),
        Some(g) => {
            let mut object = format!("{} — {}", cell_code(&block.object(f)), g.count());
            if let Some(range) = g.range() {
                object.push_str(&format!(": {}", cell_text(&range)));
            }
            let location = match &f.location {
                Some(Origin::File { .. }) => {
                    format!("{} ({})", location(f), cell_text(g.first()))
                }
                _ => location(f),
            };
            (object, location)
        }
    };
    format!(
        "| {} | {} {} | {} | {} | {} |\n",
        f.severity,
        f.rule.code(),
        f.rule.name(),
        object,
        location,
        cell_text(&block.message(f))
    )
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let findings = report.findings.len();
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    writeln!(
        out,
        "## pitag: {} ({}, {})\n",
        plural(findings, "finding", "findings"),
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings")
    )?;
    let paths: Vec<String> = report.source.paths.iter().map(|p| cell_code(p)).collect();
    write!(
        out,
        "Audited {} and {} ({} {}",
        plural(report.tables.len(), "table", "tables"),
        plural(report.columns(), "column", "columns"),
        report.source.dialect.as_str(),
        report.source.kind,
    )?;
    if !paths.is_empty() {
        write!(out, ": {}", paths.join(", "))?;
    }
    writeln!(out, ").\n")?;
    // A step summary must not read as a pass while the run failed.
    write_failed(
        out,
        &report.source,
        "could not be audited",
        "the run exits 2",
    )?;

    if report.findings.is_empty() {
        return writeln!(out, "No findings.");
    }
    let blocks = group::blocks(report);
    let grouped: Vec<&Group> = blocks.iter().filter_map(|b| b.group.as_ref()).collect();
    if !grouped.is_empty() {
        writeln!(
            out,
            "Identical tables in several schemas are shown once ({} in {}), with the \
             count of schemas and the locations of the first; `--no-group` lists each.\n",
            plural(
                grouped.iter().map(|g| g.schemas.len()).sum(),
                "table",
                "tables"
            ),
            plural(grouped.len(), "group", "groups"),
        )?;
    }
    writeln!(out, "| Severity | Rule | Object | Location | Message |")?;
    writeln!(out, "| --- | --- | --- | --- | --- |")?;
    let mut written = 0;
    let mut shown = 0;
    for block in &blocks {
        for f in block.findings {
            let r = row(f, block);
            if written + r.len() > ROW_BUDGET {
                let left = findings - shown;
                return writeln!(
                    out,
                    "\n_{} not shown; run pitag locally for the full list._",
                    plural(left, "more finding", "more findings")
                );
            }
            written += r.len();
            shown += block.members();
            out.write_all(r.as_bytes())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_escaping() {
        assert_eq!(cell_text("a|b\nc\r\nd"), "a\\|b<br>c<br>d");
        assert_eq!(cell_text("<x> & *y*"), "\\<x\\> \\& \\*y\\*");
        assert_eq!(cell_code("a|b"), "`a\\|b`");
        assert_eq!(cell_code("a`b"), "``a`b``");
        assert_eq!(cell_code("`a"), "`` `a ``");
    }
}

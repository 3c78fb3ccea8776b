//! `--format github`: GitHub Actions workflow commands, one line per finding,
//! which the runner turns into annotations on the pull request:
//!
//! ```text
//! ::error file=migrations/0001.sql,line=14,title=PT001 missing-column-tag (public.users.email)::message
//! ```
//!
//! Warnings use `::warning`. Live-database findings have no file or line;
//! their title names the object all the same. Values are escaped the way the
//! runner unescapes them: `%`, CR and LF in the message; additionally `:` and
//! `,` in property values.
//!
//! [`write_step_summary`] renders the Markdown summary that the CLI appends
//! to `$GITHUB_STEP_SUMMARY`.

use super::{markdown, Report};
use crate::finding::{Finding, Severity};
use crate::model::Origin;
use std::io::{self, Write};

/// Escape a workflow command's message (the part after `::`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a workflow command property value (`file=`, `title=` …).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(f: &Finding) -> String {
    let level = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = Vec::new();
    if let Some(Origin::File { file, line }) = &f.location {
        props.push(format!("file={}", escape_property(file)));
        if *line >= 1 {
            props.push(format!("line={line}"));
        }
    }
    let mut title = format!("{} {}", f.rule.code(), f.rule.name());
    if !f.table.is_empty() {
        title.push_str(&format!(" ({})", f.object()));
    }
    if let Some(Origin::Database { database }) = &f.location {
        title.push_str(&format!(" in {database}"));
    }
    props.push(format!("title={}", escape_property(&title)));
    format!("::{level} {}::{}", props.join(","), escape_data(&f.message))
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.findings {
        writeln!(out, "{}", command(f))?;
    }
    Ok(())
}

/// The Markdown job summary: counts, what was audited, and the findings table.
pub fn write_step_summary(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    markdown::write(report, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("100%\r\na:b,c"), "100%25%0D%0Aa:b,c");
        assert_eq!(escape_property("100%\r\na:b,c"), "100%25%0D%0Aa%3Ab%2Cc");
    }
}

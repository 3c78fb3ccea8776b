//! `--format junit`: JUnit XML for CI test-report views.
//!
//! One `<testsuite name="pitag">` (inside `<testsuites>`); one `<testcase>`
//! per audited table (`classname="pitag.<schema>"`, or `pitag` when the
//! dialect has no schema; `name` = the table), plus one for every table that
//! only findings name. Each finding on a table is a `<failure>` of that
//! testcase (`type` = rule name, `message` = code, severity and message; the
//! body adds the object and `file:line`). Findings about no table (a
//! statement that could not be parsed) go into a testcase named after their
//! location. `tests` counts testcases and `failures` the testcases with at
//! least one failure, as JUnit consumers count them.

use super::Report;
use crate::finding::Finding;
use crate::model::Origin;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Escape text for XML 1.0 content or a double-quoted attribute. Characters
/// XML 1.0 cannot hold at all become U+FFFD; in attributes, tab and line
/// breaks are written as character references so parsers keep them.
pub fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\t' | '\n' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn location(f: &Finding) -> String {
    match &f.location {
        Some(Origin::File { file, line }) => format!("{file}:{line}"),
        Some(Origin::Database { database }) => database.clone(),
        None => String::new(),
    }
}

fn classname(schema: Option<&str>) -> String {
    match schema {
        Some(s) => format!("pitag.{s}"),
        None => "pitag".to_string(),
    }
}

/// A statement testcase: (schema, location) and its findings.
type StatementCase<'a> = ((Option<&'a str>, String), Vec<&'a Finding>);

struct Case<'a> {
    classname: String,
    name: String,
    findings: Vec<&'a Finding>,
}

fn cases(report: &Report) -> Vec<Case<'_>> {
    let mut tables: BTreeMap<(Option<&str>, &str), Vec<&Finding>> = BTreeMap::new();
    for t in &report.tables {
        tables
            .entry((t.schema.as_deref(), t.name.as_str()))
            .or_default();
    }
    // Statement testcases in the order the (sorted) findings first name them.
    let mut statements: Vec<StatementCase> = Vec::new();
    for f in &report.findings {
        if f.table.is_empty() {
            let loc = location(f);
            let name = if loc.is_empty() {
                "(statement)".to_string()
            } else {
                loc
            };
            let key = (f.schema.as_deref(), name);
            match statements.iter_mut().find(|(k, _)| *k == key) {
                Some((_, list)) => list.push(f),
                None => statements.push((key, vec![f])),
            }
        } else {
            tables
                .entry((f.schema.as_deref(), f.table.as_str()))
                .or_default()
                .push(f);
        }
    }
    let mut out: Vec<Case> = tables
        .into_iter()
        .map(|((schema, name), findings)| Case {
            classname: classname(schema),
            name: name.to_string(),
            findings,
        })
        .collect();
    out.extend(
        statements
            .into_iter()
            .map(|((schema, name), findings)| Case {
                classname: classname(schema),
                name,
                findings,
            }),
    );
    out
}

fn failure(f: &Finding, out: &mut dyn Write) -> io::Result<()> {
    let message = format!("{} {}: {}", f.rule.code(), f.severity, f.message);
    let mut body = format!("{} {} ({})\n", f.rule.code(), f.rule.name(), f.severity);
    if !f.table.is_empty() {
        body.push_str(&format!("object: {}\n", f.object()));
    }
    let loc = location(f);
    if !loc.is_empty() {
        body.push_str(&format!("location: {loc}\n"));
    }
    body.push_str(&f.message);
    body.push('\n');
    writeln!(
        out,
        "      <failure type=\"{}\" message=\"{}\">{}</failure>",
        escape(f.rule.name(), true),
        escape(&message, true),
        escape(&body, false)
    )
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let cases = cases(report);
    let tests = cases.len();
    let failures = cases.iter().filter(|c| !c.findings.is_empty()).count();
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        out,
        "<testsuites name=\"pitag\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">"
    )?;
    writeln!(
        out,
        "  <testsuite name=\"pitag\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">"
    )?;
    for case in &cases {
        let open = format!(
            "    <testcase classname=\"{}\" name=\"{}\"",
            escape(&case.classname, true),
            escape(&case.name, true)
        );
        if case.findings.is_empty() {
            writeln!(out, "{open}/>")?;
            continue;
        }
        writeln!(out, "{open}>")?;
        for f in &case.findings {
            failure(f, out)?;
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape("a<b>&\"c'\n", false), "a&lt;b&gt;&amp;\"c'\n");
        assert_eq!(
            escape("a<b>&\"c'\n\t", true),
            "a&lt;b&gt;&amp;&quot;c&apos;&#10;&#9;"
        );
        assert_eq!(escape("x\u{1}y", true), "x\u{fffd}y");
    }
}

//! A comment holds a near-miss of a tag: wrong case (`#ppi`, `#Geo`), a space
//! inside (`# PPI`), a common confusion (`#PII`, `#GPS`, `#PPl`), or text
//! glued to it (`#PPIs`, `mail#PPI`).
//!
//! ## Why
//! Tools that read the tags match `#PPI` and `#GEO` exactly. A near miss looks
//! tagged to a human reviewer and is untagged to every machine.
//!
//! ## Example
//! ```sql
//! COMMENT ON COLUMN users.email IS 'Login e-mail #pii';
//! ```
//!
//! ## Fix
//! ```sql
//! COMMENT ON COLUMN users.email IS 'Login e-mail #PPI';
//! ```
//! The grammar: `#PPI` or `#GEO`, upper case, preceded by start of text or
//! whitespace, followed by end of text, whitespace or one of `,;.)`.
//! `pitag fix` prints (or `--write`s) the statement that rewrites it.

use super::{Context, Rule};
use crate::finding::Finding;
use crate::model::Origin;
use crate::tags::ParsedComment;

pub fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for table in ctx.schema.tables.values() {
        if !table.kind.is_audited() {
            continue;
        }
        let schema = table.schema.as_deref();
        report(out, schema, &table.name, None, &table.parsed, table.comment_origin.as_ref().or(Some(&table.origin)));
        for c in &table.columns {
            report(out, schema, &table.name, Some(&c.name), &c.parsed, c.comment_origin.as_ref().or(Some(&c.origin)));
        }
    }
}

fn report(
    out: &mut Vec<Finding>,
    schema: Option<&str>,
    table: &str,
    column: Option<&str>,
    parsed: &ParsedComment,
    at: Option<&Origin>,
) {
    for m in &parsed.malformed {
        out.push(
            Finding::new(
                Rule::MalformedTag,
                schema,
                table,
                column,
                format!("`{}` is not a tag ({}); write {}", m.text, m.reason, m.meant),
            )
            .at(at)
            .expecting([m.meant]),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect::Postgres;
    use crate::rules::test_support::{model, rule_tests};

    rule_tests! {
        |files| model(super::check, Postgres, files);
        fires: &[("001_init.sql", "CREATE TABLE users (id bigint, email text);\nCOMMENT ON COLUMN users.email IS 'Login e-mail #pii';")];
        clean: &[("001_init.sql", "CREATE TABLE users (id bigint, email text);\nCOMMENT ON COLUMN users.email IS 'Login e-mail #PPI';")];
    }
}

//! A tag stands before other comment text instead of after it.
//!
//! ## Why
//! Rule 2 of the convention: tags come after any other comment text, so the
//! human-readable part stays first in every tool that shows comments, and
//! tools can append or strip tags at the end without touching the text.
//!
//! ## Example
//! ```sql
//! COMMENT ON COLUMN users.email IS '#PPI Login e-mail';
//! ```
//!
//! ## Fix
//! ```sql
//! COMMENT ON COLUMN users.email IS 'Login e-mail #PPI';
//! ```
//! `pitag fix` prints (or `--write`s) the statement that moves it.

use super::{Context, Rule};
use crate::finding::Finding;

pub fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for table in ctx.schema.tables.values() {
        if !table.kind.is_audited() {
            continue;
        }
        let schema = table.schema.as_deref();
        let mut objects = vec![(None, &table.parsed, table.comment_origin.as_ref(), table.comment.as_deref())];
        for c in &table.columns {
            objects.push((Some(c.name.as_str()), &c.parsed, c.comment_origin.as_ref(), c.comment.as_deref()));
        }
        for (column, parsed, at, comment) in objects {
            if parsed.misplaced.is_empty() {
                continue;
            }
            out.push(
                Finding::new(
                    Rule::MisplacedTag,
                    schema,
                    &table.name,
                    column,
                    format!(
                        "{} stands before other text in the comment {:?}; tags go after the text",
                        parsed.misplaced.render(),
                        comment.unwrap_or("")
                    ),
                )
                .at(at.or(Some(&table.origin)))
                .expecting(parsed.misplaced.iter()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect::Postgres;
    use crate::rules::test_support::{model, rule_tests};

    rule_tests! {
        |files| model(super::check, Postgres, files);
        fires: &[("001_init.sql", "CREATE TABLE users (id bigint, email text);\nCOMMENT ON COLUMN users.email IS '#PPI Login e-mail';")];
        clean: &[("001_init.sql", "CREATE TABLE users (id bigint, email text);\nCOMMENT ON COLUMN users.email IS 'Login e-mail #PPI';")];
    }
}

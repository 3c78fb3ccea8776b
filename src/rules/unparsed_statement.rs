//! A statement that can touch tables or comments (CREATE/ALTER/DROP/RENAME
//! TABLE, COMMENT ON, …) could not be parsed, so the audit of the table it
//! names is incomplete.
//!
//! ## Why
//! A privacy auditor that silently skips a statement certifies what it never
//! looked at. pitag reports every statement it could not understand instead of
//! guessing.
//!
//! ## Example
//! ```sql
//! ALTER TABLE users ADD COLUMN email text DEFALT '';   -- typo: not valid SQL
//! ```
//!
//! ## Fix
//! Check that the statement is valid for the dialect (`--dialect`). If it is
//! and pitag cannot read it, please report it; meanwhile suppress it with
//! `-- pitag:ignore unparsed-statement -- <reason>` above the statement.

use super::{Context, Rule};
use crate::finding::Finding;

pub fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for u in &ctx.schema.unparsed {
        out.push(
            Finding::new(
                Rule::UnparsedStatement,
                u.schema.as_deref(),
                u.table.as_deref().unwrap_or(""),
                None,
                format!("could not parse `{}`: {}", u.head, u.reason),
            )
            .at(Some(&u.origin)),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect::Postgres;
    use crate::rules::test_support::{model, rule_tests};

    rule_tests! {
        |files| model(super::check, Postgres, files);
        fires: &[("001_init.sql", "CREATE TABLE users (id bigint);\nALTER TABLE users ADD COLUMN email text DEFALT '';")];
        clean: &[("001_init.sql", "CREATE TABLE users (id bigint);\nALTER TABLE users ADD COLUMN email text DEFAULT '';")];
    }
}

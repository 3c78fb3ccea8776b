//! A statement alters or comments a table that no earlier statement created.
//!
//! ## Why
//! Either the migrations are replayed in the wrong order, a baseline schema is
//! missing from the paths, or the table lives outside the audited files. In
//! each case pitag cannot know the table's columns, so its audit is partial.
//!
//! ## Example
//! ```sql
//! -- 0001.up.sql is the first migration
//! ALTER TABLE accounts ADD COLUMN iban text;   -- accounts was never created
//! ```
//!
//! ## Fix
//! Pass the baseline first (`pitag migrations schema.sql migrations/`), fix
//! the layout or ordering, or allow the table in `pitag.toml` with a reason.

use super::{Context, Rule};
use crate::finding::Finding;

pub fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for u in &ctx.schema.unknown_tables {
        out.push(
            Finding::new(
                Rule::UnknownTable,
                u.schema.as_deref(),
                &u.table,
                None,
                format!("{} names table `{}`, which no earlier statement created", u.statement, u.table),
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
        fires: &[("001_init.sql", "ALTER TABLE accounts ADD COLUMN iban text;")];
        clean: &[("001_init.sql", "CREATE TABLE accounts (id bigint);\nALTER TABLE accounts ADD COLUMN iban text;")];
    }
}

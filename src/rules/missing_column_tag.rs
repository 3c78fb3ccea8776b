//! A column that holds Primary Personal Information or geolocation data (as
//! the classifier judges it) lacks the `#PPI` or `#GEO` tag in its comment.
//!
//! ## Why
//! The company rule tags every PPI and geolocation column in its SQL comment,
//! so data catalogues, masking jobs and auditors can find personal data from
//! the schema alone. An untagged `email` column is invisible to all of them.
//!
//! ## Example
//! ```sql
//! CREATE TABLE users (id bigint, email text);       -- email is untagged
//! ```
//!
//! ## Fix
//! Tag the column in the statement that creates it, after any other text:
//! ```sql
//! CREATE TABLE users (id bigint, email text);
//! COMMENT ON COLUMN users.email IS 'Login e-mail #PPI';
//! ```
//! On MySQL/MariaDB: ``email varchar(255) COMMENT 'Login e-mail #PPI'``.
//! `pitag fix` writes the repairing migration. If the classifier is wrong,
//! add the column to `[classifier] never` in `pitag.toml`, or suppress the
//! finding with `-- pitag:ignore missing-column-tag -- <reason>`.

use super::shared::lost_now;
use super::{Context, Rule};
use crate::finding::Finding;

pub fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for (key, table) in &ctx.schema.tables {
        if !table.kind.is_audited() {
            continue;
        }
        let classified = ctx.table_classes(key);
        for (i, column) in table.columns.iter().enumerate() {
            let Some(class) = classified(i) else { continue };
            let Some(tag) = class.category.tag() else { continue };
            // A tag that was there and got removed is lost-tag's to report.
            if column.tags().contains(tag) || lost_now(&column.history, column.tags()).contains(tag) {
                continue;
            }
            let mut f = Finding::new(
                Rule::MissingColumnTag,
                table.schema.as_deref(),
                &table.name,
                Some(&column.name),
                format!(
                    "holds {} ({}, {} confidence: {}) but its comment lacks {tag}",
                    class.category.describe(),
                    class.category,
                    class.confidence,
                    class.evidence
                ),
            )
            .at(Some(&column.origin))
            .expecting([tag]);
            f.category = Some(class.category);
            f.confidence = Some(class.confidence);
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect::Postgres;
    use crate::rules::test_support::{model, rule_tests};

    rule_tests! {
        |files| model(super::check, Postgres, files);
        fires: &[("001_init.sql", "CREATE TABLE users (id bigint, email text);")];
        clean: &[("001_init.sql", "CREATE TABLE users (id bigint, email text);\nCOMMENT ON COLUMN users.email IS 'Login e-mail #PPI';")];
    }
}

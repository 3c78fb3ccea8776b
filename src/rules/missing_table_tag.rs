//! A table that holds `#PPI` or `#GEO` columns (tagged, or classified as PI)
//! lacks the same tag in its own table comment.
//!
//! ## Why
//! Rule 1 of the convention: a table carries every tag its columns carry, so
//! that table-level tools (retention jobs, access reviews, data maps) see the
//! personal data without reading every column.
//!
//! ## Example
//! ```sql
//! CREATE TABLE customers (id bigint, phone text);
//! COMMENT ON COLUMN customers.phone IS 'Mobile #PPI';  -- table comment has no #PPI
//! ```
//!
//! ## Fix
//! ```sql
//! COMMENT ON TABLE customers IS 'Shop customers #PPI';
//! ```
//! On MySQL/MariaDB: ``ALTER TABLE customers COMMENT = 'Shop customers #PPI'``.
//! `pitag fix` prints (or `--write`s) it, keeping the existing text.

use super::shared::lost_now;
use super::{Context, Rule};
use crate::finding::Finding;
use crate::tags::TagSet;

pub fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for (key, table) in &ctx.schema.tables {
        if !table.kind.is_audited() {
            continue;
        }
        let mut expected = TagSet::EMPTY;
        let mut because = Vec::new();
        let classified = ctx.table_classes(key);
        for (i, column) in table.columns.iter().enumerate() {
            let mut col = column.tags();
            if let Some(tag) = classified(i).and_then(|c| c.category.tag()) {
                col.insert(tag);
            }
            if !col.minus(table.tags()).is_empty() && because.len() < 3 {
                because.push(column.name.as_str());
            }
            expected = expected.union(col);
        }
        let missing = expected
            .minus(table.tags())
            .minus(lost_now(&table.history, table.tags()));
        if missing.is_empty() {
            continue;
        }
        out.push(
            Finding::new(
                Rule::MissingTableTag,
                table.schema.as_deref(),
                &table.name,
                None,
                format!(
                    "holds {} data (columns {}) but the table comment lacks {}",
                    missing.render(),
                    because.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", "),
                    missing.render()
                ),
            )
            .at(Some(&table.origin))
            .expecting(missing.iter()),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect::Postgres;
    use crate::rules::test_support::{model, rule_tests};

    rule_tests! {
        |files| model(super::check, Postgres, files);
        fires: &[("001_init.sql", "CREATE TABLE customers (id bigint, phone text);\nCOMMENT ON COLUMN customers.phone IS 'Mobile #PPI';")];
        clean: &[("001_init.sql", "CREATE TABLE customers (id bigint, phone text);\nCOMMENT ON COLUMN customers.phone IS 'Mobile #PPI';\nCOMMENT ON TABLE customers IS 'Shop customers #PPI';")];
    }
}

//! `pitag drift` only: a table or column exists on one side (the replayed
//! migrations or the live database) and not on the other — schema drift, not
//! tag drift.
//!
//! ## Why
//! The tags of an object that exists on one side only cannot be compared, so
//! `drift` cannot vouch for them. A table or column that only the migrations
//! create means a migration was not applied (or the object was dropped or
//! renamed by hand); one that only the database holds was created by hand, or
//! by migrations that are not among the audited paths. Either way the
//! migrations no longer describe production.
//!
//! Tables that migration tools keep for themselves (`schema_migrations`,
//! `flyway_schema_history`, `goose_db_version`, `_sqlx_migrations`,
//! `__diesel_schema_migrations`, `_prisma_migrations`, `databasechangelog`, …)
//! are not reported when only the database holds them.
//!
//! ## Example
//! `0007_add_phone.up.sql` adds `users.phone`, but production never ran it;
//! or someone ran `CREATE TABLE export_tmp (email text)` in production.
//!
//! ## Fix
//! Apply the missing migration, or write a migration that creates (or drops)
//! what production holds. A table that is not managed by these migrations on
//! purpose (an extension's table such as PostGIS `spatial_ref_sys`) can be
//! allowed in `pitag.toml` with `rule = "schema-drift"` and a reason, or left
//! out with `--exclude-schema`.

use super::pass::Pairing;
use super::Rule;
use crate::finding::Finding;
use crate::tags::TagSet;

const SCHEMA_DRIFT: &str = "(schema drift, not tag drift: its tags cannot be compared)";

/// Objects on one side only. A table only the migrations create is located
/// at its `CREATE`; a column only the database holds at its table's
/// `CREATE`; a table only the database holds at the database.
pub fn check(pair: &Pairing, roots: &[String], out: &mut Vec<Finding>) {
    let finding = match *pair {
        Pairing::MigrationsOnlyTable { table, schema } => Finding::new(
            Rule::SchemaDrift,
            schema,
            &table.name,
            None,
            format!(
                "table `{}` is created by the migrations ({}) but is not in the database: \
                 a migration was not applied, or the table was dropped or renamed by hand {SCHEMA_DRIFT}",
                table.name,
                table.origin.relative_to(roots)
            ),
        )
        .at(Some(&table.origin)),
        Pairing::DatabaseOnlyTable { table } => Finding::new(
            Rule::SchemaDrift,
            table.schema.as_deref(),
            &table.name,
            None,
            format!(
                "table `{}` is in the database but no migration creates it: it was created by hand, \
                 or by migrations that are not among the paths{} {SCHEMA_DRIFT}",
                table.qualified_name(),
                tags_note(table.tags())
            ),
        )
        .at(Some(&table.origin)),
        Pairing::MigrationsOnlyColumn { column, live } => Finding::new(
            Rule::SchemaDrift,
            live.schema.as_deref(),
            &live.name,
            Some(&column.name),
            format!(
                "column `{}.{}` is added by the migrations ({}) but is not in the database: \
                 a migration was not applied, or the column was dropped or renamed by hand {SCHEMA_DRIFT}",
                live.name,
                column.name,
                column.origin.relative_to(roots)
            ),
        )
        .at(Some(&column.origin)),
        Pairing::DatabaseOnlyColumn {
            column,
            live,
            migrations,
        } => Finding::new(
            Rule::SchemaDrift,
            live.schema.as_deref(),
            &live.name,
            Some(&column.name),
            format!(
                "column `{}.{}` is in the database but no migration creates it (table created at {}): \
                 it was added by hand, or by a migration that is not among the paths{} {SCHEMA_DRIFT}",
                live.name,
                column.name,
                migrations.origin.relative_to(roots),
                tags_note(column.tags())
            ),
        )
        .at(Some(&migrations.origin)),
        Pairing::Table { .. } | Pairing::Column { .. } => return,
    };
    out.push(finding);
}

fn tags_note(tags: TagSet) -> String {
    if tags.is_empty() {
        String::new()
    } else {
        format!("; it carries {} there", tags.render())
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect::Postgres;
    use crate::rules::test_support::{drift, rule_tests};
    use crate::rules::Rule;

    rule_tests! {
        |migrations, database| drift(Rule::SchemaDrift, Postgres, migrations, database);
        fires: &[("001_init.sql", "CREATE TABLE users (id bigint, email text);\nCOMMENT ON TABLE users IS 'Accounts #PPI';\nCOMMENT ON COLUMN users.email IS 'Login e-mail #PPI';\nALTER TABLE users ADD COLUMN phone text;\nCREATE TABLE orders (id bigint);")], &[("001_db.sql", "CREATE TABLE users (id bigint, email text);\nCOMMENT ON TABLE users IS 'Accounts #PPI';\nCOMMENT ON COLUMN users.email IS 'Login e-mail #PPI';\nCREATE TABLE export_tmp (email text);\nCOMMENT ON COLUMN export_tmp.email IS 'Mail #PPI';\nALTER TABLE users ADD COLUMN nickname text;\nCREATE TABLE schema_migrations (version bigint);")];
        clean: &[("001_init.sql", "CREATE TABLE users (id bigint, email text);\nCOMMENT ON TABLE users IS 'Accounts #PPI';\nCOMMENT ON COLUMN users.email IS 'Login e-mail #PPI';")], &[("001_db.sql", "CREATE TABLE users (id bigint, email text);\nCOMMENT ON TABLE users IS 'Accounts #PPI';\nCOMMENT ON COLUMN users.email IS 'Login e-mail #PPI';\nCREATE TABLE schema_migrations (version bigint);")];
    }
}

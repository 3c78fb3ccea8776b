//! A template placeholder (`${name}`, `{{ … }}`) has no value, so the
//! statements it would shape were not replayed.
//!
//! Flyway and Liquibase `${name}`, Go templates `{{ … }}`: the tables those
//! statements touch are not audited. One finding per file, at the first
//! statement held back, names every such placeholder and the setting that
//! gives it a value.
//!
//! ## Why
//! Placeholders usually stand for schema or table names. Without their value
//! pitag cannot know which table a statement touches; parsing the raw text
//! would produce dozens of meaningless parse errors, or worse, wrong tables.
//!
//! ## What is replayed
//! Placeholders are substituted before a file is split and parsed. A
//! statement in which a placeholder without a value would become part of a
//! name, type, comment or the search path (or that cannot be read without
//! it) is held back; the file's other statements are replayed, including
//! those where the placeholder changes nothing pitag records (a
//! `GRANT … TO ${flyway:user}`, said on stderr). `${flyway:defaultSchema}.`
//! as a qualifier reads as Flyway's default schema, where unqualified names
//! resolve (said on stderr); `${flyway:filename}` and `${flyway:table}` take
//! Flyway's values.
//!
//! Where `${…}` is a placeholder: everywhere in Flyway and Liquibase files
//! (those tools replace it in the whole text, string literals included),
//! only in SQL code elsewhere: in a plain file `COMMENT 'Phone #${PPI}'` is
//! text and stays exactly as written, unless `PPI` is given a value.
//!
//! ## Example
//! ```sql
//! CREATE TABLE ${schema}.users (id int, email text);
//! ```
//!
//! ## Fix
//! Give the placeholder a value in `pitag.toml` (a key with `:` or `.` is
//! quoted):
//! ```toml
//! [placeholders]
//! schema = "public"
//! "flyway:user" = "app"
//! ```
//! or on the command line: `--placeholder schema=public` (repeatable; it
//! wins over `pitag.toml`). For `{{ .Schema }}` the key is `Schema`.

use super::{Context, Rule};
use crate::finding::Finding;
use crate::model::NoticeKind;

pub fn check(ctx: &Context, out: &mut Vec<Finding>) {
    super::shared::notices(ctx, NoticeKind::UnresolvedPlaceholder, Rule::UnresolvedPlaceholder, out);
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect::Postgres;
    use crate::rules::test_support::{model, rule_tests};

    rule_tests! {
        |files| model(super::check, Postgres, files);
        fires: &[("001_init.sql", "CREATE TABLE ${schema}.users (id int, email text);\nCREATE TABLE orders (id int);")];
        clean: &[("001_init.sql", "CREATE TABLE orders (id int);")];
    }
}

//! A statement that the server would refuse, so the migration fails there:
//! `ADD COLUMN` of a column that already exists, `RENAME` onto a table that
//! exists, `CHANGE`/`MODIFY`/`RENAME COLUMN`/`DROP COLUMN`/`ALTER COLUMN` of
//! a column that does not.
//!
//! ## Why
//! pitag follows what the server does: a refused statement changes nothing
//! (an `ALTER TABLE` with several sub-commands is all or nothing), so the
//! model stays as it was. A migration set that cannot be applied to a fresh
//! database is also a sign that pitag is replaying the files in a different
//! order or subset than your migration tool does. MariaDB's `IF [NOT] EXISTS`
//! guards are followed, and inside a MySQL procedure with a `DECLARE …
//! HANDLER` a refused statement is caught, not reported. Columns of a table
//! pitag never saw created (an `unknown-table`) are not checked.
//!
//! ## Example
//! ```sql
//! CREATE TABLE users (id int, email text COMMENT 'login #PPI');
//! ALTER TABLE users ADD COLUMN email varchar(255);   -- duplicate column
//! ALTER TABLE users CHANGE mail email2 text;         -- no column `mail`
//! ```
//!
//! ## Fix
//! Fix the migration (or the replay order: `pitag migrations --list`). If the
//! statement is guarded in a way pitag cannot see, suppress it with
//! `-- pitag:ignore rejected-statement -- <reason>`.

use super::{Context, Rule};
use crate::finding::Finding;
use crate::model::NoticeKind;

pub fn check(ctx: &Context, out: &mut Vec<Finding>) {
    super::shared::notices(ctx, NoticeKind::RejectedStatement, Rule::RejectedStatement, out);
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect::Mysql;
    use crate::rules::test_support::{model, rule_tests};

    rule_tests! {
        |files| model(super::check, Mysql, files);
        fires: &[("001_init.sql", "CREATE TABLE users (id int, email text COMMENT 'login #PPI') COMMENT 'people #PPI';\nALTER TABLE users ADD COLUMN email varchar(255);\nALTER TABLE users CHANGE mail email2 text;")];
        clean: &[("001_init.sql", "CREATE TABLE users (id int, email text COMMENT 'login #PPI') COMMENT 'people #PPI';\nALTER TABLE users ADD COLUMN phone varchar(20);\nALTER TABLE users CHANGE email email2 text COMMENT 'login #PPI';")];
    }
}

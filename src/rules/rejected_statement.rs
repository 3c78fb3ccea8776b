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
    use crate::dialect::Dialect;
    use crate::rules::test_support::model;

    #[test]
    fn fires() {
        insta::assert_snapshot!(model(super::check, Dialect::Mysql, &[("001_init.sql", r#"CREATE TABLE users (id int, email text COMMENT 'login #PPI') COMMENT 'people #PPI';
ALTER TABLE users ADD COLUMN email varchar(255);
ALTER TABLE users CHANGE mail email2 text;
"#)]));
    }

    #[test]
    fn clean() {
        assert_eq!(model(super::check, Dialect::Mysql, &[("001_init.sql", r#"CREATE TABLE users (id int, email text COMMENT 'login #PPI') COMMENT 'people #PPI';
ALTER TABLE users ADD COLUMN phone varchar(20);
ALTER TABLE users CHANGE email email2 text COMMENT 'login #PPI';
"#)]), "");
    }
}

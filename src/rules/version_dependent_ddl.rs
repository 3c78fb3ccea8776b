//! DDL inside a version-conditional comment (`/*!NNNNN … */` on MySQL and
//! MariaDB, `/*M!NNNNNN … */` on MariaDB) whose effect on tables, columns or
//! comments depends on the server version the migration runs on.
//!
//! ## Why
//! Servers run such a comment's body only when their version is at least
//! NNNNN; MariaDB also skips the five-digit versions 50700–99999 (MySQL 5.7+
//! features), MySQL never runs `/*M!`, and no server runs `/*!99999 … */`.
//! So `/*!80000 COMMENT '… #PPI' */` keeps a tag on MySQL 8 that MariaDB
//! 10.11 drops. pitag replays them for one target server: `[mysql]
//! server_version` in `pitag.toml`, else MariaDB 10.11 for `dialect =
//! "mariadb"` or mariadb-dump output, else MySQL 8.4. While the version is
//! not set, a statement whose tables, columns or comments would differ on
//! another MySQL 5.7–9 or MariaDB 10.5–11.8 server is reported here, because
//! a tag kept on one server may be lost on the other. Dump boilerplate
//! (`/*!40101 SET … */`, `/*!80023 INVISIBLE */`) changes nothing audited and
//! is not reported.
//!
//! ## Example
//! ```sql
//! ALTER TABLE users MODIFY email varchar(255) /*!80000 COMMENT 'login #PPI' */;
//! ```
//!
//! ## Fix
//! Write the comment outside the conditional comment, or set the server you
//! deploy to (`[mysql] server_version = "mariadb-10.11"`), which also
//! silences this rule.

use super::{Context, Rule};
use crate::finding::Finding;
use crate::model::NoticeKind;

pub fn check(ctx: &Context, out: &mut Vec<Finding>) {
    super::shared::notices(ctx, NoticeKind::VersionDependent, Rule::VersionDependentDdl, out);
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect::Mysql;
    use crate::rules::test_support::{model, rule_tests};

    rule_tests! {
        |files| model(super::check, Mysql, files);
        fires: &[("001_init.sql", "CREATE TABLE users (id int, email varchar(100) COMMENT 'login #PPI') COMMENT 'people #PPI';\nALTER TABLE users MODIFY email varchar(255) /*!80000 COMMENT 'login #PPI' */;")];
        clean: &[("001_init.sql", "/*!40101 SET NAMES utf8mb4 */;\nCREATE TABLE users (id int, email varchar(100) COMMENT 'login #PPI') COMMENT 'people #PPI';\nALTER TABLE users MODIFY email varchar(255) COMMENT 'login #PPI';")];
    }
}

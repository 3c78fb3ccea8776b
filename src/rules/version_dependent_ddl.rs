//! DDL inside a version-conditional comment (`/*!NNNNN … */` on MySQL and
//! MariaDB, `/*M!NNNNNN … */` on MariaDB) whose effect depends on the server
//! version the migration runs on.
//!
//! ## Why
//! Servers run such a comment's body only when their version is at least
//! NNNNN: MariaDB 10.11 skips `/*!80000 … */`, MySQL 8 runs it, no server
//! runs `/*!99999 … */`. pitag replays them for one target server version
//! (`[mysql] server_version` in `pitag.toml`, a documented default per
//! dialect) and reports the statements whose comment or columns would differ
//! on another version, because a tag kept on one server may be lost on the
//! other.
//!
//! ## Example
//! ```sql
//! ALTER TABLE users MODIFY email varchar(255) /*!80000 COMMENT 'login #PPI' */;
//! ```
//!
//! ## Fix
//! Write the comment outside the conditional comment, or set the server
//! version you deploy to, and suppress with
//! `-- pitag:ignore version-dependent-ddl -- <reason>`.

use super::{Context, Rule};
use crate::finding::Finding;
use crate::model::NoticeKind;

pub fn check(ctx: &Context, out: &mut Vec<Finding>) {
    super::notices(ctx, NoticeKind::VersionDependent, Rule::VersionDependentDdl, out);
}

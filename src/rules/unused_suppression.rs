//! An inline `pitag:ignore`, a `[[allow]]` entry in `pitag.toml`, or a
//! baseline entry matched no finding.
//!
//! ## Why
//! Stale suppressions hide future problems: once the original finding is
//! fixed, the leftover ignore would silence a new, unrelated one on the same
//! object.
//!
//! ## Example
//! ```sql
//! -- pitag:ignore missing-column-tag -- legacy table
//! CREATE TABLE audit_log (id bigint, event text);   -- nothing to ignore here
//! ```
//!
//! ## Fix
//! Delete the suppression (or the baseline entry: rewrite the baseline with
//! `--write-baseline`).

use super::Rule;
use crate::finding::Finding;
use crate::model::Origin;

/// The finding for a suppression at `origin` that matched nothing.
pub fn finding(what: &str, origin: Origin) -> Finding {
    Finding::new(
        Rule::UnusedSuppression,
        None,
        "",
        None,
        format!("{what} matched no finding; remove it"),
    )
    .at(Some(&origin))
}

//! `pitag diff` only: a migration file that exists at the base ref was
//! changed or deleted by the branch.
//!
//! ## Why
//! Applied migrations must not be rewritten: databases that already ran the
//! old version never see the edit, so a tag added by editing an old file
//! exists in new environments only, and a tag removed that way lingers.
//!
//! ## Example
//! The branch edits `migrations/0003_users.up.sql`, which is on `main`.
//!
//! ## Fix
//! Revert the edit and put the change in a new migration.

use super::pass::FileChange;
use super::Rule;
use crate::finding::Finding;
use crate::model::Origin;

/// A migration file at the base ref that the branch changed or deleted.
pub fn check(change: &FileChange, reference: &str, out: &mut Vec<Finding>) {
    let how = if change.deleted { "deleted" } else { "changed" };
    out.push(
        Finding::new(
            Rule::EditedMigration,
            None,
            "",
            None,
            format!(
                "{} exists at {reference} and was {how}: applied migrations must not be rewritten; \
                 put the change in a new migration",
                change.file
            ),
        )
        .at(Some(&Origin::file(change.file.clone(), 1))),
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::pass::{check_diff, FileChange};
    use crate::rules::test_support::{render, rule_tests};

    fn change(file: &str, deleted: bool) -> FileChange {
        FileChange {
            file: file.into(),
            deleted,
        }
    }

    rule_tests! {
        |changes: &[FileChange]| render(&check_diff(changes, "main"));
        fires: &[change("migrations/0003_users.up.sql", false), change("migrations/0004_orders.up.sql", true)];
        clean: &[];
    }
}

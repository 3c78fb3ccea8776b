//! A tag that an earlier statement set was removed by a later one, and no
//! later statement restored it. Reported at the statement that removed it.
//!
//! ## Why
//! Tags must survive every migration. They get lost all the time: a
//! `COMMENT ON` that rewrites the text without the tag, a MySQL
//! `MODIFY COLUMN`/`CHANGE COLUMN` without `COMMENT` (MySQL drops the comment
//! silently), a table dropped and rebuilt, a column dropped and re-added.
//! This rule does not depend on the classifier: any tag that disappears is
//! reported.
//!
//! ## Example
//! ```sql
//! -- 0001_init.up.sql (MySQL)
//! CREATE TABLE users (email varchar(255) COMMENT 'Login e-mail #PPI');
//! -- 0003_widen.up.sql
//! ALTER TABLE users MODIFY email varchar(320) NOT NULL;   -- comment gone
//! ```
//!
//! ## Fix
//! Restate the comment in the statement that changes the column
//! (``MODIFY email varchar(320) NOT NULL COMMENT 'Login e-mail #PPI'``), or
//! add a migration that restores it (`pitag fix` writes one).

use super::shared::{last_removals, tagged, Tagged};
use super::{Context, Rule};
use crate::finding::Finding;
use crate::model::CommentAction;

pub fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for t in tagged(ctx.schema) {
        report(out, &t);
    }
}

fn report(out: &mut Vec<Finding>, t: &Tagged) {
    for (tag, at) in last_removals(t.history) {
        if t.now.contains(tag) {
            continue;
        }
        let removal = &t.history[at];
        let set_by = t.history[..at]
            .iter()
            .rposition(|e| e.after.contains(tag) && !e.before.contains(tag))
            .map(|i| &t.history[i].origin);
        let how = match removal.action {
            CommentAction::Restated => "restating the column without COMMENT dropped it",
            CommentAction::Dropped => "the object was dropped and re-created without it",
            CommentAction::Copied => "the object was re-created from a copy without it",
            CommentAction::Replaced => "the table was rebuilt under its old name without it",
            _ => "the comment was rewritten without it",
        };
        let message = match set_by {
            Some(origin) => format!("the {tag} tag set in {} was removed: {how}", origin.short()),
            None => format!("the {tag} tag was removed: {how}"),
        };
        out.push(
            Finding::new(Rule::LostTag, t.schema, t.table, t.column, message)
                .at(Some(&removal.origin))
                .expecting([tag]),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect::Mysql;
    use crate::rules::test_support::{model, rule_tests};

    rule_tests! {
        |files| model(super::check, Mysql, files);
        fires: &[("001_init.sql", "CREATE TABLE users (id int, email varchar(255) COMMENT 'Login e-mail #PPI') COMMENT 'Accounts #PPI';"), ("003_widen.sql", "ALTER TABLE users MODIFY email varchar(320) NOT NULL;")];
        clean: &[("001_init.sql", "CREATE TABLE users (id int, email varchar(255) COMMENT 'Login e-mail #PPI') COMMENT 'Accounts #PPI';"), ("003_widen.sql", "ALTER TABLE users MODIFY email varchar(320) NOT NULL COMMENT 'Login e-mail #PPI';")];
    }
}

//! A table or column was created without a tag and only tagged by a later
//! migration file.
//!
//! ## Why
//! Rule 3 of the convention: tags are set in the statement or migration that
//! creates the object. Between the two migrations the data was untagged, and
//! any environment that stopped in between still is.
//!
//! ## Example
//! ```sql
//! -- V1__users.sql
//! CREATE TABLE users (id bigint, email text);
//! -- V7__tags.sql
//! COMMENT ON COLUMN users.email IS '#PPI';
//! ```
//!
//! ## Fix
//! For new objects, tag them in the creating migration. Applied migrations
//! must not be rewritten, so for existing ones suppress with
//! `-- pitag:ignore late-tag -- <reason>` on the creating statement, or an
//! `[[allow]]` entry in `pitag.toml`.

use super::shared::{tagged, Tagged};
use super::{Context, Rule};
use crate::finding::Finding;
use crate::model::CommentAction;

pub fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for t in tagged(ctx.schema) {
        report(out, &t);
    }
}

fn report(out: &mut Vec<Finding>, t: &Tagged) {
    let Some(created_at) = t.history.iter().rposition(|e| e.action == CommentAction::Created) else {
        return;
    };
    let created = &t.history[created_at];
    for tag in t.now.minus(created.after).iter() {
        let Some(tagged) = t.history[created_at + 1..]
            .iter()
            .find(|e| e.after.contains(tag) && !e.before.contains(tag))
        else {
            continue;
        };
        if tagged.unit == created.unit {
            continue;
        }
        out.push(
            Finding::new(
                Rule::LateTag,
                t.schema,
                t.table,
                t.column,
                format!("created without {tag}, which was only added later, in {}", tagged.origin.short()),
            )
            .at(Some(&created.origin))
            .expecting([tag]),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect::Postgres;
    use crate::rules::test_support::{model, rule_tests};

    rule_tests! {
        |files| model(super::check, Postgres, files);
        fires: &[("001_users.sql", "CREATE TABLE users (id bigint, email text);\nCOMMENT ON TABLE users IS 'Accounts #PPI';"), ("007_tags.sql", "COMMENT ON COLUMN users.email IS 'Login e-mail #PPI';")];
        clean: &[("001_users.sql", "CREATE TABLE users (id bigint, email text);\nCOMMENT ON TABLE users IS 'Accounts #PPI';\nCOMMENT ON COLUMN users.email IS 'Login e-mail #PPI';")];
    }
}

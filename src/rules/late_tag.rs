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

use super::shared::tagged;
use super::{Context, Rule};
use crate::finding::Finding;
use crate::model::{CommentAction, TagEvent};
use crate::tags::TagSet;

pub fn check(ctx: &Context, out: &mut Vec<Finding>) {
    for t in tagged(ctx.schema) {
        report(out, t.schema, t.table, t.column, t.history, t.now);
    }
}

fn report(
    out: &mut Vec<Finding>,
    schema: Option<&str>,
    table: &str,
    column: Option<&str>,
    history: &[TagEvent],
    now: TagSet,
) {
    let Some(created_at) = history.iter().rposition(|e| e.action == CommentAction::Created) else {
        return;
    };
    let created = &history[created_at];
    for tag in now.minus(created.after).iter() {
        let Some(tagged) = history[created_at + 1..]
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
                schema,
                table,
                column,
                format!("created without {tag}, which was only added later, in {}", tagged.origin.short()),
            )
            .at(Some(&created.origin))
            .expecting([tag]),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::rules::test_support::model;

    #[test]
    fn fires() {
        insta::assert_snapshot!(model(super::check, Dialect::Postgres, &[("001_users.sql", r#"CREATE TABLE users (id bigint, email text);
COMMENT ON TABLE users IS 'Accounts #PPI';
"#), ("007_tags.sql", r#"COMMENT ON COLUMN users.email IS 'Login e-mail #PPI';
"#)]));
    }

    #[test]
    fn clean() {
        assert_eq!(model(super::check, Dialect::Postgres, &[("001_users.sql", r#"CREATE TABLE users (id bigint, email text);
COMMENT ON TABLE users IS 'Accounts #PPI';
COMMENT ON COLUMN users.email IS 'Login e-mail #PPI';
"#)]), "");
    }
}

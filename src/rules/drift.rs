//! `pitag drift` only: a tag is present on one side (the replayed migrations
//! or the live database) and absent on the other.
//!
//! ## Why
//! Production must match the migrations. A tag that exists only in production
//! was added by hand and will vanish on the next rebuild; a tag that exists
//! only in the migrations was removed by hand (a `COMMENT ON`, a MySQL
//! `MODIFY` without `COMMENT`), or the migration that sets it never ran.
//!
//! Tables and columns are matched by name after the dialect's folding
//! (PostgreSQL compares exactly, after unquoted names were folded to lower
//! case; MySQL/MariaDB compares table and column names case-insensitively)
//! and after resolving unqualified migration tables through `--search-path`
//! (PostgreSQL, default `public`) or the URL's database (MySQL). Only valid
//! tags are compared, not the rest of the comment text. The message shows
//! both comments; the location is the migration statement that set the
//! comment (or created the object), so code annotations point at the code.
//! `expected_tags` lists the tags that differ. Objects that exist on one side
//! only are `schema-drift`, not `drift`.
//!
//! ## Example
//! Migrations tag `users.email` with `#PPI`; in production someone ran
//! `COMMENT ON COLUMN users.email IS 'email'`:
//! ```text
//! #PPI in the migrations but not in the database — migrations: 'Login e-mail #PPI'
//! (0001_init.up.sql:4); database: 'email'
//! ```
//!
//! ## Fix
//! Bring the two sides together: apply the missing migration, or write a
//! migration that records what production holds (`pitag fix`).

use super::pass::Pairing;
use super::Rule;
use crate::finding::Finding;
use crate::model::Origin;
use crate::tags::TagSet;

/// Matched objects whose valid tags differ; one-sided objects are
/// `schema-drift`'s.
pub fn check(pair: &Pairing, roots: &[String], out: &mut Vec<Finding>) {
    let (m_tags, m_comment, m_origin, l_tags, l_comment, table, column) = match *pair {
        Pairing::Table { migrations, live } => (
            migrations.tags(),
            migrations.comment.as_deref(),
            migration_origin(&migrations.comment_origin, &migrations.origin),
            live.tags(),
            live.comment.as_deref(),
            live,
            None,
        ),
        Pairing::Column {
            migrations,
            live,
            table,
        } => (
            migrations.tags(),
            migrations.comment.as_deref(),
            migration_origin(&migrations.comment_origin, &migrations.origin),
            live.tags(),
            live.comment.as_deref(),
            table,
            Some(live.name.as_str()),
        ),
        _ => return,
    };
    if m_tags == l_tags {
        return;
    }
    out.push(
        Finding::new(
            Rule::Drift,
            table.schema.as_deref(),
            &table.name,
            column,
            message(m_tags, l_tags, m_comment, m_origin, l_comment, roots),
        )
        .expecting(m_tags.minus(l_tags).union(l_tags.minus(m_tags)).iter())
        .at(Some(m_origin)),
    );
}

/// Where the migrations set an object's comment (or created it).
fn migration_origin<'a>(comment_origin: &'a Option<Origin>, origin: &'a Origin) -> &'a Origin {
    comment_origin.as_ref().unwrap_or(origin)
}

/// `#PPI in the migrations but not in the database — migrations: '…' (f.sql:3); database: '…'`
fn message(
    m_tags: TagSet,
    l_tags: TagSet,
    m_comment: Option<&str>,
    m_origin: &Origin,
    l_comment: Option<&str>,
    roots: &[String],
) -> String {
    let only_m = m_tags.minus(l_tags);
    let only_l = l_tags.minus(m_tags);
    let what = match (only_m.is_empty(), only_l.is_empty()) {
        (false, true) => format!(
            "{} in the migrations but not in the database",
            only_m.render()
        ),
        (true, false) => format!(
            "{} in the database but not in the migrations",
            only_l.render()
        ),
        _ => format!(
            "{} only in the migrations, {} only in the database",
            only_m.render(),
            only_l.render()
        ),
    };
    format!(
        "{what} — migrations: {} ({}); database: {}",
        show_comment(m_comment),
        m_origin.relative_to(roots),
        show_comment(l_comment)
    )
}

/// A comment for a message: quoted, on one line, at most 120 characters.
fn show_comment(comment: Option<&str>) -> String {
    match comment {
        None => "no comment".to_string(),
        Some(c) => {
            let one_line: String = c
                .chars()
                .map(|ch| if ch.is_control() { ' ' } else { ch })
                .collect();
            let mut chars = one_line.chars();
            let head: String = chars.by_ref().take(120).collect();
            if chars.next().is_some() {
                format!("'{head}…'")
            } else {
                format!("'{head}'")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect::Postgres;
    use crate::rules::test_support::{drift, rule_tests};
    use crate::rules::Rule;

    rule_tests! {
        |migrations, database| drift(Rule::Drift, Postgres, migrations, database);
        fires: &[("001_init.sql", "CREATE TABLE users (id bigint, email text);\nCOMMENT ON TABLE users IS 'Accounts #PPI';\nCOMMENT ON COLUMN users.email IS 'Login e-mail #PPI';")], &[("001_db.sql", "CREATE TABLE users (id bigint, email text);\nCOMMENT ON TABLE users IS 'Accounts #PPI';\nCOMMENT ON COLUMN users.email IS 'email';")];
        clean: &[("001_init.sql", "CREATE TABLE users (id bigint, email text);\nCOMMENT ON TABLE users IS 'Accounts #PPI';\nCOMMENT ON COLUMN users.email IS 'Login e-mail #PPI';")], &[("001_db.sql", "CREATE TABLE users (id bigint, email text);\nCOMMENT ON TABLE users IS 'Accounts #PPI';\nCOMMENT ON COLUMN users.email IS 'E-mail used to log in #PPI';")];
    }

    #[test]
    fn long_comments_are_cut() {
        let long = "x".repeat(300);
        let shown = super::show_comment(Some(&long));
        assert_eq!(shown.chars().count(), 123);
        assert!(shown.ends_with("…'"));
        assert_eq!(super::show_comment(Some("a\nb")), "'a b'");
    }
}

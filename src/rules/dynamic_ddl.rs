//! DDL that a migration builds at run time (`EXECUTE` of a string expression
//! in a PostgreSQL `DO` block or function, MySQL `PREPARE … FROM @var`) and
//! that pitag could not resolve to a fixed statement, so the tables it
//! touches are not audited.
//!
//! ## Why
//! pitag replays `EXECUTE 'ALTER TABLE …'`, `EXECUTE format('… %I … %L …',
//! 'lit', …)`, `||` of literals, `quote_ident('lit')` / `quote_literal('lit')`
//! and variables assigned such a text, when the text is known before the
//! migration runs. When it depends on a query result, a loop variable or a
//! session variable set elsewhere, pitag cannot know which table or column it
//! changes; saying nothing would certify a schema it never saw. The finding
//! names the table when the literal part of the text does. `EXECUTE` of text
//! that is not DDL (`'UPDATE ' || t`, `GRANT …`) is not reported.
//!
//! ## Example
//! ```sql
//! DO $$ DECLARE t text; BEGIN
//!   FOR t IN SELECT tablename FROM pg_tables LOOP
//!     EXECUTE format('ALTER TABLE %I ADD COLUMN phone text', t);
//!   END LOOP;
//! END $$;
//! ```
//!
//! ## Fix
//! Write the DDL statically where you can. Otherwise tag the affected
//! columns in a later static statement, and suppress the finding with
//! `-- pitag:ignore dynamic-ddl -- <reason>` above the statement.

use super::{Context, Rule};
use crate::finding::Finding;
use crate::model::NoticeKind;

pub fn check(ctx: &Context, out: &mut Vec<Finding>) {
    super::shared::notices(ctx, NoticeKind::DynamicDdl, Rule::DynamicDdl, out);
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect::Postgres;
    use crate::rules::test_support::{model, rule_tests};

    rule_tests! {
        |files| model(super::check, Postgres, files);
        fires: &[("001_init.sql", "CREATE TABLE users (id bigint);\nDO $$ DECLARE t text; BEGIN\n  FOR t IN SELECT tablename FROM pg_tables LOOP\n    EXECUTE format('ALTER TABLE %I ADD COLUMN phone text', t);\n  END LOOP;\nEND $$;")];
        clean: &[("001_init.sql", "CREATE TABLE users (id bigint);\nDO $$ BEGIN\n  EXECUTE format('ALTER TABLE %I ADD COLUMN phone text', 'users');\nEND $$;")];
    }
}

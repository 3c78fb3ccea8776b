//! A migration file uses a template placeholder (Flyway or Liquibase
//! `${name}`, Go templates `{{ … }}`) that has no value, so its statements
//! could not be read as the migration tool would run them.
//!
//! ## Why
//! Placeholders usually stand for schema or table names. Without their value
//! pitag cannot know which table a statement touches; parsing the raw text
//! would produce dozens of meaningless parse errors, or worse, wrong tables.
//! One finding per file names the placeholder and the setting to give it.
//!
//! ## Example
//! ```sql
//! CREATE TABLE ${schema}.users (id int, email text);
//! ```
//!
//! ## Fix
//! Give the placeholder a value in `pitag.toml`:
//! ```toml
//! [placeholders]
//! schema = "public"
//! ```
//! or on the command line: `--placeholder schema=public`.

use super::{Context, Rule};
use crate::finding::Finding;
use crate::model::NoticeKind;

pub fn check(ctx: &Context, out: &mut Vec<Finding>) {
    super::notices(ctx, NoticeKind::UnresolvedPlaceholder, Rule::UnresolvedPlaceholder, out);
}

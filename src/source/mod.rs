//! Inputs: migration folders, SQL files and schema dumps (and, later, live
//! catalogs), each turned into the one [`crate::model::Schema`].
//!
//! - [`layout`] finds the migration files under each path, recognises the
//!   folder's layout (Flyway, golang-migrate, goose, …), orders them by the
//!   layout's own rules and cuts each file into the segments that apply (the
//!   `up` part, Liquibase changesets).
//! - [`placeholders`] substitutes template placeholders (`${name}`,
//!   `{{ .Name }}`) before a file is split.
//! - [`split`] cuts SQL text into statements with the line each begins on.
//! - [`replay`] parses the statements that can change tables or comments and
//!   applies them to the model, recording each object's tag history.

pub mod layout;
pub mod live;
pub mod placeholders;
pub mod replay;
pub mod split;
pub mod sql_lex;

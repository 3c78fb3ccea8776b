//! Inputs: migration folders, SQL files and schema dumps, and live
//! catalogs, each turned into the one [`crate::model::Schema`].
//!
//! Files reach the model through [`load()`], the one entry point for
//! commands and tests, in named stages (each a function of [`mod@load`]
//! with its own doc): *discover* the files under each path and their layout
//! ([`layout`]), *read* them and decide the dialect (the `--list` view
//! stops here), *substitute* template placeholders ([`placeholders`]),
//! *split* each file's segments into statements ([`split`]), *parse* every
//! statement in parallel, and *replay* them in order into the model
//! ([`replay`]), recording each object's tag history. What a stage would
//! say on stderr comes back as notes in the [`Loaded`] (or the [`Stopped`]
//! error); the caller prints them. A live database skips the stages: [`live`]
//! reads its catalog straight into the same model.
//!
//! A new source is one more way to fill a `Schema`: a new migration tool is
//! a layout (discovery and segments) and the stages stay as they are; a new
//! database is a module under [`live`] beside `postgres` and `mysql` (URL
//! scheme in `parse_target`, connection errors mapped to
//! [`crate::error::LiveError`], catalog queries building the model), so the
//! classifier, rules and reports work on it unchanged.

pub mod layout;
pub mod live;
pub mod load;
pub mod placeholders;
pub mod replay;
pub mod split;
pub mod sql_lex;

pub use load::{load, LoadOptions, Loaded, Notes, Plan, Stopped};

//! pitag: audits `#PPI` / `#GEO` privacy tags in SQL schema comments.
//!
//! Data flows one way:
//! `source` (migrations, dumps, live catalogs) -> [`model::Schema`] ->
//! [`classify`] -> [`rules`] -> [`finding::Finding`]s -> [`report`].

pub mod audit;
pub mod classify;
pub mod config;
pub mod dialect;
pub mod diff;
pub mod drift;
pub mod error;
pub mod finding;
pub mod fix;
pub mod inventory;
pub mod model;
pub mod pi_inventory;
pub mod report;
pub mod rules;
pub mod sample;
pub mod source;
pub mod suppress;
pub mod tags;

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


//! `pitag drift` only: a tag is present on one side (the replayed migrations
//! or the live database) and absent on the other.
//!
//! ## Why
//! Production must match the migrations. A tag that exists only in production
//! was added by hand and will vanish on the next rebuild; a tag that exists
//! only in the migrations was removed by hand, or its migration never ran.
//!
//! ## Example
//! Migrations tag `users.email` with `#PPI`; in production someone ran
//! `COMMENT ON COLUMN users.email IS 'email'`.
//!
//! ## Fix
//! Bring the two sides together: apply the missing migration, or write a
//! migration that records what production holds (`pitag fix`).


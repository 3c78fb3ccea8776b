//! `pitag drift` only: a table or column exists on one side (the replayed
//! migrations or the live database) and not on the other — schema drift, not
//! tag drift.
//!
//! ## Why
//! The tags of an object that exists on one side only cannot be compared, so
//! `drift` cannot vouch for them. A table or column that only the migrations
//! create means a migration was not applied (or the object was dropped or
//! renamed by hand); one that only the database holds was created by hand, or
//! by migrations that are not among the audited paths. Either way the
//! migrations no longer describe production.
//!
//! Tables that migration tools keep for themselves (`schema_migrations`,
//! `flyway_schema_history`, `goose_db_version`, `_sqlx_migrations`,
//! `__diesel_schema_migrations`, `_prisma_migrations`, `databasechangelog`, …)
//! are not reported when only the database holds them.
//!
//! ## Example
//! `0007_add_phone.up.sql` adds `users.phone`, but production never ran it;
//! or someone ran `CREATE TABLE export_tmp (email text)` in production.
//!
//! ## Fix
//! Apply the missing migration, or write a migration that creates (or drops)
//! what production holds. A table that is not managed by these migrations on
//! purpose (an extension's table such as PostGIS `spatial_ref_sys`) can be
//! allowed in `pitag.toml` with `rule = "schema-drift"` and a reason, or left
//! out with `--exclude-schema`.

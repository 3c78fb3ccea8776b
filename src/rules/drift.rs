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

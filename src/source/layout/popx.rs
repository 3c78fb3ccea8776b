//! popx (ory): golang-migrate names with a dialect suffix
//! (`<version>_<name>.postgres.up.sql`); versions compare as strings, and
//! the dialect-specific file of a version replaces the one for all dialects
//! (see `Discovery::retain_dialect`).

use super::lines::whole_file;
use super::name::Naming;
use super::order::natural_path_cmp;
use super::versioned::Rules;
use super::walk::count;
use super::{Build, Evidence, Layout, Tool};

pub(super) const TOOL: Tool = Tool {
    layout: Layout::Popx,
    name: "popx",
    // Every up file counts once one of them has a dialect suffix.
    votes: |entries| {
        let suffixed = count(entries, |e| {
            matches!(
                e.naming,
                Naming::UpDown {
                    suffix: Some(_),
                    ..
                }
            )
        });
        if suffixed == 0 {
            0
        } else {
            count(entries, |e| matches!(e.naming, Naming::UpDown { .. }))
        }
    },
    evidence: Evidence::Named("named <version>_<name>[.<dialect>].up.sql"),
    build: Build::Versioned(Rules {
        take: |e| match &e.naming {
            Naming::UpDown { ver, suffix, .. } => Ok((ver.clone(), suffix.clone())),
            _ => Err(None),
        },
        // Version strings compare as strings; the dialect-specific file of a
        // version comes before the one for all dialects.
        order: |a, b| {
            a.ver
                .cmp(&b.ver)
                .then_with(|| a.tag.is_none().cmp(&b.tag.is_none()))
                .then_with(|| a.tag.cmp(&b.tag))
                .then_with(|| natural_path_cmp(&a.e.rel, &b.e.rel))
        },
        // One version has a file per dialect.
        same_version: None,
        tag_is_dialect: true,
    }),
    segments: whole_file,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::layout::testutil::*;

    #[test]
    fn popx_order_dialects_and_retain() {
        let (_t, d) = discover_named(
            &[
                "20200101000000000000_init.postgres.up.sql",
                "20200101000000000000_init.mysql.up.sql",
                "20200101000000000000_init.cockroach.up.sql",
                "20200101000000000000_init.sqlite3.up.sql",
                "20200101000000000000_init.postgres.down.sql",
                "20200201000000000000_shared.up.sql",
                "20200301000000000000_both.up.sql",
                "20200301000000000000_both.mysql.up.sql",
                "20200401000000000000_idx.postgres.autocommit.up.sql",
                "stray.sql",
            ],
            "",
        );
        assert_eq!(
            names(&d),
            [
                "20200101000000000000_init.cockroach.up.sql",
                "20200101000000000000_init.mysql.up.sql",
                "20200101000000000000_init.postgres.up.sql",
                "20200101000000000000_init.sqlite3.up.sql",
                "20200201000000000000_shared.up.sql",
                "20200301000000000000_both.mysql.up.sql",
                "20200301000000000000_both.up.sql",
                "20200401000000000000_idx.postgres.autocommit.up.sql",
            ]
        );
        assert!(d.files.iter().all(|f| f.layout == Layout::Popx));
        assert!(d.files[0].other_dialect && d.files[0].dialect.is_none());
        assert_eq!(d.files[1].dialect, Some(Dialect::Mysql));
        assert_eq!(d.files[7].dialect, Some(Dialect::Postgres));
        assert_eq!(skipped_names(&d), ["stray.sql"]);
        assert!(d.dialect_hint().is_none());

        let pg = retained(&d, Dialect::Postgres);
        assert_eq!(
            names(&pg),
            [
                "20200101000000000000_init.postgres.up.sql",
                "20200201000000000000_shared.up.sql",
                "20200301000000000000_both.up.sql",
                "20200401000000000000_idx.postgres.autocommit.up.sql",
            ]
        );
        assert!(pg
            .skipped
            .iter()
            .any(|s| s.display.ends_with("init.cockroach.up.sql")
                && s.reason == "migration for cockroach, not postgres"));

        let my = retained(&d, Dialect::Mysql);
        assert_eq!(
            names(&my),
            [
                "20200101000000000000_init.mysql.up.sql",
                "20200201000000000000_shared.up.sql",
                "20200301000000000000_both.mysql.up.sql",
            ]
        );
        assert!(my
            .skipped
            .iter()
            .any(|s| s.display.ends_with("_both.up.sql") && s.reason.contains("superseded")));
    }

    #[test]
    fn corpus_kratos_popx() {
        let Some(p) = corpus("ory-kratos/persistence/sql/migrations/sql") else {
            return;
        };
        let d = one(&p);
        assert!(d.files.iter().all(|f| f.layout == Layout::Popx));
        assert!(
            skipped_names(&d).is_empty(),
            "{:?}",
            &d.skipped[..d.skipped.len().min(5)]
        );
        assert!(d.skipped.iter().all(|s| s.display.ends_with(".down.sql")));
        assert!(d.files.windows(2).all(|w| w[0].version <= w[1].version));
        let pg = retained(&d, Dialect::Postgres);
        // 279 `.postgres.` up files + unsuffixed up files not superseded.
        assert!(pg.files.len() > 300, "{}", pg.files.len());
        assert!(pg
            .files
            .iter()
            .all(|f| f.dialect != Some(Dialect::Mysql) && !f.other_dialect));
        let pg_up = pg
            .files
            .iter()
            .filter(|f| f.dialect == Some(Dialect::Postgres))
            .count();
        assert_eq!(pg_up, 279);
        let my = retained(&d, Dialect::Mysql);
        assert!(my.files.len() > 300);
    }
}

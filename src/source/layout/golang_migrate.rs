//! golang-migrate: `<version>_<title>.up.sql` files (the `.down.sql` ones
//! are rollbacks) in numeric version order, one file a version.

use super::lines::whole_file;
use super::name::Naming;
use super::versioned::{Rules, Taken};
use super::walk::{count, Entry};
use super::{Build, Evidence, Layout, Tool};

pub(super) const TOOL: Tool = Tool {
    layout: Layout::GolangMigrate,
    name: "golang-migrate",
    votes: |entries| count(entries, |e| matches!(e.naming, Naming::UpDown { .. })),
    evidence: Evidence::Named("named <version>_<title>.up.sql"),
    build: Build::Versioned(Rules {
        take: up_file,
        ..Rules::BY_NUMBER
    }),
    segments: whole_file,
};

/// The version of a `<version>_<title>.up.sql` file (sqlx runs them too).
pub(super) fn up_file(e: &Entry) -> Taken {
    match &e.naming {
        Naming::UpDown { ver, .. } => Ok((ver.clone(), None)),
        _ => Err(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::layout::testutil::*;

    #[test]
    fn golang_migrate_long_versions_compare_as_numbers() {
        let (_t, d) = discover_named(
            &[
                "20210410175418_b.up.sql",
                "20210410175418_b.down.sql",
                "99999999999999999999_huge.up.sql",
                "0003_three.up.sql",
                "2_two.up.sql",
                "10_ten.up.sql",
                "10_ten.down.sql",
                "misc.sql",
            ],
            "",
        );
        assert_eq!(
            names(&d),
            [
                "2_two.up.sql",
                "0003_three.up.sql",
                "10_ten.up.sql",
                "20210410175418_b.up.sql",
                "99999999999999999999_huge.up.sql"
            ]
        );
        assert!(d.files.iter().all(|f| f.layout == Layout::GolangMigrate));
        assert_eq!(d.files[1].version.as_deref(), Some("0003"));
        // down files are skipped as rollbacks, the stray file for not fitting.
        assert_eq!(skipped_names(&d), ["misc.sql"]);
        assert_eq!(
            rollback_names(&d),
            ["10_ten.down.sql", "20210410175418_b.down.sql"]
        );
        assert_eq!(d.roots[0].layout, Layout::GolangMigrate);
        assert!(d.roots[0].guess, "{:?}", d.roots[0]);
        assert_eq!(
            d.roots[0].evidence,
            "5 of 6 .sql files named <version>_<title>.up.sql; the others are skipped"
        );
    }
}

//! One folder per migration (Diesel and others): `<version>_<name>/up.sql`
//! (`down.sql` beside it is the rollback), in natural version order.

use super::lines::whole_file;
use super::name::Naming;
use super::order::{natural_cmp, natural_path_cmp};
use super::versioned::{self, Rules};
use super::walk::count;
use super::{Build, Evidence, Layout, Tool};

pub(super) const TOOL: Tool = Tool {
    layout: Layout::FolderPerMigration,
    name: "folder-per-migration",
    votes: |entries| {
        count(entries, |e| {
            matches!(e.naming, Naming::FolderMigration { .. })
        })
    },
    evidence: Evidence::Named("named <version>_<name>/up.sql"),
    build: Build::Versioned(Rules {
        take: |e| match &e.naming {
            Naming::FolderMigration { ver, dir, .. } => Ok((ver.clone(), Some(dir.clone()))),
            _ => Err(None),
        },
        order: |a, b| {
            natural_cmp(&a.ver, &b.ver)
                .then_with(|| a.tag.cmp(&b.tag))
                .then_with(|| natural_path_cmp(&a.e.rel, &b.e.rel))
        },
        same_version: Some(versioned::same_text),
        ..Rules::BY_NUMBER
    }),
    segments: whole_file,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::layout::testutil::*;

    #[test]
    fn folder_per_migration_orders_by_folder_version() {
        let (_t, d) = discover_files(&[
            ("2020-01-10-000000_users/up.sql", ""),
            ("2020-01-10-000000_users/down.sql", ""),
            ("00000000000000_diesel_initial_setup/up.sql", ""),
            ("00000000000000_diesel_initial_setup/down.sql", ""),
            ("2020-01-02-000000_posts/up.sql", ""),
        ]);
        assert_eq!(
            names(&d),
            [
                "00000000000000_diesel_initial_setup/up.sql",
                "2020-01-02-000000_posts/up.sql",
                "2020-01-10-000000_users/up.sql"
            ]
        );
        assert!(d
            .files
            .iter()
            .all(|f| f.layout == Layout::FolderPerMigration));
        assert!(skipped_names(&d).is_empty());
        assert_eq!(
            rollback_names(&d),
            [
                "00000000000000_diesel_initial_setup/down.sql",
                "2020-01-10-000000_users/down.sql"
            ]
        );
    }
}

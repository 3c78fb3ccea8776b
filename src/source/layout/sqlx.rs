//! sqlx: `<version>_<description>.sql` files, or reversible
//! `<version>_<description>.up.sql` ones, in numeric version order.

use super::golang_migrate;
use super::lines::whole_file;
use super::name::Naming;
use super::versioned::Rules;
use super::walk::{count, Annot};
use super::{Build, Evidence, Layout, Tool};

pub(super) const TOOL: Tool = Tool {
    layout: Layout::Sqlx,
    name: "sqlx",
    // Numbered files without goose / dbmate sections, and up files.
    votes: |entries| {
        count(entries, |e| match e.naming {
            Naming::Numbered { .. } => e.annot() == Annot::None,
            Naming::UpDown { .. } => true,
            _ => false,
        })
    },
    evidence: Evidence::Named("named <version>_<description>.sql"),
    build: Build::Versioned(Rules {
        // Simple files, and reversible ones named as golang-migrate does.
        take: |e| match &e.naming {
            Naming::Numbered { ver } => Ok((ver.clone(), None)),
            _ => golang_migrate::up_file(e),
        },
        ..Rules::BY_NUMBER
    }),
    segments: whole_file,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::layout::testutil::*;

    #[test]
    fn sqlx_accepts_simple_and_reversible_files() {
        let (_t, d) = discover_files(&[
            ("20220101000000_init.sql", "create table a(id int);"),
            ("20220201000000_more.up.sql", ""),
            ("20220201000000_more.down.sql", ""),
            ("20220301000000_last.sql", ""),
        ]);
        assert_eq!(
            names(&d),
            [
                "20220101000000_init.sql",
                "20220201000000_more.up.sql",
                "20220301000000_last.sql"
            ]
        );
        assert!(d.files.iter().all(|f| f.layout == Layout::Sqlx));
        assert!(skipped_names(&d).is_empty());
        assert_eq!(rollback_names(&d), ["20220201000000_more.down.sql"]);
        assert!(!d.roots[0].guess);
    }
}

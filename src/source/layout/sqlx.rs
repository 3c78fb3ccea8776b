//! sqlx: `<version>_<description>.sql` files, or reversible
//! `<version>_<description>.up.sql` ones, in numeric version order.

use super::lines::whole_file;
use super::name::Naming;
use super::versioned::{self, Rules};
use super::walk::{count, Annot};
use super::{Evidence, Layout, Tool};

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
    build: |entries, folder, out| versioned::build(&RULES, entries, folder, out),
    segments: whole_file,
};

const RULES: Rules = Rules {
    layout: Layout::Sqlx,
    take: |e| match &e.naming {
        Naming::UpDown { ver, .. } | Naming::Numbered { ver } => Ok((ver.clone(), None)),
        _ => Err(None),
    },
    order: versioned::by_number,
    same_version: Some(versioned::same_number),
    tag_is_dialect: false,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::layout::testutil::*;

    #[test]
    fn sqlx_accepts_simple_and_reversible_files() {
        let t = tempfile::tempdir().unwrap();
        write(
            t.path(),
            "20220101000000_init.sql",
            "create table a(id int);",
        );
        write(t.path(), "20220201000000_more.up.sql", "");
        write(t.path(), "20220201000000_more.down.sql", "");
        write(t.path(), "20220301000000_last.sql", "");
        let d = one(t.path());
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

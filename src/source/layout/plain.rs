//! Plain SQL files and dumps: no tool's naming fits, so every `.sql` file is
//! replayed in natural path order (`2.sql` before `10.sql`).

use super::lines::whole_file;
use super::name::{plain_version, Naming};
use super::order::natural_path_cmp;
use super::walk::{content_layout, count, new_file, Entry, Folder};
use super::{Build, Discovery, Evidence, Layout, Tool};

pub(super) const TOOL: Tool = Tool {
    layout: Layout::Plain,
    name: "plain",
    // A folder with a Liquibase file is a Liquibase folder.
    votes: |entries| {
        if entries.iter().any(|e| e.peek.liquibase) {
            0
        } else {
            count(entries, |e| e.naming == Naming::Other)
        }
    },
    evidence: Evidence::EveryFile {
        what: "no migration tool's naming convention matched",
        guess: true,
    },
    build: Build::Own(build_plain),
    segments: whole_file,
};

/// Liquibase / plain: natural path order; each file keeps the layout its own
/// content asks for (Liquibase header, goose / dbmate sections).
pub(super) fn build_plain(mut entries: Vec<Entry>, _: &Folder, out: &mut Discovery) {
    entries.sort_by(|a, b| natural_path_cmp(&a.rel, &b.rel));
    for e in entries {
        // Rollback files never get here (see `rollback_mark`).
        let version = match &e.naming {
            Naming::FlywayVersioned(v)
            | Naming::FlywayBaseline(v)
            | Naming::UpDown { ver: v, .. }
            | Naming::Numbered { ver: v }
            | Naming::FolderMigration { ver: v, .. }
            | Naming::Prisma { ver: v, .. } => Some(v.clone()),
            _ => plain_version(e.name()),
        };
        let layout = content_layout(e.peek);
        out.files.push(new_file(&e, layout, version));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::layout::testutil::*;

    #[test]
    fn plain_folder_uses_natural_order_and_majority_rules() {
        let (_t, d) = discover_named(&["10.sql", "2.sql", "schema.sql", "V1__x.sql", "a.txt"], "");
        assert_eq!(names(&d), ["2.sql", "10.sql", "V1__x.sql", "schema.sql"]);
        assert!(d.files.iter().all(|f| f.layout == Layout::Plain));
        assert!(d.skipped.is_empty());
    }
}

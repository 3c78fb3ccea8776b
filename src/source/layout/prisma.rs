//! Prisma: `<timestamp>_<name>/migration.sql` folders in name order; the
//! `migration_lock.toml` beside them names the dialect.

use super::lines::whole_file;
use super::name::Naming;
use super::order::natural_path_cmp;
use super::walk::{count, new_file, skip_entry, Entry, Folder};
use super::{Build, Discovery, Evidence, Layout, MigrationFile, Tool};
use crate::dialect::Dialect;
use std::path::Path;

pub(super) const TOOL: Tool = Tool {
    layout: Layout::Prisma,
    name: "prisma",
    votes: |entries| count(entries, |e| matches!(e.naming, Naming::Prisma { .. })),
    evidence: Evidence::Named("named <timestamp>_<name>/migration.sql"),
    build: Build::Own(build_prisma),
    segments: whole_file,
};

fn build_prisma(entries: Vec<Entry>, folder: &Folder, out: &mut Discovery) {
    let mut found: Vec<(Entry, String, String)> = Vec::new();
    for e in entries {
        match e.naming.clone() {
            Naming::Prisma { dir, ver } => found.push((e, dir, ver)),
            _ => skip_entry(
                out,
                &e,
                "not a Prisma migration (<timestamp>_<name>/migration.sql) in a Prisma folder",
            ),
        }
    }
    // Prisma applies migration folders in name order.
    found.sort_by(|a, b| {
        a.1.cmp(&b.1)
            .then_with(|| natural_path_cmp(&a.0.rel, &b.0.rel))
    });
    for (e, _, ver) in found {
        let mut f = new_file(&e, Layout::Prisma, Some(ver));
        let lock_dir = &e.rel[..e.rel.len().saturating_sub(2)];
        if let Some(p) = folder.locks.get(lock_dir) {
            set_prisma_dialect(&mut f, p);
        }
        out.files.push(f);
    }
}

/// Mark `file` with the dialect of a `migration_lock.toml` provider.
pub(super) fn set_prisma_dialect(file: &mut MigrationFile, provider: &str) {
    match provider {
        "postgresql" | "postgres" => file.dialect = Some(Dialect::Postgres),
        "mysql" => file.dialect = Some(Dialect::Mysql),
        _ => file.other_dialect = true,
    }
}

/// The provider a `migration_lock.toml` names, lower-case.
pub(super) fn read_prisma_provider(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == "provider").then(|| v.trim().trim_matches('"').to_ascii_lowercase())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::layout::testutil::*;

    #[test]
    fn prisma_lock_provider_gives_dialect_and_hint() {
        let (_t, d) = discover_files(&[
            (
                "migration_lock.toml",
                "# Please do not edit\nprovider = \"mysql\"\n",
            ),
            ("20230102000000_second/migration.sql", ""),
            ("20230101000000_init/migration.sql", ""),
        ]);
        assert_eq!(
            names(&d),
            [
                "20230101000000_init/migration.sql",
                "20230102000000_second/migration.sql"
            ]
        );
        assert!(d
            .files
            .iter()
            .all(|f| f.layout == Layout::Prisma && f.dialect == Some(Dialect::Mysql)));
        assert_eq!(d.files[0].version.as_deref(), Some("20230101000000"));
        let (dialect, why) = d.dialect_hint().unwrap();
        assert_eq!(dialect, Dialect::Mysql);
        assert!(why.contains("migration_lock.toml"));
        let mut pg = d;
        pg.retain_dialect(Dialect::Postgres);
        assert!(pg.files.is_empty());
        assert_eq!(pg.skipped.len(), 2);
    }
}

//! What the layout tests share: temporary folders, discovery, and the names
//! of what was found and skipped.

pub(super) use super::{discover, segments, Discovery, Layout, MigrationFile};
pub(super) use crate::dialect::Dialect;
pub(super) use crate::error::SourceError;
pub(super) use std::fs;
pub(super) use std::path::{Path, PathBuf};

pub(super) fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

/// File names (last path component, or `dir/up.sql` for folder layouts).
pub(super) fn names(d: &Discovery) -> Vec<String> {
    d.files
        .iter()
        .map(|f| {
            let parts: Vec<&str> = f.display.rsplit('/').take(2).collect();
            if matches!(f.layout, Layout::FolderPerMigration | Layout::Prisma) {
                format!("{}/{}", parts[1], parts[0])
            } else {
                parts[0].to_string()
            }
        })
        .collect()
}

/// Skipped files other than rollbacks.
pub(super) fn skipped_names(d: &Discovery) -> Vec<String> {
    d.skipped
        .iter()
        .filter(|s| !s.rollback)
        .map(|s| s.display.rsplit('/').next().unwrap().to_string())
        .collect()
}

/// Skipped rollback files, as paths inside the PATH.
pub(super) fn rollback_names(d: &Discovery) -> Vec<String> {
    d.skipped
        .iter()
        .filter(|s| s.rollback)
        .map(|s| {
            let root = &d.roots[s.root].display;
            s.display[root.len() + 1..].to_string()
        })
        .collect()
}

pub(super) fn one(dir: &Path) -> Discovery {
    discover(&[dir.to_path_buf()]).unwrap()
}

pub(super) fn mf(layout: Layout) -> MigrationFile {
    MigrationFile {
        path: PathBuf::from("m.sql"),
        display: "db/m.sql".into(),
        layout,
        version: None,
        dialect: None,
        other_dialect: false,
        root: 0,
    }
}

pub(super) fn corpus(rel: &str) -> Option<PathBuf> {
    let p = Path::new("/work/shared/corpora").join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("note: {} absent, corpus check skipped", p.display());
        None
    }
}

/// A temporary folder with a file of `text` at each of `names`, and what
/// discovery finds in it.
pub(super) fn discover_named(names: &[&str], text: &str) -> (tempfile::TempDir, Discovery) {
    let t = tempfile::tempdir().unwrap();
    for n in names {
        write(t.path(), n, text);
    }
    let d = one(t.path());
    (t, d)
}

/// `d` with only the files for `dialect` (see `Discovery::retain_dialect`).
pub(super) fn retained(d: &Discovery, dialect: Dialect) -> Discovery {
    let mut d = d.clone();
    d.retain_dialect(dialect);
    d
}

/// A temporary folder with `files` (path inside it, text), and what
/// discovery finds in it.
pub(super) fn discover_files(files: &[(&str, &str)]) -> (tempfile::TempDir, Discovery) {
    let t = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        write(t.path(), rel, text);
    }
    let d = one(t.path());
    (t, d)
}

//! The walk: every `.sql` file under a PATH, its naming shape and a peek at
//! its first lines, the vote that picks the folder's layout, and the calls
//! into that tool's `build`.

use super::name::{dialect_from_token, is_sql, parse_name, plain_version, rollback_mark, Naming};
use super::order::natural_path_cmp;
use super::{
    dbmate, goose, liquibase, majority, plain, prisma, versioned, Build, Discovery, Evidence,
    Layout, MigrationFile, Root, Skipped, Tool, TOOLS,
};
use crate::error::SourceError;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

const PEEK_BYTES: u64 = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Annot {
    None,
    Goose,
    Dbmate,
}

#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Peek {
    pub(super) liquibase: bool,
    pub(super) goose: bool,
    pub(super) dbmate: bool,
}

/// A `.sql` file of a folder, before its tool decides about it.
pub(super) struct Entry {
    pub(super) path: PathBuf,
    /// Index of its PATH in [`Discovery::roots`].
    pub(super) root: usize,
    /// Components of the path inside the PATH.
    pub(super) rel: Vec<String>,
    pub(super) display: String,
    pub(super) naming: Naming,
    pub(super) peek: Peek,
}

impl Entry {
    pub(super) fn name(&self) -> &str {
        self.rel.last().map(String::as_str).unwrap_or("")
    }
    pub(super) fn annot(&self) -> Annot {
        if self.peek.goose {
            Annot::Goose
        } else if self.peek.dbmate {
            Annot::Dbmate
        } else {
            Annot::None
        }
    }
}

/// What a folder's tool may need besides its files.
pub(super) struct Folder {
    /// The PATH's own name (a Flyway vendor folder such as `postgres`).
    pub(super) root_name: String,
    /// Folder (path components inside the PATH) -> the provider its Prisma
    /// `migration_lock.toml` names.
    pub(super) locks: HashMap<Vec<String>, String>,
}

/// How many of `entries` that are not Liquibase files `fits`.
pub(super) fn count(entries: &[Entry], fits: impl Fn(&Entry) -> bool) -> usize {
    entries
        .iter()
        .filter(|e| !e.peek.liquibase && fits(e))
        .count()
}

fn needs_peek(naming: &Naming) -> bool {
    matches!(naming, Naming::Numbered { .. } | Naming::Other)
}

/// Read the first 4 KiB and look for the Liquibase header and the goose /
/// dbmate up annotations. Unreadable files peek as nothing (reading them for
/// replay reports the error).
fn peek(path: &Path) -> Peek {
    let mut buf = Vec::with_capacity(PEEK_BYTES as usize);
    let Ok(f) = std::fs::File::open(path) else {
        return Peek::default();
    };
    if f.take(PEEK_BYTES).read_to_end(&mut buf).is_err() {
        return Peek::default();
    }
    let text = String::from_utf8_lossy(&buf);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut p = Peek::default();
    let mut first_non_blank = true;
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if first_non_blank {
            first_non_blank = false;
            p.liquibase = liquibase::is_liquibase_header(t);
        }
        if goose::goose_command(line).is_some_and(|c| c == "up") {
            p.goose = true;
        }
        if dbmate::dbmate_directive(line) == Some(true) {
            p.dbmate = true;
        }
    }
    p
}

// ---------------------------------------------------------------------------
// Walking
// ---------------------------------------------------------------------------

/// The PATH as given, with '/' separators and no trailing '/'.
fn display_root(path: &Path) -> String {
    let mut s = path.to_string_lossy().into_owned();
    if std::path::MAIN_SEPARATOR != '/' {
        s = s.replace(std::path::MAIN_SEPARATOR, "/");
    }
    while s.len() > 1 && s.ends_with('/') {
        s.pop();
    }
    s
}

fn join_display(root: &str, rel: &[String]) -> String {
    let mut s = String::with_capacity(root.len() + 32);
    s.push_str(root);
    for c in rel {
        if !s.is_empty() && !s.ends_with('/') {
            s.push('/');
        }
        s.push_str(c);
    }
    s
}

fn rel_components(root: &Path, path: &Path) -> Vec<String> {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect()
}

/// What a file that is neither a regular file, a folder nor a symbolic link is.
pub fn special_file(t: &std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("a device");
        }
    }
    if t.is_file() || t.is_dir() || t.is_symlink() {
        None
    } else {
        Some("a special file")
    }
}

/// Discover the `.sql` files of a folder PATH.
pub(super) fn discover_dir(root: &Path, out: &mut Discovery) -> Result<(), SourceError> {
    let droot = display_root(root);
    out.roots.push(Root {
        display: droot.clone(),
        is_dir: true,
        layout: Layout::Plain,
        evidence: "no .sql file found".to_string(),
        guess: false,
    });
    let root_index = out.roots.len() - 1;
    let mut entries: Vec<Entry> = Vec::new();
    let mut rollbacks: Vec<(Vec<String>, Skipped)> = Vec::new();
    // folder (relative components) -> prisma provider
    let mut locks: HashMap<Vec<String>, String> = HashMap::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for item in walker {
        let entry = match item {
            Ok(e) => e,
            Err(err) => {
                let p = err
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.to_path_buf());
                let display = join_display(&droot, &rel_components(root, &p));
                if err.loop_ancestor().is_some() {
                    out.skipped.push(Skipped {
                        display,
                        reason: "symlink loop".to_string(),
                        root: root_index,
                        rollback: false,
                    });
                    continue;
                }
                let depth = err.depth();
                match err.into_io_error() {
                    Some(io) if io.kind() == std::io::ErrorKind::NotFound && depth > 0 => {
                        // A migration that cannot be read leaves the audit incomplete: fail closed.
                        if is_sql(&display) {
                            return Err(SourceError::Walk {
                                path: PathBuf::from(display),
                                message: "broken symbolic link: this migration cannot be read"
                                    .to_string(),
                            });
                        }
                        continue;
                    }
                    Some(source) => return Err(SourceError::Io { path: p, source }),
                    None => {
                        return Err(SourceError::Walk {
                            path: p,
                            message: "cannot walk this folder".to_string(),
                        })
                    }
                }
            }
        };
        if !entry.file_type().is_file() {
            // A FIFO, socket or device named like a migration would block or
            // yield garbage: it cannot be audited, so the run cannot be complete.
            if let Some(what) = special_file(&entry.file_type()) {
                if is_sql(&entry.file_name().to_string_lossy()) {
                    return Err(SourceError::Walk {
                        path: PathBuf::from(join_display(
                            &droot,
                            &rel_components(root, entry.path()),
                        )),
                        message: format!(
                            "{what}, not a regular file: this migration cannot be read"
                        ),
                    });
                }
            }
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if name == "migration_lock.toml" {
            let mut dir = rel_components(root, entry.path());
            dir.pop();
            if let Some(p) = prisma::read_prisma_provider(entry.path()) {
                locks.insert(dir, p);
            }
            continue;
        }
        if !is_sql(&name) {
            continue;
        }
        let rel = rel_components(root, entry.path());
        let parent = if rel.len() >= 2 {
            Some(rel[rel.len() - 2].as_str())
        } else {
            None
        };
        if let Some(reason) = rollback_mark(&name, rel.split_last().map_or(&[][..], |(_, d)| d)) {
            rollbacks.push((
                rel.clone(),
                Skipped {
                    display: join_display(&droot, &rel),
                    reason,
                    root: root_index,
                    rollback: true,
                },
            ));
            continue;
        }
        let naming = parse_name(&name, parent);
        entries.push(Entry {
            path: entry.path().to_path_buf(),
            root: root_index,
            display: join_display(&droot, &rel),
            rel,
            naming,
            peek: Peek::default(),
        });
    }
    // Deterministic order for everything below (readdir order is not).
    entries.par_sort_unstable_by(|a, b| a.rel.cmp(&b.rel));
    rollbacks.sort_by(|a, b| natural_path_cmp(&a.0, &b.0));
    out.skipped.extend(rollbacks.into_iter().map(|(_, s)| s));
    entries
        .par_iter_mut()
        .filter(|e| needs_peek(&e.naming))
        .for_each(|e| e.peek = peek(&e.path));
    if entries.is_empty() {
        if out
            .skipped
            .iter()
            .any(|s| s.root == root_index && s.rollback)
        {
            out.roots[root_index].evidence = "only rollback .sql files".to_string();
        }
        return Ok(());
    }
    let (tool, matched) = choose_tool(&entries);
    let r = &mut out.roots[root_index];
    r.layout = tool.layout;
    (r.evidence, r.guess) = evidence(tool, matched, entries.len());
    let folder = Folder {
        root_name: root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        locks,
    };
    match &tool.build {
        Build::Versioned(rules) => versioned::build(tool.layout, rules, entries, out),
        Build::Own(build) => build(entries, &folder, out),
    }
    Ok(())
}

/// Discover one file PATH: named on the command line, it is replayed
/// whatever its name says.
pub(super) fn discover_file(path: &Path, out: &mut Discovery) {
    let display = display_root(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let parent = path
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned());
    let mut naming = parse_name(&name, parent.as_deref());
    let pk = if needs_peek(&naming) {
        peek(path)
    } else {
        Peek::default()
    };
    out.roots.push(Root {
        display: display.clone(),
        is_dir: false,
        layout: Layout::Plain,
        evidence: String::new(),
        guess: false,
    });
    let root = out.roots.len() - 1;
    let mut file = MigrationFile {
        path: path.to_path_buf(),
        display: display.clone(),
        layout: Layout::Plain,
        version: None,
        dialect: None,
        other_dialect: false,
        root,
    };
    // The user named this file: read it, but say that its name reads as a rollback.
    if let Some(reason) = rollback_mark(&name, &[]) {
        let what = reason.trim_end_matches(", not replayed");
        out.notes.push(format!(
            "{display}: {what}; replayed because it was named on the command line"
        ));
    }
    if pk.liquibase {
        naming = Naming::Other;
    }
    match naming {
        Naming::FlywayVersioned(v) | Naming::FlywayBaseline(v) => {
            file.layout = Layout::Flyway;
            file.version = Some(v);
        }
        Naming::FlywayRepeatable(_) | Naming::FlywayUndo => file.layout = Layout::Flyway,
        Naming::UpDown { ver, suffix, .. } => {
            file.version = Some(ver);
            if let Some(s) = suffix {
                file.layout = Layout::Popx;
                set_dialect(&mut file, &s);
            } else {
                file.layout = Layout::GolangMigrate;
            }
        }
        Naming::FolderMigration { ver, .. } => {
            file.layout = Layout::FolderPerMigration;
            file.version = Some(ver);
        }
        Naming::Prisma { ver, .. } => {
            file.layout = Layout::Prisma;
            file.version = Some(ver);
            let lock = path
                .parent()
                .and_then(Path::parent)
                .map(|p| p.join("migration_lock.toml"));
            if let Some(provider) = lock.as_deref().and_then(prisma::read_prisma_provider) {
                prisma::set_prisma_dialect(&mut file, &provider);
            }
        }
        Naming::Numbered { ver } => {
            file.version = Some(ver);
            file.layout = content_layout(pk);
        }
        Naming::Other => {
            file.version = plain_version(&name);
            file.layout = content_layout(pk);
        }
    }
    let r = &mut out.roots[root];
    r.layout = file.layout;
    r.evidence = match file.layout {
        Layout::Plain => "a plain SQL file".to_string(),
        l => format!("a {} migration file", l.name()),
    };
    out.files.push(file);
}

pub(super) fn content_layout(pk: Peek) -> Layout {
    if pk.liquibase {
        Layout::Liquibase
    } else if pk.goose {
        Layout::Goose
    } else if pk.dbmate {
        Layout::Dbmate
    } else {
        Layout::Plain
    }
}

/// Mark `file` with the dialect a popx suffix or Flyway vendor folder names.
pub(super) fn set_dialect(file: &mut MigrationFile, token: &str) {
    match dialect_from_token(token) {
        Some(Ok(d)) => file.dialect = Some(d),
        Some(Err(())) => file.other_dialect = true,
        None => {}
    }
}

/// The tool most files fit, and how many fit it.
fn choose_tool(entries: &[Entry]) -> (&'static Tool, usize) {
    majority(TOOLS.iter().map(|t| (*t, (t.votes)(entries)))).unwrap_or((&plain::TOOL, 0))
}

/// What a folder's files showed, for the summary on stderr, and whether the
/// layout is a guess.
fn evidence(tool: &Tool, matched: usize, total: usize) -> (String, bool) {
    let what = match tool.evidence {
        Evidence::Named(what) => what,
        Evidence::EveryFile { what, guess } => {
            return (
                format!(
                    "{what}: {} replayed in natural path order",
                    every_file(total)
                ),
                guess,
            )
        }
    };
    let text = if matched == total {
        format!(
            "{} {total} .sql file{} {what}",
            if total == 1 { "the" } else { "all" },
            plural(total)
        )
    } else {
        format!("{matched} of {total} .sql files {what}; the others are skipped")
    };
    (text, matched < total)
}

fn every_file(n: usize) -> String {
    if n == 1 {
        "the one .sql file".to_string()
    } else {
        format!("all {n} .sql files")
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Report `e` as skipped, for `reason`.
pub(super) fn skip_entry(out: &mut Discovery, e: &Entry, reason: impl Into<String>) {
    out.skipped.push(Skipped {
        display: e.display.clone(),
        reason: reason.into(),
        root: e.root,
        rollback: false,
    });
}

/// The file to replay for `e`.
pub(super) fn new_file(e: &Entry, layout: Layout, version: Option<String>) -> MigrationFile {
    MigrationFile {
        path: e.path.clone(),
        display: e.display.clone(),
        layout,
        version,
        dialect: None,
        other_dialect: false,
        root: e.root,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::layout::testutil::*;

    #[test]
    fn rollback_names_in_every_style_are_never_replayed() {
        for name in [
            "V0001.Init.down.sql",
            "0001-name-DOWN.sql",
            "V1__x.rollback.sql",
            "0002_users_down.sql",
            "x.undo.sql",
            "U3__undo_three.sql",
            "rollback_0003.sql",
            "0004_t.postgres.down.sql",
            "down.sql",
            "Rollback.SQL",
        ] {
            assert!(rollback_mark(name, &[]).is_some(), "{name}");
        }
        for name in [
            "V0001.Init.up.sql",
            "0005_shutdown.sql",
            "0006_countdown_rollback_log_table.sql",
            "V2__downloads.sql",
            "0007_undone_tasks.sql",
            "migration.sql",
        ] {
            assert!(rollback_mark(name, &[]).is_none(), "{name}");
        }
        assert!(rollback_mark("0001_x.sql", &["revert".to_string()]).is_some());
        assert!(rollback_mark("0001_x.sql", &["Rollback".to_string()]).is_some());

        // A plain folder of up/down pairs: only the up files, in version order.
        let (_t, d) = discover_named(
            &[
                "V0001.Init.up.sql",
                "V0001.Init.down.sql",
                "V0002.Users.up.sql",
                "V0002.Users.down.sql",
                "V0010.Late.UP.sql",
                "V0010.Late.DOWN.sql",
            ],
            "select 1;",
        );
        assert_eq!(
            names(&d),
            [
                "V0001.Init.up.sql",
                "V0002.Users.up.sql",
                "V0010.Late.UP.sql"
            ]
        );
        assert_eq!(d.files[2].version.as_deref(), Some("0010"));
        assert_eq!(
            rollback_names(&d),
            [
                "V0001.Init.down.sql",
                "V0002.Users.down.sql",
                "V0010.Late.DOWN.sql"
            ]
        );
        assert!(d.skipped.iter().all(|s| s.reason.contains("rollback")));

        // Flyway with undo and rollback scripts, in a subfolder too.
        let (_t, d) = discover_named(
            &[
                "V1__init.sql",
                "V2__users.sql",
                "U2__users.sql",
                "V2__users.rollback.sql",
                "rollback/V2__users.sql",
            ],
            "select 1;",
        );
        assert_eq!(names(&d), ["V1__init.sql", "V2__users.sql"]);
        assert_eq!(
            d.files[1].display,
            format!("{}/V2__users.sql", d.roots[0].display)
        );
        assert_eq!(rollback_names(&d).len(), 3, "{:?}", d.skipped);
        assert!(skipped_names(&d).is_empty());
        assert!(!d.roots[0].guess);
    }

    #[test]
    fn single_file_paths_and_display() {
        let t = tempfile::tempdir().unwrap();
        write(t.path(), "db/V3__x.sql", "");
        write(t.path(), "db/1_a.down.sql", "");
        write(t.path(), "db/dump.sql", "");
        write(t.path(), "db/7_g.sql", "-- +goose Up\nselect 1;\n");
        let root = t.path().to_str().unwrap();
        let d = discover(&[
            PathBuf::from(format!("{root}/db/dump.sql")),
            PathBuf::from(format!("{root}/db/V3__x.sql")),
            PathBuf::from(format!("{root}/db/1_a.down.sql")),
            PathBuf::from(format!("{root}/db/7_g.sql")),
            PathBuf::from(format!("{root}/db//")),
        ])
        .unwrap();
        let got: Vec<(String, Layout)> = d
            .files
            .iter()
            .map(|f| (f.display.strip_prefix(root).unwrap().to_string(), f.layout))
            .collect();
        assert_eq!(got[0], ("/db/dump.sql".to_string(), Layout::Plain));
        assert_eq!(got[1], ("/db/V3__x.sql".to_string(), Layout::Flyway));
        assert_eq!(got[3], ("/db/7_g.sql".to_string(), Layout::Goose));
        // the folder PATH: trailing slashes dropped, joined with '/'
        assert!(
            got[4..]
                .iter()
                .all(|(d, _)| d.starts_with("/db/") && !d.contains("//")),
            "{got:?}"
        );
        // Named on the command line: read, with a note; inside a folder: skipped.
        assert_eq!(
            got[2],
            ("/db/1_a.down.sql".to_string(), Layout::GolangMigrate)
        );
        assert_eq!(d.notes.len(), 1);
        assert!(
            d.notes[0].contains("1_a.down.sql") && d.notes[0].contains("named on the command line"),
            "{:?}",
            d.notes
        );
        assert!(d
            .skipped
            .iter()
            .any(|s| s.display.ends_with("db/1_a.down.sql") && s.rollback));
        assert_eq!(d.roots.len(), 5);
        assert!(!d.roots[0].is_dir && d.roots[4].is_dir);
    }

    #[test]
    fn relative_display_keeps_path_as_given() {
        let t = tempfile::tempdir().unwrap();
        write(t.path(), "m/0001_init.up.sql", "");
        let cwd = std::env::current_dir().unwrap();
        let rel = pathdiff(t.path(), &cwd);
        let given = PathBuf::from(format!("{}/m/", rel.display()));
        let d = discover(&[given]).unwrap();
        assert_eq!(
            d.files[0].display,
            format!("{}/m/0001_init.up.sql", rel.display())
        );
    }

    /// `to` relative to `from` via `..` components (both absolute).
    fn pathdiff(to: &Path, from: &Path) -> PathBuf {
        let mut up = PathBuf::new();
        let mut base = from.to_path_buf();
        loop {
            if let Ok(rest) = to.strip_prefix(&base) {
                return up.join(rest);
            }
            up.push("..");
            if !base.pop() {
                return to.to_path_buf();
            }
        }
    }

    #[test]
    fn errors_not_found_and_no_migrations() {
        let t = tempfile::tempdir().unwrap();
        let missing = t.path().join("nope");
        assert!(
            matches!(discover(std::slice::from_ref(&missing)), Err(SourceError::NotFound(p)) if p == missing)
        );
        write(t.path(), "empty/readme.md", "");
        let e = discover(&[t.path().join("empty")]).unwrap_err();
        assert!(
            matches!(e, SourceError::NoMigrations(ref s) if s.ends_with("empty")),
            "{e}"
        );
    }

    #[test]
    fn symlink_loop_is_reported_not_followed_forever() {
        let t = tempfile::tempdir().unwrap();
        write(t.path(), "m/sub/0001_a.up.sql", "");
        std::os::unix::fs::symlink(t.path().join("m"), t.path().join("m/sub/loop")).unwrap();
        let d = one(&t.path().join("m"));
        assert_eq!(names(&d), ["0001_a.up.sql"]);
        assert!(
            d.skipped
                .iter()
                .any(|s| s.display.ends_with("sub/loop") && s.reason == "symlink loop"),
            "{:?}",
            d.skipped
        );
    }

    #[test]
    fn a_broken_link_to_a_migration_fails_closed() {
        let t = tempfile::tempdir().unwrap();
        write(t.path(), "m/0001_a.up.sql", "");
        std::os::unix::fs::symlink(
            t.path().join("m/nowhere.sql"),
            t.path().join("m/broken.sql"),
        )
        .unwrap();
        let e = discover(&[t.path().join("m")]).unwrap_err();
        assert!(
            e.to_string().contains("broken.sql") && e.to_string().contains("cannot be read"),
            "{e}"
        );
    }
}

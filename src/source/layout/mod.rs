//! Migration discovery: find the migration files under each PATH, recognise
//! the layout of the tool that wrote them, order them by that tool's own
//! rules, and cut each file into the segments that are replayed (the `up`
//! part of goose/dbmate files, Liquibase changesets).
//!
//! A PATH's layout is the one most of its `.sql` files match (file names,
//! plus a peek at the first 4 KiB for goose / dbmate annotations and the
//! Liquibase header); [`Discovery::roots`] says which and why. `.sql` files
//! that are not replayed are reported in [`Discovery::skipped`] with a
//! reason, rollback files (`.down.sql`, `down.sql`, Flyway `U…__`, `rollback`,
//! `.undo.sql`, in any layout) included: nothing is dropped silently.
//!
//! One file per migration tool (`flyway.rs`, `liquibase.rs`, `goose.rs`, …)
//! holds what that tool decides: which files it runs and in what order, how
//! its files are cut into segments, and the tests of both. What tools share
//! lives beside them: `name.rs` (the naming shapes of migration files and
//! the words that mark a rollback), [`order`] (version comparison and the
//! next version, used by `fix --write` too), `walk.rs` (the folder walk and
//! the majority vote), `versioned.rs` (ordering for the tools that run one
//! file per version) and `lines.rs` (cutting files with sections).
//!
//! **Adding a layout.** *The file:* `src/source/layout/<tool>.rs` with a
//! `pub(super) const TOOL: Tool`: `name` for messages; `votes`, how many of
//! a folder's `.sql` files follow the tool's naming (the shapes of
//! `name::Naming`; a naming no tool used before is a new variant there,
//! parsed in `name::parse_name`, and the compiler then asks for its arm in
//! `walk::discover_file`, which places a file named on the command line); `evidence`, what the stderr summary says
//! the files are named; `build`, which files run and in what order
//! (`Build::Versioned(Rules { take, .. })` for one file per version,
//! `Build::Own(fn)` otherwise); `segments`, what of a file is replayed
//! (`lines::whole_file`, or the tool's own sections read with
//! `lines::lines_from`); and a `#[cfg(test)]` module testing them (helpers
//! in `testutil.rs`). *The registry line:* a `Layout` variant and
//! `&<tool>::TOOL` in `TOOLS`, whose order breaks a tie in the majority vote
//! (a more specific tool goes first). *The fixture:*
//! `fixtures/<dialect>/<tool>/`, its row in `fixtures/README.md` and an
//! audit of it in `tests/fixtures.rs`, which checks the layout end to end
//! through the binary. The compiler then asks for the new variant's arm in
//! `fix::write::plan_migration` (how `fix --write` names the next
//! migration); a tool that substitutes `${placeholders}` also gets a line in
//! the placeholder scope in `audit.rs`.

mod dbmate;
mod flyway;
mod folder_per_migration;
mod golang_migrate;
mod goose;
mod lines;
mod liquibase;
mod name;
pub mod order;
mod plain;
mod popx;
mod prisma;
mod sqlx;
#[cfg(test)]
mod testutil;
mod versioned;
mod walk;

use crate::dialect::Dialect;
use crate::error::SourceError;
use name::{dialect_from_token, parse_name, Naming};
use std::collections::HashSet;
use std::path::PathBuf;
use walk::{discover_dir, discover_file, Entry, Folder};

pub use walk::special_file;

/// The migration tool conventions pitag recognises. Each has its `Tool`
/// line in `TOOLS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    Flyway,
    GolangMigrate,
    Goose,
    Sqlx,
    /// Diesel and others: `<version>_<name>/up.sql`.
    FolderPerMigration,
    Prisma,
    Dbmate,
    Liquibase,
    Popx,
    Plain,
}

impl Layout {
    pub fn name(self) -> &'static str {
        self.tool().name
    }

    fn tool(self) -> &'static Tool {
        TOOLS
            .iter()
            .copied()
            .find(|t| t.layout == self)
            .expect("every layout has its line in TOOLS (checked by a test)")
    }
}

/// What one migration tool decides; each tool's file has one as `TOOL`.
struct Tool {
    layout: Layout,
    /// Its name in messages (`flyway`, `golang-migrate`, …).
    name: &'static str,
    /// How many of a folder's `.sql` files it would run: the folder's layout
    /// is the tool with the most.
    votes: fn(&[Entry]) -> usize,
    /// What the summary on stderr says the files showed.
    evidence: Evidence,
    /// How it orders a folder's files and which it skips.
    build: Build,
    /// Cut one file (text after any BOM, which is `bom` bytes) into the
    /// segments the tool runs.
    segments: for<'a> fn(&MigrationFile, &'a str, usize) -> Result<Vec<Segment<'a>>, SourceError>,
}

/// How a tool puts a folder's files in order (into `Discovery::files`) and
/// which it does not run (into `Discovery::skipped`, with a reason).
enum Build {
    /// One file per version, by these rules.
    Versioned(versioned::Rules),
    /// The tool's own function.
    Own(fn(Vec<Entry>, &Folder, &mut Discovery)),
}

/// How a tool's folder is described on stderr.
enum Evidence {
    /// Files named so (`named V<version>__<description>.sql`); files that
    /// are not make the layout a guess, and are skipped.
    Named(&'static str),
    /// Every `.sql` file is replayed, in natural path order, after this
    /// text; `guess`: the layout is always reported as a guess.
    EveryFile { what: &'static str, guess: bool },
}

/// Every tool, in the order that breaks a tie in the majority vote (the
/// earlier, more specific one wins).
const TOOLS: &[&Tool] = &[
    &flyway::TOOL,
    &prisma::TOOL,
    &folder_per_migration::TOOL,
    &popx::TOOL,
    &golang_migrate::TOOL,
    &goose::TOOL,
    &dbmate::TOOL,
    &sqlx::TOOL,
    &liquibase::TOOL,
    &plain::TOOL,
];

/// One file to replay.
#[derive(Debug, Clone)]
pub struct MigrationFile {
    /// Where to read it.
    pub path: PathBuf,
    /// The PATH as given on the command line joined with '/' and the file's
    /// path inside it.
    pub display: String,
    pub layout: Layout,
    /// The version as written in the name, for messages and for `fix`.
    pub version: Option<String>,
    /// The dialect the file is for, when its name (popx suffix), its folder
    /// (Flyway vendor folders such as `postgres/`, `MYSQL/`) or a Prisma
    /// `migration_lock.toml` says so.
    pub dialect: Option<Dialect>,
    /// True when the file is for a dialect pitag does not audit (sqlite3,
    /// cockroach, h2, …): it never matches.
    pub other_dialect: bool,
    /// Index of the PATH it was found under, in [`Discovery::roots`].
    pub root: usize,
}

/// A `.sql` file that was found but will not be replayed, and why.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub display: String,
    pub reason: String,
    /// Index of the PATH it was found under, in [`Discovery::roots`].
    pub root: usize,
    /// Its name marks it as a rollback (down / undo) script.
    pub rollback: bool,
}

/// One PATH as discovery understood it (for the summary on stderr).
#[derive(Debug, Clone)]
pub struct Root {
    /// The PATH as given, with '/' separators and no trailing '/'.
    pub display: String,
    pub is_dir: bool,
    pub layout: Layout,
    /// What the layout was recognised by.
    pub evidence: String,
    /// True when not every `.sql` file fits the layout (the majority decided)
    /// or when no tool's convention matched (plain is the fallback).
    pub guess: bool,
}

/// What [`discover`] found: the files to replay in order, and the skipped ones.
#[derive(Debug, Clone)]
pub struct Discovery {
    pub files: Vec<MigrationFile>,
    pub skipped: Vec<Skipped>,
    /// Every PATH, in the order given.
    pub roots: Vec<Root>,
    /// Things worth saying on stderr (a rollback file replayed because it
    /// was named on the command line).
    pub notes: Vec<String>,
}

impl Discovery {
    /// Keep files that apply to `dialect` (no dialect of their own, or the
    /// same dialect); report the others as skipped with a reason.
    ///
    /// popx rule: an unsuffixed file is replaced by a file of the same
    /// version suffixed for `dialect` (popx runs only the specific one).
    pub fn retain_dialect(&mut self, dialect: Dialect) {
        let specific: HashSet<(String, String)> = self
            .files
            .iter()
            .filter(|f| f.layout == Layout::Popx && f.dialect == Some(dialect))
            .filter_map(|f| Some((parent_display(&f.display), f.version.clone()?)))
            .collect();
        let mut kept = Vec::with_capacity(self.files.len());
        for f in self.files.drain(..) {
            if f.other_dialect || f.dialect.is_some_and(|d| d != dialect) {
                let label = dialect_label(&f);
                self.skipped.push(Skipped {
                    display: f.display,
                    reason: format!("migration for {label}, not {dialect}"),
                    root: f.root,
                    rollback: false,
                });
            } else if f.layout == Layout::Popx
                && f.dialect.is_none()
                && f.version
                    .as_ref()
                    .is_some_and(|v| specific.contains(&(parent_display(&f.display), v.clone())))
            {
                self.skipped.push(Skipped {
                    display: f.display,
                    reason: format!(
                        "superseded by the {dialect}-specific migration of the same version \
                         (popx runs only that one)"
                    ),
                    root: f.root,
                    rollback: false,
                });
            } else {
                kept.push(f);
            }
        }
        self.files = kept;
    }

    /// The dialect the files themselves name, when they agree (Prisma
    /// provider; popx suffixes or Flyway vendor folders that are all one
    /// audited dialect), with a reason for stderr.
    pub fn dialect_hint(&self) -> Option<(Dialect, String)> {
        let mut seen: Option<Dialect> = None;
        let mut count = 0usize;
        let mut prisma = false;
        for f in &self.files {
            if f.other_dialect {
                continue;
            }
            if let Some(d) = f.dialect {
                if seen.is_some_and(|s| s != d) {
                    return None;
                }
                seen = Some(d);
                count += 1;
                prisma |= f.layout == Layout::Prisma;
            }
        }
        let d = seen?;
        let reason = if prisma {
            format!(
                "prisma migration_lock.toml names provider {}",
                if d == Dialect::Postgres {
                    "postgresql"
                } else {
                    "mysql"
                }
            )
        } else {
            format!(
                "{count} migration file{} marked {d} by name or folder, none for another audited dialect",
                if count == 1 { " is" } else { "s are" }
            )
        };
        Some((d, reason))
    }
}

/// Walk every PATH (file or folder) in the order given; the files of one
/// PATH are ordered by that PATH's layout rules.
pub fn discover(paths: &[PathBuf]) -> Result<Discovery, SourceError> {
    let mut out = Discovery {
        files: Vec::new(),
        skipped: Vec::new(),
        roots: Vec::new(),
        notes: Vec::new(),
    };
    for path in paths {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(SourceError::NotFound(path.clone()))
            }
            Err(source) => {
                return Err(SourceError::Io {
                    path: path.clone(),
                    source,
                })
            }
        };
        if meta.is_dir() {
            discover_dir(path, &mut out)?;
        } else if let Some(what) = special_file(&meta.file_type()) {
            return Err(SourceError::Walk {
                path: path.clone(),
                message: format!("{what}, not a regular file: it cannot be read as SQL"),
            });
        } else {
            discover_file(path, &mut out);
        }
    }
    if out.files.is_empty() {
        let joined = paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        return Err(SourceError::NoMigrations(joined));
    }
    Ok(out)
}

/// One replayed part of a file, with the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment<'a> {
    pub text: &'a str,
    pub first_line: u32,
    /// False: the whole segment is ONE statement (Liquibase
    /// `splitStatements:false`, goose `StatementBegin`/`StatementEnd`).
    pub split: bool,
}

/// Cut a file's text into the segments its layout replays. `Err` for a file
/// that breaks its layout's grammar in a way that makes it unreplayable.
///
/// Liquibase changesets whose `dbms:` filter excludes both PostgreSQL and
/// MySQL/MariaDB are dropped (the segment carries no dbms of its own).
pub fn segments<'a>(file: &MigrationFile, text: &'a str) -> Result<Vec<Segment<'a>>, SourceError> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    (file.layout.tool().segments)(file, text, bom)
}

/// The item with the highest count, the earliest of equal ones; `None` when
/// every count is 0.
fn majority<T>(counts: impl IntoIterator<Item = (T, usize)>) -> Option<(T, usize)> {
    let mut best: Option<(T, usize)> = None;
    for (item, n) in counts {
        if n > best.as_ref().map_or(0, |b| b.1) {
            best = Some((item, n));
        }
    }
    best
}

/// The layout most of `files` follow (the first one found among equals),
/// for `fix --write`, which writes the next migration in it.
pub fn majority_layout(files: &[MigrationFile]) -> Option<Layout> {
    let mut counts: Vec<(Layout, usize)> = Vec::new();
    for f in files {
        match counts.iter_mut().find(|(l, _)| *l == f.layout) {
            Some(c) => c.1 += 1,
            None => counts.push((f.layout, 1)),
        }
    }
    majority(counts).map(|(l, _)| l)
}

/// The dialect a file names, for skip reasons.
fn dialect_label(f: &MigrationFile) -> String {
    let name = f.display.rsplit('/').next().unwrap_or("");
    if let Naming::UpDown {
        suffix: Some(s), ..
    } = parse_name(name, None)
    {
        return s;
    }
    if f.layout == Layout::Flyway {
        if let Some(c) = f
            .display
            .rsplit('/')
            .skip(1)
            .find(|c| dialect_from_token(c).is_some())
        {
            return c.to_ascii_lowercase();
        }
    }
    match f.dialect {
        Some(d) => d.as_str().to_string(),
        None if f.layout == Layout::Prisma => "another prisma provider".to_string(),
        None => "another dialect".to_string(),
    }
}

fn parent_display(display: &str) -> String {
    display
        .rsplit_once('/')
        .map(|(p, _)| p.to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::testutil::*;
    use super::*;

    #[test]
    fn every_layout_has_one_line_in_tools() {
        for l in [
            Layout::Flyway,
            Layout::GolangMigrate,
            Layout::Goose,
            Layout::Sqlx,
            Layout::FolderPerMigration,
            Layout::Prisma,
            Layout::Dbmate,
            Layout::Liquibase,
            Layout::Popx,
            Layout::Plain,
        ] {
            assert_eq!(TOOLS.iter().filter(|t| t.layout == l).count(), 1, "{l:?}");
        }
    }

    #[test]
    fn majority_layout_prefers_the_first_of_equals() {
        let files = [mf(Layout::Goose), mf(Layout::Sqlx), mf(Layout::Sqlx)];
        assert_eq!(majority_layout(&files), Some(Layout::Sqlx));
        assert_eq!(majority_layout(&files[..2]), Some(Layout::Goose));
        assert_eq!(majority_layout(&[]), None);
    }

    #[test]
    fn dialect_hint_from_suffixes_that_agree() {
        let names = ["1_a.postgres.up.sql", "1_a.sqlite3.up.sql", "2_b.up.sql"];
        let (d, why) = discover_named(&names, "").1.dialect_hint().unwrap();
        assert_eq!(d, Dialect::Postgres);
        assert!(why.contains("1 migration file is marked postgres"), "{why}");
    }
}

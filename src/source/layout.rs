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

use crate::dialect::Dialect;
use crate::error::SourceError;
use rayon::prelude::*;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The migration tool conventions pitag recognises.
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
        match self {
            Layout::Flyway => "flyway",
            Layout::GolangMigrate => "golang-migrate",
            Layout::Goose => "goose",
            Layout::Sqlx => "sqlx",
            Layout::FolderPerMigration => "folder-per-migration",
            Layout::Prisma => "prisma",
            Layout::Dbmate => "dbmate",
            Layout::Liquibase => "liquibase",
            Layout::Popx => "popx",
            Layout::Plain => "plain",
        }
    }
}

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
    match file.layout {
        Layout::Goose => goose_segments(file, text, bom),
        Layout::Dbmate => dbmate_segments(file, text, bom),
        Layout::Liquibase => liquibase_segments(file, text, bom),
        _ => {
            let body = &text[bom..];
            if body.trim().is_empty() {
                Ok(Vec::new())
            } else {
                Ok(vec![Segment {
                    text: body,
                    first_line: 1,
                    split: true,
                }])
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Classification of one file
// ---------------------------------------------------------------------------

const PEEK_BYTES: u64 = 4096;

/// Dialect names that may appear as popx suffixes / Flyway vendor folders.
fn dialect_from_token(token: &str) -> Option<Result<Dialect, ()>> {
    match token.to_ascii_lowercase().as_str() {
        "postgres" | "postgresql" | "pgsql" => Some(Ok(Dialect::Postgres)),
        "mysql" | "mariadb" => Some(Ok(Dialect::Mysql)),
        "cockroach" | "cockroachdb" | "sqlite" | "sqlite3" | "h2" | "hsqldb" | "oracle"
        | "sqlserver" | "sql_server" | "mssql" | "derby" | "db2" | "firebird" | "informix"
        | "sybase" | "hana" | "saphana" | "snowflake" | "redshift" | "clickhouse" | "tidb"
        | "spanner" => Some(Err(())),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Annot {
    None,
    Goose,
    Dbmate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    FlywayVersioned(String),
    FlywayRepeatable(String),
    FlywayUndo,
    FlywayBaseline(String),
    /// `<digits>_<title>[.<dialect>][.autocommit].(up|down).sql`
    UpDown {
        ver: String,
        up: bool,
        suffix: Option<String>,
    },
    /// `<digits>_<name>.sql`
    Numbered {
        ver: String,
    },
    /// `<ver>_<name>/up.sql` (`down.sql` when `!up`)
    FolderMigration {
        dir: String,
        ver: String,
        up: bool,
    },
    /// `<digits>_<name>/migration.sql`
    Prisma {
        dir: String,
        ver: String,
    },
    Other,
}

#[derive(Debug, Clone, Copy, Default)]
struct Peek {
    liquibase: bool,
    goose: bool,
    dbmate: bool,
}

struct Entry {
    path: PathBuf,
    /// Index of its PATH in [`Discovery::roots`].
    root: usize,
    /// Components of the path inside the PATH.
    rel: Vec<String>,
    display: String,
    kind: Kind,
    peek: Peek,
}

impl Entry {
    fn name(&self) -> &str {
        self.rel.last().map(String::as_str).unwrap_or("")
    }
    fn annot(&self) -> Annot {
        if self.peek.goose {
            Annot::Goose
        } else if self.peek.dbmate {
            Annot::Dbmate
        } else {
            Annot::None
        }
    }
}

fn strip_sql_ext(name: &str) -> Option<&str> {
    let n = name.len();
    if n > 4 && name[n - 4..].eq_ignore_ascii_case(".sql") {
        Some(&name[..n - 4])
    } else {
        None
    }
}

fn leading_digits(s: &str) -> &str {
    let end = s
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(s.len());
    &s[..end]
}

fn classify_name(name: &str, parent: Option<&str>) -> Kind {
    if let Some(parent) = parent {
        let up = name == "up.sql";
        if up || name == "down.sql" {
            let ver_end = parent
                .bytes()
                .position(|b| !(b.is_ascii_digit() || b == b'-'))
                .unwrap_or(parent.len());
            if ver_end > 0
                && parent.as_bytes()[0].is_ascii_digit()
                && parent[ver_end..].starts_with('_')
            {
                return Kind::FolderMigration {
                    dir: parent.to_string(),
                    ver: parent[..ver_end].to_string(),
                    up,
                };
            }
        }
        if name == "migration.sql" {
            let ver = leading_digits(parent);
            if !ver.is_empty() && parent[ver.len()..].starts_with('_') {
                return Kind::Prisma {
                    dir: parent.to_string(),
                    ver: ver.to_string(),
                };
            }
        }
    }
    let Some(stem) = strip_sql_ext(name) else {
        return Kind::Other;
    };
    // Flyway
    if let Some(desc) = stem.strip_prefix("R__") {
        return Kind::FlywayRepeatable(desc.to_string());
    }
    let first = stem.as_bytes().first().copied();
    if matches!(first, Some(b'V' | b'U' | b'B')) && stem.len() > 1 {
        let rest = &stem[1..];
        if let Some(sep) = rest.find("__") {
            let ver = &rest[..sep];
            if !ver.is_empty()
                && ver.as_bytes()[0].is_ascii_digit()
                && ver
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'.' || b == b'_')
            {
                return match first {
                    Some(b'V') => Kind::FlywayVersioned(ver.to_string()),
                    Some(b'U') => Kind::FlywayUndo,
                    _ => Kind::FlywayBaseline(ver.to_string()),
                };
            }
        }
    }
    let ver = leading_digits(stem);
    if ver.is_empty() || !stem[ver.len()..].starts_with('_') || stem.len() == ver.len() + 1 {
        return Kind::Other;
    }
    let title = &stem[ver.len() + 1..];
    let (title, up) = if let Some(t) = title.strip_suffix(".up") {
        (t, true)
    } else if let Some(t) = title.strip_suffix(".down") {
        (t, false)
    } else {
        return Kind::Numbered {
            ver: ver.to_string(),
        };
    };
    let title = title.strip_suffix(".autocommit").unwrap_or(title);
    let suffix = title
        .rsplit_once('.')
        .map(|(_, s)| s)
        .filter(|s| dialect_from_token(s).is_some())
        .map(|s| s.to_ascii_lowercase());
    Kind::UpDown {
        ver: ver.to_string(),
        up,
        suffix,
    }
}

/// Words that mark a file name as a rollback script when they end it
/// (`0001_init.down.sql`, `0001-name-DOWN.sql`, `V1__x.rollback.sql`,
/// `x.undo.sql`, Diesel's `down.sql`), ignoring trailing dialect and
/// `autocommit` words (`.postgres.down.sql`).
const ROLLBACK_LAST: &[&str] = &["down", "undo", "rollback"];
/// Words that mark a file name as a rollback script when they start it
/// (`rollback_0003.sql`, `undo-V3.sql`).
const ROLLBACK_FIRST: &[&str] = &["rollback", "undo"];
/// Folders (inside the PATH) that hold rollback scripts (sqitch `revert/`).
const ROLLBACK_DIRS: &[&str] = &["down", "undo", "rollback", "rollbacks", "revert"];

/// Why a file's name (or a folder it is in, below the PATH) marks it as a
/// rollback script, which migration tools run only when asked to undo.
fn rollback_mark(name: &str, dirs: &[String]) -> Option<String> {
    if let Some(dir) = dirs
        .iter()
        .find(|d| ROLLBACK_DIRS.iter().any(|r| d.eq_ignore_ascii_case(r)))
    {
        return Some(format!(
            "rollback script (in a `{dir}` folder), not replayed"
        ));
    }
    let stem = strip_sql_ext(name)?;
    if matches!(classify_name(name, None), Kind::FlywayUndo) {
        return Some("Flyway undo migration (U<version>__), not replayed".to_string());
    }
    let words: Vec<String> = stem
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let last = words
        .iter()
        .rev()
        .find(|w| *w != "autocommit" && dialect_from_token(w).is_none());
    let hit = last
        .filter(|w| ROLLBACK_LAST.contains(&w.as_str()))
        .or_else(|| {
            words
                .first()
                .filter(|w| ROLLBACK_FIRST.contains(&w.as_str()) && words.len() > 1)
        })?;
    Some(format!(
        "rollback migration (`{hit}` in its name), not replayed"
    ))
}

fn needs_peek(kind: &Kind) -> bool {
    matches!(kind, Kind::Numbered { .. } | Kind::Other)
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
            p.liquibase = is_liquibase_header(t);
        }
        if goose_command(line).is_some_and(|c| c == "up") {
            p.goose = true;
        }
        if dbmate_directive(line) == Some(true) {
            p.dbmate = true;
        }
    }
    p
}

fn is_liquibase_header(line: &str) -> bool {
    let Some(rest) = line.trim().strip_prefix("--") else {
        return false;
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    words.len() == 3
        && words[0].eq_ignore_ascii_case("liquibase")
        && words[1].eq_ignore_ascii_case("formatted")
        && words[2].eq_ignore_ascii_case("sql")
}

/// `-- +goose Up` → `Some("up")`, `-- +goose StatementBegin` →
/// `Some("statementbegin")`, `-- +goose NO TRANSACTION` → `Some("notransaction")`.
fn goose_command(line: &str) -> Option<String> {
    let rest = line.trim().strip_prefix("--")?.trim_start();
    let head = rest.get(..6)?;
    if !head.eq_ignore_ascii_case("+goose") {
        return None;
    }
    let cmd: String = rest[6..]
        .split_whitespace()
        .collect::<String>()
        .to_ascii_lowercase();
    Some(cmd)
}

/// `-- migrate:up [options]` → `Some(true)`, `-- migrate:down` → `Some(false)`
/// (dbmate: at the start of the line, `--`, optional spaces).
fn dbmate_directive(line: &str) -> Option<bool> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let rest = line.strip_prefix("--")?.trim_start();
    let (up, tail) = if let Some(t) = rest.strip_prefix("migrate:up") {
        (true, t)
    } else if let Some(t) = rest.strip_prefix("migrate:down") {
        (false, t)
    } else {
        return None;
    };
    (tail.is_empty() || tail.starts_with(char::is_whitespace)).then_some(up)
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

fn is_sql(name: &str) -> bool {
    strip_sql_ext(name).is_some()
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

fn discover_dir(root: &Path, out: &mut Discovery) -> Result<(), SourceError> {
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
            if let Some(p) = read_prisma_provider(entry.path()) {
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
        let kind = classify_name(&name, parent);
        entries.push(Entry {
            path: entry.path().to_path_buf(),
            root: root_index,
            display: join_display(&droot, &rel),
            rel,
            kind,
            peek: Peek::default(),
        });
    }
    // Deterministic order for everything below (readdir order is not).
    entries.par_sort_unstable_by(|a, b| a.rel.cmp(&b.rel));
    rollbacks.sort_by(|a, b| natural_path_cmp(&a.0, &b.0));
    out.skipped.extend(rollbacks.into_iter().map(|(_, s)| s));
    entries
        .par_iter_mut()
        .filter(|e| needs_peek(&e.kind))
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
    let (layout, matched) = choose_layout(&entries);
    let r = &mut out.roots[root_index];
    r.layout = layout;
    // Liquibase and plain folders replay every file; the others skip misfits.
    r.guess = layout == Layout::Plain || (layout != Layout::Liquibase && matched < entries.len());
    r.evidence = layout_evidence(layout, matched, entries.len());
    let root_name = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match layout {
        Layout::Flyway => build_flyway(entries, &root_name, out),
        Layout::Liquibase | Layout::Plain => build_plain(entries, out),
        Layout::Prisma => build_prisma(entries, &locks, out),
        other => build_numbered(other, entries, out),
    }
    Ok(())
}

fn discover_file(path: &Path, out: &mut Discovery) {
    let display = display_root(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let parent = path
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned());
    let mut kind = classify_name(&name, parent.as_deref());
    let pk = if needs_peek(&kind) {
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
        kind = Kind::Other;
    }
    match kind {
        Kind::FlywayVersioned(v) | Kind::FlywayBaseline(v) => {
            file.layout = Layout::Flyway;
            file.version = Some(v);
        }
        Kind::FlywayRepeatable(_) | Kind::FlywayUndo => file.layout = Layout::Flyway,
        Kind::UpDown { ver, suffix, .. } => {
            file.version = Some(ver);
            if let Some(s) = suffix {
                file.layout = Layout::Popx;
                set_dialect(&mut file, &s);
            } else {
                file.layout = Layout::GolangMigrate;
            }
        }
        Kind::FolderMigration { ver, .. } => {
            file.layout = Layout::FolderPerMigration;
            file.version = Some(ver);
        }
        Kind::Prisma { ver, .. } => {
            file.layout = Layout::Prisma;
            file.version = Some(ver);
            let lock = path
                .parent()
                .and_then(Path::parent)
                .map(|p| p.join("migration_lock.toml"));
            if let Some(provider) = lock.as_deref().and_then(read_prisma_provider) {
                set_prisma_dialect(&mut file, &provider);
            }
        }
        Kind::Numbered { ver } => {
            file.version = Some(ver);
            file.layout = content_layout(pk);
        }
        Kind::Other => {
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

/// The version a plain file's name starts with (`V0001.Init.up.sql`,
/// `0001-name.sql`), for `--list`; plain files are ordered by name anyway.
fn plain_version(name: &str) -> Option<String> {
    let stem = strip_sql_ext(name)?;
    let body = stem
        .strip_prefix(['V', 'v'])
        .filter(|b| b.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(stem);
    let ver = leading_digits(body);
    (!ver.is_empty()).then(|| ver.to_string())
}

fn content_layout(pk: Peek) -> Layout {
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

fn set_dialect(file: &mut MigrationFile, token: &str) {
    match dialect_from_token(token) {
        Some(Ok(d)) => file.dialect = Some(d),
        Some(Err(())) => file.other_dialect = true,
        None => {}
    }
}

fn set_prisma_dialect(file: &mut MigrationFile, provider: &str) {
    match provider {
        "postgresql" | "postgres" => file.dialect = Some(Dialect::Postgres),
        "mysql" => file.dialect = Some(Dialect::Mysql),
        _ => file.other_dialect = true,
    }
}

fn read_prisma_provider(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == "provider").then(|| v.trim().trim_matches('"').to_ascii_lowercase())
    })
}

/// The dialect a file names, for skip reasons.
fn dialect_label(f: &MigrationFile) -> String {
    let name = f.display.rsplit('/').next().unwrap_or("");
    if let Kind::UpDown {
        suffix: Some(s), ..
    } = classify_name(name, None)
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

// ---------------------------------------------------------------------------
// Choosing a layout
// ---------------------------------------------------------------------------

/// The layout most files fit, and how many fit it.
fn choose_layout(entries: &[Entry]) -> (Layout, usize) {
    let mut flyway = 0;
    let mut liquibase_or_plain = 0;
    let mut prisma = 0;
    let mut folder = 0;
    let mut updown = 0;
    let mut suffixed = 0;
    let mut goose = 0;
    let mut dbmate = 0;
    let mut numbered_plain = 0;
    let mut liquibase = 0;
    for e in entries {
        if e.peek.liquibase {
            liquibase += 1;
            liquibase_or_plain += 1;
            continue;
        }
        match &e.kind {
            Kind::FlywayVersioned(_)
            | Kind::FlywayRepeatable(_)
            | Kind::FlywayUndo
            | Kind::FlywayBaseline(_) => flyway += 1,
            Kind::UpDown { suffix, .. } => {
                updown += 1;
                suffixed += usize::from(suffix.is_some());
            }
            Kind::Numbered { .. } => match e.annot() {
                Annot::Goose => goose += 1,
                Annot::Dbmate => dbmate += 1,
                Annot::None => numbered_plain += 1,
            },
            Kind::FolderMigration { .. } => folder += 1,
            Kind::Prisma { .. } => prisma += 1,
            Kind::Other => liquibase_or_plain += 1,
        }
    }
    let popx = if suffixed > 0 { updown } else { 0 };
    // Ties go to the earlier, more specific layout.
    let candidates = [
        (Layout::Flyway, flyway),
        (Layout::Prisma, prisma),
        (Layout::FolderPerMigration, folder),
        (Layout::Popx, popx),
        (Layout::GolangMigrate, updown),
        (Layout::Goose, goose),
        (Layout::Dbmate, dbmate),
        (Layout::Sqlx, numbered_plain + updown),
        (
            if liquibase > 0 {
                Layout::Liquibase
            } else {
                Layout::Plain
            },
            liquibase_or_plain,
        ),
    ];
    let mut best = (Layout::Plain, 0usize);
    for (l, n) in candidates {
        if n > best.1 {
            best = (l, n);
        }
    }
    best
}

/// What a folder's files showed, for the summary on stderr.
fn layout_evidence(layout: Layout, matched: usize, total: usize) -> String {
    let what = match layout {
        Layout::Flyway => "named V<version>__<description>.sql (or R__, B, U)",
        Layout::GolangMigrate => "named <version>_<title>.up.sql",
        Layout::Goose => "named <version>_<name>.sql with `-- +goose Up`",
        Layout::Sqlx => "named <version>_<description>.sql",
        Layout::FolderPerMigration => "named <version>_<name>/up.sql",
        Layout::Prisma => "named <timestamp>_<name>/migration.sql",
        Layout::Dbmate => "named <version>_<name>.sql with `-- migrate:up`",
        Layout::Popx => "named <version>_<name>[.<dialect>].up.sql",
        Layout::Liquibase => {
            return format!(
                "Liquibase formatted SQL (`--liquibase formatted sql`): {} replayed in natural \
                 path order",
                every_file(total)
            )
        }
        Layout::Plain => {
            return format!(
                "no migration tool's naming convention matched: {} replayed in natural path order",
                every_file(total)
            )
        }
    };
    if matched == total {
        format!(
            "{} {total} .sql file{} {what}",
            if total == 1 { "the" } else { "all" },
            plural(total)
        )
    } else {
        format!("{matched} of {total} .sql files {what}; the others are skipped")
    }
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

// ---------------------------------------------------------------------------
// Ordering helpers
// ---------------------------------------------------------------------------

/// Compare two digit strings as unbounded numbers.
fn cmp_digits(a: &str, b: &str) -> Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Flyway versions: parts split on `.` / `_`, compared numerically, missing
/// parts count as 0 (Flyway treats 1 and 1.0 as the same version).
fn cmp_flyway_version(a: &str, b: &str) -> Ordering {
    let pa: Vec<&str> = a.split(['.', '_']).filter(|p| !p.is_empty()).collect();
    let pb: Vec<&str> = b.split(['.', '_']).filter(|p| !p.is_empty()).collect();
    for i in 0..pa.len().max(pb.len()) {
        let x = pa.get(i).copied().unwrap_or("0");
        let y = pb.get(i).copied().unwrap_or("0");
        match cmp_digits(x, y) {
            Ordering::Equal => {}
            o => return o,
        }
    }
    Ordering::Equal
}

/// Natural order: digit runs compare as numbers (`2.sql` < `10.sql`).
fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (ab, bb) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < ab.len() && j < bb.len() {
        if ab[i].is_ascii_digit() && bb[j].is_ascii_digit() {
            let si = i;
            while i < ab.len() && ab[i].is_ascii_digit() {
                i += 1;
            }
            let sj = j;
            while j < bb.len() && bb[j].is_ascii_digit() {
                j += 1;
            }
            match cmp_digits(&a[si..i], &b[sj..j]) {
                Ordering::Equal => {}
                o => return o,
            }
        } else {
            match ab[i].cmp(&bb[j]) {
                Ordering::Equal => {
                    i += 1;
                    j += 1;
                }
                o => return o,
            }
        }
    }
    (ab.len() - i).cmp(&(bb.len() - j)).then_with(|| a.cmp(b))
}

fn natural_path_cmp(a: &[String], b: &[String]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        match natural_cmp(x, y) {
            Ordering::Equal => {}
            o => return o,
        }
    }
    a.len().cmp(&b.len())
}

// ---------------------------------------------------------------------------
// Building the ordered list per layout
// ---------------------------------------------------------------------------

fn skip_entry(out: &mut Discovery, e: &Entry, reason: impl Into<String>) {
    out.skipped.push(Skipped {
        display: e.display.clone(),
        reason: reason.into(),
        root: e.root,
        rollback: false,
    });
}

fn new_file(e: &Entry, layout: Layout, version: Option<String>) -> MigrationFile {
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

/// Flyway vendor folder: the nearest folder (inside the PATH, then the PATH's
/// own name) named after a database.
fn flyway_dir_dialect(e: &Entry, root_name: &str) -> Option<String> {
    let dirs = &e.rel[..e.rel.len().saturating_sub(1)];
    dirs.iter()
        .rev()
        .map(String::as_str)
        .chain(std::iter::once(root_name))
        .find(|c| dialect_from_token(c).is_some())
        .map(str::to_ascii_lowercase)
}

fn build_flyway(entries: Vec<Entry>, root_name: &str, out: &mut Discovery) {
    struct V {
        e: Entry,
        ver: String,
        key: String,
        baseline: bool,
    }
    let mut versioned: Vec<V> = Vec::new();
    let mut repeatable: Vec<(Entry, String, String)> = Vec::new();
    for e in entries {
        let key = flyway_dir_dialect(&e, root_name).unwrap_or_default();
        match e.kind.clone() {
            Kind::FlywayVersioned(ver) if !e.peek.liquibase => versioned.push(V {
                e,
                ver,
                key,
                baseline: false,
            }),
            Kind::FlywayBaseline(ver) => versioned.push(V {
                e,
                ver,
                key,
                baseline: true,
            }),
            Kind::FlywayRepeatable(desc) => repeatable.push((e, desc, key)),
            _ => skip_entry(
                out,
                &e,
                "not a Flyway migration name (V<version>__<description>.sql) in a Flyway folder",
            ),
        }
    }
    // The latest baseline of each vendor key wins; a baseline outside any
    // vendor folder applies to every file.
    let mut baselines: HashMap<String, (String, String)> = HashMap::new();
    for v in versioned.iter().filter(|v| v.baseline) {
        let replace = baselines
            .get(&v.key)
            .is_none_or(|(b, _)| cmp_flyway_version(&v.ver, b) == Ordering::Greater);
        if replace {
            baselines.insert(v.key.clone(), (v.ver.clone(), v.e.display.clone()));
        }
    }
    versioned.sort_by(|a, b| {
        cmp_flyway_version(&a.ver, &b.ver)
            .then_with(|| a.key.cmp(&b.key))
            .then_with(|| b.baseline.cmp(&a.baseline))
            .then_with(|| natural_path_cmp(&a.e.rel, &b.e.rel))
    });
    let mut last: Option<(String, String, String)> = None; // (key, ver, display)
    for v in versioned {
        let base = baselines
            .get(&v.key)
            .or_else(|| baselines.get(""))
            .filter(|(_, d)| *d != v.e.display);
        if let Some((bver, bdisp)) = base {
            if cmp_flyway_version(&v.ver, bver) != Ordering::Greater {
                let what = if v.baseline {
                    "older baseline migration"
                } else {
                    "versioned migration"
                };
                skip_entry(
                    out,
                    &v.e,
                    format!("{what} at or below baseline {bver} ({bdisp}): Flyway starts from the baseline"),
                );
                continue;
            }
        }
        if let Some((k, ver, d)) = &last {
            if *k == v.key && cmp_flyway_version(ver, &v.ver) == Ordering::Equal {
                skip_entry(
                    out,
                    &v.e,
                    format!("duplicate Flyway version {} (also {d})", v.ver),
                );
                continue;
            }
        }
        last = Some((v.key.clone(), v.ver.clone(), v.e.display.clone()));
        let mut f = new_file(&v.e, Layout::Flyway, Some(v.ver));
        set_dialect(&mut f, &v.key);
        out.files.push(f);
    }
    repeatable.sort_by(|a, b| {
        a.1.cmp(&b.1)
            .then_with(|| a.2.cmp(&b.2))
            .then_with(|| natural_path_cmp(&a.0.rel, &b.0.rel))
    });
    for (e, _, key) in repeatable {
        let mut f = new_file(&e, Layout::Flyway, None);
        set_dialect(&mut f, &key);
        out.files.push(f);
    }
}

/// Liquibase / plain: natural path order; each file keeps the layout its own
/// content asks for (Liquibase header, goose / dbmate sections).
fn build_plain(mut entries: Vec<Entry>, out: &mut Discovery) {
    entries.sort_by(|a, b| natural_path_cmp(&a.rel, &b.rel));
    for e in entries {
        // Rollback files never get here (see `rollback_mark`).
        let version = match &e.kind {
            Kind::FlywayVersioned(v)
            | Kind::FlywayBaseline(v)
            | Kind::UpDown { ver: v, .. }
            | Kind::Numbered { ver: v }
            | Kind::FolderMigration { ver: v, .. }
            | Kind::Prisma { ver: v, .. } => Some(v.clone()),
            _ => plain_version(e.name()),
        };
        let layout = content_layout(e.peek);
        out.files.push(new_file(&e, layout, version));
    }
}

fn build_prisma(entries: Vec<Entry>, locks: &HashMap<Vec<String>, String>, out: &mut Discovery) {
    let mut found: Vec<(Entry, String, String)> = Vec::new();
    for e in entries {
        match e.kind.clone() {
            Kind::Prisma { dir, ver } => found.push((e, dir, ver)),
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
        if let Some(p) = locks.get(lock_dir) {
            set_prisma_dialect(&mut f, p);
        }
        out.files.push(f);
    }
}

/// golang-migrate, sqlx, goose, dbmate, popx and folder-per-migration.
fn build_numbered(layout: Layout, entries: Vec<Entry>, out: &mut Discovery) {
    struct C {
        e: Entry,
        ver: String,
        /// popx dialect suffix (None: all dialects) / folder name.
        tag: Option<String>,
    }
    let mut found: Vec<C> = Vec::new();
    for e in entries {
        let annot = e.annot();
        let taken = match (&e.kind, layout) {
            (_, _) if e.peek.liquibase => {
                Err("Liquibase formatted SQL file in a non-Liquibase folder")
            }
            (Kind::UpDown { ver, suffix, .. }, Layout::Popx) => Ok((ver.clone(), suffix.clone())),
            (Kind::UpDown { ver, .. }, Layout::GolangMigrate | Layout::Sqlx) => {
                Ok((ver.clone(), None))
            }
            (Kind::Numbered { ver }, Layout::Sqlx) => Ok((ver.clone(), None)),
            (Kind::Numbered { ver }, Layout::Goose) if annot == Annot::Goose => {
                Ok((ver.clone(), None))
            }
            (Kind::Numbered { .. }, Layout::Goose) => {
                Err("goose-named migration without a `-- +goose Up` annotation")
            }
            (Kind::Numbered { ver }, Layout::Dbmate) if annot == Annot::Dbmate => {
                Ok((ver.clone(), None))
            }
            (Kind::Numbered { .. }, Layout::Dbmate) => {
                Err("dbmate-named migration without a `-- migrate:up` section")
            }
            (Kind::FolderMigration { ver, dir, .. }, Layout::FolderPerMigration) => {
                Ok((ver.clone(), Some(dir.clone())))
            }
            _ => Err(""),
        };
        match taken {
            Ok((ver, tag)) => found.push(C { e, ver, tag }),
            Err("") => {
                let reason = format!("does not fit the {} layout of this folder", layout.name());
                skip_entry(out, &e, reason)
            }
            Err(r) => skip_entry(out, &e, r),
        }
    }
    match layout {
        // popx: version strings compare as strings; the dialect-specific file
        // of a version comes before the one for all dialects.
        Layout::Popx => found.sort_by(|a, b| {
            a.ver
                .cmp(&b.ver)
                .then_with(|| a.tag.is_none().cmp(&b.tag.is_none()))
                .then_with(|| a.tag.cmp(&b.tag))
                .then_with(|| natural_path_cmp(&a.e.rel, &b.e.rel))
        }),
        // dbmate applies files in file-name order.
        Layout::Dbmate => found.sort_by(|a, b| {
            a.e.name()
                .cmp(b.e.name())
                .then_with(|| natural_path_cmp(&a.e.rel, &b.e.rel))
        }),
        Layout::FolderPerMigration => found.sort_by(|a, b| {
            natural_cmp(&a.ver, &b.ver)
                .then_with(|| a.tag.cmp(&b.tag))
                .then_with(|| natural_path_cmp(&a.e.rel, &b.e.rel))
        }),
        _ => found.sort_by(|a, b| {
            cmp_digits(&a.ver, &b.ver).then_with(|| natural_path_cmp(&a.e.rel, &b.e.rel))
        }),
    }
    let unique_versions = !matches!(layout, Layout::Popx);
    let mut last: Option<(String, String)> = None;
    for c in found {
        if unique_versions {
            if let Some((v, d)) = &last {
                let same = match layout {
                    Layout::Dbmate | Layout::FolderPerMigration => *v == c.ver,
                    _ => cmp_digits(v, &c.ver) == Ordering::Equal,
                };
                if same {
                    let reason =
                        format!("duplicate {} version {} (also {d})", layout.name(), c.ver);
                    skip_entry(out, &c.e, reason);
                    continue;
                }
            }
            last = Some((c.ver.clone(), c.e.display.clone()));
        }
        let mut f = new_file(&c.e, layout, Some(c.ver));
        if layout == Layout::Popx {
            if let Some(s) = &c.tag {
                set_dialect(&mut f, s);
            }
        }
        out.files.push(f);
    }
}

// ---------------------------------------------------------------------------
// Segments
// ---------------------------------------------------------------------------

/// A line of `text`: its number, where it starts, where its content ends
/// (before `\r\n` / `\n`) and where the next line starts.
struct Line<'a> {
    no: u32,
    start: usize,
    next: usize,
    text: &'a str,
}

fn lines_from(text: &str, from: usize) -> impl Iterator<Item = Line<'_>> {
    let mut pos = from;
    let mut no = 0u32;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let start = pos;
        let end = memchr::memchr(b'\n', &text.as_bytes()[start..])
            .map(|i| start + i)
            .unwrap_or(text.len());
        pos = if end < text.len() { end + 1 } else { end };
        no += 1;
        let content = &text[start..end];
        Some(Line {
            no,
            start,
            next: pos,
            text: content.strip_suffix('\r').unwrap_or(content),
        })
    })
}

fn syntax(file: &MigrationFile, line: u32, message: impl Into<String>) -> SourceError {
    SourceError::Syntax {
        file: file.display.clone(),
        line,
        message: message.into(),
    }
}

fn push_seg<'a>(
    out: &mut Vec<Segment<'a>>,
    text: &'a str,
    start: usize,
    end: usize,
    first_line: u32,
    split: bool,
) {
    let t = &text[start..end];
    if !t.trim().is_empty() {
        out.push(Segment {
            text: t,
            first_line,
            split,
        });
    }
}

fn goose_segments<'a>(
    file: &MigrationFile,
    text: &'a str,
    bom: usize,
) -> Result<Vec<Segment<'a>>, SourceError> {
    #[derive(PartialEq)]
    enum St {
        Before,
        Up,
        Down,
    }
    let mut st = St::Before;
    let mut segs = Vec::new();
    // Start (offset, line) of the current split region / statement block.
    let mut region: Option<(usize, u32)> = None;
    let mut block: Option<(usize, u32)> = None;
    let mut up_line = 0;
    for l in lines_from(text, bom) {
        let Some(cmd) = goose_command(l.text) else {
            continue;
        };
        match cmd.as_str() {
            "up" => {
                if st != St::Before {
                    return Err(syntax(
                        file,
                        l.no,
                        "a second `-- +goose Up` annotation (after line ".to_string()
                            + &up_line.to_string()
                            + ")",
                    ));
                }
                st = St::Up;
                up_line = l.no;
                region = Some((l.next, l.no + 1));
            }
            "down" => {
                if let Some((_, bl)) = block.map(|(o, l)| (o, l - 1)) {
                    return Err(syntax(
                        file,
                        bl,
                        "`-- +goose StatementBegin` without a matching `-- +goose StatementEnd`",
                    ));
                }
                if st == St::Up {
                    if let Some((s, ln)) = region.take() {
                        push_seg(&mut segs, text, s, l.start, ln, true);
                    }
                }
                st = St::Down;
            }
            "statementbegin" if st == St::Up => {
                if let Some((_, bl)) = block.map(|(o, l)| (o, l - 1)) {
                    return Err(syntax(
                        file,
                        l.no,
                        format!("`-- +goose StatementBegin` inside the block opened at line {bl}"),
                    ));
                }
                if let Some((s, ln)) = region.take() {
                    push_seg(&mut segs, text, s, l.start, ln, true);
                }
                block = Some((l.next, l.no + 1));
            }
            "statementend" if st == St::Up => {
                let Some((s, ln)) = block.take() else {
                    return Err(syntax(
                        file,
                        l.no,
                        "`-- +goose StatementEnd` without a `-- +goose StatementBegin`",
                    ));
                };
                push_seg(&mut segs, text, s, l.start, ln, false);
                region = Some((l.next, l.no + 1));
            }
            _ => {}
        }
    }
    if st == St::Before {
        return Err(syntax(
            file,
            1,
            "no `-- +goose Up` annotation: goose would not apply this file",
        ));
    }
    if let Some((_, bl)) = block.map(|(o, l)| (o, l - 1)) {
        return Err(syntax(
            file,
            bl,
            "`-- +goose StatementBegin` without a matching `-- +goose StatementEnd`",
        ));
    }
    if st == St::Up {
        if let Some((s, ln)) = region {
            push_seg(&mut segs, text, s, text.len(), ln, true);
        }
    }
    Ok(segs)
}

fn dbmate_segments<'a>(
    file: &MigrationFile,
    text: &'a str,
    bom: usize,
) -> Result<Vec<Segment<'a>>, SourceError> {
    let mut up: Option<(usize, u32)> = None;
    let mut down_after_up: Option<usize> = None;
    let mut seen_directive = false;
    for l in lines_from(text, bom) {
        match dbmate_directive(l.text) {
            Some(true) => {
                if up.is_some() {
                    return Err(syntax(file, l.no, "a second `-- migrate:up` directive"));
                }
                seen_directive = true;
                up = Some((l.next, l.no + 1));
            }
            Some(false) => {
                seen_directive = true;
                if up.is_some() && down_after_up.is_none() {
                    down_after_up = Some(l.start);
                }
            }
            None => {
                let t = l.text.trim();
                if !seen_directive && !t.is_empty() && !t.starts_with("--") {
                    return Err(syntax(
                        file,
                        l.no,
                        "SQL before `-- migrate:up`: dbmate does not run statements outside the up/down blocks",
                    ));
                }
            }
        }
    }
    let Some((start, first_line)) = up else {
        return Err(syntax(
            file,
            1,
            "no `-- migrate:up` directive: dbmate requires an up block",
        ));
    };
    let end = down_after_up.unwrap_or(text.len()).max(start);
    let mut segs = Vec::new();
    push_seg(&mut segs, text, start, end, first_line, true);
    Ok(segs)
}

struct Changeset {
    split: bool,
    applies: bool,
}

/// Parse `--changeset author:id attr:value …`; `None` when the line is not a
/// changeset line, `Some(Err)` when it is one without `author:id`.
fn liquibase_changeset(line: &str) -> Option<Result<Changeset, String>> {
    let rest = line.trim().strip_prefix("--")?.trim_start();
    let head = rest.get(..9)?;
    if !head.eq_ignore_ascii_case("changeset") {
        return None;
    }
    let rest = &rest[9..];
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    // author (possibly quoted) : id
    let after_author = if let Some(q) = rest.strip_prefix('"') {
        q.find('"').map(|i| &q[i + 1..])
    } else {
        rest.find(':').map(|i| &rest[i..])
    };
    let Some(after_author) = after_author.and_then(|s| s.strip_prefix(':')) else {
        return Some(Err("`--changeset` needs `author:id`".to_string()));
    };
    let mut attrs = after_author.split_whitespace();
    if attrs.next().is_none() {
        return Some(Err("`--changeset` needs `author:id`".to_string()));
    }
    let mut cs = Changeset {
        split: true,
        applies: true,
    };
    for a in attrs {
        let Some((k, v)) = a.split_once(':') else {
            continue;
        };
        if k.eq_ignore_ascii_case("splitStatements") {
            cs.split = !v.eq_ignore_ascii_case("false");
        } else if k.eq_ignore_ascii_case("dbms") {
            cs.applies = dbms_matches(v, &["postgresql", "postgres"])
                || dbms_matches(v, &["mysql", "mariadb"]);
        }
    }
    Some(Ok(cs))
}

/// Liquibase `dbms:` semantics: `all`/`none`, a list of names, `!name` exclusions.
fn dbms_matches(list: &str, names: &[&str]) -> bool {
    let items: Vec<String> = list
        .split(',')
        .map(|s| {
            s.trim()
                .trim_matches(|c| c == '"' || c == '\'')
                .to_ascii_lowercase()
        })
        .filter(|s| !s.is_empty())
        .collect();
    if items.is_empty() || items.iter().any(|i| i == "all") {
        return true;
    }
    if items.iter().any(|i| i == "none") {
        return false;
    }
    let hit = |i: &str| names.contains(&i);
    if items.iter().any(|i| i.strip_prefix('!').is_some_and(hit)) {
        return false;
    }
    let positives: Vec<&String> = items.iter().filter(|i| !i.starts_with('!')).collect();
    positives.is_empty() || positives.iter().any(|i| hit(i))
}

fn liquibase_segments<'a>(
    file: &MigrationFile,
    text: &'a str,
    bom: usize,
) -> Result<Vec<Segment<'a>>, SourceError> {
    let mut segs = Vec::new();
    let mut header = false;
    let mut current: Option<Changeset> = None;
    // Start of the current piece of the current changeset.
    let mut piece: Option<(usize, u32)> = None;
    let mut ignore_block: Option<u32> = None;
    let mut ignore_n = 0u32;
    let flush = |segs: &mut Vec<Segment<'a>>,
                 cur: &Option<Changeset>,
                 piece: &mut Option<(usize, u32)>,
                 end: usize| {
        if let (Some(cs), Some((s, ln))) = (cur, piece.take()) {
            if cs.applies {
                push_seg(segs, text, s, end, ln, cs.split);
            }
        }
    };
    for l in lines_from(text, bom) {
        if !header {
            if l.text.trim().is_empty() {
                continue;
            }
            if !is_liquibase_header(l.text) {
                return Err(syntax(
                    file,
                    l.no,
                    "missing `--liquibase formatted sql` header",
                ));
            }
            header = true;
            continue;
        }
        if ignore_n > 0 {
            ignore_n -= 1;
            if ignore_n == 0 && current.is_some() {
                piece = Some((l.next, l.no + 1));
            }
            continue;
        }
        if ignore_block.is_some() {
            if liquibase_ignore(l.text) == Some(IgnoreLines::End) {
                ignore_block = None;
                if current.is_some() {
                    piece = Some((l.next, l.no + 1));
                }
            }
            continue;
        }
        if let Some(cs) = liquibase_changeset(l.text) {
            flush(&mut segs, &current, &mut piece, l.start);
            let cs = cs.map_err(|m| syntax(file, l.no, m))?;
            current = Some(cs);
            piece = Some((l.next, l.no + 1));
            continue;
        }
        match liquibase_ignore(l.text) {
            Some(IgnoreLines::Start) => {
                flush(&mut segs, &current, &mut piece, l.start);
                ignore_block = Some(l.no);
            }
            Some(IgnoreLines::Count(n)) if n > 0 => {
                flush(&mut segs, &current, &mut piece, l.start);
                ignore_n = n;
            }
            _ => {}
        }
    }
    if !header {
        return Ok(segs);
    }
    if let Some(at) = ignore_block {
        return Err(syntax(
            file,
            at,
            "`--ignoreLines:start` without `--ignoreLines:end`",
        ));
    }
    flush(&mut segs, &current, &mut piece, text.len());
    Ok(segs)
}

#[derive(Debug, PartialEq, Eq)]
enum IgnoreLines {
    Start,
    End,
    Count(u32),
}

fn liquibase_ignore(line: &str) -> Option<IgnoreLines> {
    let rest = line.trim().strip_prefix("--")?.trim_start();
    let head = rest.get(..12)?;
    if !head.eq_ignore_ascii_case("ignoreLines:") {
        return None;
    }
    let v = rest[12..].trim();
    if v.eq_ignore_ascii_case("start") {
        Some(IgnoreLines::Start)
    } else if v.eq_ignore_ascii_case("end") {
        Some(IgnoreLines::End)
    } else {
        v.parse().ok().map(IgnoreLines::Count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn write(dir: &Path, rel: &str, text: &str) {
        let p = dir.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    /// File names (last path component, or `dir/up.sql` for folder layouts).
    fn names(d: &Discovery) -> Vec<String> {
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
    fn skipped_names(d: &Discovery) -> Vec<String> {
        d.skipped
            .iter()
            .filter(|s| !s.rollback)
            .map(|s| s.display.rsplit('/').next().unwrap().to_string())
            .collect()
    }

    /// Skipped rollback files, as paths inside the PATH.
    fn rollback_names(d: &Discovery) -> Vec<String> {
        d.skipped
            .iter()
            .filter(|s| s.rollback)
            .map(|s| {
                let root = &d.roots[s.root].display;
                s.display[root.len() + 1..].to_string()
            })
            .collect()
    }

    fn one(dir: &Path) -> Discovery {
        discover(&[dir.to_path_buf()]).unwrap()
    }

    fn mf(layout: Layout) -> MigrationFile {
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

    #[test]
    fn flyway_orders_versions_numerically_and_repeatables_last() {
        let t = tempfile::tempdir().unwrap();
        for n in [
            "V5__five.sql",
            "V10__ten.sql",
            "V1.9__a.sql",
            "V1.10__b.sql",
            "V1_0_1__init___MYSQL.sql",
            "R__views.sql",
            "R__functions.sql",
            "U10__undo_ten.sql",
            "notes.sql",
            "README.md",
        ] {
            write(t.path(), n, "select 1;");
        }
        let d = one(t.path());
        assert_eq!(
            names(&d),
            [
                "V1_0_1__init___MYSQL.sql",
                "V1.9__a.sql",
                "V1.10__b.sql",
                "V5__five.sql",
                "V10__ten.sql",
                "R__functions.sql",
                "R__views.sql"
            ]
        );
        assert!(d.files.iter().all(|f| f.layout == Layout::Flyway));
        assert_eq!(d.files[0].version.as_deref(), Some("1_0_1"));
        assert_eq!(d.files[6].version, None);
        assert_eq!(skipped_names(&d), ["notes.sql"]);
        assert_eq!(rollback_names(&d), ["U10__undo_ten.sql"]);
        assert!(d.skipped[0].reason.contains("undo"));
        assert!(d.skipped[1].reason.contains("not a Flyway migration"));
    }

    #[test]
    fn flyway_baseline_skips_versions_at_or_below_it() {
        let t = tempfile::tempdir().unwrap();
        for n in [
            "V1__a.sql",
            "V2__b.sql",
            "V2.1__c.sql",
            "V3__d.sql",
            "B1__old_baseline.sql",
            "B2_1__baseline.sql",
        ] {
            write(t.path(), n, "select 1;");
        }
        let d = one(t.path());
        assert_eq!(names(&d), ["B2_1__baseline.sql", "V3__d.sql"]);
        let mut s = skipped_names(&d);
        s.sort();
        assert_eq!(
            s,
            [
                "B1__old_baseline.sql",
                "V1__a.sql",
                "V2.1__c.sql",
                "V2__b.sql"
            ]
        );
        assert!(d.skipped.iter().all(|s| s.reason.contains("baseline 2_1")));
    }

    #[test]
    fn flyway_merges_subfolders_and_reads_vendor_folders() {
        let t = tempfile::tempdir().unwrap();
        write(t.path(), "postgres/V1__a.sql", "");
        write(t.path(), "postgres/V3__c.sql", "");
        write(t.path(), "mysql/V1__a.sql", "");
        write(t.path(), "mysql/B2__base.sql", "");
        write(t.path(), "h2/V1__a.sql", "");
        write(t.path(), "common/V2__b.sql", "");
        write(t.path(), "common/V2__dup.sql", "");
        let mut d = one(t.path());
        let shown: Vec<&str> = d
            .files
            .iter()
            .map(|f| f.display.rsplit_once(t.path().to_str().unwrap()).unwrap().1)
            .collect();
        assert_eq!(
            shown,
            [
                "/h2/V1__a.sql",
                "/postgres/V1__a.sql",
                "/common/V2__b.sql",
                "/mysql/B2__base.sql",
                "/postgres/V3__c.sql"
            ]
        );
        assert!(d.files[0].other_dialect);
        assert_eq!(d.files[1].dialect, Some(Dialect::Postgres));
        assert_eq!(d.files[2].dialect, None);
        let mut s = skipped_names(&d);
        s.sort();
        assert_eq!(s, ["V1__a.sql", "V2__dup.sql"]); // mysql V1 under the mysql baseline; duplicate V2
        assert!(
            d.dialect_hint().is_none(),
            "postgres and mysql folders disagree"
        );
        d.retain_dialect(Dialect::Postgres);
        assert_eq!(names(&d), ["V1__a.sql", "V2__b.sql", "V3__c.sql"]);
        assert!(d
            .skipped
            .iter()
            .any(|s| s.reason == "migration for h2, not postgres"));
        assert!(d
            .skipped
            .iter()
            .any(|s| s.reason == "migration for mysql, not postgres"));
    }

    #[test]
    fn golang_migrate_long_versions_compare_as_numbers() {
        let t = tempfile::tempdir().unwrap();
        for n in [
            "20210410175418_b.up.sql",
            "20210410175418_b.down.sql",
            "99999999999999999999_huge.up.sql",
            "0003_three.up.sql",
            "2_two.up.sql",
            "10_ten.up.sql",
            "10_ten.down.sql",
            "misc.sql",
        ] {
            write(t.path(), n, "");
        }
        let d = one(t.path());
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

    #[test]
    fn goose_detection_ordering_and_unannotated_file() {
        let t = tempfile::tempdir().unwrap();
        let body = "-- +goose Up\ncreate table a(id int);\n-- +goose Down\ndrop table a;\n";
        write(t.path(), "00010_ten.sql", body);
        write(t.path(), "00002_two.sql", body);
        write(t.path(), "00003_three.sql", "create table b(id int);\n");
        let d = one(t.path());
        assert_eq!(names(&d), ["00002_two.sql", "00010_ten.sql"]);
        assert!(d.files.iter().all(|f| f.layout == Layout::Goose));
        assert_eq!(skipped_names(&d), ["00003_three.sql"]);
        assert!(d.skipped[0].reason.contains("+goose Up"));
    }

    #[test]
    fn goose_segments_keep_only_up_and_blocks_are_single_statements() {
        let text = "-- header comment\n\
                    -- +goose Up\n\
                    -- +goose NO TRANSACTION\n\
                    create table a(id int);\n\
                    -- +goose StatementBegin\n\
                    create function f() returns int as $$ select 1; $$ language sql;\n\
                    -- +goose StatementEnd\n\
                    comment on table a is 'x #PPI';\n\
                    -- +goose Down\n\
                    drop table a;\n";
        let f = mf(Layout::Goose);
        let s = segments(&f, text).unwrap();
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].first_line, 3);
        assert!(s[0].text.contains("create table a") && s[0].split);
        assert_eq!(s[1].first_line, 6);
        assert_eq!(
            s[1].text,
            "create function f() returns int as $$ select 1; $$ language sql;\n"
        );
        assert!(!s[1].split);
        assert_eq!(s[2].first_line, 8);
        assert_eq!(s[2].text, "comment on table a is 'x #PPI';\n");
        assert!(s.iter().all(|x| !x.text.contains("drop table")));
    }

    #[test]
    fn goose_grammar_errors_name_file_and_line() {
        let f = mf(Layout::Goose);
        let err = segments(&f, "-- +goose Up\n-- +goose StatementBegin\nselect 1;\n").unwrap_err();
        assert!(
            matches!(err, SourceError::Syntax { line: 2, ref file, .. } if file == "db/m.sql"),
            "{err}"
        );
        let err = segments(&f, "create table a(id int);\n").unwrap_err();
        assert!(matches!(err, SourceError::Syntax { line: 1, .. }));
        let err = segments(&f, "-- +goose Up\n-- +goose StatementEnd\n").unwrap_err();
        assert!(matches!(err, SourceError::Syntax { line: 2, .. }));
    }

    #[test]
    fn dbmate_sections_and_order() {
        let t = tempfile::tempdir().unwrap();
        let body = "-- migrate:up\nselect 1;\n-- migrate:down\nselect 2;\n";
        write(t.path(), "20220102000000_b.sql", body);
        write(t.path(), "20220101000000_a.sql", body);
        write(t.path(), "20220103000000_c.sql", "select 3;\n");
        let d = one(t.path());
        assert_eq!(names(&d), ["20220101000000_a.sql", "20220102000000_b.sql"]);
        assert_eq!(d.files[0].layout, Layout::Dbmate);
        assert_eq!(skipped_names(&d), ["20220103000000_c.sql"]);

        let f = mf(Layout::Dbmate);
        let text = "-- a comment\n\n-- migrate:up transaction:false\ncreate table a(id int);\n\ncomment on table a is '#PPI';\n-- migrate:down\ndrop table a;\n";
        let s = segments(&f, text).unwrap();
        assert_eq!(
            s,
            [Segment {
                text: "create table a(id int);\n\ncomment on table a is '#PPI';\n",
                first_line: 4,
                split: true
            }]
        );
        // down before up: the up block runs to the end of the file
        let s = segments(
            &f,
            "-- migrate:down\ndrop table a;\n-- migrate:up\ncreate table a(id int);\n",
        )
        .unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].first_line, 4);
        assert!(matches!(
            segments(&f, "select 1;\n").unwrap_err(),
            SourceError::Syntax { line: 1, .. }
        ));
        assert!(matches!(
            segments(&f, "-- ok\nselect 1;\n-- migrate:up\nselect 2;\n").unwrap_err(),
            SourceError::Syntax { line: 2, .. }
        ));
        // `-- migrate:upgrade` is not the directive
        assert_eq!(dbmate_directive("-- migrate:upgrade"), None);
        assert_eq!(dbmate_directive("--migrate:up"), Some(true));
    }

    #[test]
    fn liquibase_changesets_first_line_split_and_dbms() {
        let text = "\n--  Liquibase Formatted SQL\n\
                    -- ignored preamble\n\
                    --changeset alice:1\n\
                    create table a(id int);\n\
                    --rollback drop table a;\n\
                    --changeset bob:2 splitStatements:false runOnChange:true\n\
                    create function f() returns int as $$ begin return 1; end $$ language plpgsql;\n\
                    --changeset carol:3 dbms:h2,oracle\n\
                    create table h2_only(id int);\n\
                    --changeset dave:4 dbms:!h2\n\
                    create table b(id int);\n\
                    --changeset erin:5 dbms:mariadb\n\
                    create table c(id int);\n";
        let f = mf(Layout::Liquibase);
        let s = segments(&f, text).unwrap();
        let got: Vec<(u32, bool, &str)> =
            s.iter().map(|x| (x.first_line, x.split, x.text)).collect();
        assert_eq!(
            got,
            [
                (5, true, "create table a(id int);\n--rollback drop table a;\n"),
                (8, false, "create function f() returns int as $$ begin return 1; end $$ language plpgsql;\n"),
                (12, true, "create table b(id int);\n"),
                (14, true, "create table c(id int);\n"),
            ]
        );
        let err = segments(
            &f,
            "--liquibase formatted sql\n--changeset nobody\nselect 1;\n",
        )
        .unwrap_err();
        assert!(matches!(err, SourceError::Syntax { line: 2, .. }), "{err}");
        let s = segments(
            &f,
            "--liquibase formatted sql\n--changeset a:1\nselect 1;\n--ignoreLines:start\nbad;\n--ignoreLines:end\nselect 2;\n",
        )
        .unwrap();
        assert_eq!(
            s.iter().map(|x| (x.first_line, x.text)).collect::<Vec<_>>(),
            [(3, "select 1;\n"), (7, "select 2;\n")]
        );
        assert!(dbms_matches("postgresql", &["postgresql"]));
        assert!(!dbms_matches("none", &["postgresql"]));
        assert!(dbms_matches("all", &["mysql"]));
        assert!(!dbms_matches("!mysql", &["mysql"]));
    }

    #[test]
    fn liquibase_folder_in_natural_path_order_with_raw_sql_files() {
        let t = tempfile::tempdir().unwrap();
        let lb = "--liquibase formatted sql\n--changeset a:1\nselect 1;\n";
        write(t.path(), "10_ten.sql", lb);
        write(t.path(), "9_nine.sql", lb);
        write(
            t.path(),
            "sub/2.sql",
            "create function f() returns int as $$ select 1 $$ language sql;",
        );
        write(t.path(), "sub/10.sql", lb);
        let d = one(t.path());
        assert_eq!(names(&d), ["9_nine.sql", "10_ten.sql", "2.sql", "10.sql"]);
        let layouts: Vec<Layout> = d.files.iter().map(|f| f.layout).collect();
        assert_eq!(
            layouts,
            [
                Layout::Liquibase,
                Layout::Liquibase,
                Layout::Plain,
                Layout::Liquibase
            ]
        );
    }

    #[test]
    fn popx_order_dialects_and_retain() {
        let t = tempfile::tempdir().unwrap();
        for n in [
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
        ] {
            write(t.path(), n, "");
        }
        let d = one(t.path());
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

        let mut pg = d.clone();
        pg.retain_dialect(Dialect::Postgres);
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

        let mut my = d.clone();
        my.retain_dialect(Dialect::Mysql);
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
    fn dialect_hint_from_suffixes_that_agree() {
        let t = tempfile::tempdir().unwrap();
        write(t.path(), "1_a.postgres.up.sql", "");
        write(t.path(), "1_a.sqlite3.up.sql", "");
        write(t.path(), "2_b.up.sql", "");
        let (d, why) = one(t.path()).dialect_hint().unwrap();
        assert_eq!(d, Dialect::Postgres);
        assert!(why.contains("1 migration file is marked postgres"), "{why}");
    }

    #[test]
    fn prisma_lock_provider_gives_dialect_and_hint() {
        let t = tempfile::tempdir().unwrap();
        write(
            t.path(),
            "migration_lock.toml",
            "# Please do not edit\nprovider = \"mysql\"\n",
        );
        write(t.path(), "20230102000000_second/migration.sql", "");
        write(t.path(), "20230101000000_init/migration.sql", "");
        let d = one(t.path());
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

    #[test]
    fn folder_per_migration_orders_by_folder_version() {
        let t = tempfile::tempdir().unwrap();
        write(t.path(), "2020-01-10-000000_users/up.sql", "");
        write(t.path(), "2020-01-10-000000_users/down.sql", "");
        write(t.path(), "00000000000000_diesel_initial_setup/up.sql", "");
        write(t.path(), "00000000000000_diesel_initial_setup/down.sql", "");
        write(t.path(), "2020-01-02-000000_posts/up.sql", "");
        let d = one(t.path());
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
        let t = tempfile::tempdir().unwrap();
        for n in [
            "V0001.Init.up.sql",
            "V0001.Init.down.sql",
            "V0002.Users.up.sql",
            "V0002.Users.down.sql",
            "V0010.Late.UP.sql",
            "V0010.Late.DOWN.sql",
        ] {
            write(t.path(), n, "select 1;");
        }
        let d = one(t.path());
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
        let t = tempfile::tempdir().unwrap();
        for n in [
            "V1__init.sql",
            "V2__users.sql",
            "U2__users.sql",
            "V2__users.rollback.sql",
            "rollback/V2__users.sql",
        ] {
            write(t.path(), n, "select 1;");
        }
        let d = one(t.path());
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
    fn plain_folder_uses_natural_order_and_majority_rules() {
        let t = tempfile::tempdir().unwrap();
        for n in ["10.sql", "2.sql", "schema.sql", "V1__x.sql", "a.txt"] {
            write(t.path(), n, "");
        }
        let d = one(t.path());
        assert_eq!(names(&d), ["2.sql", "10.sql", "V1__x.sql", "schema.sql"]);
        assert!(d.files.iter().all(|f| f.layout == Layout::Plain));
        assert!(d.skipped.is_empty());
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

    #[test]
    fn whole_file_layouts_give_one_segment_without_bom() {
        let f = mf(Layout::Flyway);
        let s = segments(&f, "\u{feff}create table a(id int);\n").unwrap();
        assert_eq!(
            s,
            [Segment {
                text: "create table a(id int);\n",
                first_line: 1,
                split: true
            }]
        );
        assert!(segments(&f, "  \n").unwrap().is_empty());
    }

    #[test]
    fn version_comparisons() {
        assert_eq!(cmp_flyway_version("1.10", "1.9"), Ordering::Greater);
        assert_eq!(
            cmp_flyway_version("10", "7.0_2021.03.18"),
            Ordering::Greater
        );
        assert_eq!(cmp_flyway_version("1", "1.0"), Ordering::Equal);
        assert_eq!(cmp_digits("00012", "9"), Ordering::Greater);
        assert_eq!(
            cmp_digits("123456789012345678901234", "99999999999999999999"),
            Ordering::Greater
        );
        assert_eq!(natural_cmp("2.sql", "10.sql"), Ordering::Less);
        assert_eq!(natural_cmp("a2b", "a02b"), Ordering::Greater);
    }

    // -- real corpora -------------------------------------------------------

    fn corpus(rel: &str) -> Option<PathBuf> {
        let p = Path::new("/work/shared/corpora").join(rel);
        if p.exists() {
            Some(p)
        } else {
            eprintln!("note: {} absent, corpus check skipped", p.display());
            None
        }
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
        let mut pg = d.clone();
        pg.retain_dialect(Dialect::Postgres);
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
        let mut my = d.clone();
        my.retain_dialect(Dialect::Mysql);
        assert!(my.files.len() > 300);
    }

    #[test]
    fn corpus_hawkbit_mysql_baseline() {
        let Some(p) = corpus("hawkbit/hawkbit-repository/hawkbit-repository-jpa-flyway/src/main/resources/db/migration") else { return };
        let mysql = one(&p.join("MYSQL"));
        assert!(
            mysql.files[0]
                .display
                .ends_with("B1_20_0__1.0.0_baseline__MYSQL.sql"),
            "{}",
            mysql.files[0].display
        );
        assert!(mysql
            .files
            .iter()
            .all(|f| f.dialect == Some(Dialect::Mysql)));
        assert!(mysql
            .skipped
            .iter()
            .any(|s| s.display.ends_with("V1_0_1__init___MYSQL.sql")
                && s.reason.contains("baseline")));
        for w in mysql.files.windows(2) {
            assert_eq!(
                cmp_flyway_version(
                    w[0].version.as_deref().unwrap(),
                    w[1].version.as_deref().unwrap()
                ),
                Ordering::Less
            );
        }
        // the whole tree: each vendor folder keeps its own baseline
        let mut all = one(&p);
        assert!(all.dialect_hint().is_none());
        all.retain_dialect(Dialect::Postgres);
        assert!(all.files[0]
            .display
            .ends_with("B1_20_0__1.0.0_baseline__POSTGRESQL.sql"));
        assert!(all.files.iter().all(|f| f.display.contains("/POSTGRESQL/")));
    }

    #[test]
    fn corpus_dspace_and_marquez_flyway() {
        if let Some(p) = corpus("dspace/dspace-api/src/main/resources/org/dspace/storage/rdbms") {
            let d = one(&p);
            let pos = |n: &str| d.files.iter().position(|f| f.display.contains(n)).unwrap();
            assert!(pos("V10.0_2026.01.07") > pos("V7.0_2021.03.18"));
            assert!(pos("V7.0_2020.10.31__CollectionCommunity") > pos("V7.0_2020.01.08")); // merged from metadata/
            assert!(pos("V1.1__") == 0);
            assert!(d
                .skipped
                .iter()
                .any(|s| s.display.ends_with("upgradeToFlyway4x.sql")));
            assert_eq!(d.dialect_hint().map(|h| h.0), Some(Dialect::Postgres));
        }
        if let Some(p) = corpus("marquez/api/src/main/resources/marquez/db/migration") {
            let d = one(&p);
            let n = names(&d);
            assert_eq!(n[0], "V1__initial_schema.sql");
            let pos = |x: &str| n.iter().position(|m| m == x).unwrap();
            assert!(pos("V17.2__open_lineage.sql") < pos("V18__drop_dataset_constraint.sql"));
            assert!(
                pos("V2.1__alter_job_versions_to_add_job_context_uuid.sql")
                    < pos("V3__drop_not_null_constraint_on_job_location.sql")
            );
            assert!(n[n.len() - 3..].iter().all(|m| m.starts_with("R__")));
        }
    }

    #[test]
    fn corpus_supabase_dbmate_up_sections_only() {
        let Some(p) = corpus("supabase-postgres/migrations/db") else {
            return;
        };
        let d = discover(&[p.join("init-scripts"), p.join("migrations")]).unwrap();
        assert!(d.files[0]
            .display
            .ends_with("init-scripts/00000000000000-initial-schema.sql"));
        assert!(d.files[4]
            .display
            .ends_with("migrations/10000000000000_demote-postgres.sql"));
        assert!(
            d.files.iter().all(|f| f.layout == Layout::Dbmate),
            "{:?}",
            d.files.iter().map(|f| f.layout).collect::<Vec<_>>()
        );
        for f in &d.files {
            let text = fs::read_to_string(&f.path).unwrap();
            for s in segments(f, &text).unwrap() {
                assert!(!s.text.contains("migrate:down"), "{}", f.display);
            }
        }
        // the parent folder: dbmate, with the dash-named init scripts skipped
        let whole = one(&p);
        assert!(whole.files.iter().all(|f| f.layout == Layout::Dbmate));
        assert!(whole
            .skipped
            .iter()
            .any(|s| s.display.contains("init-scripts/")));
    }

    #[test]
    fn corpus_liquibase_sets() {
        for rel in ["edp-ddm-citus/platform-db/changesets", "nldi-db/liquibase"] {
            let Some(p) = corpus(rel) else { continue };
            let d = one(&p);
            assert!(d.files.iter().any(|f| f.layout == Layout::Liquibase));
            assert!(d.skipped.is_empty(), "{:?}", d.skipped);
            let mut segs = 0;
            for f in &d.files {
                let text = fs::read_to_string(&f.path).unwrap();
                segs += segments(f, &text).unwrap_or_else(|e| panic!("{e}")).len();
            }
            assert!(segs > d.files.len(), "{rel}: {segs} segments");
        }
    }
}

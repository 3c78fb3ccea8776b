//! [`load`]: migration paths to one [`Schema`], in named stages:
//! [`discover`] -> [`read`] -> `substitute` -> `split` -> `parse` ->
//! `replay`, each a function below with its own doc. Every stage returns
//! what the next one needs; what a stage would say on stderr is collected as
//! [`Notes`], never printed here. The first two are public: `migrations
//! --list` stops after [`read`].

use crate::dialect::Dialect;
use crate::error::SourceError;
use crate::model::{InlineIgnore, Notice, NoticeKind, Origin, Schema};
use crate::source::layout::{self, Discovery, Layout};
use crate::source::placeholders::{self, Scope, Unresolved};
use crate::source::replay::mysql_version::MysqlServer;
use crate::source::replay::parse::Parsed;
use crate::source::replay::{ParsedStatement, Replayer};
use crate::source::split as splitter;
use crate::suppress;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::PathBuf;

/// Messages for stderr produced while loading (skipped files, guesses).
pub type Notes = Vec<String>;

/// What a load may be told; `Default` decides everything from the files.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// `None`: inferred from the layout or the content.
    pub dialect: Option<Dialect>,
    /// Placeholder values (`${name}`, `{{ .Name }}`), by name.
    pub placeholders: BTreeMap<String, String>,
    /// `None`: the default, MariaDB when the files are mariadb-dump output
    /// or use `/*M!` comments.
    pub mysql_server: Option<MysqlServer>,
}

/// The result of reading migration paths.
pub struct Loaded {
    pub schema: Schema,
    pub dialect: Dialect,
    /// How the dialect was decided, when it was not given.
    pub dialect_reason: Option<String>,
    pub files: usize,
    pub statements: usize,
    /// What was understood and assumed, in the order to show it on stderr:
    /// the [`Plan::summary`], the notes of each file, then of the whole
    /// set, last the inferred dialect.
    pub notes: Notes,
}

/// A load that stopped: the error, and the notes gathered before it (what
/// was understood of the paths), which often say why.
#[derive(Debug)]
pub struct Stopped {
    pub error: SourceError,
    pub notes: Notes,
}

impl fmt::Display for Stopped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for Stopped {
    // The error's own cause: a `Stopped` reads exactly as its error does.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.error)
    }
}

impl From<Stopped> for SourceError {
    fn from(s: Stopped) -> SourceError {
        s.error
    }
}

/// The notes of a load, whether it loaded or stopped: print them before
/// handling the error, as they often say why.
pub fn notes(result: &Result<Loaded, Stopped>) -> &Notes {
    match result {
        Ok(loaded) => &loaded.notes,
        Err(stopped) => &stopped.notes,
    }
}

/// Discover, read, substitute, split, parse and replay migration paths.
pub fn load(paths: &[PathBuf], options: &LoadOptions) -> Result<Loaded, Stopped> {
    let plan = discover(paths)
        .and_then(|d| read(d, options.dialect))
        .map_err(|error| Stopped {
            error,
            notes: Notes::new(),
        })?;
    let mut notes = plan.summary();
    if plan.discovery.files.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(Stopped {
            error: SourceError::NoMigrations(format!(
                "{} for dialect {}",
                shown.join(", "),
                plan.dialect
            )),
            notes,
        });
    }
    let server = options
        .mysql_server
        .unwrap_or_else(|| default_server(&plan));
    let prepared = substitute(&plan, &options.placeholders);
    let parsed = match split(&plan, &prepared, server) {
        Ok(files) => parse(files, plan.dialect, server),
        Err(e) => return Err(Stopped { error: e, notes }),
    };
    let (schema, statements, replay_notes) = replay(parsed, prepared, plan.dialect, server);
    notes.extend(replay_notes);
    notes.extend(plan.dialect_note());
    Ok(Loaded {
        schema,
        dialect: plan.dialect,
        dialect_reason: plan.dialect_reason,
        files: plan.discovery.files.len(),
        statements,
        notes,
    })
}

impl Loaded {
    /// Why replay left no audited table, or `None` when it left some.
    pub fn nothing_audited(&self) -> Option<String> {
        let schema = &self.schema;
        if schema.audited_tables().next().is_some() {
            return None;
        }
        let mut why = format!(
            "replaying {} file{} ({} statement{}) created no table",
            self.files,
            plural(self.files),
            self.statements,
            plural(self.statements),
        );
        let views = schema.tables.len();
        if views > 0 {
            why.push_str(&format!(
                " ({views} view{} only, which hold no data of their own)",
                plural(views)
            ));
        }
        if let Some(first) = schema.unparsed.first() {
            why.push_str(&format!(
                "; {} statement{} could not be read (first: {}: {})",
                schema.unparsed.len(),
                plural(schema.unparsed.len()),
                first.origin,
                first.reason
            ));
        }
        for n in schema.notices.iter().take(3) {
            why.push_str(&format!("; {}: {}", n.origin, n.message));
        }
        Some(why)
    }
}

/// Stage 1, discover: the migration files under each path, their layout
/// and replay order (see [`layout::discover`]).
pub fn discover(paths: &[PathBuf]) -> Result<Discovery, SourceError> {
    layout::discover(paths)
}

/// Migration files found, read, and filtered for the dialect decided: the
/// replay order `--list` prints and the later stages replay.
pub struct Plan {
    pub discovery: Discovery,
    pub dialect: Dialect,
    /// How the dialect was decided, when it was not given.
    pub dialect_reason: Option<String>,
    /// Each file's text and whether invalid UTF-8 was replaced in it.
    texts: HashMap<PathBuf, (String, bool)>,
}

/// Stage 2, read: every file (in parallel), then the dialect (the content
/// may decide it) and only the files for it. The plan may hold no file.
pub fn read(mut discovery: Discovery, dialect: Option<Dialect>) -> Result<Plan, SourceError> {
    let texts: Vec<Result<(String, bool), SourceError>> = discovery
        .files
        .par_iter()
        .map(|f| read_file(&f.path))
        .collect();
    let mut texts_by_path: HashMap<PathBuf, (String, bool)> = HashMap::new();
    for (f, t) in discovery.files.iter().zip(texts) {
        texts_by_path.insert(f.path.clone(), t?);
    }
    let (dialect, dialect_reason) = match dialect {
        Some(d) => (d, None),
        None => {
            let (d, why) = infer_dialect(&discovery, &texts_by_path);
            (d, Some(why))
        }
    };
    discovery.retain_dialect(dialect);
    Ok(Plan {
        discovery,
        dialect,
        dialect_reason,
        texts: texts_by_path,
    })
}

/// The dialect of a set not given one: the layout's hint, else MySQL when
/// a file without a dialect of its own shows MySQL syntax, else postgres.
fn infer_dialect(
    discovery: &Discovery,
    texts: &HashMap<PathBuf, (String, bool)>,
) -> (Dialect, String) {
    if let Some(hint) = discovery.dialect_hint() {
        return hint;
    }
    for f in &discovery.files {
        if f.dialect.is_some() || f.other_dialect {
            continue;
        }
        if let Some((text, _)) = texts.get(&f.path) {
            if let (Dialect::Mysql, Some(why)) = Dialect::infer(text) {
                return (Dialect::Mysql, format!("{why} in {}", f.display));
            }
        }
    }
    (
        Dialect::Postgres,
        "no MySQL syntax seen; defaulting to postgres".to_string(),
    )
}

/// One file's text, lossily decoded (`true`: invalid UTF-8 was replaced).
fn read_file(path: &PathBuf) -> Result<(String, bool), SourceError> {
    // Discovery kept regular files only; one swapped for a FIFO since would block `read`.
    if let Some(what) = std::fs::metadata(path)
        .ok()
        .and_then(|m| layout::special_file(&m.file_type()))
    {
        return Err(SourceError::Walk {
            path: path.clone(),
            message: format!("{what}, not a regular file: this migration cannot be read"),
        });
    }
    let bytes = std::fs::read(path).map_err(|e| SourceError::Io {
        path: path.clone(),
        source: e,
    })?;
    match String::from_utf8(bytes) {
        Ok(s) => Ok((s, false)),
        Err(e) => Ok((String::from_utf8_lossy(e.as_bytes()).into_owned(), true)),
    }
}

impl Plan {
    /// What discovery understood, for stderr: per PATH its layout (and why,
    /// when it is a guess), how many files are replayed and skipped, each
    /// skipped file with its reason.
    pub fn summary(&self) -> Notes {
        let d = &self.discovery;
        let mut notes = Notes::new();
        for (i, root) in d.roots.iter().enumerate() {
            let replayed = d.files.iter().filter(|f| f.root == i).count();
            let skipped: Vec<&layout::Skipped> = d.skipped.iter().filter(|s| s.root == i).collect();
            let counts = format!(
                "{replayed} file{} replayed, {} skipped",
                plural(replayed),
                skipped.len()
            );
            let understood = if !root.is_dir {
                root.evidence.clone()
            } else if root.layout == Layout::Plain {
                format!("plain SQL ({})", root.evidence)
            } else if root.guess {
                format!("{} layout, a guess ({})", root.layout.name(), root.evidence)
            } else {
                format!("{} layout ({})", root.layout.name(), root.evidence)
            };
            notes.push(format!("{}: {understood}; {counts}", root.display));
            for s in skipped {
                notes.push(format!("skipped {}: {}", s.display, s.reason));
            }
        }
        notes.extend(d.notes.iter().cloned());
        if d.roots.len() > 1 {
            notes.push(format!(
                "{} files replayed in all, {} skipped",
                d.files.len(),
                d.skipped.len()
            ));
        }
        notes
    }

    /// The stderr note announcing an inferred dialect, when it was inferred.
    pub fn dialect_note(&self) -> Option<String> {
        self.dialect_reason.as_ref().map(|why| {
            format!(
                "dialect {} inferred ({why}); pass --dialect to choose",
                self.dialect
            )
        })
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The MySQL/MariaDB server replayed for when none was given: MariaDB when
/// a file is mariadb-dump output or uses `/*M!` comments.
fn default_server(plan: &Plan) -> MysqlServer {
    let mariadb = plan.discovery.files.iter().any(|f| {
        plan.texts
            .get(&f.path)
            .is_some_and(|(t, _)| looks_like_mariadb(t))
    });
    if mariadb {
        MysqlServer::DEFAULT_MARIADB
    } else {
        MysqlServer::DEFAULT_MYSQL
    }
}

/// mariadb-dump output, or MariaDB-only conditional comments.
fn looks_like_mariadb(text: &str) -> bool {
    let head = &text[..crate::dialect::floor_char_boundary(text, 4096)];
    head.contains("-- MariaDB dump") || text.contains("/*M!")
}

/// A file's text after placeholder substitution (`None`: unchanged).
struct Prepared {
    text: Option<String>,
    unresolved: Vec<Unresolved>,
    assumed: Vec<String>,
}

/// Stage 3, substitute: each file's placeholders (in parallel), where its
/// tool would replace them; those without a value become sentinels.
fn substitute(plan: &Plan, values: &BTreeMap<String, String>) -> Vec<Prepared> {
    plan.discovery
        .files
        .par_iter()
        .map(|f| {
            let (text, _) = &plan.texts[&f.path];
            // goose replaces `${VAR}` everywhere once `-- +goose ENVSUB ON` is set.
            let scope = match f.layout {
                Layout::Flyway | Layout::Liquibase => Scope::Tool,
                Layout::Goose if goose_envsub(text) => Scope::Tool,
                _ => Scope::Plain,
            };
            let name = f.display.rsplit('/').next().unwrap_or(&f.display);
            let s = placeholders::substitute(text, plan.dialect, scope, values, name);
            Prepared {
                text: match s.text {
                    Cow::Owned(t) => Some(t),
                    Cow::Borrowed(_) => None,
                },
                unresolved: s.unresolved,
                assumed: s.assumed,
            }
        })
        .collect()
}

/// A goose file that turns on environment substitution.
fn goose_envsub(text: &str) -> bool {
    text.lines().any(|l| {
        let words: Vec<String> = l
            .trim()
            .trim_start_matches("--")
            .split_whitespace()
            .map(str::to_ascii_lowercase)
            .collect();
        words == ["+goose", "envsub", "on"]
    })
}

/// A file split into statements, before parsing.
struct SplitFile<'a> {
    display: String,
    /// Text, line and (MySQL) the text other server versions would run.
    statements: Vec<(Cow<'a, str>, u32, Option<Cow<'a, str>>)>,
    ignores: Vec<(u32, u32, String)>,
    notes: Notes,
    /// The file has placeholders without a value.
    placeholders_unresolved: bool,
}

/// Stage 4, split: each file (in parallel) into the segments its layout
/// applies, each segment into statements with their lines and inline
/// `pitag-ignore` directives.
fn split<'a>(
    plan: &'a Plan,
    prepared: &'a [Prepared],
    server: MysqlServer,
) -> Result<Vec<SplitFile<'a>>, SourceError> {
    let dialect = plan.dialect;
    let options = splitter::SplitOptions { server };
    let split_files: Vec<Result<SplitFile, SourceError>> = plan
        .discovery
        .files
        .par_iter()
        .zip(prepared)
        .map(|(f, prep)| {
            let (raw, lossy) = &plan.texts[&f.path];
            let text = prep.text.as_deref().unwrap_or(raw);
            let mut notes = Vec::new();
            if *lossy {
                notes.push(format!(
                    "{}: not valid UTF-8; invalid bytes were replaced",
                    f.display
                ));
            }
            let mut statements = Vec::new();
            let mut ignores = Vec::new();
            for seg in layout::segments(f, text)? {
                type Piece<'t> = (
                    Cow<'t, str>,
                    u32,
                    Vec<splitter::Directive>,
                    Option<Cow<'t, str>>,
                );
                let pieces: Vec<Piece> = if seg.split {
                    let s = splitter::split_with(seg.text, dialect, seg.first_line, options);
                    for w in s.warnings {
                        notes.push(format!("{}:{}: {}", f.display, w.line, w.message));
                    }
                    s.statements
                        .into_iter()
                        .map(|st| (st.text, st.line, st.directives, st.alternate))
                        .collect()
                } else {
                    // One statement: skip leading blank lines for its line number.
                    let lead = seg.text.len() - seg.text.trim_start().len();
                    let line = seg.first_line + seg.text[..lead].matches('\n').count() as u32;
                    vec![(Cow::Borrowed(seg.text.trim()), line, Vec::new(), None)]
                };
                for (text, line, directives, alternate) in pieces {
                    for d in directives {
                        ignores.push((d.line, line, d.text));
                    }
                    if text.is_empty() && alternate.is_none() {
                        continue;
                    }
                    statements.push((text, line, alternate));
                }
            }
            Ok(SplitFile {
                display: f.display.clone(),
                statements,
                ignores,
                notes,
                placeholders_unresolved: !prep.unresolved.is_empty(),
            })
        })
        .collect();
    split_files.into_iter().collect()
}

/// One file's parsed statements.
struct FileStatements {
    display: String,
    /// Each statement with the unresolved placeholders that hold it back.
    statements: Vec<(ParsedStatement, Vec<usize>)>,
    ignores: Vec<(u32, u32, String)>,
    notes: Notes,
}

/// Stage 5, parse: every statement of every file in parallel (a single
/// large dump must use all the cores too), with what holds it back.
fn parse(
    split_files: Vec<SplitFile>,
    dialect: Dialect,
    server: MysqlServer,
) -> Vec<FileStatements> {
    let all: Vec<(&str, u32, Option<&str>, bool)> = split_files
        .iter()
        .flat_map(|f| {
            f.statements
                .iter()
                .map(|(t, l, a)| (t.as_ref(), *l, a.as_deref(), f.placeholders_unresolved))
        })
        .collect();
    let mut parsed_all = all
        .par_iter()
        .with_min_len(16)
        .map(|(text, line, alternate, unresolved)| {
            let st = ParsedStatement::new(text, *line, dialect);
            let st = match alternate {
                // A pinned server version is followed without a report.
                Some(alt) if !server.pinned => st.with_alternate(text, alt, dialect),
                _ => st,
            };
            let blocking = if *unresolved {
                blocking_placeholders(text, &st)
            } else {
                Vec::new()
            };
            (st, blocking)
        })
        .collect::<Vec<_>>()
        .into_iter();
    split_files
        .into_iter()
        .map(|f| FileStatements {
            statements: parsed_all.by_ref().take(f.statements.len()).collect(),
            display: f.display,
            ignores: f.ignores,
            notes: f.notes,
        })
        .collect()
}

/// The unresolved placeholders (sentinel indices) of a statement, when they
/// would shape what replay records: a name, a type, a comment, the search
/// path; or when the statement cannot be read with them. Empty: replay it.
fn blocking_placeholders(text: &str, st: &ParsedStatement) -> Vec<usize> {
    if !text.contains(placeholders::SENTINEL_PREFIX) {
        return Vec::new();
    }
    let shapes = matches!(st.parsed, Parsed::Unparsed { .. })
        || format!("{:?}", st.parsed).contains(placeholders::SENTINEL_PREFIX);
    if shapes {
        placeholders::sentinels_in(text)
    } else {
        Vec::new()
    }
}

/// Stage 6, replay: the statements in order into the model (those held back
/// by a placeholder become one notice per file). Returns the schema, the
/// statement count and the notes, each file's first.
fn replay(
    parsed: Vec<FileStatements>,
    prepared: Vec<Prepared>,
    dialect: Dialect,
    server: MysqlServer,
) -> (Schema, usize, Notes) {
    let mut replayer = Replayer::new(dialect);
    replayer.set_mysql_server(server);
    let mut notes = Notes::new();
    let mut notices = Vec::new();
    let mut assumed: BTreeMap<String, usize> = BTreeMap::new();
    // Placeholder as written -> (files, first file).
    let mut harmless: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut count = 0;
    for (file, prep) in parsed.into_iter().zip(prepared) {
        notes.extend(file.notes);
        replayer.begin_file(&file.display);
        for (directive_line, target_line, text) in file.ignores {
            if let Some((rules, reason)) = suppress::parse_directive(&text) {
                replayer.add_ignore(InlineIgnore {
                    origin: Origin::file(file.display.clone(), directive_line),
                    target: Origin::file(file.display.clone(), target_line),
                    rules,
                    reason,
                });
            }
        }
        count += file.statements.len();
        let mut held_back = HeldBack::default();
        for (st, blocking) in &file.statements {
            if blocking.is_empty() {
                replayer.apply(st);
            } else {
                held_back.add(st.line, blocking);
            }
        }
        for a in prep.assumed {
            *assumed.entry(a).or_default() += 1;
        }
        notices.extend(held_back.notice(&file.display, &prep.unresolved));
        for written in held_back.harmless(&prep.unresolved) {
            harmless
                .entry(written.to_string())
                .or_insert_with(|| (0, file.display.clone()))
                .0 += 1;
        }
    }
    for (written, (files, first)) in harmless {
        notes.push(format!(
            "`{written}` has no value but stands only in statements that shape no table or \
             comment, replayed without it ({files} file{}, first {first})",
            plural(files)
        ));
    }
    for (written, files) in assumed {
        let key = written.trim_start_matches("${").trim_end_matches('}');
        notes.push(format!(
            "`{written}.` (in {files} file{}) read as the tool's default schema, where \
             unqualified names resolve; set `{}` under [placeholders] to name the schema",
            plural(files),
            placeholders::toml_key(key)
        ));
    }
    let mut schema = replayer.finish();
    schema.notices.extend(notices);
    (schema, count, notes)
}

/// Statements of one file not replayed for want of a placeholder value.
#[derive(Default)]
struct HeldBack {
    statements: usize,
    first_line: Option<u32>,
    /// Sentinel indices that held a statement back.
    used: Vec<usize>,
}

impl HeldBack {
    fn add(&mut self, line: u32, blocking: &[usize]) {
        self.statements += 1;
        self.first_line.get_or_insert(line);
        for b in blocking {
            if !self.used.contains(b) {
                self.used.push(*b);
            }
        }
    }

    /// One `unresolved-placeholder` notice for the file, at the first
    /// statement held back (where an inline ignore would stand).
    fn notice(&self, file: &str, unresolved: &[Unresolved]) -> Option<Notice> {
        let line = self.first_line?;
        let mut used = self.used.clone();
        used.sort_unstable();
        let missing: Vec<&Unresolved> = used.iter().filter_map(|i| unresolved.get(*i)).collect();
        let written = missing
            .iter()
            .map(|u| format!("`{}`", u.written))
            .collect::<Vec<_>>()
            .join(", ");
        let keys = missing
            .iter()
            .map(|u| format!("{} = \"…\"", placeholders::toml_key(&u.key)))
            .collect::<Vec<_>>()
            .join(", ");
        let flags = missing
            .iter()
            .map(|u| format!("--placeholder {}=…", u.key))
            .collect::<Vec<_>>()
            .join(" ");
        let (has, them) = if missing.len() == 1 {
            ("has", "it")
        } else {
            ("have", "them")
        };
        let n = self.statements;
        Some(Notice {
            kind: NoticeKind::UnresolvedPlaceholder,
            origin: Origin::file(file, line),
            schema: None,
            table: None,
            message: format!(
                "{written} {has} no value: {n} statement{} of this file (from line {line}) {} \
                 not replayed, so what {} shape{} is not audited; set {them} under [placeholders] \
                 in pitag.toml ({keys}) or pass {flags}",
                plural(n),
                if n == 1 { "was" } else { "were" },
                if n == 1 { "it" } else { "they" },
                if n == 1 { "s" } else { "" },
            ),
        })
    }

    /// Placeholders without a value that held no statement back: they
    /// stand only where they change nothing pitag records (`GRANT … TO ${user}`).
    fn harmless<'u>(&self, unresolved: &'u [Unresolved]) -> Vec<&'u str> {
        unresolved
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.used.contains(i))
            .map(|(_, u)| u.written.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stopped_load_keeps_the_notes_that_say_why() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("20200101000000_init.mysql.up.sql");
        std::fs::write(&file, "CREATE TABLE t (a int);\n").unwrap();
        let options = LoadOptions {
            dialect: Some(Dialect::Postgres),
            ..LoadOptions::default()
        };
        let result = load(&[dir.path().to_path_buf()], &options);
        let notes = notes(&result).clone();
        let stopped = result.err().expect("no migration for postgres");
        assert!(matches!(stopped.error, SourceError::NoMigrations(_)));
        assert_eq!(stopped.to_string(), stopped.error.to_string());
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[1].contains("migration for mysql, not postgres"));
    }

    #[test]
    fn the_inferred_dialect_is_the_last_note() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("schema.sql");
        std::fs::write(&file, "CREATE TABLE t (a int) ENGINE=InnoDB;\n").unwrap();
        let loaded = load(&[file], &LoadOptions::default()).unwrap();
        assert_eq!(loaded.dialect, Dialect::Mysql);
        let last = loaded.notes.last().expect("notes");
        assert!(last.starts_with("dialect mysql inferred"), "{last}");
        assert_eq!((loaded.files, loaded.statements), (1, 1));
    }
}

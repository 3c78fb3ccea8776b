//! The audit pipeline: sources -> model -> classifier -> rules -> findings.

use crate::classify::{Classification, Classifier, Confidence};
use crate::config::{AllowEntry, Config};
use crate::dialect::Dialect;
use crate::error::SourceError;
use crate::finding::{Finding, Severity};
use crate::model::{InlineIgnore, Notice, NoticeKind, Origin, Schema};
use crate::report::AuditedTable;
use crate::rules::{self, Classifications, Context, Rule};
use crate::source::layout::{self, Discovery, Layout};
use crate::source::placeholders::{self, Scope, Unresolved};
use crate::source::replay::mysql_version::MysqlServer;
use crate::source::replay::parse::Parsed;
use crate::source::replay::{ParsedStatement, Replayer};
use crate::source::split;
use crate::suppress::{self, Baseline, Suppressions};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// Messages for stderr produced while loading (skipped files, guesses).
pub type Notes = Vec<String>;

/// The result of reading migration paths.
pub struct Loaded {
    pub schema: Schema,
    pub dialect: Dialect,
    /// How the dialect was decided, when it was not given.
    pub dialect_reason: Option<String>,
    pub files: usize,
    pub statements: usize,
}

/// One file's parsed statements.
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

struct FileStatements {
    display: String,
    /// Each statement with the unresolved placeholders that hold it back.
    statements: Vec<(ParsedStatement, Vec<usize>)>,
    ignores: Vec<(u32, u32, String)>,
    notes: Notes,
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
            if self.files == 1 { "" } else { "s" },
            self.statements,
            if self.statements == 1 { "" } else { "s" },
        );
        let views = schema.tables.len();
        if views > 0 {
            why.push_str(&format!(
                " ({views} view{} only, which hold no data of their own)",
                if views == 1 { "" } else { "s" }
            ));
        }
        if let Some(first) = schema.unparsed.first() {
            why.push_str(&format!(
                "; {} statement{} could not be read (first: {}: {})",
                schema.unparsed.len(),
                if schema.unparsed.len() == 1 { "" } else { "s" },
                first.origin,
                first.reason
            ));
        }
        for n in schema.notices.iter().take(3) {
            why.push_str(&format!("; {}: {}", n.origin, n.message));
        }
        Some(why)
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

/// Migration files found, read, and filtered for the dialect decided: the
/// replay order `--list` prints and [`replay_plan`] replays.
pub struct Plan {
    pub discovery: Discovery,
    pub dialect: Dialect,
    /// How the dialect was decided, when it was not given.
    pub dialect_reason: Option<String>,
    texts: HashMap<PathBuf, (String, bool)>,
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
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Discover and read migration paths and decide the dialect (the content
/// may decide it). The plan may hold no file for the dialect:
/// [`replay_plan`] refuses that.
pub fn plan_migrations(paths: &[PathBuf], dialect: Option<Dialect>) -> Result<Plan, SourceError> {
    let mut discovery: Discovery = layout::discover(paths)?;
    // Read every file (in parallel) before choosing the dialect: the content may decide it.
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
        None => match discovery.dialect_hint() {
            Some((d, why)) => (d, Some(why)),
            None => {
                let mut chosen = (
                    Dialect::Postgres,
                    "no MySQL syntax seen; defaulting to postgres".to_string(),
                );
                for f in &discovery.files {
                    if f.dialect.is_some() || f.other_dialect {
                        continue;
                    }
                    if let Some((text, _)) = texts_by_path.get(&f.path) {
                        if let (Dialect::Mysql, Some(why)) = Dialect::infer(text) {
                            chosen = (Dialect::Mysql, format!("{why} in {}", f.display));
                            break;
                        }
                    }
                }
                (chosen.0, Some(chosen.1))
            }
        },
    };
    discovery.retain_dialect(dialect);
    Ok(Plan {
        discovery,
        dialect,
        dialect_reason,
        texts: texts_by_path,
    })
}

/// Discover, read, split and replay migration paths; `notes` gets what was
/// understood (see [`Plan::summary`]) and what was assumed.
pub fn load_migrations(
    paths: &[PathBuf],
    dialect: Option<Dialect>,
    placeholders: &BTreeMap<String, String>,
    notes: &mut Notes,
) -> Result<Loaded, SourceError> {
    load_migrations_for(paths, dialect, placeholders, None, notes)
}

/// [`load_migrations`] for a MySQL/MariaDB server (`None`: the default,
/// MariaDB when the files are mariadb-dump output or use `/*M!` comments).
pub fn load_migrations_for(
    paths: &[PathBuf],
    dialect: Option<Dialect>,
    placeholders: &BTreeMap<String, String>,
    mysql_server: Option<MysqlServer>,
    notes: &mut Notes,
) -> Result<Loaded, SourceError> {
    let plan = plan_migrations(paths, dialect)?;
    notes.extend(plan.summary());
    replay_plan(plan, paths, placeholders, mysql_server, notes)
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

/// Substitute, split, parse and replay the files of a plan.
pub fn replay_plan(
    plan: Plan,
    paths: &[PathBuf],
    placeholders: &BTreeMap<String, String>,
    mysql_server: Option<MysqlServer>,
    notes: &mut Notes,
) -> Result<Loaded, SourceError> {
    let Plan {
        discovery,
        dialect,
        dialect_reason,
        texts: texts_by_path,
    } = plan;
    let mysql_server = mysql_server.unwrap_or_else(|| {
        let mariadb = discovery.files.iter().any(|f| {
            texts_by_path
                .get(&f.path)
                .is_some_and(|(t, _)| looks_like_mariadb(t))
        });
        if mariadb {
            MysqlServer::DEFAULT_MARIADB
        } else {
            MysqlServer::DEFAULT_MYSQL
        }
    });
    let split_options = split::SplitOptions {
        server: mysql_server,
    };
    if discovery.files.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(SourceError::NoMigrations(format!(
            "{} for dialect {dialect}",
            shown.join(", ")
        )));
    }
    let prepared: Vec<Prepared> = discovery
        .files
        .par_iter()
        .map(|f| {
            let (text, _) = &texts_by_path[&f.path];
            // goose replaces `${VAR}` everywhere once `-- +goose ENVSUB ON` is set.
            let scope = match f.layout {
                Layout::Flyway | Layout::Liquibase => Scope::Tool,
                Layout::Goose if goose_envsub(text) => Scope::Tool,
                _ => Scope::Plain,
            };
            let name = f.display.rsplit('/').next().unwrap_or(&f.display);
            let s = placeholders::substitute(text, dialect, scope, placeholders, name);
            Prepared {
                text: match s.text {
                    Cow::Owned(t) => Some(t),
                    Cow::Borrowed(_) => None,
                },
                unresolved: s.unresolved,
                assumed: s.assumed,
            }
        })
        .collect();
    // Split every file (in parallel), then parse every statement of every
    // file in parallel: a single large dump must use all the cores too.
    let split_files: Vec<Result<SplitFile, SourceError>> = discovery
        .files
        .par_iter()
        .zip(&prepared)
        .map(|(f, prep)| {
            let (raw, lossy) = &texts_by_path[&f.path];
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
                    Vec<split::Directive>,
                    Option<Cow<'t, str>>,
                );
                let pieces: Vec<Piece> = if seg.split {
                    let s = split::split_with(seg.text, dialect, seg.first_line, split_options);
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
    let split_files: Vec<SplitFile> = split_files.into_iter().collect::<Result<_, _>>()?;
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
                Some(alt) if !mysql_server.pinned => st.with_alternate(text, alt, dialect),
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
    let parsed: Vec<FileStatements> = split_files
        .into_iter()
        .map(|f| FileStatements {
            statements: parsed_all.by_ref().take(f.statements.len()).collect(),
            display: f.display,
            ignores: f.ignores,
            notes: f.notes,
        })
        .collect();
    let mut replayer = Replayer::new(dialect);
    replayer.set_mysql_server(mysql_server);
    let mut notices = Vec::new();
    let mut assumed: BTreeMap<String, usize> = BTreeMap::new();
    // Placeholder as written -> (files, first file).
    let mut harmless: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut count = 0;
    let files = parsed.len();
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
    Ok(Loaded {
        schema,
        dialect,
        dialect_reason,
        files,
        statements: count,
    })
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

/// Settings that shape the findings.
pub struct AuditSettings {
    pub classifier: Classifier,
    pub min_confidence: Confidence,
    /// Per rule: `None` switches it off, `Some` overrides its severity.
    pub levels: HashMap<Rule, Option<Severity>>,
    pub allow: Vec<AllowEntry>,
    pub config_file: String,
    pub baseline: Option<(Baseline, String)>,
}

impl AuditSettings {
    /// Build from a config; a rule name the registry does not know is an error.
    pub fn from_config(
        config: &Config,
        min_confidence: Option<Confidence>,
    ) -> Result<AuditSettings, crate::error::ConfigError> {
        let mut levels = HashMap::new();
        for (name, level, line) in &config.rules {
            let Some(rule) = Rule::lookup(name) else {
                return Err(crate::error::ConfigError {
                    file: config.display(),
                    location: Some((*line, 1)),
                    message: format!("[rules]: unknown rule `{name}` (see `pitag rules`)"),
                });
            };
            levels.insert(rule, level.severity());
        }
        Ok(AuditSettings {
            classifier: Classifier::new(config.classifier.clone()),
            min_confidence: min_confidence
                .or(config.min_confidence)
                .unwrap_or(Confidence::Medium),
            levels,
            allow: config.allow.clone(),
            config_file: config.display(),
            baseline: None,
        })
    }
}

/// Classify every audited table's columns (in parallel).
pub fn classify_columns(schema: &Schema, classifier: &Classifier) -> Classifications {
    let tables: Vec<_> = schema
        .tables
        .iter()
        .filter(|(_, t)| t.kind.is_audited())
        .collect();
    tables
        .par_iter()
        .map(|(k, t)| ((*k).clone(), classifier.classify_table(t)))
        .collect::<Vec<(crate::model::TableKey, Vec<Option<Classification>>)>>()
        .into_iter()
        .collect()
}

/// The tables a report lists.
pub fn audited_tables(schema: &Schema) -> Vec<AuditedTable> {
    schema
        .audited_tables()
        .map(|t| AuditedTable {
            schema: t.schema.clone(),
            name: t.name.clone(),
            columns: t.columns.len(),
        })
        .collect()
}

/// Classify, run the model rules, apply levels and suppressions, sort.
pub fn audit(schema: &Schema, settings: &AuditSettings) -> Vec<Finding> {
    audit_classified(
        schema,
        &classify_columns(schema, &settings.classifier),
        settings,
    )
}

/// [`audit`] with the classifications already made (sampling refines them first).
pub fn audit_classified(
    schema: &Schema,
    classes: &Classifications,
    settings: &AuditSettings,
) -> Vec<Finding> {
    let ctx = Context {
        schema,
        classes,
        min_confidence: settings.min_confidence,
    };
    finish(rules::pass::check_model(&ctx), &schema.ignores, settings)
}

/// Levels, suppressions and order: shared by every command.
pub fn finish(
    findings: Vec<Finding>,
    ignores: &[InlineIgnore],
    settings: &AuditSettings,
) -> Vec<Finding> {
    let findings = suppress::apply(
        findings,
        &Suppressions {
            inline: ignores,
            allow: &settings.allow,
            config_file: &settings.config_file,
            baseline: settings.baseline.as_ref().map(|(b, f)| (b, f.as_str())),
        },
    );
    let mut out: Vec<Finding> = findings
        .into_iter()
        .filter_map(|mut f| match settings.levels.get(&f.rule) {
            Some(None) => None,
            Some(Some(s)) => {
                f.severity = *s;
                Some(f)
            }
            None => Some(f),
        })
        .collect();
    Finding::sort(&mut out);
    out
}

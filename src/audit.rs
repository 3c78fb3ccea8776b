//! The audit pipeline: sources -> model -> classifier -> rules -> findings.

use crate::classify::{Classification, Classifier, Confidence};
use crate::config::{AllowEntry, Config};
use crate::dialect::Dialect;
use crate::error::SourceError;
use crate::finding::{Finding, Severity};
use crate::model::{InlineIgnore, Origin, Schema};
use crate::report::AuditedTable;
use crate::rules::{self, Classifications, Context, Rule};
use crate::source::layout::{self, Discovery};
use crate::source::replay::mysql_version::MysqlServer;
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
}

struct FileStatements {
    display: String,
    statements: Vec<ParsedStatement>,
    ignores: Vec<(u32, u32, String)>,
    notes: Notes,
}

impl Loaded {
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

/// Replace `${name}` placeholders: configured values first; an unknown one
/// used as a qualifier (`${schema}.users`) is dropped, others become the name.
pub fn substitute_placeholders<'a>(
    text: &'a str,
    values: &BTreeMap<String, String>,
) -> Cow<'a, str> {
    if !text.contains("${") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(p) = rest.find("${") {
        out.push_str(&rest[..p]);
        let after = &rest[p + 2..];
        match after.find('}') {
            Some(end) if end <= 64 => {
                let name = &after[..end];
                let tail = &after[end + 1..];
                match values.get(name) {
                    Some(v) => {
                        out.push_str(v);
                        rest = tail;
                    }
                    None if tail.starts_with('.') => rest = &tail[1..],
                    None => {
                        out.push_str(
                            &name.replace(|c: char| !c.is_alphanumeric() && c != '_', "_"),
                        );
                        rest = tail;
                    }
                }
            }
            _ => {
                out.push_str("${");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
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

/// mariadb-dump output, or MariaDB-only conditional comments.
fn looks_like_mariadb(text: &str) -> bool {
    let head = &text[..crate::dialect::floor_char_boundary(text, 4096)];
    head.contains("-- MariaDB dump") || text.contains("/*M!")
}

/// Discover, read, split and replay migration paths.
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
    for s in &discovery.skipped {
        notes.push(format!("skipped {}: {}", s.display, s.reason));
    }
    if discovery.files.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(SourceError::NoMigrations(format!(
            "{} for dialect {dialect}",
            shown.join(", ")
        )));
    }
    // Split every file (in parallel), then parse every statement of every
    // file in parallel: a single large dump must use all the cores too.
    let split_files: Vec<Result<SplitFile, SourceError>> = discovery
        .files
        .par_iter()
        .map(|f| {
            let (text, lossy) = &texts_by_path[&f.path];
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
                    let text = match substitute_placeholders(&text, placeholders) {
                        Cow::Borrowed(_) => text,
                        Cow::Owned(replaced) => Cow::Owned(replaced),
                    };
                    statements.push((text, line, alternate));
                }
            }
            Ok(SplitFile {
                display: f.display.clone(),
                statements,
                ignores,
                notes,
            })
        })
        .collect();
    let split_files: Vec<SplitFile> = split_files.into_iter().collect::<Result<_, _>>()?;
    let all: Vec<(&str, u32, Option<&str>)> = split_files
        .iter()
        .flat_map(|f| {
            f.statements
                .iter()
                .map(|(t, l, a)| (t.as_ref(), *l, a.as_deref()))
        })
        .collect();
    let mut parsed_all: std::vec::IntoIter<ParsedStatement> = all
        .par_iter()
        .with_min_len(16)
        .map(|(text, line, alternate)| {
            let st = ParsedStatement::new(text, *line, dialect);
            match alternate {
                // A pinned server version is followed without a report.
                Some(alt) if !mysql_server.pinned => st.with_alternate(text, alt, dialect),
                _ => st,
            }
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
    let mut count = 0;
    let files = parsed.len();
    for file in parsed {
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
        for st in &file.statements {
            replayer.apply(st);
        }
    }
    Ok(Loaded {
        schema: replayer.finish(),
        dialect,
        dialect_reason,
        files,
        statements: count,
    })
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
pub fn classify(schema: &Schema, classifier: &Classifier) -> Classifications {
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

/// Run the model rules, apply levels and suppressions, sort.
pub fn audit(schema: &Schema, settings: &AuditSettings) -> (Vec<Finding>, Classifications) {
    let classes = classify(schema, &settings.classifier);
    let ctx = Context {
        schema,
        classes: &classes,
        min_confidence: settings.min_confidence,
    };
    let findings = rules::check_model(&ctx);
    let findings = finish(findings, &schema.ignores, settings);
    (findings, classes)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        let mut v = BTreeMap::new();
        v.insert("owner".to_string(), "app".to_string());
        assert_eq!(
            substitute_placeholders("CREATE TABLE ${schema}.users (id int)", &v),
            "CREATE TABLE users (id int)"
        );
        assert_eq!(
            substitute_placeholders("GRANT ALL ON t TO ${owner}", &v),
            "GRANT ALL ON t TO app"
        );
        assert_eq!(substitute_placeholders("x ${a-b} y", &v), "x a_b y");
        assert_eq!(substitute_placeholders("cost ${", &v), "cost ${");
    }
}

//! `pitag.toml`: found from the working directory upward, or named with
//! `--config`. Unknown keys, wrong types and allow entries without a reason
//! are errors that name the file, line and key.

use crate::classify::{ClassifierConfig, Confidence};
use crate::dialect::{Dialect, DialectArg};
use crate::error::ConfigError;
use crate::finding::{FailOn, Severity};
use crate::source::replay::mysql_version::MysqlServer;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "pitag.toml";

/// A rule's configured level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Warning,
    Error,
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

/// One `[[allow]]` entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allow {
    pub table: String,
    #[serde(default)]
    pub schema: Option<String>,
    #[serde(default)]
    pub column: Option<String>,
    #[serde(default)]
    pub rule: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    dialect: Option<String>,
    #[serde(default)]
    paths: Vec<PathBuf>,
    fail_on: Option<FailOn>,
    min_confidence: Option<Confidence>,
    #[serde(default)]
    rules: BTreeMap<String, toml::Spanned<Level>>,
    #[serde(default)]
    classifier: ClassifierConfig,
    #[serde(default)]
    allow: Vec<toml::Spanned<Allow>>,
    /// Flyway/Liquibase placeholder values (`${name}`).
    #[serde(default)]
    placeholders: BTreeMap<String, String>,
    #[serde(default)]
    mysql: RawMysql,
}

/// `[mysql]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMysql {
    /// The server the migrations run on (`"mariadb-10.11"`, `"8.0"`): decides
    /// which version-conditional comments are replayed.
    server_version: Option<toml::Spanned<String>>,
}

/// An allow entry with the line it stands on.
#[derive(Debug, Clone)]
pub struct AllowEntry {
    pub allow: Allow,
    pub line: usize,
}

/// The loaded configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it came from (`None`: defaults).
    pub file: Option<PathBuf>,
    pub dialect: Option<Dialect>,
    /// Paths relative to the config file's folder.
    pub paths: Vec<PathBuf>,
    pub fail_on: Option<FailOn>,
    pub min_confidence: Option<Confidence>,
    /// Rule name or code as written -> level, with the line.
    pub rules: Vec<(String, Level, usize)>,
    pub classifier: ClassifierConfig,
    pub allow: Vec<AllowEntry>,
    pub placeholders: BTreeMap<String, String>,
    /// `[mysql] server_version` (pinned), or MariaDB's default for
    /// `dialect = "mariadb"`; `None`: decided from the files.
    pub mysql_server: Option<MysqlServer>,
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rfind('\n').map_or(offset, |p| offset - p - 1) + 1;
    (line, col)
}

/// The dotted key whose value stands at `offset`: the last `[table]` header
/// before it, then the last `key =` on its line before it (inline tables too).
fn key_at(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |p| p + 1);
    let header = text[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_string());
    let line = &text[line_start..offset];
    // At the start of a line the span points at a key itself (`duplicate key`).
    let at_key = || {
        let rest = text[offset..].lines().next()?;
        let k = rest
            .split('=')
            .next()?
            .trim()
            .trim_matches(|c| c == '"' || c == '\'');
        (rest.contains('=') && !k.is_empty() && !k.starts_with('[')).then(|| k.to_string())
    };
    let key = line.rfind('=').and_then(|eq| {
        let before = line[..eq].trim_end();
        let start = before
            .rfind(|c: char| !(c.is_alphanumeric() || "_-.\"'".contains(c)))
            .map_or(0, |p| p + 1);
        let k = before[start..].trim_matches(|c| c == '"' || c == '\'');
        (!k.is_empty()).then(|| k.to_string())
    });
    let key = key.or_else(|| line.trim().is_empty().then(at_key).flatten());
    // A span on a `[table]` header names that table.
    if key.is_none() && line.trim().is_empty() && text[offset..].starts_with('[') {
        let h = text[offset..].lines().next().unwrap_or("");
        return Some(h.trim_matches(|c| c == '[' || c == ']').trim().to_string());
    }
    match (header, key) {
        (Some(h), Some(k)) => Some(format!("{h}.{k}")),
        (None, Some(k)) => Some(k),
        (Some(h), None) if line.trim().is_empty() || line.trim_start().starts_with('[') => Some(h),
        _ => None,
    }
}

impl Config {
    /// The dialect and MySQL server in effect for a command line's
    /// `--dialect` and `--server-version`. A version wins (the command line's,
    /// then `[mysql] server_version`); else the command line's dialect decides
    /// the server family (`mariadb`), else the config's.
    pub fn dialect_and_server(
        &self,
        dialect: Option<DialectArg>,
        server_version: Option<MysqlServer>,
    ) -> (Option<Dialect>, Option<MysqlServer>) {
        let pinned = server_version.or(self.mysql_server.filter(|s| s.pinned));
        let server = match (pinned, dialect) {
            (Some(s), _) => Some(s),
            (None, Some(arg)) => arg.mysql_server,
            (None, None) => self.mysql_server,
        };
        (dialect.map(|d| d.dialect).or(self.dialect), server)
    }

    /// The configuration in effect: `explicit`, else `pitag.toml` in the
    /// working folder or a parent, else the defaults.
    pub fn resolve(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        if let Some(p) = explicit {
            return Config::load(p);
        }
        let cwd = std::env::current_dir().map_err(|e| ConfigError {
            file: FILE_NAME.to_string(),
            location: None,
            message: format!("cannot read the working directory: {e}"),
        })?;
        match Config::discover(&cwd) {
            Some(p) => Config::load(&p),
            None => Ok(Config::default()),
        }
    }

    /// The migration paths to read: those given, else `paths` here, else
    /// `./migrations`.
    pub fn migration_paths(&self, given: &[PathBuf]) -> Vec<PathBuf> {
        if !given.is_empty() {
            given.to_vec()
        } else if !self.paths.is_empty() {
            self.paths.clone()
        } else {
            vec![PathBuf::from("migrations")]
        }
    }

    /// Find `pitag.toml` in `start` or its ancestors.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: path.display().to_string(),
            location: None,
            message: format!("cannot read: {e}"),
        })?;
        Config::parse(&text, path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let file = path.display().to_string();
        let err = |offset: Option<usize>, message: String| ConfigError {
            file: file.clone(),
            location: offset.map(|o| line_col(text, o)),
            message,
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let mut message = e.message().trim().to_string();
            let offset = e.span().map(|s| s.start);
            // toml names the key only for unknown fields: say which key the value belongs to.
            if let Some(key) = offset.and_then(|o| key_at(text, o)) {
                let last = key.rsplit('.').next().unwrap_or(&key);
                if !message.contains(&format!("`{last}`")) {
                    message = format!("key `{key}`: {message}");
                }
            }
            err(offset, message)
        })?;
        let dialect = match &raw.dialect {
            Some(d) => Some(
                d.parse::<Dialect>()
                    .map_err(|m| err(text.find("dialect"), format!("dialect: {m}")))?,
            ),
            None => None,
        };
        let mysql_server = match &raw.mysql.server_version {
            Some(v) => Some(v.get_ref().parse::<MysqlServer>().map_err(|e| {
                err(
                    Some(v.span().start),
                    format!("[mysql] key `server_version`: {e}"),
                )
            })?),
            None if raw
                .dialect
                .as_deref()
                .is_some_and(|d| d.eq_ignore_ascii_case("mariadb")) =>
            {
                Some(MysqlServer::DEFAULT_MARIADB)
            }
            None => None,
        };
        let mut allow = Vec::new();
        for entry in raw.allow {
            let line = line_col(text, entry.span().start).0;
            let a = entry.into_inner();
            if a.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                return Err(ConfigError {
                    file: file.clone(),
                    location: Some((line, 1)),
                    message: format!("[[allow]] for table `{}`: `reason` is mandatory (say why this exception is acceptable)", a.table),
                });
            }
            for (key, value) in [
                ("table", Some(&a.table)),
                ("schema", a.schema.as_ref()),
                ("column", a.column.as_ref()),
            ] {
                let Some(v) = value.filter(|v| v.contains('*')) else {
                    continue;
                };
                if let Err(e) = globset::Glob::new(v) {
                    return Err(ConfigError {
                        file: file.clone(),
                        location: Some((line, 1)),
                        message: format!("[[allow]] key `{key}`: invalid glob `{v}`: {}", e.kind()),
                    });
                }
            }
            allow.push(AllowEntry { allow: a, line });
        }
        if let Err(m) = raw.classifier.validate().map_err(|e| e.to_string()) {
            // Point at the offending value (the first `…` the message quotes) when it can be found.
            let section = text.find("[classifier");
            let quoted = m
                .split('`')
                .nth(1)
                .and_then(|v| text[section.unwrap_or(0)..].find(&format!("\"{v}\"")))
                .map(|o| o + section.unwrap_or(0));
            return Err(err(quoted.or(section), format!("[classifier]: {m}")));
        }
        let base = path.parent().unwrap_or(Path::new("."));
        Ok(Config {
            file: Some(path.to_path_buf()),
            dialect,
            paths: raw
                .paths
                .iter()
                .map(|p| {
                    if p.is_absolute() {
                        p.clone()
                    } else {
                        base.join(p)
                    }
                })
                .collect(),
            fail_on: raw.fail_on,
            min_confidence: raw.min_confidence,
            rules: raw
                .rules
                .into_iter()
                .map(|(k, v)| {
                    let line = line_col(text, v.span().start).0;
                    (k, v.into_inner(), line)
                })
                .collect(),
            classifier: raw.classifier,
            allow,
            placeholders: raw.placeholders,
            mysql_server,
        })
    }

    /// The path shown in messages about this file.
    pub fn display(&self) -> String {
        self.file
            .as_ref()
            .map_or_else(|| FILE_NAME.to_string(), |p| p.display().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(t: &str) -> Result<Config, ConfigError> {
        Config::parse(t, Path::new("pitag.toml"))
    }

    #[test]
    fn mysql_server_version() {
        let c = parse("[mysql]\nserver_version = \"8.0.36\"\n").unwrap();
        assert_eq!(c.mysql_server.unwrap().describe(), "MySQL 8.0.36");
        assert!(c.mysql_server.unwrap().pinned);
        let c = parse("dialect = \"mariadb\"\n").unwrap();
        assert_eq!(c.mysql_server, Some(MysqlServer::DEFAULT_MARIADB));
        assert_eq!(parse("").unwrap().mysql_server, None);
        let e = parse("[mysql]\nserver_version = \"latest\"\n").unwrap_err();
        assert_eq!(e.location.map(|l| l.0), Some(2));
        assert!(e.message.contains("server_version"), "{}", e.message);
        assert!(parse("[mysql]\nversion = \"8.0\"\n").is_err());
    }

    #[test]
    fn command_line_dialect_and_server() {
        let maria = Some("mariadb".parse::<DialectArg>().unwrap());
        let mysql = Some("mysql".parse::<DialectArg>().unwrap());
        let pinned = "8.0.36".parse::<MysqlServer>().unwrap();
        let none = parse("").unwrap();
        assert_eq!(
            none.dialect_and_server(maria, None),
            (Some(Dialect::Mysql), Some(MysqlServer::DEFAULT_MARIADB))
        );
        assert_eq!(
            none.dialect_and_server(mysql, None),
            (Some(Dialect::Mysql), None)
        );
        assert_eq!(none.dialect_and_server(maria, Some(pinned)).1, Some(pinned));
        // The config's pinned version beats the command line's family...
        let versioned = parse("[mysql]\nserver_version = \"8.0.36\"\n").unwrap();
        assert_eq!(versioned.dialect_and_server(maria, None).1, Some(pinned));
        // ...but the command line's dialect beats the config's.
        let config_maria = parse("dialect = \"mariadb\"\n").unwrap();
        assert_eq!(config_maria.dialect_and_server(mysql, None).1, None);
        assert_eq!(
            config_maria.dialect_and_server(None, None),
            (Some(Dialect::Mysql), Some(MysqlServer::DEFAULT_MARIADB))
        );
    }

    #[test]
    fn reads_a_full_config() {
        let c = parse(
            r#"
dialect = "mariadb"
paths = ["db/migrations"]
fail_on = "warning"
min_confidence = "high"

[rules]
late-tag = "off"

[classifier]
never = ["audit_log.name"]
patterns = [{ pattern = "cust_mail", category = "contact.email" }]

[[allow]]
table = "legacy_users"
rule = "missing-column-tag"
reason = "dropped next quarter"
"#,
        )
        .unwrap();
        assert_eq!(c.dialect, Some(Dialect::Mysql));
        assert_eq!(c.fail_on, Some(FailOn::Warning));
        assert_eq!(c.rules[0].0, "late-tag");
        assert_eq!(c.rules[0].1, Level::Off);
        assert_eq!(c.allow[0].line, 14); // the `[[allow]]` header
        assert_eq!(c.paths, vec![PathBuf::from("db/migrations")]);
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("dialect = \"postgres\"\nfail_onn = \"error\"\n").unwrap_err();
        assert_eq!(e.location.unwrap().0, 2);
        assert!(e.message.contains("fail_onn"), "{}", e.message);
        let e = parse("fail_on = 3\n").unwrap_err();
        assert_eq!(e.location.unwrap().0, 1);
        let e = parse("\n\n[[allow]]\ntable = \"t\"\n").unwrap_err();
        assert_eq!(e.location.unwrap().0, 3);
        assert!(
            e.to_string().starts_with("pitag.toml:3:1: [[allow]]"),
            "{e}"
        );
        let e = parse("[rules]\nlost-tag = \"loud\"\n").unwrap_err();
        assert_eq!(e.location.unwrap().0, 2);
        let e = parse("x = [\n").unwrap_err();
        assert!(e.location.is_some());
    }

    #[test]
    fn every_error_names_the_key() {
        for (toml, line, key) in [
            ("dialect = 5\n", 1, "`dialect`"),
            ("\nmin_confidence = 3\n", 2, "`min_confidence`"),
            ("paths = \"db\"\n", 1, "`paths`"),
            ("[classifier]\nnever = \"x\"\n", 2, "`classifier.never`"),
            (
                "[classifier]\npatterns = [{ pattern = \"x\", category = \"nope\" }]\n",
                2,
                "`classifier.category`",
            ),
            ("[placeholders]\nschema = 1\n", 2, "`placeholders.schema`"),
            ("[rules]\nlate-tag = \"loud\"\n", 2, "`rules.late-tag`"),
            ("\n[[allow]]\nreason = \"r\"\n", 2, "`table`"),
            (
                "\n[[allow]]\ntable = \"x\"\nreason = \"r\"\ncolour = 1\n",
                5,
                "`colour`",
            ),
            (
                "\n[[allow]]\ntable = \"a_[*\"\nreason = \"r\"\n",
                2,
                "`table`",
            ),
            (
                "[classifier]\n\npatterns = [{ pattern = \"[\", category = \"contact.email\" }]\n",
                3,
                "`[`",
            ),
            ("bogus = 1\n", 1, "`bogus`"),
            (
                "dialect = \"mysql\"\ndialect = \"postgres\"\n",
                2,
                "`dialect`",
            ),
        ] {
            let e = parse(toml).unwrap_err();
            assert_eq!(e.location.map(|l| l.0), Some(line), "{toml}: {e}");
            assert!(e.message.contains(key), "{toml}: {e}");
        }
    }
}

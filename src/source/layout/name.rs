//! Migration file names: the naming shapes the tools use (`V1__x.sql`,
//! `1_x.up.sql`, `1_x/up.sql`, …), the dialect words in them, and the words
//! that mark a rollback script.

use crate::dialect::Dialect;

/// Dialect names that may appear as popx suffixes / Flyway vendor folders.
pub(super) fn dialect_from_token(token: &str) -> Option<Result<Dialect, ()>> {
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

/// The naming shape of a migration file: which tools' conventions its name
/// fits, and the version it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Naming {
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

pub(super) fn strip_sql_ext(name: &str) -> Option<&str> {
    let n = name.len();
    if n > 4 && name[n - 4..].eq_ignore_ascii_case(".sql") {
        Some(&name[..n - 4])
    } else {
        None
    }
}

pub(super) fn leading_digits(s: &str) -> &str {
    let end = s
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(s.len());
    &s[..end]
}

/// Parse a file's `name` (and the name of the folder it is in, `parent`)
/// into its naming shape.
pub(super) fn parse_name(name: &str, parent: Option<&str>) -> Naming {
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
                return Naming::FolderMigration {
                    dir: parent.to_string(),
                    ver: parent[..ver_end].to_string(),
                    up,
                };
            }
        }
        if name == "migration.sql" {
            let ver = leading_digits(parent);
            if !ver.is_empty() && parent[ver.len()..].starts_with('_') {
                return Naming::Prisma {
                    dir: parent.to_string(),
                    ver: ver.to_string(),
                };
            }
        }
    }
    let Some(stem) = strip_sql_ext(name) else {
        return Naming::Other;
    };
    // Flyway
    if let Some(desc) = stem.strip_prefix("R__") {
        return Naming::FlywayRepeatable(desc.to_string());
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
                    Some(b'V') => Naming::FlywayVersioned(ver.to_string()),
                    Some(b'U') => Naming::FlywayUndo,
                    _ => Naming::FlywayBaseline(ver.to_string()),
                };
            }
        }
    }
    let ver = leading_digits(stem);
    if ver.is_empty() || !stem[ver.len()..].starts_with('_') || stem.len() == ver.len() + 1 {
        return Naming::Other;
    }
    let title = &stem[ver.len() + 1..];
    let (title, up) = if let Some(t) = title.strip_suffix(".up") {
        (t, true)
    } else if let Some(t) = title.strip_suffix(".down") {
        (t, false)
    } else {
        return Naming::Numbered {
            ver: ver.to_string(),
        };
    };
    let title = title.strip_suffix(".autocommit").unwrap_or(title);
    let suffix = title
        .rsplit_once('.')
        .map(|(_, s)| s)
        .filter(|s| dialect_from_token(s).is_some())
        .map(|s| s.to_ascii_lowercase());
    Naming::UpDown {
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
pub(super) fn rollback_mark(name: &str, dirs: &[String]) -> Option<String> {
    if let Some(dir) = dirs
        .iter()
        .find(|d| ROLLBACK_DIRS.iter().any(|r| d.eq_ignore_ascii_case(r)))
    {
        return Some(format!(
            "rollback script (in a `{dir}` folder), not replayed"
        ));
    }
    let stem = strip_sql_ext(name)?;
    if matches!(parse_name(name, None), Naming::FlywayUndo) {
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

/// The version a plain file's name starts with (`V0001.Init.up.sql`,
/// `0001-name.sql`), for `--list`; plain files are ordered by name anyway.
pub(super) fn plain_version(name: &str) -> Option<String> {
    let stem = strip_sql_ext(name)?;
    let body = stem
        .strip_prefix(['V', 'v'])
        .filter(|b| b.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(stem);
    let ver = leading_digits(body);
    (!ver.is_empty()).then(|| ver.to_string())
}

pub(super) fn is_sql(name: &str) -> bool {
    strip_sql_ext(name).is_some()
}

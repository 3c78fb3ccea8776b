//! The library's errors, one type per layer; `main` maps every one of them
//! to exit code 2 (an audit that could not be completed).
//!
//! - [`SourceError`]: the migration files (not found, unreadable, no
//!   migration for the dialect, a layout file that cannot be read) and the
//!   git base of `pitag diff`.
//! - [`LiveError`]: a live database (URL, connection, permissions, timeouts,
//!   sampling); no message ever carries the password.
//! - [`ConfigError`]: `pitag.toml`, with the line and column at fault.
//! - [`FixError`]: `pitag fix --write` could not write its migration.
//! - [`MergeError`]: `pitag merge` could not read a report back.
//!
//! Writing a report has no error type of its own: it fails only as the
//! output does (`std::io::Error`). Messages are part of the interface: tests
//! compare them, so a variant's text changes only with its behaviour.

use std::path::PathBuf;
use std::time::Duration;
use thiserror::Error;

/// Reading the inputs failed: the audit cannot be completed.
#[derive(Debug, Error)]
pub enum SourceError {
    #[error("{}: no such file or directory", .0.display())]
    NotFound(PathBuf),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {message}", path.display())]
    Walk { path: PathBuf, message: String },
    #[error("no migrations found in {0}")]
    NoMigrations(String),
    #[error("{file}:{line}: {message}")]
    Syntax {
        file: String,
        line: u32,
        message: String,
    },
    // The git base of `pitag diff`: the migrations as they are at a ref.
    #[error("cannot run git: {0}")]
    Git(String),
    #[error("not inside a git repository (pitag diff compares against a git ref): {0}")]
    NotARepo(String),
    #[error("unknown git ref `{0}`: in a shallow CI checkout fetch it first (e.g. `git fetch --depth=1 origin {0}`)")]
    UnknownRef(String),
    #[error("{path}: outside the git repository at {root}")]
    OutsideRepo { path: String, root: String },
    /// The base tree could not be written out (temporary folder, tar).
    #[error("{0}")]
    Base(String),
}

/// The configuration file is unusable.
#[derive(Debug, Error)]
#[error("{file}{}: {message}", location.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default())]
pub struct ConfigError {
    pub file: String,
    /// 1-based line and column.
    pub location: Option<(usize, usize)>,
    pub message: String,
}

/// Why `fix --write` could not write its migration.
#[derive(Debug, Error)]
pub enum FixError {
    #[error("{}: --write needs a migration folder, not a file", .0.display())]
    NotAFolder(PathBuf),
    #[error("{}: {reason}", path.display())]
    Refused { path: PathBuf, reason: String },
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error("cannot write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Why a live catalog could not be read. Every message says what to check, and
/// none contains the password.
#[derive(Debug, Error)]
pub enum LiveError {
    #[error("bad database URL `{url}`: {reason}")]
    BadUrl { url: String, reason: String },
    #[error("{scheme}:// URLs are not supported: {reason}")]
    UnsupportedScheme { scheme: String, reason: String },
    #[error("connection refused by {target} ({database}): is the database server running and listening on that host and port?")]
    ConnectionRefused { target: String, database: String },
    #[error("cannot resolve host `{host}` ({database}): check the host name in the URL and this machine's DNS")]
    Dns { host: String, database: String },
    #[error("no answer from {target} within {} ({database}): check host, port and firewall, or allow a longer connect timeout", fmt_duration(*timeout))]
    ConnectTimeout {
        target: String,
        database: String,
        timeout: Duration,
    },
    #[error("TLS with {target} failed ({database}): {detail}; check sslmode/sslrootcert (PostgreSQL) or ssl-mode/ssl-ca (MySQL) in the URL")]
    Tls {
        target: String,
        database: String,
        detail: String,
    },
    #[error("authentication failed for user `{user}` at {target} ({database}): check the user name and password, and that neither has expired (PostgreSQL `VALID UNTIL` fails the same way); the server said: {detail}")]
    AuthenticationFailed {
        user: String,
        target: String,
        database: String,
        detail: String,
    },
    #[error("the password of user `{user}` has expired at {target} ({database}): set a new one (ALTER USER … IDENTIFIED BY …) and update the URL; the server said: {detail}")]
    PasswordExpired {
        user: String,
        target: String,
        database: String,
        detail: String,
    },
    #[error("the connection to {target} was lost while reading the catalog ({database}): the server stopped, restarted or ended the session ({detail}); check the server and its log, then run again")]
    ConnectionLost {
        target: String,
        database: String,
        detail: String,
    },
    #[error("database `{name}` does not exist at {target} ({database}): check the database name in the URL")]
    DatabaseNotFound {
        name: String,
        target: String,
        database: String,
    },
    #[error("permission denied for user `{user}` ({database}): {detail}; {hint}")]
    PermissionDenied {
        user: String,
        database: String,
        detail: String,
        hint: String,
    },
    #[error("reading the catalog exceeded the statement timeout of {} ({database}): allow a longer statement timeout or read fewer schemas", fmt_duration(*timeout))]
    StatementTimeout { database: String, timeout: Duration },
    #[error("no visible tables in {scope} ({database}): {hint}")]
    NoVisibleTables {
        scope: String,
        database: String,
        hint: String,
    },
    #[error("bad schema pattern `{pattern}`: {reason}")]
    BadPattern { pattern: String, reason: String },
    #[error("cannot talk to {target} ({database}): {detail}")]
    Connection {
        target: String,
        database: String,
        detail: String,
    },
    #[error("the server refused a statement ({database}): {detail} [{code}]")]
    Server {
        database: String,
        code: String,
        detail: String,
    },
    #[error("cannot sample table {table} ({database}): user `{user}` lacks the SELECT privilege that --sample needs; {grant}, or run without --sample")]
    SampleDenied {
        table: String,
        user: String,
        database: String,
        grant: String,
    },
    #[error("sampling column {column} of table {table} exceeded the statement timeout of {} ({database}): allow a longer statement timeout or sample fewer values", fmt_duration(*timeout))]
    SampleTimeout {
        table: String,
        column: String,
        database: String,
        timeout: Duration,
    },
    /// The server's own text is left out on purpose: it may quote a value.
    #[error("sampling column {column} of table {table} failed ({database}): {reason}")]
    SampleFailed {
        table: String,
        column: String,
        database: String,
        reason: String,
    },
    #[error("internal error while reading {database}: {detail}")]
    Internal { database: String, detail: String },
}

fn fmt_duration(d: Duration) -> String {
    if d.as_millis() < 1000 {
        format!("{} ms", d.as_millis())
    } else if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// A report that cannot be merged; every variant names the file.
#[derive(Debug, Error)]
pub enum MergeError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}: not JSON: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{}: not a pitag JSON report: {why}", path.display())]
    Shape { path: PathBuf, why: String },
    #[error("{}: `{what}` is also in {}", path.display(), first.display())]
    Duplicate {
        path: PathBuf,
        first: PathBuf,
        what: String,
    },
    #[error("no report to merge")]
    Empty,
}

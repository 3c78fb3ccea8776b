//! Live databases: read the catalog of a running PostgreSQL, MySQL or MariaDB
//! server into the one [`crate::model::Schema`].
//!
//! - Strictly read-only: every catalog query runs inside a read-only
//!   transaction of a read-only session, under a statement timeout; nothing is
//!   written, no temporary object is created.
//! - PostgreSQL: one query over `pg_class`/`pg_attribute`/`pg_namespace` with
//!   `pg_description` joined for the comments (`postgres`); it works for a
//!   role that holds nothing but `CONNECT`.
//! - MySQL/MariaDB: two queries (`information_schema.TABLES` and `.COLUMNS`)
//!   joined here, never in the server (`mysql`); columns also get their
//!   definition restated without the comment, for `MODIFY COLUMN`.
//! - Errors are [`LiveError`]s (defined in [`crate::error`]): each says what to check, and none ever
//!   carries the password (sqlx errors are mapped, never shown with the URL).

mod mysql;
mod postgres;

pub use crate::error::LiveError;

use crate::dialect::Dialect;
use crate::model::Schema;
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use sqlx::ConnectOptions;
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// How to read a live catalog.
#[derive(Debug, Clone)]
pub struct LiveOptions {
    /// Time allowed to open the connection (TCP, TLS and authentication).
    pub connect_timeout: Duration,
    /// Server-side limit for each catalog statement (a client-side guard backs it up).
    pub statement_timeout: Duration,
    /// Schema (PostgreSQL) or database (MySQL) name globs to read; empty = every
    /// non-system one.
    pub schemas: Vec<String>,
    /// Schema/database name globs to leave out (applied after `schemas`).
    pub exclude_schemas: Vec<String>,
    /// Also read plain views (kind [`crate::model::TableKind::View`]).
    pub include_views: bool,
    /// MariaDB: also read column CHECK constraints into the column
    /// definitions, which `pitag fix` restates. Auditing does not need them,
    /// and `information_schema.CHECK_CONSTRAINTS` opens every table.
    pub column_checks: bool,
    /// `--sample N`: read up to N non-null values of each candidate column
    /// (see [`crate::sample`]) and keep only counts of what they look like.
    /// 0 (the default) reads no row data at all.
    pub sample: u32,
}

impl Default for LiveOptions {
    fn default() -> LiveOptions {
        LiveOptions {
            connect_timeout: Duration::from_secs(10),
            statement_timeout: Duration::from_secs(30),
            schemas: Vec::new(),
            exclude_schemas: Vec::new(),
            include_views: false,
            column_checks: false,
            sample: 0,
        }
    }
}

/// A live catalog, read.
#[derive(Debug, Clone)]
pub struct LiveSchema {
    /// Tables (and, with `include_views`, views) with their columns and
    /// comments; histories are empty.
    pub schema: Schema,
    /// The URL without its password, as used in [`crate::model::Origin::Database`].
    pub database: String,
    /// How many tables (and views, when included) the connecting user could see
    /// after the schema filters: the number of entries in `schema.tables`.
    pub tables_visible: usize,
    /// The server's own version string (`15.18 (Debian …)`, `10.11.6-MariaDB-…`).
    pub server_version: String,
    /// With [`LiveOptions::sample`]: what the sampled values of each
    /// candidate column looked like (counts only); empty otherwise.
    pub samples: crate::sample::Samples,
}

/// The URL without its password (the user name is kept), for messages and
/// [`crate::model::Origin::Database`]. A `password=` query parameter is
/// removed as well. Text that is not a URL is redacted as well as it can be.
pub fn redact_url(url: &str) -> String {
    let url = url.trim();
    if let Ok(mut parsed) = Url::parse(url) {
        if parsed.password().is_some() {
            let _ = parsed.set_password(None);
        }
        if parsed.query_pairs().any(|(k, _)| is_secret_param(&k)) {
            let pairs: Vec<(String, String)> = parsed
                .query_pairs()
                .filter(|(k, _)| !is_secret_param(k))
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            if pairs.is_empty() {
                parsed.set_query(None);
            } else {
                parsed.query_pairs_mut().clear().extend_pairs(pairs);
            }
        }
        return parsed.to_string();
    }
    // Not a parseable URL: cut `:password` out of a `user:password@` part.
    let (scheme, rest) = match url.find("://") {
        Some(i) => (&url[..i + 3], &url[i + 3..]),
        None => ("", url),
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let authority = match authority.rfind('@') {
        Some(at) => {
            let userinfo = &authority[..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{user}{}", &authority[at..])
        }
        None => authority.to_string(),
    };
    let tail = match tail.find('?') {
        Some(q) if tail[q..].to_ascii_lowercase().contains("password") => &tail[..q],
        _ => tail,
    };
    format!("{scheme}{authority}{tail}")
}

fn is_secret_param(key: &str) -> bool {
    matches!(
        key.to_ascii_lowercase().as_str(),
        "password" | "pass" | "pwd" | "sslpassword"
    )
}

/// What is known about the connection, for messages and scrubbing.
#[derive(Debug, Clone)]
pub(crate) struct ConnInfo {
    /// The URL without password.
    pub database: String,
    /// `host:port` or `socket /path`.
    pub target: String,
    pub host: Option<String>,
    pub user: String,
    /// The database named in the URL.
    pub dbname: Option<String>,
    /// Every spelling of the password that could leak into a message.
    secrets: Vec<String>,
}

impl ConnInfo {
    /// Remove every spelling of the password from a message (defence in depth:
    /// messages are built without the URL, but server texts are passed on).
    pub fn scrub(&self, text: impl fmt::Display) -> String {
        let mut text = text.to_string();
        for secret in &self.secrets {
            // One- and two-character passwords would turn every message
            // into asterisks; they cannot be told apart from ordinary text.
            if secret.len() >= 3 {
                text = text.replace(secret.as_str(), "***");
            }
        }
        text
    }

    fn refused(&self) -> LiveError {
        LiveError::ConnectionRefused {
            target: self.target.clone(),
            database: self.database.clone(),
        }
    }

    pub fn connect_timeout(&self, timeout: Duration) -> LiveError {
        LiveError::ConnectTimeout {
            target: self.target.clone(),
            database: self.database.clone(),
            timeout,
        }
    }

    /// The server refused the user or the password.
    pub fn authentication_failed(&self, detail: String) -> LiveError {
        LiveError::AuthenticationFailed {
            user: self.user.clone(),
            target: self.target.clone(),
            database: self.database.clone(),
            detail,
        }
    }

    /// The server knows the user, but its password has expired.
    pub fn password_expired(&self, detail: String) -> LiveError {
        LiveError::PasswordExpired {
            user: self.user.clone(),
            target: self.target.clone(),
            database: self.database.clone(),
            detail,
        }
    }

    pub fn database_not_found(&self, name: String) -> LiveError {
        LiveError::DatabaseNotFound {
            name,
            target: self.target.clone(),
            database: self.database.clone(),
        }
    }

    /// `hint` says what to grant.
    pub fn permission_denied(&self, detail: String, hint: String) -> LiveError {
        LiveError::PermissionDenied {
            user: self.user.clone(),
            database: self.database.clone(),
            detail,
            hint,
        }
    }

    pub fn statement_timeout(&self, timeout: Duration) -> LiveError {
        LiveError::StatementTimeout {
            database: self.database.clone(),
            timeout,
        }
    }

    /// Map an sqlx error that is not a server error. Server errors go through
    /// the dialect's own classification first and land here otherwise.
    pub fn map_transport(&self, err: sqlx::Error) -> LiveError {
        match err {
            sqlx::Error::Io(e) => self.map_io(&e),
            sqlx::Error::Tls(e) => LiveError::Tls {
                target: self.target.clone(),
                database: self.database.clone(),
                detail: self.scrub(e),
            },
            sqlx::Error::Configuration(e) => LiveError::BadUrl {
                url: self.database.clone(),
                reason: self.scrub(e),
            },
            sqlx::Error::Database(e) => {
                let code = e.code().map(|c| c.into_owned()).unwrap_or_default();
                LiveError::Server {
                    database: self.database.clone(),
                    code,
                    detail: self.scrub(e.message()),
                }
            }
            sqlx::Error::Protocol(p) => LiveError::Connection {
                target: self.target.clone(),
                database: self.database.clone(),
                detail: self.scrub(p),
            },
            other => LiveError::Connection {
                target: self.target.clone(),
                database: self.database.clone(),
                detail: self.scrub(other),
            },
        }
    }

    /// The server closed the connection or ended the session.
    pub fn connection_lost(&self, detail: impl fmt::Display) -> LiveError {
        LiveError::ConnectionLost {
            target: self.target.clone(),
            database: self.database.clone(),
            detail: self.scrub(detail),
        }
    }

    fn map_io(&self, e: &std::io::Error) -> LiveError {
        use std::io::ErrorKind as K;
        let text = e.to_string();
        match e.kind() {
            K::ConnectionRefused => self.refused(),
            // rustls reports a certificate it rejects as an I/O error.
            _ if text.contains("peer certificate") || text.contains("certificate verify") => {
                LiveError::Tls {
                    target: self.target.clone(),
                    database: self.database.clone(),
                    detail: format!(
                        "the server's certificate was rejected ({}); sslmode=verify-ca/verify-full need the CA that signed it",
                        self.scrub(text)
                    ),
                }
            }
            K::UnexpectedEof | K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe => {
                self.connection_lost(text)
            }
            K::NotFound if self.host.is_none() => self.refused(),
            _ if text.contains("lookup address")
                || text.contains("Name or service not known")
                || text.contains("nodename nor servname")
                || text.contains("Temporary failure in name resolution") =>
            {
                LiveError::Dns {
                    host: self.host.clone().unwrap_or_default(),
                    database: self.database.clone(),
                }
            }
            _ => LiveError::Connection {
                target: self.target.clone(),
                database: self.database.clone(),
                detail: self.scrub(text),
            },
        }
    }
}

/// The parsed URL, ready for one of the two drivers.
pub(crate) enum Target {
    Postgres {
        options: sqlx::postgres::PgConnectOptions,
        info: ConnInfo,
    },
    Mysql {
        options: sqlx::mysql::MySqlConnectOptions,
        info: ConnInfo,
    },
}

fn bad_url(url: &str, reason: impl Into<String>) -> LiveError {
    LiveError::BadUrl {
        url: redact_url(url),
        reason: reason.into(),
    }
}

const URL_FORMS: &str =
    "expected postgres://user@host:5432/dbname or mysql://user@host:3306/dbname (mariadb:// also works)";

pub(crate) fn parse_target(url: &str) -> Result<Target, LiveError> {
    let raw = url.trim();
    let Some(colon) = raw.find("://") else {
        return Err(bad_url(raw, URL_FORMS));
    };
    let scheme = raw[..colon].to_ascii_lowercase();
    let Some(dialect) = Dialect::from_url_scheme(&scheme) else {
        let reason = match scheme.as_str() {
            "sqlite" | "sqlite3" | "file" => {
                "SQLite has no column comments, so it cannot carry tags"
            }
            "mssql" | "sqlserver" | "oracle" | "redshift" | "snowflake" | "clickhouse" => {
                "pitag reads PostgreSQL, MySQL and MariaDB catalogs only"
            }
            _ => URL_FORMS,
        };
        return Err(LiveError::UnsupportedScheme {
            scheme,
            reason: reason.into(),
        });
    };
    let mut parsed = Url::parse(raw).map_err(|e| bad_url(raw, format!("{e}; {URL_FORMS}")))?;
    // Every spelling of the password, so that none survives in a message.
    let mut secrets = Vec::new();
    if let Some(pw) = parsed.password() {
        secrets.push(pw.to_string());
        if let Ok(decoded) = percent_decode(pw) {
            secrets.push(decoded);
        }
    }
    for (k, v) in parsed.query_pairs() {
        if is_secret_param(&k) {
            secrets.push(v.into_owned());
        }
    }
    secrets.retain(|s| !s.is_empty());
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    secrets.dedup();
    let database = redact_url(raw);

    match dialect {
        Dialect::Postgres => {
            let (options, info) = driver_options(
                &parsed,
                database,
                secrets,
                |o: &sqlx::postgres::PgConnectOptions| o.get_database().map(str::to_string),
            )?;
            Ok(Target::Postgres { options, info })
        }
        Dialect::Mysql => {
            if scheme == "mariadb" {
                parsed
                    .set_scheme("mysql")
                    .map_err(|()| bad_url(raw, URL_FORMS))?;
            }
            // Connect without a default database: a user without grants on it
            // must still get in, to be told that it sees no tables there.
            let dbname = {
                let path = parsed.path().trim_start_matches('/');
                if path.is_empty() {
                    None
                } else {
                    Some(
                        percent_decode(path)
                            .map_err(|_| bad_url(raw, "database name is not UTF-8"))?,
                    )
                }
            };
            parsed.set_path("");
            let (options, info) = driver_options(&parsed, database, secrets, |_| dbname)?;
            Ok(Target::Mysql { options, info })
        }
    }
}

/// What [`parse_target`] reads of a driver's connect options.
trait DriverOptions: ConnectOptions {
    /// Where the connection goes (see [`endpoint`]).
    fn endpoint(&self) -> (String, Option<String>);
    fn user(&self) -> String;
}

impl DriverOptions for sqlx::postgres::PgConnectOptions {
    fn endpoint(&self) -> (String, Option<String>) {
        endpoint(self.get_socket(), self.get_host(), self.get_port())
    }
    fn user(&self) -> String {
        self.get_username().to_string()
    }
}

impl DriverOptions for sqlx::mysql::MySqlConnectOptions {
    fn endpoint(&self) -> (String, Option<String>) {
        endpoint(self.get_socket(), self.get_host(), self.get_port())
    }
    fn user(&self) -> String {
        self.get_username().to_string()
    }
}

/// The driver's options for a URL, and what messages need to know of the
/// connection; `dbname` names the database the URL asks for.
fn driver_options<O: DriverOptions>(
    parsed: &Url,
    database: String,
    secrets: Vec<String>,
    dbname: impl FnOnce(&O) -> Option<String>,
) -> Result<(O, ConnInfo), LiveError> {
    let options = O::from_url(parsed).map_err(|e| LiveError::BadUrl {
        url: database.clone(),
        reason: scrub_all(&secrets, e),
    })?;
    let (target, host) = options.endpoint();
    let info = ConnInfo {
        database,
        target,
        host,
        user: options.user(),
        dbname: dbname(&options),
        secrets,
    };
    Ok((options, info))
}

/// Where a connection goes, for messages (`socket /run/…` or `host:port`),
/// and the host name when it is one (TLS and DNS hints need it).
fn endpoint(
    socket: Option<&std::path::PathBuf>,
    host: &str,
    port: u16,
) -> (String, Option<String>) {
    match socket {
        Some(path) => (format!("socket {}", path.display()), None),
        None => (format!("{host}:{port}"), Some(host.to_string())),
    }
}

/// Decode `%XX` escapes of a URL component (user, password, database name).
pub(crate) fn percent_decode(s: &str) -> Result<String, std::str::Utf8Error> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    std::str::from_utf8(&out).map(str::to_string)
}

fn scrub_all(secrets: &[String], text: impl fmt::Display) -> String {
    let mut text = text.to_string();
    for s in secrets.iter().filter(|s| s.len() >= 3) {
        text = text.replace(s.as_str(), "***");
    }
    text
}

/// Which schemas (PostgreSQL) or databases (MySQL) to read.
pub(crate) struct SchemaFilter {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

impl SchemaFilter {
    pub fn new(opts: &LiveOptions, dialect: Dialect) -> Result<SchemaFilter, LiveError> {
        SchemaFilter::from_globs(&opts.schemas, &opts.exclude_schemas, dialect)
    }

    /// The filter of `--schema`/`--exclude-schema` globs, matched as the
    /// dialect compares names: shared by the catalog reader and `drift`.
    pub fn from_globs(
        schemas: &[String],
        exclude_schemas: &[String],
        dialect: Dialect,
    ) -> Result<SchemaFilter, LiveError> {
        let build = |patterns: &[String]| -> Result<Option<GlobSet>, LiveError> {
            if patterns.is_empty() {
                return Ok(None);
            }
            let mut set = GlobSetBuilder::new();
            for p in patterns {
                let glob: Glob = GlobBuilder::new(p)
                    .case_insensitive(!dialect.folds_case())
                    .literal_separator(false)
                    .build()
                    .map_err(|e| LiveError::BadPattern {
                        pattern: p.clone(),
                        reason: e.kind().to_string(),
                    })?;
                set.add(glob);
            }
            set.build().map(Some).map_err(|e| LiveError::BadPattern {
                pattern: patterns.join(", "),
                reason: e.to_string(),
            })
        };
        Ok(SchemaFilter {
            include: build(schemas)?,
            exclude: build(exclude_schemas)?,
        })
    }

    pub fn accepts(&self, schema: &str) -> bool {
        self.include.as_ref().is_none_or(|g| g.is_match(schema))
            && !self.exclude.as_ref().is_some_and(|g| g.is_match(schema))
    }

    pub fn is_filtering(&self) -> bool {
        self.include.is_some() || self.exclude.is_some()
    }
}

/// Read the catalog of the database at `url` (`postgres://`, `postgresql://`,
/// `mysql://`, `mariadb://`; TLS parameters as sqlx takes them).
pub async fn read_catalog(url: &str, opts: &LiveOptions) -> Result<LiveSchema, LiveError> {
    match parse_target(url)? {
        Target::Postgres { options, info } => {
            let filter = SchemaFilter::new(opts, Dialect::Postgres)?;
            postgres::read(options, &info, opts, &filter).await
        }
        Target::Mysql { options, info } => {
            let filter = SchemaFilter::new(opts, Dialect::Mysql)?;
            mysql::read(options, &info, opts, &filter).await
        }
    }
}

/// [`read_catalog`] for callers without a runtime: builds a current-thread
/// tokio runtime for the call.
pub fn read_catalog_blocking(url: &str, opts: &LiveOptions) -> Result<LiveSchema, LiveError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| LiveError::Internal {
            database: redact_url(url),
            detail: format!("cannot start the async runtime: {e}"),
        })?;
    runtime.block_on(read_catalog(url, opts))
}

/// Read several databases concurrently, at most `jobs` at a time (0 counts as
/// 1). One failure does not stop the others; results come in input order,
/// each with its label. Must run inside a tokio runtime.
pub async fn read_fleet(
    urls: Vec<(String, String)>,
    opts: &LiveOptions,
    jobs: usize,
) -> Vec<(String, Result<LiveSchema, LiveError>)> {
    read_fleet_observed(urls, opts, jobs, Arc::new(|_| {})).await
}

/// [`read_fleet`], calling `on_done(ok)` as each database finishes (in
/// completion order), so a caller can show progress.
pub async fn read_fleet_observed(
    urls: Vec<(String, String)>,
    opts: &LiveOptions,
    jobs: usize,
    on_done: Arc<dyn Fn(bool) + Send + Sync>,
) -> Vec<(String, Result<LiveSchema, LiveError>)> {
    let permits = Arc::new(tokio::sync::Semaphore::new(jobs.max(1)));
    let mut handles = Vec::with_capacity(urls.len());
    for (label, url) in urls {
        let permits = Arc::clone(&permits);
        let opts = opts.clone();
        let redacted = redact_url(&url);
        let on_done = Arc::clone(&on_done);
        let handle = tokio::spawn(async move {
            let _permit = permits.acquire_owned().await;
            let result = read_catalog(&url, &opts).await;
            on_done(result.is_ok());
            result
        });
        handles.push((label, redacted, handle));
    }
    let mut out = Vec::with_capacity(handles.len());
    for (label, database, handle) in handles {
        let result = match handle.await {
            Ok(result) => result,
            Err(e) => Err(LiveError::Internal {
                database,
                detail: format!("the reading task failed: {e}"),
            }),
        };
        out.push((label, result));
    }
    out
}

/// Test hook: open a session exactly as [`read_catalog`] does (read-only
/// session and transaction, statement timeout), run one static statement in
/// it and return the first column of each row as text. Lets tests prove the
/// session is read-only and the timeout is enforced. Not part of the API.
#[doc(hidden)]
pub async fn probe_session(
    url: &str,
    opts: &LiveOptions,
    sql: &'static str,
) -> Result<Vec<Option<String>>, LiveError> {
    match parse_target(url)? {
        Target::Postgres { options, info } => postgres::probe(options, &info, opts, sql).await,
        Target::Mysql { options, info } => mysql::probe(options, &info, opts, sql).await,
    }
}

/// A column to sample: where it is and how to read it.
pub(crate) struct SampleColumn {
    pub index: usize,
    pub name: String,
}

/// The columns of one table to sample.
pub(crate) struct SampleTable {
    pub key: crate::model::TableKey,
    pub schema: Option<String>,
    pub name: String,
    pub columns: Vec<SampleColumn>,
}

/// Every table with columns worth sampling: audited tables (foreign tables
/// are left alone: reading them queries another server), candidate columns.
/// None without `--sample`.
pub(crate) fn sample_plan(schema: &Schema, opts: &LiveOptions) -> Vec<SampleTable> {
    if opts.sample == 0 {
        return Vec::new();
    }
    schema
        .tables
        .iter()
        .filter(|(_, t)| t.kind.is_audited() && t.kind != crate::model::TableKind::Foreign)
        .filter_map(|(key, t)| {
            let columns: Vec<SampleColumn> = t
                .columns
                .iter()
                .enumerate()
                .filter_map(|(index, c)| {
                    crate::sample::candidate(c).map(|_| SampleColumn {
                        index,
                        name: c.name.clone(),
                    })
                })
                .collect();
            (!columns.is_empty()).then(|| SampleTable {
                key: key.clone(),
                schema: t.schema.clone(),
                name: t.name.clone(),
                columns,
            })
        })
        .collect()
}

/// A sampling query failed without a mapping of its own. The server's
/// message is never used: conversion errors quote the value they choke on.
pub(crate) fn sample_failed(
    info: &ConnInfo,
    table: &SampleTable,
    column: &SampleColumn,
    err: &sqlx::Error,
) -> LiveError {
    let reason = match err {
        sqlx::Error::Database(e) => format!(
            "the server refused the query [{}]",
            e.code().map(|c| c.into_owned()).unwrap_or_default()
        ),
        sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_) => {
            "a value could not be read as text".into()
        }
        _ => "the query could not be completed".into(),
    };
    LiveError::SampleFailed {
        table: qualified(table),
        column: column.name.clone(),
        database: info.database.clone(),
        reason,
    }
}

impl ConnInfo {
    /// A sampling query that ran out of time (values never enter the message).
    pub(crate) fn sample_timeout(
        &self,
        opts: &LiveOptions,
        table: &SampleTable,
        column: &SampleColumn,
    ) -> LiveError {
        LiveError::SampleTimeout {
            table: qualified(table),
            column: column.name.clone(),
            database: self.database.clone(),
            timeout: opts.statement_timeout,
        }
    }
}

pub(crate) fn qualified(table: &SampleTable) -> String {
    match &table.schema {
        Some(s) => format!("{s}.{}", table.name),
        None => table.name.clone(),
    }
}

/// The client-side guard around catalog statements: the server-side timeout
/// plus a grace period for the server to report it first.
pub(crate) fn client_guard(statement_timeout: Duration) -> Duration {
    statement_timeout + Duration::from_secs(2) + statement_timeout / 2
}

/// How a driver turns an sqlx error into a [`LiveError`].
pub(crate) type MapError = fn(sqlx::Error, &ConnInfo, &LiveOptions) -> LiveError;

/// What a driver makes of the server error of a sampling query.
pub(crate) enum SampleFault {
    /// No SELECT privilege; the GRANT that would give it.
    Denied(String),
    /// The statement or lock timeout fired.
    Timeout,
    /// The server stopped or ended the session: as for any other query.
    Lost,
    /// Any other refusal, reported by its code alone.
    Refused,
}

/// A driver's error classification: every query, and sampling queries.
#[derive(Clone, Copy)]
pub(crate) struct Faults {
    pub map_error: MapError,
    /// `None` for an error that is not the server's.
    pub sample: fn(&sqlx::Error, &ConnInfo, &SampleTable) -> Option<SampleFault>,
}

impl Faults {
    /// Errors of a sampling query: privileges and timeouts get their own
    /// message; the server's text is never used (conversion errors quote
    /// the value they choke on).
    fn sample_error(
        &self,
        err: sqlx::Error,
        info: &ConnInfo,
        opts: &LiveOptions,
        (table, column): (&SampleTable, &SampleColumn),
    ) -> LiveError {
        match (self.sample)(&err, info, table) {
            Some(SampleFault::Denied(grant)) => LiveError::SampleDenied {
                table: qualified(table),
                user: info.user.clone(),
                database: info.database.clone(),
                grant,
            },
            Some(SampleFault::Timeout) => info.sample_timeout(opts, table, column),
            Some(SampleFault::Lost) => (self.map_error)(err, info, opts),
            Some(SampleFault::Refused) => sample_failed(info, table, column, &err),
            None => match err {
                sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_) => {
                    sample_failed(info, table, column, &err)
                }
                _ => info.map_transport(err),
            },
        }
    }
}

impl ConnInfo {
    /// The origin of everything read through this connection.
    pub(crate) fn origin(&self) -> crate::model::Origin {
        crate::model::Origin::Database {
            database: self.database.clone(),
        }
    }

    /// Open a connection within the connect timeout; `map` is the driver's
    /// classification of what the server said.
    pub(crate) async fn connect_within<C>(
        &self,
        opts: &LiveOptions,
        connecting: impl Future<Output = Result<C, sqlx::Error>>,
        map: MapError,
    ) -> Result<C, LiveError> {
        match tokio::time::timeout(opts.connect_timeout, connecting).await {
            Err(_) => Err(self.connect_timeout(opts.connect_timeout)),
            Ok(Err(e)) => Err(map(e, self, opts)),
            Ok(Ok(conn)) => Ok(conn),
        }
    }

    /// `work` under the client-side guard of the statement timeout (the
    /// server's own timeout should fire first).
    pub(crate) async fn guarded<T>(
        &self,
        opts: &LiveOptions,
        work: impl Future<Output = Result<T, LiveError>>,
    ) -> Result<T, LiveError> {
        match tokio::time::timeout(client_guard(opts.statement_timeout), work).await {
            Err(_) => Err(self.statement_timeout(opts.statement_timeout)),
            Ok(result) => result,
        }
    }
}

/// The next row of a stream (what `TryStreamExt::try_next` does, without
/// another crate).
pub(crate) async fn next_row<S>(rows: &mut S) -> Option<S::Item>
where
    S: futures_core::Stream + Unpin,
{
    std::future::poll_fn(|cx| std::pin::Pin::new(&mut *rows).poll_next(cx)).await
}

/// Run one sampling query under the statement guard and fold its values
/// into counts; the rows are dropped before this returns.
pub(crate) async fn sample_values<R>(
    query: impl Future<Output = Result<Vec<R>, sqlx::Error>>,
    info: &ConnInfo,
    opts: &LiveOptions,
    table: &SampleTable,
    column: &SampleColumn,
    faults: Faults,
) -> Result<crate::sample::ColumnSample, LiveError>
where
    R: sqlx::Row,
    usize: sqlx::ColumnIndex<R>,
    for<'r> &'r str: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    let rows = match tokio::time::timeout(client_guard(opts.statement_timeout), query).await {
        Err(_) => return Err(info.sample_timeout(opts, table, column)),
        Ok(Ok(rows)) => rows,
        Ok(Err(e)) => return Err(faults.sample_error(e, info, opts, (table, column))),
    };
    let mut values: Vec<&str> = Vec::with_capacity(rows.len());
    for row in &rows {
        match row.try_get::<Option<&str>, _>(0) {
            Ok(value) => values.extend(value),
            Err(e) => return Err(faults.sample_error(e, info, opts, (table, column))),
        }
    }
    Ok(crate::sample::ColumnSample::from_values(values))
}

/// The first column of a query's rows, as text.
pub(crate) async fn texts<R>(
    query: impl Future<Output = Result<Vec<R>, sqlx::Error>>,
    info: &ConnInfo,
    opts: &LiveOptions,
    map: MapError,
) -> Result<Vec<Option<String>>, LiveError>
where
    R: sqlx::Row,
    usize: sqlx::ColumnIndex<R>,
    String: for<'r> sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    let rows = query.await.map_err(|e| map(e, info, opts))?;
    rows.iter()
        .map(|row| row.try_get::<Option<String>, _>(0))
        .collect::<Result<_, _>>()
        .map_err(|e| map(e, info, opts))
}

impl LiveSchema {
    /// A catalog read: every table counts as visible; no samples yet.
    pub(crate) fn found(schema: Schema, info: &ConnInfo, server_version: String) -> LiveSchema {
        LiveSchema {
            tables_visible: schema.tables.len(),
            schema,
            database: info.database.clone(),
            server_version,
            samples: crate::sample::Samples::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_password_keeps_user() {
        assert_eq!(
            redact_url("postgres://alice:s3cr%40t@db.example:5432/app?sslmode=require"),
            "postgres://alice@db.example:5432/app?sslmode=require"
        );
        assert_eq!(
            redact_url("mysql://root:pw@127.0.0.1/app?password=pw&ssl-mode=REQUIRED"),
            "mysql://root@127.0.0.1/app?ssl-mode=REQUIRED"
        );
        assert_eq!(redact_url("mariadb://bob@h/db"), "mariadb://bob@h/db");
        assert_eq!(
            redact_url("postgres://u:p w@[bad/db"),
            "postgres://u@[bad/db"
        );
    }

    #[test]
    fn schemes() {
        let err = parse_target("sqlite://file.db").err().unwrap();
        assert!(
            err.to_string().contains("SQLite has no column comments"),
            "{err}"
        );
        assert!(matches!(
            parse_target("nonsense").err().unwrap(),
            LiveError::BadUrl { .. }
        ));
        assert!(matches!(
            parse_target("mariadb://u:p@h/db").unwrap(),
            Target::Mysql { .. }
        ));
        assert!(matches!(
            parse_target("postgresql://u@h/db").unwrap(),
            Target::Postgres { .. }
        ));
    }

    #[test]
    fn sample_errors_never_carry_the_server_text() {
        let Target::Postgres { info, .. } = parse_target("postgres://u:pw@h/db").unwrap() else {
            panic!("postgres")
        };
        let table = SampleTable {
            key: crate::model::TableKey::new(Some("app"), "people", Dialect::Postgres),
            schema: Some("app".into()),
            name: "people".into(),
            columns: Vec::new(),
        };
        let column = SampleColumn {
            index: 1,
            name: "misc1".into(),
        };
        for err in [
            sqlx::Error::Decode("bad bytes in `secret-value-77`".into()),
            sqlx::Error::ColumnDecode {
                index: "0".into(),
                source: "`secret-value-77` is not UTF-8".into(),
            },
        ] {
            let text = sample_failed(&info, &table, &column, &err).to_string();
            assert!(!text.contains("secret-value-77"), "{text}");
            assert!(
                text.contains("sampling column misc1 of table app.people failed"),
                "{text}"
            );
        }
    }

    #[test]
    fn filters() {
        let opts = LiveOptions {
            schemas: vec!["app_*".into(), "public".into()],
            exclude_schemas: vec!["app_tmp*".into()],
            ..LiveOptions::default()
        };
        let f = SchemaFilter::new(&opts, Dialect::Postgres).unwrap();
        assert!(f.accepts("app_core") && f.accepts("public"));
        assert!(!f.accepts("app_tmp1") && !f.accepts("other") && !f.accepts("Public"));
        let f = SchemaFilter::new(&opts, Dialect::Mysql).unwrap();
        assert!(f.accepts("Public"));
        let bad = LiveOptions {
            schemas: vec!["a[".into()],
            ..LiveOptions::default()
        };
        assert!(SchemaFilter::new(&bad, Dialect::Postgres).is_err());
    }
}

//! MySQL and MariaDB: two `information_schema` queries (tables, columns) in a
//! read-only transaction, joined here. The server-side JOIN of the two views
//! takes tens of seconds on MariaDB with thousands of tables; two scans take
//! well under one.
//!
//! Every text column is `CAST(… AS CHAR)`: MySQL 8 returns some
//! `information_schema` columns as VARBINARY, which would not decode as text.

use super::{
    next_row, sample_plan, sample_values, texts, ConnInfo, Faults, LiveError, LiveOptions,
    LiveSchema, SampleFault, SampleTable, SchemaFilter,
};
use crate::dialect::Dialect;
use crate::model::{Column, Origin, Schema, Table, TableKind};
use crate::sample::Samples;
use sqlx::mysql::{MySql, MySqlConnectOptions, MySqlConnection, MySqlDatabaseError, MySqlRow};
use sqlx::{AssertSqlSafe, Connection, Row, Transaction};
use std::collections::HashMap;

/// A query of an `information_schema` view over every non-system database,
/// or (with the condition) over the one database the URL names: a constant
/// comparison lets the server skip the other databases.
macro_rules! information_schema {
    ($columns:expr, $view:literal $(, $and:literal)?) => {
        concat!(
            "SELECT ",
            $columns,
            " FROM information_schema.",
            $view,
            " WHERE TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')",
            $(" AND ", $and)?
        )
    };
}

/// The columns read of `information_schema.TABLES`.
macro_rules! table_columns {
    () => {
        "CAST(TABLE_SCHEMA AS CHAR), CAST(TABLE_NAME AS CHAR), \
         CAST(TABLE_TYPE AS CHAR), CAST(TABLE_COLLATION AS CHAR), CAST(TABLE_COMMENT AS CHAR)"
    };
}

/// The columns read of `information_schema.COLUMNS`.
macro_rules! column_columns {
    () => {
        "CAST(TABLE_SCHEMA AS CHAR), CAST(TABLE_NAME AS CHAR), \
         CAST(COLUMN_NAME AS CHAR), CAST(ORDINAL_POSITION AS SIGNED), CAST(COLUMN_TYPE AS CHAR), \
         CAST(IS_NULLABLE AS CHAR), CAST(COLUMN_DEFAULT AS CHAR), CAST(EXTRA AS CHAR), \
         CAST(GENERATION_EXPRESSION AS CHAR), CAST(CHARACTER_SET_NAME AS CHAR), \
         CAST(COLLATION_NAME AS CHAR), CAST(COLUMN_COMMENT AS CHAR)"
    };
}

const TABLES_ALL: &str = information_schema!(table_columns!(), "TABLES");
/// [`TABLES_ALL`] for the one database the URL names.
const TABLES_ONE: &str = information_schema!(table_columns!(), "TABLES", "TABLE_SCHEMA = ?");
const COLUMNS_ALL: &str = information_schema!(column_columns!(), "COLUMNS");
const COLUMNS_ONE: &str = information_schema!(column_columns!(), "COLUMNS", "TABLE_SCHEMA = ?");

/// MariaDB column checks (10.5.10+ says which checks are a column's: `LEVEL`).
/// `information_schema.COLUMNS` does not show them, and `MODIFY COLUMN`
/// without the check would drop it. MySQL 8 keeps every check at table
/// level, where `MODIFY` leaves it alone: no query there.
const CHECKS_ALL: &str = "SELECT CAST(CONSTRAINT_SCHEMA AS CHAR), CAST(TABLE_NAME AS CHAR), \
     CAST(CONSTRAINT_NAME AS CHAR), CAST(CHECK_CLAUSE AS CHAR) \
     FROM information_schema.CHECK_CONSTRAINTS \
     WHERE LEVEL = 'Column' \
     AND CONSTRAINT_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')";
const CHECKS_ONE: &str = "SELECT CAST(CONSTRAINT_SCHEMA AS CHAR), CAST(TABLE_NAME AS CHAR), \
     CAST(CONSTRAINT_NAME AS CHAR), CAST(CHECK_CLAUSE AS CHAR) \
     FROM information_schema.CHECK_CONSTRAINTS \
     WHERE LEVEL = 'Column' AND CONSTRAINT_SCHEMA = ?";
/// Older MariaDB (10.2.22+, 10.3.10+) has no `LEVEL`: a column check is named
/// after its column, but so may a table check be. Every check is read, and a
/// column named like one gets no definition (`fix` asks a human).
const CHECKS_ALL_NO_LEVEL: &str =
    "SELECT CAST(CONSTRAINT_SCHEMA AS CHAR), CAST(TABLE_NAME AS CHAR), \
     CAST(CONSTRAINT_NAME AS CHAR), CAST(NULL AS CHAR) \
     FROM information_schema.CHECK_CONSTRAINTS \
     WHERE CONSTRAINT_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')";
const CHECKS_ONE_NO_LEVEL: &str =
    "SELECT CAST(CONSTRAINT_SCHEMA AS CHAR), CAST(TABLE_NAME AS CHAR), \
     CAST(CONSTRAINT_NAME AS CHAR), CAST(NULL AS CHAR) \
     FROM information_schema.CHECK_CONSTRAINTS \
     WHERE CONSTRAINT_SCHEMA = ?";

/// schema, table, constraint (= column) name, check clause (`None`: a
/// check that may or may not be the column's)
type CheckRow = (String, String, String, Option<String>);

/// Which column-check query a server gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CheckQuery {
    /// MySQL (checks are table-level), or MariaDB before 10.2.22 (no view).
    None,
    NoLevel,
    Level,
}

/// The server's `major.minor.patch`, skipping a `5.5.5-` replication prefix.
fn version_triple(version: &str) -> Option<(u32, u32, u32)> {
    let v = version.strip_prefix("5.5.5-").unwrap_or(version);
    let mut parts = v.split(|c: char| !c.is_ascii_digit());
    let mut next = || parts.next()?.parse::<u32>().ok();
    Some((next()?, next()?, next()?))
}

fn check_query(version: &str, mariadb: bool) -> CheckQuery {
    if !mariadb {
        return CheckQuery::None;
    }
    match version_triple(version) {
        Some(v) if v >= (10, 5, 10) => CheckQuery::Level,
        Some(v) if v >= (10, 3, 10) || ((10, 2, 22)..(10, 3, 0)).contains(&v) => {
            CheckQuery::NoLevel
        }
        Some(_) => CheckQuery::None,
        // An unknown scheme: a newer server.
        None => CheckQuery::Level,
    }
}

/// A text column that may be NULL.
type Null = Option<String>;

/// schema, table, type, collation, comment
type TableRow = (String, String, String, Null, Null);

fn map_error(err: sqlx::Error, info: &ConnInfo, opts: &LiveOptions) -> LiveError {
    if let Some(db) = err.as_database_error() {
        if let Some(my) = db.try_downcast_ref::<MySqlDatabaseError>() {
            let detail = info.scrub(my.message());
            match my.number() {
                // ER_ACCESS_DENIED_ERROR, ER_ACCESS_DENIED_NO_PASSWORD_ERROR
                1045 | 1698 => return info.authentication_failed(detail),
                // ER_BAD_DB_ERROR
                1049 => return info.database_not_found(info.dbname.clone().unwrap_or_default()),
                // ER_DBACCESS_DENIED_ERROR, ER_TABLEACCESS_DENIED_ERROR,
                // ER_COLUMNACCESS_DENIED_ERROR, ER_SPECIFIC_ACCESS_DENIED_ERROR
                1044 | 1142 | 1143 | 1227 => {
                    return info.permission_denied(detail, grant_hint(info))
                }
                // MySQL max_execution_time, MariaDB max_statement_time
                3024 | 1969 => return info.statement_timeout(opts.statement_timeout),
                // ER_MUST_CHANGE_PASSWORD_LOGIN, ER_MUST_CHANGE_PASSWORD
                1862 | 1820 => return info.password_expired(detail),
                // ER_SERVER_SHUTDOWN, ER_CONNECTION_KILLED
                1053 | 1927 => return info.connection_lost(detail),
                _ => {}
            }
        }
    }
    info.map_transport(err)
}

fn grant_hint(info: &ConnInfo) -> String {
    let db = info.dbname.as_deref().unwrap_or("<database>");
    format!(
        "grant SELECT on the tables to audit, e.g. GRANT SELECT ON `{db}`.* TO '{}'@'<host>'",
        info.user
    )
}

/// A read-only session with the statement timeout, then `START TRANSACTION
/// READ ONLY`. Returns the server version and whether it is MariaDB.
async fn begin<'c>(
    conn: &'c mut MySqlConnection,
    info: &ConnInfo,
    opts: &LiveOptions,
) -> Result<(Transaction<'c, MySql>, String, bool), LiveError> {
    let (version,): (String,) = sqlx::query_as("SELECT CAST(VERSION() AS CHAR)")
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| map_error(e, info, opts))?;
    let mariadb = version.to_ascii_lowercase().contains("mariadb");
    sqlx::raw_sql("SET SESSION TRANSACTION READ ONLY")
        .execute(&mut *conn)
        .await
        .map_err(|e| map_error(e, info, opts))?;
    // Numbers only: nothing from the outside reaches this text.
    let millis = opts.statement_timeout.as_millis().max(1);
    let timeout_sql = if mariadb {
        format!(
            "SET SESSION max_statement_time = {}.{:03}",
            millis / 1000,
            millis % 1000
        )
    } else {
        format!("SET SESSION max_execution_time = {millis}")
    };
    sqlx::raw_sql(AssertSqlSafe(timeout_sql))
        .execute(&mut *conn)
        .await
        .map_err(|e| map_error(e, info, opts))?;
    let tx = conn
        .begin_with("START TRANSACTION READ ONLY")
        .await
        .map_err(|e| map_error(e, info, opts))?;
    Ok((tx, version, mariadb))
}

pub(super) async fn read(
    options: MySqlConnectOptions,
    info: &ConnInfo,
    opts: &LiveOptions,
    filter: &SchemaFilter,
) -> Result<LiveSchema, LiveError> {
    let connecting = MySqlConnection::connect_with(&options);
    let mut conn = info.connect_within(opts, connecting, map_error).await?;
    let work = async {
        let (mut tx, version, mariadb) = begin(&mut conn, info, opts).await?;
        let tables: Vec<TableRow> = match &info.dbname {
            Some(db) => {
                sqlx::query_as(TABLES_ONE)
                    .bind(db)
                    .fetch_all(&mut *tx)
                    .await
            }
            None => sqlx::query_as(TABLES_ALL).fetch_all(&mut *tx).await,
        }
        .map_err(|e| map_error(e, info, opts))?;
        let tables_listed = tables.len();
        let mut catalog = Catalog::new(tables, info, opts, filter, mariadb);
        {
            // Columns are folded into their tables as they arrive, never all
            // held at once.
            let mut rows = match &info.dbname {
                Some(db) => sqlx::query(COLUMNS_ONE).bind(db).fetch(&mut *tx),
                None => sqlx::query(COLUMNS_ALL).fetch(&mut *tx),
            };
            while let Some(row) = next_row(&mut rows).await {
                let row = row.map_err(|e| map_error(e, info, opts))?;
                catalog.add(&row).map_err(|e| map_error(e, info, opts))?;
            }
        }
        let wanted = if opts.column_checks {
            check_query(&version, mariadb)
        } else {
            CheckQuery::None
        };
        let checks: Vec<CheckRow> = match (wanted, &info.dbname) {
            (CheckQuery::None, _) => Vec::new(),
            (q, Some(db)) => sqlx::query_as(if q == CheckQuery::Level {
                CHECKS_ONE
            } else {
                CHECKS_ONE_NO_LEVEL
            })
            .bind(db)
            .fetch_all(&mut *tx)
            .await
            .map_err(|e| map_error(e, info, opts))?,
            (q, None) => sqlx::query_as(if q == CheckQuery::Level {
                CHECKS_ALL
            } else {
                CHECKS_ALL_NO_LEVEL
            })
            .fetch_all(&mut *tx)
            .await
            .map_err(|e| map_error(e, info, opts))?,
        };
        tx.rollback().await.map_err(|e| map_error(e, info, opts))?;
        if let (0, Some(db)) = (tables_listed, &info.dbname) {
            // `USE` tells a database that does not exist (1049, e.g. dropped
            // since it was listed) from one this user may not see (1044, left
            // to the "no visible tables" message below).
            let use_db = format!("USE `{}`", db.replace('`', "``"));
            if let Err(e) = sqlx::raw_sql(AssertSqlSafe(use_db))
                .execute(&mut conn)
                .await
            {
                let err = map_error(e, info, opts);
                if matches!(err, LiveError::DatabaseNotFound { .. }) {
                    return Err(err);
                }
            }
        }
        Ok((version, catalog.finish(), checks))
    };
    let (version, schema, checks) = info.guarded(opts, work).await?;
    let mut live = build(schema, info, filter, version)?;
    add_column_checks(&mut live.schema, checks);
    let plan = sample_plan(&live.schema, opts);
    if !plan.is_empty() {
        live.samples = sample(&mut conn, &plan, info, opts).await?;
    }
    let _ = conn.close().await;
    Ok(live)
}

/// Join the column checks into the restated definitions: ` CHECK (clause)`
/// (which `fix` moves after the comment, where MariaDB wants it). A column
/// with a check that cannot be told apart from a table check, or with
/// several, loses its definition: `fix` asks a human rather than drop one.
fn add_column_checks(schema: &mut Schema, checks: Vec<CheckRow>) {
    let mut by_column: HashMap<(String, String, String), Vec<Option<String>>> = HashMap::new();
    for (db, table, name, clause) in checks {
        by_column
            .entry((db, table.to_ascii_lowercase(), name.to_ascii_lowercase()))
            .or_default()
            .push(clause);
    }
    if by_column.is_empty() {
        return;
    }
    for table in schema.tables.values_mut() {
        let Some(db) = table.schema.clone() else {
            continue;
        };
        let tname = table.name.to_ascii_lowercase();
        for column in &mut table.columns {
            let key = (db.clone(), tname.clone(), column.name.to_ascii_lowercase());
            let Some(clauses) = by_column.get(&key) else {
                continue;
            };
            column.definition = match (&column.definition, &clauses[..]) {
                (Some(def), [Some(clause)]) => Some(format!("{def} CHECK ({clause})")),
                _ => None,
            };
        }
    }
}

/// The tables read (in the order the server listed them), the columns
/// folded in as they arrive, in any order.
struct Catalog {
    origin: Origin,
    mariadb: bool,
    /// Each table with its collation and its columns' ordinals.
    tables: Vec<(Table, Option<String>, Vec<i64>)>,
    /// Index into `tables` by database, then table name, as the server spells them.
    index: HashMap<String, HashMap<String, usize>>,
    /// The table of the last column row, and whether it is one of `tables`.
    last: Option<(String, String, Option<usize>)>,
}

impl Catalog {
    /// The audited kinds of table in the filtered databases, without columns yet.
    fn new(
        rows: Vec<TableRow>,
        info: &ConnInfo,
        opts: &LiveOptions,
        filter: &SchemaFilter,
        mariadb: bool,
    ) -> Catalog {
        let origin = info.origin();
        let mut catalog = Catalog {
            origin: origin.clone(),
            mariadb,
            tables: Vec::with_capacity(rows.len()),
            index: HashMap::new(),
            last: None,
        };
        for (db, name, table_type, collation, comment) in rows {
            let kind = match table_type.as_str() {
                "BASE TABLE" | "SYSTEM VERSIONED" => TableKind::Table,
                "VIEW" if opts.include_views => TableKind::View,
                // views (unless asked for), sequences, system views, temporary tables
                _ => continue,
            };
            if !filter.accepts(&db) {
                continue;
            }
            let mut table = Table::new(Some(db.clone()), name.clone(), origin.clone());
            table.kind = kind;
            if kind != TableKind::View {
                table.set_comment(comment, Some(origin.clone()));
            }
            let at = catalog.tables.len();
            catalog.tables.push((table, collation, Vec::new()));
            // The first of two equal names keeps the columns, as it always did.
            catalog
                .index
                .entry(db)
                .or_default()
                .entry(name)
                .or_insert(at);
        }
        catalog
    }

    /// schema, table, column, ordinal, column type, nullable, default, extra,
    /// generation expression, charset, collation, comment
    fn add(&mut self, row: &MySqlRow) -> Result<(), sqlx::Error> {
        let db: &str = row.try_get(0)?;
        let name: &str = row.try_get(1)?;
        let at = match &self.last {
            Some((d, n, at)) if d == db && n == name => *at,
            _ => {
                let at = self.index.get(db).and_then(|t| t.get(name)).copied();
                self.last = Some((db.to_owned(), name.to_owned(), at));
                at
            }
        };
        let Some(at) = at else {
            return Ok(());
        };
        let column_type: &str = row.try_get(4)?;
        let nullable: &str = row.try_get(5)?;
        let comment: Option<&str> = row.try_get(11)?;
        let facts = ColumnFacts {
            column_type,
            nullable: nullable.eq_ignore_ascii_case("YES"),
            default: row.try_get(6)?,
            extra: row.try_get::<Option<&str>, _>(7)?.unwrap_or(""),
            generation: row.try_get(8)?,
            charset: row.try_get(9)?,
            collation: row.try_get(10)?,
        };
        let (table, collation, ordinals) = &mut self.tables[at];
        let definition = restate_definition(&facts, collation.as_deref(), self.mariadb);
        let col_name: &str = row.try_get(2)?;
        let mut column = Column::new(col_name, column_type, self.origin.clone());
        column.definition = Some(definition);
        column.set_comment(comment.map(str::to_owned), Some(self.origin.clone()));
        table.columns.push(column);
        ordinals.push(row.try_get(3)?);
        Ok(())
    }

    /// The schema: tables in the order listed, columns in ordinal order.
    fn finish(self) -> Schema {
        let mut schema = Schema::new(Dialect::Mysql);
        for (mut table, _, ordinals) in self.tables {
            if !ordinals.is_sorted() {
                let mut order: Vec<(i64, Column)> =
                    ordinals.into_iter().zip(table.columns).collect();
                order.sort_by_key(|(ordinal, _)| *ordinal);
                table.columns = order.into_iter().map(|(_, c)| c).collect();
            }
            let key = schema.key(table.schema.as_deref(), &table.name);
            schema.tables.insert(key, table);
        }
        schema
    }
}

fn build(
    schema: Schema,
    info: &ConnInfo,
    filter: &SchemaFilter,
    version: String,
) -> Result<LiveSchema, LiveError> {
    if schema.tables.is_empty() {
        let (scope, hint) = match &info.dbname {
            Some(db) => (
                format!("database `{db}`"),
                format!(
                    "user `{}` sees no table there: {}; or check that the database exists{}",
                    info.user,
                    grant_hint(info),
                    if filter.is_filtering() {
                        " and that the schema filters match it"
                    } else {
                        ""
                    }
                ),
            ),
            None => (
                "any non-system database".to_string(),
                format!(
                    "user `{}` sees no table: {}{}",
                    info.user,
                    grant_hint(info),
                    if filter.is_filtering() {
                        "; or check the schema filters"
                    } else {
                        ""
                    }
                ),
            ),
        };
        return Err(LiveError::NoVisibleTables {
            scope,
            database: info.database.clone(),
            hint,
        });
    }
    Ok(LiveSchema::found(schema, info, version))
}

/// What `information_schema.COLUMNS` says about a column.
pub(crate) struct ColumnFacts<'a> {
    /// `COLUMN_TYPE`: `int(10) unsigned`, `varchar(320)`, `enum('a','b')`.
    pub column_type: &'a str,
    pub nullable: bool,
    /// `COLUMN_DEFAULT`: MariaDB gives an SQL expression (`'x'`, `NULL`,
    /// `current_timestamp()`); MySQL gives the bare value, or the expression
    /// when `EXTRA` says `DEFAULT_GENERATED`.
    pub default: Option<&'a str>,
    pub extra: &'a str,
    pub generation: Option<&'a str>,
    pub charset: Option<&'a str>,
    pub collation: Option<&'a str>,
}

/// The column definition without its comment, as `SHOW CREATE TABLE` prints
/// it (for `MODIFY COLUMN`): type, character set and collation when they are
/// not the table's, generated expression, nullability, invisibility, default,
/// `ON UPDATE`, `AUTO_INCREMENT`.
pub(crate) fn restate_definition(
    f: &ColumnFacts<'_>,
    table_collation: Option<&str>,
    mariadb: bool,
) -> String {
    let mut out = f.column_type.to_string();
    let extra = f.extra.to_ascii_lowercase();
    let lower_type = f.column_type.to_ascii_lowercase();

    if let Some(collation) = f.collation {
        let differs = table_collation.is_none_or(|t| !t.eq_ignore_ascii_case(collation));
        if differs {
            let charset = f.charset.unwrap_or_else(|| charset_of(collation));
            out.push_str(&format!(" CHARACTER SET {charset} COLLATE {collation}"));
        }
    }

    let invisible = extra.split_whitespace().any(|w| w == "invisible");
    let generated = if extra.contains("virtual generated") {
        Some("VIRTUAL")
    } else if extra.contains("stored generated") || extra.contains("persistent generated") {
        Some("STORED")
    } else {
        None
    };
    if let Some(how) = generated {
        let expr = f.generation.unwrap_or("");
        out.push_str(&format!(" GENERATED ALWAYS AS ({expr}) {how}"));
        if !f.nullable && !mariadb {
            out.push_str(" NOT NULL");
        }
        if invisible {
            out.push_str(" INVISIBLE");
        }
        return out;
    }

    if !f.nullable {
        out.push_str(" NOT NULL");
    } else if lower_type.starts_with("timestamp") {
        out.push_str(" NULL");
    }
    if invisible && mariadb {
        out.push_str(" INVISIBLE");
    }

    if mariadb {
        match f.default {
            Some(d) if !d.eq_ignore_ascii_case("NULL") => {
                out.push_str(" DEFAULT ");
                out.push_str(d);
            }
            _ if f.nullable => out.push_str(" DEFAULT NULL"),
            _ => {}
        }
    } else {
        let no_literal_default = [
            "blob",
            "text",
            "json",
            "geometry",
            "point",
            "linestring",
            "polygon",
        ]
        .iter()
        .any(|t| lower_type.contains(t));
        match f.default {
            Some(d) if extra.contains("default_generated") => {
                if is_current_timestamp(d) {
                    out.push_str(&format!(" DEFAULT {d}"));
                } else {
                    out.push_str(&format!(" DEFAULT ({d})"));
                }
            }
            Some(d) if lower_type.starts_with("bit") && d.starts_with("b'") => {
                out.push_str(&format!(" DEFAULT {d}"));
            }
            Some(d) => {
                out.push_str(&format!(
                    " DEFAULT '{}'",
                    d.replace('\\', "\\\\").replace('\'', "''")
                ));
            }
            None if f.nullable && !no_literal_default => out.push_str(" DEFAULT NULL"),
            None => {}
        }
    }

    if let Some(at) = extra.find("on update ") {
        let start = at + "on update ".len();
        let expr = f.extra[start..].split_whitespace().next().unwrap_or("");
        if !expr.is_empty() {
            out.push_str(&format!(" ON UPDATE {expr}"));
        }
    }
    if extra.contains("auto_increment") {
        out.push_str(" AUTO_INCREMENT");
    }
    if invisible && !mariadb {
        out.push_str(" INVISIBLE");
    }
    out
}

/// The character set a collation belongs to (`utf8mb4_unicode_ci` → `utf8mb4`).
fn charset_of(collation: &str) -> &str {
    collation.split('_').next().unwrap_or(collation)
}

fn is_current_timestamp(expr: &str) -> bool {
    let e = expr.to_ascii_lowercase();
    ["current_timestamp", "now", "localtime", "localtimestamp"]
        .iter()
        .any(|f| e == *f || e.starts_with(&format!("{f}(")))
}

pub(super) async fn probe(
    options: MySqlConnectOptions,
    info: &ConnInfo,
    opts: &LiveOptions,
    sql: &'static str,
) -> Result<Vec<Option<String>>, LiveError> {
    let connecting = MySqlConnection::connect_with(&options);
    let mut conn = info.connect_within(opts, connecting, map_error).await?;
    let work = async {
        let (mut tx, _, _) = begin(&mut conn, info, opts).await?;
        texts(sqlx::query(sql).fetch_all(&mut *tx), info, opts, map_error).await
    };
    info.guarded(opts, work).await
}

fn quote_ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// `--sample`: up to `opts.sample` non-null values of each candidate column
/// (`LIMIT`), in a read-only transaction of this read-only session under the
/// statement timeout, each folded into counts as soon as it arrives.
async fn sample(
    conn: &mut MySqlConnection,
    plan: &[SampleTable],
    info: &ConnInfo,
    opts: &LiveOptions,
) -> Result<Samples, LiveError> {
    let mut out = Samples::new();
    let (mut tx, _, _) = info.guarded(opts, begin(conn, info, opts)).await?;
    for table in plan {
        let relation = format!(
            "{}.{}",
            quote_ident(table.schema.as_deref().unwrap_or_default()),
            quote_ident(&table.name)
        );
        for column in &table.columns {
            let col = quote_ident(&column.name);
            // Identifiers quoted, the limit a number.
            let sql = format!(
                "SELECT LEFT(CAST({col} AS CHAR), {}) FROM {relation} WHERE {col} IS NOT NULL LIMIT {}",
                crate::sample::VALUE_CHARS,
                opts.sample
            );
            // The text protocol: no prepared statement per column.
            let query = sqlx::raw_sql(AssertSqlSafe(sql)).fetch_all(&mut *tx);
            let stats = sample_values(query, info, opts, table, column, FAULTS).await?;
            out.entry(table.key.clone())
                .or_default()
                .insert(column.index, stats);
        }
    }
    tx.rollback().await.map_err(|e| map_error(e, info, opts))?;
    Ok(out)
}

const FAULTS: Faults = Faults {
    map_error,
    sample: sample_fault,
};

/// A sampling query's server error, by its number (MySQL conversion errors
/// quote the offending value: the number alone is reported).
fn sample_fault(err: &sqlx::Error, info: &ConnInfo, table: &SampleTable) -> Option<SampleFault> {
    let db = err.as_database_error()?;
    let number = db
        .try_downcast_ref::<MySqlDatabaseError>()
        .map(MySqlDatabaseError::number);
    Some(match number {
        // ER_TABLEACCESS_DENIED_ERROR, ER_COLUMNACCESS_DENIED_ERROR
        Some(1142 | 1143) => SampleFault::Denied(format!(
            "GRANT SELECT ON {}.{} TO '{}'@'<host>'",
            quote_ident(table.schema.as_deref().unwrap_or_default()),
            quote_ident(&table.name),
            info.user
        )),
        Some(3024 | 1969) => SampleFault::Timeout,
        Some(1053 | 1927) => SampleFault::Lost,
        _ => SampleFault::Refused,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;

    fn facts<'a>(
        column_type: &'a str,
        nullable: bool,
        default: Option<&'a str>,
        extra: &'a str,
    ) -> ColumnFacts<'a> {
        ColumnFacts {
            column_type,
            nullable,
            default,
            extra,
            generation: None,
            charset: None,
            collation: None,
        }
    }

    #[test]
    fn mysql8_defaults_are_quoted_and_expressions_wrapped() {
        let f = facts("int", false, Some("0"), "");
        assert_eq!(
            restate_definition(&f, None, false),
            "int NOT NULL DEFAULT '0'"
        );
        let f = facts(
            "timestamp",
            false,
            Some("CURRENT_TIMESTAMP"),
            "DEFAULT_GENERATED on update CURRENT_TIMESTAMP",
        );
        assert_eq!(
            restate_definition(&f, None, false),
            "timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP"
        );
        let f = facts("double", true, Some("rand()"), "DEFAULT_GENERATED");
        assert_eq!(
            restate_definition(&f, None, false),
            "double DEFAULT (rand())"
        );
        let f = facts("text", true, None, "");
        assert_eq!(restate_definition(&f, None, false), "text");
        let f = facts("varchar(5)", true, Some("it's"), "");
        assert_eq!(
            restate_definition(&f, None, false),
            "varchar(5) DEFAULT 'it''s'"
        );
        let f = facts("int", true, None, "INVISIBLE");
        assert_eq!(
            restate_definition(&f, None, false),
            "int DEFAULT NULL INVISIBLE"
        );
    }

    #[test]
    fn column_checks_by_server_version() {
        assert_eq!(check_query("8.0.36", false), CheckQuery::None);
        assert_eq!(
            check_query("10.11.19-MariaDB-0+deb12u1", true),
            CheckQuery::Level
        );
        assert_eq!(
            check_query("5.5.5-10.5.10-MariaDB", true),
            CheckQuery::Level
        );
        assert_eq!(check_query("10.5.9-MariaDB", true), CheckQuery::NoLevel);
        assert_eq!(check_query("10.2.22-MariaDB", true), CheckQuery::NoLevel);
        assert_eq!(check_query("10.3.9-MariaDB", true), CheckQuery::None);
        assert_eq!(check_query("10.1.48-MariaDB", true), CheckQuery::None);
        assert_eq!(check_query("11.4.2-MariaDB", true), CheckQuery::Level);
    }

    #[test]
    fn column_checks_join_into_definitions() {
        let origin = Origin::Database {
            database: "x".into(),
        };
        let mut schema = Schema::new(Dialect::Mysql);
        let mut t = Table::new(Some("shop".into()), "Customers", origin.clone());
        for name in ["iban", "Email", "note", "plain"] {
            let mut c = Column::new(name, "varchar(5)", origin.clone());
            c.definition = Some("varchar(5) DEFAULT NULL".into());
            t.columns.push(c);
        }
        schema
            .tables
            .insert(schema.key(Some("shop"), "Customers"), t);
        add_column_checks(
            &mut schema,
            vec![
                (
                    "shop".into(),
                    "customers".into(),
                    "iban".into(),
                    Some("`iban` <> ''".into()),
                ),
                ("shop".into(), "Customers".into(), "email".into(), None),
                (
                    "shop".into(),
                    "Customers".into(),
                    "note".into(),
                    Some("a".into()),
                ),
                (
                    "shop".into(),
                    "Customers".into(),
                    "note".into(),
                    Some("b".into()),
                ),
                (
                    "other".into(),
                    "Customers".into(),
                    "plain".into(),
                    Some("c".into()),
                ),
            ],
        );
        let t = schema.table(Some("shop"), "Customers").unwrap();
        let defs: Vec<Option<&str>> = t.columns.iter().map(|c| c.definition.as_deref()).collect();
        assert_eq!(
            defs,
            [
                Some("varchar(5) DEFAULT NULL CHECK (`iban` <> '')"),
                None,
                None,
                Some("varchar(5) DEFAULT NULL"),
            ]
        );
    }

    #[test]
    fn charset_only_when_not_the_tables() {
        let f = ColumnFacts {
            charset: Some("utf8mb4"),
            collation: Some("utf8mb4_bin"),
            ..facts("varchar(10)", true, Some("NULL"), "")
        };
        assert_eq!(
            restate_definition(&f, Some("latin1_swedish_ci"), true),
            "varchar(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL"
        );
        assert_eq!(
            restate_definition(&f, Some("utf8mb4_bin"), true),
            "varchar(10) DEFAULT NULL"
        );
    }
}

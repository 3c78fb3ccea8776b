//! PostgreSQL: one catalog query, inside a read-only transaction.
//!
//! `pg_catalog` is readable by every role, so a role that holds nothing but
//! `CONNECT` on the database sees every table, column and comment.

use super::{
    next_row, sample_plan, sample_values, texts, ConnInfo, Faults, LiveError, LiveOptions,
    LiveSchema, SampleColumn, SampleFault, SampleTable, SchemaFilter,
};
use crate::dialect::Dialect;
use crate::model::{Column, Origin, Schema, Table, TableKey, TableKind};
use crate::sample::{ColumnSample, Samples, VALUE_CHARS};
use sqlx::postgres::{PgConnectOptions, PgConnection, PgRow, Postgres};
use sqlx::{AssertSqlSafe, Connection, Row, Transaction};
use std::collections::BTreeMap;

/// Session settings for the transaction (`SET LOCAL` by another name: the
/// third argument `true` limits them to it) and the server version, in one
/// round trip. `$1` is the timeout in milliseconds.
const SESSION_SQL: &str = "SELECT set_config('statement_timeout', $1, true), \
     set_config('lock_timeout', $1, true), \
     set_config('default_transaction_read_only', 'on', true), \
     current_setting('server_version')";

/// Every relation that holds data of its own (and plain views when `$1`),
/// with its columns in ordinal order and both kinds of comment. Partitions
/// fold into their parent; dropped columns and system columns are skipped.
/// `pg_description` is joined rather than called through `col_description()`,
/// which is twice as slow on large catalogs. No `ORDER BY`: sorting every
/// row on the server cost a third of the fetch; [`Catalog`] takes the rows in
/// any order (tables land in the model's map, columns are put in `attnum`
/// order per table). `relnatts` (columns ever added, dropped ones included)
/// sizes each table's column list at once: grown by doubling, 500,000
/// columns left 65 MB unused.
const CATALOG_SQL: &str = r#"
SELECT n.nspname::text,
       c.relname::text,
       c.relkind,
       c.relnatts,
       a.attnum,
       a.attname::text,
       pg_catalog.format_type(a.atttypid, a.atttypmod),
       td.description,
       cd.description
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_attribute a
       ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_catalog.pg_description td
       ON td.objoid = c.oid AND td.classoid = 'pg_catalog.pg_class'::regclass AND td.objsubid = 0
LEFT JOIN pg_catalog.pg_description cd
       ON cd.objoid = c.oid AND cd.classoid = 'pg_catalog.pg_class'::regclass AND cd.objsubid = a.attnum
WHERE (c.relkind IN ('r', 'p', 'm', 'f') OR ($1 AND c.relkind = 'v'))
  AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_)'
"#;

fn map_error(err: sqlx::Error, info: &ConnInfo, opts: &LiveOptions) -> LiveError {
    if let Some(db) = err.as_database_error() {
        let code = db.code().map(|c| c.into_owned()).unwrap_or_default();
        let detail = info.scrub(db.message());
        match code.as_str() {
            // invalid_password, invalid_authorization_specification (pg_hba)
            "28P01" | "28000" => return info.authentication_failed(detail),
            "3D000" => {
                let name = info.dbname.clone().unwrap_or_else(|| info.user.clone());
                return info.database_not_found(name);
            }
            "42501" => {
                return info.permission_denied(
                    detail,
                    "the role needs CONNECT on the database (GRANT CONNECT ON DATABASE … TO …); \
                     the catalog itself is readable by every role"
                        .into(),
                )
            }
            // query_canceled: the statement timeout fired
            "57014" => return info.statement_timeout(opts.statement_timeout),
            // admin_shutdown, crash_shutdown, cannot_connect_now, idle_session_timeout
            "57P01" | "57P02" | "57P03" | "57P05" => return info.connection_lost(detail),
            _ => {}
        }
    }
    info.map_transport(err)
}

/// The session pitag opens: named, and read-only from the start.
fn session(options: PgConnectOptions) -> PgConnectOptions {
    options
        .application_name("pitag")
        .options([("default_transaction_read_only", "on")])
}

/// `BEGIN READ ONLY`, then the transaction-local settings; returns the server version.
async fn begin<'c>(
    conn: &'c mut PgConnection,
    info: &ConnInfo,
    opts: &LiveOptions,
) -> Result<(Transaction<'c, Postgres>, String), LiveError> {
    let mut tx = conn
        .begin_with("BEGIN READ ONLY")
        .await
        .map_err(|e| map_error(e, info, opts))?;
    // 0 would switch the timeout off.
    let millis = opts.statement_timeout.as_millis().max(1).to_string();
    let (_, _, _, version): (String, String, String, String) = sqlx::query_as(SESSION_SQL)
        .bind(&millis)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| map_error(e, info, opts))?;
    Ok((tx, version))
}

pub(super) async fn read(
    options: PgConnectOptions,
    info: &ConnInfo,
    opts: &LiveOptions,
    filter: &SchemaFilter,
) -> Result<LiveSchema, LiveError> {
    let options = session(options);
    let connecting = PgConnection::connect_with(&options);
    let mut conn = info.connect_within(opts, connecting, map_error).await?;
    let work = async {
        let (mut tx, version) = begin(&mut conn, info, opts).await?;
        let mut catalog = Catalog::new(info.origin(), filter);
        {
            // Each row is folded into the model as it arrives: the rows are
            // never all held at once (500,000 of them took ~150 MB).
            let mut rows = sqlx::query(CATALOG_SQL)
                .bind(opts.include_views)
                .fetch(&mut *tx);
            while let Some(row) = next_row(&mut rows).await {
                let row = row.map_err(|e| map_error(e, info, opts))?;
                catalog.add(&row).map_err(|e| map_error(e, info, opts))?;
            }
        }
        tx.rollback().await.map_err(|e| map_error(e, info, opts))?;
        Ok((version, catalog))
    };
    let (version, catalog) = info.guarded(opts, work).await?;
    let mut live = build(catalog.finish(), info, filter, version)?;
    let plan = sample_plan(&live.schema, opts);
    if !plan.is_empty() {
        live.samples = sample(&mut conn, &plan, info, opts).await?;
    }
    let _ = conn.close().await;
    Ok(live)
}

fn kind_of(relkind: i8) -> TableKind {
    match relkind as u8 {
        b'p' => TableKind::Partitioned,
        b'v' => TableKind::View,
        b'm' => TableKind::MaterializedView,
        b'f' => TableKind::Foreign,
        _ => TableKind::Table,
    }
}

/// One row of [`CATALOG_SQL`], borrowed from the wire.
struct CatalogRow<'r> {
    nsp: &'r str,
    rel: &'r str,
    relkind: i8,
    relnatts: i16,
    /// `None` (and so `column`) for a table without columns.
    attnum: Option<i16>,
    column: Option<&'r str>,
    data_type: Option<&'r str>,
    table_comment: Option<&'r str>,
    column_comment: Option<&'r str>,
}

/// A table being read, with the `attnum` of each of its columns.
struct Pending {
    table: Table,
    attnums: Vec<i16>,
}

/// The catalog rows folded into tables, in whatever order the server sends
/// them. Rows of one table usually come together, so the table last seen is
/// kept aside and only looked up in the map when the table changes.
struct Catalog<'f> {
    origin: Origin,
    filter: &'f SchemaFilter,
    tables: BTreeMap<TableKey, Pending>,
    current: Option<Pending>,
    /// Whether a row's column types were checked against the Rust types.
    types_checked: bool,
}

/// Column `i` of a row, its type checked unless `checked` already.
fn get<'r, T>(row: &'r PgRow, i: usize, checked: bool) -> Result<T, sqlx::Error>
where
    T: sqlx::Decode<'r, Postgres> + sqlx::Type<Postgres>,
{
    if checked {
        row.try_get_unchecked(i)
    } else {
        row.try_get(i)
    }
}

impl<'f> Catalog<'f> {
    fn new(origin: Origin, filter: &'f SchemaFilter) -> Catalog<'f> {
        Catalog {
            origin,
            filter,
            tables: BTreeMap::new(),
            current: None,
            types_checked: false,
        }
    }

    /// Decode a row without copying what is not kept. The column types are
    /// the statement's: checked on its first row only.
    fn add(&mut self, row: &PgRow) -> Result<(), sqlx::Error> {
        let checked = std::mem::replace(&mut self.types_checked, true);
        self.fold(CatalogRow {
            nsp: get(row, 0, checked)?,
            rel: get(row, 1, checked)?,
            relkind: get(row, 2, checked)?,
            relnatts: get(row, 3, checked)?,
            attnum: get(row, 4, checked)?,
            column: get(row, 5, checked)?,
            data_type: get(row, 6, checked)?,
            table_comment: get(row, 7, checked)?,
            column_comment: get(row, 8, checked)?,
        });
        Ok(())
    }

    fn fold(&mut self, row: CatalogRow<'_>) {
        let same = self
            .current
            .as_ref()
            .is_some_and(|p| p.table.name == row.rel && p.table.schema.as_deref() == Some(row.nsp));
        if !same {
            if !self.filter.accepts(row.nsp) {
                return;
            }
            self.park();
            let key = TableKey::new(Some(row.nsp), row.rel, Dialect::Postgres);
            let pending = self.tables.remove(&key).unwrap_or_else(|| {
                let mut table = Table::new(Some(row.nsp.to_owned()), row.rel, self.origin.clone());
                table.kind = kind_of(row.relkind);
                table.columns = Vec::with_capacity(usize::try_from(row.relnatts).unwrap_or(0));
                table.set_comment(
                    row.table_comment.map(str::to_owned),
                    Some(self.origin.clone()),
                );
                Pending {
                    attnums: Vec::with_capacity(table.columns.capacity()),
                    table,
                }
            });
            self.current = Some(pending);
        }
        if let (Some(attnum), Some(name), Some(pending)) =
            (row.attnum, row.column, self.current.as_mut())
        {
            let data_type = row.data_type.unwrap_or_default();
            let mut column = Column::new(name, data_type, self.origin.clone());
            if let Some(comment) = row.column_comment {
                column.set_comment(Some(comment.to_owned()), Some(self.origin.clone()));
            }
            pending.table.columns.push(column);
            pending.attnums.push(attnum);
        }
    }

    /// Put the current table into the map.
    fn park(&mut self) {
        if let Some(pending) = self.current.take() {
            let key = TableKey::new(
                pending.table.schema.as_deref(),
                &pending.table.name,
                Dialect::Postgres,
            );
            self.tables.insert(key, pending);
        }
    }

    /// The tables by key, each with its columns in `attnum` order.
    fn finish(mut self) -> BTreeMap<TableKey, Table> {
        self.park();
        self.tables
            .into_iter()
            .map(|(key, mut pending)| {
                if !pending.attnums.is_sorted() {
                    let mut order: Vec<(i16, Column)> = pending
                        .attnums
                        .into_iter()
                        .zip(pending.table.columns)
                        .collect();
                    order.sort_by_key(|(attnum, _)| *attnum);
                    pending.table.columns = order.into_iter().map(|(_, c)| c).collect();
                }
                (key, pending.table)
            })
            .collect()
    }
}

fn build(
    tables: BTreeMap<TableKey, Table>,
    info: &ConnInfo,
    filter: &SchemaFilter,
    version: String,
) -> Result<LiveSchema, LiveError> {
    let mut schema = Schema::new(Dialect::Postgres);
    schema.tables = tables;

    if schema.tables.is_empty() {
        let name = info.dbname.clone().unwrap_or_else(|| info.user.clone());
        return Err(LiveError::NoVisibleTables {
            scope: format!("database `{name}`"),
            database: info.database.clone(),
            hint: if filter.is_filtering() {
                "the schema filters match no schema that holds tables".into()
            } else {
                "it holds no table outside the system schemas; check the database name in the URL"
                    .into()
            },
        });
    }
    Ok(LiveSchema::found(schema, info, version))
}

pub(super) async fn probe(
    options: PgConnectOptions,
    info: &ConnInfo,
    opts: &LiveOptions,
    sql: &'static str,
) -> Result<Vec<Option<String>>, LiveError> {
    let options = session(options);
    let connecting = PgConnection::connect_with(&options);
    let mut conn = info.connect_within(opts, connecting, map_error).await?;
    let work = async {
        let (mut tx, _) = begin(&mut conn, info, opts).await?;
        texts(sqlx::query(sql).fetch_all(&mut *tx), info, opts, map_error).await
    };
    info.guarded(opts, work).await
}

/// The planner's row estimate of a relation (-1 or 0 when never analysed),
/// to size the `TABLESAMPLE` percentage.
const RELTUPLES_SQL: &str = "SELECT c.reltuples::float8 FROM pg_catalog.pg_class c \
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
     WHERE n.nspname = $1 AND c.relname = $2";

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The `TABLESAMPLE SYSTEM` percentage that should yield about `n` rows
/// with room for NULLs and page granularity; `None` when the estimate is
/// unknown or the table small enough to read with a plain `LIMIT`.
fn sample_percent(reltuples: f64, n: u32) -> Option<f64> {
    if reltuples.is_nan() || reltuples < 1.0 {
        return None;
    }
    let percent = 100.0 * f64::from(n) * 4.0 / reltuples;
    (percent < 50.0).then(|| percent.max(0.0001))
}

/// `--sample`: up to `opts.sample` non-null values of each candidate column,
/// in a read-only transaction of this session under the statement timeout,
/// each folded into counts as soon as it arrives.
async fn sample(
    conn: &mut PgConnection,
    plan: &[SampleTable],
    info: &ConnInfo,
    opts: &LiveOptions,
) -> Result<Samples, LiveError> {
    let mut out = Samples::new();
    let (mut tx, _) = info.guarded(opts, begin(conn, info, opts)).await?;
    for table in plan {
        let schema_name = table.schema.clone().unwrap_or_default();
        let estimate = async {
            sqlx::query_as::<_, (f64,)>(RELTUPLES_SQL)
                .bind(&schema_name)
                .bind(&table.name)
                .fetch_optional(&mut *tx)
                .await
                .map_err(|e| map_error(e, info, opts))
        };
        let reltuples = info.guarded(opts, estimate).await?.map_or(-1.0, |r| r.0);
        let relation = format!("{}.{}", quote_ident(&schema_name), quote_ident(&table.name));
        let percent = sample_percent(reltuples, opts.sample);
        for column in &table.columns {
            let col = quote_ident(&column.name);
            let limited = format!(
                "SELECT left({col}::text, {VALUE_CHARS}) FROM {relation} WHERE {col} IS NOT NULL LIMIT {}",
                opts.sample
            );
            let mut stats = None;
            if let Some(percent) = percent {
                // Identifiers quoted, the percentage and limit are numbers.
                let sampled = format!(
                    "SELECT left({col}::text, {VALUE_CHARS}) FROM {relation} TABLESAMPLE SYSTEM ({percent:.6}) \
                     WHERE {col} IS NOT NULL LIMIT {}",
                    opts.sample
                );
                let s = read_values(&mut tx, sampled, info, opts, table, column).await?;
                // A small or unlucky sample of pages can hold no row at all.
                if s.sampled > 0 {
                    stats = Some(s);
                }
            }
            let stats = match stats {
                Some(s) => s,
                None => read_values(&mut tx, limited, info, opts, table, column).await?,
            };
            out.entry(table.key.clone())
                .or_default()
                .insert(column.index, stats);
        }
    }
    tx.rollback().await.map_err(|e| map_error(e, info, opts))?;
    Ok(out)
}

/// Run one sampling query and fold its values into counts; the rows are
/// dropped before this returns.
async fn read_values(
    tx: &mut Transaction<'_, Postgres>,
    sql: String,
    info: &ConnInfo,
    opts: &LiveOptions,
    table: &SampleTable,
    column: &SampleColumn,
) -> Result<ColumnSample, LiveError> {
    // The simple query protocol: one round trip, no prepared statement per
    // column (a thousand columns would each be parsed and cached).
    let query = sqlx::raw_sql(AssertSqlSafe(sql)).fetch_all(&mut **tx);
    sample_values(query, info, opts, table, column, FAULTS).await
}

const FAULTS: Faults = Faults {
    map_error,
    sample: sample_fault,
};

/// A sampling query's server error, by its code.
fn sample_fault(err: &sqlx::Error, info: &ConnInfo, table: &SampleTable) -> Option<SampleFault> {
    let db = err.as_database_error()?;
    Some(match db.code().as_deref() {
        // insufficient_privilege: on the table, or on its schema
        Some("42501") => {
            let user = quote_ident(&info.user);
            let schema = quote_ident(table.schema.as_deref().unwrap_or("public"));
            SampleFault::Denied(format!(
                "GRANT USAGE ON SCHEMA {schema} TO {user}; GRANT SELECT ON {schema}.{} TO {user}",
                quote_ident(&table.name)
            ))
        }
        // query_canceled (statement timeout), lock_not_available (the
        // lock timeout, set to the same value: a table locked by DDL)
        Some("57014" | "55P03") => SampleFault::Timeout,
        Some("57P01" | "57P02" | "57P03" | "57P05") => SampleFault::Lost,
        _ => SampleFault::Refused,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tablesample_only_for_large_analysed_tables() {
        // Never analysed (-1), empty, or small: plain LIMIT.
        assert_eq!(sample_percent(-1.0, 100), None);
        assert_eq!(sample_percent(0.0, 100), None);
        assert_eq!(sample_percent(f64::NAN, 100), None);
        assert_eq!(sample_percent(500.0, 100), None);
        // Four times the rows asked for, as a share of the estimate.
        let p = sample_percent(1_000_000.0, 100).unwrap();
        assert!((p - 0.04).abs() < 1e-9, "{p}");
        assert_eq!(sample_percent(1e12, 1), Some(0.0001));
        assert_eq!(quote_ident(r#"we"ird"#), r#""we""ird""#);
    }

    fn row<'r>(nsp: &'r str, rel: &'r str, attnum: i16, column: &'r str) -> CatalogRow<'r> {
        CatalogRow {
            nsp,
            rel,
            relkind: b'r' as i8,
            relnatts: 3,
            attnum: Some(attnum),
            column: Some(column),
            data_type: Some("text"),
            table_comment: Some("#PPI"),
            column_comment: None,
        }
    }

    #[test]
    fn rows_in_any_order_give_tables_with_columns_in_attnum_order() {
        let origin = Origin::Database {
            database: "postgres://x@h/db".into(),
        };
        let filter = SchemaFilter::new(&LiveOptions::default(), Dialect::Postgres).unwrap();
        let mut catalog = Catalog::new(origin, &filter);
        // Interleaved tables, columns out of order, one table without columns.
        for r in [
            row("b", "t", 2, "b2"),
            row("a", "t", 3, "a3"),
            row("b", "t", 1, "b1"),
            row("a", "t", 1, "a1"),
            row("a", "t", 2, "a2"),
        ] {
            catalog.fold(r);
        }
        catalog.fold(CatalogRow {
            attnum: None,
            column: None,
            data_type: None,
            ..row("a", "empty", 0, "")
        });
        let tables = catalog.finish();
        let names: Vec<(String, Vec<&str>)> = tables
            .values()
            .map(|t| {
                let columns = t.columns.iter().map(|c| c.name.as_str()).collect();
                (t.qualified_name(), columns)
            })
            .collect();
        assert_eq!(
            names,
            [
                ("a.empty".to_string(), vec![]),
                ("a.t".to_string(), vec!["a1", "a2", "a3"]),
                ("b.t".to_string(), vec!["b1", "b2"]),
            ]
        );
        assert_eq!(
            tables.values().next().unwrap().comment.as_deref(),
            Some("#PPI")
        );
    }
}

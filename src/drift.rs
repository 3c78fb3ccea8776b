//! `pitag drift`: compare the tags of the replayed migrations with the tags
//! of a live database.
//!
//! [`compare`] is a pure function of the two [`Schema`]s (the replayed
//! migrations and a live catalog) and the matching options. It matches
//! tables and columns by name under the dialect's rules and reports:
//!
//! - `drift` (error) for every matched table or column whose valid tags
//!   differ, with both comments in the message, located at the migration
//!   statement that set the comment (or created the object);
//! - `schema-drift` (warning) for a table or column that exists on one side
//!   only: its tags cannot be compared. A table that only the migrations
//!   create is located at its `CREATE`; a column that only the database holds
//!   at its table's `CREATE`; a table that only the database holds carries
//!   the database as its location. Tables migration tools keep for
//!   themselves are left out when only the database has them.
//!
//! Matching:
//! - PostgreSQL names compare exactly (replay already folded unquoted names
//!   to lower case, and the catalog stores them folded). A migration table in
//!   `public` (where replay puts unqualified tables, unless the migrations
//!   set a `search_path`) is looked up through `--search-path` first (default
//!   `public`), as the server resolved it when the migrations ran.
//! - MySQL/MariaDB: table and column names compare case-insensitively
//!   (columns always are; tables are on Windows/macOS and with
//!   `lower_case_table_names=1`, and pitag's model cannot hold two tables that
//!   differ only in case anyway). A migration table without a database (no
//!   `USE`, no qualifier) belongs to the URL's database.
//! - Plain views are compared only with `include_views`; partitions are
//!   folded into their parent on both sides; system schemas are never read.

use crate::config::AllowEntry;
use crate::dialect::Dialect;
use crate::finding::Finding;
use crate::model::{InlineIgnore, Origin, Schema, Table, TableKey, TableKind};
use crate::report::AuditedTable;
use crate::rules::pass::{self, Pairing};
use crate::rules::Rule;
use crate::source::live::SchemaFilter;
use std::collections::BTreeSet;
use thiserror::Error;

/// How the two sides are matched.
#[derive(Debug, Clone, Default)]
pub struct DriftOptions {
    /// PostgreSQL: the schemas an unqualified migration table is looked up in,
    /// in order (empty: `public`).
    pub search_path: Vec<String>,
    /// MySQL: the database a migration table without one belongs to (the
    /// URL's database).
    pub default_database: Option<String>,
    /// Schema/database globs to compare (empty: all); applied to both sides.
    pub schemas: Vec<String>,
    /// Schema/database globs to leave out, on both sides.
    pub exclude_schemas: Vec<String>,
    /// Compare plain views too.
    pub include_views: bool,
    /// The migration PATHs as given: messages show a file relative to the
    /// one it lies under, as the table output does (`v1/V1__x.sql:3`).
    pub roots: Vec<String>,
}

/// What [`compare`] found, and which tables it looked at.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// `drift` and `schema-drift` findings, in the contract's order.
    pub findings: Vec<Finding>,
    /// Every compared table (matched, or on one side only), by the name the
    /// findings use.
    pub tables: Vec<AuditedTable>,
}

/// Names of tables that migration tools create for their own bookkeeping.
const HISTORY_TABLES: &[&str] = &[
    "schema_migrations",          // golang-migrate, dbmate, Rails, Ecto
    "schema_migration",           // ory/popx, gobuffalo/pop
    "schema_version",             // Flyway before 5
    "flyway_schema_history",      // Flyway
    "goose_db_version",           // goose
    "_sqlx_migrations",           // sqlx
    "__diesel_schema_migrations", // Diesel
    "_prisma_migrations",         // Prisma
    "databasechangelog",          // Liquibase
    "databasechangeloglock",      // Liquibase
    "ar_internal_metadata",       // Rails
    "django_migrations",          // Django
    "alembic_version",            // Alembic
    "knex_migrations",            // Knex
    "knex_migrations_lock",       // Knex
    "gorp_migrations",            // sql-migrate
];

/// Whether a table is a migration tool's history table (left out when only
/// the database holds it).
pub fn is_history_table(name: &str) -> bool {
    HISTORY_TABLES.iter().any(|h| h.eq_ignore_ascii_case(name))
}

/// Which schemas are compared: the catalog reader's filter, on both sides.
struct Scope(Option<SchemaFilter>);

impl Scope {
    fn new(opts: &DriftOptions, dialect: Dialect) -> Scope {
        // A bad pattern was already refused when the catalog was read with
        // the same patterns; should one reach here, nothing is in scope.
        Scope(SchemaFilter::from_globs(&opts.schemas, &opts.exclude_schemas, dialect).ok())
    }

    fn accepts(&self, schema: Option<&str>) -> bool {
        let Some(s) = schema else { return true };
        self.0.as_ref().is_some_and(|f| f.accepts(s))
    }
}

fn compared_kind(kind: TableKind, opts: &DriftOptions) -> bool {
    kind != TableKind::View || opts.include_views
}

/// The schemas a migration table may live in on the server, most likely first.
fn candidates(table: &Table, dialect: Dialect, opts: &DriftOptions) -> Vec<Option<String>> {
    match dialect {
        Dialect::Postgres => match table.schema.as_deref() {
            Some("public") | None => {
                let mut c: Vec<Option<String>> = opts
                    .search_path
                    .iter()
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .map(|s| Some(s.to_string()))
                    .collect();
                let public = Some("public".to_string());
                if !c.contains(&public) {
                    c.push(public);
                }
                c
            }
            Some(s) => vec![Some(s.to_string())],
        },
        Dialect::Mysql => match &table.schema {
            Some(s) => vec![Some(s.clone())],
            None => vec![opts.default_database.clone()],
        },
    }
}

/// Compare the replayed migrations with a live catalog.
pub fn compare(migrations: &Schema, live: &Schema, opts: &DriftOptions) -> Comparison {
    let dialect = live.dialect;
    let scope = Scope::new(opts, dialect);
    let roots = &opts.roots;
    let mut findings = Vec::new();
    let mut tables = Vec::new();

    let live_keys: BTreeSet<&TableKey> = live
        .tables
        .iter()
        .filter(|(_, t)| compared_kind(t.kind, opts) && scope.accepts(t.schema.as_deref()))
        .map(|(k, _)| k)
        .collect();
    let mut matched: BTreeSet<TableKey> = BTreeSet::new();

    for m in migrations.tables.values() {
        if !compared_kind(m.kind, opts) {
            continue;
        }
        let cands = candidates(m, dialect, opts);
        let found = cands.iter().find_map(|c| {
            let key = TableKey::new(c.as_deref(), &m.name, dialect);
            (live_keys.contains(&key) && !matched.contains(&key)).then_some(key)
        });
        match found {
            Some(key) => {
                let l = &live.tables[&key];
                match_columns(m, l, dialect, roots, &mut findings);
                tables.push(AuditedTable {
                    schema: l.schema.clone(),
                    name: l.name.clone(),
                    columns: l.columns.len(),
                    signature: None,
                });
                matched.insert(key);
            }
            None => {
                let schema = cands.into_iter().next().flatten();
                if !scope.accepts(schema.as_deref()) {
                    continue;
                }
                let pair = Pairing::MigrationsOnlyTable {
                    table: m,
                    schema: schema.as_deref(),
                };
                pass::check_drift(&pair, roots, &mut findings);
                tables.push(AuditedTable {
                    schema,
                    name: m.name.clone(),
                    columns: m.columns.len(),
                    signature: None,
                });
            }
        }
    }

    for key in live_keys {
        if matched.contains(key) {
            continue;
        }
        let l = &live.tables[key];
        if is_history_table(&l.name) {
            continue;
        }
        pass::check_drift(
            &Pairing::DatabaseOnlyTable { table: l },
            roots,
            &mut findings,
        );
        tables.push(AuditedTable {
            schema: l.schema.clone(),
            name: l.name.clone(),
            columns: l.columns.len(),
            signature: None,
        });
    }

    Finding::sort(&mut findings);
    tables.sort();
    Comparison { findings, tables }
}

/// Match one table pair's columns by name and hand every pairing, the
/// tables' own first, to the drift rules.
fn match_columns(m: &Table, l: &Table, dialect: Dialect, roots: &[String], out: &mut Vec<Finding>) {
    pass::check_drift(
        &Pairing::Table {
            migrations: m,
            live: l,
        },
        roots,
        out,
    );
    let mut seen = vec![false; l.columns.len()];
    for mc in &m.columns {
        let pair = match l.column_index(&mc.name, dialect) {
            Some(i) if !seen[i] => {
                seen[i] = true;
                Pairing::Column {
                    migrations: mc,
                    live: &l.columns[i],
                    table: l,
                }
            }
            _ => Pairing::MigrationsOnlyColumn {
                column: mc,
                live: l,
            },
        };
        pass::check_drift(&pair, roots, out);
    }
    for (lc, seen) in l.columns.iter().zip(seen) {
        if !seen {
            let pair = Pairing::DatabaseOnlyColumn {
                column: lc,
                live: l,
                migrations: m,
            };
            pass::check_drift(&pair, roots, out);
        }
    }
}

/// The two sides cannot be matched.
#[derive(Debug, Error)]
pub enum DriftError {
    #[error(
        "the URL names no database and the server shows {count} ({databases}); name the one the \
         migrations ran in (mysql://user@host/DATABASE)"
    )]
    NoDefaultDatabase { count: usize, databases: String },
}

/// MySQL: the database a migration table without one belongs to: the URL's
/// database, else the only database the live catalog holds.
pub fn default_database(url: &str, live: &Schema) -> Result<Option<String>, DriftError> {
    if live.dialect != Dialect::Mysql {
        return Ok(None);
    }
    if let Ok(parsed) = url::Url::parse(url.trim()) {
        let path = parsed.path().trim_start_matches('/');
        if !path.is_empty() {
            let decoded =
                crate::source::live::percent_decode(path).unwrap_or_else(|_| path.to_string());
            return Ok(Some(decoded));
        }
    }
    let databases: BTreeSet<&str> = live
        .tables
        .values()
        .filter_map(|t| t.schema.as_deref())
        .collect();
    match databases.len() {
        1 => Ok(databases.into_iter().next().map(str::to_string)),
        n => Err(DriftError::NoDefaultDatabase {
            count: n,
            databases: databases.into_iter().collect::<Vec<_>>().join(", "),
        }),
    }
}

/// The rules `drift` reports (besides suppression findings).
pub const RULES: [Rule; 3] = [Rule::Drift, Rule::SchemaDrift, Rule::UnparsedStatement];

/// The suppressions that concern `drift`: inline ignores naming one of its
/// [`RULES`], and `[[allow]]` entries naming one of them or no rule. Ignores
/// and entries meant for the other commands are neither honoured nor
/// reported as unused here. Returns the ignores, the entries, and the config
/// lines of the entries without a rule (whose unused findings belong to the
/// other commands: see [`drop_foreign_unused`]).
pub fn scoped_suppressions(
    ignores: &[InlineIgnore],
    allow: &[AllowEntry],
) -> (Vec<InlineIgnore>, Vec<AllowEntry>, Vec<usize>) {
    let names = |r: &str| Rule::lookup(r).is_some_and(|r| RULES.contains(&r));
    let ignores = ignores
        .iter()
        .filter(|ig| ig.rules.iter().any(|r| names(r)))
        .cloned()
        .collect();
    let mut any_rule = Vec::new();
    let allow = allow
        .iter()
        .filter(|a| match a.allow.rule.as_deref() {
            None => {
                any_rule.push(a.line);
                true
            }
            Some(r) => names(r),
        })
        .cloned()
        .collect();
    (ignores, allow, any_rule)
}

/// Drop `unused-suppression` findings about `[[allow]]` entries without a
/// rule: they are for every command, and `drift` alone cannot say they are unused.
pub fn drop_foreign_unused(findings: &mut Vec<Finding>, config_file: &str, lines: &[usize]) {
    findings.retain(|f| {
        !(f.rule == Rule::UnusedSuppression
            && matches!(&f.location, Some(Origin::File { file, line })
                if file == config_file && lines.contains(&(*line as usize))))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Column;
    use crate::tags::Tag;

    /// The findings of [`compare`].
    fn findings(m: &Schema, l: &Schema, opts: &DriftOptions) -> Vec<Finding> {
        compare(m, l, opts).findings
    }

    fn db() -> Origin {
        Origin::Database {
            database: "postgres://u@h/app".into(),
        }
    }

    fn table(
        schema: Option<&str>,
        name: &str,
        comment: Option<&str>,
        cols: &[(&str, Option<&str>)],
        origin: Origin,
    ) -> Table {
        let mut t = Table::new(schema.map(str::to_string), name, origin.clone());
        t.set_comment(comment.map(str::to_string), Some(origin.clone()));
        for (i, (c, comment)) in cols.iter().enumerate() {
            let o = match &origin {
                Origin::File { file, line } => Origin::file(file.clone(), line + 1 + i as u32),
                d => d.clone(),
            };
            let mut col = Column::new(*c, "text", o.clone());
            col.set_comment(comment.map(str::to_string), Some(o));
            t.columns.push(col);
        }
        t
    }

    fn schema(dialect: Dialect, tables: Vec<Table>) -> Schema {
        let mut s = Schema::new(dialect);
        for t in tables {
            let k = s.key(t.schema.as_deref(), &t.name);
            s.tables.insert(k, t);
        }
        s
    }

    fn keys(f: &[Finding]) -> Vec<(String, Option<String>, String, Option<String>)> {
        f.iter()
            .map(|f| {
                (
                    f.rule.name().to_string(),
                    f.schema.clone(),
                    f.table.clone(),
                    f.column.clone(),
                )
            })
            .collect()
    }

    fn k(
        rule: &str,
        schema: Option<&str>,
        table: &str,
        column: Option<&str>,
    ) -> (String, Option<String>, String, Option<String>) {
        (
            rule.into(),
            schema.map(str::to_string),
            table.into(),
            column.map(str::to_string),
        )
    }

    fn users(schema: Option<&str>, origin: Origin) -> Table {
        table(
            schema,
            "users",
            Some("Accounts #PPI"),
            &[("id", None), ("email", Some("Login e-mail #PPI"))],
            origin,
        )
    }

    #[test]
    fn identical_sides_have_no_findings() {
        let m = schema(
            Dialect::Postgres,
            vec![users(Some("public"), Origin::file("m/1.sql", 1))],
        );
        let l = schema(Dialect::Postgres, vec![users(Some("public"), db())]);
        let c = compare(&m, &l, &DriftOptions::default());
        assert!(c.findings.is_empty(), "{:?}", c.findings);
        assert_eq!(c.tables.len(), 1);
        assert_eq!(c.tables[0].columns, 2);
    }

    #[test]
    fn tag_differences_show_both_comments_at_the_migration() {
        let m = schema(
            Dialect::Postgres,
            vec![users(Some("public"), Origin::file("m/1.sql", 1))],
        );
        let mut lt = users(Some("public"), db());
        lt.columns[1].set_comment(Some("Login e-mail".into()), Some(db()));
        lt.columns[0].set_comment(Some("Key #GEO".into()), Some(db()));
        lt.set_comment(Some("Accounts #GEO".into()), Some(db()));
        let l = schema(Dialect::Postgres, vec![lt]);
        let f = findings(&m, &l, &DriftOptions::default());
        assert_eq!(
            keys(&f),
            vec![
                k("drift", Some("public"), "users", None),
                k("drift", Some("public"), "users", Some("email")),
                k("drift", Some("public"), "users", Some("id")),
            ]
        );
        let email = &f[1];
        assert_eq!(email.severity, crate::finding::Severity::Error);
        assert_eq!(
            email.message,
            "#PPI in the migrations but not in the database — migrations: 'Login e-mail #PPI' \
             (1.sql:3); database: 'Login e-mail'"
        );
        assert_eq!(email.location, Some(Origin::file("m/1.sql", 3)));
        assert_eq!(email.expected_tags, vec![Tag::Ppi]);
        // No comment in the migrations: located where the column was created.
        assert_eq!(
            f[2].message,
            "#GEO in the database but not in the migrations — migrations: no comment (1.sql:2); \
             database: 'Key #GEO'"
        );
        assert_eq!(f[2].location, Some(Origin::file("m/1.sql", 2)));
        // Relative to the audited PATH, as in the table output.
        let nested = schema(
            Dialect::Postgres,
            vec![users(Some("public"), Origin::file("db/v1/V1__x.sql", 1))],
        );
        let opts = DriftOptions {
            roots: vec!["db/".into()],
            ..DriftOptions::default()
        };
        assert!(
            findings(&nested, &l, &opts)[1]
                .message
                .contains("(v1/V1__x.sql:3)"),
            "{:?}",
            findings(&nested, &l, &opts)
        );
        assert_eq!(
            f[0].message,
            "#PPI only in the migrations, #GEO only in the database — migrations: 'Accounts #PPI' \
             (1.sql:1); database: 'Accounts #GEO'"
        );
        assert_eq!(f[0].expected_tags, vec![Tag::Ppi, Tag::Geo]);
    }

    #[test]
    fn comment_text_without_tag_change_is_no_drift() {
        let m = schema(
            Dialect::Postgres,
            vec![users(Some("public"), Origin::file("1.sql", 1))],
        );
        let mut lt = users(Some("public"), db());
        lt.columns[1].set_comment(Some("E-mail used to log in #PPI".into()), Some(db()));
        let l = schema(Dialect::Postgres, vec![lt]);
        assert!(findings(&m, &l, &DriftOptions::default()).is_empty());
    }

    #[test]
    fn one_side_only_is_schema_drift() {
        let mut mt = users(Some("public"), Origin::file("1.sql", 1));
        let mut phone = Column::new("phone", "text", Origin::file("3.sql", 7));
        phone.set_comment(Some("Mobile #PPI".into()), Some(Origin::file("3.sql", 7)));
        mt.columns.push(phone);
        let orders = table(
            Some("public"),
            "orders",
            Some("#PPI"),
            &[("ship_to", None)],
            Origin::file("2.sql", 4),
        );
        let m = schema(Dialect::Postgres, vec![mt, orders]);
        let mut lt = users(Some("public"), db());
        let mut nick = Column::new("nickname", "text", db());
        nick.set_comment(Some("Nick #PPI".into()), Some(db()));
        lt.columns.push(nick);
        let export = table(Some("public"), "export_tmp", None, &[("email", None)], db());
        let history = table(
            Some("public"),
            "schema_migrations",
            None,
            &[("version", None)],
            db(),
        );
        let l = schema(Dialect::Postgres, vec![lt, export, history]);
        let c = compare(&m, &l, &DriftOptions::default());
        assert_eq!(
            keys(&c.findings),
            vec![
                k("schema-drift", Some("public"), "export_tmp", None),
                k("schema-drift", Some("public"), "orders", None),
                k("schema-drift", Some("public"), "users", Some("nickname")),
                k("schema-drift", Some("public"), "users", Some("phone")),
            ]
        );
        let f = &c.findings;
        assert!(f
            .iter()
            .all(|f| f.severity == crate::finding::Severity::Warning));
        assert_eq!(f[0].location, Some(db()));
        assert!(
            f[0].message.contains("no migration creates it"),
            "{}",
            f[0].message
        );
        assert_eq!(f[1].location, Some(Origin::file("2.sql", 4)));
        assert!(
            f[1].message.contains("not in the database"),
            "{}",
            f[1].message
        );
        assert!(f[1].message.contains("schema drift, not tag drift"));
        // A database-only column points at its table's CREATE in the migrations.
        assert_eq!(f[2].location, Some(Origin::file("1.sql", 1)));
        assert!(
            f[2].message.contains("it carries #PPI there"),
            "{}",
            f[2].message
        );
        assert_eq!(f[3].location, Some(Origin::file("3.sql", 7)));
        // The history table is left out, but not a migration-created one of that name.
        assert_eq!(c.tables.len(), 3);
    }

    #[test]
    fn postgres_names_compare_exactly() {
        let m = schema(
            Dialect::Postgres,
            vec![table(
                Some("public"),
                "Users",
                None,
                &[("Email", None)],
                Origin::file("1.sql", 1),
            )],
        );
        let l = schema(
            Dialect::Postgres,
            vec![table(
                Some("public"),
                "users",
                None,
                &[("email", None)],
                db(),
            )],
        );
        let f = findings(&m, &l, &DriftOptions::default());
        assert_eq!(
            keys(&f),
            vec![
                k("schema-drift", Some("public"), "Users", None),
                k("schema-drift", Some("public"), "users", None),
            ]
        );
    }

    #[test]
    fn search_path_resolves_unqualified_postgres_tables() {
        let m = schema(
            Dialect::Postgres,
            vec![
                users(Some("public"), Origin::file("1.sql", 1)),
                table(
                    Some("billing"),
                    "cards",
                    Some("#PPI"),
                    &[],
                    Origin::file("1.sql", 9),
                ),
            ],
        );
        let l = schema(
            Dialect::Postgres,
            vec![
                users(Some("app"), db()),
                table(Some("billing"), "cards", Some("#PPI"), &[], db()),
            ],
        );
        // Default search_path: public only.
        assert_eq!(
            keys(&findings(&m, &l, &DriftOptions::default())),
            vec![
                k("schema-drift", Some("app"), "users", None),
                k("schema-drift", Some("public"), "users", None),
            ]
        );
        let opts = DriftOptions {
            search_path: vec!["app".into(), "public".into()],
            ..DriftOptions::default()
        };
        let c = compare(&m, &l, &opts);
        assert!(c.findings.is_empty(), "{:?}", c.findings);
        assert_eq!(c.tables[0].schema.as_deref(), Some("app"));
        // Unmatched: reported under the first schema of the search_path.
        let empty = schema(
            Dialect::Postgres,
            vec![table(Some("billing"), "cards", Some("#PPI"), &[], db())],
        );
        assert_eq!(
            keys(&findings(&m, &empty, &opts)),
            vec![k("schema-drift", Some("app"), "users", None)]
        );
    }

    #[test]
    fn mysql_none_schema_is_the_url_database_and_names_fold() {
        let m = schema(
            Dialect::Mysql,
            vec![table(
                None,
                "Customers",
                Some("Shop customers #PPI"),
                &[("EMAIL", Some("Mail #PPI"))],
                Origin::file("1.sql", 1),
            )],
        );
        let l = schema(
            Dialect::Mysql,
            vec![table(
                Some("shop"),
                "customers",
                Some("Shop customers #PPI"),
                &[("email", Some("Mail"))],
                db(),
            )],
        );
        let opts = DriftOptions {
            default_database: Some("Shop".into()),
            ..DriftOptions::default()
        };
        // Reported with the database's names.
        assert_eq!(
            keys(&findings(&m, &l, &opts)),
            vec![k("drift", Some("shop"), "customers", Some("email"))]
        );
        // Without a default database nothing matches.
        assert_eq!(
            keys(&findings(&m, &l, &DriftOptions::default())),
            vec![
                k("schema-drift", None, "Customers", None),
                k("schema-drift", Some("shop"), "customers", None),
            ]
        );
        // A qualified migration table matches its own database, case-insensitively.
        let mq = schema(
            Dialect::Mysql,
            vec![table(
                Some("SHOP"),
                "customers",
                Some("Shop customers #PPI"),
                &[("email", Some("Mail"))],
                Origin::file("1.sql", 1),
            )],
        );
        assert!(findings(&mq, &l, &DriftOptions::default()).is_empty());
    }

    #[test]
    fn views_and_scope() {
        let mut mv = table(
            Some("public"),
            "v_users",
            None,
            &[("email", Some("#PPI"))],
            Origin::file("1.sql", 5),
        );
        mv.kind = TableKind::View;
        let m = schema(
            Dialect::Postgres,
            vec![
                mv,
                table(Some("audit"), "log", None, &[], Origin::file("1.sql", 8)),
            ],
        );
        let mut lv = table(Some("public"), "v_users", None, &[("email", None)], db());
        lv.kind = TableKind::View;
        let l = schema(Dialect::Postgres, vec![lv.clone()]);
        // Views are skipped; the audit schema is out of scope.
        let opts = DriftOptions {
            exclude_schemas: vec!["aud*".into()],
            ..DriftOptions::default()
        };
        assert!(findings(&m, &l, &opts).is_empty());
        let opts = DriftOptions {
            include_views: true,
            schemas: vec!["public".into()],
            ..DriftOptions::default()
        };
        assert_eq!(
            keys(&findings(&m, &l, &opts)),
            vec![k("drift", Some("public"), "v_users", Some("email"))]
        );
    }

    #[test]
    fn urls() {
        let live = schema(
            Dialect::Mysql,
            vec![
                table(Some("a"), "t", None, &[], db()),
                table(Some("b"), "t", None, &[], db()),
            ],
        );
        assert_eq!(
            default_database("mysql://u:p@h:3306/sh%6Fp", &live).unwrap(),
            Some("shop".into())
        );
        let err = default_database("mysql://u@h", &live)
            .unwrap_err()
            .to_string();
        assert!(err.contains("a, b"), "{err}");
        assert_eq!(
            err,
            "the URL names no database and the server shows 2 (a, b); name the one the \
             migrations ran in (mysql://user@host/DATABASE)"
        );
        let one = schema(Dialect::Mysql, vec![table(Some("a"), "t", None, &[], db())]);
        assert_eq!(
            default_database("mysql://u@h/", &one).unwrap(),
            Some("a".into())
        );
    }

    #[test]
    fn drift_reports_its_pass_and_unparsed_statements() {
        let mut rules = pass::rules_of(crate::rules::Pass::Drift);
        rules.push(Rule::UnparsedStatement);
        assert_eq!(RULES.to_vec(), rules);
    }

    #[test]
    fn suppressions_are_scoped_to_drift() {
        use crate::config::Allow;
        let ig = |rules: &[&str], line: u32| InlineIgnore {
            origin: Origin::file("1.sql", line),
            target: Origin::file("1.sql", line + 1),
            rules: rules.iter().map(|r| r.to_string()).collect(),
            reason: Some("r".into()),
        };
        let allow = |rule: Option<&str>, line: usize| AllowEntry {
            allow: Allow {
                table: "t".into(),
                schema: None,
                column: None,
                rule: rule.map(str::to_string),
                reason: Some("r".into()),
            },
            line,
        };
        let (ignores, allows, any) = scoped_suppressions(
            &[
                ig(&["missing-column-tag"], 1),
                ig(&["PT009", "lost-tag"], 5),
                ig(&["schema-drift"], 9),
            ],
            &[
                allow(Some("lost-tag"), 3),
                allow(Some("drift"), 7),
                allow(None, 11),
            ],
        );
        assert_eq!(ignores.len(), 2);
        assert_eq!(
            allows.iter().map(|a| a.line).collect::<Vec<_>>(),
            vec![7, 11]
        );
        assert_eq!(any, vec![11]);
        use crate::rules::unused_suppression::{self, Unused};
        let (unused_11, unused_7) = (allow(None, 11), allow(Some("x"), 7));
        let mut f = Vec::new();
        unused_suppression::check(
            &[
                Unused::Allow {
                    entry: &unused_11,
                    config_file: "pitag.toml",
                },
                Unused::Allow {
                    entry: &unused_7,
                    config_file: "pitag.toml",
                },
            ],
            &mut f,
        );
        drop_foreign_unused(&mut f, "pitag.toml", &any);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].location, Some(Origin::file("pitag.toml", 7)));
    }
}

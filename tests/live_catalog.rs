//! The live-database source against real PostgreSQL and MariaDB servers
//! (started by `tests/servers`; a missing server binary fails the tests).

mod servers;

use pitag::dialect::Dialect;
use pitag::model::{Origin, TableKind};
use pitag::source::live::{
    probe_session, read_catalog, read_catalog_blocking, read_fleet, redact_url, LiveError,
    LiveOptions, LiveSchema,
};
use servers::{free_port, MariaDbServer, PgServer};
use std::time::{Duration, Instant};

fn opts() -> LiveOptions {
    LiveOptions {
        connect_timeout: Duration::from_secs(10),
        statement_timeout: Duration::from_secs(20),
        ..LiveOptions::default()
    }
}

fn table<'a>(live: &'a LiveSchema, schema: &str, name: &str) -> &'a pitag::model::Table {
    live.schema
        .table(Some(schema), name)
        .unwrap_or_else(|| panic!("{schema}.{name} missing; have {:?}", names(live)))
}

fn names(live: &LiveSchema) -> Vec<String> {
    live.schema
        .tables
        .values()
        .map(|t| t.qualified_name())
        .collect()
}

fn column<'a>(t: &'a pitag::model::Table, name: &str) -> &'a pitag::model::Column {
    t.columns
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("{}.{name} missing", t.qualified_name()))
}

/// The error's Display and Debug must not contain the password.
fn assert_no_secret(err: &LiveError, secret: &str) {
    let shown = format!("{err} / {err:?}");
    assert!(!shown.contains(secret), "password leaked: {shown}");
}

// ---------------------------------------------------------------- PostgreSQL

const PG_FIXTURE: &str = r#"
CREATE SCHEMA app;
CREATE TABLE app.users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    gone int,
    email varchar(320) NOT NULL,
    full_name text,
    balance numeric(10,2),
    seen_at timestamp with time zone,
    tags integer[]
);
ALTER TABLE app.users DROP COLUMN gone;
COMMENT ON TABLE app.users IS 'Customers #PPI';
COMMENT ON COLUMN app.users.email IS 'Login e-mail #PPI';
COMMENT ON COLUMN app.users.full_name IS '#PPI';
COMMENT ON COLUMN app.users.balance IS '';
CREATE TABLE app.notes (id int, body text);
CREATE TABLE app.events (id int, at timestamptz NOT NULL, position point) PARTITION BY RANGE (at);
COMMENT ON TABLE app.events IS 'Event log #GEO';
COMMENT ON COLUMN app.events.position IS 'Where #GEO';
CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE app.events_2025 PARTITION OF app.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE MATERIALIZED VIEW app.user_emails AS SELECT id, email FROM app.users;
COMMENT ON MATERIALIZED VIEW app.user_emails IS 'Copy of e-mails #PPI';
CREATE VIEW app.user_names AS SELECT id, full_name FROM app.users;
CREATE TABLE public.plain (x int);
CREATE TEMP TABLE scratch (y int);
"#;

#[tokio::test]
async fn pg_reads_tables_columns_comments_and_kinds() {
    let pg = PgServer::shared();
    let db = pg.create_db("kinds").await;
    pg.exec(&db, PG_FIXTURE).await;
    let url = pg.admin_url(&db);
    let live = read_catalog(&url, &opts()).await.expect("catalog");

    assert_eq!(live.schema.dialect, Dialect::Postgres);
    assert!(!live.server_version.is_empty());
    assert_eq!(live.database, redact_url(&url));
    assert!(!live.database.contains(servers::PG_SUPERUSER_PASSWORD));
    assert_eq!(
        names(&live),
        [
            "app.events",
            "app.notes",
            "app.user_emails",
            "app.users",
            "public.plain"
        ],
        "partitions, views and other sessions' temp tables stay out"
    );
    assert_eq!(live.tables_visible, 5);

    let users = table(&live, "app", "users");
    assert_eq!(users.kind, TableKind::Table);
    assert_eq!(users.comment.as_deref(), Some("Customers #PPI"));
    assert!(users.tags().ppi);
    let expected = Origin::Database {
        database: live.database.clone(),
    };
    assert_eq!(users.origin, expected);
    assert_eq!(users.comment_origin.as_ref(), Some(&expected));
    let cols: Vec<(&str, &str)> = users
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.data_type.as_str()))
        .collect();
    assert_eq!(
        cols,
        [
            ("id", "bigint"),
            ("email", "character varying(320)"),
            ("full_name", "text"),
            ("balance", "numeric(10,2)"),
            ("seen_at", "timestamp with time zone"),
            ("tags", "integer[]"),
        ],
        "ordinal order, dropped column gone, format_type spelling"
    );
    assert_eq!(
        column(users, "email").comment.as_deref(),
        Some("Login e-mail #PPI")
    );
    assert!(column(users, "email").tags().ppi);
    assert!(column(users, "full_name").tags().ppi);
    assert_eq!(column(users, "balance").comment, None, "'' is no comment");
    assert_eq!(column(users, "id").comment, None);
    assert!(column(users, "id").comment_origin.is_none());
    assert!(users.history.is_empty() && users.columns.iter().all(|c| c.history.is_empty()));

    let events = table(&live, "app", "events");
    assert_eq!(events.kind, TableKind::Partitioned);
    assert!(events.tags().geo && column(events, "position").tags().geo);
    assert_eq!(events.columns.len(), 3);

    let mv = table(&live, "app", "user_emails");
    assert_eq!(mv.kind, TableKind::MaterializedView);
    assert_eq!(mv.comment.as_deref(), Some("Copy of e-mails #PPI"));
    assert_eq!(table(&live, "app", "notes").comment, None);

    let with_views = LiveOptions {
        include_views: true,
        ..opts()
    };
    let live = read_catalog(&url, &with_views).await.unwrap();
    let view = table(&live, "app", "user_names");
    assert_eq!(view.kind, TableKind::View);
    assert_eq!(view.columns.len(), 2);
    assert_eq!(live.tables_visible, 6);
    assert_eq!(live.schema.audited_tables().count(), 5);
}

#[tokio::test]
async fn pg_foreign_tables_are_read() {
    let pg = PgServer::shared();
    let db = pg.create_db("fdw").await;
    pg.exec(
        &db,
        "CREATE EXTENSION postgres_fdw;
         CREATE SERVER elsewhere FOREIGN DATA WRAPPER postgres_fdw OPTIONS (dbname 'nowhere');
         CREATE FOREIGN TABLE remote_people (name text) SERVER elsewhere;
         COMMENT ON FOREIGN TABLE remote_people IS 'People #PPI';
         COMMENT ON COLUMN remote_people.name IS 'Name #PPI';",
    )
    .await;
    let live = read_catalog(&pg.admin_url(&db), &opts()).await.unwrap();
    let t = table(&live, "public", "remote_people");
    assert_eq!(t.kind, TableKind::Foreign);
    assert!(t.tags().ppi && t.columns[0].tags().ppi);
}

#[tokio::test]
async fn pg_schema_filters_are_globs() {
    let pg = PgServer::shared();
    let db = pg.create_db("filters").await;
    pg.exec(
        &db,
        "CREATE SCHEMA app_core; CREATE SCHEMA app_tmp1; CREATE SCHEMA billing;
         CREATE TABLE app_core.a (x int); CREATE TABLE app_tmp1.b (x int);
         CREATE TABLE billing.c (x int); CREATE TABLE public.d (x int);",
    )
    .await;
    let url = pg.admin_url(&db);
    let filtered = LiveOptions {
        schemas: vec!["app_*".into(), "public".into()],
        exclude_schemas: vec!["app_tmp*".into()],
        ..opts()
    };
    let live = read_catalog(&url, &filtered).await.unwrap();
    assert_eq!(names(&live), ["app_core.a", "public.d"]);
    assert_eq!(live.tables_visible, 2);

    let nothing = LiveOptions {
        schemas: vec!["nomatch*".into()],
        ..opts()
    };
    let err = read_catalog(&url, &nothing).await.unwrap_err();
    assert!(matches!(err, LiveError::NoVisibleTables { .. }), "{err:?}");
    assert!(err.to_string().contains("schema filters"), "{err}");

    let bad = LiveOptions {
        schemas: vec!["app[".into()],
        ..opts()
    };
    let err = read_catalog(&url, &bad).await.unwrap_err();
    assert!(matches!(err, LiveError::BadPattern { .. }), "{err:?}");
}

#[tokio::test]
async fn pg_role_with_only_connect_sees_everything() {
    let pg = PgServer::shared();
    let db = pg.create_db("leastpriv").await;
    pg.exec(&db, PG_FIXTURE).await;
    pg.exec(
        &db,
        &format!(
            "CREATE SCHEMA hidden;
             CREATE TABLE hidden.secrets (ssn text);
             COMMENT ON COLUMN hidden.secrets.ssn IS 'National id #PPI';
             DROP ROLE IF EXISTS lp_{db};
             CREATE ROLE lp_{db} LOGIN PASSWORD 'lp-Pass-123';
             REVOKE ALL ON DATABASE {db} FROM PUBLIC;
             REVOKE ALL ON SCHEMA public FROM PUBLIC;
             GRANT CONNECT ON DATABASE {db} TO lp_{db};"
        ),
    )
    .await;
    let admin = read_catalog(&pg.admin_url(&db), &opts()).await.unwrap();
    let url = pg.url(&db, &format!("lp_{db}"), "lp-Pass-123");
    let live = read_catalog(&url, &opts())
        .await
        .expect("CONNECT is enough");
    assert_eq!(names(&live), names(&admin));
    assert_eq!(live.schema.column_count(), admin.schema.column_count());
    for (a, b) in admin
        .schema
        .tables
        .values()
        .zip(live.schema.tables.values())
    {
        assert_eq!(a.comment, b.comment);
        let ac: Vec<_> = a
            .columns
            .iter()
            .map(|c| (&c.name, &c.data_type, &c.comment))
            .collect();
        let bc: Vec<_> = b
            .columns
            .iter()
            .map(|c| (&c.name, &c.data_type, &c.comment))
            .collect();
        assert_eq!(ac, bc);
    }
    assert!(column(table(&live, "hidden", "secrets"), "ssn").tags().ppi);

    // Without CONNECT: permission denied, with the fix in the message.
    pg.exec(
        &db,
        &format!("REVOKE CONNECT ON DATABASE {db} FROM lp_{db}"),
    )
    .await;
    let err = read_catalog(&url, &opts()).await.unwrap_err();
    assert!(matches!(err, LiveError::PermissionDenied { .. }), "{err:?}");
    assert!(err.to_string().contains("CONNECT"), "{err}");
    assert_no_secret(&err, "lp-Pass-123");
}

#[tokio::test]
async fn pg_wrong_password_is_reported_without_the_password() {
    let pg = PgServer::shared();
    let secret = "Wr0ng-Pa55word-xyz";
    let url = pg.url("postgres", "postgres", secret);
    let err = read_catalog(&url, &opts()).await.unwrap_err();
    assert!(
        matches!(err, LiveError::AuthenticationFailed { .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.contains("authentication failed for user `postgres`"),
        "{text}"
    );
    assert_no_secret(&err, secret);
    // Also when the password sits in a query parameter.
    let url = format!(
        "postgres://postgres@127.0.0.1:{}/postgres?password={secret}",
        pg.port
    );
    let err = read_catalog(&url, &opts()).await.unwrap_err();
    assert!(
        matches!(err, LiveError::AuthenticationFailed { .. }),
        "{err:?}"
    );
    assert_no_secret(&err, secret);
}

#[tokio::test]
async fn pg_missing_database() {
    let pg = PgServer::shared();
    let err = read_catalog(&pg.admin_url("no_such_db"), &opts())
        .await
        .unwrap_err();
    assert!(matches!(err, LiveError::DatabaseNotFound { .. }), "{err:?}");
    assert!(
        err.to_string().contains("`no_such_db` does not exist"),
        "{err}"
    );
    assert_no_secret(&err, servers::PG_SUPERUSER_PASSWORD);
}

#[tokio::test]
async fn refused_port_names_host_and_port() {
    let port = free_port();
    for url in [
        format!("postgres://u:Secret-999@127.0.0.1:{port}/db"),
        format!("mariadb://u:Secret-999@127.0.0.1:{port}/db"),
    ] {
        let started = Instant::now();
        let err = read_catalog(&url, &opts()).await.unwrap_err();
        assert!(
            matches!(err, LiveError::ConnectionRefused { .. }),
            "{err:?}"
        );
        let text = err.to_string();
        assert!(text.contains(&format!("127.0.0.1:{port}")), "{text}");
        assert!(text.contains("is the database server running"), "{text}");
        assert_no_secret(&err, "Secret-999");
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}

#[tokio::test]
async fn unresolvable_host_is_a_dns_error() {
    let err = read_catalog("postgres://u:Secret-999@no-such-host.invalid/db", &opts())
        .await
        .unwrap_err();
    assert!(matches!(err, LiveError::Dns { .. }), "{err:?}");
    assert!(err.to_string().contains("no-such-host.invalid"), "{err}");
    assert_no_secret(&err, "Secret-999");
}

#[tokio::test]
async fn tls_required_but_not_offered_is_a_tls_error() {
    let pg = PgServer::shared();
    let url = format!("{}?sslmode=require", pg.admin_url("postgres"));
    let err = read_catalog(&url, &opts()).await.unwrap_err();
    assert!(matches!(err, LiveError::Tls { .. }), "{err:?}");
    assert!(err.to_string().contains("sslmode"), "{err}");
    assert_no_secret(&err, servers::PG_SUPERUSER_PASSWORD);

    let maria = MariaDbServer::shared();
    let url = format!("{}?ssl-mode=REQUIRED", maria.url("", "root", "Secret-999"));
    let err = read_catalog(&url, &opts()).await.unwrap_err();
    assert!(matches!(err, LiveError::Tls { .. }), "{err:?}");
    assert_no_secret(&err, "Secret-999");
}

#[tokio::test]
async fn connect_timeout_when_nothing_answers() {
    // A listening socket that never speaks: the handshake cannot finish.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let short = LiveOptions {
        connect_timeout: Duration::from_millis(300),
        ..opts()
    };
    let started = Instant::now();
    let err = read_catalog(&format!("mysql://u:Secret-999@127.0.0.1:{port}/db"), &short)
        .await
        .unwrap_err();
    assert!(matches!(err, LiveError::ConnectTimeout { .. }), "{err:?}");
    assert!(err.to_string().contains("300 ms"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(3));
    drop(listener);
}

#[tokio::test]
async fn pg_statement_timeout_is_enforced_by_the_server() {
    let pg = PgServer::shared();
    let short = LiveOptions {
        statement_timeout: Duration::from_millis(200),
        ..opts()
    };
    let started = Instant::now();
    let err = probe_session(
        &pg.admin_url("postgres"),
        &short,
        "SELECT pg_sleep(5)::text",
    )
    .await
    .unwrap_err();
    assert!(matches!(err, LiveError::StatementTimeout { .. }), "{err:?}");
    assert!(err.to_string().contains("200 ms"), "{err}");
    // The server cancelled it (57014), well before the client-side guard.
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn pg_session_is_read_only() {
    let pg = PgServer::shared();
    let db = pg.create_db("readonly").await;
    let url = pg.admin_url(&db);
    let ro = probe_session(&url, &opts(), "SHOW transaction_read_only")
        .await
        .unwrap();
    assert_eq!(ro, [Some("on".to_string())]);
    let session = probe_session(&url, &opts(), "SHOW default_transaction_read_only")
        .await
        .unwrap();
    assert_eq!(session, [Some("on".to_string())]);
    let timeout = probe_session(&url, &opts(), "SHOW statement_timeout")
        .await
        .unwrap();
    assert_eq!(timeout, [Some("20s".to_string())]);
    // Even the superuser cannot write through this session.
    let err = probe_session(&url, &opts(), "CREATE TABLE written (i int)")
        .await
        .unwrap_err();
    match &err {
        LiveError::Server { code, detail, .. } => {
            assert_eq!(code, "25006", "{detail}");
            assert!(detail.contains("read-only transaction"), "{detail}");
        }
        other => panic!("expected a read-only refusal, got {other:?}"),
    }
    let (_, out) = pg.psql(
        &db,
        "SELECT count(*) FROM pg_class WHERE relname = 'written'",
    );
    assert_eq!(out.trim(), "0");
}

#[test]
fn unsupported_and_bad_urls() {
    let opts = opts();
    let err = read_catalog_blocking("sqlite://data.db", &opts).unwrap_err();
    assert!(
        matches!(err, LiveError::UnsupportedScheme { .. }),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("SQLite has no column comments, so it cannot carry tags"),
        "{err}"
    );
    let err = read_catalog_blocking("localhost:5432/db", &opts).unwrap_err();
    assert!(matches!(err, LiveError::BadUrl { .. }), "{err:?}");
    assert!(err.to_string().contains("postgres://"), "{err}");
    let err = read_catalog_blocking("postgres://u:Secret-999@[::1/db", &opts).unwrap_err();
    assert!(matches!(err, LiveError::BadUrl { .. }), "{err:?}");
    assert_no_secret(&err, "Secret-999");
}

#[test]
fn blocking_read_without_a_runtime() {
    let pg = PgServer::shared();
    let live = read_catalog_blocking(&pg.admin_url("postgres"), &opts());
    // The maintenance database holds no user table.
    let err = live.unwrap_err();
    assert!(matches!(err, LiveError::NoVisibleTables { .. }), "{err:?}");
    assert!(err.to_string().contains("database `postgres`"), "{err}");
}

// ------------------------------------------------------------------- MariaDB

const MARIA_FIXTURE: &str = r#"
CREATE TABLE users (
    id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY COMMENT 'Surrogate key',
    email varchar(320) NOT NULL DEFAULT 'x' COMMENT 'Login e-mail #PPI',
    updated timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    nick varchar(40) CHARACTER SET latin1 COLLATE latin1_bin NULL,
    code char(3) COLLATE utf8mb4_bin NOT NULL,
    score decimal(10,2) DEFAULT 0.00,
    quote varchar(20) DEFAULT 'it''s',
    noise double DEFAULT (rand()),
    deleted_at timestamp NULL,
    flags bit(1) DEFAULT b'1',
    kind enum('a','b') NOT NULL DEFAULT 'a',
    doubled int GENERATED ALWAYS AS (id * 2) VIRTUAL,
    email_lc varchar(320) AS (lower(email)) STORED,
    secret int INVISIBLE,
    notes text,
    location point COMMENT 'Last seen #GEO'
) COMMENT 'Customers #PPI #GEO';
CREATE TABLE audit_log (id bigint NOT NULL, msg text) ENGINE=InnoDB;
CREATE VIEW user_emails AS SELECT id, email FROM users;
"#;

#[tokio::test]
async fn maria_reads_comments_views_and_definitions() {
    let maria = MariaDbServer::shared();
    let db = maria.create_db("kinds").await;
    maria.exec(&db, MARIA_FIXTURE).await;
    let url = maria.url(&db, "root", "").replace("mysql://", "mariadb://");
    let live = read_catalog(&url, &opts()).await.expect("catalog");
    assert_eq!(live.schema.dialect, Dialect::Mysql);
    assert!(
        live.server_version.contains("MariaDB"),
        "{}",
        live.server_version
    );
    assert_eq!(live.database, url);
    assert_eq!(
        names(&live),
        [format!("{db}.audit_log"), format!("{db}.users")]
    );
    assert_eq!(live.tables_visible, 2);

    let users = table(&live, &db, "users");
    assert_eq!(users.kind, TableKind::Table);
    assert_eq!(users.comment.as_deref(), Some("Customers #PPI #GEO"));
    assert!(users.tags().ppi && users.tags().geo);
    assert_eq!(
        table(&live, &db, "audit_log").comment,
        None,
        "'' is no comment"
    );
    let order: Vec<&str> = users.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(order[..4], ["id", "email", "updated", "nick"]);
    assert_eq!(users.columns.len(), 16);
    assert!(column(users, "email").tags().ppi);
    assert!(column(users, "location").tags().geo);
    assert_eq!(column(users, "updated").comment, None);
    assert_eq!(column(users, "id").data_type, "int(10) unsigned");

    let def = |name: &str| column(users, name).definition.clone().unwrap();
    assert_eq!(def("id"), "int(10) unsigned NOT NULL AUTO_INCREMENT");
    assert_eq!(def("email"), "varchar(320) NOT NULL DEFAULT 'x'");
    assert_eq!(
        def("updated"),
        "timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp()"
    );
    assert_eq!(
        def("nick"),
        "varchar(40) CHARACTER SET latin1 COLLATE latin1_bin DEFAULT NULL"
    );
    assert_eq!(
        def("code"),
        "char(3) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL"
    );
    assert_eq!(def("score"), "decimal(10,2) DEFAULT 0.00");
    assert_eq!(def("quote"), "varchar(20) DEFAULT 'it''s'");
    assert_eq!(def("noise"), "double DEFAULT rand()");
    assert_eq!(def("deleted_at"), "timestamp NULL DEFAULT NULL");
    assert_eq!(def("flags"), "bit(1) DEFAULT b'1'");
    assert_eq!(def("kind"), "enum('a','b') NOT NULL DEFAULT 'a'");
    assert_eq!(
        def("doubled"),
        "int(11) GENERATED ALWAYS AS (`id` * 2) VIRTUAL"
    );
    assert_eq!(
        def("email_lc"),
        "varchar(320) GENERATED ALWAYS AS (lcase(`email`)) STORED"
    );
    assert_eq!(def("secret"), "int(11) INVISIBLE DEFAULT NULL");
    assert_eq!(def("notes"), "text DEFAULT NULL");

    // Every definition is exactly what SHOW CREATE TABLE prints for the column.
    let create = maria.query_text(&db, "SHOW CREATE TABLE users", 1).await;
    for c in &users.columns {
        let mut line = format!("`{}` {}", c.name, c.definition.as_deref().unwrap());
        if let Some(comment) = &c.comment {
            line.push_str(&format!(" COMMENT '{}'", comment.replace('\'', "''")));
        }
        assert!(
            create
                .lines()
                .any(|l| l.trim().trim_end_matches(',') == line),
            "`{line}` not in\n{create}"
        );
    }

    let with_views = LiveOptions {
        include_views: true,
        ..opts()
    };
    let live = read_catalog(&url, &with_views).await.unwrap();
    let view = table(&live, &db, "user_emails");
    assert_eq!(view.kind, TableKind::View);
    assert_eq!(
        view.comment, None,
        "MySQL's 'VIEW' comment is not a comment"
    );
    assert_eq!(view.columns.len(), 2);
    assert_eq!(live.tables_visible, 3);
}

#[tokio::test]
async fn maria_modify_column_without_comment_drops_it_and_definition_restores_it() {
    let maria = MariaDbServer::shared();
    let db = maria.create_db("modify").await;
    maria.exec(&db, MARIA_FIXTURE).await;
    let url = maria.admin_url(&db);
    let before = read_catalog(&url, &opts()).await.unwrap();
    let email = column(table(&before, &db, "users"), "email").clone();
    assert_eq!(email.comment.as_deref(), Some("Login e-mail #PPI"));
    let create_before = maria.query_text(&db, "SHOW CREATE TABLE users", 1).await;

    // A restatement that forgets the COMMENT clause drops the comment.
    maria
        .exec(
            &db,
            "ALTER TABLE users MODIFY COLUMN email varchar(320) NOT NULL DEFAULT 'x'",
        )
        .await;
    let after = read_catalog(&url, &opts()).await.unwrap();
    let lost = column(table(&after, &db, "users"), "email");
    assert_eq!(lost.comment, None);
    assert!(!lost.tags().ppi);

    // What `fix` would write: the recorded definition plus the comment.
    let fix = format!(
        "ALTER TABLE users MODIFY COLUMN email {} COMMENT 'Login e-mail #PPI'",
        email.definition.as_deref().unwrap()
    );
    maria.exec(&db, &fix).await;
    assert_eq!(
        maria.query_text(&db, "SHOW CREATE TABLE users", 1).await,
        create_before
    );

    // The same round trip for every column leaves the table unchanged.
    let users = table(&before, &db, "users");
    for c in &users.columns {
        let comment = c
            .comment
            .as_ref()
            .map(|t| format!(" COMMENT '{}'", t.replace('\'', "''")))
            .unwrap_or_default();
        maria
            .exec(
                &db,
                &format!(
                    "ALTER TABLE users MODIFY COLUMN `{}` {}{comment}",
                    c.name,
                    c.definition.as_deref().unwrap()
                ),
            )
            .await;
    }
    assert_eq!(
        maria.query_text(&db, "SHOW CREATE TABLE users", 1).await,
        create_before
    );
}

#[tokio::test]
async fn maria_user_with_one_grant_sees_one_table_and_user_without_grants_gets_an_error() {
    let maria = MariaDbServer::shared();
    let db = maria.create_db("grants").await;
    maria.exec(&db, MARIA_FIXTURE).await;
    maria
        .exec(
            "",
            &format!(
                "CREATE USER 'one_{db}'@'%' IDENTIFIED BY 'One-Pass-77';
                 GRANT SELECT ON {db}.audit_log TO 'one_{db}'@'%';
                 CREATE USER 'none_{db}'@'%' IDENTIFIED BY 'None-Pass-88';"
            ),
        )
        .await;
    let live = read_catalog(
        &maria.url(&db, &format!("one_{db}"), "One-Pass-77"),
        &opts(),
    )
    .await
    .unwrap();
    assert_eq!(live.tables_visible, 1);
    assert_eq!(names(&live), [format!("{db}.audit_log")]);
    assert_eq!(table(&live, &db, "audit_log").columns.len(), 2);

    for url in [
        maria.url(&db, &format!("none_{db}"), "None-Pass-88"),
        maria.url("", &format!("none_{db}"), "None-Pass-88"),
    ] {
        let err = read_catalog(&url, &opts()).await.unwrap_err();
        assert!(matches!(err, LiveError::NoVisibleTables { .. }), "{err:?}");
        let text = err.to_string();
        assert!(text.contains("no visible tables"), "{text}");
        assert!(text.contains("grant SELECT"), "{text}");
        assert_no_secret(&err, "None-Pass-88");
    }
}

#[tokio::test]
async fn maria_wrong_password_is_reported_without_the_password() {
    let maria = MariaDbServer::shared();
    let db = maria.create_db("authfail").await;
    maria
        .exec(
            "",
            &format!("CREATE USER 'u_{db}'@'%' IDENTIFIED BY 'Right-Pass-1';"),
        )
        .await;
    let secret = "Wr0ng-Pa55word-xyz";
    let err = read_catalog(&maria.url(&db, &format!("u_{db}"), secret), &opts())
        .await
        .unwrap_err();
    assert!(
        matches!(err, LiveError::AuthenticationFailed { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains(&format!("user `u_{db}`")), "{err}");
    assert_no_secret(&err, secret);
}

#[tokio::test]
async fn maria_session_is_read_only_with_a_statement_timeout() {
    let maria = MariaDbServer::shared();
    // A fixed name: the probe takes static SQL only.
    let db = "readonly_probe";
    maria
        .exec(
            "",
            "CREATE DATABASE readonly_probe; CREATE TABLE readonly_probe.t (i int)",
        )
        .await;
    let url = maria.admin_url(db);
    let ro = probe_session(&url, &opts(), "SELECT CAST(@@tx_read_only AS CHAR)")
        .await
        .unwrap();
    assert!(
        matches!(ro.as_slice(), [Some(v)] if v == "1" || v == "ON"),
        "{ro:?}"
    );
    let limit = probe_session(&url, &opts(), "SELECT CAST(@@max_statement_time AS CHAR)")
        .await
        .unwrap();
    assert_eq!(limit, [Some("20.000000".to_string())]);
    let err = probe_session(&url, &opts(), "INSERT INTO readonly_probe.t VALUES (1)")
        .await
        .unwrap_err();
    match &err {
        LiveError::Server { detail, .. } => assert!(detail.contains("READ ONLY"), "{detail}"),
        other => panic!("expected a read-only refusal, got {other:?}"),
    }
    let (_, rows) = maria.client(db, "SELECT COUNT(*) FROM t");
    assert_eq!(rows.trim(), "0");

    let short = LiveOptions {
        statement_timeout: Duration::from_millis(300),
        ..opts()
    };
    let started = Instant::now();
    let err = probe_session(
        &url,
        &short,
        "SELECT CAST(COUNT(*) AS CHAR) FROM information_schema.COLUMNS a, \
         information_schema.COLUMNS b, information_schema.COLUMNS c",
    )
    .await
    .unwrap_err();
    assert!(matches!(err, LiveError::StatementTimeout { .. }), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

// --------------------------------------------------------------------- Fleet

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fleet_reads_concurrently_in_order_and_survives_a_failure() {
    let pg = PgServer::shared();
    let maria = MariaDbServer::shared();
    let pg_db = pg.create_db("fleet").await;
    pg.exec(&pg_db, PG_FIXTURE).await;
    let maria_db = maria.create_db("fleet").await;
    maria.exec(&maria_db, MARIA_FIXTURE).await;
    let refused = format!("postgres://u:Fleet-Secret-1@127.0.0.1:{}/x", free_port());
    let urls = vec![
        ("pg".to_string(), pg.admin_url(&pg_db)),
        ("down".to_string(), refused),
        ("maria".to_string(), maria.url(&maria_db, "root", "")),
    ];
    let results = read_fleet(urls, &opts(), 2).await;
    let labels: Vec<&str> = results.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(labels, ["pg", "down", "maria"]);
    assert_eq!(results[0].1.as_ref().unwrap().tables_visible, 5);
    let err = results[1].1.as_ref().unwrap_err();
    assert!(
        matches!(err, LiveError::ConnectionRefused { .. }),
        "{err:?}"
    );
    assert_no_secret(err, "Fleet-Secret-1");
    assert_eq!(results[2].1.as_ref().unwrap().tables_visible, 2);
}

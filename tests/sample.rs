//! `pitag db --sample N` against real PostgreSQL and MariaDB servers
//! (tests/servers): sampled values classify oddly named columns, free text
//! and low-cardinality columns are left alone, missing SELECT is a clear
//! exit 2, fleets work, nothing is written, and no sampled value reaches
//! any output.

mod run_pitag;
mod servers;

use run_pitag::*;
use servers::{MariaDbServer, PgServer};

const ROWS: usize = 60;
/// Substrings of the sampled values that appear nowhere else: none may be
/// in any output or file.
const MARKERS: &[&str] = &["zqmarker", "918273", "739182", "528463", "500000"];

/// `records`: e-mails in `misc1`, phones in `misc2`, free text in `notes`,
/// three repeated addresses in `misc3`, digit-only ids in `ref_code`, and a
/// latitude/longitude pair in `c1`/`c2`; none tagged, none named for what
/// it holds. `label` is tagged and never read.
fn create_sql(text: &str, double: &str) -> String {
    format!(
        "CREATE TABLE records (id int, misc1 {text}, notes {text}, misc2 {text}, misc3 {text}, \
         ref_code {text}, c1 {double}, c2 {double}, label {text})"
    )
}

fn insert_sql() -> String {
    let rows: Vec<String> = (0..ROWS)
        .map(|i| {
            let note = if i % 7 == 0 {
                // Free text that mentions an address now and then stays free text.
                format!("zqmarker note {i}: wrote to zqmarker{i}@example.org about it")
            } else {
                format!("zqmarker note {i}: called back, customer happy")
            };
            format!(
                "({i}, 'zqmarker{i}x@example.org', '{note}', '+49 30 918273 {i:02}', \
                 'zqmarkerteam{}@example.org', '5{i:09}', 48.{i:02}739182, 2.{i:02}528463, \
                 'zqmarker label {i}')",
                i % 3
            )
        })
        .collect();
    format!("INSERT INTO records VALUES {}", rows.join(", "))
}

async fn pg_db(pg: &PgServer) -> String {
    let db = pg.create_db("sample").await;
    pg.exec(
        &db,
        &format!(
            "{}; {}; COMMENT ON COLUMN records.label IS 'Label #PPI'; ANALYZE records",
            create_sql("text", "double precision"),
            insert_sql()
        ),
    )
    .await;
    db
}

async fn maria_db(maria: &MariaDbServer) -> String {
    let db = maria.create_db("sample").await;
    maria
        .exec(
            &db,
            &format!(
                "{}; {}; ALTER TABLE records MODIFY label varchar(64) COMMENT 'Label #PPI'",
                create_sql("varchar(255)", "double"),
                insert_sql()
            ),
        )
        .await;
    db
}

fn finding<'a>(report: &'a serde_json::Value, column: &str) -> Option<&'a serde_json::Value> {
    report["findings"].as_array().unwrap().iter().find(|f| {
        f["rule"] == "missing-column-tag" && f["table"] == "records" && f["column"] == column
    })
}

/// The verdicts that only the values can give, and the columns they must
/// leave alone.
fn assert_sampled_verdicts(report: &serde_json::Value) {
    let misc1 = finding(report, "misc1").unwrap_or_else(|| panic!("misc1 not found: {report:#}"));
    assert_eq!(misc1["category"], "contact.email", "{misc1}");
    assert_eq!(misc1["confidence"], "high", "{misc1}");
    let message = misc1["message"].as_str().unwrap();
    assert!(
        message.contains("60 of 60 sampled values are e-mail addresses"),
        "{message}"
    );
    assert_eq!(
        finding(report, "misc2").unwrap()["category"],
        "contact.phone"
    );
    for geo in ["c1", "c2"] {
        let f = finding(report, geo).unwrap_or_else(|| panic!("{geo} not found: {report:#}"));
        assert_eq!(f["category"], "geo.coordinates", "{f}");
        assert!(f["message"].as_str().unwrap().contains("#GEO"), "{f}");
    }
    assert!(
        finding(report, "c1").unwrap()["message"]
            .as_str()
            .unwrap()
            .contains("latitudes"),
        "c1 holds the latitudes"
    );
    for quiet in ["notes", "misc3", "ref_code", "label"] {
        assert!(
            finding(report, quiet).is_none(),
            "{quiet} must not be flagged: {report:#}"
        );
    }
}

fn run_sampled(url: &str) -> serde_json::Value {
    let out = pitag(&["db", "--url", url, "--sample", "100", "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("sampled up to 100 values of 7 columns in 1 table; the values changed 4 classifications"),
        "{}",
        stderr(&out)
    );
    json(&out)
}

fn assert_not_found_without_sampling(url: &str) {
    let out = pitag(&["db", "--url", url, "--format", "json"]);
    let report = json(&out);
    for column in ["misc1", "misc2", "c1", "c2"] {
        assert!(
            finding(&report, column).is_none(),
            "{column} is found by its name alone, so this test proves nothing"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_values_find_oddly_named_columns() {
    let pg = PgServer::shared();
    let db = pg_db(pg).await;
    let url = pg.admin_url(&db);
    assert_not_found_without_sampling(&url);
    assert_sampled_verdicts(&run_sampled(&url));
}

#[tokio::test(flavor = "multi_thread")]
async fn mariadb_values_find_oddly_named_columns() {
    let maria = MariaDbServer::shared();
    let db = maria_db(maria).await;
    let url = maria.admin_url(&db);
    assert_not_found_without_sampling(&url);
    assert_sampled_verdicts(&run_sampled(&url));
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_large_table_is_sampled_with_tablesample() {
    // Enough rows that the planner's estimate asks for TABLESAMPLE SYSTEM.
    let pg = PgServer::shared();
    let db = pg.create_db("sample_big").await;
    pg.exec(
        &db,
        "CREATE TABLE big (id int, misc1 text, filler text);
         INSERT INTO big SELECT g, 'person' || g || '@example.org', repeat('x', 200)
           FROM generate_series(1, 40000) g;
         ANALYZE big",
    )
    .await;
    let out = pitag(&[
        "db",
        "--url",
        &pg.admin_url(&db),
        "--sample",
        "50",
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let report = json(&out);
    let f = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["table"] == "big" && f["column"] == "misc1")
        .unwrap_or_else(|| panic!("{report:#}"));
    let message = f["message"].as_str().unwrap();
    // At most 50 values were read, and the sample was not empty.
    let read: u32 = message
        .split(" sampled values are e-mail")
        .next()
        .and_then(|m| m.rsplit(" of ").next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{message}"));
    assert!((10..=50).contains(&read), "{message}");
}

#[tokio::test(flavor = "multi_thread")]
async fn no_sampled_value_reaches_any_output_or_file() {
    let pg = PgServer::shared();
    let maria = MariaDbServer::shared();
    let (pdb, mdb) = (pg_db(pg).await, maria_db(maria).await);
    let dir = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = vec![
        "db".into(),
        "--url".into(),
        pg.admin_url(&pdb),
        "--url".into(),
        maria.admin_url(&mdb),
        "--sample".into(),
        "100".into(),
    ];
    let formats = [
        "table", "json", "sarif", "github", "gitlab", "junit", "markdown",
    ];
    for f in formats {
        args.extend([
            "--format".into(),
            f.into(),
            "--output".into(),
            dir.path().join(format!("report.{f}")).display().to_string(),
        ]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = pitag(&args);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    // Also every format on stdout, and a baseline file.
    let mut texts = vec![stdout(&out), stderr(&out)];
    for f in formats {
        let o = pitag(&[
            "db",
            "--url",
            &pg.admin_url(&pdb),
            "--sample",
            "100",
            "--format",
            f,
        ]);
        assert_eq!(code(&o), 1, "{f}: {}", stderr(&o));
        texts.push(stdout(&o));
        texts.push(stderr(&o));
    }
    let baseline = dir.path().join("baseline.json");
    let o = pitag(&[
        "db",
        "--url",
        &maria.admin_url(&mdb),
        "--sample",
        "100",
        "--write-baseline",
        baseline.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    texts.push(stderr(&o));
    let mut files = 0;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        texts.push(std::fs::read_to_string(&path).unwrap());
        files += 1;
    }
    assert_eq!(files, formats.len() + 1);
    // The reports do speak of the sampled columns, by counts.
    let all = texts.join("\n");
    assert!(all.contains("sampled values are e-mail addresses"));
    for marker in MARKERS {
        for text in &texts {
            assert!(
                !text.contains(marker),
                "sampled value `{marker}` leaked:\n{text}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn fleet_with_sample_audits_both_servers() {
    let pg = PgServer::shared();
    let maria = MariaDbServer::shared();
    let (pdb, mdb) = (pg_db(pg).await, maria_db(maria).await);
    let dir = tempfile::tempdir().unwrap();
    let inventory = dir.path().join("fleet.toml");
    std::fs::write(
        &inventory,
        format!(
            "[[database]]\nname = \"maria\"\nurl = \"{}\"\n",
            maria.admin_url(&mdb)
        ),
    )
    .unwrap();
    let (pg_url, maria_url) = (pg.admin_url(&pdb), maria.admin_url(&mdb));
    let by_urls: [&str; 4] = ["--url", &pg_url, "--url", &maria_url];
    let by_inventory: [&str; 4] = ["--url", &pg_url, "--inventory", inventory.to_str().unwrap()];
    for targets in [by_urls, by_inventory] {
        let mut args = vec!["db"];
        args.extend(targets);
        args.extend(["--sample", "100", "--format", "json"]);
        let out = pitag(&args);
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        let report = json(&out);
        let misc1: Vec<&serde_json::Value> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["column"] == "misc1")
            .collect();
        assert_eq!(misc1.len(), 2, "{report:#}");
        let databases: Vec<&str> = misc1
            .iter()
            .map(|f| f["database"].as_str().unwrap())
            .collect();
        assert!(
            databases.iter().any(|d| d.starts_with("postgres://")),
            "{databases:?}"
        );
        assert!(
            databases.iter().any(|d| d.starts_with("mysql://")),
            "{databases:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_missing_select_is_a_clear_exit_2() {
    let pg = PgServer::shared();
    let db = pg_db(pg).await;
    let role = format!("ns_{db}");
    pg.exec(
        &db,
        &format!(
            "CREATE ROLE {role} LOGIN PASSWORD 'Ns-Pass-4412'; GRANT CONNECT ON DATABASE {db} TO {role}"
        ),
    )
    .await;
    let url = pg.url(&db, &role, "Ns-Pass-4412");
    // The catalog alone needs no SELECT: without --sample the audit runs.
    let plain = pitag(&["db", "--url", &url, "--format", "json"]);
    assert!(code(&plain) < 2, "{}", stderr(&plain));
    let out = pitag(&["db", "--url", &url, "--sample", "20"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("cannot sample table public.records"), "{err}");
    assert!(
        err.contains(&format!("user `{role}` lacks the SELECT privilege")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "GRANT SELECT ON \"public\".\"records\" TO \"{role}\""
        )),
        "{err}"
    );
    assert!(
        !err.contains("Ns-Pass-4412") && stdout(&out).is_empty(),
        "{err}"
    );
    // With the grant it works.
    pg.exec(&db, &format!("GRANT SELECT ON records TO {role}"))
        .await;
    let granted = pitag(&["db", "--url", &url, "--sample", "20", "--format", "json"]);
    assert_eq!(code(&granted), 1, "{}", stderr(&granted));
    assert!(finding(&json(&granted), "misc1").is_some());
}

#[tokio::test(flavor = "multi_thread")]
async fn mariadb_missing_select_is_a_clear_exit_2() {
    let maria = MariaDbServer::shared();
    let db = maria_db(maria).await;
    let user = format!("ns_{db}");
    // A privilege that shows the table and its columns without SELECT.
    maria
        .exec(
            "",
            &format!(
                "CREATE USER '{user}'@'%' IDENTIFIED BY 'Ns-Pass-4413';
                 GRANT REFERENCES ON {db}.records TO '{user}'@'%';"
            ),
        )
        .await;
    let url = maria.url(&db, &user, "Ns-Pass-4413");
    let plain = pitag(&["db", "--url", &url, "--format", "json"]);
    assert!(code(&plain) < 2, "{}", stderr(&plain));
    let out = pitag(&["db", "--url", &url, "--sample", "20"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("cannot sample table {db}.records")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "GRANT SELECT ON `{db}`.`records` TO '{user}'@'<host>'"
        )),
        "{err}"
    );
    assert!(!err.contains("Ns-Pass-4413"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn sampling_writes_nothing() {
    let pg = PgServer::shared();
    let maria = MariaDbServer::shared();
    let (pdb, mdb) = (pg_db(pg).await, maria_db(maria).await);
    let pg_state = "SELECT md5(string_agg(r::text, ',' ORDER BY id)) || ':' || \
                    (SELECT count(*) FROM pg_class)::text FROM records r";
    let before = pg.psql(&pdb, pg_state).1;
    let maria_state = "SELECT CAST(CONCAT(COUNT(*), ':', SUM(CRC32(CONCAT_WS('|', id, misc1, \
                       notes, misc2, misc3, ref_code, c1, c2, label)))) AS CHAR) FROM records";
    let maria_before = maria.query_text(&mdb, maria_state, 0).await;
    let maria_tables = "SELECT CAST(COUNT(*) AS CHAR) FROM information_schema.TABLES";
    let tables_before = maria.query_text(&mdb, maria_tables, 0).await;
    for url in [pg.admin_url(&pdb), maria.admin_url(&mdb)] {
        let out = pitag(&["db", "--url", &url, "--sample", "100"]);
        assert_eq!(code(&out), 1, "{}", stderr(&out));
    }
    assert_eq!(pg.psql(&pdb, pg_state).1, before);
    assert_eq!(maria.query_text(&mdb, maria_state, 0).await, maria_before);
    assert_eq!(maria.query_text(&mdb, maria_tables, 0).await, tables_before);
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_table_locked_by_ddl_is_a_timeout_not_a_hang() {
    use sqlx::Connection;
    let pg = PgServer::shared();
    let db = pg_db(pg).await;
    let mut holder = sqlx::PgConnection::connect(&pg.admin_url(&db))
        .await
        .unwrap();
    sqlx::raw_sql("BEGIN; LOCK TABLE records IN ACCESS EXCLUSIVE MODE")
        .execute(&mut holder)
        .await
        .unwrap();
    let out = pitag(&[
        "db",
        "--url",
        &pg.admin_url(&db),
        "--sample",
        "20",
        "--statement-timeout",
        "1",
    ]);
    sqlx::raw_sql("ROLLBACK")
        .execute(&mut holder)
        .await
        .unwrap();
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("of table public.records exceeded the statement timeout of 1 s"),
        "{err}"
    );
    assert!(!err.contains("zqmarker"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn mariadb_table_locked_by_another_session_is_a_timeout_not_a_hang() {
    use sqlx::Connection;
    let maria = MariaDbServer::shared();
    let db = maria_db(maria).await;
    let mut holder = sqlx::MySqlConnection::connect(&maria.admin_url(&db))
        .await
        .unwrap();
    sqlx::raw_sql("LOCK TABLES records WRITE")
        .execute(&mut holder)
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let out = pitag(&[
        "db",
        "--url",
        &maria.admin_url(&db),
        "--sample",
        "20",
        "--statement-timeout",
        "1",
    ]);
    let waited = started.elapsed();
    sqlx::raw_sql("UNLOCK TABLES")
        .execute(&mut holder)
        .await
        .unwrap();
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "of table {db}.records exceeded the statement timeout of 1 s"
        )),
        "{err}"
    );
    assert!(waited < std::time::Duration::from_secs(20), "{waited:?}");
    assert!(!err.contains("zqmarker"), "{err}");
}

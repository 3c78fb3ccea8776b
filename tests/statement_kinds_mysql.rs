//! Every MySQL/MariaDB statement and `ALTER TABLE` sub-command kind that can
//! create, drop, rename or re-comment a table or column, walked as data: each
//! case is replayed by pitag *and* run by the real MariaDB 10.11 from
//! tests/servers (through the `mariadb` client, so `DELIMITER`, conditional
//! comments and `sql_mode` are the client's and server's own), and the
//! tables, columns and comments of both must be the expected ones. Cases that
//! the server refuses (or that pitag cannot follow) must also produce the
//! finding named. `KINDS` is the enumeration: a kind without a case fails.

mod servers;

use pitag::dialect::Dialect;
use pitag::model::NoticeKind;
use pitag::source::replay::mysql_version::MysqlServer;
use pitag::source::LoadOptions;
use servers::MariaDbServer;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::process::{Command, Stdio};

/// The enumeration (statement kinds, then `ALTER TABLE` sub-commands, then
/// what wraps or conditions them).
const KINDS: &[&str] = &[
    "CREATE TABLE",
    "CREATE TABLE IF NOT EXISTS",
    "CREATE TABLE LIKE",
    "CREATE TABLE AS SELECT",
    "CREATE TABLE SELECT",
    "CREATE TABLE SELECT UNION",
    "CREATE TABLE PARTITION BY",
    "CREATE TEMPORARY TABLE",
    "CREATE OR REPLACE TABLE",
    "RENAME TABLE",
    "DROP TABLE",
    "DROP TEMPORARY TABLE",
    "CREATE VIEW",
    "ALTER VIEW",
    "DROP VIEW",
    "ALTER TABLE RENAME",
    "ADD COLUMN",
    "ADD COLUMN IF NOT EXISTS",
    "ADD (columns)",
    "DROP COLUMN",
    "DROP COLUMN IF EXISTS",
    "MODIFY",
    "MODIFY IF EXISTS",
    "CHANGE",
    "CHANGE IF EXISTS",
    "RENAME COLUMN",
    "ALTER COLUMN SET DEFAULT",
    "COMMENT =",
    "CONVERT TO CHARACTER SET",
    "ENGINE =",
    "ADD INDEX / CONSTRAINT",
    "PARTITION BY / ADD PARTITION",
    "column CHARSET",
    "ALTER IGNORE TABLE",
    "ALTER ONLINE TABLE",
    "conditional comment /*!NNNNN",
    "conditional comment /*M!NNNNNN",
    "sql_mode NO_BACKSLASH_ESCAPES",
    "sql_mode ANSI_QUOTES",
    "PROCEDURE + CALL",
    "PROCEDURE not called / TRIGGER / FUNCTION / EVENT",
    "PREPARE + EXECUTE",
    "PREPARE from a computed value",
    "PREPARE from a value pitag cannot compute",
    "refused: ADD COLUMN of an existing column",
    "refused: RENAME onto an existing table",
    "refused: CHANGE/MODIFY of a missing column",
    "refused: RENAME COLUMN of a missing column",
    "refused: DROP COLUMN of a missing column",
    "refused: one column changed twice in one ALTER TABLE",
];

struct Case {
    kind: &'static str,
    sql: &'static str,
    /// Tables as `name[comment]: col[comment], …` sorted, `;`-separated
    /// (`[]` is no comment).
    state: &'static str,
    /// Rules the replay must report (and no other notice rule).
    findings: &'static [&'static str],
    /// Whether the server refuses a statement of the case.
    server_errors: bool,
    /// pitag's model when it cannot follow the server (a finding says so).
    model: Option<&'static str>,
}

const fn case(kind: &'static str, sql: &'static str, state: &'static str) -> Case {
    Case {
        kind,
        sql,
        state,
        findings: &[],
        server_errors: false,
        model: None,
    }
}

const fn refused(
    kind: &'static str,
    sql: &'static str,
    state: &'static str,
    rule: &'static [&'static str],
) -> Case {
    Case {
        kind,
        sql,
        state,
        findings: rule,
        server_errors: true,
        model: None,
    }
}

fn cases() -> Vec<Case> {
    vec![
        case(
            "CREATE TABLE",
            "CREATE TABLE t (a int COMMENT 'x #PPI', b text) COMMENT 'T';",
            "t[T]: a[x #PPI], b[]",
        ),
        case(
            "CREATE TABLE IF NOT EXISTS",
            "CREATE TABLE t (a int COMMENT 'one');\nCREATE TABLE IF NOT EXISTS t (b int COMMENT 'two');",
            "t[]: a[one]",
        ),
        case(
            "CREATE TABLE LIKE",
            "CREATE TABLE a (x int COMMENT 'c') COMMENT 'T';\nCREATE TABLE b LIKE a;",
            "a[T]: x[c]; b[T]: x[c]",
        ),
        case(
            "CREATE TABLE AS SELECT",
            "CREATE TABLE a (x int COMMENT 'c', y int);\nCREATE TABLE b AS SELECT x, y AS z FROM a;",
            "a[]: x[c], y[]; b[]: x[c], z[]",
        ),
        case(
            "CREATE TABLE SELECT",
            "CREATE TABLE a (x int COMMENT 'c');\nCREATE TABLE b SELECT * FROM a;",
            "a[]: x[c]; b[]: x[c]",
        ),
        case(
            "CREATE TABLE SELECT UNION",
            "CREATE TABLE a (x int COMMENT 'c');\nCREATE TABLE b (y int);\n\
             CREATE TABLE u AS SELECT x FROM a UNION SELECT y FROM b;",
            "a[]: x[c]; b[]: y[]; u[]: x[]",
        ),
        case(
            "CREATE TABLE PARTITION BY",
            "CREATE TABLE p (id int, at date COMMENT 'when') PARTITION BY RANGE (year(at)) \
             (PARTITION p0 VALUES LESS THAN (2000), PARTITION p1 VALUES LESS THAN MAXVALUE);",
            "p[]: at[when], id[]",
        ),
        case(
            "CREATE TEMPORARY TABLE",
            "CREATE TABLE t (a int);\nCREATE TEMPORARY TABLE t (z int);\n\
             ALTER TABLE t ADD COLUMN phone varchar(20);\nDROP TEMPORARY TABLE t;\n\
             CREATE TEMPORARY TABLE tmp (id int);\nALTER TABLE tmp ADD COLUMN email text;",
            "t[]: a[]",
        ),
        case(
            "CREATE OR REPLACE TABLE",
            "CREATE TABLE t (a int COMMENT 'old');\nCREATE OR REPLACE TABLE t (b int COMMENT 'new');",
            "t[]: b[new]",
        ),
        case(
            "RENAME TABLE",
            "CREATE TABLE a (x int);\nCREATE TABLE b (y int);\nCREATE TABLE c (z int);\n\
             RENAME TABLE a TO tmp, b TO a, tmp TO b;\nRENAME TABLE c TO d;",
            "a[]: y[]; b[]: x[]; d[]: z[]",
        ),
        case(
            "DROP TABLE",
            "CREATE TABLE a (x int);\nCREATE TABLE b (y int);\nCREATE TABLE c (z int);\n\
             DROP TABLE IF EXISTS a, b, nothing;\nDROP TABLE c;",
            "",
        ),
        case(
            "DROP TEMPORARY TABLE",
            "CREATE TABLE t (a int);\nCREATE TEMPORARY TABLE t (b int);\nDROP TEMPORARY TABLE t;\n\
             ALTER TABLE t ADD COLUMN c int;",
            "t[]: a[], c[]",
        ),
        case(
            "CREATE VIEW",
            "CREATE TABLE t (a int);\nCREATE VIEW v AS SELECT a FROM t;",
            "t[]: a[]",
        ),
        case(
            "ALTER VIEW",
            "CREATE TABLE t (a int, b int);\nCREATE VIEW v AS SELECT a FROM t;\nALTER VIEW v AS SELECT b FROM t;",
            "t[]: a[], b[]",
        ),
        case(
            "DROP VIEW",
            "CREATE TABLE t (a int);\nCREATE VIEW v AS SELECT a FROM t;\nDROP VIEW IF EXISTS v, w;",
            "t[]: a[]",
        ),
        case(
            "ALTER TABLE RENAME",
            "CREATE TABLE a (x int);\nALTER TABLE a RENAME TO b;\nALTER TABLE b RENAME AS c;\n\
             ALTER TABLE c RENAME d;\nCREATE TABLE totp_configurations (id int);\n\
             ALTER TABLE totp_configurations RENAME _bkp_totp_configurations;",
            "_bkp_totp_configurations[]: id[]; d[]: x[]",
        ),
        case(
            "ADD COLUMN",
            "CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int COMMENT 'x', ADD c int FIRST;",
            "t[]: a[], b[x], c[]",
        ),
        case(
            "ADD COLUMN IF NOT EXISTS",
            "CREATE TABLE t (a int COMMENT 'keep');\nALTER TABLE t ADD COLUMN IF NOT EXISTS a int COMMENT 'no', \
             ADD IF NOT EXISTS b int COMMENT 'yes';",
            "t[]: a[keep], b[yes]",
        ),
        case(
            "ADD (columns)",
            "CREATE TABLE t (a int);\nALTER TABLE t ADD (b int COMMENT 'x', c text);",
            "t[]: a[], b[x], c[]",
        ),
        case(
            "DROP COLUMN",
            "CREATE TABLE t (a int, b int, c int);\nALTER TABLE t DROP COLUMN b, DROP c;",
            "t[]: a[]",
        ),
        case(
            "DROP COLUMN IF EXISTS",
            "CREATE TABLE t (a int, b int);\nALTER TABLE t DROP COLUMN IF EXISTS b, DROP COLUMN IF EXISTS zz;",
            "t[]: a[]",
        ),
        case(
            "MODIFY",
            "CREATE TABLE t (a int COMMENT 'gone', b int COMMENT 'old');\n\
             ALTER TABLE t MODIFY a bigint, MODIFY COLUMN b int COMMENT 'new';",
            "t[]: a[], b[new]",
        ),
        case(
            "MODIFY IF EXISTS",
            "CREATE TABLE t (a int COMMENT 'x');\nALTER TABLE t MODIFY IF EXISTS zz int;\n\
             ALTER TABLE t MODIFY COLUMN IF EXISTS a int COMMENT 'y';",
            "t[]: a[y]",
        ),
        case(
            "CHANGE",
            "CREATE TABLE t (a int COMMENT 'x');\nALTER TABLE t CHANGE a b int COMMENT 'y';\n\
             ALTER TABLE t CHANGE COLUMN b c int;",
            "t[]: c[]",
        ),
        case(
            "CHANGE IF EXISTS",
            "CREATE TABLE t (a int);\nALTER TABLE t CHANGE IF EXISTS zz yy int;\n\
             ALTER TABLE t CHANGE COLUMN IF EXISTS a b int COMMENT 'z';",
            "t[]: b[z]",
        ),
        case(
            "RENAME COLUMN",
            "CREATE TABLE t (a int COMMENT 'kept');\nALTER TABLE t RENAME COLUMN a TO b;",
            "t[]: b[kept]",
        ),
        case(
            "ALTER COLUMN SET DEFAULT",
            "CREATE TABLE t (a int COMMENT 'kept');\nALTER TABLE t ALTER COLUMN a SET DEFAULT 1;\nALTER TABLE t ALTER a DROP DEFAULT;",
            "t[]: a[kept]",
        ),
        case(
            "COMMENT =",
            "CREATE TABLE t (a int) COMMENT 'one';\nALTER TABLE t COMMENT = 'two';\n\
             CREATE TABLE u (a int) COMMENT 'gone';\nALTER TABLE u COMMENT '';",
            "t[two]: a[]; u[]: a[]",
        ),
        case(
            "CONVERT TO CHARACTER SET",
            "CREATE TABLE t (a varchar(9) COMMENT 'kept') COMMENT 'T';\n\
             ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4;",
            "t[T]: a[kept]",
        ),
        case(
            "ENGINE =",
            "CREATE TABLE t (a int COMMENT 'kept') ENGINE=InnoDB COMMENT 'T';\n\
             ALTER TABLE t ENGINE=InnoDB, COMMENT 'U';",
            "t[U]: a[kept]",
        ),
        case(
            "ADD INDEX / CONSTRAINT",
            "CREATE TABLE t (a int COMMENT 'kept', b int);\n\
             ALTER TABLE t ADD INDEX i (a), ADD CONSTRAINT u UNIQUE (b), ADD PRIMARY KEY (a);",
            "t[]: a[kept], b[]",
        ),
        case(
            "PARTITION BY / ADD PARTITION",
            "CREATE TABLE t (id int COMMENT 'kept');\nALTER TABLE t PARTITION BY HASH (id) PARTITIONS 2;\n\
             ALTER TABLE t REMOVE PARTITIONING;",
            "t[]: id[kept]",
        ),
        case(
            "column CHARSET",
            "CREATE TABLE t (a varchar(9) CHARSET latin1 COMMENT 'x');\n\
             ALTER TABLE t ADD COLUMN b varchar(9) CHARSET utf8mb4 COMMENT 'y';",
            "t[]: a[x], b[y]",
        ),
        case(
            "ALTER IGNORE TABLE",
            "CREATE TABLE t (a int COMMENT 'gone #PPI');\nALTER IGNORE TABLE t MODIFY a bigint;",
            "t[]: a[]",
        ),
        case(
            "ALTER ONLINE TABLE",
            "CREATE TABLE t (a int COMMENT 'old');\nALTER ONLINE TABLE t MODIFY a int COMMENT 'new';",
            "t[]: a[new]",
        ),
        case(
            "conditional comment /*!NNNNN",
            // MariaDB skips /*!80000 and /*!99999, runs /*!40101 and /*!100100.
            "CREATE TABLE t (a int COMMENT 'x', b int) /*!40101 COMMENT 'T' */;\n\
             ALTER TABLE t MODIFY a int /*!80000 COMMENT 'kept on MySQL 8' */;\n\
             /*!99999 ALTER TABLE t ADD COLUMN never int */;\n\
             /*!100100 ALTER TABLE t ADD COLUMN maria int COMMENT 'm' */;\n\
             /*!50700 ALTER TABLE t ADD COLUMN mysql57 int */;",
            "t[T]: a[], b[], maria[m]",
        ),
        case(
            "conditional comment /*M!NNNNNN",
            "CREATE TABLE t (a int);\n/*M!100100 ALTER TABLE t ADD COLUMN m int COMMENT 'maria' */;\n\
             /*M!999999 ALTER TABLE t ADD COLUMN never int */;",
            "t[]: a[], m[maria]",
        ),
        case(
            "sql_mode NO_BACKSLASH_ESCAPES",
            "SET sql_mode = 'NO_BACKSLASH_ESCAPES';\n\
             CREATE TABLE paths (p varchar(99) COMMENT 'C:\\dir\\');\n\
             CREATE TABLE after_paths (a int COMMENT 'still here');\n\
             SET sql_mode = DEFAULT;\n\
             CREATE TABLE q (a int COMMENT 'it\\'s');",
            "after_paths[]: a[still here]; paths[]: p[C:\\dir\\]; q[]: a[it's]",
        ),
        case(
            "sql_mode ANSI_QUOTES",
            "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='ANSI_QUOTES' */;\n\
             CREATE TABLE \"Quoted\" (\"col\" int COMMENT 'q');\n\
             /*!40101 SET SQL_MODE=@OLD_SQL_MODE */;\n\
             CREATE TABLE s (a int COMMENT \"a string again\");",
            "quoted[]: col[q]; s[]: a[a string again]",
        ),
        case(
            "PROCEDURE + CALL",
            "CREATE TABLE users (id int, name varchar(9) COMMENT 'n');\n\
             DELIMITER $$\n\
             CREATE PROCEDURE upgrade()\nBEGIN\n\
               IF NOT EXISTS (SELECT * FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()\n\
                              AND TABLE_NAME = 'users' AND COLUMN_NAME = 'email') THEN\n\
                 ALTER TABLE users ADD COLUMN email varchar(99) COMMENT 'login #PPI';\n\
               END IF;\n\
               IF NOT EXISTS (SELECT * FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()\n\
                              AND TABLE_NAME = 'users' AND COLUMN_NAME = 'name') THEN\n\
                 ALTER TABLE users ADD COLUMN name int;\n\
               ELSE\n\
                 ALTER TABLE users MODIFY name varchar(20) COMMENT 'full name';\n\
               END IF;\n\
             END $$\n\
             DELIMITER ;\n\
             CALL upgrade();\nCALL upgrade();\nDROP PROCEDURE upgrade;",
            "users[]: email[login #PPI], id[], name[full name]",
        ),
        case(
            "PROCEDURE not called / TRIGGER / FUNCTION / EVENT",
            "CREATE TABLE t (a int);\nDELIMITER //\n\
             CREATE PROCEDURE never() BEGIN CREATE TABLE ghost (phone int); END //\n\
             CREATE FUNCTION f() RETURNS int DETERMINISTIC BEGIN RETURN 1; END //\n\
             CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END //\n\
             CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO ALTER TABLE t ADD COLUMN b int //\n\
             DELIMITER ;",
            "t[]: a[]",
        ),
        case(
            "PREPARE + EXECUTE",
            "CREATE TABLE t (a int);\n\
             SET @sql = CONCAT('ALTER TABLE t ', 'ADD COLUMN b int COMMENT ''x''');\n\
             PREPARE stmt FROM @sql;\nEXECUTE stmt;\nDEALLOCATE PREPARE stmt;\n\
             PREPARE s2 FROM 'ALTER TABLE t ADD COLUMN c int';\nEXECUTE s2;",
            "t[]: a[], b[x], c[]",
        ),
        case(
            "PREPARE from a computed value",
            "CREATE TABLE t (a int);\n\
             SET @n := (SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't' AND COLUMN_NAME = 'b');\n\
             SET @q := IF(@n > 0, 'SELECT 1', 'ALTER TABLE t ADD COLUMN b int COMMENT ''new''');\n\
             PREPARE s FROM @q;\nEXECUTE s;\n\
             SET @n := (SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't' AND COLUMN_NAME = 'b');\n\
             SET @q := IF(@n > 0, 'SELECT 1', 'ALTER TABLE t ADD COLUMN b int COMMENT ''again''');\n\
             PREPARE s FROM @q;\nEXECUTE s;",
            "t[]: a[], b[new]",
        ),
        Case {
            kind: "PREPARE from a value pitag cannot compute",
            sql: "CREATE TABLE t (a int);\n\
                  SET @sql = CONCAT('ALTER TABLE t ADD COLUMN c', FLOOR(RAND() * 0), ' int');\n\
                  PREPARE s FROM @sql;\nEXECUTE s;",
            state: "t[]: a[], c0[]",
            findings: &["dynamic-ddl"],
            server_errors: false,
            model: Some("t[]: a[]"),
        },
        refused(
            "refused: ADD COLUMN of an existing column",
            "CREATE TABLE t (a int COMMENT 'kept');\nALTER TABLE t ADD COLUMN b int, ADD COLUMN a int;",
            "t[]: a[kept]",
            &["rejected-statement"],
        ),
        refused(
            "refused: RENAME onto an existing table",
            "CREATE TABLE a (x int);\nCREATE TABLE b (y int);\nRENAME TABLE a TO b;\nALTER TABLE a RENAME b;",
            "a[]: x[]; b[]: y[]",
            &["rejected-statement", "rejected-statement"],
        ),
        refused(
            "refused: CHANGE/MODIFY of a missing column",
            "CREATE TABLE t (a int COMMENT 'kept');\nALTER TABLE t CHANGE zz a2 int;\nALTER TABLE t MODIFY yy int;",
            "t[]: a[kept]",
            &["rejected-statement", "rejected-statement"],
        ),
        refused(
            "refused: RENAME COLUMN of a missing column",
            "CREATE TABLE t (a int, b int);\nALTER TABLE t RENAME COLUMN zz TO yy;\nALTER TABLE t RENAME COLUMN a TO b;",
            "t[]: a[], b[]",
            &["rejected-statement", "rejected-statement"],
        ),
        refused(
            "refused: one column changed twice in one ALTER TABLE",
            "CREATE TABLE t (a int COMMENT 'kept', b int);\n\
             ALTER TABLE t ALTER COLUMN a SET DEFAULT 1, ALTER a DROP DEFAULT;\n\
             ALTER TABLE t MODIFY a bigint, MODIFY a text;\n\
             ALTER TABLE t CHANGE a c int, MODIFY c bigint;\n\
             ALTER TABLE t RENAME COLUMN b TO d, DROP COLUMN b;\n\
             ALTER TABLE t DROP COLUMN b, ADD COLUMN b text COMMENT 'readded', ADD COLUMN e int, MODIFY e bigint;",
            "t[]: a[kept], b[readded], e[]",
            &[
                "rejected-statement",
                "rejected-statement",
                "rejected-statement",
                "rejected-statement",
            ],
        ),
        refused(
            "refused: DROP COLUMN of a missing column",
            "CREATE TABLE t (a int);\nALTER TABLE t DROP COLUMN zz;",
            "t[]: a[]",
            &["rejected-statement"],
        ),
    ]
}

fn rule_of(kind: NoticeKind) -> &'static str {
    match kind {
        NoticeKind::DynamicDdl => "dynamic-ddl",
        NoticeKind::RejectedStatement => "rejected-statement",
        NoticeKind::VersionDependent => "version-dependent-ddl",
        NoticeKind::UnresolvedPlaceholder => "unresolved-placeholder",
    }
}

fn render(tables: BTreeMap<String, (String, BTreeMap<String, String>)>) -> String {
    tables
        .iter()
        .map(|(t, (comment, cols))| {
            let cols: Vec<String> = cols.iter().map(|(c, cc)| format!("{c}[{cc}]")).collect();
            format!("{t}[{comment}]: {}", cols.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// pitag's replay for MariaDB 10.11: (state, notice rules, other problems).
fn replay(sql: &str) -> (String, Vec<&'static str>, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("1.sql"), sql).unwrap();
    let options = LoadOptions {
        dialect: Some(Dialect::Mysql),
        placeholders: BTreeMap::new(),
        mysql_server: Some("mariadb-10.11".parse::<MysqlServer>().unwrap()),
    };
    let loaded = pitag::source::load(&[dir.path().to_path_buf()], &options).unwrap();
    let (s, notes) = (loaded.schema, loaded.notes);
    let tables = s
        .tables
        .values()
        .filter(|t| t.kind.is_audited())
        .map(|t| {
            let cols = t
                .columns
                .iter()
                .map(|c| (c.name.to_lowercase(), c.comment.clone().unwrap_or_default()))
                .collect();
            (
                t.name.to_lowercase(),
                (t.comment.clone().unwrap_or_default(), cols),
            )
        })
        .collect();
    let mut problems: Vec<String> = s
        .unparsed
        .iter()
        .map(|u| format!("unparsed: {} ({})", u.head, u.reason))
        .collect();
    problems.extend(
        s.unknown_tables
            .iter()
            .map(|u| format!("unknown table {}: {}", u.table, u.statement)),
    );
    // The layout summary ("…; 1 file replayed, 0 skipped") is no problem.
    problems.extend(notes.into_iter().filter(|n| !n.contains(" replayed, ")));
    (
        render(tables),
        s.notices.iter().map(|n| rule_of(n.kind)).collect(),
        problems,
    )
}

/// Run `sql` through the `mariadb` client (`--force`: on past errors), then
/// read the catalog: (state, whether any statement failed).
fn on_server(my: &MariaDbServer, db: &str, sql: &str) -> (String, bool) {
    let client = ["/usr/bin/mariadb", "/usr/bin/mysql"]
        .into_iter()
        .find(|p| std::path::Path::new(p).is_file())
        .expect("the mariadb client is installed (scripts/install-test-deps.sh)");
    let run = |sql: &str, force: bool| {
        let mut cmd = Command::new(client);
        cmd.args(["--no-defaults", "-h", "127.0.0.1", "-u", "root", "-N", "-B"])
            .arg(format!("--port={}", my.port))
            .arg(format!("--database={db}"));
        if force {
            cmd.arg("--force");
        }
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run the mariadb client");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(sql.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let out = run(sql, true);
    let failed = !out.status.success() || !out.stderr.is_empty();
    let q = format!(
        "SELECT c.TABLE_NAME, t.TABLE_COMMENT, c.COLUMN_NAME, c.COLUMN_COMMENT \
         FROM information_schema.COLUMNS c JOIN information_schema.TABLES t \
         ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME \
         WHERE c.TABLE_SCHEMA = '{db}' AND t.TABLE_TYPE = 'BASE TABLE'"
    );
    let out = run(&q, false);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut tables: BTreeMap<String, (String, BTreeMap<String, String>)> = BTreeMap::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let f: Vec<&str> = line.split('\t').collect();
        // The batch client escapes a backslash as `\\`.
        let unescape = |s: &str| s.replace("\\\\", "\\");
        let e = tables
            .entry(f[0].to_lowercase())
            .or_insert_with(|| (unescape(f[1]), BTreeMap::new()));
        e.1.insert(f[2].to_lowercase(), unescape(f[3]));
    }
    (render(tables), failed)
}

#[tokio::test(flavor = "multi_thread")]
async fn every_kind_is_replayed_as_mariadb_runs_it_or_reported() {
    let cases = cases();
    let covered: BTreeSet<&str> = cases.iter().map(|c| c.kind).collect();
    for kind in KINDS {
        assert!(covered.contains(kind), "kind `{kind}` has no case");
    }
    for c in &cases {
        assert!(KINDS.contains(&c.kind), "case `{}` is not in KINDS", c.kind);
    }
    let my = MariaDbServer::shared();
    let mut failures = Vec::new();
    for c in &cases {
        let db = my.create_db("kinds").await;
        let sql = c.sql.to_string();
        let (server_state, failed) = tokio::task::spawn_blocking({
            let db = db.clone();
            move || on_server(MariaDbServer::shared(), &db, &sql)
        })
        .await
        .unwrap();
        let (model_state, rules, problems) = replay(c.sql);
        let mut wrong = Vec::new();
        if server_state != c.state {
            wrong.push(format!("server: {server_state}"));
        }
        if model_state != c.model.unwrap_or(c.state) {
            wrong.push(format!("replay: {model_state}"));
        }
        if failed != c.server_errors {
            wrong.push(format!("server failed: {failed}"));
        }
        if rules != c.findings {
            wrong.push(format!("findings: {rules:?}"));
        }
        if !problems.is_empty() {
            wrong.push(format!("problems: {problems:?}"));
        }
        if !wrong.is_empty() {
            failures.push(format!(
                "{}: expected `{}`\n    {}",
                c.kind,
                c.state,
                wrong.join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_issue_minimal_case_3_replays() {
    let (state, rules, problems) = replay(
        "CREATE TABLE totp_configurations (secret varchar(64) COMMENT 'seed #PPI');\n\
         ALTER TABLE totp_configurations RENAME _bkp_totp_configurations;",
    );
    assert_eq!(state, "_bkp_totp_configurations[]: secret[seed #PPI]");
    assert!(
        rules.is_empty() && problems.is_empty(),
        "{rules:?} {problems:?}"
    );
}

fn cli_findings(dir: &std::path::Path, config: Option<&str>) -> Vec<(String, u64)> {
    let mut args = vec!["migrations", "--dialect", "mysql", "--format", "json"];
    let cfg = dir.join("pitag.toml");
    if let Some(c) = config {
        std::fs::write(&cfg, c).unwrap();
        args.extend(["--config", cfg.to_str().unwrap()]);
    }
    let sql = dir.join("sql");
    args.push(sql.to_str().unwrap());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pitag"))
        .args(&args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["location"]["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn version_dependent_ddl_is_reported_unless_the_server_is_pinned() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sql")).unwrap();
    std::fs::write(
        dir.path().join("sql/1.sql"),
        "CREATE TABLE t (id int, email varchar(99) COMMENT 'login #PPI') COMMENT 'T #PPI';\n\
         ALTER TABLE t MODIFY email varchar(99) /*!80000 COMMENT 'login #PPI' */;\n",
    )
    .unwrap();
    // Default (MySQL 8.4): the comment is kept, and the dependence reported.
    assert_eq!(
        cli_findings(dir.path(), None),
        [("version-dependent-ddl".to_string(), 2)]
    );
    // Pinned MariaDB 10.11 skips the body: the tag is lost, as on the server.
    assert_eq!(
        cli_findings(dir.path(), Some("[mysql]\nserver_version = \"10.11\"\n")),
        [("lost-tag".to_string(), 2)]
    );
    assert!(cli_findings(
        dir.path(),
        Some("[mysql]\nserver_version = \"mysql-8.0\"\n")
    )
    .is_empty());
    // The flag overrides the file.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pitag"))
        .args(["migrations", "--dialect", "mysql", "--format", "json"])
        .args(["--server-version", "mariadb-10.11"])
        .arg(dir.path().join("sql"))
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["findings"][0]["rule"], "lost-tag", "{r:#}");
    assert_eq!(r["findings"].as_array().unwrap().len(), 1);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pitag"))
        .args(["migrations", "--server-version", "latest"])
        .arg(dir.path().join("sql"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a server version"));
}

#[test]
fn dump_boilerplate_produces_no_findings() {
    // What mysqldump 8 and mariadb-dump write around a table.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sql")).unwrap();
    std::fs::write(
        dir.path().join("sql/dump.sql"),
        "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n\
         /*!50503 SET NAMES utf8mb4 */;\n\
         /*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;\n\
         /*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;\n\
         /*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n\
         /*!80000 SET @OLD_SQL_REQUIRE_PRIMARY_KEY=@@SQL_REQUIRE_PRIMARY_KEY, SQL_REQUIRE_PRIMARY_KEY=0 */;\n\
         /*M!100616 SET @OLD_NOTE_VERBOSITY=@@NOTE_VERBOSITY, NOTE_VERBOSITY=0 */;\n\
         CREATE DATABASE /*!32312 IF NOT EXISTS*/ `app` /*!40100 DEFAULT CHARACTER SET utf8mb4 */ /*!80016 DEFAULT ENCRYPTION='N' */;\n\
         /*!40101 SET @saved_cs_client     = @@character_set_client */;\n\
         CREATE TABLE `notes` (\n  `id` int NOT NULL /*!80023 INVISIBLE */,\n  `body` text COMMENT 'free text'\n\
         ) ENGINE=InnoDB /*!50100 PARTITION BY HASH (`id`) PARTITIONS 2 */ COMMENT='Notes';\n\
         /*!40101 SET character_set_client = @saved_cs_client */;\n\
         /*!40000 ALTER TABLE `notes` DISABLE KEYS */;\n\
         /*!40000 ALTER TABLE `notes` ENABLE KEYS */;\n\
         /*!40101 SET SQL_MODE=@OLD_SQL_MODE */;\n\
         /*!80000 SET SQL_REQUIRE_PRIMARY_KEY=@OLD_SQL_REQUIRE_PRIMARY_KEY */;\n",
    )
    .unwrap();
    assert_eq!(cli_findings(dir.path(), None), []);
}

/// (rule, table, column) of the state rules; a tag lost during the
/// migrations is, in the live catalog, simply missing.
fn state_findings(r: &serde_json::Value) -> BTreeSet<(String, String, Option<String>)> {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| {
            let column = f["column"].as_str().map(str::to_string);
            let rule = match f["rule"].as_str().unwrap() {
                "lost-tag" if column.is_some() => "missing-column-tag",
                "lost-tag" => "missing-table-tag",
                r @ ("missing-column-tag" | "missing-table-tag" | "malformed-tag"
                | "misplaced-tag") => r,
                _ => return None,
            };
            Some((
                rule.to_string(),
                f["table"].as_str()?.to_lowercase(),
                column,
            ))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn idempotent_fixture_matches_mariadb() {
    const FIXTURE: &str = "fixtures/mysql/idempotent";
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let my = MariaDbServer::shared();
    let db = my.create_db("idempotent").await;
    let mut files: Vec<_> = std::fs::read_dir(root.join(FIXTURE))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let url = my.admin_url(&db);
    let out = tokio::task::spawn_blocking(move || {
        let my = MariaDbServer::shared();
        for f in &files {
            // Each file in its own session, as a migration tool runs it.
            let sql = std::fs::read_to_string(f).unwrap();
            let (_, failed) = on_server(my, &db, &sql);
            assert!(!failed, "{} failed on MariaDB", f.display());
        }
        let dir = tempfile::tempdir().unwrap();
        let cfg = dir.path().join("pitag.toml");
        std::fs::write(&cfg, "[mysql]\nserver_version = \"mariadb-10.11\"\n").unwrap();
        let run = |args: &[&str]| {
            let o = std::process::Command::new(env!("CARGO_BIN_EXE_pitag"))
                .args(args)
                .current_dir(&root)
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            serde_json::from_slice::<serde_json::Value>(&o.stdout)
                .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)))
        };
        let cfg = cfg.to_str().unwrap().to_string();
        let migrations = run(&["migrations", FIXTURE, "--config", &cfg, "--format", "json"]);
        let default = run(&["migrations", FIXTURE, "--format", "json"]);
        let live = run(&["db", "--url", &url, "--config", &cfg, "--format", "json"]);
        (migrations, default, live)
    })
    .await
    .unwrap();
    let (migrations, default, live) = out;
    let expected: BTreeSet<(String, String, Option<String>)> = [
        ("missing-column-tag", "customers", Some("email")),
        ("missing-column-tag", "customers", Some("full_name")),
        (
            "missing-column-tag",
            "shipping_addresses",
            Some("postal_code"),
        ),
        ("missing-column-tag", "shipping_addresses", Some("street")),
    ]
    .into_iter()
    .map(|(r, t, c)| (r.to_string(), t.to_string(), c.map(str::to_string)))
    .collect();
    assert_eq!(state_findings(&migrations), expected, "{migrations:#}");
    assert_eq!(state_findings(&live), expected, "{live:#}");
    // Not pinned: the two conditional comments of V4 are reported.
    let pt016: Vec<u64> = default["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "version-dependent-ddl")
        .map(|f| f["location"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(pt016, [2, 3]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_procedure_without_delimiter_as_golang_migrate_sends_it() {
    // golang-migrate (multiStatements) sends the whole file: the server, not
    // the mysql client, splits it, so no DELIMITER is needed.
    const SQL: &str = "CREATE TABLE t (a int COMMENT 'x');\n\
        CREATE PROCEDURE upgrade()\n\
        BEGIN\n\
          IF NOT EXISTS (SELECT * FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()\n\
                         AND TABLE_NAME = 't' AND COLUMN_NAME = 'email') THEN\n\
            ALTER TABLE t ADD COLUMN email varchar(99) COMMENT 'login';\n\
          END IF;\n\
        END;\n\
        CALL upgrade();\n\
        DROP PROCEDURE upgrade;\n";
    let my = MariaDbServer::shared();
    let db = my.create_db("nodelim").await;
    my.exec(&db, SQL).await;
    let server = tokio::task::spawn_blocking(move || on_server(MariaDbServer::shared(), &db, "").0)
        .await
        .unwrap();
    let (model, rules, problems) = replay(SQL);
    assert_eq!(server, "t[]: a[x], email[login]");
    assert_eq!(model, server);
    assert!(
        rules.is_empty() && problems.is_empty(),
        "{rules:?} {problems:?}"
    );
}

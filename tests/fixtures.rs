//! Every fixture scenario, audited through the real binary: exact JSON
//! snapshots, plus explicit assertions of what each scenario is meant to show
//! (fixtures/README.md), so a snapshot cannot bless a wrong result unnoticed.

mod run_pitag;
use run_pitag::*;

fn audit(path: &str, extra: &[&str]) -> (serde_json::Value, i32) {
    let mut args = vec!["migrations", path, "--format", "json"];
    args.extend_from_slice(extra);
    let out = pitag(&args);
    let code = code(&out);
    assert!(
        code == 0 || code == 1,
        "{path}: exit {code}\n{}",
        stderr(&out)
    );
    (json(&out), code)
}

fn snapshot(name: &str, report: &serde_json::Value) {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_json_snapshot!(name, report["findings"]));
}

#[test]
fn postgres_golang_migrate() {
    let (r, code) = audit("fixtures/postgres/golang-migrate", &[]);
    assert_eq!(code, 1);
    assert_eq!(r["source"]["dialect"], "postgres");
    assert!(has(&r, "lost-tag", "users", Some("email")));
    assert!(has(&r, "late-tag", "users", Some("phone")));
    assert!(has(&r, "misplaced-tag", "addresses", Some("street")));
    assert!(has(&r, "malformed-tag", "addresses", Some("postal_code")));
    assert!(has(
        &r,
        "missing-column-tag",
        "addresses",
        Some("postal_code")
    ));
    assert!(has(&r, "missing-column-tag", "addresses", Some("latitude")));
    assert!(has(
        &r,
        "missing-column-tag",
        "addresses",
        Some("longitude")
    ));
    assert!(has(&r, "missing-table-tag", "addresses", None));
    assert!(has(&r, "unknown-table", "orders", None));
    assert!(
        !has(&r, "missing-column-tag", "users", Some("recovery_email")),
        "inline ignore must suppress"
    );
    assert!(!has(&r, "missing-column-tag", "users", Some("full_name")));
    assert!(!has(&r, "unused-suppression", "", None));
    let lost = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "lost-tag")
        .unwrap();
    assert_eq!(
        lost["location"]["file"],
        "fixtures/postgres/golang-migrate/000003_add_phone.up.sql"
    );
    assert_eq!(lost["location"]["line"], 4);
    assert_eq!(lost["expected_tags"], serde_json::json!(["#PPI"]));
    snapshot("postgres_golang_migrate", &r);
}

#[test]
fn postgres_flyway_orders_versions_numerically() {
    let (r, _) = audit("fixtures/postgres/flyway", &[]);
    for col in ["first_name", "last_name", "ssn", "badge_photo"] {
        assert!(has(&r, "lost-tag", "employee", Some(col)), "{col}");
    }
    assert!(has(&r, "lost-tag", "employee", None));
    assert!(!keys(&r)
        .iter()
        .any(|(_, t, _)| t == "site" || t == "employee_directory"));
    snapshot("postgres_flyway", &r);
}

#[test]
fn postgres_dump() {
    let (r, _) = audit("fixtures/postgres/dump/schema.sql", &[]);
    assert!(has(
        &r,
        "missing-column-tag",
        "contacts",
        Some("mobile_phone")
    ));
    assert!(
        !keys(&r)
            .iter()
            .any(|(rule, _, _)| rule == "unparsed-statement" || rule == "unknown-table"),
        "{r:#}"
    );
    assert!(!keys(&r).iter().any(|(_, t, _)| t == "visits_2024"));
    assert_eq!(
        r["summary"]["tables"], 2,
        "contacts and visits (the partition folds into its parent)"
    );
    snapshot("postgres_dump", &r);
}

#[test]
fn postgres_goose_dbmate_liquibase_prisma() {
    let (r, _) = audit("fixtures/postgres/goose", &[]);
    assert!(has(
        &r,
        "missing-column-tag",
        "patients",
        Some("birth_date")
    ));
    assert!(!keys(&r)
        .iter()
        .any(|(rule, _, _)| rule == "unparsed-statement"));
    snapshot("postgres_goose", &r);

    let (r, _) = audit("fixtures/postgres/dbmate", &[]);
    assert!(has(
        &r,
        "missing-column-tag",
        "drivers",
        Some("drivers_license")
    ));
    assert!(
        !keys(&r).iter().any(|(rule, _, _)| rule == "unknown-table"),
        "the down section must not be replayed"
    );
    snapshot("postgres_dbmate", &r);

    let (r, _) = audit("fixtures/postgres/liquibase", &[]);
    assert!(has(&r, "lost-tag", "members", Some("email")));
    assert!(!keys(&r)
        .iter()
        .any(|(rule, _, _)| rule == "unparsed-statement"));
    snapshot("postgres_liquibase", &r);

    let (r, _) = audit("fixtures/postgres/prisma", &[]);
    assert_eq!(r["source"]["dialect"], "postgres");
    assert!(has(&r, "missing-column-tag", "Customer", Some("firstName")));
    assert!(has(&r, "missing-column-tag", "Customer", Some("lastName")));
    assert!(has(
        &r,
        "missing-column-tag",
        "Customer",
        Some("phoneNumber")
    ));
    snapshot("postgres_prisma", &r);
}

#[test]
fn clean_fixtures_exit_zero() {
    for path in ["fixtures/postgres/clean", "fixtures/postgres/diesel"] {
        let (r, code) = audit(path, &[]);
        assert_eq!(code, 0, "{path}: {r:#}");
        assert_eq!(r["findings"], serde_json::json!([]), "{path}");
    }
}

#[test]
fn mysql_golang_migrate() {
    let (r, code) = audit("fixtures/mysql/golang-migrate", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        r["source"]["dialect"], "mysql",
        "inferred from backticks / ENGINE="
    );
    assert!(has(&r, "lost-tag", "customers", Some("email")));
    assert!(has(&r, "missing-column-tag", "customers", Some("iban")));
    assert!(has(&r, "missing-table-tag", "couriers", None));
    assert!(!has(&r, "lost-tag", "customers", Some("given_name")));
    assert!(!has(&r, "missing-table-tag", "stores", None));
    assert!(r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["schema"].is_null()));
    snapshot("mysql_golang_migrate", &r);
}

#[test]
fn mysql_flyway_dump_popx_sqlx() {
    let (r, _) = audit("fixtures/mysql/flyway", &["--dialect", "mysql"]);
    assert!(has(&r, "lost-tag", "member", None));
    snapshot("mysql_flyway", &r);

    let (r, _) = audit("fixtures/mysql/dump/shop.sql", &["--dialect", "mariadb"]);
    assert!(has(&r, "missing-column-tag", "orders", Some("card_number")));
    assert!(
        !keys(&r)
            .iter()
            .any(|(rule, _, _)| rule == "unparsed-statement"),
        "{r:#}"
    );
    snapshot("mysql_dump", &r);

    let (r, _) = audit("fixtures/mysql/popx", &["--dialect", "mysql"]);
    assert!(has(
        &r,
        "missing-column-tag",
        "identity_addresses",
        Some("phone_number")
    ));
    assert!(
        !has(
            &r,
            "missing-column-tag",
            "identity_addresses",
            Some("phone")
        ),
        "sqlite3 file must be skipped"
    );
    snapshot("mysql_popx", &r);

    let (r, _) = audit("fixtures/mysql/sqlx", &["--dialect", "mysql"]);
    assert!(has(&r, "malformed-tag", "accounts", Some("card_pan")));
    assert!(has(&r, "missing-column-tag", "accounts", Some("card_pan")));
    assert!(has(&r, "missing-table-tag", "accounts", None));
    snapshot("mysql_sqlx", &r);
}

#[test]
fn postgres_procedural() {
    // The first case alone: the DO block's DDL is audited.
    let (r, code) = audit("fixtures/postgres/procedural/000001_init.up.sql", &[]);
    assert_eq!(code, 1);
    assert!(has(&r, "missing-column-tag", "users", Some("email")));
    assert!(has(&r, "missing-column-tag", "contacts", Some("phone")));
    assert!(has(&r, "missing-table-tag", "contacts", None));

    let (r, code) = audit("fixtures/postgres/procedural", &[]);
    assert_eq!(code, 1);
    // 000002: the guard saw email exists (the ELSE branch tagged it); the
    // failing EXCEPTION block left no birth_date behind.
    assert!(has(&r, "late-tag", "users", Some("email")));
    assert!(!has(&r, "missing-column-tag", "users", Some("email")));
    assert!(!has(
        &r,
        "missing-column-tag",
        "contacts",
        Some("birth_date")
    ));
    assert!(has(&r, "missing-column-tag", "contacts", Some("phone")));
    // 000003: EXECUTE format(…) of literals replayed and tagged; the loop reported.
    assert!(!has(
        &r,
        "missing-column-tag",
        "contacts",
        Some("home_address")
    ));
    let dynamic: Vec<&serde_json::Value> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "dynamic-ddl")
        .collect();
    assert_eq!(dynamic.len(), 1, "{r:#}");
    assert_eq!(
        dynamic[0]["location"]["file"],
        "fixtures/postgres/procedural/000003_dynamic.up.sql"
    );
    assert_eq!(dynamic[0]["location"]["line"], 9);
    // 000004: the procedure ran by CALL, located in its body; the trigger function did not run.
    let passport = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "missing-column-tag" && f["column"] == "passport_number")
        .expect("travellers.passport_number");
    assert_eq!(passport["location"]["line"], 6);
    assert!(!has(&r, "missing-column-tag", "users", Some("national_id")));
    // 000005: ALTER TABLE IF EXISTS of a missing table is no unknown table.
    assert!(!keys(&r).iter().any(|(rule, _, _)| rule == "unknown-table"));
    assert!(!keys(&r)
        .iter()
        .any(|(rule, _, _)| rule == "unparsed-statement"));
    snapshot("postgres_procedural", &r);
}

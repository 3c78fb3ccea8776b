//! `pitag diff` against a real temporary git repository.

mod run_pitag;
use run_pitag::*;
use std::fs;

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    fs::create_dir(d.join("migrations")).unwrap();
    fs::write(
        d.join("migrations/0001_users.up.sql"),
        "CREATE TABLE users (id bigint, email text, legacy_phone text);\nCOMMENT ON TABLE users IS 'Users #PPI';\nCOMMENT ON COLUMN users.email IS 'Login #PPI';\n",
    )
    .unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "base"]);
    git(d, &["checkout", "-q", "-b", "feature"]);
    dir
}

#[test]
fn reports_only_what_the_branch_introduces() {
    let dir = repo();
    let d = dir.path();
    // Pre-existing finding (legacy_phone untagged) must not be reported.
    fs::write(
        d.join("migrations/0002_more.up.sql"),
        "ALTER TABLE users ADD COLUMN iban text;\nCOMMENT ON COLUMN users.email IS 'Login';\n",
    )
    .unwrap();
    let out = pitag_in(
        d,
        &["diff", "--base", "main", "migrations", "--format", "json"],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let r = json(&out);
    assert_eq!(r["source"]["kind"], "diff");
    assert!(
        has(&r, "missing-column-tag", "users", Some("iban")),
        "{r:#}"
    );
    assert!(has(&r, "lost-tag", "users", Some("email")));
    assert!(
        !has(&r, "missing-column-tag", "users", Some("legacy_phone")),
        "pre-existing findings are not the branch's"
    );
    assert!(!keys(&r)
        .iter()
        .any(|(rule, _, _)| rule == "edited-migration"));
}

#[test]
fn edited_and_deleted_migrations_are_reported() {
    let dir = repo();
    let d = dir.path();
    fs::write(
        d.join("migrations/0001_users.up.sql"),
        "CREATE TABLE users (id bigint, email text, legacy_phone text);\nCOMMENT ON TABLE users IS 'Users #PPI';\nCOMMENT ON COLUMN users.email IS 'Login #PPI';\nCOMMENT ON COLUMN users.legacy_phone IS 'Old #PPI';\n",
    )
    .unwrap();
    let out = pitag_in(
        d,
        &["diff", "--base", "main", "migrations", "--format", "json"],
    );
    let r = json(&out);
    let edited: Vec<&serde_json::Value> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "edited-migration")
        .collect();
    assert_eq!(edited.len(), 1, "{r:#}");
    assert_eq!(
        edited[0]["location"]["file"],
        "migrations/0001_users.up.sql"
    );
    assert_eq!(edited[0]["severity"], "warning");
    assert_eq!(code(&out), 0, "a warning alone passes by default");
    assert_eq!(
        code(&pitag_in(
            d,
            &[
                "diff",
                "--base",
                "main",
                "migrations",
                "--fail-on",
                "warning"
            ]
        )),
        1
    );

    fs::remove_file(d.join("migrations/0001_users.up.sql")).unwrap();
    fs::write(
        d.join("migrations/0002_x.up.sql"),
        "CREATE TABLE t (id int);\n",
    )
    .unwrap();
    let r = json(&pitag_in(
        d,
        &["diff", "--base", "main", "migrations", "--format", "json"],
    ));
    assert!(
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "edited-migration"
                && f["message"].as_str().unwrap().contains("deleted")),
        "{r:#}"
    );
}

#[test]
fn unknown_ref_and_no_repo_exit_2() {
    let dir = repo();
    let out = pitag_in(
        dir.path(),
        &["diff", "--base", "no-such-branch", "migrations"],
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("unknown git ref `no-such-branch`"),
        "{}",
        stderr(&out)
    );
    let plain = tempfile::tempdir().unwrap();
    fs::create_dir(plain.path().join("migrations")).unwrap();
    fs::write(
        plain.path().join("migrations/0001_a.up.sql"),
        "CREATE TABLE a (id int);\n",
    )
    .unwrap();
    let out = pitag_in(plain.path(), &["diff", "--base", "main", "migrations"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("git"), "{}", stderr(&out));
}

#[test]
fn a_folder_new_on_the_branch_is_judged_whole() {
    let dir = repo();
    let d = dir.path();
    fs::create_dir(d.join("billing")).unwrap();
    fs::write(
        d.join("billing/0001_cards.up.sql"),
        "CREATE TABLE cards (id int, card_number text);\n",
    )
    .unwrap();
    let r = json(&pitag_in(
        d,
        &["diff", "--base", "main", "billing", "--format", "json"],
    ));
    assert!(
        has(&r, "missing-column-tag", "cards", Some("card_number")),
        "{r:#}"
    );
}

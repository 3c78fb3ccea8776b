//! Shared by tests/inventory_html.rs and benches/inventory_html.rs: headless
//! Chromium, inventory rows, a synthetic tenant estate.

#![allow(dead_code)]

use pitag::classify::{Category, Confidence};
use pitag::dialect::Dialect;
use pitag::model::Origin;
use pitag::pi_inventory::{Inventory, Item, Status};
use pitag::report::pi_inventory::html;
use pitag::report::SourceInfo;
use pitag::tags::Tag;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

pub const SHOP: &str = "postgres://app@shop.example.invalid:5432/shop";

pub fn chromium() -> PathBuf {
    let candidates = [
        std::env::var("PITAG_CHROMIUM").unwrap_or_default(),
        "/usr/bin/chromium".to_string(),
        "/usr/bin/chromium-browser".to_string(),
    ];
    for c in candidates.iter().filter(|c| !c.is_empty()) {
        if Path::new(c).is_file() {
            return PathBuf::from(c);
        }
    }
    panic!(
        "Chromium is needed to test the HTML inventory page and was not found \
         (looked at $PITAG_CHROMIUM, /usr/bin/chromium, /usr/bin/chromium-browser). \
         Install it: `apt-get install --no-install-recommends chromium` \
         or `bash scripts/install-test-deps.sh`."
    );
}

/// Runs headless Chromium on `url` with a fresh profile and no background
/// traffic of its own (component updates, sync, …), returns stdout.
pub fn run_chromium(extra: &[String], url: &str) -> String {
    // One browser at a time: tests run in parallel, and on a loaded
    // two-core machine concurrent browsers starve each other of the
    // frames a virtual-time budget counts on (a slice left undrawn).
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let profile = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(chromium());
    cmd.args([
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--disable-domain-reliability",
        "--disable-client-side-phishing-detection",
        "--no-pings",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()))
    .args(extra)
    .arg(url)
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let child = cmd.spawn().expect("start chromium");
    let id = child.id();
    // A hung browser must not hang the test run.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let out = match rx.recv_timeout(Duration::from_secs(120)) {
        Ok(out) => out.expect("wait for chromium"),
        Err(_) => {
            unsafe { libc::kill(id as i32, libc::SIGKILL) };
            panic!("chromium did not finish within 120 s on {url}");
        }
    };
    assert!(
        out.status.success(),
        "chromium failed on {url}: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("DOM is UTF-8")
}

pub fn file_url(path: &Path, hash: &str) -> String {
    let url = url::Url::from_file_path(path).unwrap();
    format!("{url}{hash}")
}

pub fn dump_dom(page: &Path, hash: &str) -> String {
    let dom = run_chromium(&["--dump-dom".to_string()], &file_url(page, hash));
    assert!(dom.contains("</html>"), "no DOM dumped:\n{dom}");
    dom
}

#[allow(clippy::too_many_arguments)]
pub fn item(
    database: &str,
    schema: Option<&str>,
    table: &str,
    column: Option<&str>,
    status: Status,
    category: Option<Category>,
    tags: &[Tag],
    evidence: Option<&str>,
) -> Item {
    let expected = category.and_then(Category::tag).into_iter().collect();
    Item {
        database: database.to_string(),
        schema: schema.map(str::to_string),
        table: table.to_string(),
        column: column.map(str::to_string),
        data_type: column.map(|_| "varchar(255)".to_string()),
        tags: tags.to_vec(),
        expected_tags: expected,
        status,
        category,
        confidence: category.map(|_| Confidence::High),
        evidence: evidence.map(str::to_string),
        created: Some(Origin::Database {
            database: database.to_string(),
        }),
        commented: None,
        suppressed: false,
    }
}

pub fn write_page(inv: &Inventory, dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let mut out = Vec::new();
    html::write(inv, &mut out).unwrap();
    std::fs::write(&path, out).unwrap();
    path
}

pub fn synthetic(columns: usize) -> Inventory {
    // Tenant schemas of a SaaS estate (100 schemas of 5 tables of 20 PI
    // columns), names, origins and evidence as long as real ones; a table
    // has the same rows in every schema.
    const NAMES: [(&str, Category); 10] = [
        ("email_address", Category::ContactEmail),
        ("phone_number", Category::ContactPhone),
        ("first_name", Category::PersonName),
        ("last_name", Category::PersonName),
        ("date_of_birth", Category::PersonBirthDate),
        ("street_address", Category::ContactAddress),
        ("postal_code", Category::ContactAddress),
        ("iban", Category::FinancialAccount),
        ("national_id", Category::PersonNationalId),
        ("home_location", Category::GeoCoordinates),
    ];
    let mut items = Vec::with_capacity(columns + columns / 10);
    let mut n = 0;
    let mut t = 0;
    while n < columns {
        let schema = format!("tenant_{:04}", t / 5);
        let table = ["customers", "invoices", "shipments", "contacts", "profiles"][t % 5];
        items.push(Item {
            created: Some(Origin::file(
                format!("db/migrations/{:04}_create_{table}.up.sql", t % 5 + 1),
                3,
            )),
            ..item(
                SHOP,
                Some(&schema),
                table,
                None,
                Status::Missing,
                None,
                &[],
                None,
            )
        });
        for k in 0..20 {
            if n == columns {
                break;
            }
            let (name, cat) = NAMES[k % NAMES.len()];
            let column = format!("{name}_{}", k / NAMES.len());
            let status = match (t % 5 + k) % 7 {
                0 | 1 => Status::Missing,
                2 => Status::Lost,
                _ => Status::Tagged,
            };
            let tags: Vec<Tag> = if status.is_tagged() {
                cat.tag().into_iter().collect()
            } else {
                vec![]
            };
            let evidence = format!("column name `{column}` matches {}", cat.describe());
            let mut it = item(
                SHOP,
                Some(&schema),
                table,
                Some(&column),
                status,
                Some(cat),
                &tags,
                Some(&evidence),
            );
            it.created = Some(Origin::file(
                format!("db/migrations/{:04}_create_{table}.up.sql", t % 5 + 1),
                4 + k as u32,
            ));
            it.commented = Some(Origin::file(
                "db/migrations/0042_comments.up.sql",
                10 + k as u32,
            ));
            items.push(it);
            n += 1;
        }
        t += 1;
    }
    Inventory {
        source: SourceInfo {
            kind: "migrations".to_string(),
            dialect: Dialect::Postgres,
            paths: vec!["db/migrations".to_string()],
            failed: None,
        },
        items,
    }
}

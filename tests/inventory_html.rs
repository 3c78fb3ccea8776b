//! The HTML inventory page in a real browser: headless Chromium (Debian
//! `chromium`, installed by `scripts/install-test-deps.sh`) opens the page
//! from a file, and the tests read the DOM it rendered: the rows, the coverage
//! figures, escaping of hostile names, the filters from the URL hash. One run
//! saves a screenshot to `target/test-artifacts/inventory.png`; one records
//! Chromium's network log and proves the page requests nothing (a leaky
//! control page proves the check sees requests). Without Chromium the tests
//! fail with the install hint.
//!
//! Load time is measured, not asserted: `cargo bench --bench inventory_html`.

mod inventory_page;

use inventory_page::*;
use pitag::classify::Category;
use pitag::dialect::Dialect;
use pitag::model::Origin;
use pitag::pi_inventory::{coverage_by, Inventory, Item, Status};
use pitag::report::SourceInfo;
use pitag::tags::Tag;
use std::path::Path;
use std::time::Instant;

const CRM: &str = "mysql://report@crm.example.invalid:3306/crm";
const HOSTILE_TABLE: &str = "<script>alert(1)</script>";
const HOSTILE_COLUMN: &str = "\"><img src=x onerror=alert(2)>";
const QUOTED_SCHEMA: &str = "we\"ird'schema";

// ---------------------------------------------------------------- the DOM

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// The text of every cell of every rendered row of the big table.
fn rendered_rows(dom: &str) -> Vec<Vec<String>> {
    let start = dom.find("<tbody id=\"rows\">").expect("rows tbody") + "<tbody id=\"rows\">".len();
    let body = &dom[start..start + dom[start..].find("</tbody>").expect("tbody end")];
    body.split("<tr")
        .skip(1)
        .filter(|tr| !tr.starts_with(" class=\"more\""))
        .map(|tr| {
            tr.split("<td")
                .skip(1)
                .map(|td| {
                    let text = &td[td.find('>').unwrap() + 1..td.find("</td>").unwrap()];
                    assert!(!text.contains('<'), "markup inside a cell: {text}");
                    unescape(text)
                })
                .collect()
        })
        .collect()
}

/// Text of the first element after `marker` (within the DOM) opened by `open`.
fn text_after<'a>(dom: &'a str, marker: &str, open: &str) -> &'a str {
    let at = dom
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} not in DOM"));
    let rest = &dom[at..];
    let s = rest
        .find(open)
        .unwrap_or_else(|| panic!("{open} after {marker}"))
        + open.len();
    let rest = &rest[s..];
    &rest[..rest.find('<').unwrap()]
}

fn attr<'a>(dom: &'a str, marker: &str, name: &str) -> &'a str {
    let at = dom.find(marker).unwrap();
    let tag = &dom[at..at + dom[at..].find('>').unwrap()];
    let key = format!(" {name}=\"");
    let s = tag.find(&key).unwrap_or_else(|| panic!("{name} in {tag}")) + key.len();
    &tag[s..s + tag[s..].find('"').unwrap()]
}

// ------------------------------------------------------------------- data

fn sample() -> Inventory {
    use Category::*;
    use Status::*;
    let p = &[Tag::Ppi][..];
    let g = &[Tag::Geo][..];
    let mut items = vec![
        item(SHOP, Some("public"), "users", None, Tagged, None, p, None),
        item(
            SHOP,
            Some("public"),
            "users",
            Some("email"),
            Tagged,
            Some(ContactEmail),
            p,
            Some("name: email"),
        ),
        item(
            SHOP,
            Some("public"),
            "users",
            Some("phone"),
            Missing,
            Some(ContactPhone),
            &[],
            Some("name: phone"),
        ),
        item(
            SHOP,
            Some("public"),
            "users",
            Some("full_name"),
            Misplaced,
            Some(PersonName),
            p,
            Some("name: full name"),
        ),
        item(
            SHOP,
            Some("public"),
            "users",
            Some("nickname"),
            TaggedButNotClassified,
            None,
            p,
            None,
        ),
        item(
            SHOP,
            Some("public"),
            "addresses",
            None,
            Missing,
            None,
            &[],
            None,
        ),
        item(
            SHOP,
            Some("public"),
            "addresses",
            Some("street"),
            Lost,
            Some(ContactAddress),
            &[],
            Some("name: street"),
        ),
        item(
            SHOP,
            Some("public"),
            "addresses",
            Some("geo_point"),
            Tagged,
            Some(GeoCoordinates),
            g,
            Some("type: point"),
        ),
        item(
            SHOP,
            Some("billing"),
            "cards",
            Some("card_number"),
            Malformed,
            Some(FinancialCard),
            &[],
            Some("name: card number"),
        ),
        item(
            SHOP,
            Some("billing"),
            "cards",
            Some("holder"),
            Missing,
            Some(PersonName),
            &[],
            Some("name: holder"),
        ),
        item(
            SHOP,
            Some(QUOTED_SCHEMA),
            HOSTILE_TABLE,
            None,
            Missing,
            None,
            &[],
            None,
        ),
        item(
            SHOP,
            Some(QUOTED_SCHEMA),
            HOSTILE_TABLE,
            Some(HOSTILE_COLUMN),
            Missing,
            Some(ContactEmail),
            &[],
            Some("</script><script>alert(3)</script>"),
        ),
        item(
            CRM,
            None,
            "contacts",
            Some("email_address"),
            Missing,
            Some(ContactEmail),
            &[],
            Some("name: email address"),
        ),
        item(
            CRM,
            None,
            "contacts",
            Some("mobile"),
            Tagged,
            Some(ContactPhone),
            p,
            Some("name: mobile"),
        ),
        item(
            CRM,
            None,
            "contacts",
            Some("last_ip"),
            Tagged,
            Some(SecondaryIpAddress),
            &[],
            Some("name: ip"),
        ),
    ];
    // Tenant schemas: the same table in five schemas, email untagged in each.
    for t in 1..=5 {
        let schema = format!("tenant_{t:03}");
        items.push(item(
            SHOP,
            Some(&schema),
            "members",
            Some("email"),
            Missing,
            Some(ContactEmail),
            &[],
            Some("name: email"),
        ));
        items.push(item(
            SHOP,
            Some(&schema),
            "members",
            Some("birth_date"),
            Tagged,
            Some(PersonBirthDate),
            p,
            Some("name: birth date"),
        ));
    }
    items[1].suppressed = true;
    items[1].created = Some(Origin::file("db/migrations/0001_init.up.sql", 12));
    Inventory {
        source: SourceInfo {
            kind: "database".to_string(),
            dialect: Dialect::Postgres,
            paths: vec![SHOP.to_string(), CRM.to_string()],
            failed: Some(Vec::new()),
        },
        items,
    }
}

/// The fields the page's search looks in, as the table shows them.
fn searchable(i: &Item) -> String {
    let tags = |t: &[Tag]| t.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(" ");
    [
        i.database.clone(),
        i.schema.clone().unwrap_or_default(),
        i.table.clone(),
        i.column.clone().unwrap_or_default(),
        i.data_type.clone().unwrap_or_default(),
        tags(&i.tags),
        tags(&i.expected_tags),
        i.status.to_string(),
        i.category.map(|c| c.to_string()).unwrap_or_default(),
        i.confidence
            .map(|c| c.as_str().to_string())
            .unwrap_or_default(),
        i.evidence.clone().unwrap_or_default(),
    ]
    .join("\u{1}")
    .to_lowercase()
}

fn percent(found: usize, tagged: usize) -> String {
    let tenths = tagged * 1000 / found;
    format!("{}.{}%", tenths / 10, tenths % 10)
}

// ------------------------------------------------------------------ tests

#[test]
fn page_renders_every_row_with_the_coverage_computed_in_rust() {
    let inv = sample();
    let dir = tempfile::tempdir().unwrap();
    let page = write_page(&inv, dir.path(), "inventory.html");
    let dom = dump_dom(&page, "");

    // Every item is a row; the count shown matches.
    let rows = rendered_rows(&dom);
    assert_eq!(rows.len(), inv.items.len());
    assert!(rows.iter().all(|r| r.len() == 13), "13 cells per row");
    assert_eq!(
        text_after(&dom, "id=\"shown\"", ">"),
        inv.items.len().to_string()
    );
    // Rows in the inventory's order (no sort asked for).
    for (row, item) in rows.iter().zip(&inv.items) {
        assert_eq!(row[0], item.database);
        assert_eq!(row[2], item.table);
        assert_eq!(
            row[3],
            item.column.clone().unwrap_or_else(|| "(table)".into())
        );
        assert_eq!(row[7], item.status.as_str());
    }

    // Coverage per database: the figures shown are the ones Rust computes.
    let by_db = coverage_by(&inv.items, |i| Some(i.database.clone()));
    assert_eq!(by_db.len(), 2);
    for (db, c) in &by_db {
        let marker = format!("<div class=\"db\" data-db=\"{db}\"");
        assert_eq!(attr(&dom, &marker, "data-found"), c.found.to_string());
        assert_eq!(attr(&dom, &marker, "data-tagged"), c.tagged.to_string());
        assert_eq!(attr(&dom, &marker, "data-missing"), c.missing.to_string());
        assert_eq!(
            text_after(&dom, &marker, "<span class=\"pct\">"),
            percent(c.found, c.tagged),
            "coverage of {db}"
        );
    }
    let found: usize = by_db.values().map(|c| c.found).sum();
    let tagged: usize = by_db.values().map(|c| c.tagged).sum();
    assert_eq!(attr(&dom, "id=\"totals\"", "data-found"), found.to_string());
    assert_eq!(
        text_after(&dom, "id=\"totals\"", "<b class=\"pct\">"),
        percent(found, tagged)
    );
    // Per schema, and the tenant schemas as one bar.
    let by_schema = coverage_by(&inv.items, |i| {
        Some((i.database.clone(), i.schema.clone().unwrap_or_default()))
    });
    let billing = by_schema[&(SHOP.to_string(), "billing".to_string())];
    assert_eq!(
        text_after(
            &dom,
            "<tr data-schema=\"billing\"",
            "<td class=\"num pct\">"
        ),
        percent(billing.found, billing.tagged)
    );
    assert!(dom.contains("<code>tenant_*</code> <span class=\"count\">— 5 schemas</span>"));
    // By category.
    let by_cat = coverage_by(&inv.items, |i| i.category);
    let email = by_cat[&Category::ContactEmail];
    assert_eq!(
        text_after(
            &dom,
            "<tr data-category=\"contact.email\"",
            "<td class=\"num pct\">"
        ),
        percent(email.found, email.tagged)
    );

    // The worst tables: the tenant table first (5 untagged emails), as one line.
    let worst = &dom[dom.find("<table class=\"worst\">").expect("worst tables")..];
    let first = &worst[worst.find("<tbody>").unwrap()..];
    let first = &first[..first.find("</tr>").unwrap()];
    assert!(
        first.contains("<code>tenant_*.members</code> — 5 schemas"),
        "first worst table: {first}"
    );
    assert!(first.contains("1 × 5 = 5"), "{first}");
}

#[test]
fn hostile_names_stay_text() {
    let inv = sample();
    let dir = tempfile::tempdir().unwrap();
    let page = write_page(&inv, dir.path(), "inventory.html");
    let source = std::fs::read_to_string(&page).unwrap();
    // In the file: the JSON block cannot be closed early, the summaries are escaped.
    assert_eq!(
        source.matches("</script>").count(),
        2,
        "only the page's own two script blocks"
    );
    assert!(!source.contains("<img"));
    assert!(
        source.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "worst tables escape the name"
    );

    let dom = dump_dom(&page, "");
    // No element was injected: the only scripts are the page's, no img exists.
    assert_eq!(dom.matches("<script").count(), 2, "scripts in the DOM");
    assert!(!dom.contains("<img"), "an injected img element");
    assert!(!dom.contains("alert(1)</script>"));
    // The names are shown as text, in the table rows and the summaries.
    let rows = rendered_rows(&dom);
    let hostile: Vec<&Vec<String>> = rows.iter().filter(|r| r[2] == HOSTILE_TABLE).collect();
    assert_eq!(hostile.len(), 2);
    assert_eq!(hostile[1][3], HOSTILE_COLUMN);
    assert_eq!(hostile[1][1], QUOTED_SCHEMA);
    assert_eq!(hostile[1][12], "</script><script>alert(3)</script>");
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(dom.contains("<td>we\"ird'schema</td>"));
    // The script ran under the page's CSP (hashes match), so rows exist.
    assert!(source.contains("default-src 'none'"));
    assert!(!rows.is_empty());
}

#[test]
fn filters_come_from_the_url_hash() {
    let inv = sample();
    let dir = tempfile::tempdir().unwrap();
    let page = write_page(&inv, dir.path(), "inventory.html");

    // Text search.
    let dom = dump_dom(&page, "#q=email");
    let expected: Vec<&Item> = inv
        .items
        .iter()
        .filter(|i| searchable(i).contains("email"))
        .collect();
    let rows = rendered_rows(&dom);
    assert_eq!(rows.len(), expected.len());
    assert!(rows.len() > 1 && rows.len() < inv.items.len());
    assert_eq!(
        text_after(&dom, "id=\"shown\"", ">"),
        expected.len().to_string()
    );
    assert!(
        dom.contains("value=\"email\"") || dom.contains("Filtered: search"),
        "the filter shows"
    );

    // Status.
    let dom = dump_dom(&page, "#status=missing");
    let rows = rendered_rows(&dom);
    let missing = inv
        .items
        .iter()
        .filter(|i| i.status == Status::Missing)
        .count();
    assert_eq!(rows.len(), missing);
    assert!(rows.iter().all(|r| r[7] == "missing"));

    // Untagged in one database, sorted by column, descending.
    let db: String = url::form_urlencoded::byte_serialize(SHOP.as_bytes()).collect();
    let dom = dump_dom(&page, &format!("#status=untagged&db={db}&sort=-column"));
    let rows = rendered_rows(&dom);
    let mut expected: Vec<String> = inv
        .items
        .iter()
        .filter(|i| i.database == SHOP && !i.status.is_tagged())
        .map(|i| i.column.clone().unwrap_or_else(|| "(table)".into()))
        .collect();
    assert_eq!(rows.len(), expected.len());
    expected.sort_by_key(|c| std::cmp::Reverse(c.to_lowercase()));
    // The collator and Rust agree on these plain names; the hostile one
    // (starting with a quote) sorts last in both.
    let shown: Vec<&str> = rows.iter().map(|r| r[3].as_str()).collect();
    assert_eq!(shown[0], expected[0], "descending by column: {shown:?}");
    assert!(rows.iter().all(|r| r[0] == SHOP && r[7] != "tagged"));
    assert!(dom.contains("aria-sort=\"descending\""));

    // A category link.
    let dom = dump_dom(&page, "#cat=contact.email");
    let rows = rendered_rows(&dom);
    let emails = inv
        .items
        .iter()
        .filter(|i| i.category == Some(Category::ContactEmail))
        .count();
    assert_eq!(rows.len(), emails);
}

#[test]
fn screenshot_is_saved_as_a_test_artifact() {
    let inv = sample();
    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let page = write_page(&inv, &artifacts, "inventory.html");
    let png = artifacts.join("inventory.png");
    let _ = std::fs::remove_file(&png);
    run_chromium(
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1280,2000".to_string(),
        ],
        &file_url(&page, ""),
    );
    let bytes = std::fs::read(&png).expect("screenshot written");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert_eq!((width, height), (1280, 2000));
    // A blank page of that size compresses to a few kB.
    assert!(bytes.len() > 30_000, "screenshot is {} bytes", bytes.len());
}

/// Page-initiated requests in a Chromium net log: URL_REQUEST_START_JOB
/// events of http(s)/ws(s) URLs whose network isolation key is the file://
/// page (Chromium's own background requests have other keys).
fn page_requests(net_log: &Path) -> Vec<String> {
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(net_log).expect("net log written"))
            .expect("net log is JSON");
    let start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
        .as_i64()
        .expect("URL_REQUEST_START_JOB in the log's constants");
    log["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"].as_i64() == Some(start_job))
        .map(|e| &e["params"])
        .filter(|p| {
            p["network_isolation_key"]
                .as_str()
                .is_some_and(|k| k.contains("file://"))
                || p["initiator"].as_str() == Some("null")
        })
        .filter_map(|p| p["url"].as_str())
        .filter(|u| {
            ["http:", "https:", "ws:", "wss:"]
                .iter()
                .any(|s| u.starts_with(s))
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn no_request_leaves_the_page() {
    let inv = sample();
    let dir = tempfile::tempdir().unwrap();
    let page = write_page(&inv, dir.path(), "inventory.html");

    // The source references nothing outside itself: no URL of a fetching
    // scheme, no external resource, no script API that fetches (the JSON
    // block is data and is left out; so are the hostile names, which hold
    // such text on purpose and are tested as text elsewhere).
    let mut tame = sample();
    tame.items.retain(|i| {
        i.table != HOSTILE_TABLE && i.evidence.as_deref().is_none_or(|e| !e.contains('<'))
    });
    let tame_page = write_page(&tame, dir.path(), "tame.html");
    let source = std::fs::read_to_string(&tame_page).unwrap();
    let data_start = source.find("<script type=\"application/json\"").unwrap();
    let data_end = data_start + source[data_start..].find("</script>").unwrap();
    let code = format!("{}{}", &source[..data_start], &source[data_end..]);
    for needle in [
        "http:",
        "https:",
        "ws:",
        "wss:",
        "ftp:",
        "url(",
        "@import",
        " src=",
        "<link",
        "<iframe",
        "<object",
        "<embed",
        "fetch(",
        "XMLHttpRequest",
        "WebSocket",
        "sendBeacon",
        "EventSource",
    ] {
        assert!(!code.contains(needle), "`{needle}` in the page");
    }

    // The check sees a request: a control page that makes two.
    let control = dir.path().join("control.html");
    std::fs::write(
        &control,
        "<!DOCTYPE html><html><body><img src=\"http://127.0.0.1:9/pixel.png\">\
         <script>fetch('https://example.invalid/x').catch(function(){})</script></body></html>",
    )
    .unwrap();
    let log = dir.path().join("control-net.json");
    run_chromium(
        &[
            format!("--log-net-log={}", log.display()),
            "--dump-dom".to_string(),
        ],
        &file_url(&control, ""),
    );
    let seen = page_requests(&log);
    assert!(
        seen.iter().any(|u| u.starts_with("http://127.0.0.1:9/"))
            && seen
                .iter()
                .any(|u| u.starts_with("https://example.invalid/")),
        "the net-log check does not see the control page's requests: {seen:?}"
    );

    // The inventory page, with a filter and a sort, makes none.
    let log = dir.path().join("page-net.json");
    let dom = run_chromium(
        &[
            format!("--log-net-log={}", log.display()),
            "--dump-dom".to_string(),
        ],
        &file_url(&page, "#q=users&sort=table"),
    );
    assert!(!rendered_rows(&dom).is_empty(), "the page rendered");
    assert_eq!(page_requests(&log), Vec::<String>::new());
}

#[test]
fn ten_thousand_pi_columns_stay_under_two_megabytes_and_render() {
    let inv = synthetic(10_000);
    assert_eq!(
        inv.items.iter().filter(|i| i.column.is_some()).count(),
        10_000
    );
    // Kept as a test artifact beside the screenshot: the page at scale.
    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let page = write_page(&inv, &artifacts, "inventory-10000.html");
    let size = std::fs::metadata(&page).unwrap().len();
    assert!(size < 2 * 1024 * 1024, "10,000 PI columns: {size} bytes");

    let started = Instant::now();
    let dom = dump_dom(&page, "");
    eprintln!(
        "10,000 PI columns: {size} bytes, Chromium run {:?}",
        started.elapsed()
    );
    // Every row matches; the first slice is drawn, the rest as one scrolls.
    assert_eq!(
        text_after(&dom, "id=\"shown\"", ">"),
        inv.items.len().to_string()
    );
    let rows = rendered_rows(&dom);
    assert_eq!(rows.len(), 200);
    assert!(rows.iter().all(|r| r.len() == 13));
    assert!(dom.contains(&format!("200 of {} rows drawn", inv.items.len())));
    // In a window tall enough to show the end of the first slice, the next
    // slice is drawn as it comes into view (and no more).
    let dom = run_chromium(
        &[
            "--window-size=1280,20000".to_string(),
            "--virtual-time-budget=3000".to_string(),
            "--dump-dom".to_string(),
        ],
        &file_url(&page, ""),
    );
    assert_eq!(rendered_rows(&dom).len(), 1200);
    // A filter draws its rows from the whole inventory.
    let dom = dump_dom(&page, "#q=tenant_0099%20iban_0&status=missing");
    let expected = inv
        .items
        .iter()
        .filter(|i| i.status == Status::Missing)
        .filter(|i| searchable(i).contains("tenant_0099") && searchable(i).contains("iban_0"))
        .count();
    assert!(expected > 0);
    assert_eq!(rendered_rows(&dom).len(), expected);
    // Tenant tables are one line each in the worst-tables list.
    assert!(
        dom.contains("<code>tenant_*.customers</code> — 100 schemas"),
        "grouped tenant tables"
    );
}

fn pdf_pages(pdf: &Path) -> usize {
    let bytes = std::fs::read(pdf).expect("PDF written");
    // Leaf page objects: `/Type /Page` not followed by `s` (`/Pages` nodes).
    bytes
        .windows(11)
        .enumerate()
        .filter(|(at, w)| *w == b"/Type /Page" && bytes.get(at + 11) != Some(&b's'))
        .count()
}

#[test]
fn printing_draws_every_row() {
    // The screen draws 200 rows at first; printing must draw them all.
    let dir = tempfile::tempdir().unwrap();
    let print = |inv: &Inventory, name: &str| {
        let page = write_page(inv, dir.path(), &format!("{name}.html"));
        let pdf = dir.path().join(format!("{name}.pdf"));
        run_chromium(
            &[
                format!("--print-to-pdf={}", pdf.display()),
                "--no-pdf-header-footer".to_string(),
            ],
            &file_url(&page, ""),
        );
        pdf_pages(&pdf)
    };
    let full = synthetic(1_000);
    let mut first = synthetic(1_000);
    first.items.truncate(200);
    let (all_pages, first_pages) = (print(&full, "full"), print(&first, "first"));
    eprintln!(
        "printed: {} rows on {all_pages} pages, 200 rows on {first_pages}",
        full.items.len()
    );
    assert!(first_pages > 1);
    assert!(
        all_pages > 3 * first_pages,
        "{} rows printed on {all_pages} pages, 200 rows on {first_pages}",
        full.items.len()
    );
}

#[test]
fn same_inventory_same_bytes() {
    // No timestamp, no hash-map order: two writes (each with fresh hash-map
    // seeds) give the same page, so a page in a CI artifact diffs cleanly.
    let write = |inv: &Inventory| {
        let mut out = Vec::new();
        pitag::report::pi_inventory::html::write(inv, &mut out).unwrap();
        out
    };
    let (a, b) = (write(&sample()), write(&sample()));
    assert_eq!(a, b);
    let big = synthetic(2_000);
    assert_eq!(write(&big), write(&big));
}

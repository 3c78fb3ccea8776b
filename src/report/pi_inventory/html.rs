//! The inventory as one self-contained HTML page: coverage per database and
//! schema as bars, a breakdown by category, the worst tables first, and a
//! sortable, filterable table of every PI row.
//!
//! The page opens from a file or a CI artifact and never touches the network:
//! CSS, JavaScript and SVG are inline, and its Content-Security-Policy allows
//! nothing else (`default-src 'none'`, the one style and the one script by
//! hash). Summaries are HTML written here; the rows travel as one compact JSON
//! block (strings interned once, rows as index arrays) that the script renders
//! with `textContent`, so user data (names, comments, evidence) is never
//! parsed as markup. The output holds no timestamp: the same inventory gives
//! the same bytes.

use crate::classify::Category;
use crate::model::Origin;
use crate::pi_inventory::{coverage_by, Coverage, Inventory, Item, Status};
use crate::report::junit::escape as xml_escape;
use base64::Engine as _;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::{self, Write};
use strum::IntoEnumIterator;

const CSS: &str = include_str!("inventory.css");
const JS: &str = include_str!("inventory.js");

/// Worst-table groups listed; the full table below keeps every row.
const WORST_LIMIT: usize = 25;
/// Schema bars per database; the rest are summed up in one line.
const SCHEMA_LIMIT: usize = 40;
/// From this many schemas with the same figures and a shared name prefix on,
/// they collapse into one bar (`tenant_* — 500 schemas`).
const SCHEMA_GROUP_MIN: usize = 3;

/// Write the page.
pub fn write(inv: &Inventory, out: &mut dyn Write) -> io::Result<()> {
    let mut page = String::with_capacity(64 * 1024 + inv.items.len() * 64);
    let data = rows_json(inv);
    let csp = format!(
        "default-src 'none'; style-src '{}'; script-src '{}'; img-src data:; base-uri 'none'; form-action 'none'",
        sha256_source(CSS),
        sha256_source(JS)
    );
    let by_db = coverage_by(&inv.items, |i| Some(i.database.clone()));
    let total = total_coverage(&by_db);
    let databases: BTreeSet<&str> = inv.items.iter().map(|i| i.database.as_str()).collect();
    let tables: BTreeSet<(&str, Option<&str>, &str)> = inv
        .items
        .iter()
        .map(|i| (i.database.as_str(), i.schema.as_deref(), i.table.as_str()))
        .collect();

    let _ = writeln!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>PI inventory</title>\n<style>{CSS}</style>\n</head>\n<body>"
    );
    header(&mut page, inv, &total, databases.len(), tables.len());
    page.push_str("<main>\n");
    coverage_section(&mut page, inv, &by_db);
    category_section(&mut page, inv);
    worst_section(&mut page, inv, databases.len() > 1);
    columns_section(&mut page, inv);
    page.push_str("</main>\n<script type=\"application/json\" id=\"inventory-data\">");
    page.push_str(&data);
    let _ = write!(page, "</script>\n<script>{JS}</script>\n</body>\n</html>\n");
    out.write_all(page.as_bytes())
}

/// `'sha256-…'` of an inline element's text, as CSP compares it.
fn sha256_source(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

fn esc(s: &str) -> String {
    xml_escape(s, true)
}

/// Tagged share, rounded down to a tenth of a percent: 999 of 1000 shows
/// 99.9 %, never 100 %.
fn percent(c: &Coverage) -> String {
    if c.found == 0 {
        return "—".to_string();
    }
    let tenths = c.tagged * 1000 / c.found;
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// A bar in SVG: tagged share green, the rest red (SVG fills print, CSS
/// backgrounds do not by default).
fn bar(c: &Coverage) -> String {
    if c.found == 0 {
        return "<svg class=\"bar\" viewBox=\"0 0 1000 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\"><rect class=\"none\" width=\"1000\" height=\"10\"/></svg>".to_string();
    }
    let ok = c.tagged * 1000 / c.found;
    format!(
        "<svg class=\"bar\" viewBox=\"0 0 1000 10\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"{} tagged\">\
         <rect class=\"ok\" width=\"{ok}\" height=\"10\"/><rect class=\"miss\" x=\"{ok}\" width=\"{}\" height=\"10\"/></svg>",
        percent(c),
        1000 - ok
    )
}

fn counts(c: &Coverage) -> String {
    format!(
        "{} of {} PI columns tagged · {} untagged",
        c.tagged, c.found, c.missing
    )
}

fn total_coverage<K>(by: &BTreeMap<K, Coverage>) -> Coverage {
    by.values().fold(Coverage::default(), |a, c| Coverage {
        found: a.found + c.found,
        tagged: a.tagged + c.tagged,
        missing: a.missing + c.missing,
    })
}

fn header(page: &mut String, inv: &Inventory, total: &Coverage, dbs: usize, tables: usize) {
    let _ = writeln!(
        page,
        "<header>\n<h1>PI inventory</h1>\n<p class=\"meta\">Source: {} · dialect {} · {} database{} · {} table{} with PI</p>",
        esc(&inv.source.kind),
        inv.source.dialect.as_str(),
        dbs,
        if dbs == 1 { "" } else { "s" },
        tables,
        if tables == 1 { "" } else { "s" },
    );
    if !inv.source.paths.is_empty() {
        page.push_str("<ul class=\"sources\">");
        for p in &inv.source.paths {
            let _ = write!(page, "<li><code>{}</code></li>", esc(p));
        }
        page.push_str("</ul>\n");
    }
    // A fleet run with unread databases exits 2; the page must not read as
    // complete coverage.
    let failed = inv.source.failed.as_deref().unwrap_or_default();
    if !failed.is_empty() {
        let _ = write!(
            page,
            "<div class=\"failed\" id=\"failed\" data-count=\"{n}\"><b>{n} database{s} could not be read</b>; the figures below leave {them} out.<ul>",
            n = failed.len(),
            s = if failed.len() == 1 { "" } else { "s" },
            them = if failed.len() == 1 { "it" } else { "them" },
        );
        for f in failed {
            let _ = write!(
                page,
                "<li><code>{}</code> ({}): {}</li>",
                esc(&f.name),
                esc(&f.database),
                esc(&f.error)
            );
        }
        page.push_str("</ul></div>\n");
    }
    let _ = writeln!(
        page,
        "<div class=\"totals\" id=\"totals\" data-found=\"{f}\" data-tagged=\"{t}\" data-missing=\"{m}\">\
         <div><b>{f}</b> PI columns</div><div><b>{t}</b> tagged</div><div><b>{m}</b> untagged</div>\
         <div><b class=\"pct\">{p}</b> coverage</div></div>\n{bar}",
        f = total.found,
        t = total.tagged,
        m = total.missing,
        p = percent(total),
        bar = bar(total),
    );
    // Every status with its count, each a link to the filtered table.
    let mut by_status: BTreeMap<Status, usize> = BTreeMap::new();
    for item in inv.items.iter().filter(|i| i.column.is_some()) {
        *by_status.entry(item.status).or_default() += 1;
    }
    page.push_str("<ul class=\"statuses\">");
    for status in Status::iter() {
        let n = by_status.get(&status).copied().unwrap_or(0);
        let _ = write!(
            page,
            "<li><a class=\"st st-{s}\" href=\"#status={s}\">{s}</a> <span data-status=\"{s}\">{n}</span></li>",
            s = status.as_str()
        );
    }
    page.push_str("</ul>\n</header>\n");
}

fn coverage_section(page: &mut String, inv: &Inventory, by_db: &BTreeMap<String, Coverage>) {
    page.push_str("<section id=\"coverage\">\n<h2>Coverage per database</h2>\n");
    let databases: BTreeSet<&str> = inv.items.iter().map(|i| i.database.as_str()).collect();
    if databases.is_empty() {
        page.push_str("<p>No PI found.</p>\n");
    }
    let by_schema = coverage_by(&inv.items, |i| {
        Some((i.database.clone(), i.schema.clone().unwrap_or_default()))
    });
    for db in databases {
        let c = by_db.get(db).copied().unwrap_or_default();
        let _ = writeln!(
            page,
            "<div class=\"db\" data-db=\"{name}\" data-found=\"{}\" data-tagged=\"{}\" data-missing=\"{}\">\n\
             <h3><span class=\"name\">{name}</span> <span class=\"pct\">{}</span> <span class=\"counts\">{}</span></h3>\n{}",
            c.found,
            c.tagged,
            c.missing,
            percent(&c),
            counts(&c),
            bar(&c),
            name = esc(db),
        );
        let schemas: Vec<(&str, Coverage)> = by_schema
            .range((db.to_string(), String::new())..)
            .take_while(|((d, _), _)| d == db)
            .map(|((_, s), c)| (s.as_str(), *c))
            .collect();
        if schemas.len() > 1 || schemas.first().is_some_and(|(s, _)| !s.is_empty()) {
            schema_rows(page, schemas);
        }
        page.push_str("</div>\n");
    }
    page.push_str("</section>\n");
}

/// One bar per schema, worst first; tenant schemas (same figures, a shared
/// name prefix) as one bar.
fn schema_rows(page: &mut String, schemas: Vec<(&str, Coverage)>) {
    let mut by_figures: BTreeMap<(usize, usize), Vec<&str>> = BTreeMap::new();
    for (name, c) in &schemas {
        by_figures
            .entry((c.found, c.tagged))
            .or_default()
            .push(name);
    }
    let mut entries: Vec<(String, usize, Coverage)> = Vec::new();
    for ((found, tagged), names) in by_figures {
        let c = Coverage {
            found,
            tagged,
            missing: found - tagged,
        };
        let prefix = common_prefix(&names);
        if names.len() >= SCHEMA_GROUP_MIN && !prefix.is_empty() {
            entries.push((format!("{prefix}*"), names.len(), c));
        } else {
            entries.extend(names.iter().map(|n| (n.to_string(), 1, c)));
        }
    }
    // Worst first: lowest share, then most untagged, then name.
    entries.sort_by(|a, b| {
        let share = |c: &Coverage| c.tagged * 1000 / c.found.max(1);
        share(&a.2)
            .cmp(&share(&b.2))
            .then(b.2.missing.cmp(&a.2.missing))
            .then(a.0.cmp(&b.0))
    });
    page.push_str("<table class=\"schemas\">\n<thead><tr><th>Schema</th><th>Coverage</th><th class=\"num\">Tagged</th><th>PI columns</th></tr></thead>\n<tbody>\n");
    for (label, n, c) in entries.iter().take(SCHEMA_LIMIT) {
        let label = if label.is_empty() { "(none)" } else { label };
        let many = if *n > 1 {
            format!(" <span class=\"count\">— {n} schemas</span>")
        } else {
            String::new()
        };
        let _ = writeln!(
            page,
            "<tr data-schema=\"{l}\"><th><code>{l}</code>{many}</th><td>{}</td><td class=\"num pct\">{}</td><td>{}</td></tr>",
            bar(c),
            percent(c),
            counts(c),
            l = esc(label),
        );
    }
    if entries.len() > SCHEMA_LIMIT {
        let rest = &entries[SCHEMA_LIMIT..];
        let schemas: usize = rest.iter().map(|e| e.1).sum();
        let c = rest
            .iter()
            .fold(Coverage::default(), |a, (_, n, c)| Coverage {
                found: a.found + c.found * n,
                tagged: a.tagged + c.tagged * n,
                missing: a.missing + c.missing * n,
            });
        let _ = writeln!(
            page,
            "<tr class=\"rest\"><th>{schemas} more schemas</th><td>{}</td><td class=\"num pct\">{}</td><td>{}</td></tr>",
            bar(&c),
            percent(&c),
            counts(&c),
        );
    }
    page.push_str("</tbody>\n</table>\n");
}

/// The longest shared prefix of the names, cut before trailing digits
/// (`tenant_001` … `tenant_099` give `tenant_`, not `tenant_0`).
fn common_prefix(names: &[&str]) -> String {
    let Some(first) = names.first() else {
        return String::new();
    };
    let mut len = first.len();
    for n in &names[1..] {
        len = first
            .char_indices()
            .zip(n.chars())
            .take_while(|((i, a), b)| *i < len && a == b)
            .map(|((i, a), _)| i + a.len_utf8())
            .last()
            .unwrap_or(0);
    }
    first[..len]
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .to_string()
}

fn category_section(page: &mut String, inv: &Inventory) {
    let by_cat = coverage_by(&inv.items, |i| Some(i.category));
    page.push_str("<section id=\"categories\">\n<h2>By category</h2>\n");
    if by_cat.is_empty() {
        page.push_str("<p>No PI columns.</p>\n</section>\n");
        return;
    }
    let mut cats: Vec<(Option<Category>, Coverage)> = by_cat.into_iter().collect();
    cats.sort_by(|a, b| {
        b.1.missing
            .cmp(&a.1.missing)
            .then(b.1.found.cmp(&a.1.found))
            .then(a.0.cmp(&b.0))
    });
    page.push_str("<table class=\"categories\">\n<thead><tr><th>Category</th><th>Tag</th><th class=\"num\">PI columns</th><th class=\"num\">Tagged</th><th class=\"num\">Untagged</th><th>Coverage</th><th class=\"num\">%</th></tr></thead>\n<tbody>\n");
    for (cat, c) in cats {
        let (name, what, tag) = match cat {
            Some(cat) => (
                cat.as_str(),
                cat.describe(),
                cat.tag().map_or("none needed", |t| t.as_str()),
            ),
            None => (
                "unclassified",
                "tagged, though the classifier sees no PI",
                "",
            ),
        };
        let _ = writeln!(
            page,
            "<tr data-category=\"{name}\"><th><a href=\"#cat={name}\">{name}</a> <span class=\"what\">{what}</span></th><td>{tag}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num pct\">{}</td></tr>",
            c.found,
            c.tagged,
            c.missing,
            bar(&c),
            percent(&c),
        );
    }
    page.push_str("</tbody>\n</table>\n</section>\n");
}

/// A table's PI rows, for grouping tables that are identical modulo the
/// schema name.
#[derive(PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Signature<'a> {
    database: &'a str,
    table: &'a str,
    rows: Vec<RowSignature<'a>>,
}

/// Column (none: the table), type, status, tags present and expected.
type RowSignature<'a> = (Option<&'a str>, Option<&'a str>, Status, String, String);

struct Worst<'a> {
    schemas: Vec<&'a str>,
    /// Per table (each schema has the same).
    untagged_columns: Vec<&'a str>,
    found: usize,
    table_untagged: bool,
}

fn worst_section(page: &mut String, inv: &Inventory, show_db: bool) {
    let mut tables: BTreeMap<(&str, Option<&str>, &str), Vec<&Item>> = BTreeMap::new();
    for item in &inv.items {
        tables
            .entry((&item.database, item.schema.as_deref(), &item.table))
            .or_default()
            .push(item);
    }
    let mut groups: HashMap<Signature, Worst> = HashMap::new();
    for ((database, schema, table), items) in &tables {
        let untagged_columns: Vec<&str> = items
            .iter()
            .filter(|i| !i.status.is_tagged())
            .filter_map(|i| i.column.as_deref())
            .collect();
        let table_untagged = items
            .iter()
            .any(|i| i.column.is_none() && !i.status.is_tagged());
        if untagged_columns.is_empty() && !table_untagged {
            continue;
        }
        let sig = Signature {
            database,
            table,
            rows: items
                .iter()
                .map(|i| {
                    (
                        i.column.as_deref(),
                        i.data_type.as_deref(),
                        i.status,
                        tags(&i.tags),
                        tags(&i.expected_tags),
                    )
                })
                .collect(),
        };
        let found = items.iter().filter(|i| i.column.is_some()).count();
        groups
            .entry(sig)
            .or_insert_with(|| Worst {
                schemas: Vec::new(),
                untagged_columns,
                found,
                table_untagged,
            })
            .schemas
            .push(schema.unwrap_or(""));
    }
    let mut groups: Vec<(Signature, Worst)> = groups.into_iter().collect();
    groups.sort_by(|(sa, a), (sb, b)| {
        let weight = |w: &Worst| w.untagged_columns.len() * w.schemas.len();
        weight(b)
            .cmp(&weight(a))
            .then(b.table_untagged.cmp(&a.table_untagged))
            .then(b.schemas.len().cmp(&a.schemas.len()))
            .then(sa.database.cmp(sb.database))
            .then(sa.table.cmp(sb.table))
            .then(a.schemas.cmp(&b.schemas))
    });
    page.push_str("<section id=\"worst\">\n<h2>Worst tables</h2>\n");
    if groups.is_empty() {
        page.push_str("<p>Every PI table and column carries its tags.</p>\n</section>\n");
        return;
    }
    page.push_str("<p class=\"note\">Most untagged PI columns first. Tables identical in every schema but the name (tenant schemas) are one line.</p>\n");
    page.push_str("<table class=\"worst\">\n<thead><tr><th>Table</th><th class=\"num\">Schemas</th><th class=\"num\">Untagged</th><th class=\"num\">PI columns</th><th>Untagged columns</th></tr></thead>\n<tbody>\n");
    for (sig, w) in groups.iter().take(WORST_LIMIT) {
        let schema = if w.schemas.len() > 1 {
            let prefix = common_prefix(&w.schemas);
            format!("{prefix}*")
        } else {
            w.schemas[0].to_string()
        };
        let name = if schema.is_empty() {
            sig.table.to_string()
        } else {
            format!("{schema}.{}", sig.table)
        };
        let db = if show_db {
            format!(" <span class=\"dbname\">{}</span>", esc(sig.database))
        } else {
            String::new()
        };
        let many = if w.schemas.len() > 1 {
            format!(" — {} schemas", w.schemas.len())
        } else {
            String::new()
        };
        let mut columns = w
            .untagged_columns
            .iter()
            .map(|c| format!("<code>{}</code>", esc(c)))
            .collect::<Vec<_>>()
            .join(", ");
        if w.table_untagged {
            if !columns.is_empty() {
                columns.push_str("; ");
            }
            columns.push_str("the table's own tag");
        }
        let untagged = if w.schemas.len() > 1 {
            format!(
                "{} × {} = {}",
                w.untagged_columns.len(),
                w.schemas.len(),
                w.untagged_columns.len() * w.schemas.len()
            )
        } else {
            w.untagged_columns.len().to_string()
        };
        let _ = writeln!(
            page,
            "<tr data-schemas=\"{n}\"><th><code>{}</code>{}{db}</th><td class=\"num\">{n}</td><td class=\"num\">{untagged}</td><td class=\"num\">{}</td><td>{columns}</td></tr>",
            esc(&name),
            esc(&many),
            w.found,
            n = w.schemas.len(),
        );
    }
    if groups.len() > WORST_LIMIT {
        let _ = writeln!(
            page,
            "<tr class=\"rest\"><td colspan=\"5\">{} more tables with untagged PI: see the full table below.</td></tr>",
            groups[WORST_LIMIT..]
                .iter()
                .map(|(_, w)| w.schemas.len())
                .sum::<usize>()
        );
    }
    page.push_str("</tbody>\n</table>\n</section>\n");
}

fn tags(tags: &[crate::tags::Tag]) -> String {
    tags.iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The table of every row: controls and an empty body the script fills.
fn columns_section(page: &mut String, inv: &Inventory) {
    let _ = write!(
        page,
        "<section id=\"columns\">\n<h2>Every PI table and column</h2>\n\
         <form class=\"controls\" id=\"controls\" role=\"search\">\
         <label>Search <input type=\"search\" id=\"q\" placeholder=\"table, column, type, evidence…\" autocomplete=\"off\"></label> \
         <label>Status <select id=\"status\"><option value=\"\">all</option><option value=\"untagged\">untagged (missing, lost, malformed)</option></select></label> \
         <label>Database <select id=\"db\"><option value=\"\">all</option></select></label> \
         <label>Category <select id=\"cat\"><option value=\"\">all</option></select></label> \
         <button type=\"reset\" id=\"reset\">Clear</button> \
         <span class=\"shown\">Showing <output id=\"shown\">0</output> of <span id=\"total\">{}</span> rows</span></form>\n\
         <p class=\"print-only\" id=\"filter-note\"></p>\n\
         <noscript><p>The table of rows needs JavaScript; the summaries above do not.</p></noscript>\n\
         <table class=\"rows\" id=\"rows-table\">\n<thead><tr>",
        inv.items.len()
    );
    for (key, label) in [
        ("db", "Database"),
        ("schema", "Schema"),
        ("table", "Table"),
        ("column", "Column"),
        ("type", "Type"),
        ("tags", "Tags"),
        ("expected", "Expected"),
        ("status", "Status"),
        ("category", "Category"),
        ("confidence", "Confidence"),
        ("created", "Created"),
        ("commented", "Comment set"),
        ("evidence", "Evidence"),
    ] {
        let _ = write!(
            page,
            "<th data-key=\"{key}\"><button type=\"button\">{label}</button></th>"
        );
    }
    page.push_str("</tr></thead>\n<tbody id=\"rows\"></tbody>\n</table>\n</section>\n");
}

/// The rows for the script: `s` the strings, each once; `r` one array of
/// string indexes per item (-1: none), in the order of `F` in the script.
#[derive(Serialize)]
struct Data<'a> {
    s: Vec<&'a str>,
    r: Vec<[i64; 14]>,
    /// Statuses that count as tagged.
    tagged: Vec<&'static str>,
    statuses: Vec<&'static str>,
}

fn rows_json(inv: &Inventory) -> String {
    // Owned strings computed per row (tags, origins) live here so that `s`
    // can borrow them.
    let computed: Vec<[String; 4]> = inv
        .items
        .iter()
        .map(|i| {
            [
                tags(&i.tags),
                tags(&i.expected_tags),
                origin(i.created.as_ref(), &inv.source.paths),
                origin(i.commented.as_ref(), &inv.source.paths),
            ]
        })
        .collect();
    let mut strings = Strings::default();
    let mut intern = |s| strings.intern(s);
    let mut rows = Vec::with_capacity(inv.items.len());
    for (i, c) in inv.items.iter().zip(&computed) {
        rows.push([
            intern(Some(&i.database)),
            intern(i.schema.as_deref()),
            intern(Some(&i.table)),
            intern(i.column.as_deref()),
            intern(i.data_type.as_deref()),
            intern(non_empty(&c[0])),
            intern(non_empty(&c[1])),
            intern(Some(i.status.as_str())),
            intern(i.category.map(|c| c.as_str())),
            intern(i.confidence.map(|c| c.as_str())),
            intern(non_empty(&c[2])),
            intern(non_empty(&c[3])),
            intern(i.evidence.as_deref()),
            i64::from(i.suppressed),
        ]);
    }
    let data = Data {
        s: strings.list,
        r: rows,
        tagged: Status::iter()
            .filter(|s| s.is_tagged())
            .map(Status::as_str)
            .collect(),
        statuses: Status::iter().map(Status::as_str).collect(),
    };
    let json = serde_json::to_string(&data).expect("plain data serializes");
    // `<`, `>` and `&` only occur inside JSON strings, where the escapes mean
    // the same: no `</script>` or `<!--` can end the block early.
    let mut safe = String::with_capacity(json.len());
    for ch in json.chars() {
        match ch {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            c => safe.push(c),
        }
    }
    safe
}

fn non_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// Each string once, by first appearance.
#[derive(Default)]
struct Strings<'a> {
    index: HashMap<&'a str, i64>,
    list: Vec<&'a str>,
}

impl<'a> Strings<'a> {
    /// The string's index; -1 for none.
    fn intern(&mut self, s: Option<&'a str>) -> i64 {
        let Some(s) = s else { return -1 };
        let next = self.list.len() as i64;
        let i = *self.index.entry(s).or_insert(next);
        if i == next {
            self.list.push(s);
        }
        i
    }
}

/// A file origin relative to the audited PATH; live origins name the
/// database, which the row already shows.
fn origin(o: Option<&Origin>, roots: &[String]) -> String {
    match o {
        Some(o @ Origin::File { .. }) => o.relative_to(roots),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_stops_before_digits() {
        assert_eq!(
            common_prefix(&["tenant_001", "tenant_002", "tenant_099"]),
            "tenant_"
        );
        assert_eq!(common_prefix(&["a", "b"]), "");
        assert_eq!(common_prefix(&["émile_1", "émile_2"]), "émile_");
    }

    #[test]
    fn percent_never_rounds_up_to_full() {
        let c = Coverage {
            found: 1000,
            tagged: 999,
            missing: 1,
        };
        assert_eq!(percent(&c), "99.9%");
        assert_eq!(percent(&Coverage::default()), "—");
    }
}

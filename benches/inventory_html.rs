//! Benchmark of the HTML inventory page (`cargo bench --bench inventory_html`):
//! for synthetic tenant estates of 1,000 to 50,000 PI columns, the page's
//! size, the time to write it, and the times headless Chromium takes from
//! navigation start to the page's script starting (the HTML parsed,
//! `data-script-ms`) and to the table rendered and laid out
//! (`data-ready-ms`), unfiltered and with a filter from the URL hash; plus
//! the whole Chromium run (browser start included) for scale.
//!
//! Prints a Markdown table (median of several runs). PITAG_BENCH_RUNS
//! changes the number of runs (default 5). Needs Chromium (see
//! scripts/install-test-deps.sh).

#[path = "../tests/inventory_page/mod.rs"]
mod inventory_page;

use inventory_page::{dump_dom, synthetic, write_page};
use pitag::report::pi_inventory::html;
use std::time::Instant;

fn runs() -> usize {
    std::env::var("PITAG_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn attr_ms(dom: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let at = dom.find(&key).expect("the page's script set its timings") + key.len();
    dom[at..at + dom[at..].find('"').unwrap()].parse().unwrap()
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    println!("| PI columns | page size | write | script starts | open (ready) | open, `#q=email&status=missing` | Chromium run |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for columns in [1_000, 10_000, 50_000] {
        let inv = synthetic(columns);
        let mut writes = Vec::new();
        for _ in 0..runs() {
            let started = Instant::now();
            let mut out = Vec::new();
            html::write(&inv, &mut out).unwrap();
            writes.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        let page = write_page(&inv, dir.path(), &format!("inventory-{columns}.html"));
        let size = std::fs::metadata(&page).unwrap().len();
        let (mut script, mut ready, mut filtered, mut wall) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for _ in 0..runs() {
            let started = Instant::now();
            let dom = dump_dom(&page, "");
            wall.push(started.elapsed().as_secs_f64() * 1000.0);
            script.push(attr_ms(&dom, "data-script-ms"));
            ready.push(attr_ms(&dom, "data-ready-ms"));
            filtered.push(attr_ms(
                &dump_dom(&page, "#q=email&status=missing"),
                "data-ready-ms",
            ));
        }
        println!(
            "| {columns} | {:.2} MB | {:.0} ms | {:.0} ms | {:.0} ms | {:.0} ms | {:.0} ms |",
            size as f64 / 1_048_576.0,
            median(writes),
            median(script),
            median(ready),
            median(filtered),
            median(wall),
        );
    }
}

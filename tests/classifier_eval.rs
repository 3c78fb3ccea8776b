//! Scores the classifier on hand-labelled columns.
//!
//! Two sets, same TSV layout (`set table column type label category note`,
//! `label` ∈ PPI / GEO / none / ambiguous; `ambiguous` rows are left out):
//!
//! - the shared set of 896 real columns from public schemas
//!   (`$PITAG_CLASSIFIER_SET`, else `../shared/classifier/labeled-columns.tsv`
//!   next to the crate; skipped with a message when absent and the variable
//!   is unset);
//! - `tests/data/classifier-extra.tsv`: our own set with what the shared one
//!   lacks (non-English names, cards, bank accounts, government ids,
//!   biometrics, look-alikes).
//!
//! Every (set, table) becomes one `Table` holding all its labelled columns so
//! that table context works. A prediction counts when its confidence is at
//! least medium (the default reporting threshold) and its category carries a
//! tag; secondary PI (user ids, IP addresses) counts as `none`.
//!
//! Figures:
//! - PPI recall: labelled PPI rows predicted `#PPI`;
//! - GEO recall: labelled GEO rows predicted `#GEO`;
//! - precision: predictions (PPI or GEO) whose row is labelled PPI or GEO;
//! - right-tag rate: of those, the share with the labelled tag;
//! - category agreement (reported, not asserted): right category among
//!   correctly tagged positives.

use pitag::classify::{Category, Classifier, Confidence};
use pitag::model::{Column, Origin, Table};
use pitag::tags::Tag;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

struct Row {
    set: String,
    table: String,
    column: String,
    data_type: String,
    label: String,
    category: String,
}

fn load(path: &Path) -> Vec<Row> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0 || line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert!(
            f.len() >= 5,
            "{}:{}: expected at least 5 fields",
            path.display(),
            i + 1
        );
        let label = f[4].trim().to_string();
        assert!(
            matches!(label.as_str(), "PPI" | "GEO" | "none" | "ambiguous"),
            "{}:{}: bad label `{label}`",
            path.display(),
            i + 1
        );
        let category = f.get(5).map(|s| s.trim().to_string()).unwrap_or_default();
        if label == "PPI" || label == "GEO" {
            let c: Category = category
                .parse()
                .unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), i + 1));
            let want = if label == "PPI" { Tag::Ppi } else { Tag::Geo };
            assert_eq!(
                c.tag(),
                Some(want),
                "{}:{}: category/label mismatch",
                path.display(),
                i + 1
            );
        }
        rows.push(Row {
            set: f[0].to_string(),
            table: f[1].to_string(),
            column: f[2].to_string(),
            data_type: f[3].to_string(),
            label,
            category,
        });
    }
    rows
}

#[derive(Debug, Default)]
struct Score {
    ppi: usize,
    ppi_found: usize,
    geo: usize,
    geo_found: usize,
    predicted: usize,
    predicted_positive: usize,
    right_tag: usize,
    right_category: usize,
    rows: usize,
}

impl Score {
    fn ppi_recall(&self) -> f64 {
        ratio(self.ppi_found, self.ppi)
    }
    fn geo_recall(&self) -> f64 {
        ratio(self.geo_found, self.geo)
    }
    fn precision(&self) -> f64 {
        ratio(self.predicted_positive, self.predicted)
    }
    fn right_tag_rate(&self) -> f64 {
        ratio(self.right_tag, self.predicted_positive)
    }
    fn category_agreement(&self) -> f64 {
        ratio(self.right_category, self.right_tag)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

fn score(name: &str, rows: &[Row]) -> Score {
    let classifier = Classifier::default();
    // (set, table) → row indices, in file order.
    let mut tables: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        tables.entry((&r.set, &r.table)).or_default().push(i);
    }
    let mut s = Score::default();
    let mut misses = Vec::new();
    let mut false_alarms = Vec::new();
    let mut wrong_category = Vec::new();
    for ((set, table), idx) in &tables {
        let (schema, tname) = match table.rsplit_once('.') {
            Some((schema, t)) => (Some(schema.to_string()), t),
            None => (None, *table),
        };
        let mut t = Table::new(schema, tname, Origin::file(*set, 1));
        for &i in idx {
            t.columns.push(Column::new(
                &rows[i].column,
                &rows[i].data_type,
                Origin::file(*set, 1),
            ));
        }
        let got = classifier.classify_table(&t);
        assert_eq!(got.len(), idx.len());
        for (&i, c) in idx.iter().zip(got) {
            let r = &rows[i];
            if r.label == "ambiguous" {
                continue;
            }
            s.rows += 1;
            let reported = c.as_ref().filter(|c| c.confidence >= Confidence::Medium);
            let tag = reported.and_then(|c| c.category.tag());
            let want = match r.label.as_str() {
                "PPI" => Some(Tag::Ppi),
                "GEO" => Some(Tag::Geo),
                _ => None,
            };
            match want {
                Some(Tag::Ppi) => s.ppi += 1,
                Some(Tag::Geo) => s.geo += 1,
                None => {}
            }
            let here = format!("{set}\t{table}.{} ({})", r.column, r.data_type);
            if let Some(tag) = tag {
                s.predicted += 1;
                let c = reported.expect("tag implies a classification");
                if let Some(w) = want {
                    s.predicted_positive += 1;
                    if tag == w {
                        s.right_tag += 1;
                        match w {
                            Tag::Ppi => s.ppi_found += 1,
                            Tag::Geo => s.geo_found += 1,
                        }
                        if c.category.as_str() == r.category {
                            s.right_category += 1;
                        } else {
                            wrong_category
                                .push(format!("{here}: {} want {}", c.category, r.category));
                        }
                    } else {
                        misses.push(format!("{here}: got {} want {}", c.category, r.category));
                    }
                } else {
                    false_alarms.push(format!(
                        "{here}: {} {} — {}",
                        c.category, c.confidence, c.evidence
                    ));
                }
            } else if want.is_some() {
                let why = c
                    .map(|c| format!("{} {} — {}", c.category, c.confidence, c.evidence))
                    .unwrap_or_else(|| "not classified".into());
                misses.push(format!("{here}: want {} ({why})", r.category));
            }
        }
    }
    println!(
        "== {name}: {} scored rows ({} PPI, {} GEO)",
        s.rows, s.ppi, s.geo
    );
    println!(
        "   PPI recall        {:.3} ({}/{})",
        s.ppi_recall(),
        s.ppi_found,
        s.ppi
    );
    println!(
        "   GEO recall        {:.3} ({}/{})",
        s.geo_recall(),
        s.geo_found,
        s.geo
    );
    println!(
        "   precision         {:.3} ({}/{})",
        s.precision(),
        s.predicted_positive,
        s.predicted
    );
    println!(
        "   right-tag rate    {:.3} ({}/{})",
        s.right_tag_rate(),
        s.right_tag,
        s.predicted_positive
    );
    println!(
        "   category agreement {:.3} ({}/{})",
        s.category_agreement(),
        s.right_category,
        s.right_tag
    );
    for m in &misses {
        println!("   MISS   {m}");
    }
    for f in &false_alarms {
        println!("   FALSE  {f}");
    }
    for w in &wrong_category {
        println!("   CATEG  {w}");
    }
    s
}

fn shared_set() -> Option<PathBuf> {
    match std::env::var_os("PITAG_CLASSIFIER_SET") {
        Some(p) => {
            let p = PathBuf::from(p);
            assert!(
                p.is_file(),
                "PITAG_CLASSIFIER_SET={} does not exist",
                p.display()
            );
            Some(p)
        }
        None => {
            let p = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/classifier/labeled-columns.tsv");
            if p.is_file() {
                Some(p)
            } else {
                println!(
                    "skipped: {} not found and PITAG_CLASSIFIER_SET unset",
                    p.display()
                );
                None
            }
        }
    }
}

#[test]
fn labelled_columns() {
    let Some(path) = shared_set() else { return };
    let rows = load(&path);
    let s = score("shared labelled set", &rows);
    assert!(
        s.ppi_recall() >= 0.95,
        "PPI recall {:.3} < 0.95",
        s.ppi_recall()
    );
    assert!(
        s.geo_recall() >= 0.95,
        "GEO recall {:.3} < 0.95",
        s.geo_recall()
    );
    assert!(
        s.precision() >= 0.90,
        "precision {:.3} < 0.90",
        s.precision()
    );
    assert!(
        s.right_tag_rate() >= 0.95,
        "right-tag rate {:.3} < 0.95",
        s.right_tag_rate()
    );
}

#[test]
fn extra_labelled_columns() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/classifier-extra.tsv");
    let rows = load(&path);
    assert!(
        rows.len() >= 250,
        "the extra set should have at least 250 rows"
    );
    let s = score("extra labelled set", &rows);
    assert!(
        s.ppi_recall() >= 0.92,
        "PPI recall {:.3} < 0.92",
        s.ppi_recall()
    );
    assert!(
        s.geo_recall() >= 0.92,
        "GEO recall {:.3} < 0.92",
        s.geo_recall()
    );
    assert!(
        s.precision() >= 0.92,
        "precision {:.3} < 0.92",
        s.precision()
    );
    assert!(
        s.right_tag_rate() >= 0.98,
        "right-tag rate {:.3} < 0.98",
        s.right_tag_rate()
    );
}

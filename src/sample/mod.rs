//! Opt-in value sampling (`pitag db --sample N`): evidence from the values
//! of a column, added to what its name and comment say.
//!
//! - [`crate::source::live`] reads up to N non-null values of each candidate
//!   column (untagged text and decimal columns of audited tables) in its
//!   read-only transaction and folds them straight into a [`ColumnSample`]:
//!   counts only. The values themselves are dropped right there; nothing
//!   here holds one, so no message, log or report can show one.
//! - [`apply`] turns the counts into classifications: a kind that at least
//!   half of the sampled values fit ([`MIN_RATIO_PERCENT`]) raises the
//!   confidence of the name's verdict, or classifies a column whose name says
//!   nothing (`misc1` full of e-mail addresses). Columns with fewer than
//!   [`MIN_VALUES`] values or [`MIN_DISTINCT`] distinct values are not judged.
//! - Sampling never lowers a verdict: values that fit nothing do not make a
//!   column named `email` safe.

pub mod validate;

use crate::classify::{
    Category, Classification, Classifier, ClassifierConfig, Confidence, PatternConfig,
};
use crate::model::{Column, Table, TableKey};
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashSet};
use std::hash::{Hash, Hasher};
use validate::{classify_value, is_geohash, Coordinate, ValueKind};

/// Characters of each value that are read: longer values fit no validator
/// (see [`validate::classify_value`]), so the rest need not be transferred.
pub const VALUE_CHARS: u32 = 400;
/// Fewer sampled values than this say nothing either way.
pub const MIN_VALUES: u32 = 10;
/// Columns with fewer distinct values in the sample are skipped: a handful of
/// repeated values is a code list or an organisation's own contact, not
/// people's data.
pub const MIN_DISTINCT: u32 = 5;
/// The share of sampled values that must fit a kind for a verdict.
pub const MIN_RATIO_PERCENT: u32 = 50;
/// The share above which the verdict has high confidence.
pub const HIGH_RATIO_PERCENT: u32 = 90;
/// Decimals a coordinate needs: two decimals are a price, three are ~100 m.
const COORDINATE_DECIMALS: usize = 3;

/// Per table, per column index: what the sampled values looked like.
pub type Samples = BTreeMap<TableKey, BTreeMap<usize, ColumnSample>>;

/// How a column's values are read and judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleAs {
    /// Text: every validator.
    Text,
    /// Decimal numbers: latitude/longitude ranges only.
    Decimal,
}

/// Whether a column is sampled, and as what: untagged text and decimal
/// columns. Binary, JSON, integer and date columns are not (integers hold
/// ids and counts far more often than scaled coordinates).
pub fn candidate(column: &Column) -> Option<SampleAs> {
    if !column.tags().is_empty() {
        return None;
    }
    let ty = column.data_type.to_ascii_lowercase();
    // Arrays print as `{a,b}`, which no validator reads.
    if ty.ends_with(']') {
        return None;
    }
    let base = ty.split(['(', ' ']).next().unwrap_or("");
    if ty.contains("char") && !ty.contains("binary") || base.ends_with("text") || base == "citext" {
        return Some(SampleAs::Text);
    }
    if matches!(base, "double" | "real" | "float" | "numeric" | "decimal") {
        return Some(SampleAs::Decimal);
    }
    None
}

/// What the sampled values of one column looked like: counts, never values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnSample {
    /// Non-null values read.
    pub sampled: u32,
    /// Distinct values among them.
    pub distinct: u32,
    pub email: u32,
    pub phone: u32,
    pub card: u32,
    pub iban: u32,
    pub national_id: u32,
    pub coordinate_pair: u32,
    pub ipv4: u32,
    pub geohash: u32,
    /// Geohash-shaped values with a digit (plain words fit the alphabet too).
    pub geohash_with_digit: u32,
    /// Geohash-shaped values of the most common length (a column of geohashes
    /// has one precision).
    pub geohash_modal_length: u32,
    /// Decimal numbers with at least three decimals, within ±90.
    pub latitude: u32,
    /// Decimal numbers with at least three decimals, within ±180.
    pub longitude: u32,
    /// Decimal numbers beyond ±1 (ratios and probabilities are within it).
    pub beyond_one: u32,
}

impl ColumnSample {
    /// Fold values into counts; each value is looked at once and not kept.
    pub fn from_values<I, S>(values: I) -> ColumnSample
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut s = ColumnSample::default();
        let mut seen: HashSet<u64> = HashSet::new();
        let mut geohash_lengths = [0u32; 13];
        for value in values {
            let v = value.as_ref().trim();
            s.sampled += 1;
            let mut h = DefaultHasher::new();
            v.hash(&mut h);
            seen.insert(h.finish());
            match classify_value(v) {
                Some(ValueKind::Email) => s.email += 1,
                Some(ValueKind::Phone) => s.phone += 1,
                Some(ValueKind::Card) => s.card += 1,
                Some(ValueKind::Iban) => s.iban += 1,
                Some(ValueKind::NationalId) => s.national_id += 1,
                Some(ValueKind::CoordinatePair) => s.coordinate_pair += 1,
                Some(ValueKind::Ipv4) => s.ipv4 += 1,
                None => {}
            }
            if is_geohash(v) {
                s.geohash += 1;
                geohash_lengths[v.len()] += 1;
                if v.bytes().any(|b| b.is_ascii_digit()) {
                    s.geohash_with_digit += 1;
                }
            }
            if let Some(c) = Coordinate::parse(v) {
                if c.decimals >= COORDINATE_DECIMALS {
                    s.latitude += u32::from(c.value.abs() <= 90.0);
                    s.longitude += u32::from(c.value.abs() <= 180.0);
                }
                s.beyond_one += u32::from(c.value.abs() > 1.0);
            }
        }
        s.distinct = seen.len() as u32;
        s.geohash_modal_length = geohash_lengths.into_iter().max().unwrap_or(0);
        s
    }

    /// Enough values, and enough different ones, to judge.
    pub fn judgeable(&self) -> bool {
        self.sampled >= MIN_VALUES && self.distinct >= MIN_DISTINCT
    }

    fn share(&self, count: u32) -> Option<Confidence> {
        let (count, n) = (u64::from(count), u64::from(self.sampled));
        if n == 0 || count * 100 < n * u64::from(MIN_RATIO_PERCENT) {
            None
        } else if count * 100 >= n * u64::from(HIGH_RATIO_PERCENT) {
            Some(Confidence::High)
        } else {
            Some(Confidence::Medium)
        }
    }

    /// What this column's own values show, without its neighbours.
    pub fn evidence(&self) -> Option<Evidence> {
        if !self.judgeable() {
            return None;
        }
        let kinds = [
            (self.email, Category::ContactEmail, "e-mail addresses"),
            (self.phone, Category::ContactPhone, "phone numbers"),
            (
                self.card,
                Category::FinancialCard,
                "payment card numbers (Luhn, issuer prefix and length)",
            ),
            (
                self.iban,
                Category::FinancialAccount,
                "IBANs (country length and mod-97)",
            ),
            (
                self.national_id,
                Category::PersonNationalId,
                "national id numbers (structure and check digits)",
            ),
            (
                self.coordinate_pair,
                Category::GeoCoordinates,
                "latitude/longitude pairs",
            ),
        ];
        let best = kinds.iter().max_by_key(|k| k.0)?;
        if let Some(confidence) = self.share(best.0) {
            return Some(Evidence {
                category: best.1,
                confidence,
                text: format!(
                    "{} of {} sampled values are {}",
                    best.0, self.sampled, best.2
                ),
            });
        }
        // Geohashes: the alphabet alone fits many words, so also one length
        // throughout and digits in most values.
        let strict =
            |n: u32| u64::from(n) * 100 >= u64::from(self.sampled) * u64::from(HIGH_RATIO_PERCENT);
        if strict(self.geohash)
            && strict(self.geohash_modal_length)
            && u64::from(self.geohash_with_digit) * 2 >= u64::from(self.sampled)
        {
            return Some(Evidence {
                category: Category::GeoCoordinates,
                confidence: Confidence::Medium,
                text: format!(
                    "{} of {} sampled values are geohashes of one length",
                    self.geohash, self.sampled
                ),
            });
        }
        None
    }
}

/// A verdict from sampled values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub category: Category,
    pub confidence: Confidence,
    /// `97 of 100 sampled values are e-mail addresses`: counts, never values.
    pub text: String,
}

/// Combine the name's verdict with the values' evidence. Agreement raises
/// the confidence; values classify a column the name says nothing about
/// (or only secondary PI), and replace a weaker verdict of another category.
/// Without evidence the verdict stays as it was: sampling never lowers one.
pub fn adjust(
    existing: Option<Classification>,
    evidence: Option<&Evidence>,
) -> Option<Classification> {
    let Some(ev) = evidence else {
        return existing;
    };
    match existing {
        Some(mut c) if c.category == ev.category => {
            c.confidence = c.confidence.max(ev.confidence);
            c.evidence = format!("{}; {}", c.evidence, ev.text);
            Some(c)
        }
        Some(c) if c.category.tag().is_some() && c.confidence >= ev.confidence => {
            // The name is at least as sure of another kind of PI; the values
            // still confirm that the column is personal data.
            Some(Classification {
                evidence: format!("{}; {}", c.evidence, ev.text),
                ..c
            })
        }
        _ => Some(Classification {
            category: ev.category,
            confidence: ev.confidence,
            evidence: ev.text.clone(),
        }),
    }
}

/// The latitude/longitude reading of two neighbouring decimal columns:
/// `Some(true)` when the first is the latitude, `Some(false)` when the
/// second is. Both need values with three or more decimals in range, and one
/// of them values beyond ±1 (two ratio columns are not a position).
fn coordinate_pair(a: &ColumnSample, b: &ColumnSample) -> Option<bool> {
    if !a.judgeable() || !b.judgeable() {
        return None;
    }
    let most = |n: u32, s: &ColumnSample| {
        u64::from(n) * 100 >= u64::from(s.sampled) * u64::from(HIGH_RATIO_PERCENT)
    };
    let half = |n: u32, s: &ColumnSample| u64::from(n) * 2 >= u64::from(s.sampled);
    if !half(a.beyond_one, a) && !half(b.beyond_one, b) {
        return None;
    }
    if most(a.latitude, a) && most(b.longitude, b) {
        Some(true)
    } else if most(a.longitude, a) && most(b.latitude, b) {
        Some(false)
    } else {
        None
    }
}

/// Apply a table's samples to its classifications (one per column, as
/// [`Classifier::classify_table`] returns them). Columns the configuration
/// declares never PI stay unclassified. Returns how many verdicts changed.
pub fn apply(
    table: &Table,
    classes: &mut [Option<Classification>],
    samples: &BTreeMap<usize, ColumnSample>,
    never: &NeverList,
) -> usize {
    let mut evidence: BTreeMap<usize, Evidence> = BTreeMap::new();
    for (&i, s) in samples {
        if let Some(e) = s.evidence() {
            evidence.insert(i, e);
        }
    }
    for (&i, a) in samples {
        let Some(b) = samples.get(&(i + 1)) else {
            continue;
        };
        if evidence.contains_key(&i) || evidence.contains_key(&(i + 1)) {
            continue;
        }
        let Some(first_is_latitude) = coordinate_pair(a, b) else {
            continue;
        };
        let (lat, lon) = if first_is_latitude {
            (i, i + 1)
        } else {
            (i + 1, i)
        };
        let (lat_s, lon_s) = (&samples[&lat], &samples[&lon]);
        let name = |k: usize| table.columns.get(k).map_or("?", |c| c.name.as_str());
        evidence.insert(
            lat,
            Evidence {
                category: Category::GeoCoordinates,
                confidence: Confidence::High,
                text: format!(
                    "{} of {} sampled values are latitudes (3+ decimals within ±90), next to longitudes in `{}`",
                    lat_s.latitude, lat_s.sampled, name(lon)
                ),
            },
        );
        evidence.insert(
            lon,
            Evidence {
                category: Category::GeoCoordinates,
                confidence: Confidence::High,
                text: format!(
                    "{} of {} sampled values are longitudes (3+ decimals within ±180), next to latitudes in `{}`",
                    lon_s.longitude, lon_s.sampled, name(lat)
                ),
            },
        );
    }
    let blocked = never.blocked(table);
    let mut changed = 0;
    for (i, ev) in evidence {
        let Some(slot) = classes.get_mut(i) else {
            continue;
        };
        if blocked.get(i).copied().unwrap_or(true) {
            continue;
        }
        let adjusted = adjust(slot.take(), Some(&ev));
        changed += 1;
        *slot = adjusted;
    }
    changed
}

/// The stderr note after sampling: counts only.
pub fn summary(samples: &Samples, limit: u32, changed: usize) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let columns: usize = samples.values().map(BTreeMap::len).sum();
    format!(
        "sampled up to {limit} values of {} in {}; the values changed {}",
        plural(columns, "column"),
        plural(samples.len(), "table"),
        plural(changed, "classification")
    )
}

/// The classifier's verdicts refined by the sampled values: what
/// [`audit`] runs the rules on (and `pitag inventory` lists). Returns the
/// classifications and how many of them the values changed.
pub fn classify(
    schema: &crate::model::Schema,
    settings: &crate::audit::AuditSettings,
    samples: &Samples,
) -> (crate::rules::Classifications, usize) {
    let mut classes = crate::audit::classify_columns(schema, &settings.classifier);
    let mut changed = 0;
    if samples.is_empty() {
        return (classes, changed);
    }
    let never = NeverList::new(settings.classifier.config());
    for (key, per_column) in samples {
        if let (Some(table), Some(row)) = (schema.tables.get(key), classes.get_mut(key)) {
            changed += apply(table, row, per_column, &never);
        }
    }
    (classes, changed)
}

/// [`crate::audit::audit`] with sampled evidence between the classifier
/// and the rules. Returns the findings and how many classifications the
/// values changed.
pub fn audit(
    schema: &crate::model::Schema,
    settings: &crate::audit::AuditSettings,
    samples: &Samples,
) -> (Vec<crate::finding::Finding>, usize) {
    if samples.is_empty() {
        // Without sampling, exactly the ordinary audit.
        return (crate::audit::audit(schema, settings), 0);
    }
    let (classes, changed) = classify(schema, settings, samples);
    let findings = crate::audit::audit_classified(schema, &classes, settings);
    (findings, changed)
}

/// The `[classifier] never` entries of the configuration, to keep sampled
/// evidence off columns declared not PI.
pub struct NeverList {
    /// The configured `never` matchers behind a catch-all pattern: a column
    /// this classifier leaves unclassified is a `never` column (the
    /// classifier applies `never` before any pattern).
    probe: Option<Classifier>,
}

impl NeverList {
    pub fn new(config: &ClassifierConfig) -> NeverList {
        if config.never.is_empty() {
            return NeverList { probe: None };
        }
        let probe = Classifier::new(ClassifierConfig {
            patterns: vec![PatternConfig {
                pattern: "*".into(),
                category: Category::ContactEmail,
                confidence: Confidence::Low,
            }],
            never: config.never.clone(),
        });
        NeverList { probe: Some(probe) }
    }

    /// Per column of `table`: declared never PI.
    fn blocked(&self, table: &Table) -> Vec<bool> {
        match &self.probe {
            None => vec![false; table.columns.len()],
            Some(p) => p
                .classify_table(table)
                .iter()
                .map(Option::is_none)
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;

    fn sample<const N: usize>(values: [&str; N]) -> ColumnSample {
        ColumnSample::from_values(values)
    }

    fn emails(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("person{i}@example.org")).collect()
    }

    #[test]
    fn counts_only() {
        let mut values = emails(8);
        values.extend(["free text".to_string(), "+44 20 7946 0958".into()]);
        let s = ColumnSample::from_values(&values);
        assert_eq!((s.sampled, s.distinct, s.email, s.phone), (10, 10, 8, 1));
        let ev = s.evidence().unwrap();
        assert_eq!(ev.category, Category::ContactEmail);
        assert_eq!(ev.confidence, Confidence::Medium);
        assert_eq!(ev.text, "8 of 10 sampled values are e-mail addresses");
    }

    #[test]
    fn thresholds() {
        // Below half: nothing.
        let mut values = emails(4);
        values.extend((0..6).map(|i| format!("note number {i}")));
        assert_eq!(ColumnSample::from_values(&values).evidence(), None);
        // Too few values.
        assert_eq!(ColumnSample::from_values(emails(9)).evidence(), None);
        // Low cardinality: the same four addresses over and over.
        let repeated: Vec<String> = (0..40)
            .map(|i| format!("team{}@example.org", i % 4))
            .collect();
        let s = ColumnSample::from_values(&repeated);
        assert_eq!((s.distinct, s.email), (4, 40));
        assert_eq!(s.evidence(), None);
        // All of them: high.
        let ev = ColumnSample::from_values(emails(20)).evidence().unwrap();
        assert_eq!(ev.confidence, Confidence::High);
    }

    #[test]
    fn geohash_needs_one_length_and_digits() {
        let hashes = [
            "u09tvw0", "u09tvw1", "u09tvw2", "u09tvqr", "gcpvj0d", "gcpvj0e", "9q8yyk8", "9q8yyk9",
            "dr5regw", "dr5regx",
        ];
        assert_eq!(
            sample(hashes).evidence().unwrap().category,
            Category::GeoCoordinates
        );
        let words = [
            "websuper", "quest", "shrub", "trend", "bedrock", "dusty", "stumpy", "crust", "thumb",
            "grunt",
        ];
        assert_eq!(sample(words).evidence(), None);
    }

    #[test]
    fn adjust_raises_creates_keeps() {
        let ev = Evidence {
            category: Category::ContactEmail,
            confidence: Confidence::High,
            text: "20 of 20 sampled values are e-mail addresses".into(),
        };
        let named = Classification {
            category: Category::ContactEmail,
            confidence: Confidence::Medium,
            evidence: "name `mail`".into(),
        };
        let raised = adjust(Some(named.clone()), Some(&ev)).unwrap();
        assert_eq!(raised.confidence, Confidence::High);
        assert_eq!(
            raised.evidence,
            "name `mail`; 20 of 20 sampled values are e-mail addresses"
        );
        let created = adjust(None, Some(&ev)).unwrap();
        assert_eq!(
            (created.category, created.confidence),
            (Category::ContactEmail, Confidence::High)
        );
        assert_eq!(adjust(Some(named.clone()), None), Some(named));
        assert_eq!(adjust(None, None), None);
        let secondary = Classification {
            category: Category::SecondaryUserId,
            confidence: Confidence::High,
            evidence: "name `login`".into(),
        };
        assert_eq!(
            adjust(Some(secondary), Some(&ev)).unwrap().category,
            Category::ContactEmail
        );
        let other = Classification {
            category: Category::PersonName,
            confidence: Confidence::High,
            evidence: "name `contact`".into(),
        };
        let kept = adjust(Some(other), Some(&ev)).unwrap();
        assert_eq!(kept.category, Category::PersonName);
        assert!(kept.evidence.ends_with("e-mail addresses"));
    }

    fn table(columns: &[(&str, &str)]) -> Table {
        let origin = Origin::Database {
            database: "postgres://h/db".into(),
        };
        let mut t = Table::new(Some("public".into()), "places", origin.clone());
        for (name, ty) in columns {
            t.columns.push(Column::new(*name, *ty, origin.clone()));
        }
        t
    }

    #[test]
    fn latitude_longitude_pairs() {
        let t = table(&[
            ("id", "integer"),
            ("c1", "double precision"),
            ("c2", "double precision"),
            ("ratio", "numeric"),
        ]);
        let lat: Vec<String> = (0..20).map(|i| format!("48.85{i:02}1")).collect();
        let lon: Vec<String> = (0..20).map(|i| format!("-0.12{i:02}7")).collect();
        let ratio: Vec<String> = (0..20).map(|i| format!("0.{i:02}41")).collect();
        let mut samples = BTreeMap::new();
        samples.insert(1, ColumnSample::from_values(&lat));
        samples.insert(2, ColumnSample::from_values(&lon));
        samples.insert(3, ColumnSample::from_values(&ratio));
        let mut classes = vec![None; 4];
        let never = NeverList::new(&ClassifierConfig::default());
        assert_eq!(apply(&t, &mut classes, &samples, &never), 2);
        let c1 = classes[1].as_ref().unwrap();
        assert_eq!(c1.category, Category::GeoCoordinates);
        assert!(
            c1.evidence.contains("latitudes") && c1.evidence.contains("`c2`"),
            "{}",
            c1.evidence
        );
        assert!(classes[2].as_ref().unwrap().evidence.contains("longitudes"));
        assert!(classes[3].is_none());
        // Longitude first (beyond ±90), latitude second.
        let lon_far: Vec<String> = (0..20).map(|i| format!("151.20{i:02}3")).collect();
        let lat_s: Vec<String> = (0..20).map(|i| format!("-33.86{i:02}8")).collect();
        let a = ColumnSample::from_values(&lon_far);
        let b = ColumnSample::from_values(&lat_s);
        assert_eq!(coordinate_pair(&a, &b), Some(false));
        // Two columns of ratios are not a position; prices have two decimals.
        let r = ColumnSample::from_values(&ratio);
        assert_eq!(coordinate_pair(&r, &r), None);
        let prices: Vec<String> = (0..20).map(|i| format!("{i}.99")).collect();
        let p = ColumnSample::from_values(&prices);
        assert_eq!(coordinate_pair(&p, &p), None);
    }

    #[test]
    fn never_wins() {
        let t = table(&[("misc1", "text"), ("misc2", "text")]);
        let mut samples = BTreeMap::new();
        samples.insert(0, ColumnSample::from_values(emails(20)));
        samples.insert(1, ColumnSample::from_values(emails(20)));
        let config = ClassifierConfig {
            never: vec!["places.misc2".into()],
            ..ClassifierConfig::default()
        };
        let mut classes = vec![None, None];
        assert_eq!(
            apply(&t, &mut classes, &samples, &NeverList::new(&config)),
            1
        );
        assert!(classes[0].is_some() && classes[1].is_none());
    }

    #[test]
    fn candidates() {
        let origin = Origin::Database {
            database: "x".into(),
        };
        let kind = |ty: &str| candidate(&Column::new("c", ty, origin.clone()));
        assert_eq!(kind("character varying(255)"), Some(SampleAs::Text));
        assert_eq!(kind("varchar(64)"), Some(SampleAs::Text));
        assert_eq!(kind("mediumtext"), Some(SampleAs::Text));
        assert_eq!(kind("text"), Some(SampleAs::Text));
        assert_eq!(kind("double precision"), Some(SampleAs::Decimal));
        assert_eq!(kind("decimal(9,6)"), Some(SampleAs::Decimal));
        assert_eq!(kind("numeric"), Some(SampleAs::Decimal));
        for no in [
            "character varying[]",
            "text[]",
            "integer",
            "bigint",
            "bytea",
            "varbinary(16)",
            "jsonb",
            "timestamp with time zone",
            "blob",
        ] {
            assert_eq!(kind(no), None, "{no}");
        }
        let mut tagged = Column::new("c", "text", origin.clone());
        tagged.set_comment(Some("contact #PPI".into()), None);
        assert_eq!(candidate(&tagged), None);
    }
}

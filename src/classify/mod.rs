//! The classifier: does this column hold Primary Personal Information or
//! geolocation data, and which kind?
//!
//! Column names are split into tokens (snake_case, camelCase, digits) and the
//! token sequences are matched against a dictionary per category; the type
//! and the table gate and adjust the verdict. Every verdict carries a
//! confidence and the evidence that produced it.

mod tokenize;

pub use tokenize::tokenize;

use crate::model::{Column, Table};
use crate::tags::Tag;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What kind of personal data a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Category {
    #[serde(rename = "person.name")]
    PersonName,
    #[serde(rename = "person.birth_date")]
    PersonBirthDate,
    #[serde(rename = "person.national_id")]
    PersonNationalId,
    #[serde(rename = "contact.email")]
    ContactEmail,
    #[serde(rename = "contact.phone")]
    ContactPhone,
    #[serde(rename = "contact.address")]
    ContactAddress,
    #[serde(rename = "financial.account")]
    FinancialAccount,
    #[serde(rename = "financial.card")]
    FinancialCard,
    #[serde(rename = "biometric")]
    Biometric,
    #[serde(rename = "government.id")]
    GovernmentId,
    #[serde(rename = "person.avatar")]
    PersonAvatar,
    #[serde(rename = "geo.coordinates")]
    GeoCoordinates,
    #[serde(rename = "geo.geometry")]
    GeoGeometry,
    #[serde(rename = "geo.other")]
    GeoOther,
    /// Secondary PI (user ids, IP addresses): recognised, needs no tag.
    #[serde(rename = "secondary.user_id")]
    SecondaryUserId,
    #[serde(rename = "secondary.ip_address")]
    SecondaryIpAddress,
}

impl Category {
    pub const ALL: [Category; 16] = [
        Category::PersonName,
        Category::PersonBirthDate,
        Category::PersonNationalId,
        Category::ContactEmail,
        Category::ContactPhone,
        Category::ContactAddress,
        Category::FinancialAccount,
        Category::FinancialCard,
        Category::Biometric,
        Category::GovernmentId,
        Category::PersonAvatar,
        Category::GeoCoordinates,
        Category::GeoGeometry,
        Category::GeoOther,
        Category::SecondaryUserId,
        Category::SecondaryIpAddress,
    ];

    /// The tag this category requires; `None` for secondary PI.
    pub fn tag(self) -> Option<Tag> {
        use Category::*;
        match self {
            GeoCoordinates | GeoGeometry | GeoOther => Some(Tag::Geo),
            SecondaryUserId | SecondaryIpAddress => None,
            _ => Some(Tag::Ppi),
        }
    }

    pub fn as_str(self) -> &'static str {
        use Category::*;
        match self {
            PersonName => "person.name",
            PersonBirthDate => "person.birth_date",
            PersonNationalId => "person.national_id",
            ContactEmail => "contact.email",
            ContactPhone => "contact.phone",
            ContactAddress => "contact.address",
            FinancialAccount => "financial.account",
            FinancialCard => "financial.card",
            Biometric => "biometric",
            GovernmentId => "government.id",
            PersonAvatar => "person.avatar",
            GeoCoordinates => "geo.coordinates",
            GeoGeometry => "geo.geometry",
            GeoOther => "geo.other",
            SecondaryUserId => "secondary.user_id",
            SecondaryIpAddress => "secondary.ip_address",
        }
    }

    /// Human words for messages.
    pub fn describe(self) -> &'static str {
        use Category::*;
        match self {
            PersonName => "a person's name",
            PersonBirthDate => "a date of birth",
            PersonNationalId => "a national id number",
            ContactEmail => "an e-mail address",
            ContactPhone => "a phone number",
            ContactAddress => "a postal address",
            FinancialAccount => "a bank account number",
            FinancialCard => "payment card data",
            Biometric => "biometric data",
            GovernmentId => "a government-issued id number",
            PersonAvatar => "a person's photo or avatar",
            GeoCoordinates => "coordinates",
            GeoGeometry => "a geometry",
            GeoOther => "geolocation data",
            SecondaryUserId => "a user id",
            SecondaryIpAddress => "an IP address",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Category {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| format!("unknown category `{s}`"))
    }
}

/// How sure the classifier is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Confidence {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "low" => Ok(Confidence::Low),
            "medium" => Ok(Confidence::Medium),
            "high" => Ok(Confidence::High),
            o => Err(format!(
                "unknown confidence `{o}` (expected low, medium or high)"
            )),
        }
    }
}

/// A verdict on one column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Classification {
    pub category: Category,
    pub confidence: Confidence,
    /// The tokens and rule that matched, for humans tuning the classifier.
    pub evidence: String,
}

/// User additions from `[classifier]` in `pitag.toml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClassifierConfig {
    /// Extra column-name patterns (token sequences, `*` globs on the whole name).
    #[serde(default)]
    pub patterns: Vec<PatternConfig>,
    /// Column names (or `table.column`) that are never PI.
    #[serde(default)]
    pub never: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PatternConfig {
    /// A column name pattern: tokens separated by `_` (`cust_mail`), or a glob (`*_mail_addr`).
    pub pattern: String,
    pub category: Category,
    #[serde(default = "default_pattern_confidence")]
    pub confidence: Confidence,
}

impl ClassifierConfig {
    /// Check the user's patterns; the message names the offending entry.
    pub fn validate(&self) -> Result<(), String> {
        for p in &self.patterns {
            if p.pattern.trim().is_empty() {
                return Err("a pattern is empty".into());
            }
            if p.pattern.contains('*') {
                globset::Glob::new(&p.pattern)
                    .map_err(|e| format!("pattern `{}`: {e}", p.pattern))?;
            }
        }
        Ok(())
    }
}

fn default_pattern_confidence() -> Confidence {
    Confidence::High
}

/// The classifier, built once from the configuration.
#[derive(Debug, Clone, Default)]
pub struct Classifier {
    config: ClassifierConfig,
}

/// Token sequences per category; the first token sequence that appears in
/// the column's tokens wins.
const DICTIONARY: &[(Category, &[&str])] = &[
    (
        Category::ContactEmail,
        &["email", "e_mail", "mail_address", "mail"],
    ),
    (
        Category::ContactPhone,
        &[
            "phone",
            "telephone",
            "mobile",
            "msisdn",
            "fax",
            "cellphone",
            "tel",
        ],
    ),
    (
        Category::PersonBirthDate,
        &[
            "birth_date",
            "date_of_birth",
            "birthdate",
            "birthday",
            "dob",
            "birth",
        ],
    ),
    (
        Category::PersonNationalId,
        &["ssn", "social_security", "national_id", "tax_id", "sin"],
    ),
    (
        Category::GovernmentId,
        &[
            "passport",
            "driver_license",
            "drivers_license",
            "driving_licence",
            "licence_number",
            "license_number",
        ],
    ),
    (
        Category::FinancialAccount,
        &[
            "iban",
            "bank_account",
            "account_number",
            "routing_number",
            "sort_code",
            "bic",
        ],
    ),
    (
        Category::FinancialCard,
        &["card_number", "credit_card", "cvv", "cvc", "pan"],
    ),
    (
        Category::Biometric,
        &["fingerprint", "biometric", "face_template", "retina"],
    ),
    (
        Category::PersonAvatar,
        &["avatar", "photo", "profile_picture", "profile_image"],
    ),
    (
        Category::PersonName,
        &[
            "first_name",
            "last_name",
            "full_name",
            "middle_name",
            "firstname",
            "lastname",
            "fullname",
            "surname",
            "given_name",
            "family_name",
            "display_name",
            "maiden_name",
        ],
    ),
    (
        Category::ContactAddress,
        &[
            "street",
            "address_line",
            "address",
            "postal_code",
            "zip_code",
            "zipcode",
            "postcode",
            "zip",
        ],
    ),
    (
        Category::GeoCoordinates,
        &[
            "latitude",
            "longitude",
            "lat",
            "lng",
            "lon",
            "coordinates",
            "coords",
            "geo_point",
            "location",
        ],
    ),
    (Category::GeoOther, &["geohash", "gps"]),
    (
        Category::SecondaryIpAddress,
        &["ip_address", "ip", "remote_ip", "ipv4", "ipv6"],
    ),
    (Category::SecondaryUserId, &["user_id"]),
];

/// Tokens that turn a match into something else (a count, a hash, a setting).
const DEMOTERS: &[&str] = &[
    "hash",
    "digest",
    "count",
    "template",
    "domain",
    "host",
    "file",
    "verified",
    "confirmed",
    "enabled",
    "disabled",
    "id",
    "ids",
    "type",
    "format",
    "status",
    "at",
    "token",
    "sent",
    "notification",
    "notifications",
    "company",
    "product",
    "project",
    "size",
    "length",
];

/// Table tokens that mean the rows are people.
const PEOPLE: &[&str] = &[
    "user",
    "users",
    "customer",
    "customers",
    "employee",
    "employees",
    "driver",
    "drivers",
    "patient",
    "patients",
    "member",
    "members",
    "contact",
    "contacts",
    "person",
    "persons",
    "people",
    "account",
    "accounts",
    "eperson",
    "client",
    "clients",
    "student",
    "students",
    "profile",
    "profiles",
];

impl Classifier {
    pub fn new(config: ClassifierConfig) -> Classifier {
        Classifier { config }
    }

    /// Classify every column of a table, in column order.
    pub fn classify_table(&self, table: &Table) -> Vec<Option<Classification>> {
        let table_tokens = tokenize(&table.name);
        let people = table_tokens.iter().any(|t| PEOPLE.contains(&t.as_str()));
        let names: Vec<Vec<String>> = table.columns.iter().map(|c| tokenize(&c.name)).collect();
        let has = |w: &str| names.iter().any(|n| n.len() == 1 && n[0] == w);
        let lat_lon_pair = (has("lat") || has("latitude"))
            && (has("lon") || has("lng") || has("long") || has("longitude"));
        table
            .columns
            .iter()
            .zip(&names)
            .map(|(c, tokens)| self.classify_column(table, c, tokens, people, lat_lon_pair))
            .collect()
    }

    fn classify_column(
        &self,
        table: &Table,
        column: &Column,
        tokens: &[String],
        people: bool,
        lat_lon_pair: bool,
    ) -> Option<Classification> {
        let lname = column.name.to_lowercase();
        let qualified = format!("{}.{}", table.name.to_lowercase(), lname);
        if self.config.never.iter().any(|n| {
            let n = n.to_lowercase();
            n == lname || n == qualified
        }) {
            return None;
        }
        for p in &self.config.patterns {
            if pattern_matches(&p.pattern, &lname, tokens) {
                return Some(Classification {
                    category: p.category,
                    confidence: p.confidence,
                    evidence: format!("config pattern `{}`", p.pattern),
                });
            }
        }
        let ty = column.data_type.to_ascii_lowercase();
        let base_ty = ty.split(['(', ' ']).next().unwrap_or("");
        if matches!(
            base_ty,
            "geometry"
                | "geography"
                | "point"
                | "polygon"
                | "multipolygon"
                | "linestring"
                | "multipoint"
                | "multilinestring"
                | "geometrycollection"
        ) || ty.starts_with("public.geometry")
            || ty.starts_with("public.geography")
        {
            return Some(Classification {
                category: Category::GeoGeometry,
                confidence: Confidence::High,
                evidence: format!("type `{}`", column.data_type),
            });
        }
        let non_text = matches!(
            base_ty,
            "boolean"
                | "bool"
                | "tinyint"
                | "smallint"
                | "int"
                | "integer"
                | "bigint"
                | "serial"
                | "bigserial"
                | "timestamp"
                | "timestamptz"
                | "datetime"
                | "time"
                | "interval"
                | "uuid"
                | "inet"
                | "cidr"
        );
        let joined = tokens.join("_");
        let squashed = tokens.concat();
        for (category, seqs) in DICTIONARY {
            for seq in *seqs {
                if !contains_seq(&joined, seq) && squashed != seq.replace('_', "") {
                    continue;
                }
                let demoted = tokens.iter().find(|t| DEMOTERS.contains(&t.as_str()));
                let mut confidence = Confidence::High;
                let geo = matches!(category, Category::GeoCoordinates | Category::GeoOther);
                let secondary = category.tag().is_none();
                if let Some(d) = demoted {
                    if *category != Category::SecondaryUserId {
                        let _ = d;
                        return None;
                    }
                }
                if non_text && !geo && !secondary {
                    // Birth dates may be date-typed; timestamps are the gate.
                    let is_date = base_ty == "date";
                    if !(matches!(category, Category::PersonBirthDate)
                        && (is_date || base_ty.starts_with("timestamp") || base_ty == "datetime"))
                    {
                        return None;
                    }
                }
                if geo && matches!(*seq, "lat" | "lng" | "lon" | "location") {
                    confidence = if lat_lon_pair {
                        Confidence::High
                    } else {
                        Confidence::Low
                    };
                }
                if *seq == "mail" || *seq == "tel" || *seq == "zip" || *seq == "birth" {
                    confidence = Confidence::Medium;
                }
                return Some(Classification {
                    category: *category,
                    confidence,
                    evidence: format!("tokens `{seq}` in `{}`", column.name),
                });
            }
        }
        // Bare words that are PI only in a table of people.
        if people && tokens.len() == 1 {
            let category = match tokens[0].as_str() {
                "name" | "first" | "last" | "surname" => Some(Category::PersonName),
                "address" => Some(Category::ContactAddress),
                _ => None,
            };
            if let Some(category) = category {
                return Some(Classification {
                    category,
                    confidence: Confidence::Medium,
                    evidence: format!("`{}` in a table of people (`{}`)", column.name, table.name),
                });
            }
        }
        None
    }
}

/// Whether `seq` (tokens joined by `_`) occurs in `joined` on token boundaries.
fn contains_seq(joined: &str, seq: &str) -> bool {
    let mut start = 0;
    while let Some(pos) = joined[start..].find(seq) {
        let begin = start + pos;
        let end = begin + seq.len();
        let left_ok = begin == 0 || joined.as_bytes()[begin - 1] == b'_';
        let right_ok = end == joined.len() || joined.as_bytes()[end] == b'_';
        if left_ok && right_ok {
            return true;
        }
        start = begin + 1;
    }
    false
}

fn pattern_matches(pattern: &str, lname: &str, tokens: &[String]) -> bool {
    let p = pattern.to_lowercase();
    if p.contains('*') {
        globset::Glob::new(&p)
            .map(|g| g.compile_matcher().is_match(lname))
            .unwrap_or(false)
    } else {
        contains_seq(&tokens.join("_"), &tokenize(&p).join("_"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;

    fn classify(table: &str, cols: &[(&str, &str)]) -> Vec<Option<Category>> {
        let mut t = Table::new(None, table, Origin::file("x.sql", 1));
        for (n, ty) in cols {
            t.columns
                .push(Column::new(*n, *ty, Origin::file("x.sql", 1)));
        }
        Classifier::default()
            .classify_table(&t)
            .into_iter()
            .map(|c| c.map(|c| c.category))
            .collect()
    }

    #[test]
    fn finds_obvious_columns() {
        let got = classify(
            "users",
            &[
                ("email", "text"),
                ("customerEmail", "text"),
                ("home_phone", "varchar(20)"),
                ("email_verified", "boolean"),
                ("name", "text"),
            ],
        );
        assert_eq!(
            got,
            vec![
                Some(Category::ContactEmail),
                Some(Category::ContactEmail),
                Some(Category::ContactPhone),
                None,
                Some(Category::PersonName)
            ]
        );
    }

    #[test]
    fn context_decides_bare_names() {
        assert_eq!(classify("projects", &[("name", "text")]), vec![None]);
        assert_eq!(
            classify("geo", &[("geom", "geometry(Point,4326)")]),
            vec![Some(Category::GeoGeometry)]
        );
    }
}

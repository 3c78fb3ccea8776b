//! The classifier: does this column hold Primary Personal Information or
//! geolocation data, and which kind?
//!
//! Column names are split into tokens (snake_case, camelCase, acronyms,
//! digits, diacritics folded, long compounds split into known words) and the
//! token sequences are matched against a dictionary of terms per category,
//! in many languages ([`dictionary`]). The rightmost matching term is the
//! *head*; the words around it qualify it (`customer_email`), turn it into
//! something else (`email_verified`, `company_name`) or say nothing
//! (`new_email`). The column type gates the verdict (booleans, timestamps and
//! counters hold no PI; spatial types are always geolocation) and the table
//! decides bare words (`name` in `users` is a person's name, in `projects`
//! it is not), helped by its other columns (`sex` and `birthday` make a
//! record of a person; a street makes `city` an address part; a `website`
//! with no person columns makes CRM `accounts` companies). A column comment,
//! in any language or script, confirms or supplies the verdict
//! (`comment.rs`). Every verdict carries a confidence and the evidence that
//! produced it.

mod comment;
mod context;
mod dictionary;
mod tokenize;

pub use tokenize::tokenize;

use crate::model::{Column, Table};
use crate::tags::Tag;
use comment::CommentSays;
use context::{split_compounds, TableContext, TypeClass};
use dictionary::{dictionary, flag, role, Dictionary, Strength, Term};
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
    /// A person's account on a messenger or social network (not a login of
    /// the audited system).
    #[serde(rename = "contact.handle")]
    ContactHandle,
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
    pub const ALL: [Category; 17] = [
        Category::PersonName,
        Category::PersonBirthDate,
        Category::PersonNationalId,
        Category::ContactEmail,
        Category::ContactPhone,
        Category::ContactAddress,
        Category::ContactHandle,
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
            ContactHandle => "contact.handle",
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
            ContactHandle => "a messenger or social-network account",
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

fn default_pattern_confidence() -> Confidence {
    Confidence::High
}

/// The classifier, built once from the configuration.
#[derive(Debug, Clone, Default)]
pub struct Classifier {
    config: ClassifierConfig,
    patterns: Vec<CompiledPattern>,
    never: Vec<NameMatcher>,
}

#[derive(Debug, Clone)]
struct CompiledPattern {
    matcher: NameMatcher,
    category: Category,
    confidence: Confidence,
    text: String,
}

/// How a configured pattern matches a column.
#[derive(Debug, Clone)]
enum NameMatcher {
    /// A glob on the lower-cased column name, or on `table.column` when the
    /// pattern contains a dot.
    Glob {
        glob: globset::GlobMatcher,
        qualified: bool,
    },
    /// An exact (case-insensitive) column name or `table.column`.
    Exact { name: String, qualified: bool },
    /// A token sequence that must appear, contiguous, in the column's tokens
    /// (`cust_mail` matches `primary_cust_mail` and `custMail`).
    Tokens(Vec<String>),
}

fn is_glob(p: &str) -> bool {
    p.contains(['*', '?', '[', '{'])
}

fn compile_glob(p: &str) -> Result<NameMatcher, globset::Error> {
    let lower = p.trim().to_lowercase();
    let glob = globset::GlobBuilder::new(&lower)
        .literal_separator(false)
        .build()?;
    Ok(NameMatcher::Glob {
        qualified: lower.contains('.'),
        glob: glob.compile_matcher(),
    })
}

/// A `[classifier]` entry that cannot be used; the message names it
/// (entries count from 1).
#[derive(Debug, thiserror::Error)]
pub enum ClassifierConfigError {
    // `reason`, not `source`: the glob error is part of this message, not a cause to print again.
    #[error("[classifier] patterns entry {entry}: `pattern` is empty")]
    EmptyPattern { entry: usize },
    #[error("[classifier] patterns entry {entry}: invalid glob `{pattern}`: {reason}")]
    PatternGlob {
        entry: usize,
        pattern: String,
        reason: globset::Error,
    },
    #[error("[classifier] patterns entry {entry}: `{pattern}` contains no letters or digits")]
    NoWords { entry: usize, pattern: String },
    #[error("[classifier] never entry {entry} is empty")]
    EmptyNever { entry: usize },
    #[error("[classifier] never entry {entry}: invalid glob `{name}`: {reason}")]
    NeverGlob {
        entry: usize,
        name: String,
        reason: globset::Error,
    },
}

impl ClassifierConfig {
    /// Check every configured entry; the error names the offending one.
    pub fn validate(&self) -> Result<(), ClassifierConfigError> {
        use ClassifierConfigError as E;
        for (i, p) in self.patterns.iter().enumerate() {
            let entry = i + 1;
            if p.pattern.trim().is_empty() {
                return Err(E::EmptyPattern { entry });
            }
            if is_glob(&p.pattern) {
                compile_glob(&p.pattern).map_err(|reason| E::PatternGlob {
                    entry,
                    pattern: p.pattern.clone(),
                    reason,
                })?;
            } else if tokenize(&p.pattern).is_empty() {
                return Err(E::NoWords {
                    entry,
                    pattern: p.pattern.clone(),
                });
            }
        }
        for (i, n) in self.never.iter().enumerate() {
            let entry = i + 1;
            if n.trim().is_empty() {
                return Err(E::EmptyNever { entry });
            }
            if is_glob(n) {
                compile_glob(n).map_err(|reason| E::NeverGlob {
                    entry,
                    name: n.clone(),
                    reason,
                })?;
            }
        }
        Ok(())
    }
}

/// Confidence one step up / down.
fn up(c: Confidence) -> Confidence {
    match c {
        Confidence::Low => Confidence::Medium,
        _ => Confidence::High,
    }
}

fn cap(c: Confidence, max: Confidence) -> Confidence {
    c.min(max)
}

/// The matched head term of a column name.
struct Head<'d> {
    start: usize,
    end: usize,
    term: &'d Term,
    /// Matched as a plural (`emails`): with a numeric type, a count.
    plural: bool,
}

/// What the words before the head say about whose value it is.
#[derive(Default)]
struct Qualifiers<'a> {
    person: Option<&'a str>,
    weak_person: Option<&'a str>,
    owner: Option<&'a str>,
    /// A word the dictionary does not know.
    unknown: Option<&'a str>,
    /// A PI term before the head (`address_city`, `billing_address_zip`).
    pi_term: Option<Category>,
    /// An address-kind qualifier (`billing`, `home`, `shipping`).
    address_kind: Option<&'a str>,
    /// A word after the head that the dictionary does not know.
    after_unknown: bool,
    /// The word right before the head names an organisation or a site
    /// (`work_office_name`, `school_name`): the name is its.
    org_before: bool,
    /// A word of notifications around the head (`notification_emails`,
    /// `manager_notification_recipients`): whom something is sent to.
    notification: bool,
    /// A sign-in before the head (`last_login_location`, `signin_city`):
    /// a place looked up from the client's IP address at sign-in.
    login: bool,
    /// The head ends the name (digits aside).
    last: bool,
    /// The word right before the head is a place (`province_name`,
    /// `city_name`): the name is the place's.
    place_before: bool,
}

const ADDRESS_KINDS: &[&str] = &[
    "billing",
    "shipping",
    "home",
    "mailing",
    "delivery",
    "postal",
    "residential",
    "residence",
    "permanent",
    "street",
    "office",
    "work",
    "business",
    "correspondence",
    "registered",
    "legal",
    // Pickup and drop-off of a delivery: where a person is.
    "from",
    "to",
    "pickup",
    "dropoff",
    "origin",
    "destination",
    "consignee",
    "receiver",
    "recipient",
    "sender",
    // `end`, the Portuguese abbreviation of endereço (`end_cidade`).
    "end",
];

/// Words naming a part of a card or id number (`cc_last_digits`,
/// `ssn_last4`): the number they belong to decides the category.
const PARTIAL: &[&str] = &[
    "last4",
    "last_four",
    "last_digits",
    "first_digits",
    "first6",
];

/// Attributes of a value (`avatar_url`, `url_image_user`): never its owner.
const VALUE_ATTRIBUTES: &[&str] = &[
    "url", "uri", "link", "path", "file", "files", "image", "key", "data", "content", "blob",
];

/// Image words that make a file column a picture (`icon_file_name`).
const IMAGE_WORDS: &[&str] = &[
    "avatar",
    "photo",
    "picture",
    "pic",
    "image",
    "img",
    "icon",
    "thumb",
    "thumbnail",
    "portrait",
    "selfie",
    "headshot",
    "foto",
];

const NUMBER_PREDICATES: &[&str] = &["num", "number", "no", "nr", "n", "numero", "nro"];

impl Classifier {
    pub fn new(config: ClassifierConfig) -> Classifier {
        let patterns = config
            .patterns
            .iter()
            .filter_map(|p| {
                let matcher = if is_glob(&p.pattern) {
                    compile_glob(&p.pattern).ok()?
                } else {
                    let toks = tokenize(&p.pattern);
                    if toks.is_empty() {
                        return None;
                    }
                    NameMatcher::Tokens(toks)
                };
                Some(CompiledPattern {
                    matcher,
                    category: p.category,
                    confidence: p.confidence,
                    text: p.pattern.clone(),
                })
            })
            .collect();
        let never = config
            .never
            .iter()
            .filter_map(|n| {
                if is_glob(n) {
                    compile_glob(n).ok()
                } else if n.trim().is_empty() {
                    None
                } else {
                    let name = n.trim().to_lowercase();
                    Some(NameMatcher::Exact {
                        qualified: name.contains('.'),
                        name,
                    })
                }
            })
            .collect();
        Classifier {
            config,
            patterns,
            never,
        }
    }

    /// The configuration this classifier was built from.
    pub fn config(&self) -> &ClassifierConfig {
        &self.config
    }

    /// Classify every column of a table, in column order.
    pub fn classify_table(&self, table: &Table) -> Vec<Option<Classification>> {
        let dict = dictionary();
        let mut raw: Vec<Vec<String>> = table
            .columns
            .iter()
            .map(|c| split_compounds(dict, tokenize(&c.name)))
            .collect();
        strip_table_prefix(&mut raw, &tokenize(&table.name));
        for col in &mut raw {
            strip_encryption_suffix(col);
        }
        let types: Vec<TypeClass> = table
            .columns
            .iter()
            .map(|c| TypeClass::of(&c.data_type))
            .collect();
        let ctx = TableContext::new(&table.name, &raw, &types);
        let needs_names = !self.never.is_empty() || !self.patterns.is_empty();
        let table_lower = if needs_names {
            table.name.to_lowercase()
        } else {
            String::new()
        };
        table
            .columns
            .iter()
            .zip(raw)
            .zip(types)
            .map(|((c, toks), ty)| {
                if needs_names {
                    let col = c.name.to_lowercase();
                    let qualified = format!("{table_lower}.{col}");
                    if self
                        .never
                        .iter()
                        .any(|m| matches_name(m, &col, &qualified, &toks))
                    {
                        return None;
                    }
                    if let Some(p) = self
                        .patterns
                        .iter()
                        .find(|p| matches_name(&p.matcher, &col, &qualified, &toks))
                    {
                        return Some(Classification {
                            category: p.category,
                            confidence: p.confidence,
                            evidence: format!("config pattern `{}`", p.text),
                        });
                    }
                }
                // A comment that only spells the name out ("Display Name" on
                // `displayName`, "Last Input State") says nothing more.
                let said = c
                    .comment
                    .as_deref()
                    .filter(|t| !spells_out_name(t, &toks))
                    .and_then(|t| comment::read(dict, t));
                // `extract_type`, `is_mobile`: the name says what the value is
                // about, not that it is the data.
                let modified = said.is_some() && name_is_modified(dict, &toks);
                let reference = said.is_some() && names_a_reference(&toks);
                let by_name = classify_column(dict, &ctx, table, c, toks, ty);
                let limits = CommentLimits {
                    org: ctx.org,
                    modified,
                    reference,
                };
                match said {
                    Some(said) => with_comment(by_name, said, c, ty, limits),
                    None => by_name,
                }
            })
            .collect()
    }
}

/// OpenOLAT's `o_user(u_firstname, u_city, …)`, ChurchCRM's
/// `person_per(per_City, per_Email, …)`: a prefix that most columns of a
/// table share names the table, not the data; dropped so that `u_city`
/// reads as `city`. Only a single letter or an abbreviation the table's
/// own name carries counts (not `user_` in `users(user_name, user_email)`).
/// `city_ciphertext`, `email_encrypted`: an encrypted copy (Rails
/// Lockbox's `*_ciphertext`, Laravel's and Django's `*_encrypted`) holds
/// what the rest of its name says, so the suffix is dropped before
/// reading the name.
fn strip_encryption_suffix(col: &mut Vec<String>) {
    if col.len() > 1
        && matches!(
            col.last().map(String::as_str),
            Some("ciphertext" | "encrypted" | "crypted" | "enc")
        )
    {
        col.pop();
    }
}

fn strip_table_prefix(cols: &mut [Vec<String>], table: &[String]) {
    if cols.len() < 3 {
        return;
    }
    let letter = |c: &Vec<String>| {
        let p = c.first()?;
        let abbreviation = p.len() == 1 && p.chars().all(|ch| ch.is_ascii_alphabetic())
            || p.len() <= 4 && table.len() > 1 && table.iter().any(|t| t == p);
        (c.len() > 1 && abbreviation).then(|| p.clone())
    };
    let mut counts: Vec<(String, usize)> = Vec::new();
    for c in cols.iter() {
        if let Some(l) = letter(c) {
            match counts.iter_mut().find(|(k, _)| *k == l) {
                Some((_, n)) => *n += 1,
                None => counts.push((l, 1)),
            }
        }
    }
    let Some((prefix, n)) = counts.into_iter().max_by_key(|(_, n)| *n) else {
        return;
    };
    if n * 5 < cols.len() * 4 {
        return;
    }
    for c in cols.iter_mut() {
        if letter(c).as_deref() == Some(prefix.as_str()) {
            c.remove(0);
        }
    }
}

/// Combine the verdict on a column's name with what its comment says: the
/// comment confirms, decides where the name says nothing or little, or
/// (an organisation's, a login, a flag) takes a weak verdict back.
fn with_comment(
    by_name: Option<Classification>,
    said: CommentSays,
    column: &Column,
    ty: TypeClass,
    limits: CommentLimits,
) -> Option<Classification> {
    let comment = column.comment.as_deref().unwrap_or("").trim();
    // Comments are prose, quoted "…" so that table output may wrap them;
    // backticks stay for names, which it never breaks.
    let shown: String = comment
        .chars()
        .take(60)
        .map(|c| if c == '`' { '\'' } else { c })
        .collect();
    match said {
        // An organisation's (门店电话) takes back a PPI verdict; other words
        // (an id, a flag, a login) add nothing and take nothing back: `name`
        // commented 用户名 in a record of a person is the person's name.
        // An e-mail's content (이메일내용) is not the e-mail address, whatever
        // the name says (`EMAIL_CN`).
        CommentSays::NotPersonal { modifies: true, .. } => match by_name {
            Some(c) if c.category.tag().is_some() => None,
            other => other,
        },
        CommentSays::NotPersonal { org, .. } => match by_name {
            Some(c) if org && c.category.tag() == Some(crate::tags::Tag::Ppi) => None,
            other => other,
        },
        CommentSays::Pi {
            category,
            word,
            near_coordinates,
        } => {
            let note = format!(
                "comment \"{shown}\" says `{word}` ({})",
                category.describe()
            );
            match by_name {
                Some(mut c) if c.confidence >= Confidence::Medium && c.category.tag().is_some() => {
                    if c.category == category {
                        c.confidence = Confidence::High;
                    } else if c.confidence == Confidence::Medium
                        && c.category.tag() == category.tag()
                    {
                        // `area_no` next to phones and addresses: the
                        // comment (지역번호, the area code) says which.
                        c.category = category;
                    }
                    c.evidence.push_str("; ");
                    c.evidence.push_str(&note);
                    Some(c)
                }
                // A login by its name (`username`) stays a login, and an
                // organisation's contact data stays the organisation's; but
                // a `user_name` in two words whose comment says a person's
                // name (创建人姓名, ПІБ користувача) holds that name.
                // So does a login whose comment says a full name (真实姓名,
                // the real name): every labelled set agrees it holds one.
                Some(c)
                    if c.category == Category::SecondaryUserId
                        && !(category == Category::PersonName
                            && (two_word_user_name(&column.name) || full_name_word(&word))) =>
                {
                    Some(c)
                }
                other if limits.forbid(category) || near_coordinates => other,
                _ if comment_type_ok(category, ty) => {
                    classified(category, Confidence::Medium, note)
                }
                other => other,
            }
        }
    }
}

/// A comment's word for a person's full or real name (姓名, 真实姓名, 氏名,
/// 성명), not a user's name (用户名称), which may be the login.
fn full_name_word(word: &str) -> bool {
    word.contains("姓名") || matches!(word, "真名" | "实名" | "氏名" | "성명")
}

/// `user_name`, `USER_NAME`, `userName`: a user's name in two words, which
/// the single word `username` (a login) is not.
fn two_word_user_name(name: &str) -> bool {
    let toks = tokenize(name);
    toks.len() == 2 && toks[0] == "user" && toks[1] == "name"
}

/// When a comment may not make a column PI.
#[derive(Clone, Copy)]
struct CommentLimits {
    /// The table is an organisation's.
    org: bool,
    /// The name says the value is about the data (`extract_type`, `is_mobile`).
    modified: bool,
    /// The name is a key of another row (`billing_address_id`,
    /// `contactMechId` commented "the billing postal address").
    reference: bool,
}

impl CommentLimits {
    fn forbid(self, category: Category) -> bool {
        if category.tag() != Some(crate::tags::Tag::Ppi) {
            return false;
        }
        // In an organisation's record a person the comment names (대표이사,
        // the CEO; 联系人, the contact) is a person.
        // A key points at an address, a name or a picture; it is none of
        // them. What serves as a key itself stays possible: numbers (an id
        // card's, an account's), handles (a WeChat id), and the phone
        // numbers and e-mail addresses people log in or are found by
        // (`delivery_id` commented 快递单号/手机号, tracking or phone number).
        let key_of_data = self.reference
            && matches!(
                category,
                Category::ContactAddress
                    | Category::PersonName
                    | Category::PersonAvatar
                    | Category::PersonBirthDate
                    | Category::Biometric
            );
        self.modified || key_of_data || self.org && category != Category::PersonName
    }
}

/// Whether a column's name ends in a modifier (`_type`, `_status`, `_count`)
/// or starts with a predicate (`is_`, `has_`).
fn name_is_modified(dict: &Dictionary, toks: &[String]) -> bool {
    toks.last().is_some_and(|t| {
        dict.role(t) & role::AFTER != 0 && !matches!(t.as_str(), "id" | "no" | "code")
    }) || toks.len() > 1
        && toks
            .first()
            .is_some_and(|t| dict.role(t) & role::PREDICATE != 0)
}

/// Whether a column's name is a key of another row: more than one word,
/// ending in `id`, `ids`, `fk` or `ref` (`contact_mech_id`, `address_ids`).
fn names_a_reference(toks: &[String]) -> bool {
    toks.len() > 1
        && toks
            .last()
            .is_some_and(|t| matches!(t.as_str(), "id" | "ids" | "fk" | "ref"))
}

/// The type gate for a category that only the comment gives.
fn comment_type_ok(category: Category, ty: TypeClass) -> bool {
    use Category::*;
    match ty {
        TypeClass::Bool | TypeClass::Uuid | TypeClass::Enum | TypeClass::Time => false,
        TypeClass::Text { len: Some(n) } if n <= 2 => false,
        TypeClass::SmallInt => false,
        TypeClass::Date | TypeClass::Timestamp => category == PersonBirthDate,
        TypeClass::Int | TypeClass::Float => matches!(
            category,
            ContactPhone
                | PersonNationalId
                | GovernmentId
                | FinancialAccount
                | FinancialCard
                | GeoCoordinates
                | ContactAddress
        ),
        _ => true,
    }
}

fn matches_name(m: &NameMatcher, col: &str, qualified: &str, tokens: &[String]) -> bool {
    match m {
        NameMatcher::Glob { glob, qualified: q } => glob.is_match(if *q { qualified } else { col }),
        NameMatcher::Exact { name, qualified: q } => {
            if *q {
                // `table.column`, also when the table name carries its schema.
                qualified == name || qualified.ends_with(&format!(".{name}"))
            } else {
                col == name
            }
        }
        NameMatcher::Tokens(seq) => {
            tokens.windows(seq.len()).any(|w| w == seq.as_slice())
                || tokens.concat() == seq.concat()
        }
    }
}

fn classified(
    category: Category,
    confidence: Confidence,
    evidence: String,
) -> Option<Classification> {
    Some(Classification {
        category,
        confidence,
        evidence,
    })
}

/// Look a span of tokens up, also as a plural (`emails`, `addresses`).
fn lookup<'d>(dict: &'d Dictionary, squashed: &str) -> Option<(&'d Term, bool)> {
    if let Some(t) = dict.term(squashed) {
        return Some((t, false));
    }
    if squashed.len() > 4 {
        if let Some(s) = squashed.strip_suffix('s') {
            if let Some(t) = dict.term(s) {
                return Some((t, true));
            }
            if let Some(t) = s.strip_suffix('e').and_then(|s| dict.term(s)) {
                return Some((t, true));
            }
        }
    }
    None
}

/// The rightmost (then longest) dictionary term in the name. A bare word
/// (`name`, `value`, `to`) yields to a real term before it (`email_value`).
fn find_head<'d>(dict: &'d Dictionary, tokens: &[String]) -> Option<Head<'d>> {
    let n = tokens.len();
    let mut buf = String::with_capacity(32);
    let mut found: Option<Head<'d>> = None;
    let mut end = n;
    while end > 0 {
        let hit = dict.longest_ending_at(tokens, end, &mut buf, |s, start| {
            let (term, plural) = lookup(dict, s)?;
            // `gpg_key_user_name`: a qualified `user_name` is a person's name.
            if term.strength == Strength::Not
                && term.category == Some(Category::SecondaryUserId)
                && end - start > 1
                && start > 0
            {
                return None;
            }
            Some(Head {
                start,
                end,
                term,
                plural,
            })
        });
        let hit = hit.map(|(_, h)| h);
        match (hit, &found) {
            (Some(h), None) => {
                if h.term.strength != Strength::Bare {
                    return Some(h);
                }
                end = h.start;
                found = Some(h);
            }
            (Some(h), Some(_)) => {
                // `consignee_province`: a role noun before a bare word says whose it is.
                let role_noun = h.term.strength == Strength::Lean
                    && h.term.category == Some(Category::PersonName);
                if h.term.strength != Strength::Bare
                    && h.term.strength != Strength::Not
                    && !role_noun
                {
                    return Some(h);
                }
                end = h.start;
            }
            (None, _) => end -= 1,
        }
    }
    found
}

/// Reads the words around the head. Whose value it is comes from the word
/// nearest before the head that names a person or a non-person owner
/// (`parent_job_name` is a job's), else from the first such word after it
/// (`nome_empresa`, `email_cliente`: Romance names put the owner last); a
/// machine identity anywhere wins (`service_user_email`).
fn qualifiers<'a>(dict: &Dictionary, before: &'a [String], after: &'a [String]) -> Qualifiers<'a> {
    let mut q = Qualifiers::default();
    let mut decided = false;
    let mut machine = None;
    // Attributes of the value itself (`selfie_url`) are not its owner.
    let words_after = after.iter().filter(|t| {
        dict.role(t) & role::AFTER == 0
            && !matches!(
                t.as_str(),
                "url"
                    | "uri"
                    | "link"
                    | "path"
                    | "file"
                    | "files"
                    | "image"
                    | "key"
                    | "data"
                    | "content"
                    | "blob"
            )
    });
    let words_before = before
        .iter()
        .rev()
        .filter(|t| !VALUE_ATTRIBUTES.contains(&t.as_str()));
    for (i, t) in words_before.chain(words_after).enumerate() {
        let t = t.as_str();
        // `last_success_state_name`: `last` qualifies a name only right
        // before it (`last_name`), not across other words.
        if i > 0 && NAME_PART_WORDS.contains(&t) {
            continue;
        }
        let r = dict.role(t);
        if r & role::MACHINE != 0 {
            machine.get_or_insert(t);
        }
        if decided || t.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if r & role::PERSON != 0 {
            q.person = Some(t);
        } else if r & role::WEAK_PERSON != 0 {
            q.weak_person = Some(t);
        } else if r & role::OWNER != 0 {
            q.owner = Some(t);
        } else {
            continue;
        }
        // Before-words come first (nearest first), so words after the head
        // only count when nothing before decided.
        decided = true;
    }
    if let Some(m) = machine {
        q.person = None;
        q.weak_person = None;
        q.owner = Some(m);
    }
    for t in before {
        let t = t.as_str();
        if t.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let r = dict.role(t);
        if ADDRESS_KINDS.contains(&t) {
            q.address_kind.get_or_insert(t);
        }
        if r & (role::PERSON | role::WEAK_PERSON | role::OWNER) != 0 {
            continue;
        } else if let Some(term) = dict.term(t) {
            if let Some(c) = term.category {
                if term.strength != Strength::Not {
                    q.pi_term.get_or_insert(c);
                }
            } else if term.flags & (flag::ADDRESS_WORD | flag::PLACE_WORD) != 0 {
                // `city_area`, `address_city`: a part of an address.
                q.pi_term.get_or_insert(Category::ContactAddress);
            }
        } else if r & (role::NEUTRAL | role::NUMBERISH | role::AFTER) == 0 {
            q.unknown.get_or_insert(t);
        }
    }
    q.notification = before.iter().chain(after).any(|t| {
        matches!(
            t.as_str(),
            "notification" | "notifications" | "notify" | "alert" | "alerts"
        )
    });
    q.org_before = before
        .last()
        .is_some_and(|t| dict.role(t) & role::ORG_T != 0);
    q.last = after.iter().all(|t| t.chars().all(|c| c.is_ascii_digit()));
    q.login = before.iter().any(|t| {
        matches!(
            t.as_str(),
            "login" | "logon" | "signin" | "lastlogin" | "loginlocation"
        )
    });
    q.place_before = before.last().is_some_and(|t| {
        dict.term(t)
            .is_some_and(|t| t.flags & flag::PLACE_WORD != 0 && t.category.is_none())
    });
    q.after_unknown = after.iter().any(|t| {
        !t.chars().all(|c| c.is_ascii_digit()) && dict.role(t) == 0 && dict.term(t).is_none()
    });
    q
}

fn classify_column(
    dict: &Dictionary,
    ctx: &TableContext,
    table: &Table,
    column: &Column,
    raw: Vec<String>,
    ty: TypeClass,
) -> Option<Classification> {
    if let Some(c) = type_evidence(column, ty) {
        return Some(c);
    }
    let tokens = raw;
    if tokens.is_empty() {
        return None;
    }
    if let Some(c) = image_file(dict, ctx, table, column, &tokens, ty) {
        return Some(c);
    }
    if let Some(c) = document_number(ctx, table, &tokens, ty) {
        return Some(c);
    }
    if let Some(c) = record_blob(dict, ctx, &tokens, ty) {
        return Some(c);
    }
    if let Some(verdict) = ip_place(dict, column, &tokens) {
        return verdict;
    }
    if let Some(c) = social_account_id(dict, ctx, &tokens, ty) {
        return Some(c);
    }
    if let Some(c) = keyed_display_name(dict, ctx, &tokens, ty) {
        return Some(c);
    }
    let Some(head) = find_head(dict, &tokens) else {
        return secondary_id(dict, &tokens, ty);
    };
    let head = partial_number(dict, &tokens, head);
    let term = head.term;
    let before = &tokens[..head.start];
    let after = &tokens[head.end..];
    if term.strength == Strength::Not {
        return not_primary(dict, ctx, column, term, before, ty);
    }

    // Resolve the category and base confidence of the head.
    let q = qualifiers(dict, before, after);
    let mut notes: Vec<String> = Vec::new();
    let (category, confidence) = resolve(ctx, term, &q, ty, &mut notes)?;
    let reading = Reading {
        dict,
        ctx,
        tokens: &tokens,
        head,
        q,
        ty,
    };
    let mut v = Verdict {
        category,
        confidence,
        notes,
        geo: category.tag() == Some(crate::tags::Tag::Geo),
    };
    reading.words_around(&v)?;
    reading.whose(&mut v)?;
    reading.ambiguous_terms(&mut v);
    reading.type_gate(&mut v, column)?;
    reading.evidence(v, table, column)
}

/// The number of a person's identity document in a table of them
/// (`client_identifiers.document_key`, `patient_identifiers.identifier`,
/// `user_documents.number`): the table says whose and what, the column
/// only that it is the value. The kind (passport, national id, licence)
/// sits in another column, so the category is the general one.
fn document_number(
    ctx: &TableContext,
    table: &Table,
    tokens: &[String],
    ty: TypeClass,
) -> Option<Classification> {
    if !ctx.id_documents || !matches!(ty, TypeClass::Text { .. } | TypeClass::Other) {
        return None;
    }
    let (last, before) = tokens.split_last()?;
    let value = matches!(
        last.as_str(),
        "identifier" | "number" | "no" | "nr" | "num" | "value" | "key"
    );
    let plain = before.iter().all(|t| {
        matches!(
            t.as_str(),
            "document" | "doc" | "identity" | "identification" | "identifier" | "id"
        )
    });
    (value && plain && !(last == "key" && before.is_empty())).then(|| Classification {
        category: Category::GovernmentId,
        confidence: Confidence::Medium,
        evidence: format!(
            "the number in `{}`, a table of people's identity documents",
            table.name
        ),
    })
}

/// A document of one kind of a person's data under a generic name,
/// often encrypted or JSON (`billing_details`, `customer_info`,
/// `enc_card_data`, `payment_method_data`, `bank_info`): the words before
/// `details`/`data`/`info` say what it holds. Only whole names of a known
/// shape count (`payment_details` sent to a fraud checker, `user_data`,
/// `order_details` say nothing about a person), and never in an
/// organisation's or a thing's record.
fn record_blob(
    dict: &Dictionary,
    ctx: &TableContext,
    tokens: &[String],
    ty: TypeClass,
) -> Option<Classification> {
    use Category::*;
    let documentish = matches!(
        ty,
        TypeClass::Binary | TypeClass::Json | TypeClass::Text { .. } | TypeClass::Other
    ) && !ty.is_flag_like();
    if !documentish || ctx.org || ctx.thing || ctx.machine {
        return None;
    }
    let (last, before) = tokens.split_last()?;
    if !matches!(
        last.as_str(),
        "details" | "detail" | "data" | "info" | "infos" | "information"
    ) {
        return None;
    }
    // `enc_card_data`, `additional_payout_method_data`: how it is kept or
    // that there is more of it says nothing about what it is.
    let words: Vec<&str> = before
        .iter()
        .map(String::as_str)
        .filter(|t| {
            dict.role(t) & role::NEUTRAL == 0
                && !matches!(*t, "additional" | "extra" | "stored" | "saved")
        })
        .collect();
    let category = match words.as_slice() {
        ["card" | "cards" | "cc" | "cartao" | "tarjeta" | "carte" | "karte"]
        | ["credit" | "debit" | "payment" | "bank", "card"]
        | ["payment", "method" | "instrument" | "source"] => FinancialCard,
        ["bank" | "payout" | "banking"]
        | ["bank", "account"]
        | ["payout", "method" | "account" | "destination"] => FinancialAccount,
        ["billing" | "shipping" | "mailing" | "delivery" | "postal" | "address"]
        | ["billing" | "shipping" | "mailing" | "delivery" | "postal", "address"] => ContactAddress,
        ["customer" | "buyer" | "payer" | "payee" | "consignee" | "receiver" | "recipient"
        | "patient" | "cardholder" | "beneficiary" | "guest" | "passenger" | "applicant"
        | "shopper" | "donor" | "personal" | "contact"]
        | ["card", "holder"] => PersonName,
        _ => return None,
    };
    Some(Classification {
        category,
        confidence: Confidence::Medium,
        evidence: format!(
            "`{}` is a document of {} (`{last}` after `{}`)",
            tokens.join("_"),
            match category {
                FinancialCard => "a payment card's data",
                FinancialAccount => "a bank or payout account's data",
                ContactAddress => "an address",
                _ => "a person's data",
            },
            words.join("_")
        ),
    })
}

/// `login_ip_region`, `ip_city`: a place looked up from an IP address,
/// whatever the table: `#GEO` as on sessions and logins (README, coarse
/// places from IP addresses), but a country alone is too coarse. `None`
/// when the name is not an IP-derived place.
fn ip_place(
    dict: &Dictionary,
    column: &Column,
    tokens: &[String],
) -> Option<Option<Classification>> {
    let ip = tokens.iter().position(|t| t == "ip")?;
    let last = tokens.last()?;
    let place = ip + 1 < tokens.len()
        && dict
            .term(last)
            .is_some_and(|t| t.flags & flag::PLACE_WORD != 0 && t.category.is_none());
    if !place {
        return None;
    }
    if country_word(last) {
        return Some(None);
    }
    Some(classified(
        Category::GeoOther,
        Confidence::Medium,
        format!(
            "`{last}` after `ip` in `{}`: a place geolocated from an IP address",
            column.name
        ),
    ))
}

/// `facebook_id` beside `linkedin_id`: in a row that lists a person's
/// accounts on several networks, each id is typed in by hand, a handle.
/// One network's id alone is a sign-in's app-scoped id (rubric: `none`).
fn social_account_id(
    dict: &Dictionary,
    ctx: &TableContext,
    tokens: &[String],
    ty: TypeClass,
) -> Option<Classification> {
    let [network, id] = tokens else {
        return None;
    };
    let named = dict
        .term(network)
        .is_some_and(|t| t.flags & flag::NETWORK != 0);
    if !named
        || id != "id"
        || !ctx.social_accounts
        || ctx.org
        || ctx.thing
        || !matches!(ty, TypeClass::Text { .. } | TypeClass::Other)
    {
        return None;
    }
    classified(
        Category::ContactHandle,
        Confidence::Medium,
        format!("`{network}_{id}` beside the ids of other networks: an account typed in by hand"),
    )
}

/// `creator` beside `creator_id`, `last_operator` beside
/// `last_operator_id`: a person named by their part, written beside the
/// key of the same person, holds the display value of that key, the
/// person's name (as `create_name` beside the login `create_by`). A
/// login-like word (`user`, `member`) may hold the login instead.
fn keyed_display_name(
    dict: &Dictionary,
    ctx: &TableContext,
    tokens: &[String],
    ty: TypeClass,
) -> Option<Classification> {
    let (last, before) = tokens.split_last()?;
    let part = (dict.role(last) & (role::PERSON | role::WEAK_PERSON) != 0
        || matches!(
            last.as_str(),
            "operator" | "updater" | "modifier" | "editor" | "handler"
        ))
        && !matches!(
            last.as_str(),
            "user" | "users" | "usr" | "member" | "profile" | "account_holder" | "from" | "to"
        )
        && before.iter().all(|t| {
            matches!(
                t.as_str(),
                "last" | "create" | "created" | "update" | "updated" | "modify" | "modified"
            )
        });
    if !part || ctx.machine || !matches!(ty, TypeClass::Text { .. } | TypeClass::Other) {
        return None;
    }
    let name = tokens.join("_");
    if !ctx.keyed.contains(&name) {
        return None;
    }
    classified(
        Category::PersonName,
        Confidence::Medium,
        format!("`{name}` beside its key `{name}_id`: the person's name shown for the key"),
    )
}

/// Whether every word of a comment is a word of the column's name (or an
/// article): the name spelled out, no evidence of its own.
fn spells_out_name(comment: &str, name_tokens: &[String]) -> bool {
    let words = tokenize(comment);
    !words.is_empty()
        && words.iter().all(|w| {
            name_tokens.contains(w) || matches!(w.as_str(), "the" | "a" | "an" | "of" | "for")
        })
}

/// `decimal(7,2)`, `numeric(10, 2)`: a number with digits after the point.
fn has_scale(data_type: &str) -> bool {
    data_type
        .split_once('(')
        .and_then(|(_, rest)| rest.split(')').next())
        .and_then(|args| args.split(',').nth(1))
        .and_then(|s| s.trim().parse::<u32>().ok())
        .is_some_and(|s| s > 0)
}

/// `text[]`, `ARRAY<STRING>`, Diesel's `Array<Nullable<Text>>`.
fn is_array(data_type: &str) -> bool {
    let t = data_type.to_ascii_lowercase();
    t.trim_end().ends_with("[]") || t.contains("array<") || t.starts_with("array")
}

/// Types that say what a column holds, whatever its name.
fn type_evidence(column: &Column, ty: TypeClass) -> Option<Classification> {
    match ty {
        TypeClass::Spatial => classified(
            Category::GeoGeometry,
            Confidence::High,
            format!("spatial type `{}`", column.data_type),
        ),
        TypeClass::Inet => classified(
            Category::SecondaryIpAddress,
            Confidence::High,
            format!("type `{}` holds IP addresses", column.data_type),
        ),
        _ => None,
    }
}

/// `ssn_last4`, `iban_last_digits`: part of the number named before.
fn partial_number<'d>(dict: &'d Dictionary, tokens: &[String], head: Head<'d>) -> Head<'d> {
    if !PARTIAL.contains(&head.term.text) || head.start == 0 {
        return head;
    }
    let number = find_head(dict, &tokens[..head.start]).filter(|h| {
        matches!(
            h.term.category,
            Some(
                Category::PersonNationalId
                    | Category::GovernmentId
                    | Category::FinancialAccount
                    | Category::FinancialCard
            )
        ) && h.term.strength != Strength::Not
    });
    number.unwrap_or(head)
}

/// A head term that is not primary PI: a login on another network is a
/// handle; anything else keeps its (secondary) category.
fn not_primary(
    dict: &Dictionary,
    ctx: &TableContext,
    column: &Column,
    term: &Term,
    before: &[String],
    ty: TypeClass,
) -> Option<Classification> {
    use Confidence::*;
    // `flickr_username`, `username` in `soundcloud_identities`: an
    // account on another network, a handle.
    let network = ctx.network
        || before.iter().any(|t| {
            dict.term(t)
                .is_some_and(|t| t.flags & dictionary::flag::NETWORK != 0)
        });
    if network
        && term.category == Some(Category::SecondaryUserId)
        && matches!(ty, TypeClass::Text { .. } | TypeClass::Other)
    {
        return classified(
            Category::ContactHandle,
            Medium,
            format!(
                "login term `{}` in `{}` names an account on a messenger or social network",
                term.text, column.name
            ),
        );
    }
    term.category.and_then(|c| {
        classified(
            c,
            Medium,
            format!("term `{}` ({}): not primary PI", term.text, c.as_str()),
        )
    })
}

/// A column name read around its head term, for the evidence steps.
struct Reading<'a, 'd> {
    dict: &'d Dictionary,
    ctx: &'a TableContext,
    tokens: &'a [String],
    head: Head<'d>,
    q: Qualifiers<'a>,
    ty: TypeClass,
}

/// The verdict so far and the notes that explain it.
struct Verdict {
    category: Category,
    confidence: Confidence,
    notes: Vec<String>,
    /// The category as resolved is #GEO.
    geo: bool,
}

impl Reading<'_, '_> {
    fn before(&self) -> &[String] {
        &self.tokens[..self.head.start]
    }

    fn after(&self) -> &[String] {
        &self.tokens[self.head.end..]
    }

    /// Words that make the head something else: a predicate in front
    /// (`has_email`, `num_emails`) or a word after it (`email_verified`).
    fn words_around(&self, v: &Verdict) -> Option<()> {
        use Category::*;
        let (dict, tokens) = (self.dict, self.tokens);
        // A predicate in front: `has_email`, `is_phone_verified`, `num_emails`.
        if self.head.start > 0 {
            let first = tokens[0].as_str();
            if dict.role(first) & role::PREDICATE != 0 {
                let numberish = NUMBER_PREDICATES.contains(&first)
                    && matches!(
                        v.category,
                        ContactPhone
                            | PersonNationalId
                            | GovernmentId
                            | FinancialAccount
                            | FinancialCard
                    );
                if !numberish {
                    return None;
                }
            }
        }
        // `party_id_to`, `contact_mech_id_from`: the id of whoever the bare
        // word names, a reference.
        if self.head.term.strength == Strength::Bare
            && self
                .before()
                .last()
                .is_some_and(|t| dict.role(t) & role::ID != 0)
        {
            return None;
        }
        // `first_user_agent`, `last_login_ip`: `first` and `last` are
        // parts of a name only as the name's last word.
        if self.head.term.strength == Strength::Bare
            && NAME_PART_WORDS.contains(&self.head.term.text)
            && self.after().iter().any(|t| {
                dict.role(t) & role::NEUTRAL == 0 && !t.chars().all(|c| c.is_ascii_digit())
            })
        {
            return None;
        }
        // Words after the head that make it something else.
        let recipient_tail = tokens
            .last()
            .and_then(|t| dict.term(t))
            .is_some_and(|t| t.flags & flag::RECIPIENT_WORD != 0)
            && matches!(v.category, ContactEmail | ContactPhone);
        if !recipient_tail {
            // `city_geo_id` (text) in a table of addresses: the code of the
            // address's city (`USA`, `CA`), not a reference to a row (an
            // integer `city_id`, the row's own `address_id`).
            let code_of_part = v.category == ContactAddress
                && self.head.term.flags & flag::ADDRESS_WORD == 0
                && self.ctx.address
                && matches!(self.ty, TypeClass::Text { .. } | TypeClass::Other);
            for t in self.after() {
                let t = t.as_str();
                if dict.role(t) & role::AFTER != 0
                    && !exempt_after(v.category, t)
                    && !(code_of_part && t == "id")
                {
                    return None;
                }
            }
        }
        Some(())
    }

    /// Whose value it is: a person's, or an organisation's or a thing's.
    fn whose(&self, v: &mut Verdict) -> Option<()> {
        use Category::*;
        use Confidence::*;
        let (dict, ctx, q, term) = (self.dict, self.ctx, &self.q, self.head.term);
        let geo = v.geo;
        // A register of places holds no one's address or id; a geofence's
        // address is the fenced site's.
        if ctx.gazetteer && !geo || ctx.geofence && v.category == ContactAddress {
            return None;
        }
        // `cards_info.card_iin`, `bank_code`: an issuer range's, no one's card.
        if ctx.card_ranges && matches!(v.category, FinancialCard | FinancialAccount) {
            return None;
        }
        // `notices.document_number`, `products.license_number`: a generic
        // document number in a record of a thing is the thing's.
        if ctx.thing
            && q.person.is_none()
            && v.category == GovernmentId
            && term.strength == Strength::Medium
        {
            return None;
        }
        // `report_member_name`: the term names someone, whatever owns the row.
        let person_in_term = term.text.contains('_')
            && term
                .text
                .split('_')
                .next()
                .is_some_and(|w| dict.role(w) & role::PERSON != 0 && names_someone(w));
        // `api_clients.client_name`: a client of a machine is a program.
        if ctx.machine && v.category == PersonName && q.person.is_none() {
            return None;
        }
        // A legal person (a company, FR personne morale) has a name, not
        // a person's.
        if v.category == PersonName
            && self.tokens.windows(2).any(|w| {
                w[0] == "legal" && matches!(w[1].as_str(), "person" | "entity")
                    || w[0] == "personne" && w[1] == "morale"
            })
        {
            return None;
        }
        // `default_payment_card_last4`: the default one of a person's cards.
        let default_of_strong = q.owner == Some("default") && term.strength == Strength::Strong;
        // `payment_method_billing_address`: a payment method is the
        // customer's card or account, its billing address the holder's.
        let payment_method = self.tokens.windows(2).any(|p| {
            p[0] == "payment" && matches!(p[1].as_str(), "method" | "instrument" | "source")
        });
        // `tenant_first_name`: a given or family name is a person's,
        // whatever word is before it (but a bot's first name is a bot's).
        // `agency_rep`: a function's holder is a person, whatever word is
        // before it.
        let own_name = (context::GIVEN_NAMES.contains(&term.text)
            || context::FAMILY_NAMES.contains(&term.text)
            || FUNCTION_HOLDERS.contains(&term.text) && q.last)
            && q.owner.is_some_and(|o| dict.role(o) & role::MACHINE == 0);
        // `company_id_or_personal_id`: one or the other, so possibly a
        // person's.
        let either = self.tokens.iter().any(|t| t == "or");
        // `bank_sort_code`, `bank_account_number`: the details of an
        // account at a bank, whoever holds it.
        let at_bank = q.owner == Some("bank") && v.category == FinancialAccount;
        if let Some(o) = q
            .owner
            .filter(|_| !default_of_strong && !payment_method && !own_name && !either && !at_bank)
        {
            if !geo && q.person.is_none() && !person_in_term {
                if matches!(v.category, PersonName | PersonAvatar)
                    || term.strength == Strength::Bare
                {
                    return None;
                }
                v.confidence = Low;
                v.notes.push(format!("qualifier `{o}` is not a person"));
            }
        }
        // An organisation's or a thing's own full or legal name, and its
        // parent (`organizations.full_name`, `categories.parent_name`).
        if (ctx.org || ctx.thing)
            && q.person.is_none()
            && matches!(
                term.text,
                "full_name" | "name_full" | "legal_name" | "parent_name"
            )
        {
            return None;
        }
        // A store's phone, a campaign's sender address, a warehouse's mailbox:
        // an organisation's or a thing's own contact data is not a person's.
        // A named person (`contact_name`, `author_name`, `contact`) stays a
        // person.
        // French `nom` beside `prenom` (a service's head) names a person.
        let french_family = term.text == "nom" && ctx.named_people;
        let names_person = french_family
            || ORG_CONTACT.contains(&term.text)
            || term.strength == Strength::Strong && v.category == PersonName
            || term
                .text
                .split('_')
                .next()
                .is_some_and(|w| dict.role(w) & role::PERSON != 0 && term.text.contains('_'));
        // `billing_street` in a company's record: an address kind is no person.
        // A parent or child of an organisation's or a thing's row is
        // another row (`locations.parent_location`).
        let kin_of_row =
            |p: &str| (ctx.org || ctx.thing) && matches!(p, "parent" | "child" | "children");
        let real_person = q.person.is_some_and(|p| names_someone(p) && !kin_of_row(p))
            || q.weak_person
                .is_some_and(|w| matches!(w, "owner" | "creator" | "requester" | "reporter"));
        // `rooms.notification_emails`: a list of the people a facility's
        // notifications go to, not its own mailbox.
        let notified = q.notification && v.category == ContactEmail && self.head.plural;
        if ctx.org && !geo && !real_person && !names_person && !notified {
            return None;
        }
        // A sender address in a template or settings table, or of mail the
        // system sends by itself, is the system's (but `from_email` in
        // `email_change_events` is the old address).
        if (ctx.org || ctx.thing || ctx.system_mail)
            && !ctx.changes
            && (matches!(v.category, ContactEmail | PersonName)
                || v.category == ContactAddress
                    && (ctx.system_mail
                        || self.tokens.iter().any(|t| {
                            matches!(t.as_str(), "notification" | "email" | "mail" | "smtp")
                        })))
            && self
                .tokens
                .iter()
                .any(|t| matches!(t.as_str(), "from" | "sender" | "reply"))
        {
            return None;
        }
        if let Some(p) = q.person {
            if !geo && term.strength != Strength::Bare && v.confidence < High {
                v.confidence = up(v.confidence);
                v.notes.push(format!("qualifier `{p}`"));
            }
        }
        Some(())
    }

    /// Conditions of ambiguous terms (abbreviations, card numbers,
    /// coordinates and their neighbours).
    fn ambiguous_terms(&self, v: &mut Verdict) {
        use Category::*;
        use Confidence::*;
        let (dict, ctx, term) = (self.dict, self.ctx, self.head.term);
        if term.flags & flag::SHORT != 0 {
            let others_ok = self.before().iter().chain(self.after()).all(|t| {
                t.chars().all(|c| c.is_ascii_digit())
                    || dict.role(t)
                        & (role::NUMBERISH | role::PERSON | role::NEUTRAL | role::PEOPLE)
                        != 0
            });
            if !others_ok {
                v.confidence = Low;
                v.notes
                    .push("short abbreviation in an unrelated name".into());
            }
        }
        if term.flags & flag::CARD != 0 {
            let payment = ctx.payment
                || self
                    .tokens
                    .iter()
                    .any(|t| dict.role(t) & role::PAYMENT != 0);
            // `session_expiry`, `token_exp_month`: the expiry of something
            // else named before it, even in a payment table.
            let other = self.before().iter().find(|t| {
                dict.role(t)
                    & (role::PAYMENT
                        | role::PERSON
                        | role::WEAK_PERSON
                        | role::OWNER
                        | role::NEUTRAL
                        | role::NUMBERISH)
                    == 0
                    && dict.term(t).is_none()
                    && !t.chars().all(|c| c.is_ascii_digit())
            });
            if let Some(w) = other {
                v.confidence = Low;
                v.notes
                    .push(format!("`{w}` before it names something else"));
            } else if payment {
                v.notes.push("payment context".into());
            } else if term.text.starts_with("pan_") || term.text == "pan" && ctx.people {
                // India's Permanent Account Number (tax id): `pan_number`,
                // `pan_no`, a bare `pan` in a record of a person.
                v.category = PersonNationalId;
                v.notes
                    .push("PAN without payment-card context: the Indian tax id".into());
            } else if term.text.starts_with("pin") && (ctx.address || ctx.holds_address) {
                // India's Postal Index Number among address parts.
                v.category = ContactAddress;
                v.notes.push(
                    "PIN without payment-card context next to an address: a postal code".into(),
                );
            } else {
                v.confidence = Low;
                v.notes.push("no payment-card context".into());
            }
        }
        if term.flags & flag::PAIR != 0 {
            if ctx.coordinates {
                v.confidence = High;
                v.notes.push("latitude/longitude pair in the table".into());
            } else {
                v.confidence = Low;
                v.notes
                    .push("no latitude/longitude pair in the table".into());
            }
        }
        if term.flags & flag::BOUND != 0 {
            if ctx.bounds || ctx.coordinates {
                v.notes.push("a side of a bounding box".into());
            } else {
                v.confidence = Low;
            }
        }
        if term.flags & flag::GEO_AUX != 0 {
            v.confidence = if ctx.coordinates { Medium } else { Low };
            if ctx.coordinates {
                v.notes.push("next to coordinates".into());
            }
        }
    }

    /// The type gate: what the column's type allows the category to be.
    fn type_gate(&self, v: &mut Verdict, column: &Column) -> Option<()> {
        use Category::*;
        use Confidence::*;
        let ty = self.ty;
        // `email_id varchar(24)`: a key of a row of e-mails (an ObjectId, a
        // UUID); an address column is sized for addresses.
        if v.category == ContactEmail
            && self.head.term.text.ends_with("_id")
            && matches!(ty, TypeClass::Text { len: Some(n) } if n <= 40)
        {
            return None;
        }
        match ty {
            // A card's expiry month in a small integer.
            TypeClass::SmallInt if v.category == FinancialCard => {
                v.confidence = cap(v.confidence, Medium);
            }
            // `payer_country text[]`: a list of places (countries a method
            // may be used in) is no one's address.
            _ if v.category == ContactAddress && is_array(&column.data_type) => return None,
            // An ISO country or state code of an address.
            TypeClass::Text { len: Some(_) } if v.category == ContactAddress => {}
            // A card's month or year in two characters.
            TypeClass::Text { len: Some(_) } if v.category == FinancialCard => {}
            // The time of a birth is part of its date.
            TypeClass::Time if v.category == PersonBirthDate => {}
            // A year or month of birth is a number.
            TypeClass::SmallInt | TypeClass::Int
                if v.category == PersonBirthDate && BIRTH_PARTS.contains(&self.head.term.text) => {}
            _ if ty.is_flag_like() => return None,
            TypeClass::Date | TypeClass::Timestamp if v.category != PersonBirthDate => return None,
            TypeClass::Int | TypeClass::Float if self.head.plural => return None,
            // `national_insurance decimal(7,2)`: an amount (contributions
            // paid), not a number that names anyone.
            TypeClass::Float if !v.geo && has_scale(&column.data_type) => return None,
            // `birthday int(11)`: a birth date kept as a Unix time, in a
            // record of people.
            TypeClass::Int
                if v.category == PersonBirthDate
                    && (self.ctx.people || self.q.person.is_some()) =>
            {
                v.confidence = cap(v.confidence, Medium);
                v.notes.push(format!(
                    "numeric type `{}`: a birth date kept as a Unix time",
                    column.data_type
                ));
            }
            TypeClass::Int | TypeClass::Float => match v.category {
                ContactPhone | PersonNationalId | GovernmentId | FinancialAccount
                | FinancialCard | ContactAddress => {
                    v.confidence = cap(v.confidence, Medium);
                    v.notes.push(format!("numeric type `{}`", column.data_type));
                }
                GeoCoordinates | GeoOther | SecondaryUserId | SecondaryIpAddress => {}
                PersonBirthDate => v.confidence = Low,
                _ => return None,
            },
            // Coordinates and shapes are often stored as JSON; other PI in a
            // JSON document is a guess.
            TypeClass::Json if v.geo && v.confidence >= Medium => {
                v.confidence = Medium;
                v.notes.push("JSON document".into());
            }
            TypeClass::Json => {
                v.confidence = Low;
                v.notes.push("JSON document".into());
            }
            _ => {}
        }
        Some(())
    }

    /// The classification with its evidence: the term, how the name wrote
    /// it, what the table holds and the notes.
    fn evidence(&self, v: Verdict, table: &Table, column: &Column) -> Option<Classification> {
        let (ctx, term) = (self.ctx, self.head.term);
        let span = self.tokens[self.head.start..self.head.end].join("_");
        let mut evidence = format!("term `{}` in `{}`", term.text, column.name);
        if span.replace('_', "") != term.text.replace('_', "") {
            evidence.push_str(&format!(" (as `{span}`)"));
        }
        let mut notes = v.notes;
        if term.strength == Strength::Bare
            && (ctx.people || ctx.address || ctx.delivery || ctx.telemetry)
        {
            let kind = if ctx.people {
                "people"
            } else if ctx.address {
                "addresses"
            } else if ctx.delivery {
                "deliveries"
            } else {
                "sessions/devices"
            };
            notes.push(format!("table `{}` holds {kind}", table.name));
        }
        for n in notes {
            evidence.push_str("; ");
            evidence.push_str(&n);
        }
        classified(v.category, v.confidence, evidence)
    }
}

/// The parts of a birth date that are numbers and, alone, weak terms.
const BIRTH_PARTS: &[&str] = &["birth_year", "year_of_birth", "birth_month"];

/// Category and base confidence of a head term, or `None` when the context
/// says it is not PI.
fn resolve(
    ctx: &TableContext,
    term: &Term,
    q: &Qualifiers,
    ty: TypeClass,
    notes: &mut Vec<String>,
) -> Option<(Category, Confidence)> {
    use Category::*;
    use Confidence::*;
    match term.strength {
        Strength::Strong => Some((term.category?, High)),
        Strength::Medium => Some((term.category?, Medium)),
        // A year or month of birth in a record of people is part of a
        // birth date (the rubric's); a place of birth is not.
        Strength::Weak
            if BIRTH_PARTS.contains(&term.text)
                && (ctx.people || q.person.is_some())
                && !matches!(ty, TypeClass::Bool) =>
        {
            notes.push("a part of a birth date, in a record of people".into());
            Some((term.category?, Medium))
        }
        Strength::Weak => Some((term.category?, Low)),
        Strength::Context => {
            let c = term.category?;
            if ctx.thing && q.person.is_none() {
                return None;
            }
            // `banner_image`, `cover_photo`: some other picture.
            if c == PersonAvatar && q.unknown.is_some() && q.person.is_none() {
                return Some((c, Low));
            }
            if ctx.people || q.person.is_some() {
                Some((c, Medium))
            } else {
                Some((c, Low))
            }
        }
        Strength::Lean => {
            let c = term.category?;
            if FUNCTION_HOLDERS.contains(&term.text)
                && q.last
                && matches!(ty, TypeClass::Text { .. } | TypeClass::Other)
                && !ctx.machine
                && !ctx.key_value
                && !q.after_unknown
            {
                notes.push(format!("`{}` names a person by their function", term.text));
                return Some((c, Medium));
            }
            // `sms_manager_url`: a thing that manages something.
            if FUNCTION_HOLDERS.contains(&term.text) {
                return None;
            }
            // An organisation's contact person (`stores.contact`) is a person.
            let org_contact = ctx.org && q.owner.is_none() && ORG_CONTACT.contains(&term.text);
            // The label a customer gives a stored card (`nickname`).
            if ctx.cards && !ctx.people && q.person.is_none() && !org_contact {
                return None;
            }
            if (ctx.thing || ctx.org || q.owner.is_some()) && q.person.is_none() && !org_contact {
                return None;
            }
            // `could_not_contact_reason`: other words make it something else.
            if q.unknown.is_some() || q.after_unknown {
                return None;
            }
            Some((c, Medium))
        }
        Strength::Not => None,
        Strength::Bare => {
            if q.owner.is_some() && q.person.is_none() {
                return None;
            }
            let f = term.flags;
            if let Some(c) = term.category {
                return bare_category(ctx, term, q, notes, c);
            }
            if f & flag::ADDRESS_WORD != 0 {
                return address_word(ctx, q, notes);
            }
            if f & flag::PLACE_WORD != 0 {
                return place_word(ctx, term, q, ty, notes);
            }
            if f & flag::VALUE_WORD != 0 {
                return value_word(ctx, q, ty, notes);
            }
            if f & flag::ADDR_PART != 0 {
                return address_part(ctx, q, ty, notes);
            }
            if f & flag::RECIPIENT_WORD != 0 {
                return recipient_word(ctx, q, notes);
            }
            None
        }
    }
}

/// A bare word with a category of its own (`name`, `first`, `last`).
fn bare_category(
    ctx: &TableContext,
    term: &Term,
    q: &Qualifiers,
    notes: &mut Vec<String>,
    c: Category,
) -> Option<(Category, Confidence)> {
    use Category::*;
    use Confidence::*;
    // `work_office_name` in a person's record: the office's name.
    if c == PersonName && q.org_before {
        return None;
    }
    // The name of a key-value pair (`clientes_metadata(name, value)`).
    if c == PersonName && ctx.key_value && q.person.is_none() {
        return None;
    }
    // `province_name`, `city_name` in a record of people or addresses:
    // the name of a part of the address.
    if c == PersonName && q.place_before {
        let whose = (ctx.people || q.person.is_some() || ctx.address || ctx.holds_address)
            && !ctx.org
            && !ctx.thing
            && !ctx.gazetteer;
        if whose {
            notes.push("a place's name, part of an address in the record".into());
            return Some((ContactAddress, Medium));
        }
        return None;
    }
    // French `nom` beside `prenom`: the family name, whoever's row it is.
    if term.text == "nom" && ctx.named_people && q.person.is_none() && q.unknown.is_none() {
        notes.push("a family name beside a given name".into());
        return Some((c, Medium));
    }
    // `name`, `first`, `last`: a person's name in a table of people.
    if let Some(p) = q.person {
        notes.push(format!("qualifier `{p}`"));
        return Some((c, Medium));
    }
    if q.unknown.is_some() || q.pi_term.is_some() || ctx.thing {
        return None;
    }
    if let Some(w) = q.weak_person {
        notes.push(format!("qualifier `{w}`"));
        // `to_name` in `postal_addresses`: whom the address is for.
        let addressee = ctx.address && !ctx.org && c == PersonName;
        return Some((c, if ctx.people || addressee { Medium } else { Low }));
    }
    // `name` in `addresses`: whom the address is for.
    if ctx.address && !ctx.org && c == PersonName {
        notes.push("a name in a table of addresses".into());
        return Some((c, Medium));
    }
    ctx.people.then_some((c, Medium))
}

/// A bare address word (`address`, `street`).
fn address_word(
    ctx: &TableContext,
    q: &Qualifiers,
    notes: &mut Vec<String>,
) -> Option<(Category, Confidence)> {
    use Category::*;
    use Confidence::*;
    let specific = q.person.is_some() || q.address_kind.is_some();
    if specific {
        return Some((ContactAddress, High));
    }
    if ctx.recipient {
        notes.push("the table names the person it is delivered to".into());
        return Some((ContactAddress, Medium));
    }
    if ctx.coordinates && !ctx.people && !ctx.address && !ctx.holds_address && !ctx.org {
        // The reverse-geocoded address of a GPS fix.
        notes.push("the address of a located point (next to coordinates)".into());
        return Some((GeoOther, Medium));
    }
    if ctx.delivery && !ctx.address {
        notes.push("where a message or code was sent".into());
        return Some((ContactEmail, Medium));
    }
    if ctx.people || ctx.address {
        return Some((ContactAddress, Medium));
    }
    Some((ContactAddress, Low))
}

/// `country`, `country_code` and the word for a country in the
/// dictionary's other languages (FR pays, ES/PT país, IT paese, RU strana,
/// TR ülke, ID negara).
fn country_word(text: &str) -> bool {
    text.starts_with("country")
        || matches!(
            text,
            "pays" | "pais" | "paese" | "strana" | "ulke" | "negara"
        )
}

/// A place geolocated from a client's IP address: `#GEO`, but a country
/// alone is too coarse to place a person (README, coarse places from IP
/// addresses).
fn ip_derived_place(
    term: &Term,
    why: &str,
    notes: &mut Vec<String>,
) -> Option<(Category, Confidence)> {
    if country_word(term.text) {
        return None;
    }
    notes.push(why.into());
    Some((Category::GeoOther, Confidence::Medium))
}

/// A bare place word (`city`, `location`, `country`).
fn place_word(
    ctx: &TableContext,
    term: &Term,
    q: &Qualifiers,
    ty: TypeClass,
    notes: &mut Vec<String>,
) -> Option<(Category, Confidence)> {
    use Category::*;
    use Confidence::*;
    let is_location = term.text == "location";
    // The parts of a number in a table of phone numbers (E.164 country
    // code, national destination or area code).
    if ctx.value_category == Some(ContactPhone) && matches!(term.text, "country_code" | "area_code")
    {
        notes.push(format!("part of a number in `{}`", ctx.head));
        return Some((ContactPhone, Medium));
    }
    if ctx.geofence && term.text == "area" {
        notes.push("the area of a geofence".into());
        return Some((GeoGeometry, Medium));
    }
    // `to_state`, `from_state`, `end_state` with no address in the table:
    // the states of a state machine's transition.
    if term.text == "state"
        && matches!(q.address_kind, Some("from" | "to" | "end"))
        && !(ctx.address || ctx.holds_address)
    {
        return None;
    }
    // Looked up from the client's IP address (README, coarse places from
    // IP addresses): at sign-in, or in a log with the address beside it.
    if (q.login || ctx.ip_located) && q.pi_term.is_none() && q.address_kind.is_none() {
        let why = if q.login {
            "a place looked up at sign-in"
        } else {
            "a place beside the client's IP address in a log"
        };
        return ip_derived_place(term, why, notes);
    }
    if q.pi_term == Some(ContactAddress) || q.address_kind.is_some() {
        return Some((ContactAddress, Medium));
    }
    if let Some(p) = q.person.filter(|p| names_someone(p)) {
        notes.push(format!("qualifier `{p}`"));
        return Some((ContactAddress, Medium));
    }
    if q.unknown.is_some() {
        return is_location.then_some((GeoOther, Low));
    }
    // A card's billing address is its holder's; a street in the row makes
    // a place word part of the same postal address, unless the row is an
    // organisation's or a thing's (or the place is a bare ISO country code,
    // a checkout's pricing country).
    let iso_country =
        country_word(term.text) && matches!(ty, TypeClass::Text { len: Some(n) } if n <= 3);
    let anyones = !ctx.org && !ctx.thing && !iso_country;
    if ctx.address || ctx.holds_address && (ctx.people || ctx.cards || anyones) {
        if !ctx.address {
            notes.push("the table holds street addresses or postal codes".into());
        }
        return Some((ContactAddress, Medium));
    }
    if ctx.coordinates && !ctx.people && !ctx.org && !ctx.thing && !country_word(term.text) {
        // The place name of a located record (an observation's locality).
        notes.push("a place name next to coordinates".into());
        return Some((GeoOther, Medium));
    }
    if ctx.telemetry {
        return ip_derived_place(term, "IP-geolocated place of a session or device", notes);
    }
    if ctx.people {
        return Some((ContactAddress, if is_location { Medium } else { Low }));
    }
    is_location.then_some((GeoOther, Low))
}

/// A bare `value`: the value of what the row or the word before names.
fn value_word(
    ctx: &TableContext,
    q: &Qualifiers,
    ty: TypeClass,
    notes: &mut Vec<String>,
) -> Option<(Category, Confidence)> {
    use Category::*;
    use Confidence::*;
    // `new_address_value`: the value of the word before it.
    if let Some(c) = q.pi_term {
        return Some((c, Medium));
    }
    let c = match ctx.value_category {
        Some(ContactAddress) if ctx.delivery => ContactEmail,
        Some(c) => c,
        // `message_recipients.value`: where the message went (but in
        // `code_values` the value is the code's, a list of values).
        None if ctx.delivery
            && matches!(ty, TypeClass::Text { .. })
            && !matches!(ctx.head.as_str(), "value" | "values") =>
        {
            notes.push("where a message was sent".into());
            return Some((if ctx.sms { ContactPhone } else { ContactEmail }, Medium));
        }
        None => return None,
    };
    notes.push(format!("the value of a `{}` row", ctx.head));
    Some((c, Medium))
}

/// A bare part of an address or number (`number`, `line`).
fn address_part(
    ctx: &TableContext,
    q: &Qualifiers,
    ty: TypeClass,
    notes: &mut Vec<String>,
) -> Option<(Category, Confidence)> {
    use Category::*;
    use Confidence::*;
    // `number` in `phone_numbers`.
    if ctx.value_category == Some(ContactPhone) && q.unknown.is_none() {
        notes.push(format!("the value of a `{}` row", ctx.head));
        return Some((ContactPhone, Medium));
    }
    // `numero`, `line` in a table of addresses (but `employee_number` is
    // the employee's number, not a house's).
    let text = matches!(ty, TypeClass::Text { .. } | TypeClass::Other);
    let someones = q.person.is_some_and(names_someone);
    // `numero_dossier`: a number of some other thing named after it.
    ((ctx.address || ctx.holds_address && (ctx.people || ctx.cards) && text)
        && q.unknown.is_none()
        && !q.after_unknown
        && !someones)
        .then_some((ContactAddress, Medium))
}

/// A bare recipient word (`to`, `recipient`).
fn recipient_word(
    ctx: &TableContext,
    q: &Qualifiers,
    notes: &mut Vec<String>,
) -> Option<(Category, Confidence)> {
    use Category::*;
    use Confidence::*;
    if ctx.sms {
        notes.push("where a text message was sent".into());
        return Some((ContactPhone, Medium));
    }
    if q.notification {
        notes.push("whom a notification is sent to".into());
        return Some((ContactEmail, Medium));
    }
    Some((ContactEmail, if ctx.delivery { Medium } else { Low }))
}

/// Words that make a name a part of a person's name when right before it.
const NAME_PART_WORDS: &[&str] = &[
    "first", "last", "middle", "given", "family", "full", "maiden", "birth", "legal", "real",
];

/// People named by their function, written as the whole column
/// (`case_manager`, `agency_rep`, `lecturer`): the value is the name of
/// whoever holds it. A word before says whose function it is, not whose
/// value (`agency_rep` is a person who represents the agency).
const FUNCTION_HOLDERS: &[&str] = &[
    "manager",
    "supervisor",
    "instructor",
    "lecturer",
    "rep",
    "representative",
    "director",
    "coordinator",
    "caseworker",
    "judge",
    "headteacher",
    "headmaster",
    "headmistress",
];

/// The words for an organisation's contact person: a person in any table.
const ORG_CONTACT: &[&str] = &[
    "contact",
    "contato",
    "contacto",
    "contatto",
    "ansprechpartner",
    "ansprechperson",
    "persona_contacto",
    "lianxiren",
];

/// Whether a person qualifier names someone (`consignee`, `customer`), not
/// a kind of value (`billing`, `private`, `mobile`, `first`).
fn names_someone(word: &str) -> bool {
    !ADDRESS_KINDS.contains(&word)
        && !matches!(
            word,
            "personal"
                | "private"
                | "mobile"
                | "primary"
                | "secondary"
                | "alternate"
                | "alt"
                | "first"
                | "last"
                | "given"
                | "family"
                | "legal"
                | "real"
                | "birth"
                | "maiden"
                | "full"
                | "middle"
        )
}

/// `image_file_name` in `avatars`, `icon_file_name` in `users`: the file of
/// a person's picture (Rails paperclip and similar).
fn image_file(
    dict: &Dictionary,
    ctx: &TableContext,
    table: &Table,
    column: &Column,
    tokens: &[String],
    ty: TypeClass,
) -> Option<Classification> {
    if !(ctx.avatar || ctx.people) || !matches!(ty, TypeClass::Text { .. } | TypeClass::Other) {
        return None;
    }
    let last = tokens.last()?.as_str();
    if !matches!(last, "name" | "filename" | "file" | "path" | "url" | "key") || tokens.len() < 2 {
        return None;
    }
    let rest = &tokens[..tokens.len() - 1];
    let image = rest.iter().find(|t| IMAGE_WORDS.contains(&t.as_str()))?;
    // `avatar_file_name` in `users` is a person's; `banner_image_path` in
    // `users` is not a picture of the person: only avatars tables or
    // avatar-like words count.
    // `image_file_name` in `people`: the picture of the row's person when
    // nothing else names it.
    let avatar_like = ctx.avatar
        || ctx.people
            && rest.iter().all(|t| {
                IMAGE_WORDS.contains(&t.as_str()) || matches!(t.as_str(), "file" | "files")
            })
        || matches!(
            image.as_str(),
            "avatar" | "icon" | "portrait" | "selfie" | "headshot" | "photo" | "picture" | "foto"
        );
    if !avatar_like
        || rest.iter().any(|t| {
            dict.role(t) & (role::OWNER | role::AFTER) != 0
                && !IMAGE_WORDS.contains(&t.as_str())
                && !VALUE_ATTRIBUTES.contains(&t.as_str())
        })
    {
        return None;
    }
    classified(
        Category::PersonAvatar,
        Confidence::Medium,
        format!(
            "`{image}` file in `{}`; table `{}` holds {}",
            column.name,
            table.name,
            if ctx.avatar {
                "pictures of people"
            } else {
                "people"
            }
        ),
    )
}

/// Words that do not change these categories (`avatar_url`, `rg_code`).
fn exempt_after(category: Category, word: &str) -> bool {
    use Category::*;
    match category {
        PersonAvatar => matches!(
            word,
            "url" | "uri" | "file" | "path" | "key" | "content" | "data" | "blob" | "thumbnail"
        ),
        PersonNationalId | GovernmentId | FinancialAccount | FinancialCard => {
            matches!(word, "code" | "value" | "digits")
        }
        PersonBirthDate => matches!(word, "time" | "date" | "at" | "on"),
        _ => false,
    }
}

/// `user_id`, `customer_uuid`: a reference to a person, secondary PI.
fn secondary_id(dict: &Dictionary, tokens: &[String], ty: TypeClass) -> Option<Classification> {
    let (last, rest) = tokens.split_last()?;
    if dict.role(last) & role::ID == 0 || matches!(ty, TypeClass::Bool | TypeClass::Timestamp) {
        return None;
    }
    let who = rest
        .iter()
        .rev()
        .find(|t| dict.role(t) & role::PEOPLE != 0)?;
    classified(
        Category::SecondaryUserId,
        Confidence::Medium,
        format!("`{who}` + `{last}`: a reference to a person"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    // Short category names keep a table row on one line.
    use crate::model::Origin;
    use Category::*;

    fn run(
        classifier: &Classifier,
        table: &str,
        cols: &[(&str, &str)],
    ) -> Vec<Option<Classification>> {
        let mut t = Table::new(None, table, Origin::file("x.sql", 1));
        for (n, ty) in cols {
            t.columns
                .push(Column::new(*n, *ty, Origin::file("x.sql", 1)));
        }
        classifier.classify_table(&t)
    }

    /// Categories reported at the default threshold (medium).
    fn classify(table: &str, cols: &[(&str, &str)]) -> Vec<Option<Category>> {
        run(&Classifier::default(), table, cols)
            .into_iter()
            .map(|c| {
                c.filter(|c| c.confidence >= Confidence::Medium)
                    .map(|c| c.category)
            })
            .collect()
    }

    fn one(table: &str, col: &str, ty: &str) -> Option<Category> {
        classify(table, &[(col, ty)])[0]
    }

    fn tag(table: &str, col: &str, ty: &str) -> Option<Tag> {
        one(table, col, ty).and_then(Category::tag)
    }

    /// Each (table, column, type) classifies as the expected category.
    fn expect_one(cases: &[(&str, &str, &str, Option<Category>)]) {
        for &(table, col, ty, want) in cases {
            assert_eq!(one(table, col, ty), want, "{table}.{col} {ty}");
        }
    }

    /// Each (table, column, type) gets the expected tag.
    fn expect_tag(cases: &[(&str, &str, &str, Option<Tag>)]) {
        for &(table, col, ty, want) in cases {
            assert_eq!(tag(table, col, ty), want, "{table}.{col} {ty}");
        }
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
        assert_eq!(classify("tags", &[("name", "text")]), vec![None]);
        expect_one(&[
            ("customers", "name", "text", Some(PersonName)),
            ("employees", "first", "text", Some(PersonName)),
            ("patients", "address", "text", Some(ContactAddress)),
            ("projects", "address", "text", None),
            ("user_details", "location", "text", Some(ContactAddress)),
            ("user_sessions", "city", "text", Some(GeoOther)),
            ("cities", "city", "text", None),
            ("EPersonGroup", "name", "varchar(256)", None),
            ("oauth_clients", "name", "text", None),
        ]);
        assert_eq!(
            classify("geo", &[("geom", "geometry(Point,4326)")]),
            vec![Some(Category::GeoGeometry)]
        );
    }

    #[test]
    fn piicatcher_mistakes_are_not_repeated() {
        expect_tag(&[
            ("users", "username", "text", None),
            ("files", "file_name", "text", None),
            ("uploads", "gzip_size", "bigint", None),
            ("ships", "compass_heading", "real", None),
            ("assets", "estate_value", "numeric", None),
        ]);
        expect_one(&[
            ("kyc", "passport_no", "text", Some(GovernmentId)),
            ("subscribers", "msisdn", "text", Some(ContactPhone)),
            ("accounts", "iban", "text", Some(FinancialAccount)),
            ("people", "birthDt", "date", Some(PersonBirthDate)),
            ("citizens", "national_id", "text", Some(PersonNationalId)),
            ("orders", "customer_email", "text", Some(ContactEmail)),
            ("contacts", "home_phone", "text", Some(ContactPhone)),
        ]);
    }

    #[test]
    fn modifiers_and_type_gates_demote() {
        for (col, ty) in [
            ("email_verified", "boolean"),
            ("phone_verified_at", "timestamp"),
            ("emails_disabled", "boolean"),
            ("email_hash", "text"),
            ("email_count", "integer"),
            ("email_template", "text"),
            ("email_domain", "text"),
            ("smtp_host", "text"),
            ("company_name", "text"),
            ("product_name", "text"),
            ("host_name", "text"),
            ("has_email", "text"),
            ("num_emails", "integer"),
            ("max_phone_numbers", "integer"),
            ("tipo_endereco", "varchar(20)"),
            ("nome_empresa", "text"),
            ("author_email_regex", "text"),
            ("email_id", "bigint"),
            ("phone", "boolean"),
            ("name", "uuid"),
        ] {
            assert_eq!(tag("users", col, ty), None, "{col} {ty}");
        }
        expect_one(&[
            ("users", "ip_address", "inet", Some(SecondaryIpAddress)),
            ("users", "user_id", "bigint", Some(SecondaryUserId)),
            ("users", "birthday", "timestamp", Some(PersonBirthDate)),
        ]);
    }

    #[test]
    fn many_languages_and_abbreviations() {
        let cases = [
            ("clientes", "cpf", Category::PersonNationalId),
            ("clientes", "data_nascimento", Category::PersonBirthDate),
            ("clientes", "nome", Category::PersonName),
            ("clientes", "cep", Category::ContactAddress),
            ("kunden", "telefonnummer", Category::ContactPhone),
            ("kunden", "geburtsdatum", Category::PersonBirthDate),
            ("kunden", "straße", Category::ContactAddress),
            ("kunden", "kundenname", Category::PersonName),
            ("utilisateurs", "prénom", Category::PersonName),
            ("utilisateurs", "courriel", Category::ContactEmail),
            ("usuarios", "fecha_nacimiento", Category::PersonBirthDate),
            ("usuarios", "dni", Category::PersonNationalId),
            ("pazienti", "codice_fiscale", Category::PersonNationalId),
            ("klienty", "familiya", Category::PersonName),
            ("klienty", "snils", Category::PersonNationalId),
            ("klienty", "телефон", Category::ContactPhone),
            ("musteriler", "dogum_tarihi", Category::PersonBirthDate),
            ("people", "dob", Category::PersonBirthDate),
            ("people", "fname", Category::PersonName),
            ("people", "ph_no", Category::ContactPhone),
            ("people", "addr_line1", Category::ContactAddress),
            ("people", "dl_number", Category::GovernmentId),
            ("people", "acct_no", Category::FinancialAccount),
            ("people", "cvv", Category::FinancialCard),
            ("people", "SSNNumber", Category::PersonNationalId),
            ("people", "dateofbirth", Category::PersonBirthDate),
            ("people", "aadhaar", Category::PersonNationalId),
            ("people", "pesel", Category::PersonNationalId),
            ("people", "bsn", Category::PersonNationalId),
            ("enrollments", "fingerprint_template", Category::Biometric),
        ];
        for (table, col, want) in cases {
            assert_eq!(one(table, col, "varchar(64)"), Some(want), "{table}.{col}");
        }
    }

    #[test]
    fn ambiguous_abbreviations_need_context() {
        expect_one(&[
            ("payments", "pan", "text", Some(FinancialCard)),
            ("articles", "pan", "text", None),
            ("kyc", "pan_number", "text", Some(PersonNationalId)),
            ("clientes", "rg", "text", Some(GovernmentId)),
            ("clientes", "rg_numero", "text", Some(GovernmentId)),
            ("metrics", "rg_ratio", "text", None),
        ]);
        // The last digits of a card are card data (the issue's rubric).
        assert_eq!(
            one("cards", "card_last4", "text"),
            Some(Category::FinancialCard)
        );
    }

    #[test]
    fn coordinates_need_a_pair() {
        let pair = classify(
            "stops",
            &[("lat", "double precision"), ("lon", "double precision")],
        );
        assert_eq!(pair, vec![Some(Category::GeoCoordinates); 2]);
        assert_eq!(
            classify("stops", &[("lat", "double precision")]),
            vec![None]
        );
        assert_eq!(
            classify("stops", &[("lat", "text"), ("long", "boolean")]),
            vec![None, None]
        );
        expect_one(&[
            ("shops", "latitude", "numeric", Some(GeoCoordinates)),
            ("shops", "location", "point", Some(GeoGeometry)),
            ("shops", "geohash", "text", Some(GeoOther)),
        ]);
    }

    #[test]
    fn every_classification_has_evidence() {
        let got = run(
            &Classifier::default(),
            "users",
            &[("email", "text"), ("name", "text")],
        );
        for c in got.into_iter().flatten() {
            assert!(!c.evidence.is_empty());
        }
        let c = run(&Classifier::default(), "users", &[("name", "text")])[0]
            .clone()
            .unwrap();
        assert!(c.evidence.contains("users"), "{}", c.evidence);
    }

    #[test]
    fn config_patterns_and_never() {
        let config: ClassifierConfig = toml::from_str(
            r#"
            patterns = [
                { pattern = "cust_mail", category = "contact.email" },
                { pattern = "*_kto", category = "financial.account", confidence = "medium" },
            ]
            never = ["legacy.name", "x_*_email"]
            "#,
        )
        .unwrap();
        config.validate().unwrap();
        let c = Classifier::new(config);
        let got: Vec<_> = run(
            &c,
            "legacy",
            &[
                ("primary_cust_mail", "text"),
                ("haupt_kto", "text"),
                ("name", "text"),
                ("x_old_email", "text"),
            ],
        )
        .into_iter()
        .map(|c| c.map(|c| (c.category, c.confidence)))
        .collect();
        assert_eq!(
            got,
            vec![
                Some((Category::ContactEmail, Confidence::High)),
                Some((Category::FinancialAccount, Confidence::Medium)),
                None,
                None
            ]
        );
        let users = run(&c, "users", &[("name", "text")]);
        assert!(users[0].is_some());
    }

    #[test]
    fn config_validation_names_the_entry() {
        let bad = ClassifierConfig {
            patterns: vec![PatternConfig {
                pattern: "a[b".into(),
                category: Category::ContactEmail,
                confidence: Confidence::High,
            }],
            never: vec![],
        };
        let err = bad.validate().unwrap_err().to_string();
        assert!(err.contains("a[b"), "{err}");
        let empty = ClassifierConfig {
            patterns: vec![PatternConfig {
                pattern: " ".into(),
                category: Category::ContactEmail,
                confidence: Confidence::High,
            }],
            never: vec![],
        };
        assert!(empty
            .validate()
            .unwrap_err()
            .to_string()
            .contains("entry 1"));
        let never = ClassifierConfig {
            patterns: vec![],
            never: vec!["".into()],
        };
        assert!(never.validate().is_err());
        assert!(toml::from_str::<ClassifierConfig>("unknown = 1").is_err());
    }

    /// Classify columns that carry comments; categories at medium or above.
    fn commented(table: &str, cols: &[(&str, &str, &str)]) -> Vec<Option<Classification>> {
        let mut t = Table::new(None, table, Origin::file("x.sql", 1));
        for (n, ty, comment) in cols {
            let mut c = Column::new(*n, *ty, Origin::file("x.sql", 1));
            if !comment.is_empty() {
                c.comment = Some(comment.to_string());
            }
            t.columns.push(c);
        }
        Classifier::default()
            .classify_table(&t)
            .into_iter()
            .map(|c| c.filter(|c| c.confidence >= Confidence::Medium))
            .collect()
    }

    #[test]
    fn role_prefixes_name_the_person() {
        use Category::*;
        let cases = [
            ("shipments", "consignee_name", PersonName),
            ("shipments", "consignee", PersonName),
            ("letters", "addressee_phone", ContactPhone),
            ("invoices", "payer_email", ContactEmail),
            ("parcels", "sender_zip", ContactAddress),
            ("parcels", "consignee_province", ContactAddress),
            ("parcels", "receiver_district", ContactAddress),
            ("orders", "billing_province", ContactAddress),
            ("students", "emergency_contact_name", PersonName),
            ("students", "guardian_phone", ContactPhone),
            ("policies", "beneficiary_name", PersonName),
            ("rides", "driver_phone", ContactPhone),
            ("rides", "passenger_street", ContactAddress),
            ("deliveries_cn", "shouhuoren", PersonName),
        ];
        for (table, col, want) in cases {
            assert_eq!(one(table, col, "varchar(100)"), Some(want), "{table}.{col}");
        }
        // The person a parcel goes to makes its bare `address` theirs.
        assert_eq!(
            classify("parcels", &[("consignee", "text"), ("address", "text")]),
            vec![Some(PersonName), Some(ContactAddress)]
        );
    }

    #[test]
    fn pictures_and_marks_of_a_person() {
        use Category::*;
        expect_one(&[
            ("users", "pic", "varchar(255)", Some(PersonAvatar)),
            ("members", "thumb", "varchar(255)", Some(PersonAvatar)),
            ("staff", "portrait", "text", Some(PersonAvatar)),
            ("users", "icon_file_name", "varchar", Some(PersonAvatar)),
            ("avatars", "image_file_name", "varchar", Some(PersonAvatar)),
            ("avatars", "image_content_type", "varchar", None),
            ("kyc_checks", "selfie_url", "text", Some(PersonAvatar)),
            ("kyc_checks", "face_image", "bytea", Some(Biometric)),
            ("contracts", "signature_image", "text", Some(Biometric)),
        ]);
        // A review copies the reviewer's avatar: still a person's.
        assert_eq!(one("product_reviews", "avatar", "text"), Some(PersonAvatar));
        // Avatars of things are not.
        expect_one(&[
            ("projects", "avatar", "text", None),
            ("organization_details", "avatar", "text", None),
            ("users", "banner_image_path", "text", None),
        ]);
    }

    #[test]
    fn social_and_messenger_handles() {
        use Category::*;
        for col in [
            "twitter",
            "linkedin",
            "facebook",
            "wechat_id",
            "telegram_username",
            "skype",
        ] {
            assert_eq!(
                one("contacts", col, "varchar(128)"),
                Some(ContactHandle),
                "{col}"
            );
        }
        expect_one(&[
            ("users", "aim", "varchar(32)", Some(ContactHandle)),
            (
                "identities",
                "flickr_username",
                "varchar",
                Some(ContactHandle),
            ),
            (
                "soundcloud_identities",
                "native_username",
                "varchar",
                Some(ContactHandle),
            ),
        ]);
        // The audited system's own login is not a handle.
        expect_tag(&[
            ("users", "username", "varchar", None),
            ("users", "twitter_id", "bigint", None),
            ("users", "wechat_openid", "varchar", None),
        ]);
    }

    #[test]
    fn partial_and_financial_identifiers() {
        use Category::*;
        expect_one(&[
            ("customers", "ssn_last4", "char(4)", Some(PersonNationalId)),
            (
                "customers",
                "national_id_last_digits",
                "char(4)",
                Some(PersonNationalId),
            ),
            (
                "payments",
                "cc_last_digits",
                "varchar(4)",
                Some(FinancialCard),
            ),
            (
                "payments",
                "cc_first_digits",
                "varchar(6)",
                Some(FinancialCard),
            ),
            ("payments", "last4", "char(4)", Some(FinancialCard)),
            (
                "payment_cards",
                "exp_month",
                "smallint",
                Some(FinancialCard),
            ),
            ("payments", "cc_exp_year", "integer", Some(FinancialCard)),
            (
                "payouts",
                "bank_code",
                "varchar(10)",
                Some(FinancialAccount),
            ),
            (
                "payouts",
                "branch_code",
                "varchar(10)",
                Some(FinancialAccount),
            ),
            (
                "payouts",
                "alipay_account",
                "varchar(64)",
                Some(FinancialAccount),
            ),
            (
                "clients",
                "tax_or_personal_id",
                "varchar(20)",
                Some(PersonNationalId),
            ),
        ]);
        // Outside payments `last4` means nothing.
        assert_eq!(one("metrics", "last4", "integer"), None);
        assert_eq!(one("settings", "gift_card_expiry_period", "integer"), None);
    }

    #[test]
    fn addresses_inside_address_tables() {
        use Category::*;
        let got = classify(
            "shipping_addresses",
            &[
                ("name", "varchar(100)"),
                ("country", "char(2)"),
                ("region", "varchar(64)"),
                ("address", "text"),
                ("pin", "varchar(6)"),
                ("detail", "varchar(255)"),
            ],
        );
        assert_eq!(
            got,
            vec![
                Some(PersonName),
                Some(ContactAddress),
                Some(ContactAddress),
                Some(ContactAddress),
                Some(ContactAddress),
                Some(ContactAddress)
            ]
        );
        // A person's record with a street: its city and state are address parts.
        let got = classify(
            "clientes",
            &[
                ("rua", "varchar(70)"),
                ("numero", "varchar(10)"),
                ("cidade", "varchar(45)"),
                ("estado", "varchar(20)"),
            ],
        );
        assert_eq!(got, vec![Some(ContactAddress); 4]);
        // Lookup tables of places are not.
        assert_eq!(one("countries", "name", "text"), None);
        assert_eq!(one("cities", "region", "text"), None);
    }

    #[test]
    fn coordinates_in_other_shapes() {
        use Category::*;
        let bounds = classify(
            "map_views",
            &[
                ("north", "double precision"),
                ("south", "double precision"),
                ("east", "double precision"),
                ("west", "double precision"),
            ],
        );
        assert_eq!(bounds, vec![Some(GeoCoordinates); 4]);
        assert_eq!(
            classify("compass", &[("north", "double precision")]),
            vec![None]
        );
        let cells = classify(
            "grid_cells",
            &[
                ("swlat", "integer"),
                ("swlng", "integer"),
                ("nelat", "integer"),
                ("nelng", "integer"),
            ],
        );
        assert_eq!(cells, vec![Some(GeoCoordinates); 4]);
        expect_one(&[
            ("fixes", "lat_e7", "integer", Some(GeoCoordinates)),
            ("places", "bbox", "text", Some(GeoGeometry)),
            ("devices", "motionlatitude", "double", Some(GeoCoordinates)),
            ("checkins", "coordinates", "jsonb", Some(GeoCoordinates)),
        ]);
        let tiles = classify(
            "visits",
            &[("lat", "float"), ("lng", "float"), ("tile_x", "integer")],
        );
        assert_eq!(tiles[2], Some(GeoOther));
        assert_eq!(classify("renders", &[("tile_x", "integer")]), vec![None]);
        for col in [
            "latitud_origen",
            "longitud_destino",
            "origem_latitude",
            "jingdu",
            "weidu",
            "lintang",
            "bujur",
        ] {
            assert_eq!(
                one("viagens", col, "numeric(10,6)"),
                Some(GeoCoordinates),
                "{col}"
            );
        }
        assert_eq!(
            one("tc_geofences", "area", "varchar(4096)"),
            Some(GeoGeometry)
        );
        // The reverse-geocoded address of a fix, the locality of an observation.
        let fix = classify(
            "positions",
            &[
                ("latitude", "float"),
                ("longitude", "float"),
                ("address", "text"),
                ("place_guess", "text"),
            ],
        );
        assert_eq!(fix[2..], [Some(GeoOther), Some(GeoOther)]);
    }

    #[test]
    fn core_vocabulary_in_more_languages() {
        use Category::*;
        let cases = [
            ("pelanggan", "nama_lengkap", PersonName),
            ("pelanggan", "alamat", ContactAddress),
            ("pelanggan", "no_hp", ContactPhone),
            ("pelanggan", "tanggal_lahir", PersonBirthDate),
            ("pelanggan", "tgl_lahir", PersonBirthDate),
            ("pelanggan", "nomor_ktp", PersonNationalId),
            ("clienti", "cognome", PersonName),
            ("clienti", "indirizzo", ContactAddress),
            ("clienti", "data_di_nascita", PersonBirthDate),
            ("musteriler", "soyadi", PersonName),
            ("musteriler", "adres", ContactAddress),
            ("clientes", "direccion", ContactAddress),
            ("clientes", "apellidos", PersonName),
            ("kunden", "anschrift", ContactAddress),
            ("klienty", "fio", PersonName),
            ("klienty", "data_rozhdeniya", PersonBirthDate),
            ("klienty", "nomer_pasporta", GovernmentId),
            ("yonghu", "xingming", PersonName),
            ("yonghu", "shouji", ContactPhone),
            ("yonghu", "shenfenzheng", PersonNationalId),
        ];
        for (table, col, want) in cases {
            assert_eq!(one(table, col, "varchar(100)"), Some(want), "{table}.{col}");
        }
    }

    #[test]
    fn comments_are_evidence() {
        use Category::*;
        let got = commented(
            "t_member",
            &[
                ("pic", "varchar(255)", "用户头像"),
                ("tel_no", "varchar(20)", "номер телефона"),
                ("correo", "varchar(100)", "correo del cliente"),
                ("card_id", "varchar(20)", "身份证号码"),
                ("extra", "varchar(20)", "会员微信号"),
                ("flag", "tinyint(1)", "手机号是否验证"),
                ("store_tel", "varchar(20)", "门店电话"),
                ("id", "bigint", "用户地址id"),
            ],
        );
        let cats: Vec<_> = got.iter().map(|c| c.as_ref().map(|c| c.category)).collect();
        assert_eq!(
            cats,
            vec![
                Some(PersonAvatar),
                Some(ContactPhone),
                Some(ContactEmail),
                Some(PersonNationalId),
                Some(ContactHandle),
                None,
                None,
                None
            ]
        );
        // The comment is shown as evidence.
        let pic = got[0].as_ref().unwrap();
        assert!(pic.evidence.contains("用户头像"), "{}", pic.evidence);
        // A tag is not evidence.
        assert_eq!(commented("things", &[("misc", "text", "#PPI")])[0], None);
        // A comment confirms the name.
        let c = commented("users", &[("mobile", "varchar(20)", "手机号码")]);
        let c = c[0].as_ref().unwrap();
        assert_eq!((c.category, c.confidence), (ContactPhone, Confidence::High));
        assert!(c.evidence.contains("comment"), "{}", c.evidence);
        // A `name` commented 用户名 in a person record stays the person's name.
        let demo = commented(
            "demo",
            &[
                ("name", "varchar(50)", "用户名"),
                ("sex", "varchar(2)", "性别"),
                ("birthday", "date", "生日"),
            ],
        );
        assert_eq!(demo[0].as_ref().map(|c| c.category), Some(PersonName));
    }

    #[test]
    fn names_that_are_not_people() {
        for (table, col) in [
            ("oauth_applications", "name"),
            ("api_clients", "client_name"),
            ("feature_flags", "name"),
            ("settings", "setting_name"),
            ("plans", "name"),
            ("subscription_tiers", "tier_name"),
            ("email_templates", "sender_name"),
            ("campaigns", "from_name"),
        ] {
            assert_eq!(tag(table, col, "varchar(100)"), None, "{table}.{col}");
        }
    }

    #[test]
    fn contact_data_of_organisations() {
        for (table, col) in [
            ("teams", "email"),
            ("campaigns", "reply_to"),
            ("campaigns", "sender_email"),
            ("clinics", "phone"),
            ("companies", "address"),
            ("stores", "street_address"),
            ("warehouses", "email"),
            ("channel_email", "email"),
            ("inboxes", "email_address"),
        ] {
            assert_eq!(tag(table, col, "varchar(255)"), None, "{table}.{col}");
        }
        // A CRM account with a website and no person columns is a company.
        let acct = classify(
            "accounts",
            &[("name", "text"), ("website", "text"), ("phone", "text")],
        );
        assert_eq!(acct, vec![None, None, None]);
        // A person named in an organisation's record stays a person.
        assert_eq!(
            one("clinics", "contact_name", "text"),
            Some(Category::PersonName)
        );
        assert_eq!(
            one("companies", "owner_email", "text"),
            Some(Category::ContactEmail)
        );
    }

    #[test]
    fn coarse_places_from_ip_addresses() {
        // City and region of a session are #GEO (they place a person at a
        // time); the country alone is too coarse.
        expect_one(&[
            ("login_events", "city", "text", Some(GeoOther)),
            ("user_sessions", "region", "text", Some(GeoOther)),
            ("user_sessions", "country", "text", None),
            ("visits", "country_code", "char(2)", None),
        ]);
    }

    #[test]
    fn recipients_of_messages() {
        use Category::*;
        expect_one(&[
            (
                "sms_messages",
                "recipient",
                "varchar(32)",
                Some(ContactPhone),
            ),
            ("sys_sms", "es_receiver", "varchar(50)", Some(ContactPhone)),
            ("email_deliveries", "target", "text", Some(ContactEmail)),
            ("message_recipients", "value", "text", Some(ContactEmail)),
            ("sms_recipients", "value", "text", Some(ContactPhone)),
            (
                "patient_phone_numbers",
                "number",
                "varchar",
                Some(ContactPhone),
            ),
            ("user_emails", "value", "text", Some(ContactEmail)),
            (
                "sms_delivery_details",
                "recipient_number",
                "varchar",
                Some(ContactPhone),
            ),
        ]);
    }

    /// Categories of a table's commented columns, at the reporting threshold.
    fn commented_categories(table: &str, cols: &[(&str, &str, &str)]) -> Vec<Option<Category>> {
        commented(table, cols)
            .into_iter()
            .map(|c| c.map(|c| c.category))
            .collect()
    }

    #[test]
    fn names_under_role_and_payment_words() {
        expect_one(&[
            // The name on a card or an account is its holder's.
            (
                "payment_methods",
                "first_name_on_card",
                "text",
                Some(PersonName),
            ),
            (
                "direct_debits",
                "nameOnAccount",
                "varchar(80)",
                Some(PersonName),
            ),
            (
                "direct_debits",
                "nameOnCheque",
                "varchar(80)",
                Some(PersonName),
            ),
            // The addressee and attention lines of an address.
            (
                "shipping_addresses",
                "attn_name",
                "varchar(80)",
                Some(PersonName),
            ),
            ("mail_addresses", "to_name", "varchar(80)", Some(PersonName)),
            // Relations that name a person.
            ("applicants", "guardian", "varchar(80)", Some(PersonName)),
            ("applicants", "husband", "varchar(80)", Some(PersonName)),
            ("applicants", "mother_tongue", "varchar(80)", None),
            ("applicants", "guardian_id", "bigint", None),
            (
                "vendors",
                "nameofauthorisedperson",
                "varchar(200)",
                Some(PersonName),
            ),
            // `nm`, the name abbreviation; Korean standard terms for members,
            // employee users, writers.
            ("customers", "nm", "varchar(50)", Some(PersonName)),
            ("TN_CLUB", "EMPLYR_NM", "varchar(60)", Some(PersonName)),
            ("TN_CLUB", "CLUB_NM", "varchar(60)", None),
            // An audit or history copy holds the rows of its table.
            (
                "patient_audit_table",
                "name",
                "varchar(80)",
                Some(PersonName),
            ),
            ("customers_aud", "photo", "varchar(36)", Some(PersonAvatar)),
            (
                "customer_history",
                "surname",
                "varchar(80)",
                Some(PersonName),
            ),
            // `last_modified_by` is who changed the row, not a surname.
            (
                "customer_addresses",
                "last_modified_by",
                "varchar(64)",
                None,
            ),
        ]);
    }

    #[test]
    fn parts_of_numbers_and_addresses() {
        expect_one(&[
            // E.164 parts in a table of phone numbers.
            (
                "telecom_numbers",
                "area_code",
                "varchar(10)",
                Some(ContactPhone),
            ),
            (
                "telecom_numbers",
                "country_code",
                "varchar(10)",
                Some(ContactPhone),
            ),
            ("customers", "country_code", "varchar(2)", None),
            // Korean standard terms for telephone, mobile and fax numbers.
            (
                "TN_CLUB_MBER",
                "MBER_TEL_NO",
                "varchar(20)",
                Some(ContactPhone),
            ),
            ("TN_CLUB_MBER", "FXNO", "varchar(20)", Some(ContactPhone)),
            ("TN_CLUB_MBER", "MBTLNUM", "varchar(20)", Some(ContactPhone)),
            // India Post address parts.
            (
                "delivery_addresses",
                "door_number",
                "varchar(20)",
                Some(ContactAddress),
            ),
            (
                "property_address",
                "plotNo",
                "varchar(20)",
                Some(ContactAddress),
            ),
            (
                "customer_address",
                "landmark",
                "varchar(80)",
                Some(ContactAddress),
            ),
            (
                "customer_address",
                "building_name",
                "varchar(80)",
                Some(ContactAddress),
            ),
            ("tourist_sights", "landmark", "varchar(80)", None),
            (
                "customer_addresses",
                "pin_number",
                "varchar(6)",
                Some(ContactAddress),
            ),
            // A text code of an address part is the part; an integer id a reference.
            (
                "party_postal_addresses",
                "state_geo_id",
                "varchar(20)",
                Some(ContactAddress),
            ),
            ("party_postal_addresses", "state_id", "integer", None),
            // `zip` is also an archive.
            ("ftp_servers", "zip_file", "char(1)", None),
            // The id of whoever a direction word names is a reference.
            ("messages", "party_id_to", "varchar(20)", None),
        ]);
    }

    #[test]
    fn e_mail_cards_and_ids_by_country() {
        expect_one(&[
            // Indian English "e-mail id", Dutch e-mailadres, Korean EMAIL_ADRES.
            ("staff", "email_id", "varchar(100)", Some(ContactEmail)),
            ("staff", "email_id", "bigint", None),
            ("klanten", "emailadres", "varchar(100)", Some(ContactEmail)),
            (
                "TN_CLUB_MBER",
                "MBER_EMAIL_ADRES",
                "varchar(50)",
                Some(ContactEmail),
            ),
            // Recipients of a communication.
            ("communications", "bcc", "text", Some(ContactEmail)),
            // Card dates and a gift card's PIN need payment context.
            (
                "gift_cards",
                "pin_number",
                "varchar(20)",
                Some(FinancialCard),
            ),
            (
                "credit_cards",
                "expire_date",
                "varchar(7)",
                Some(FinancialCard),
            ),
            ("credit_cards", "valid_from", "char(5)", Some(FinancialCard)),
            ("price_rules", "valid_from", "char(10)", None),
            // India's PAN in a person's record; a card number with cards.
            ("citizens", "pan", "varchar(10)", Some(PersonNationalId)),
            ("card_payments", "pan", "varchar(19)", Some(FinancialCard)),
            // Korean resident registration numbers.
            (
                "TN_CLUB_MBER",
                "IHIDNUM",
                "varchar(200)",
                Some(PersonNationalId),
            ),
            (
                "kr_people",
                "jumin_no",
                "varchar(14)",
                Some(PersonNationalId),
            ),
            // A person's signature image (a file id).
            ("employees", "signature", "varchar(36)", Some(Biometric)),
        ]);
    }

    #[test]
    fn korean_comments_and_company_records() {
        // Spaced Korean comments, names under 명, content is not the data.
        assert_eq!(
            commented_categories(
                "TN_SITE_MAP",
                &[
                    ("Y_CRD", "varchar(40)", "현장 위도"),
                    ("X_CRD", "varchar(40)", "현장 경도"),
                    ("RCPT_NM", "varchar(40)", "접수 고객명"),
                    ("EMAIL_TXT", "varchar(200)", "이메일 제목"),
                    ("HOME_ADRES", "varchar(200)", "주소"),
                    ("AREA_NO", "varchar(4)", "지역번호"),
                ],
            ),
            vec![
                Some(GeoCoordinates),
                Some(GeoCoordinates),
                Some(PersonName),
                None,
                Some(ContactAddress),
                Some(ContactPhone),
            ]
        );
        // A business registration number makes an unnamed table a
        // company's record: its address and numbers are the company's, its
        // representative a person.
        assert_eq!(
            commented_categories(
                "TN_VNDR",
                &[
                    ("BIZRNO", "varchar(10)", "사업자등록번호"),
                    ("ADRES", "varchar(100)", "주소"),
                    ("TELNO", "varchar(20)", "전화번호"),
                    ("RPRSNTV", "varchar(50)", "대표자명"),
                ],
            ),
            vec![None, None, None, Some(PersonName)]
        );
        // A unit "for elevation" is no elevation.
        assert_eq!(
            commented_categories(
                "geo_points",
                &[("unit_id", "varchar(20)", "Unit of measure for elevation")]
            ),
            vec![None]
        );
    }

    #[test]
    fn people_known_by_their_names_documents_and_messages() {
        // A given and a family name make the rows people, even in a table
        // named after an app or with an ambiguous word (`clients`); an API
        // client without them stays a program.
        assert_eq!(
            classify(
                "app_users",
                &[
                    ("firstname", "varchar(50)"),
                    ("lastname", "varchar(50)"),
                    ("login", "varchar(50)")
                ]
            ),
            vec![Some(PersonName), Some(PersonName), Some(SecondaryUserId)]
        );
        assert_eq!(
            classify("api_clients", &[("client_name", "varchar(80)")]),
            vec![None]
        );
        assert_eq!(
            classify(
                "crm_clients",
                &[
                    ("first_name", "varchar(50)"),
                    ("surname", "varchar(50)"),
                    ("display_name", "varchar(100)"),
                    ("image_key", "varchar(200)"),
                ]
            ),
            vec![
                Some(PersonName),
                Some(PersonName),
                Some(PersonName),
                Some(PersonAvatar)
            ]
        );
        // Without them, `clients` may be programs: a picture key is not
        // taken for a face, but a display name is a person's unless a thing
        // or an organisation owns it.
        assert_eq!(
            classify(
                "clients",
                &[
                    ("display_name", "varchar(100)"),
                    ("image_key", "varchar(200)")
                ]
            ),
            vec![Some(PersonName), None]
        );
        expect_one(&[
            ("places", "display_name", "varchar(255)", None),
            (
                "login_history",
                "display_name",
                "varchar(100)",
                Some(PersonName),
            ),
            // An organisation's contact person is a person; its full name
            // and its parent are the organisation's.
            ("organizations", "contact", "varchar(45)", Some(PersonName)),
            ("organizations", "full_name", "varchar(100)", None),
            ("organizations", "parent_name", "varchar(100)", None),
            ("categories", "parent_name", "varchar(100)", None),
            ("students", "parent_name", "varchar(100)", Some(PersonName)),
            // The office's name in a person's record is the office's.
            ("employees", "work_office_name", "varchar(100)", None),
            (
                "employees",
                "husband_name",
                "varchar(100)",
                Some(PersonName),
            ),
            ("donations", "donor", "varchar(100)", Some(PersonName)),
            (
                "loan_guarantees",
                "guarantor",
                "varchar(100)",
                Some(PersonName),
            ),
        ]);
        // A person's number in a table of addresses is no house number; a
        // SCIM-style `*_formatted` address is the whole address; a city in
        // a record with `office_address_line1` is an address part.
        assert_eq!(
            classify(
                "employees",
                &[
                    ("employee_number", "varchar(20)"),
                    ("office_address_line1", "varchar(100)"),
                    ("home_address_formatted", "varchar(200)"),
                    ("city", "varchar(50)"),
                ]
            ),
            vec![
                None,
                Some(ContactAddress),
                Some(ContactAddress),
                Some(ContactAddress)
            ]
        );
        // The number column of a table of people's identity documents.
        assert_eq!(
            classify(
                "member_identifiers",
                &[
                    ("identifier_type", "varchar(20)"),
                    ("identifier", "varchar(40)")
                ]
            ),
            vec![None, Some(GovernmentId)]
        );
        assert_eq!(
            classify(
                "client_documents",
                &[
                    ("document_type_id", "int"),
                    ("doc_key", "varchar(40)"),
                    ("storage_key", "varchar(200)")
                ]
            ),
            vec![None, Some(GovernmentId), None]
        );
        expect_one(&[
            ("invoice_documents", "number", "varchar(20)", None),
            ("oauth_client_identifiers", "value", "varchar(40)", None),
            // The addresses of a short message, as GSM and SMPP name them.
            (
                "incomingsms",
                "originator",
                "varchar(30)",
                Some(ContactPhone),
            ),
            ("sms_log", "source_addr", "varchar(30)", Some(ContactPhone)),
            (
                "mail_send_history",
                "RCVER",
                "varchar(50)",
                Some(ContactEmail),
            ),
            // The element of a collection table of recipients.
            ("newsletter_recipients", "elt", "text", Some(ContactEmail)),
            ("outgoing_sms_recipients", "elt", "text", Some(ContactPhone)),
            // A code list's value is no delivery's address.
            (
                "verification_code_values",
                "code_value",
                "varchar(100)",
                None,
            ),
            // Units of an organisation are offices and facilities.
            ("organisationunit", "phonenumber", "varchar(30)", None),
            ("org_units", "email", "varchar(80)", None),
            // A key of a photo is not a photo.
            ("photos", "source_photo_id", "varchar(40)", None),
        ]);
        // A key's comment names what it points at, not what it holds; a
        // tracking-or-phone number under an `_id` name still holds phones.
        assert_eq!(
            commented_categories(
                "payments",
                &[
                    (
                        "billing_contact_id",
                        "varchar(20)",
                        "the billing postal address"
                    ),
                    (
                        "courier_ref_id",
                        "varchar(64)",
                        "tracking number or phone number"
                    ),
                ]
            ),
            vec![None, Some(ContactPhone)]
        );
        // 외부인사명: the name of an outside person (Korean 인사, a person).
        assert_eq!(
            commented_categories("TN_GUEST", &[("GUEST_NM", "varchar(60)", "외부인사명")]),
            vec![Some(PersonName)]
        );
    }

    #[test]
    fn cards_births_particles_and_sites() {
        // PCI DSS sensitive authentication data and a card's start date,
        // under a `cc_` prefix that is a credit card here, not a copy.
        assert_eq!(
            classify(
                "stored_cards",
                &[
                    ("cc_start_month", "varchar(2)"),
                    ("cc_verification_value", "varchar(4)"),
                    ("cc_track_data", "varchar(255)"),
                    ("street", "varchar(100)"),
                    ("city", "varchar(50)"),
                    ("country", "varchar(50)"),
                ]
            ),
            vec![
                Some(FinancialCard),
                Some(FinancialCard),
                Some(FinancialCard),
                Some(ContactAddress),
                Some(ContactAddress),
                Some(ContactAddress),
            ]
        );
        // Outside cards, a start month and a track are something else, and
        // a checkout's country is not read as a cardholder's address part.
        expect_one(&[
            ("playlists", "track_data", "text", None),
            ("subscriptions", "start_month", "varchar(2)", None),
            (
                "person_names",
                "family_name_prefix",
                "varchar(20)",
                Some(PersonName),
            ),
            ("patients", "birth_time", "time", Some(PersonBirthDate)),
            ("payments", "last_success_state_name", "varchar(64)", None),
        ]);
        assert_eq!(
            classify(
                "checkouts",
                &[("street", "varchar(100)"), ("country", "varchar(2)")]
            ),
            vec![Some(ContactAddress), None]
        );
        // A register of sites: their addresses are the sites'.
        assert_eq!(
            classify(
                "locations",
                &[
                    ("name", "varchar(80)"),
                    ("address1", "varchar(100)"),
                    ("latitude", "varchar(20)"),
                    ("longitude", "varchar(20)")
                ]
            ),
            vec![None, None, Some(GeoCoordinates), Some(GeoCoordinates)]
        );
        expect_one(&[("locations", "parent_location", "int", None)]);
        assert_eq!(
            classify("user_locations", &[("address1", "varchar(100)")]),
            vec![Some(ContactAddress)]
        );
    }

    #[test]
    fn record_blobs_keys_senders_and_card_registers() {
        // A document of one kind of a person's data under a generic name.
        expect_one(&[
            (
                "checkout_sessions",
                "buyer_details",
                "bytea",
                Some(PersonName),
            ),
            ("orders", "delivery_info", "jsonb", Some(ContactAddress)),
            (
                "orders",
                "billing_address_data",
                "text",
                Some(ContactAddress),
            ),
            (
                "wallet_entries",
                "encrypted_card_details",
                "bytea",
                Some(FinancialCard),
            ),
            (
                "charges",
                "payment_method_details",
                "jsonb",
                Some(FinancialCard),
            ),
            (
                "withdrawals",
                "extra_payout_method_data",
                "jsonb",
                Some(FinancialAccount),
            ),
            ("staff", "bank_details", "text", Some(FinancialAccount)),
            // Nothing says whose or what.
            ("orders", "order_details", "jsonb", None),
            ("risk_checks", "payment_details", "jsonb", None),
            ("accounts", "user_data", "jsonb", None),
            ("cards", "network_token_payment_method_data", "bytea", None),
            ("orders", "customer_details", "boolean", None),
            // An organisation's own records.
            ("merchants", "billing_details", "jsonb", None),
        ]);
        // `email_id` sized for a key (an ObjectId, a UUID) is no address.
        expect_one(&[
            ("mail_events", "email_id", "varchar(24)", None),
            ("mail_events", "welcome_email_id", "varchar(36)", None),
            ("staff", "email_id", "varchar(120)", Some(ContactEmail)),
        ]);
        // Mail the system sends by itself has the organisation as sender;
        // in a record of changes, `from_` is the old value.
        assert_eq!(
            classify(
                "system_emails",
                &[
                    ("from_name", "varchar(100)"),
                    ("from_address", "varchar(255)"),
                    ("reply_to", "varchar(255)"),
                ]
            ),
            vec![None, None, None]
        );
        assert_eq!(
            classify(
                "messages",
                &[("sender_email", "varchar(255)"), ("body", "text")]
            ),
            vec![Some(ContactEmail), None]
        );
        assert_eq!(
            classify(
                "user_email_changes",
                &[("from_email", "varchar(255)"), ("to_email", "varchar(255)")]
            ),
            vec![Some(ContactEmail), Some(ContactEmail)]
        );
        // A register of issuer ranges holds no one's card; a stored card
        // with an issuer keeps its number.
        assert_eq!(
            classify(
                "bin_ranges",
                &[
                    ("card_bin", "varchar(8)"),
                    ("issuer_name", "text"),
                    ("bank_code", "varchar(20)"),
                ]
            ),
            vec![None, None, None]
        );
        assert_eq!(
            classify(
                "customer_cards",
                &[
                    ("customer_id", "bigint"),
                    ("card_bin", "varchar(8)"),
                    ("issuer_name", "text"),
                ]
            ),
            vec![Some(SecondaryUserId), Some(FinancialCard), None]
        );
        // A stored card's nickname is the card's; a person's is theirs.
        assert_eq!(
            classify(
                "vault_entries",
                &[("card_number", "text"), ("nickname", "varchar(64)")]
            ),
            vec![Some(FinancialCard), None]
        );
        expect_one(&[("members", "nickname", "varchar(64)", Some(PersonName))]);
        // The expiry of something else; an address row's own key; a list
        // of countries; the default one of a person's cards.
        expect_one(&[
            ("payments", "session_expiry", "varchar(32)", None),
            ("payments", "card_expiry", "varchar(7)", Some(FinancialCard)),
            ("addresses", "address_id", "varchar(64)", None),
            ("payment_methods", "allowed_country", "text[]", None),
            (
                "payment_methods",
                "billing_country",
                "text",
                Some(ContactAddress),
            ),
            (
                "charges",
                "payment_method_billing_address",
                "bytea",
                Some(ContactAddress),
            ),
            (
                "subscriptions",
                "default_card_last4",
                "varchar(4)",
                Some(FinancialCard),
            ),
        ]);
        // Handles on newer networks; forum threads are not one.
        expect_one(&[
            ("authors", "bluesky", "varchar(191)", Some(ContactHandle)),
            ("authors", "threads", "varchar(191)", Some(ContactHandle)),
            ("forums", "threads", "integer", None),
            ("boards", "threads", "text", None),
        ]);
    }

    #[test]
    fn places_from_ip_organisations_records_and_notified_people() {
        // A place looked up from an IP address is #GEO (a country alone is
        // too coarse), whatever the table and whatever the comment says.
        let got = commented(
            "operation_logs",
            &[
                ("request_ip_city", "varchar(100)", ""),
                ("ip_region", "varchar(100)", "ip地区"),
                ("ip_country", "varchar(100)", ""),
            ],
        );
        let cats: Vec<_> = got
            .iter()
            .map(|c| {
                c.as_ref()
                    .filter(|c| c.confidence >= Confidence::Medium)
                    .map(|c| c.category)
            })
            .collect();
        assert_eq!(cats, vec![Some(GeoOther), Some(GeoOther), None]);
        // `first`/`last` are a name's parts only as its last word.
        expect_one(&[
            ("page_views", "first_user_agent", "varchar(500)", None),
            ("page_views", "last_login_ip_text", "varchar(64)", None),
            ("people", "first", "varchar(50)", Some(PersonName)),
        ]);
        // A row keyed only to an organisation, with a name that says
        // nothing, is the organisation's (its invoicing data).
        assert_eq!(
            classify(
                "biz_invoice",
                &[
                    ("invoice_id", "bigint"),
                    ("company_id", "bigint"),
                    ("create_user_id", "bigint"),
                    ("taxpayer_identification_number", "varchar(64)"),
                    ("account_number", "varchar(64)"),
                ]
            ),
            vec![None, None, Some(SecondaryUserId), None, None]
        );
        // ... but a key to a person keeps the person's data.
        assert_eq!(
            classify(
                "biz_refund",
                &[
                    ("company_id", "bigint"),
                    ("customer_id", "bigint"),
                    ("account_number", "varchar(64)"),
                ]
            ),
            vec![None, Some(SecondaryUserId), Some(FinancialAccount)]
        );
        // Partner enterprises and rooms are organisations and facilities;
        // the people their notifications go to are people.
        assert_eq!(
            classify(
                "partner_enterprise",
                &[
                    ("email", "varchar(100)"),
                    ("contact", "varchar(100)"),
                    ("notification_emails", "text[]"),
                ]
            ),
            vec![None, Some(PersonName), Some(ContactEmail)]
        );
        expect_one(&[
            ("rooms", "telephone", "varchar(30)", None),
            ("rooms", "notification_emails", "text[]", Some(ContactEmail)),
            (
                "registration_forms",
                "manager_notification_recipients",
                "text[]",
                Some(ContactEmail),
            ),
            (
                "registration_forms",
                "notification_sender_address",
                "text",
                None,
            ),
            // A notice's number is the notice's.
            ("notices", "document_number", "varchar(64)", None),
            (
                "applicants",
                "document_number",
                "varchar(64)",
                Some(GovernmentId),
            ),
        ]);
        // The metadata of a picture is not the picture, whatever the comment.
        let got = commented(
            "users",
            &[("picture_metadata", "jsonb", "user profile picture metadata")],
        );
        assert!(got[0].is_none(), "{:?}", got[0]);
        // A two-word `user_name` whose comment says a person's name holds
        // it; so does the one word `username` when the comment says a full
        // name (姓名: every labelled row of that kind is PPI), but not when
        // it says a user's name (用户名称), which may be the login.
        let got = commented(
            "feedback",
            &[
                ("user_name", "varchar(50)", "创建人姓名"),
                ("username", "varchar(50)", "创建人姓名"),
                ("username", "varchar(50)", "用户名称"),
            ],
        );
        assert_eq!(got[0].as_ref().map(|c| c.category), Some(PersonName));
        assert_eq!(got[1].as_ref().map(|c| c.category), Some(PersonName));
        assert_eq!(got[2].as_ref().map(|c| c.category), Some(SecondaryUserId));
    }

    #[test]
    fn legal_representatives_french_names_and_card_summaries() {
        // A mandatary (FR mandataire) is a person; French `nom` beside
        // `prenom` is the family name, even in a service's record, whose
        // own mailbox and address stay the service's.
        assert_eq!(
            classify(
                "ocmi_mandataires",
                &[
                    ("nom", "varchar(255)"),
                    ("prenom", "varchar(255)"),
                    ("adresse1", "varchar(255)"),
                    ("ville", "varchar(255)"),
                ]
            ),
            vec![
                Some(PersonName),
                Some(PersonName),
                Some(ContactAddress),
                Some(ContactAddress)
            ]
        );
        assert_eq!(
            classify(
                "services",
                &[
                    ("nom", "varchar(255)"),
                    ("prenom", "varchar(255)"),
                    ("email", "varchar(255)"),
                    ("adresse", "varchar(255)"),
                ]
            ),
            vec![Some(PersonName), Some(PersonName), None, None]
        );
        // Without `prenom`, `nom` is any name.
        expect_one(&[("categories", "nom", "varchar(255)", None)]);
        // A year of birth makes the row a person's; a file number is no
        // house number.
        assert_eq!(
            classify(
                "protection_measures",
                &[
                    ("annee_naissance", "varchar(4)"),
                    ("code_postal", "varchar(10)"),
                    ("ville", "varchar(255)"),
                    ("numero_dossier", "varchar(255)"),
                ]
            ),
            vec![
                Some(PersonBirthDate),
                Some(ContactAddress),
                Some(ContactAddress),
                None
            ]
        );
        // A register of places holds no one's address or id.
        assert_eq!(
            classify(
                "geolocalisation_code_postal",
                &[
                    ("code_postal", "varchar(10)"),
                    ("insee", "varchar(10)"),
                    ("latitude", "real"),
                    ("longitude", "real"),
                ]
            ),
            vec![None, None, Some(GeoCoordinates), Some(GeoCoordinates)]
        );
        // The last four and the expiry side by side are a card's summary.
        assert_eq!(
            classify(
                "account_subscriptions",
                &[
                    ("last4", "varchar(4)"),
                    ("exp_month", "integer"),
                    ("exp_year", "integer"),
                ]
            ),
            vec![
                Some(FinancialCard),
                Some(FinancialCard),
                Some(FinancialCard)
            ]
        );
        expect_one(&[("account_subscriptions", "last4", "varchar(4)", None)]);
        // `*_sid` is a key (a Twilio-style string id), not the value.
        expect_one(&[
            ("phone_numbers", "phone_number_sid", "char(36)", None),
            ("sbc_addresses", "sbc_address_sid", "char(36)", None),
        ]);
    }

    #[test]
    fn encrypted_columns_key_values_developer_handles_and_abbreviated_addresses() {
        // Lockbox-style encrypted columns keep the name of what they hold;
        // their blind index is a hash.
        assert_eq!(
            classify(
                "candidates",
                &[
                    ("first_name_ciphertext", "text"),
                    ("street_address_ciphertext", "text"),
                    ("city_ciphertext", "text"),
                    ("email_address_bidx", "varchar(255)"),
                ]
            ),
            vec![
                Some(PersonName),
                Some(ContactAddress),
                Some(ContactAddress),
                None
            ]
        );
        // The name of a key-value pair is a key's.
        assert_eq!(
            classify(
                "clientes_metadata",
                &[
                    ("cliente_id", "int"),
                    ("name", "varchar(30)"),
                    ("value", "text")
                ]
            )[1],
            None
        );
        // Developer and messenger networks as a person's handles.
        expect_one(&[
            ("members", "github", "varchar(255)", Some(ContactHandle)),
            ("members", "tox", "varchar(255)", Some(ContactHandle)),
            ("repositories", "github", "varchar(255)", None),
        ]);
        // `end_`, endereço abbreviated, makes a place part of an address;
        // a state machine's `end_state` stays a state.
        assert_eq!(
            classify(
                "clientes",
                &[
                    ("nome", "varchar(60)"),
                    ("end_cidade", "varchar(30)"),
                    ("end_estado", "varchar(3)"),
                ]
            ),
            vec![Some(PersonName), Some(ContactAddress), Some(ContactAddress)]
        );
        expect_one(&[("workflow_runs", "end_state", "varchar(30)", None)]);
        // A German business's own address.
        assert_eq!(
            classify(
                "fs_betrieb",
                &[
                    ("name", "varchar(120)"),
                    ("strasse", "varchar(120)"),
                    ("plz", "varchar(5)")
                ]
            ),
            vec![None, None, None]
        );
    }

    #[test]
    fn sites_own_addresses_spelled_out_names_and_described_data() {
        // Venues, centres, meeting points and geofences are sites: their
        // addresses are theirs; a geofence's bounds stay coordinates.
        assert_eq!(
            classify(
                "venues",
                &[
                    ("name", "varchar(80)"),
                    ("street", "varchar(80)"),
                    ("postalcode", "varchar(10)"),
                    ("city", "varchar(60)"),
                ]
            ),
            vec![None, None, None, None]
        );
        assert_eq!(
            classify(
                "geozones",
                &[
                    ("street_address", "varchar(90)"),
                    ("min_latitude", "double"),
                    ("max_longitude", "double"),
                ]
            ),
            vec![None, Some(GeoCoordinates), Some(GeoCoordinates)]
        );
        // A comment that only spells the name out adds no evidence.
        assert_eq!(
            commented_categories(
                "device_groups",
                &[
                    ("displayName", "varchar(40)", "Display Name"),
                    ("lastInputState", "int", "Last Input State"),
                ]
            ),
            vec![None, None]
        );
        // A long description that mentions the data far from its start is
        // about something else; one that starts with it names the value.
        assert_eq!(
            commented_categories(
                "volunteers",
                &[
                    (
                        "populationDensity",
                        "varchar(20)",
                        "Densité de population du domicile du volontaire, zone rurale",
                    ),
                    (
                        "homeAddress",
                        "varchar(200)",
                        "Adresse du domicile du volontaire"
                    ),
                    (
                        "statusContract",
                        "varchar(20)",
                        "Statut du contrat du volontaire (cf: modèle)"
                    ),
                    ("birthCountry", "varchar(60)", "Pays de naissance"),
                ]
            ),
            vec![None, Some(ContactAddress), None, None]
        );
        // What is said about the data after it: a GPS fix's age and time,
        // a birth date's time zone, the right to one's image.
        expect_one(&[
            ("positions", "gps_age", "int", None),
            ("positions", "last_gps_timestamp", "int", None),
            ("profiles", "dob_tz", "varchar(64)", None),
            ("volunteers", "image_right", "varchar(10)", None),
        ]);
    }

    #[test]
    fn real_names_in_logins_unix_birthdays_amounts_and_bank_details() {
        // A login whose comment says the real name holds that name; one
        // whose comment says only 用户名 stays a login.
        assert_eq!(
            commented_categories(
                "school_pupils",
                &[
                    ("username", "char(32)", "真实姓名"),
                    ("login", "char(32)", "用户名"),
                    ("birthday", "int(11)", "生日"),
                ]
            ),
            vec![
                Some(PersonName),
                Some(SecondaryUserId),
                Some(PersonBirthDate)
            ]
        );
        // A birth date kept as a Unix time in a record of people; a number
        // of days elsewhere is no one's birth date.
        expect_one(&[
            ("members", "birthday", "int(11)", Some(PersonBirthDate)),
            ("members", "date_of_birth", "bigint", Some(PersonBirthDate)),
        ]);
        // Contributions paid are amounts, whatever the name says.
        expect_one(&[
            ("payroll_lines", "national_insurance", "decimal(7,2)", None),
            (
                "payroll_lines",
                "employee_national_insurance",
                "numeric(10, 2)",
                None,
            ),
            (
                "claimants",
                "national_insurance_number",
                "varchar(9)",
                Some(PersonNationalId),
            ),
        ]);
        // The details of an account at a bank, whoever holds it.
        expect_one(&[
            (
                "claims",
                "bank_sort_code",
                "varchar(6)",
                Some(FinancialAccount),
            ),
            (
                "claims",
                "building_society_roll_number",
                "varchar(20)",
                Some(FinancialAccount),
            ),
            ("claims", "bank_name", "varchar(60)", None),
        ]);
        // Indonesian identity papers and neighbourhood units; a head of a
        // family named on the family card.
        assert_eq!(
            classify(
                "kartu_keluarga",
                &[
                    ("no_kk", "varchar(16)"),
                    ("nama_kepala_keluarga", "varchar(100)"),
                    ("alamat", "text"),
                    ("no_paspor", "varchar(50)"),
                    ("no_kitap", "varchar(50)"),
                    ("npwp", "varchar(20)"),
                ]
            ),
            vec![
                Some(GovernmentId),
                Some(PersonName),
                Some(ContactAddress),
                Some(GovernmentId),
                Some(GovernmentId),
                Some(PersonNationalId)
            ]
        );
        // A home town is where someone is from, not an address.
        expect_one(&[("users", "hometown", "varchar(60)", None)]);
        // A headteacher is a person by function.
        expect_one(&[(
            "eligibilities",
            "school_headteacher_name",
            "varchar(60)",
            Some(PersonName),
        )]);
    }

    #[test]
    fn sign_in_places_function_holders_keyed_names_and_place_names() {
        // A place looked up at sign-in, or beside the client's IP address
        // in a log, is #GEO; the country alone is too coarse.
        assert_eq!(
            classify(
                "members",
                &[
                    ("full_name", "varchar(60)"),
                    ("last_login_ip", "varchar(45)"),
                    ("last_login_city", "varchar(60)"),
                    ("login_country", "varchar(60)"),
                ]
            ),
            vec![
                Some(PersonName),
                Some(SecondaryIpAddress),
                Some(GeoOther),
                None
            ]
        );
        assert_eq!(
            classify(
                "audit_log",
                &[("client_ip", "varchar(45)"), ("region", "varchar(60)")]
            ),
            vec![Some(SecondaryIpAddress), Some(GeoOther)]
        );
        // An inventory with addresses of machines is no log.
        assert_eq!(
            classify("hosts", &[("ip", "varchar(45)"), ("region", "varchar(60)")]),
            vec![Some(SecondaryIpAddress), None]
        );
        // People named by their function, whatever word is before it; a
        // thing that manages something is not one.
        expect_one(&[
            (
                "households",
                "case_manager",
                "varchar(80)",
                Some(PersonName),
            ),
            ("pickups", "agency_rep", "varchar(80)", Some(PersonName)),
            ("hearings", "presiding_judge", "text", Some(PersonName)),
            ("lessons", "lecturer_name", "varchar(50)", Some(PersonName)),
            ("gateways", "sms_manager_url", "varchar(120)", None),
            ("households", "case_manager_id", "bigint", None),
        ]);
        // A party beside its own key holds the name shown for the key;
        // alone, it is the login the shared sets call `none`.
        assert_eq!(
            classify(
                "shipments",
                &[
                    ("creator", "varchar(20)"),
                    ("creator_id", "bigint"),
                    ("last_operator", "varchar(20)"),
                    ("last_operator_id", "bigint"),
                ]
            ),
            vec![Some(PersonName), None, Some(PersonName), None]
        );
        expect_one(&[("shipments", "creator", "varchar(20)", None)]);
        // A place's name in a record of people or addresses is an address
        // part; in a register of areas it is no one's.
        assert_eq!(
            classify(
                "member_profile",
                &[
                    ("member_id", "bigint"),
                    ("gender", "int"),
                    ("province_name", "varchar(30)"),
                    ("city_name", "varchar(30)"),
                ]
            ),
            vec![
                Some(SecondaryUserId),
                None,
                Some(ContactAddress),
                Some(ContactAddress)
            ]
        );
        expect_one(&[("cities", "province_name", "varchar(30)", None)]);
        // Ids under several networks' names are handles typed in by hand;
        // one network's id alone is a sign-in's.
        assert_eq!(
            classify(
                "leads",
                &[
                    ("first_name", "varchar(40)"),
                    ("facebook_id", "varchar(80)"),
                    ("linkedin_id", "varchar(80)"),
                ]
            ),
            vec![Some(PersonName), Some(ContactHandle), Some(ContactHandle)]
        );
        assert_eq!(
            classify(
                "users",
                &[("email", "varchar(80)"), ("facebook_id", "varchar(80)")]
            )[1],
            None
        );
        // A partner's profile with a website is an organisation's: its
        // address and accounts are its own, its director is a person.
        assert_eq!(
            classify(
                "partner_profiles",
                &[
                    ("website", "varchar(120)"),
                    ("address1", "varchar(120)"),
                    ("twitter", "varchar(60)"),
                    ("executive_director_name", "varchar(60)"),
                ]
            ),
            vec![None, None, None, Some(PersonName)]
        );
        // A website's own messenger accounts are the site's; a person's
        // own website or homepage is a handle, a company's is not.
        expect_one(&[
            ("website", "weixin", "varchar(60)", None),
            ("members", "homepage", "varchar(255)", Some(ContactHandle)),
            (
                "staff_users",
                "website",
                "varchar(2000)",
                Some(ContactHandle),
            ),
            ("companies", "website", "varchar(255)", None),
        ]);
    }

    #[test]
    fn owners_after_the_head_erp_abbreviations_and_registers_of_places() {
        // The Romance word order puts the owner after the head; the
        // parties of an administrative record are people.
        assert_eq!(
            classify(
                "signalement",
                &[
                    ("nom_occupant", "varchar(50)"),
                    ("ville_occupant", "varchar(100)"),
                    ("cp_occupant", "varchar(5)"),
                    ("num_appart_occupant", "varchar(255)"),
                    ("nom_proprio", "varchar(255)"),
                    ("nom_referent_social", "varchar(255)"),
                    ("insee_occupant", "varchar(255)"),
                ]
            ),
            vec![
                Some(PersonName),
                Some(ContactAddress),
                Some(ContactAddress),
                Some(ContactAddress),
                Some(PersonName),
                Some(PersonName),
                Some(ContactAddress),
            ]
        );
        // A town of birth is a place, which the rubric does not count; a
        // commune's INSEE code and postcode belong to a register.
        expect_one(&[
            ("usager", "villeNaissance", "text", None),
            ("patients", "geburtsort", "text", None),
            ("commune", "code_insee", "varchar(10)", None),
            ("commune", "code_postal", "varchar(10)", None),
            ("open_data_places", "adresse", "text", None),
            ("config", "nom_dpo", "varchar(255)", Some(PersonName)),
        ]);
        // ERP master records: an employee's under `emp_`, a site's own
        // address, a carrier's with its business id.
        assert_eq!(
            classify(
                "emp_mstr",
                &[
                    ("emp_nbr", "varchar(10)"),
                    ("emp_emer_contact", "varchar(30)"),
                    ("emp_routing", "varchar(9)"),
                    ("emp_zip", "varchar(10)"),
                ]
            ),
            vec![
                None,
                Some(PersonName),
                Some(FinancialAccount),
                Some(ContactAddress)
            ]
        );
        assert_eq!(
            classify(
                "pay_det",
                &[
                    ("pyd_empfname", "varchar(30)"),
                    ("pyd_emplname", "varchar(30)")
                ]
            ),
            vec![Some(PersonName), Some(PersonName)]
        );
        assert_eq!(
            classify(
                "site_mstr",
                &[
                    ("site_line1", "varchar(50)"),
                    ("site_city", "varchar(50)"),
                    ("site_zip", "varchar(15)"),
                ]
            ),
            vec![None, None, None]
        );
        assert_eq!(
            classify(
                "car_mstr",
                &[
                    ("car_name", "varchar(50)"),
                    ("car_zip", "varchar(50)"),
                    ("car_ein", "varchar(20)"),
                ]
            ),
            vec![None, None, None]
        );
        expect_one(&[(
            "drv_mstr",
            "drv_licensenbr",
            "varchar(20)",
            Some(GovernmentId),
        )]);
    }

    #[test]
    fn dutch_core_words_identifier_tables_birth_parts_and_outlines() {
        // Dutch registers: initials for given names (with a family name
        // they make the table people's), phone, town of residence,
        // advisers named by role; the picture of a person so found.
        assert_eq!(
            classify(
                "handelaar",
                &[
                    ("voorletters", "varchar(255)"),
                    ("achternaam", "varchar(255)"),
                    ("telefoon", "varchar(255)"),
                    ("foto", "varchar(255)"),
                    ("woonplaats", "varchar(255)"),
                ]
            ),
            vec![
                Some(PersonName),
                Some(PersonName),
                Some(ContactPhone),
                Some(PersonAvatar),
                Some(ContactAddress),
            ]
        );
        expect_one(&[
            (
                "dossier",
                "jss_adviseur_naam",
                "varchar(125)",
                Some(PersonName),
            ),
            ("cases", "advisor_name", "varchar(125)", Some(PersonName)),
            // An organisation's or a market's own mailbox.
            ("organisatie", "email_adres_controle", "varchar(255)", None),
            ("markt", "kraam_email", "text", None),
            ("stands", "kraam_email", "text", Some(ContactEmail)),
        ]);
        // A row whose only name is a company's is the company's, but not
        // beside a person's name.
        assert_eq!(
            classify(
                "schuldeiser",
                &[
                    ("bedrijfsnaam", "varchar(255)"),
                    ("straat", "varchar(255)"),
                    ("postcode", "varchar(6)"),
                ]
            ),
            vec![None, None, None]
        );
        assert_eq!(
            classify(
                "schuldeiser",
                &[
                    ("company_name", "varchar(255)"),
                    ("first_name", "varchar(255)"),
                    ("street", "varchar(255)"),
                ]
            ),
            vec![None, Some(PersonName), Some(ContactAddress)]
        );
        // A table of a person's identifiers written as one word.
        assert_eq!(
            classify(
                "emr_patientidentifier",
                &[("patient_id", "int"), ("value", "varchar(1024)")]
            ),
            vec![Some(SecondaryUserId), Some(GovernmentId)]
        );
        expect_one(&[("app_identifier", "value", "varchar(1024)", None)]);
        // A year or month of birth, a number, in a record of people; not
        // elsewhere, not a flag, and a place of birth never.
        assert_eq!(
            classify(
                "emr_patient",
                &[
                    ("name", "varchar(200)"),
                    ("gender", "varchar(20)"),
                    ("year_of_birth", "int"),
                    ("birth_month", "smallint"),
                    ("birth_place", "varchar(60)"),
                ]
            ),
            vec![
                Some(PersonName),
                None,
                Some(PersonBirthDate),
                Some(PersonBirthDate),
                None
            ]
        );
        expect_one(&[
            ("projects", "birth_year", "int", None),
            ("patients", "birth_year", "boolean", None),
        ]);
        // An area's outline in a shape-holding type, and `geo_` shapes.
        expect_one(&[
            ("location_areas", "boundaries", "json", Some(GeoGeometry)),
            ("zones", "boundary", "geometry", Some(GeoGeometry)),
            ("zones", "boundary", "boolean", None),
            ("markt", "geo_area", "text", Some(GeoGeometry)),
        ]);
    }

    #[test]
    fn table_prefixes_own_names_legal_persons_and_compounds() {
        // A one-letter prefix most columns share names the table.
        assert_eq!(
            classify(
                "o_user",
                &[
                    ("user_id", "bigint"),
                    ("u_street", "varchar(255)"),
                    ("u_city", "varchar(255)"),
                    ("u_skype", "varchar(255)"),
                    ("u_nickname", "varchar(255)"),
                    ("u_extendedaddress", "varchar(255)"),
                    ("u_institutionalemail", "varchar(255)"),
                ]
            ),
            vec![
                Some(SecondaryUserId),
                Some(ContactAddress),
                Some(ContactAddress),
                Some(ContactHandle),
                Some(PersonName),
                Some(ContactAddress),
                Some(ContactEmail),
            ]
        );
        // An abbreviation the table's name carries (ChurchCRM's
        // `person_per`) is a prefix too, and a street in a row makes its
        // town part of the same address even when nothing says whose.
        assert_eq!(
            classify(
                "person_per",
                &[
                    ("per_ID", "int"),
                    ("per_Address1", "varchar(50)"),
                    ("per_City", "varchar(50)"),
                    ("per_Twitter", "varchar(50)"),
                ]
            ),
            vec![
                None,
                Some(ContactAddress),
                Some(ContactAddress),
                Some(ContactHandle)
            ]
        );
        // The word for a country in other languages is a country: an
        // address part beside a street, too coarse on a session.
        assert_eq!(
            classify(
                "clientes",
                &[("direccion", "varchar(255)"), ("pais", "varchar(60)")]
            ),
            vec![Some(ContactAddress), Some(ContactAddress)]
        );
        expect_one(&[("sessions", "pays", "varchar(60)", None)]);
        // ... but not a word the table's name does not carry.
        assert_eq!(
            classify(
                "accounts",
                &[("acc_city", "text"), ("acc_x", "text"), ("acc_y", "text")]
            ),
            vec![None, None, None]
        );
        // ... nor when few columns have it.
        assert_eq!(
            classify(
                "measurements",
                &[("x_city", "text"), ("a", "int"), ("b", "int"), ("c", "int")]
            ),
            vec![None, None, None, None]
        );
        // A given or family name is a person's whatever word is before it;
        // a legal person's name is a company's; an entry of a repository
        // is a thing whose display name is not a person's.
        expect_one(&[
            (
                "tenant",
                "tenant_first_name",
                "varchar(255)",
                Some(PersonName),
            ),
            ("guarantor", "legal_person_name", "varchar(255)", None),
            ("o_repositoryentry", "displayname", "varchar(110)", None),
            ("csp_log", "referrer", "varchar(1024)", None),
            ("users", "referrer_name", "varchar(100)", Some(PersonName)),
        ]);
    }

    #[test]
    fn either_ids_transition_states_and_pictures() {
        expect_one(&[
            (
                "checkout_accounts",
                "company_id_or_personal_id",
                "varchar(255)",
                Some(PersonNationalId),
            ),
            ("transaction_transitions", "to_state", "varchar(255)", None),
            (
                "people",
                "image_file_name",
                "varchar(255)",
                Some(PersonAvatar),
            ),
            ("people", "banner_image_file_name", "varchar(255)", None),
        ]);
        assert_eq!(
            classify(
                "shipments",
                &[("to_street", "varchar(255)"), ("to_state", "varchar(64)")]
            ),
            vec![Some(ContactAddress), Some(ContactAddress)]
        );
    }

    #[test]
    fn category_names_round_trip() {
        for c in Category::ALL {
            assert_eq!(c.as_str().parse::<Category>().unwrap(), c);
        }
        assert!(Confidence::Low < Confidence::Medium && Confidence::Medium < Confidence::High);
    }
}

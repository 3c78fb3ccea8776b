//! The PI inventory: where personal data is stored, and how much of it is
//! tagged. Findings tell a developer what to fix; the inventory answers a
//! DBA's or a privacy officer's first question: one row per table and column
//! that is tagged or classified as PI, with its status, and coverage figures
//! per database, schema and category.
//!
//! Built from the same model, classifications and rules as an audit: a row's
//! status is what the rules say about it (before suppressions, which silence
//! a finding but do not tag a column), so the inventory and the audit never
//! disagree.

use crate::classify::{Category, Confidence};
use crate::finding::Finding;
use crate::model::{Origin, Schema};
use crate::rules::{Classifications, Rule};
use crate::tags::{Tag, TagSet};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// What the inventory says about one PI object.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::IntoStaticStr,
    strum::Display,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Status {
    /// A tag set earlier was removed and not restored (rule `lost-tag`).
    Lost,
    /// A near-miss tag (`#ppi`, `#PII`) stands where the tag should (`malformed-tag`).
    Malformed,
    /// Classified as PI, the expected tag is absent (`missing-column-tag`, `missing-table-tag`).
    Missing,
    /// The tag is there but stands before other comment text (`misplaced-tag`).
    Misplaced,
    /// Tagged, though the classifier does not see PI: someone knew better,
    /// or the tag is stale.
    TaggedButNotClassified,
    /// Carries every tag it should.
    Tagged,
}

impl Status {
    /// Whether the object carries its tags (coverage counts these as tagged).
    pub fn is_tagged(self) -> bool {
        matches!(
            self,
            Status::Tagged | Status::Misplaced | Status::TaggedButNotClassified
        )
    }

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One tagged or PI table or column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// The database (URL without password) or, for files, the PATHs audited.
    pub database: String,
    pub schema: Option<String>,
    pub table: String,
    /// `None`: the row is the table itself.
    pub column: Option<String>,
    /// The column's type as the source states it; `None` for a table.
    #[serde(rename = "type")]
    pub data_type: Option<String>,
    /// Tags present in the comment.
    pub tags: Vec<Tag>,
    /// Tags the object should carry (classifier, or the table's columns).
    pub expected_tags: Vec<Tag>,
    pub status: Status,
    pub category: Option<Category>,
    pub confidence: Option<Confidence>,
    pub evidence: Option<String>,
    /// Where the object was created (a file and line; the database for live sources).
    pub created: Option<Origin>,
    /// Where its comment was last set (migrations only).
    pub commented: Option<Origin>,
    /// A finding about this object was silenced (inline ignore, `[[allow]]`,
    /// baseline): the status stays what the rules say.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub suppressed: bool,
}

pub struct Inventory {
    pub source: crate::report::SourceInfo,
    pub items: Vec<Item>,
}

/// PI columns found, tagged and missing a tag.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    /// PI columns (classified or tagged).
    pub found: usize,
    /// Of those, carrying their tags.
    pub tagged: usize,
    /// `found - tagged`: missing, lost or malformed tags.
    pub missing: usize,
}

impl Coverage {
    pub fn add(&mut self, status: Status) {
        self.found += 1;
        if status.is_tagged() {
            self.tagged += 1;
        } else {
            self.missing += 1;
        }
    }

    /// Tagged share in 0..=1; `None` when nothing was found.
    pub fn ratio(&self) -> Option<f64> {
        (self.found > 0).then(|| self.tagged as f64 / self.found as f64)
    }
}

/// Coverage of the columns (table rows are not counted) per key.
pub fn coverage_by<K: Ord>(
    items: &[Item],
    key: impl Fn(&Item) -> Option<K>,
) -> BTreeMap<K, Coverage> {
    let mut out: BTreeMap<K, Coverage> = BTreeMap::new();
    for item in items.iter().filter(|i| i.column.is_some()) {
        if let Some(k) = key(item) {
            out.entry(k).or_default().add(item.status);
        }
    }
    out
}

/// What an inventory of one database (or one set of migration files) is built from.
pub struct Input<'a> {
    /// How the rows name the database: its URL without password, or the PATHs.
    pub database: &'a str,
    pub schema: &'a Schema,
    pub classes: &'a Classifications,
    pub min_confidence: Confidence,
    /// The model rules' findings before suppressions and level overrides.
    pub raw: &'a [Finding],
    /// The findings the audit reports (after suppressions).
    pub reported: &'a [Finding],
}

type ObjectKey = (Option<String>, String, Option<String>);

fn object_key(f: &Finding) -> ObjectKey {
    (f.schema.clone(), f.table.clone(), f.column.clone())
}

/// The status the rules give an object, in order of gravity.
fn status_of(rules: Option<&HashSet<Rule>>, tagged_not_classified: bool) -> Status {
    let has = |r: Rule| rules.is_some_and(|s| s.contains(&r));
    if has(Rule::LostTag) {
        Status::Lost
    } else if has(Rule::MalformedTag) {
        Status::Malformed
    } else if has(Rule::MissingColumnTag) || has(Rule::MissingTableTag) {
        Status::Missing
    } else if has(Rule::MisplacedTag) {
        Status::Misplaced
    } else if tagged_not_classified {
        Status::TaggedButNotClassified
    } else {
        Status::Tagged
    }
}

/// The rows of one database, tables before their columns, in model order.
pub fn build(input: &Input) -> Vec<Item> {
    const STATUS_RULES: [Rule; 5] = [
        Rule::LostTag,
        Rule::MalformedTag,
        Rule::MissingColumnTag,
        Rule::MissingTableTag,
        Rule::MisplacedTag,
    ];
    let mut rules: HashMap<ObjectKey, HashSet<Rule>> = HashMap::new();
    for f in input.raw.iter().filter(|f| STATUS_RULES.contains(&f.rule)) {
        rules.entry(object_key(f)).or_default().insert(f.rule);
    }
    let reported: HashSet<(ObjectKey, Rule)> = input
        .reported
        .iter()
        .map(|f| (object_key(f), f.rule))
        .collect();
    let suppressed = |key: &ObjectKey| {
        rules
            .get(key)
            .is_some_and(|set| set.iter().any(|r| !reported.contains(&(key.clone(), *r))))
    };
    let mut items = Vec::new();
    for (key, table) in &input.schema.tables {
        if !table.kind.is_audited() {
            continue;
        }
        let classes = input.classes.get(key);
        let mut columns = Vec::new();
        let mut expected_table = TagSet::EMPTY;
        for (i, column) in table.columns.iter().enumerate() {
            let class = classes
                .and_then(|c| c.get(i))
                .and_then(Option::as_ref)
                .filter(|c| c.confidence >= input.min_confidence);
            let expected = class
                .and_then(|c| c.category.tag())
                .map_or(TagSet::EMPTY, TagSet::of);
            let present = column.tags();
            let okey = (
                table.schema.clone(),
                table.name.clone(),
                Some(column.name.clone()),
            );
            let fired = rules.get(&okey);
            let malformed = !column.parsed.malformed.is_empty();
            if expected.is_empty() && present.is_empty() && fired.is_none() && !malformed {
                continue;
            }
            expected_table = expected_table.union(expected).union(present);
            columns.push(Item {
                database: input.database.to_string(),
                schema: table.schema.clone(),
                table: table.name.clone(),
                column: Some(column.name.clone()),
                data_type: Some(column.data_type.clone()),
                tags: present.iter().collect(),
                expected_tags: expected.iter().collect(),
                status: status_of(fired, expected.is_empty() && !present.is_empty()),
                category: class.map(|c| c.category),
                confidence: class.map(|c| c.confidence),
                evidence: class.map(|c| c.evidence.clone()),
                created: Some(column.origin.clone()),
                commented: column.comment_origin.clone(),
                suppressed: suppressed(&okey),
            });
        }
        let present = table.tags();
        let tkey = (table.schema.clone(), table.name.clone(), None);
        let fired = rules.get(&tkey);
        if !columns.is_empty() || !present.is_empty() || fired.is_some() {
            items.push(Item {
                database: input.database.to_string(),
                schema: table.schema.clone(),
                table: table.name.clone(),
                column: None,
                data_type: None,
                tags: present.iter().collect(),
                expected_tags: expected_table.iter().collect(),
                status: status_of(fired, expected_table.is_empty() && !present.is_empty()),
                category: None,
                confidence: None,
                evidence: None,
                created: Some(table.origin.clone()),
                commented: table.comment_origin.clone(),
                suppressed: suppressed(&tkey),
            });
        }
        items.extend(columns);
    }
    items
}

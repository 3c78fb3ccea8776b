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

use crate::audit::AuditSettings;
use crate::classify::{Category, Confidence};
use crate::finding::Finding;
use crate::model::{Origin, Schema};
use crate::report::SourceInfo;
use crate::rules::{Classifications, Context, Rule};
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
    // The tags the rules ask for (a lost tag is expected though the
    // classifier may not see PI in the column).
    let mut asked: HashMap<ObjectKey, TagSet> = HashMap::new();
    for f in input.raw.iter().filter(|f| STATUS_RULES.contains(&f.rule)) {
        rules.entry(object_key(f)).or_default().insert(f.rule);
        let tags = asked.entry(object_key(f)).or_default();
        for t in &f.expected_tags {
            *tags = tags.union(TagSet::of(*t));
        }
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
            let classified = class
                .and_then(|c| c.category.tag())
                .map_or(TagSet::EMPTY, TagSet::of);
            let present = column.tags();
            let okey = (
                table.schema.clone(),
                table.name.clone(),
                Some(column.name.clone()),
            );
            let expected = classified.union(asked.get(&okey).copied().unwrap_or_default());
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
                status: status_of(fired, classified.is_empty() && !present.is_empty()),
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
        let expected_table = expected_table.union(asked.get(&tkey).copied().unwrap_or_default());
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

/// The rows of one database from its classifications: runs the model rules
/// (the raw findings give the status) and the audit's suppressions (which
/// give the `suppressed` mark), as `pitag migrations`/`db` would.
pub fn inventory_of(
    database: &str,
    schema: &Schema,
    classes: &Classifications,
    settings: &AuditSettings,
) -> Vec<Item> {
    let ctx = Context {
        schema,
        classes,
        min_confidence: settings.min_confidence,
    };
    let raw = crate::rules::pass::check_model(&ctx);
    let reported = crate::audit::finish(raw.clone(), &schema.ignores, settings);
    build(&Input {
        database,
        schema,
        classes,
        min_confidence: settings.min_confidence,
        raw: &raw,
        reported: &reported,
    })
}

/// The inventory document every format writes: what was read, and the rows.
#[derive(Debug, Clone)]
pub struct Inventory {
    /// What was inventoried: `kind` is the source (`migrations`, `database`),
    /// `paths` the PATHs or the databases' URLs without password, `failed`
    /// the databases of a fleet that could not be read (the run exits 2).
    pub source: SourceInfo,
    /// Per database, tables before their columns, in model order; databases
    /// in the order [`Inventory::sort`] leaves them.
    pub items: Vec<Item>,
}

/// The coverage of one database, schema or category.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageRow<K> {
    pub key: K,
    pub coverage: Coverage,
}

impl Coverage {
    /// Tagged share in percent (0..=100), `None` when nothing was found.
    pub fn percent(&self) -> Option<f64> {
        self.ratio().map(|r| r * 100.0)
    }

    /// Whether the tagged share is below `percent` (a coverage without PI
    /// columns is never below: there is nothing to tag).
    pub fn below(&self, percent: f64) -> bool {
        self.found > 0 && (self.tagged as f64) * 100.0 < percent * self.found as f64
    }

    fn merge(&mut self, other: Coverage) {
        self.found += other.found;
        self.tagged += other.tagged;
        self.missing += other.missing;
    }
}

impl Inventory {
    /// An inventory with its items in a canonical order: by database (a
    /// stable sort, so each database keeps its own model order). A merged
    /// inventory and the unsharded run then list the same rows in the same order.
    pub fn new(source: SourceInfo, mut items: Vec<Item>) -> Inventory {
        items.sort_by(|a, b| a.database.cmp(&b.database));
        Inventory { source, items }
    }

    /// The label of a files inventory's one database: the PATHs, comma-separated.
    pub fn files_label(paths: &[String]) -> String {
        paths.join(", ")
    }

    /// Every database inventoried, sorted. Live databases without a PI
    /// column are listed too (their coverage has nothing found); so is the
    /// one database of a files inventory without items. (A merge of files
    /// inventories knows only the PATHs of all parts, not which were one
    /// run, so there the databases are those of the items.)
    pub fn databases(&self) -> Vec<String> {
        let mut out: Vec<String> = if self.source.kind == "database" {
            self.source.paths.clone()
        } else if self.source.paths.is_empty() || !self.items.is_empty() {
            Vec::new()
        } else {
            vec![Self::files_label(&self.source.paths)]
        };
        out.extend(self.items.iter().map(|i| i.database.clone()));
        out.sort();
        out.dedup();
        out
    }

    /// The PI columns (table rows left out).
    pub fn columns(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.column.is_some())
    }

    /// Coverage of every column.
    pub fn total(&self) -> Coverage {
        let mut c = Coverage::default();
        for i in self.columns() {
            c.add(i.status);
        }
        c
    }

    /// Per database (every database, with or without PI columns).
    pub fn coverage_by_database(&self) -> Vec<CoverageRow<String>> {
        let found = coverage_by(&self.items, |i| Some(i.database.clone()));
        self.databases()
            .into_iter()
            .map(|db| CoverageRow {
                coverage: found.get(&db).copied().unwrap_or_default(),
                key: db,
            })
            .collect()
    }

    /// Per schema of a database (`None`: MySQL tables or migrations without
    /// a schema), for schemas holding PI columns.
    pub fn coverage_by_schema(&self) -> Vec<CoverageRow<(String, Option<String>)>> {
        coverage_by(&self.items, |i| {
            Some((i.database.clone(), i.schema.clone()))
        })
        .into_iter()
        .map(|(key, coverage)| CoverageRow { key, coverage })
        .collect()
    }

    /// Per category (`None`: tagged columns the classifier does not see as PI).
    pub fn coverage_by_category(&self) -> Vec<CoverageRow<Option<Category>>> {
        coverage_by(&self.items, |i| Some(i.category))
            .into_iter()
            .map(|(key, coverage)| CoverageRow { key, coverage })
            .collect()
    }

    /// The single coverage figure of each database, in percent (`None`
    /// for a database without PI columns).
    pub fn database_percent(&self) -> Vec<(String, Option<f64>)> {
        self.coverage_by_database()
            .into_iter()
            .map(|r| (r.key, r.coverage.percent()))
            .collect()
    }

    /// The databases whose coverage is below `percent` (`--fail-under`).
    pub fn databases_below(&self, percent: f64) -> Vec<CoverageRow<String>> {
        self.coverage_by_database()
            .into_iter()
            .filter(|r| r.coverage.below(percent))
            .collect()
    }

    /// How many items have each status.
    pub fn status_counts(&self) -> BTreeMap<Status, usize> {
        let mut out = BTreeMap::new();
        for i in self.columns() {
            *out.entry(i.status).or_insert(0) += 1;
        }
        out
    }

    /// Tables holding at least one PI column (per database and schema).
    pub fn tables(&self) -> usize {
        let set: HashSet<(&str, Option<&str>, &str)> = self
            .columns()
            .map(|i| (i.database.as_str(), i.schema.as_deref(), i.table.as_str()))
            .collect();
        set.len()
    }
}

/// Coverage sums (for grouped rows).
pub fn sum(coverages: impl IntoIterator<Item = Coverage>) -> Coverage {
    let mut out = Coverage::default();
    for c in coverages {
        out.merge(c);
    }
    out
}

/// Identical tables of one database across schemas (tenant schemas): the
/// same name, and item rows equal but for the schema (and where the objects
/// were created, which differs by file line from tenant to tenant).
#[derive(Debug, Clone)]
pub struct TableGroup<'a> {
    pub database: &'a str,
    pub table: &'a str,
    /// The member tables' schemas, in order of appearance.
    pub schemas: Vec<Option<&'a str>>,
    /// The first member's rows: its table row (when any) and its columns.
    pub items: Vec<&'a Item>,
    /// Coverage of the columns of every member.
    pub coverage: Coverage,
}

impl TableGroup<'_> {
    /// `tenant_*.users` for a group, `public.users` for one table, `users`
    /// without a schema: the common prefix of the schema names, then `*`.
    pub fn name(&self) -> String {
        let schema = match self.schemas.as_slice() {
            [] | [None] => return self.table.to_string(),
            [one] => one.unwrap_or_default().to_string(),
            [first, rest @ ..] => {
                let first = first.unwrap_or_default();
                let mut len = first.len();
                for s in rest {
                    let s = s.unwrap_or_default();
                    len = first
                        .char_indices()
                        .zip(s.chars())
                        .take_while(|((_, a), b)| a == b)
                        .map(|((i, a), _)| i + a.len_utf8())
                        .last()
                        .unwrap_or(0)
                        .min(len);
                }
                format!("{}*", &first[..len])
            }
        };
        format!("{schema}.{}", self.table)
    }

    /// The first member's columns.
    pub fn columns(&self) -> impl Iterator<Item = &&Item> {
        self.items.iter().filter(|i| i.column.is_some())
    }
}

/// What makes two tables' rows identical for grouping.
type Signature<'a> = Vec<(
    Option<&'a str>,
    Option<&'a str>,
    &'a [Tag],
    &'a [Tag],
    Status,
    Option<Category>,
    Option<Confidence>,
    Option<&'a str>,
    bool,
)>;

fn signature<'a>(rows: &[&'a Item]) -> Signature<'a> {
    rows.iter()
        .map(|i| {
            (
                i.column.as_deref(),
                i.data_type.as_deref(),
                i.tags.as_slice(),
                i.expected_tags.as_slice(),
                i.status,
                i.category,
                i.confidence,
                i.evidence.as_deref(),
                i.suppressed,
            )
        })
        .collect()
}

/// The inventory's tables, identical tables of a database grouped, in order
/// of first appearance. Totals stay exact: a group's coverage counts every member.
pub fn table_groups(inv: &Inventory) -> Vec<TableGroup<'_>> {
    // Each table's rows, in order of appearance.
    let mut order: Vec<(&str, Option<&str>, &str)> = Vec::new();
    let mut rows: HashMap<(&str, Option<&str>, &str), Vec<&Item>> = HashMap::new();
    for i in &inv.items {
        let key = (i.database.as_str(), i.schema.as_deref(), i.table.as_str());
        rows.entry(key)
            .or_insert_with(|| {
                order.push(key);
                Vec::new()
            })
            .push(i);
    }
    let mut groups: Vec<TableGroup> = Vec::new();
    let mut index: HashMap<(&str, &str, Signature), usize> = HashMap::new();
    for key in order {
        let items = rows.remove(&key).unwrap_or_default();
        let mut coverage = Coverage::default();
        for i in items.iter().filter(|i| i.column.is_some()) {
            coverage.add(i.status);
        }
        let gkey = (key.0, key.2, signature(&items));
        match index.get(&gkey) {
            Some(&g) => {
                groups[g].schemas.push(key.1);
                groups[g].coverage.merge(coverage);
            }
            None => {
                index.insert(gkey, groups.len());
                groups.push(TableGroup {
                    database: key.0,
                    table: key.2,
                    schemas: vec![key.1],
                    items,
                    coverage,
                });
            }
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::dialect::Dialect;
    use crate::source::LoadOptions;

    /// The inventory of SQL migrations (name, text) replayed as `pitag inventory` does.
    fn inventory(files: &[(&str, &str)]) -> Inventory {
        let dir = tempfile::tempdir().unwrap();
        for (name, sql) in files {
            std::fs::write(dir.path().join(name), sql).unwrap();
        }
        let options = LoadOptions {
            dialect: Some(Dialect::Postgres),
            placeholders: BTreeMap::new(),
            mysql_server: None,
        };
        let loaded = crate::source::load(&[dir.path().to_path_buf()], &options).unwrap();
        let settings = AuditSettings::from_config(&Config::default(), None).unwrap();
        let classes = crate::audit::classify_columns(&loaded.schema, &settings.classifier);
        let items = inventory_of("db", &loaded.schema, &classes, &settings);
        Inventory::new(
            SourceInfo {
                kind: "migrations".into(),
                dialect: Dialect::Postgres,
                paths: vec!["db".into()],
                failed: None,
            },
            items,
        )
    }

    fn item<'a>(inv: &'a Inventory, table: &str, column: Option<&str>) -> &'a Item {
        inv.items
            .iter()
            .find(|i| i.table == table && i.column.as_deref() == column)
            .unwrap_or_else(|| panic!("no row {table}.{column:?}: {:#?}", inv.items))
    }

    const SQL: &str = "
CREATE TABLE people (id int, email text, phone text, first_name text, last_name text,
    ssn text, notes text, shoe_size int);
COMMENT ON TABLE people IS 'Customers #PPI';
COMMENT ON COLUMN people.email IS 'Login #PPI';
COMMENT ON COLUMN people.first_name IS 'Given name #ppi';
COMMENT ON COLUMN people.last_name IS '#PPI family name';
COMMENT ON COLUMN people.ssn IS 'Tax id #PPI';
COMMENT ON COLUMN people.shoe_size IS 'Size #PPI';
CREATE TABLE stock (id int, sku text);
-- pitag:ignore missing-column-tag -- synthetic test accounts, no real people
CREATE TABLE testers (id int, email text);
";

    #[test]
    fn every_status_from_the_rules() {
        let inv = inventory(&[
            ("0001_init.sql", SQL),
            (
                "0002_drop_tag.sql",
                "COMMENT ON COLUMN people.ssn IS 'Tax id';",
            ),
        ]);
        let status = |t: &str, c: &str| item(&inv, t, Some(c)).status;
        assert_eq!(status("people", "email"), Status::Tagged);
        assert_eq!(status("people", "phone"), Status::Missing);
        assert_eq!(status("people", "first_name"), Status::Malformed);
        assert_eq!(status("people", "last_name"), Status::Misplaced);
        assert_eq!(status("people", "ssn"), Status::Lost);
        assert_eq!(
            status("people", "shoe_size"),
            Status::TaggedButNotClassified
        );
        // Not PI, not tagged: not in the inventory.
        for (t, c) in [("people", "id"), ("people", "notes"), ("stock", "sku")] {
            assert!(
                !inv.items
                    .iter()
                    .any(|i| i.table == t && i.column.as_deref() == Some(c)),
                "{t}.{c}"
            );
        }
        assert!(!inv.items.iter().any(|i| i.table == "stock"));
        // The lost tag is expected though the rule, not the classifier, says so.
        assert_eq!(item(&inv, "people", Some("ssn")).expected_tags, [Tag::Ppi]);
        let email = item(&inv, "people", Some("email"));
        assert_eq!(email.category, Some(Category::ContactEmail));
        assert_eq!(email.tags, [Tag::Ppi]);
        assert!(matches!(
            &email.commented,
            Some(Origin::File { line: 5, file }) if file.ends_with("0001_init.sql")
        ));
        assert!(matches!(&email.created, Some(Origin::File { line: 2, .. })));
        let table = item(&inv, "people", None);
        assert_eq!(table.status, Status::Tagged);
        assert_eq!(table.expected_tags, [Tag::Ppi]);
        // Tables come before their columns.
        let first = inv.items.iter().position(|i| i.table == "people").unwrap();
        assert_eq!(inv.items[first].column, None);
    }

    #[test]
    fn a_suppressed_finding_keeps_its_status_and_is_marked() {
        let inv = inventory(&[("0001_init.sql", SQL)]);
        let email = item(&inv, "testers", Some("email"));
        assert_eq!(email.status, Status::Missing);
        assert!(email.suppressed);
        assert!(!item(&inv, "people", Some("phone")).suppressed);
        // Coverage counts it as missing: a suppression does not tag a column.
        let testers = inv
            .coverage_by_schema()
            .into_iter()
            .find(|r| r.key.1.as_deref() == Some("public"))
            .unwrap();
        assert!(testers.coverage.missing >= 2);
    }

    #[test]
    fn coverage_per_database_schema_and_category() {
        let inv = inventory(&[("0001_init.sql", SQL)]);
        // email, phone, first_name, last_name, ssn, shoe_size, testers.email
        let total = inv.total();
        assert_eq!(total.found, 7, "{:#?}", inv.items);
        // email, last_name (misplaced), ssn, shoe_size
        assert_eq!(total.tagged, 4);
        assert_eq!(total.missing, 3);
        let db = inv.coverage_by_database();
        assert_eq!(db.len(), 1);
        assert_eq!(db[0].key, "db");
        assert_eq!(db[0].coverage, total);
        let pct = inv.database_percent();
        assert!((pct[0].1.unwrap() - 400.0 / 7.0).abs() < 1e-9);
        assert!(inv.databases_below(60.0).len() == 1);
        assert!(inv.databases_below(57.0).is_empty());
        let cats = inv.coverage_by_category();
        let email = cats
            .iter()
            .find(|r| r.key == Some(Category::ContactEmail))
            .unwrap();
        assert_eq!(email.coverage.found, 2);
        assert_eq!(email.coverage.tagged, 1);
        let unclassified = cats.iter().find(|r| r.key.is_none()).unwrap();
        assert_eq!(unclassified.coverage.tagged, 1, "shoe_size");
        assert_eq!(inv.tables(), 2);
        assert_eq!(inv.status_counts().values().sum::<usize>(), 7);
    }

    #[test]
    fn a_database_without_pi_has_no_figure_and_never_fails() {
        let inv = inventory(&[("0001_init.sql", "CREATE TABLE stock (id int, sku text);")]);
        assert!(inv.items.is_empty());
        let db = inv.coverage_by_database();
        assert_eq!(db.len(), 1, "listed though empty");
        assert_eq!(db[0].coverage.percent(), None);
        assert!(inv.databases_below(100.0).is_empty());
    }

    #[test]
    fn identical_tenant_tables_are_one_group_with_exact_totals() {
        let mut sql = String::new();
        for t in 1..=12 {
            sql.push_str(&format!(
                "CREATE SCHEMA tenant_{t:03};
                 CREATE TABLE tenant_{t:03}.users (id int, email text, phone text);
                 COMMENT ON COLUMN tenant_{t:03}.users.email IS 'Login #PPI';\n"
            ));
        }
        // One tenant differs: its phone is tagged.
        sql.push_str("COMMENT ON COLUMN tenant_007.users.phone IS 'Mobile #PPI';\n");
        let inv = inventory(&[("0001_init.sql", &sql)]);
        let groups = table_groups(&inv);
        assert_eq!(groups.len(), 2, "{groups:#?}");
        assert_eq!(groups[0].name(), "tenant_0*.users");
        assert_eq!(groups[0].schemas.len(), 11);
        assert_eq!(groups[0].coverage.found, 22);
        assert_eq!(groups[0].coverage.missing, 11);
        assert_eq!(groups[1].name(), "tenant_007.users");
        assert_eq!(groups[1].coverage.tagged, 2);
        let total = sum(groups.iter().map(|g| g.coverage));
        assert_eq!(total, inv.total());
    }
}

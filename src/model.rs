//! The one normalized schema model every source produces and every rule reads.
//!
//! Migrations, dumps and live catalogs all become a [`Schema`]: tables,
//! columns, types, comments with their parsed tags, where each object came
//! from, and (for replayed sources) the history of its tags.

use crate::dialect::Dialect;
use crate::tags::{parse_comment, ParsedComment, TagSet};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// Where an object, a comment or a statement came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum Origin {
    /// A statement in a file: the path as given on the command line joined
    /// with the file's path inside it, and the 1-based first line.
    File { file: String, line: u32 },
    /// A live database, identified by its URL without password.
    Database { database: String },
}

impl Origin {
    pub fn file(file: impl Into<String>, line: u32) -> Origin {
        Origin::File {
            file: file.into(),
            line,
        }
    }
}

impl Origin {
    /// The file name and line (`0001_init.up.sql:14`), for messages; the
    /// full path stays in the finding's location. A name without a digit
    /// keeps its folder (`20240101_init/migration.sql:18`): every migration
    /// of Prisma, Diesel and co. has that name, and the folder carries the
    /// version.
    pub fn short(&self) -> String {
        match self {
            Origin::File { file, line } => {
                let mut parts = file.rsplit(['/', '\\']);
                let name = parts.next().unwrap_or(file);
                match parts.next().filter(|p| !p.is_empty() && *p != ".") {
                    Some(dir) if !name.bytes().any(|b| b.is_ascii_digit()) => {
                        format!("{dir}/{name}:{line}")
                    }
                    _ => format!("{name}:{line}"),
                }
            }
            Origin::Database { database } => database.clone(),
        }
    }

    /// The file's path relative to the audited PATH it lies under (the
    /// longest of `roots`, as given on the command line) and its line:
    /// `20240101_init/migration.sql:18`. [`Origin::short`] when none matches.
    pub fn relative_to(&self, roots: &[String]) -> String {
        let Origin::File { file, line } = self else {
            return self.short();
        };
        roots
            .iter()
            .map(|r| r.trim_end_matches(['/', '\\']))
            .filter(|r| !r.is_empty())
            .filter_map(|r| {
                let rest = file.strip_prefix(r)?;
                if rest.is_empty() {
                    // The PATH is the file itself.
                    Some((r.len(), file.rsplit(['/', '\\']).next().unwrap_or(file)))
                } else {
                    rest.strip_prefix(['/', '\\']).map(|rel| (r.len(), rel))
                }
            })
            .max_by_key(|(len, _)| *len)
            .map_or_else(|| self.short(), |(_, rel)| format!("{rel}:{line}"))
    }
}

#[cfg(test)]
mod origin_tests {
    use super::Origin;

    #[test]
    fn short_and_relative_locations() {
        let o = |f: &str| Origin::file(f, 18);
        assert_eq!(o("db/0001_init.up.sql").short(), "0001_init.up.sql:18");
        // Every Prisma / Diesel migration has this name: the folder tells them apart.
        assert_eq!(
            o("prisma/migrations/20240101_init/migration.sql").short(),
            "20240101_init/migration.sql:18"
        );
        assert_eq!(o("schema.sql").short(), "schema.sql:18");
        let roots = ["prisma/migrations/".to_string(), "prisma".to_string()];
        assert_eq!(
            o("prisma/migrations/20240101_init/migration.sql").relative_to(&roots),
            "20240101_init/migration.sql:18"
        );
        assert_eq!(
            o("./db/v1/V1__x.sql").relative_to(&["./db".to_string()]),
            "v1/V1__x.sql:18"
        );
        // A file given as the PATH shows its name; no matching root: short().
        assert_eq!(
            o("db/dump.sql").relative_to(&["db/dump.sql".to_string()]),
            "dump.sql:18"
        );
        assert_eq!(
            o("dbx/a/up.sql").relative_to(&["db".to_string()]),
            "a/up.sql:18"
        );
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File { file, line } => write!(f, "{file}:{line}"),
            Origin::Database { database } => f.write_str(database),
        }
    }
}

/// What a statement did to an object's comment, as recorded in its history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CommentAction {
    /// The object was created (with or without a comment).
    Created,
    /// The comment was set, replaced or cleared (`COMMENT ON`, `COMMENT =`).
    Commented,
    /// MySQL `MODIFY`/`CHANGE` restated the column (dropping an omitted comment).
    Restated,
    /// The object was dropped; a later re-creation continues its history.
    Dropped,
    /// The comment was copied from another object (`LIKE`, `CREATE TABLE AS`).
    Copied,
    /// The table was renamed away and a new one created under its name (a rebuild).
    Replaced,
}

/// One change of an object's tags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TagEvent {
    pub origin: Origin,
    /// Index of the migration unit (file) in [`Schema::units`]; later files
    /// have larger indices.
    pub unit: u32,
    pub action: CommentAction,
    pub before: TagSet,
    pub after: TagSet,
    /// The comment text before the event, for events that replaced or
    /// cleared a comment (`Commented`, `Restated`): what `fix` restores when
    /// a restatement or `COMMENT … IS NULL` dropped a tagged comment. Not
    /// part of any report.
    #[serde(skip)]
    pub before_comment: Option<String>,
}

/// What kind of relation a table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TableKind {
    Table,
    Partitioned,
    View,
    MaterializedView,
    Foreign,
}

impl TableKind {
    /// Plain views hold no data of their own and are not audited.
    pub fn is_audited(self) -> bool {
        self != TableKind::View
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Column {
    /// The name as the database stores it.
    pub name: String,
    /// The type as written (migrations) or as `format_type` shows it (live).
    pub data_type: String,
    pub comment: Option<String>,
    #[serde(skip)]
    pub parsed: ParsedComment,
    /// Where the column was created.
    pub origin: Origin,
    /// Where the current comment was set (the creating statement when it came with it).
    pub comment_origin: Option<Origin>,
    /// The column definition without its comment, as written (MySQL restatement for `fix`).
    pub definition: Option<String>,
    pub history: Vec<TagEvent>,
}

impl Column {
    pub fn new(name: impl Into<String>, data_type: impl Into<String>, origin: Origin) -> Column {
        Column {
            name: name.into(),
            data_type: data_type.into(),
            comment: None,
            parsed: ParsedComment::default(),
            origin,
            comment_origin: None,
            definition: None,
            history: Vec::new(),
        }
    }

    pub fn tags(&self) -> TagSet {
        self.parsed.tags
    }

    /// Set (or clear, with `None` or empty text) the comment and re-parse its tags.
    pub fn set_comment(&mut self, comment: Option<String>, origin: Option<Origin>) {
        (self.comment, self.parsed, self.comment_origin) = comment_state(comment, origin);
    }
}

/// A comment as a table or column holds it: the text (`None` for none or
/// empty), its parsed tags, and where it was set (only when there is one).
fn comment_state(
    comment: Option<String>,
    origin: Option<Origin>,
) -> (Option<String>, ParsedComment, Option<Origin>) {
    let comment = comment.filter(|c| !c.is_empty());
    let parsed = parse_comment(comment.as_deref());
    let origin = comment.as_ref().and(origin);
    (comment, parsed, origin)
}

#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// Schema (Postgres) or database (MySQL) name; `None` when the source has none.
    pub schema: Option<String>,
    pub name: String,
    pub kind: TableKind,
    pub comment: Option<String>,
    #[serde(skip)]
    pub parsed: ParsedComment,
    pub origin: Origin,
    pub comment_origin: Option<Origin>,
    pub columns: Vec<Column>,
    pub history: Vec<TagEvent>,
}

impl Table {
    pub fn new(schema: Option<String>, name: impl Into<String>, origin: Origin) -> Table {
        Table {
            schema,
            name: name.into(),
            kind: TableKind::Table,
            comment: None,
            parsed: ParsedComment::default(),
            origin,
            comment_origin: None,
            columns: Vec::new(),
            history: Vec::new(),
        }
    }

    pub fn tags(&self) -> TagSet {
        self.parsed.tags
    }

    /// As [`Column::set_comment`].
    pub fn set_comment(&mut self, comment: Option<String>, origin: Option<Origin>) {
        (self.comment, self.parsed, self.comment_origin) = comment_state(comment, origin);
    }

    /// Find a column by name under the dialect's comparison rules.
    pub fn column_index(&self, name: &str, dialect: Dialect) -> Option<usize> {
        if dialect.folds_case() {
            self.columns.iter().position(|c| c.name == name)
        } else {
            self.columns
                .iter()
                .position(|c| c.name.eq_ignore_ascii_case(name))
        }
    }

    /// What makes tables in different schemas the same table (see
    /// [`TableShape`]).
    pub fn shape(&self) -> TableShape<'_> {
        TableShape {
            name: &self.name,
            kind: self.kind,
            comment: self.comment.as_deref(),
            columns: self
                .columns
                .iter()
                .map(|c| (c.name.as_str(), c.data_type.as_str(), c.comment.as_deref()))
                .collect(),
        }
    }

    /// A hash of [`Table::shape`]: the identical tables of a schema per
    /// tenant share one signature (reports group them). Stable within one
    /// run only: never written anywhere.
    pub fn signature(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        self.shape().hash(&mut h);
        h.finish()
    }

    /// `schema.table` or `table`.
    pub fn qualified_name(&self) -> String {
        match &self.schema {
            Some(s) => format!("{s}.{}", self.name),
            None => self.name.clone(),
        }
    }
}

/// What makes tables in different schemas the same table: the name, kind
/// and comment, and each column's name, type and comment, in order.
/// Schema, origins and history are left out.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct TableShape<'a> {
    name: &'a str,
    kind: TableKind,
    comment: Option<&'a str>,
    columns: Vec<(&'a str, &'a str, Option<&'a str>)>,
}

/// Lookup key of a table: the names as compared by the dialect.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TableKey {
    pub schema: Option<String>,
    pub name: String,
}

impl TableKey {
    pub fn new(schema: Option<&str>, name: &str, dialect: Dialect) -> TableKey {
        if dialect.folds_case() {
            TableKey {
                schema: schema.map(str::to_string),
                name: name.to_string(),
            }
        } else {
            TableKey {
                schema: schema.map(str::to_ascii_lowercase),
                name: name.to_ascii_lowercase(),
            }
        }
    }
}

/// A statement that can touch tables or comments but could not be understood.
#[derive(Debug, Clone, Serialize)]
pub struct Unparsed {
    pub origin: Origin,
    /// The table it names, when that much could be read.
    pub schema: Option<String>,
    pub table: Option<String>,
    /// The first words of the statement.
    pub head: String,
    pub reason: String,
}

/// A statement that alters or comments a table no earlier statement created.
#[derive(Debug, Clone, Serialize)]
pub struct UnknownTable {
    pub origin: Origin,
    pub schema: Option<String>,
    pub table: String,
    pub statement: String,
}

/// What replay understood about a statement but could not (or must not)
/// apply to the model as written; each kind is reported by its own rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoticeKind {
    /// DDL built at run time (`EXECUTE` of an expression, `PREPARE` from a
    /// variable) that could not be resolved statically: rule `dynamic-ddl`.
    DynamicDdl,
    /// A statement the server would refuse (the migration fails there); the
    /// model is left as the server leaves it: rule `rejected-statement`.
    RejectedStatement,
    /// DDL whose effect depends on the server version (`/*!NNNNN … */`,
    /// `/*M!NNNNNN … */`): rule `version-dependent-ddl`.
    VersionDependent,
    /// A template placeholder (`${name}`, `{{ … }}`) with no value: rule
    /// `unresolved-placeholder`.
    UnresolvedPlaceholder,
}

/// A statement replay understood but reports instead of (or besides) applying.
#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    pub kind: NoticeKind,
    pub origin: Origin,
    /// The table it names, when known.
    pub schema: Option<String>,
    pub table: Option<String>,
    /// A complete sentence for the finding's message.
    pub message: String,
}

/// An inline `-- pitag:ignore rule[,rule] -- reason` directive.
#[derive(Debug, Clone, Serialize)]
pub struct InlineIgnore {
    /// Where the directive itself stands.
    pub origin: Origin,
    /// The first line of the statement it applies to.
    pub target: Origin,
    /// Rule names or codes as written.
    pub rules: Vec<String>,
    pub reason: Option<String>,
}

/// The replayed (or read) schema.
#[derive(Debug, Clone)]
pub struct Schema {
    pub dialect: Dialect,
    /// Tables by dialect-compared key; deterministic order.
    pub tables: BTreeMap<TableKey, Table>,
    /// The migration units (files) in replay order.
    pub units: Vec<String>,
    pub unparsed: Vec<Unparsed>,
    pub unknown_tables: Vec<UnknownTable>,
    /// Statements understood but reported (see [`NoticeKind`]).
    pub notices: Vec<Notice>,
    pub ignores: Vec<InlineIgnore>,
}

impl Schema {
    pub fn new(dialect: Dialect) -> Schema {
        Schema {
            dialect,
            tables: BTreeMap::new(),
            units: Vec::new(),
            unparsed: Vec::new(),
            unknown_tables: Vec::new(),
            notices: Vec::new(),
            ignores: Vec::new(),
        }
    }

    pub fn key(&self, schema: Option<&str>, name: &str) -> TableKey {
        TableKey::new(schema, name, self.dialect)
    }

    pub fn table(&self, schema: Option<&str>, name: &str) -> Option<&Table> {
        self.tables.get(&self.key(schema, name))
    }

    pub fn column_count(&self) -> usize {
        self.tables.values().map(|t| t.columns.len()).sum()
    }

    /// Tables that are audited: plain views are not (they hold no data of
    /// their own); partitions never reach the model (they fold into their parent).
    pub fn audited_tables(&self) -> impl Iterator<Item = &Table> {
        self.tables.values().filter(|t| t.kind.is_audited())
    }
}

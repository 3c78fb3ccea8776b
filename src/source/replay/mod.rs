//! Replay: apply parsed statements, in order, to the one schema model, and
//! record each object's tag history (lost-tag and late-tag come from it).
//!
//! Semantics follow the servers (checked against PostgreSQL 15 and
//! MariaDB 10.11): MySQL `MODIFY`/`CHANGE` without `COMMENT` drops the column
//! comment; PG keeps comments through type change, renames and SET SCHEMA;
//! `COMMENT … IS NULL`/`''` clears; PG `LIKE` copies column comments only with
//! `INCLUDING COMMENTS|ALL`, MariaDB `LIKE` copies column and table comments;
//! `CREATE TABLE AS` copies column comments on MariaDB only; a dropped and
//! re-created object starts untagged (its history continues, so a tag lost
//! that way is reported); partitions fold into their parent.

mod apply;
pub mod coldef;
pub mod lex;
pub mod mysql_version;
pub mod parse;
pub mod pg_kinds;
pub mod plpgsql;
mod refuse;
pub mod routine;
pub mod sql_mode;

use crate::dialect::Dialect;
use crate::model::{
    Column, CommentAction, InlineIgnore, Origin, Schema, Table, TableKey, TagEvent, UnknownTable,
    Unparsed,
};
use crate::tags::TagSet;
use parse::{AsSelect, ColSpec, Name, Op, Parsed, SelItem};
use std::collections::HashMap;

/// One statement ready to apply: where it is and what it does.
#[derive(Debug, Clone)]
pub struct ParsedStatement {
    pub line: u32,
    pub head: String,
    pub parsed: Parsed,
    /// MySQL: what the statement does on the servers that disagree with the
    /// target about one of its conditional comments, when that differs.
    pub other_versions: Option<Parsed>,
}

impl ParsedStatement {
    /// Parse a statement's text (pure: callers run this in parallel).
    pub fn new(text: &str, line: u32, dialect: Dialect) -> ParsedStatement {
        let parsed = parse::parse(text, dialect);
        let head = if matches!(parsed, Parsed::Unparsed { .. }) {
            statement_head(text)
        } else {
            String::new()
        };
        ParsedStatement {
            line,
            head,
            parsed,
            other_versions: None,
        }
    }

    /// Add the statement as other server versions run it (`alternate`); kept
    /// only when it changes tables, columns or comments differently.
    pub fn with_alternate(
        mut self,
        text: &str,
        alternate: &str,
        dialect: Dialect,
    ) -> ParsedStatement {
        let other = parse::parse(alternate, dialect);
        if mysql_effect(&other) != mysql_effect(&self.parsed) {
            if self.head.is_empty() {
                // Named as the servers that run more of it see it.
                self.head = statement_head(if alternate.len() > text.len() {
                    alternate
                } else {
                    text
                });
            }
            self.other_versions = Some(other);
        }
        self
    }
}

/// What a statement does to the model, without the column definitions' text
/// (a version-only attribute such as `/*!80023 INVISIBLE */` changes nothing audited).
fn mysql_effect(p: &Parsed) -> Parsed {
    let Parsed::Ops(ops) = p else {
        return p.clone();
    };
    let ops: Vec<Op> = ops
        .iter()
        .filter_map(|op| {
            let mut op = op.clone();
            match &mut op {
                Op::Touch { .. }
                | Op::ColumnDefault { .. }
                | Op::ColumnVisibility { .. }
                | Op::TableCharset { .. }
                // Dump boilerplate (`/*!40101 SET @OLD_…=@@… */`); a variable
                // only matters where a prepared statement runs it.
                | Op::Mysql(routine::MysqlOp::SetVariable { .. }) => return None,
                // Column definitions are compared without their text.
                Op::CreateTable { columns, .. } => {
                    columns.iter_mut().for_each(|c| c.definition.clear())
                }
                Op::AddColumn { column, .. } | Op::Restate { column, .. } => {
                    column.definition.clear()
                }
                _ => {}
            }
            Some(op)
        })
        .collect();
    if ops.is_empty() {
        Parsed::Irrelevant
    } else {
        Parsed::Ops(ops)
    }
}

/// The first words of a statement, for messages.
pub fn statement_head(text: &str) -> String {
    let mut out = String::new();
    for w in text.split_whitespace() {
        if out.len() + w.len() > 60 {
            out.push_str(" …");
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Applies statements to a [`Schema`].
pub struct Replayer {
    schema: Schema,
    /// PG search_path (first entry: where unqualified objects are created).
    search_path: Vec<String>,
    /// MySQL current database (`USE`).
    database: Option<String>,
    /// Dropped tables, whose history continues if they are re-created.
    graveyard: HashMap<TableKey, Table>,
    /// Tables renamed away, by their old key: a table created under that name
    /// is a rebuild and continues their history.
    vacated: HashMap<TableKey, Table>,
    /// Dropped columns per table key and folded column name.
    dropped_columns: HashMap<(TableKey, String), Column>,
    /// Partition -> parent.
    partitions: HashMap<TableKey, TableKey>,
    /// Sequences created so far (PostgreSQL `ALTER TABLE` may name them).
    sequences: std::collections::HashSet<TableKey>,
    /// The session's temporary tables (see `refuse`).
    temporaries: std::collections::HashSet<TableKey>,
    /// Tables whose columns are not all known (stand-ins for unknown tables,
    /// copies of them): a missing column there is no refusal.
    incomplete: std::collections::HashSet<TableKey>,
    /// PostgreSQL procedures a later `CALL` may run.
    procedural: plpgsql::State,
    /// PostgreSQL composite types (`CREATE TABLE … OF type` takes their columns).
    pg_types: HashMap<TableKey, Option<Vec<ColSpec>>>,
    unit: u32,
    file: String,
    /// The MySQL/MariaDB server conditional comments were read for.
    mysql_server: Option<mysql_version::MysqlServer>,
    /// MySQL stored procedures (see `routine`).
    procedures: HashMap<String, routine::Procedure>,
    /// MySQL session: user variables and prepared statements, each with its
    /// text (`None`: not computable) and the string literals it was built from.
    variables: HashMap<String, (Option<String>, Vec<String>)>,
    prepared: HashMap<String, (Option<String>, Vec<String>)>,
    call_depth: u32,
    calls: u32,
    /// Inside a procedure with an error handler: a refused statement is no failure.
    quiet_refusals: bool,
}

impl Replayer {
    pub fn new(dialect: Dialect) -> Replayer {
        Replayer {
            schema: Schema::new(dialect),
            search_path: vec!["public".to_string()],
            database: None,
            graveyard: HashMap::new(),
            vacated: HashMap::new(),
            dropped_columns: HashMap::new(),
            partitions: HashMap::new(),
            sequences: Default::default(),
            temporaries: Default::default(),
            incomplete: Default::default(),
            procedural: Default::default(),
            pg_types: HashMap::new(),
            unit: 0,
            file: String::new(),
            mysql_server: None,
            procedures: HashMap::new(),
            variables: HashMap::new(),
            prepared: HashMap::new(),
            call_depth: 0,
            calls: 0,
            quiet_refusals: false,
        }
    }

    pub fn set_mysql_server(&mut self, server: mysql_version::MysqlServer) {
        self.mysql_server = Some(server);
    }

    pub fn dialect(&self) -> Dialect {
        self.schema.dialect
    }

    /// Start a new migration unit (file). Session settings reset, as each file
    /// runs in its own session.
    pub fn begin_file(&mut self, display: &str) {
        self.unit = self.schema.units.len() as u32;
        self.schema.units.push(display.to_string());
        self.file = display.to_string();
        self.search_path = vec!["public".to_string()];
        self.database = None;
        self.temporaries.clear();
        self.variables.clear();
        self.prepared.clear();
    }

    pub fn add_ignore(&mut self, ignore: InlineIgnore) {
        self.schema.ignores.push(ignore);
    }

    pub fn finish(self) -> Schema {
        self.schema
    }

    fn origin(&self, line: u32) -> Origin {
        Origin::file(self.file.clone(), line)
    }

    /// The schema an unqualified name is created in.
    fn default_schema(&self) -> Option<String> {
        match self.schema.dialect {
            Dialect::Postgres => Some(
                self.search_path
                    .first()
                    .cloned()
                    .unwrap_or_else(|| "public".to_string()),
            ),
            Dialect::Mysql => self.database.clone(),
        }
    }

    /// Key for creating `name`.
    fn create_key(&self, name: &Name) -> (Option<String>, TableKey) {
        let schema = name.schema.clone().or_else(|| self.default_schema());
        let key = TableKey::new(schema.as_deref(), &name.name, self.schema.dialect);
        (schema, key)
    }

    /// Key of an existing table `name` (search_path lookup), following partitions to their parent.
    fn find_key(&self, name: &Name) -> Option<TableKey> {
        let d = self.schema.dialect;
        let candidates: Vec<Option<String>> = match (&name.schema, d) {
            (Some(s), _) => vec![Some(s.clone())],
            (None, Dialect::Postgres) => {
                let mut c: Vec<Option<String>> =
                    self.search_path.iter().cloned().map(Some).collect();
                if c.is_empty() {
                    c.push(Some("public".into()));
                }
                c
            }
            (None, Dialect::Mysql) => vec![self.database.clone()],
        };
        for s in candidates {
            let key = TableKey::new(s.as_deref(), &name.name, d);
            if let Some(parent) = self.partitions.get(&key) {
                // A parent that was dropped (or never created) took its partitions with it.
                return self
                    .schema
                    .tables
                    .contains_key(parent)
                    .then(|| parent.clone());
            }
            if self.schema.tables.contains_key(&key) {
                return Some(key);
            }
        }
        // MySQL: an unqualified name after no USE may refer to a qualified table of the only database.
        None
    }

    /// The columns a `SELECT` projection creates (CREATE TABLE AS, materialized
    /// views); comments are copied from the source table when `copy_comments`.
    fn select_specs(&self, sel: &AsSelect, copy_comments: bool) -> Vec<ColSpec> {
        let src_key = sel.from.as_ref().and_then(|f| self.find_key(f));
        let src: Option<Vec<Column>> = src_key.map(|k| self.schema.tables[&k].columns.clone());
        let mut specs = Vec::new();
        for item in &sel.items {
            match item {
                SelItem::Star => {
                    for c in src.iter().flatten() {
                        specs.push(spec_from(c, &c.name, copy_comments));
                    }
                }
                SelItem::Column { source, name } => {
                    let found = src
                        .iter()
                        .flatten()
                        .find(|c| self.same_column(&c.name, source));
                    match found {
                        Some(c) => specs.push(spec_from(c, name, copy_comments)),
                        None => specs.push(ColSpec {
                            name: name.clone(),
                            data_type: String::new(),
                            comment: None,
                            definition: String::new(),
                        }),
                    }
                }
                SelItem::Expr { name } => specs.push(ColSpec {
                    name: name.clone(),
                    data_type: String::new(),
                    comment: None,
                    definition: String::new(),
                }),
            }
        }
        specs
    }

    /// Find `name`, or create a placeholder table for it and report it unknown.
    fn table_for(&mut self, name: &Name, line: u32, statement: &str) -> Option<TableKey> {
        if let Some(k) = self.find_key(name) {
            return Some(k);
        }
        let (schema, key) = self.create_key(name);
        if self.partitions.contains_key(&key) {
            return None;
        }
        self.schema.unknown_tables.push(UnknownTable {
            origin: self.origin(line),
            schema: schema.clone(),
            table: name.name.clone(),
            statement: statement.to_string(),
        });
        let mut t = Table::new(schema, name.name.clone(), self.origin(line));
        t.history
            .push(self.event(line, CommentAction::Created, TagSet::EMPTY, TagSet::EMPTY));
        self.schema.tables.insert(key.clone(), t);
        self.incomplete.insert(key.clone());
        Some(key)
    }

    fn event(&self, line: u32, action: CommentAction, before: TagSet, after: TagSet) -> TagEvent {
        TagEvent {
            origin: self.origin(line),
            unit: self.unit,
            action,
            before,
            after,
            before_comment: None,
        }
    }

    /// Apply one parsed statement.
    pub fn apply(&mut self, st: &ParsedStatement) {
        if let Some(other) = &st.other_versions {
            self.version_dependent(st, other);
        }
        self.apply_parsed(&st.parsed, st.line, &st.head);
    }

    fn apply_parsed(&mut self, parsed: &Parsed, line: u32, head: &str) {
        match parsed {
            Parsed::Irrelevant => {}
            Parsed::Unparsed { table, reason } => {
                let (schema, table) = match table {
                    Some(n) => {
                        let key = self.find_key(n);
                        let schema = key
                            .as_ref()
                            .and_then(|k| self.schema.tables.get(k))
                            .and_then(|t| t.schema.clone());
                        (
                            schema.or_else(|| n.schema.clone().or_else(|| self.default_schema())),
                            Some(n.name.clone()),
                        )
                    }
                    None => (None, None),
                };
                self.schema.unparsed.push(Unparsed {
                    origin: self.origin(line),
                    schema,
                    table,
                    head: head.to_string(),
                    reason: reason.clone(),
                });
            }
            Parsed::Ops(ops) => {
                if let Some(Op::IfTableExists(table)) = ops.first() {
                    // The server skips the statement with a notice: nothing to report.
                    if self.find_key(table).is_none() {
                        return;
                    }
                }
                let ops = self.without_temporaries(ops);
                if let Some((key, message)) = self.refusal(&ops) {
                    if !self.quiet_refusals {
                        self.reject(&key, message, line);
                    }
                    return;
                }
                for op in ops.iter() {
                    self.apply_op(op, line);
                }
            }
            Parsed::Procedural(p) => self.apply_procedural(p, line),
        }
    }

    /// Report a statement whose effect depends on the server version.
    fn version_dependent(&mut self, st: &ParsedStatement, other: &Parsed) {
        let named = |p: &Parsed| match p {
            Parsed::Ops(ops) => ops.iter().find_map(op_table).cloned(),
            Parsed::Unparsed { table, .. } => table.clone(),
            Parsed::Irrelevant | Parsed::Procedural(_) => None,
        };
        let name = named(&st.parsed).or_else(|| named(other));
        let (schema, table) = match &name {
            Some(n) => {
                let schema = self
                    .find_key(n)
                    .and_then(|k| self.schema.tables.get(&k))
                    .and_then(|t| t.schema.clone())
                    .or_else(|| n.schema.clone().or_else(|| self.default_schema()));
                (schema, Some(n.name.clone()))
            }
            None => (None, None),
        };
        let server = self
            .mysql_server
            .map_or_else(|| "the default server".to_string(), |s| s.describe());
        let what = if st.parsed == Parsed::Irrelevant {
            " (it changes nothing audited there)"
        } else {
            ""
        };
        self.schema.notices.push(crate::model::Notice {
            kind: crate::model::NoticeKind::VersionDependent,
            origin: self.origin(st.line),
            schema,
            table,
            message: format!(
                "`{}` changes tables or comments differently depending on the server version (conditional comments `/*!NNNNN … */`, `/*M!NNNNNN … */`): replayed as {server} runs it{what}; set `[mysql] server_version` in pitag.toml to the server you deploy to",
                st.head
            ),
        });
    }

    fn new_column(&mut self, key: &TableKey, spec: &ColSpec, line: u32) -> Column {
        let mut c = Column::new(spec.name.clone(), spec.data_type.clone(), self.origin(line));
        c.definition = Some(spec.definition.clone());
        c.set_comment(spec.comment.clone(), Some(self.origin(line)));
        let fold = self.fold_column(&spec.name);
        if let Some(old) = self.dropped_columns.remove(&(key.clone(), fold)) {
            c.history = old.history;
        }
        let after = c.tags();
        c.history
            .push(self.event(line, CommentAction::Created, TagSet::EMPTY, after));
        c
    }

    fn fold_column(&self, name: &str) -> String {
        if self.schema.dialect.folds_case() {
            name.to_string()
        } else {
            name.to_ascii_lowercase()
        }
    }

    /// Apply an attribute change to a MySQL column definition; a change that
    /// cannot be followed exactly forgets the definition (`fix` then asks a
    /// human instead of restating an outdated one).
    fn edit_definition(
        &mut self,
        table: &Name,
        column: &str,
        line: u32,
        edit: impl FnOnce(&str) -> Option<String>,
    ) {
        let d = self.schema.dialect;
        let Some(key) = self.table_for(table, line, "ALTER TABLE") else {
            return;
        };
        let t = self.schema.tables.get_mut(&key).expect("key exists");
        if let Some(i) = t.column_index(column, d) {
            let c = &mut t.columns[i];
            c.definition = c.definition.as_deref().and_then(edit);
        }
    }

    fn same_column(&self, a: &str, b: &str) -> bool {
        if self.schema.dialect.folds_case() {
            a == b
        } else {
            a.eq_ignore_ascii_case(b)
        }
    }

    fn drop_table(&mut self, key: &TableKey, line: u32) {
        let Some(mut t) = self.schema.tables.remove(key) else {
            return;
        };
        let event = self.event(line, CommentAction::Dropped, t.tags(), TagSet::EMPTY);
        t.history.push(event);
        for mut c in std::mem::take(&mut t.columns) {
            let ev = self.event(line, CommentAction::Dropped, c.tags(), TagSet::EMPTY);
            c.history.push(ev);
            let fold = self.fold_column(&c.name);
            self.dropped_columns.insert((key.clone(), fold), c);
        }
        self.partitions.retain(|_, parent| parent != key);
        self.graveyard.insert(key.clone(), t);
    }
}

/// The table an operation names first.
fn op_table(op: &Op) -> Option<&Name> {
    match op {
        Op::CreateTable { name, .. }
        | Op::CreateView { name, .. }
        | Op::CreatePartition { name, .. }
        | Op::CreateTemporary { name }
        | Op::CreateSequence { name } => Some(name),
        Op::Drop { names, .. } => names.first(),
        Op::AttachPartition { parent, .. } => Some(parent),
        Op::IfTableExists(table) => Some(table),
        Op::Pg(pg) => match pg {
            pg_kinds::PgOp::InheritColumns { table, .. } => Some(table),
            pg_kinds::PgOp::DetachPartition { parent, .. } => Some(parent),
            pg_kinds::PgOp::CreateType { name, .. }
            | pg_kinds::PgOp::CreateTableOf { name, .. } => Some(name),
            pg_kinds::PgOp::RenameSchema { .. } | pg_kinds::PgOp::DropSchema { .. } => None,
        },
        Op::SearchPath(_) | Op::Use(_) | Op::Mysql(_) => None,
        // Every other operation changes one existing table.
        _ => refuse::changed_table(op),
    }
}

fn spec_from(c: &Column, name: &str, copy_comment: bool) -> ColSpec {
    ColSpec {
        name: name.to_string(),
        data_type: c.data_type.clone(),
        comment: if copy_comment {
            c.comment.clone()
        } else {
            None
        },
        definition: c.definition.clone().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TableKind;
    use crate::tags::Tag;

    /// Replay statements given as (file, sql) with one statement per line.
    fn replay(d: Dialect, files: &[(&str, &[&str])]) -> Schema {
        let mut r = Replayer::new(d);
        for (file, stmts) in files {
            r.begin_file(file);
            for (i, s) in stmts.iter().enumerate() {
                r.apply(&ParsedStatement::new(s, i as u32 + 1, d));
            }
        }
        r.finish()
    }

    fn col<'a>(s: &'a Schema, schema: Option<&str>, t: &str, c: &str) -> &'a Column {
        let t = s.table(schema, t).expect("table");
        &t.columns[t.column_index(c, s.dialect).expect("column")]
    }

    #[test]
    fn mysql_double_quoted_comments_are_strings() {
        let s = replay(
            Dialect::Mysql,
            &[(
                "1.sql",
                &[
                    r#"CREATE TABLE users (email varchar(255) COMMENT "Login \\ it's #PPI") COMMENT="people #PPI""#,
                    r#"ALTER TABLE users ADD COLUMN phone varchar(20) COMMENT "a \"phone\" #PPI""#,
                ],
            )],
        );
        let t = s.table(None, "users").expect("table");
        assert_eq!(t.comment.as_deref(), Some("people #PPI"));
        assert_eq!(
            col(&s, None, "users", "email").comment.as_deref(),
            Some(r"Login \ it's #PPI")
        );
        assert_eq!(
            col(&s, None, "users", "phone").comment.as_deref(),
            Some(r#"a "phone" #PPI"#)
        );
    }

    #[test]
    fn mysql_modify_without_comment_drops_it() {
        let s = replay(
            Dialect::Mysql,
            &[
                (
                    "1.sql",
                    &["CREATE TABLE users (email varchar(255) COMMENT 'Login #PPI')"],
                ),
                (
                    "2.sql",
                    &["ALTER TABLE users MODIFY email varchar(320) NOT NULL"],
                ),
            ],
        );
        let c = col(&s, None, "users", "email");
        assert_eq!(c.comment, None);
        let last = c.history.last().unwrap();
        assert_eq!(last.action, CommentAction::Restated);
        assert!(last.before.contains(Tag::Ppi) && !last.after.contains(Tag::Ppi));
        assert_eq!(last.origin, Origin::file("2.sql", 1));
    }

    #[test]
    fn postgres_keeps_comments_through_type_change_and_renames() {
        let s = replay(
            Dialect::Postgres,
            &[(
                "1.sql",
                &[
                    "CREATE TABLE users (email text)",
                    "COMMENT ON COLUMN users.email IS 'Login #PPI'",
                    "ALTER TABLE users ALTER COLUMN email TYPE varchar(320)",
                    "ALTER TABLE users RENAME COLUMN email TO mail",
                    "ALTER TABLE users RENAME TO people",
                    "CREATE SCHEMA app",
                    "ALTER TABLE people SET SCHEMA app",
                ],
            )],
        );
        let c = col(&s, Some("app"), "people", "mail");
        assert_eq!(c.comment.as_deref(), Some("Login #PPI"));
        assert_eq!(c.data_type, "varchar(320)");
    }

    #[test]
    fn drop_and_readd_continues_history() {
        let s = replay(
            Dialect::Postgres,
            &[(
                "1.sql",
                &[
                    "CREATE TABLE users (email text)",
                    "COMMENT ON COLUMN users.email IS '#PPI'",
                    "ALTER TABLE users DROP COLUMN email",
                    "ALTER TABLE users ADD COLUMN email text",
                ],
            )],
        );
        let c = col(&s, Some("public"), "users", "email");
        assert!(c.tags().is_empty());
        assert!(c
            .history
            .iter()
            .any(|e| e.action == CommentAction::Dropped && e.before.contains(Tag::Ppi)));
    }

    #[test]
    fn a_rebuild_under_the_old_name_continues_history() {
        let s = replay(
            Dialect::Postgres,
            &[
                (
                    "1.sql",
                    &[
                        "CREATE TABLE e (ssn text)",
                        "COMMENT ON COLUMN e.ssn IS '#PPI'",
                        "COMMENT ON TABLE e IS '#PPI'",
                    ],
                ),
                (
                    "2.sql",
                    &[
                        "ALTER TABLE e RENAME TO e_old",
                        "CREATE TABLE e (LIKE e_old)",
                        "DROP TABLE e_old",
                    ],
                ),
            ],
        );
        let c = col(&s, Some("public"), "e", "ssn");
        let removal = c
            .history
            .iter()
            .rfind(|e| e.before.contains(Tag::Ppi) && !e.after.contains(Tag::Ppi))
            .unwrap();
        assert_eq!(removal.action, CommentAction::Replaced);
        assert_eq!(removal.origin, Origin::file("2.sql", 2));
        assert_eq!(
            s.table(Some("public"), "e")
                .unwrap()
                .history
                .iter()
                .filter(|e| e.action == CommentAction::Replaced)
                .count(),
            1
        );
    }

    #[test]
    fn like_copies_comments_per_dialect() {
        let base: &[&str] = &[
            "CREATE TABLE a (email text)",
            "COMMENT ON COLUMN a.email IS '#PPI'",
            "COMMENT ON TABLE a IS '#PPI'",
        ];
        let s = replay(
            Dialect::Postgres,
            &[
                ("1.sql", base),
                (
                    "2.sql",
                    &[
                        "CREATE TABLE b (LIKE a INCLUDING ALL)",
                        "CREATE TABLE c (LIKE a)",
                    ],
                ),
            ],
        );
        assert!(col(&s, Some("public"), "b", "email")
            .tags()
            .contains(Tag::Ppi));
        assert!(s.table(Some("public"), "b").unwrap().tags().is_empty());
        assert!(col(&s, Some("public"), "c", "email").tags().is_empty());
        let s = replay(
            Dialect::Mysql,
            &[(
                "1.sql",
                &[
                    "CREATE TABLE a (email text COMMENT '#PPI') COMMENT='#PPI'",
                    "CREATE TABLE b LIKE a",
                    "CREATE TABLE c AS SELECT email FROM a",
                ],
            )],
        );
        assert!(col(&s, None, "b", "email").tags().contains(Tag::Ppi));
        assert!(s.table(None, "b").unwrap().tags().contains(Tag::Ppi));
        assert!(col(&s, None, "c", "email").tags().contains(Tag::Ppi));
    }

    #[test]
    fn partitions_fold_into_parent() {
        let s = replay(
            Dialect::Postgres,
            &[(
                "d.sql",
                &[
                    "CREATE TABLE p (id int, at date) PARTITION BY RANGE (at)",
                    "CREATE TABLE p_2024 PARTITION OF p FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
                    "CREATE TABLE p_old (id int, at date)",
                    "ALTER TABLE ONLY p ATTACH PARTITION p_old FOR VALUES FROM ('2000-01-01') TO ('2024-01-01')",
                    "ALTER TABLE ONLY p_old ADD CONSTRAINT pk PRIMARY KEY (id)",
                ],
            )],
        );
        assert_eq!(s.tables.len(), 1);
        assert_eq!(
            s.table(Some("public"), "p").unwrap().kind,
            TableKind::Partitioned
        );
        assert!(s.unknown_tables.is_empty(), "{:?}", s.unknown_tables);
    }

    #[test]
    fn search_path_and_case_rules() {
        let s = replay(
            Dialect::Postgres,
            &[(
                "1.sql",
                &[
                    "SELECT pg_catalog.set_config('search_path', '', false)",
                    "CREATE TABLE app.users (id int)",
                    "SET search_path = app",
                    "COMMENT ON TABLE users IS '#PPI'",
                ],
            )],
        );
        assert!(s
            .table(Some("app"), "users")
            .unwrap()
            .tags()
            .contains(Tag::Ppi));
        let s = replay(
            Dialect::Mysql,
            &[(
                "1.sql",
                &[
                    "CREATE TABLE Users (Email text)",
                    "ALTER TABLE users MODIFY email text COMMENT '#PPI'",
                ],
            )],
        );
        assert_eq!(col(&s, None, "USERS", "EMAIL").name, "email");
        assert!(s.unknown_tables.is_empty());
    }

    #[test]
    fn a_partition_of_an_unknown_parent_reports_the_parent() {
        let s = replay(
            Dialect::Postgres,
            &[(
                "1.sql",
                &[
                    "CREATE TABLE p2 PARTITION OF p FOR VALUES IN (1)",
                    "ALTER TABLE p2 ADD COLUMN email text",
                    "DROP TABLE p",
                    "ALTER TABLE p2 DROP COLUMN email",
                ],
            )],
        );
        // The parent is unknown; once dropped, its partition is gone with it.
        let unknown: Vec<(&str, u32)> = s
            .unknown_tables
            .iter()
            .map(|u| match &u.origin {
                Origin::File { line, .. } => (u.table.as_str(), *line),
                Origin::Database { .. } => (u.table.as_str(), 0),
            })
            .collect();
        assert_eq!(unknown, [("p", 1), ("p2", 4)]);
    }

    #[test]
    fn unknown_tables_are_recorded_and_modelled() {
        let s = replay(
            Dialect::Postgres,
            &[("1.sql", &["ALTER TABLE accounts ADD COLUMN iban text"])],
        );
        assert_eq!(s.unknown_tables.len(), 1);
        assert_eq!(
            col(&s, Some("public"), "accounts", "iban").data_type,
            "TEXT"
        );
    }

    #[test]
    fn unparsed_statement_names_its_table() {
        let s = replay(
            Dialect::Postgres,
            &[(
                "1.sql",
                &[
                    "CREATE TABLE t (id int)",
                    "ALTER TABLE t ADD COLUMN x int DEFALT 1 2",
                ],
            )],
        );
        assert_eq!(s.unparsed.len(), 1);
        assert_eq!(s.unparsed[0].table.as_deref(), Some("t"));
        assert_eq!(s.unparsed[0].origin, Origin::file("1.sql", 2));
    }

    #[test]
    fn mysql_attribute_alters_keep_definitions_current() {
        let s = replay(
            Dialect::Mysql,
            &[(
                "1.sql",
                &[
                    "CREATE TABLE t (id int, email varchar(20) NOT NULL DEFAULT 'a' COMMENT 'Mail', \
                     phone varchar(9) DEFAULT 'x', card varchar(19), code char(2) CHARACTER SET latin1, \
                     n int CHECK (n > 0), note text) DEFAULT CHARSET=latin1",
                    "ALTER TABLE t ALTER COLUMN email SET DEFAULT 'it''s', ALTER phone DROP DEFAULT",
                    "ALTER TABLE t ALTER card SET INVISIBLE, ALTER INDEX idx INVISIBLE",
                ],
            )],
        );
        let def = |c: &str| col(&s, None, "t", c).definition.clone();
        assert_eq!(
            def("email").as_deref(),
            Some("email varchar(20) NOT NULL DEFAULT 'it''s'")
        );
        assert_eq!(def("phone").as_deref(), Some("phone varchar(9)"));
        assert_eq!(def("card").as_deref(), Some("card varchar(19) INVISIBLE"));
        assert_eq!(def("n").as_deref(), Some("n int CHECK (n > 0)"));
        assert!(s.unknown_tables.is_empty() && s.unparsed.is_empty());

        let s = replay(
            Dialect::Mysql,
            &[(
                "1.sql",
                &[
                    "CREATE TABLE t (id int, email varchar(20), code char(2) CHARACTER SET latin1) \
                     DEFAULT CHARSET=latin1",
                    "ALTER TABLE t ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
                ],
            )],
        );
        let def = |c: &str| col(&s, None, "t", c).definition.clone();
        assert_eq!(def("email"), None, "a new table charset reaches email");
        assert_eq!(
            def("code").as_deref(),
            Some("code char(2) CHARACTER SET latin1")
        );
        assert_eq!(def("id").as_deref(), Some("id int"));

        let s = replay(
            Dialect::Mysql,
            &[(
                "1.sql",
                &[
                    "CREATE TABLE t (id int, name varchar(9) CHARACTER SET latin1, at datetime)",
                    "ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4, COMMENT = 'People'",
                ],
            )],
        );
        let def = |c: &str| col(&s, None, "t", c).definition.clone();
        assert_eq!(def("name"), None, "CONVERT changes every text column");
        assert_eq!(def("at").as_deref(), Some("at datetime"));
        assert_eq!(
            s.table(None, "t").unwrap().comment.as_deref(),
            Some("People")
        );
    }

    #[test]
    fn dropped_comments_are_kept_in_the_history() {
        let s = replay(
            Dialect::Mysql,
            &[
                (
                    "1.sql",
                    &["CREATE TABLE t (email text COMMENT 'Login e-mail #PPI') COMMENT 'T #PPI'"],
                ),
                (
                    "2.sql",
                    &[
                        "ALTER TABLE t MODIFY email varchar(99)",
                        "ALTER TABLE t COMMENT = ''",
                    ],
                ),
            ],
        );
        let c = col(&s, None, "t", "email");
        let last = c.history.last().unwrap();
        assert_eq!(last.action, CommentAction::Restated);
        assert_eq!(last.before_comment.as_deref(), Some("Login e-mail #PPI"));
        // Untagged text dropped by a restatement is recorded too.
        let s2 = replay(
            Dialect::Mysql,
            &[(
                "1.sql",
                &[
                    "CREATE TABLE u (email text COMMENT 'Login')",
                    "ALTER TABLE u MODIFY email varchar(99)",
                ],
            )],
        );
        let c = col(&s2, None, "u", "email");
        assert_eq!(c.history.len(), 2);
        assert_eq!(c.history[1].before_comment.as_deref(), Some("Login"));
        let t = s.table(None, "t").unwrap();
        let last = t.history.last().unwrap();
        assert_eq!(last.action, CommentAction::Commented);
        assert_eq!(last.before_comment.as_deref(), Some("T #PPI"));
    }
}

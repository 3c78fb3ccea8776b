//! PostgreSQL statement kinds that shape tables beyond plain CREATE / ALTER /
//! DROP TABLE: `SELECT … INTO`, `INHERITS`, typed tables (`OF type`),
//! `DETACH PARTITION`, `ALTER [MATERIALIZED] VIEW`, `ALTER SCHEMA … RENAME`,
//! `DROP SCHEMA … CASCADE`, and `IMPORT FOREIGN SCHEMA` (reported: the
//! columns are only known to the remote server). tests/statement_kinds_postgres.rs
//! lists every kind with the model it must produce.

use super::lex::{lex, read_name, Tok, Token};
use super::parse::{self, ColSpec, Name, Op, Parsed};
use super::Replayer;
use crate::dialect::Dialect;
use crate::model::{Notice, NoticeKind, TableKey, TableKind};
use sqlparser::ast::{SetExpr, Statement};

const PG: Dialect = Dialect::Postgres;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PgOp {
    /// `CREATE TABLE t (…) INHERITS (p, …)`: the parents' columns come first.
    InheritColumns {
        table: Name,
        parents: Vec<Name>,
    },
    /// The partition becomes a table of its own, with the parent's columns.
    DetachPartition {
        parent: Name,
        child: Name,
    },
    RenameSchema {
        from: String,
        to: String,
    },
    DropSchema {
        names: Vec<String>,
        cascade: bool,
    },
    /// `CREATE TYPE t AS (…)`: `None` when the attributes could not be read.
    CreateType {
        name: Name,
        columns: Option<Vec<ColSpec>>,
    },
    CreateTableOf {
        name: Name,
        type_name: Name,
        if_not_exists: bool,
    },
}

fn word_at(toks: &[Token], i: usize, kw: &str) -> bool {
    toks.get(i).is_some_and(|t| t.is_word(kw))
}

/// A top-level `SELECT … INTO table` (not a PL/pgSQL variable: those are read elsewhere).
pub fn is_select_into(text: &str) -> bool {
    lex(text, PG, usize::MAX)
        .iter()
        .any(|t| t.depth == 0 && t.is_word("INTO"))
}

pub fn parse_select_into(text: &str) -> Parsed {
    let q = match parse::sql_parse(text, PG) {
        Ok(Statement::Query(q)) => q,
        Ok(_) => return Parsed::Irrelevant,
        Err(e) => return parse::unparsed(None, e),
    };
    let SetExpr::Select(sel) = q.body.as_ref() else {
        return Parsed::Irrelevant;
    };
    let Some(into) = &sel.into else {
        return Parsed::Irrelevant;
    };
    if into.temporary {
        return Parsed::Irrelevant;
    }
    let target = match into.targets.first() {
        Some(sqlparser::ast::Expr::Identifier(i)) => {
            Some(sqlparser::ast::ObjectName::from(vec![i.clone()]))
        }
        Some(sqlparser::ast::Expr::CompoundIdentifier(v)) => {
            Some(sqlparser::ast::ObjectName::from(v.clone()))
        }
        _ => None,
    };
    let Some(name) = target.and_then(|t| parse::name_from_ast(&t, PG)) else {
        return parse::unparsed(None, "cannot read the table of SELECT … INTO");
    };
    Parsed::Ops(vec![Op::CreateTable {
        name,
        kind: TableKind::Table,
        columns: Vec::new(),
        comment: None,
        if_not_exists: false,
        like: None,
        as_select: Some(parse::as_select(&q, PG)),
    }])
}

pub fn parse_import(_text: &str) -> Parsed {
    parse::unparsed(
        None,
        "IMPORT FOREIGN SCHEMA creates foreign tables whose columns only the remote server knows",
    )
}

/// `ALTER VIEW`, `ALTER MATERIALIZED VIEW`, `ALTER SCHEMA`.
pub fn is_pg_alter(head: &[Token]) -> bool {
    word_at(head, 1, "VIEW")
        || (word_at(head, 1, "MATERIALIZED") && word_at(head, 2, "VIEW"))
        || word_at(head, 1, "SCHEMA")
}

pub fn parse_alter(text: &str, head: &[Token]) -> Parsed {
    let toks = lex(text, PG, usize::MAX);
    if word_at(head, 1, "SCHEMA") {
        return match (read_name(&toks, 2), toks.get(3), toks.get(5)) {
            (Some((from, _)), _, _) if word_at(&toks, 3, "RENAME") && word_at(&toks, 4, "TO") => {
                match read_name(&toks, 5) {
                    Some((to, _)) => Parsed::Ops(vec![Op::Pg(PgOp::RenameSchema {
                        from: parse::pg_name(&from).name,
                        to: parse::pg_name(&to).name,
                    })]),
                    None => parse::unparsed(None, "cannot read the new schema name"),
                }
            }
            _ => Parsed::Irrelevant,
        };
    }
    // A view's RENAME TO / RENAME COLUMN / SET SCHEMA read as the same ALTER TABLE.
    let Some(view) = toks.iter().position(|t| t.is_word("VIEW")) else {
        return Parsed::Irrelevant;
    };
    let Some(rest) = toks.get(view + 1) else {
        return parse::unparsed(None, "cannot read the view name");
    };
    parse::parse_alter_table(&format!("ALTER TABLE {}", &text[rest.start..]), PG)
}

/// `DROP SCHEMA [IF EXISTS] a, b [CASCADE | RESTRICT]`.
pub fn parse_drop_schema(text: &str) -> Parsed {
    let toks = lex(text, PG, usize::MAX);
    let mut i = 2;
    if word_at(&toks, i, "IF") && word_at(&toks, i + 1, "EXISTS") {
        i += 2;
    }
    let mut names = Vec::new();
    let mut cascade = false;
    for t in &toks[i.min(toks.len())..] {
        match &t.tok {
            Tok::Word(w) if w.eq_ignore_ascii_case("CASCADE") => cascade = true,
            Tok::Word(w) if w.eq_ignore_ascii_case("RESTRICT") => {}
            Tok::Word(w) => names.push(w.to_lowercase()),
            Tok::Quoted(q) => names.push(q.clone()),
            _ => {}
        }
    }
    Parsed::Ops(vec![Op::Pg(PgOp::DropSchema { names, cascade })])
}

/// `CREATE TYPE t AS (a int, …)`; other types (ENUM, RANGE, base types) hold no columns.
pub fn parse_create_type(text: &str) -> Parsed {
    let toks = lex(text, PG, usize::MAX);
    let Some((raw, next)) = read_name(&toks, 2) else {
        return Parsed::Irrelevant;
    };
    if !(word_at(&toks, next, "AS") && toks.get(next + 1).is_some_and(|t| t.is_punct('('))) {
        return Parsed::Irrelevant;
    }
    let close = toks[next + 2..]
        .iter()
        .position(|t| t.depth == 0 && t.is_punct(')'))
        .map(|p| next + 2 + p);
    let columns = close.and_then(|c| {
        let inner = &text[toks[next + 1].end..toks[c].start];
        match parse::sql_parse(&format!("CREATE TABLE _pitag_ ({inner})"), PG) {
            Ok(Statement::CreateTable(ct)) => {
                Some(ct.columns.iter().map(|c| parse::col_spec(c, PG)).collect())
            }
            _ => None,
        }
    });
    Parsed::Ops(vec![Op::Pg(PgOp::CreateType {
        name: parse::pg_name(&raw),
        columns,
    })])
}

/// `CREATE TABLE t OF type [(…options…)]`; `at` is the index after `OF`.
pub fn create_table_of(toks: &[Token], name: Name, if_not_exists: bool, at: usize) -> Parsed {
    match read_name(toks, at) {
        Some((raw, _)) => Parsed::Ops(vec![Op::Pg(PgOp::CreateTableOf {
            name,
            type_name: parse::pg_name(&raw),
            if_not_exists,
        })]),
        None => parse::unparsed(Some(name), "cannot read the type of CREATE TABLE … OF"),
    }
}

/// The `INHERITS (…)` clause of a CREATE TABLE, as an operation after it.
pub fn inherits(toks: &[Token], table: &Name, dialect: Dialect) -> Option<Op> {
    if dialect != PG {
        return None;
    }
    let at = toks
        .iter()
        .position(|t| t.depth == 0 && t.is_word("INHERITS"))?;
    let mut parents = Vec::new();
    let mut i = at + 2;
    while let Some((raw, next)) = read_name(toks, i) {
        parents.push(parse::pg_name(&raw));
        if toks.get(next).is_some_and(|t| t.is_punct(',')) {
            i = next + 1;
        } else {
            break;
        }
    }
    Some(Op::Pg(PgOp::InheritColumns {
        table: table.clone(),
        parents,
    }))
}

fn spec_without_comment(c: &crate::model::Column) -> ColSpec {
    ColSpec {
        name: c.name.clone(),
        data_type: c.data_type.clone(),
        comment: None,
        definition: c.definition.clone().unwrap_or_default(),
    }
}

impl Replayer {
    /// The key of `name` when it names a partition (folded into its parent).
    pub(super) fn partition_key(&self, name: &Name) -> Option<TableKey> {
        let schemas: Vec<Option<&str>> = match &name.schema {
            Some(s) => vec![Some(s.as_str())],
            None => self.search_path.iter().map(|s| Some(s.as_str())).collect(),
        };
        let d = self.schema.dialect;
        schemas
            .into_iter()
            .map(|s| TableKey::new(s, &name.name, d))
            .find(|k| self.partitions.contains_key(k) && !self.schema.tables.contains_key(k))
    }

    pub(super) fn apply_pg_op(&mut self, op: &PgOp, line: u32) {
        match op {
            PgOp::InheritColumns { table, parents } => {
                let Some(key) = self.find_key(table) else {
                    return;
                };
                let mut inherited: Vec<ColSpec> = Vec::new();
                for p in parents {
                    let Some(pk) = self.table_for(p, line, "CREATE TABLE … INHERITS") else {
                        continue;
                    };
                    for c in &self.schema.tables[&pk].columns {
                        if !inherited.iter().any(|s| s.name == c.name) {
                            inherited.push(spec_without_comment(c));
                        }
                    }
                }
                let own = std::mem::take(
                    &mut self
                        .schema
                        .tables
                        .get_mut(&key)
                        .expect("key exists")
                        .columns,
                );
                let mut columns = Vec::new();
                for spec in &inherited {
                    // A column the child declares too is merged into the inherited one.
                    match own.iter().find(|c| c.name == spec.name) {
                        Some(c) => columns.push(c.clone()),
                        None => columns.push(self.new_column(&key, spec, line)),
                    }
                }
                columns.extend(
                    own.into_iter()
                        .filter(|c| !inherited.iter().any(|s| s.name == c.name)),
                );
                self.schema
                    .tables
                    .get_mut(&key)
                    .expect("key exists")
                    .columns = columns;
            }
            PgOp::DetachPartition { parent, child } => {
                let Some(parent_key) =
                    self.table_for(parent, line, "ALTER TABLE … DETACH PARTITION")
                else {
                    return;
                };
                let (_, child_key) = self.create_key(child);
                self.partitions.remove(&child_key);
                let columns = self.schema.tables[&parent_key]
                    .columns
                    .iter()
                    .map(spec_without_comment)
                    .collect();
                self.apply_op(
                    &Op::CreateTable {
                        name: child.clone(),
                        kind: TableKind::Table,
                        columns,
                        comment: None,
                        if_not_exists: false,
                        like: None,
                        as_select: None,
                    },
                    line,
                );
            }
            PgOp::RenameSchema { from, to } => {
                let moved: Vec<TableKey> = self
                    .schema
                    .tables
                    .iter()
                    .filter(|(_, t)| t.schema.as_deref() == Some(from))
                    .map(|(k, _)| k.clone())
                    .collect();
                for k in moved {
                    let mut t = self.schema.tables.remove(&k).expect("key exists");
                    t.schema = Some(to.clone());
                    let key = TableKey::new(Some(to), &t.name, PG);
                    self.schema.tables.insert(key, t);
                }
            }
            PgOp::DropSchema { names, cascade } => {
                for n in names {
                    let inside: Vec<TableKey> = self
                        .schema
                        .tables
                        .iter()
                        .filter(|(_, t)| t.schema.as_deref() == Some(n))
                        .map(|(k, _)| k.clone())
                        .collect();
                    if !cascade && !inside.is_empty() {
                        self.schema.notices.push(Notice {
                            kind: NoticeKind::RejectedStatement,
                            origin: self.origin(line),
                            schema: Some(n.clone()),
                            table: None,
                            message: format!(
                                "DROP SCHEMA {n} without CASCADE fails: the schema still holds {} table(s); the model keeps them",
                                inside.len()
                            ),
                        });
                        return;
                    }
                    for k in inside {
                        self.drop_table(&k, line);
                    }
                }
            }
            PgOp::CreateType { name, columns } => {
                let (_, key) = self.create_key(name);
                self.pg_types.insert(key, columns.clone());
            }
            PgOp::CreateTableOf {
                name,
                type_name,
                if_not_exists,
            } => {
                let keys: Vec<TableKey> = match &type_name.schema {
                    Some(s) => vec![TableKey::new(Some(s), &type_name.name, PG)],
                    None => self
                        .search_path
                        .iter()
                        .map(|s| TableKey::new(Some(s), &type_name.name, PG))
                        .collect(),
                };
                match keys.iter().find_map(|k| self.pg_types.get(k)).cloned() {
                    Some(Some(columns)) => self.apply_op(
                        &Op::CreateTable {
                            name: name.clone(),
                            kind: TableKind::Table,
                            columns,
                            comment: None,
                            if_not_exists: *if_not_exists,
                            like: None,
                            as_select: None,
                        },
                        line,
                    ),
                    _ => self.schema.unparsed.push(crate::model::Unparsed {
                        origin: self.origin(line),
                        schema: name.schema.clone().or_else(|| self.default_schema()),
                        table: Some(name.name.clone()),
                        head: format!("CREATE TABLE {} OF {}", name.name, type_name.name),
                        reason: format!(
                            "the columns of type `{}` are not known (no CREATE TYPE … AS (…) before)",
                            type_name.name
                        ),
                    }),
                }
            }
        }
    }
}

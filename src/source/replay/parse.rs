//! Statement -> operations on the model. Pure, so files can be parsed in
//! parallel and applied in order afterwards.
//!
//! A light lexer dispatches statements and splits `ALTER TABLE` into its
//! operations; sqlparser parses CREATE TABLE bodies and column definitions.
//! Targeted fallbacks cover what sqlparser 0.63 does not read (MySQL
//! `COMMENT =`, `PARTITION BY` on MySQL tables, `_utf8mb4'…'` introducers,
//! PG `(LIKE … INCLUDING …)`, `ATTACH PARTITION`, `SET SCHEMA`, foreign tables).

use super::lex::{lex, read_name, RawName, Tok, Token};
use crate::dialect::Dialect;
use crate::model::TableKind;
use sqlparser::ast::{
    AlterTableOperation, ColumnDef, ColumnOption, CommentDef, CreateTableLikeKind, Expr,
    ObjectName, SelectItem, SetExpr, SqlOption, Statement, TableFactor,
};
use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token as SqlToken;

/// A table name as the statement wrote it, folded per dialect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub schema: Option<String>,
    pub name: String,
}

/// A column definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColSpec {
    pub name: String,
    pub data_type: String,
    pub comment: Option<String>,
    /// The definition without its comment.
    pub definition: String,
}

/// One item of a `CREATE TABLE … AS SELECT` projection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SelItem {
    /// A column, possibly renamed.
    Column { source: String, name: String },
    /// `*`: every column of the source table.
    Star,
    /// An expression: the column exists but its origin is unknown.
    Expr { name: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AsSelect {
    pub from: Option<Name>,
    pub items: Vec<SelItem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Like {
    pub source: Name,
    /// Column comments are copied (PG `INCLUDING COMMENTS|ALL`; always on MySQL).
    pub column_comments: bool,
    /// The table comment is copied (MySQL only).
    pub table_comment: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    CreateTable {
        name: Name,
        kind: TableKind,
        columns: Vec<ColSpec>,
        comment: Option<String>,
        if_not_exists: bool,
        like: Option<Like>,
        as_select: Option<AsSelect>,
    },
    CreatePartition {
        name: Name,
        parent: Name,
    },
    CreateView {
        name: Name,
        materialized: bool,
        or_replace: bool,
        /// A materialized view's query (its columns are stored like a table's).
        as_select: Option<AsSelect>,
    },
    Drop {
        names: Vec<Name>,
        if_exists: bool,
        /// `DROP TEMPORARY TABLE`: names only temporary tables.
        temporary: bool,
    },
    RenameTable {
        from: Name,
        to: Name,
    },
    AddColumn {
        table: Name,
        column: ColSpec,
        if_not_exists: bool,
    },
    DropColumn {
        table: Name,
        column: String,
        if_exists: bool,
    },
    RenameColumn {
        table: Name,
        from: String,
        to: String,
        /// MariaDB `RENAME COLUMN IF EXISTS`.
        if_exists: bool,
    },
    /// MySQL `MODIFY`/`CHANGE`: the column is restated (an omitted comment is dropped).
    Restate {
        table: Name,
        old: String,
        column: ColSpec,
        /// MariaDB `MODIFY|CHANGE [COLUMN] IF EXISTS`: a missing column is no error.
        if_exists: bool,
    },
    AlterType {
        table: Name,
        column: String,
        data_type: String,
    },
    TableComment {
        table: Name,
        comment: Option<String>,
    },
    ColumnComment {
        table: Name,
        column: String,
        comment: Option<String>,
    },
    SetSchema {
        table: Name,
        schema: String,
    },
    AttachPartition {
        parent: Name,
        child: Name,
    },
    /// MySQL `ALTER [COLUMN] c SET DEFAULT x` (`Some`, the expression as
    /// written) or `DROP DEFAULT` (`None`): the column definition changes.
    ColumnDefault {
        table: Name,
        column: String,
        default: Option<String>,
    },
    /// MySQL `ALTER [COLUMN] c SET VISIBLE|INVISIBLE`.
    ColumnVisibility {
        table: Name,
        column: String,
        invisible: bool,
    },
    /// MySQL: `CONVERT TO CHARACTER SET` (`convert`: every text column
    /// changes) or a new table default `[DEFAULT] CHARACTER SET|COLLATE`
    /// (text columns restated without their own would follow it).
    TableCharset {
        table: Name,
        convert: bool,
    },
    /// `CREATE SEQUENCE`: PostgreSQL lets `ALTER TABLE` name a sequence
    /// (pg_dump's `ALTER TABLE s_id_seq OWNER TO …`); that is no unknown table.
    CreateSequence {
        name: Name,
    },
    /// `CREATE TEMPORARY TABLE`: known to the session, never audited.
    CreateTemporary {
        name: Name,
    },
    /// Any other change to a table: only its existence matters.
    Touch {
        table: Name,
        statement: &'static str,
    },
    SearchPath(Vec<String>),
    Use(String),
    /// Procedures, user variables, prepared statements (see `routine`).
    Mysql(super::routine::MysqlOp),
    /// PostgreSQL-only operations (see `pg_kinds`).
    Pg(super::pg_kinds::PgOp),
    /// `ALTER TABLE IF EXISTS t`: the operations after it apply only when `t` exists.
    IfTableExists(Name),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// Nothing that can change tables or comments.
    Irrelevant,
    Ops(Vec<Op>),
    /// PostgreSQL procedural code (`DO`, `CREATE PROCEDURE`, `CALL`).
    Procedural(super::plpgsql::Procedural),
    /// Could touch tables or comments but could not be read.
    Unparsed {
        table: Option<Name>,
        reason: String,
    },
}

/// sqlparser's recursion limit: deep nesting is an error, never a stack overflow.
const RECURSION_LIMIT: usize = 50;

pub(super) fn fold(part: &(String, bool), dialect: Dialect) -> String {
    if dialect == Dialect::Postgres && !part.1 {
        part.0.to_lowercase()
    } else {
        part.0.clone()
    }
}

pub(super) fn name_from_raw(raw: &RawName, dialect: Dialect) -> Name {
    let n = raw.parts.len();
    Name {
        schema: (n >= 2).then(|| fold(&raw.parts[n - 2], dialect)),
        name: fold(&raw.parts[n - 1], dialect),
    }
}

pub(super) fn name_from_ast(name: &ObjectName, dialect: Dialect) -> Option<Name> {
    let parts: Vec<(String, bool)> = name
        .0
        .iter()
        .map(|p| {
            p.as_ident()
                .map(|i| (i.value.clone(), i.quote_style.is_some()))
        })
        .collect::<Option<_>>()?;
    if parts.is_empty() {
        return None;
    }
    Some(name_from_raw(&RawName { parts }, dialect))
}

/// A PostgreSQL name read by the lexer.
pub(super) fn pg_name(raw: &RawName) -> Name {
    name_from_raw(raw, Dialect::Postgres)
}

fn ident(i: &sqlparser::ast::Ident, dialect: Dialect) -> String {
    fold(&(i.value.clone(), i.quote_style.is_some()), dialect)
}

fn word_at(toks: &[Token], i: usize, kw: &str) -> bool {
    toks.get(i).is_some_and(|t| t.is_word(kw))
}

/// Parse one statement.
pub fn parse(text: &str, dialect: Dialect) -> Parsed {
    let head = lex(text, dialect, 12);
    let Some(first) = head.first() else {
        return Parsed::Irrelevant;
    };
    let Tok::Word(w) = &first.tok else {
        return Parsed::Irrelevant;
    };
    if dialect == Dialect::Mysql {
        if let Some(p) = super::routine::parse_statement(text, &head) {
            return p;
        }
        if w.eq_ignore_ascii_case("CREATE") {
            match super::routine::routine_kind(&head) {
                Some("PROCEDURE") => return super::routine::parse_create_procedure(text),
                // Functions, triggers and events do not run during the migration.
                Some(_) => return Parsed::Irrelevant,
                None => {}
            }
        }
    }
    match w.to_ascii_uppercase().as_str() {
        "CREATE" => parse_create(text, dialect, &head),
        "ALTER" if dialect == Dialect::Postgres && super::pg_kinds::is_pg_alter(&head) => {
            super::pg_kinds::parse_alter(text, &head)
        }
        "DROP" if dialect == Dialect::Postgres && word_at(&head, 1, "SCHEMA") => {
            super::pg_kinds::parse_drop_schema(text)
        }
        "ALTER" => {
            // MySQL/MariaDB: ALTER [ONLINE | OFFLINE] [IGNORE] TABLE.
            let mut at = 1;
            while dialect == Dialect::Mysql
                && ["ONLINE", "OFFLINE", "IGNORE"]
                    .iter()
                    .any(|w| word_at(&head, at, w))
            {
                at += 1;
            }
            if word_at(&head, at, "TABLE")
                || (word_at(&head, 1, "FOREIGN") && word_at(&head, 2, "TABLE"))
            {
                parse_alter_table(text, dialect)
            } else {
                Parsed::Irrelevant
            }
        }
        "DROP" => parse_drop(text, dialect),
        "RENAME" if word_at(&head, 1, "TABLE") => parse_rename(text, dialect),
        "COMMENT" if word_at(&head, 1, "ON") => parse_comment_on(text, dialect),
        "SET" => parse_set(&head, text, dialect),
        "SELECT" | "WITH"
            if dialect == Dialect::Postgres && super::pg_kinds::is_select_into(text) =>
        {
            super::pg_kinds::parse_select_into(text)
        }
        "SELECT" => match parse_set_config(text, dialect) {
            Parsed::Irrelevant if dialect == Dialect::Postgres => {
                super::plpgsql::parse_select_call(text)
            }
            other => other,
        },
        "IMPORT" if dialect == Dialect::Postgres => super::pg_kinds::parse_import(text),
        "DO" if dialect == Dialect::Postgres => super::plpgsql::parse_do(text),
        "CALL" if dialect == Dialect::Postgres => super::plpgsql::parse_call(text),
        "USE" => match read_name(&head, 1) {
            Some((n, _)) if dialect == Dialect::Mysql => {
                Parsed::Ops(vec![Op::Use(n.parts[0].0.clone())])
            }
            _ => Parsed::Irrelevant,
        },
        _ => Parsed::Irrelevant,
    }
}

pub(super) fn unparsed(table: Option<Name>, reason: impl std::fmt::Display) -> Parsed {
    Parsed::Unparsed {
        table,
        reason: reason.to_string(),
    }
}

/// Why a statement (or one `ALTER TABLE` operation) was not read; its text
/// is the reason an unparsed-statement finding shows.
#[derive(Debug, thiserror::Error)]
pub(super) enum SqlError {
    /// sqlparser's error, without its `sql parser error: ` prefix.
    #[error("{}", .0.to_string().trim_start_matches("sql parser error: "))]
    Parser(#[from] sqlparser::parser::ParserError),
    /// sqlparser read one statement and tokens were left after it.
    #[error("unexpected `{token}` at line {line}, column {column}")]
    Trailing {
        token: String,
        line: u64,
        column: u64,
    },
    /// The statement parsed, but not into the shape pitag reads.
    #[error("{0}")]
    Unread(&'static str),
}

/// Run sqlparser on one statement and insist that it consumed every token.
pub(super) fn sql_parse(text: &str, dialect: Dialect) -> Result<Statement, SqlError> {
    match dialect {
        Dialect::Postgres => sql_parse_with(&PostgreSqlDialect {}, text),
        Dialect::Mysql => sql_parse_with(&MySqlDialect {}, text),
    }
}

/// MySQL column attributes sqlparser does not read and that cannot change a
/// name, type or comment: dropped from the text before parsing.
const IGNORABLE_ATTRIBUTES: &[&str] = &["BINARY"];

fn sql_parse_with(d: &dyn sqlparser::dialect::Dialect, text: &str) -> Result<Statement, SqlError> {
    // The retries below look for the word sqlparser stumbled on in its message.
    let message = |e: &SqlError| e.to_string();
    match sql_parse_once(d, text) {
        // Column-level `CHARSET x` is MySQL's synonym of `CHARACTER SET x`.
        Err(e)
            if d.is::<MySqlDialect>()
                && (message(&e).contains("`CHARSET`")
                    || message(&e).contains("found: CHARSET")) =>
        {
            let toks = lex(text, Dialect::Mysql, usize::MAX);
            let mut out = String::with_capacity(text.len() + 16);
            let mut last = 0;
            for t in toks.iter().filter(|t| t.is_word("CHARSET")) {
                out.push_str(&text[last..t.start]);
                out.push_str("CHARACTER SET");
                last = t.end;
            }
            out.push_str(&text[last..]);
            sql_parse_with(d, &out)
        }
        Err(e)
            if d.is::<MySqlDialect>()
                && IGNORABLE_ATTRIBUTES.iter().any(|w| {
                    let m = message(&e);
                    m.contains(&format!("`{w}`")) || m.contains(&format!("found: {w}"))
                }) =>
        {
            let toks = lex(text, Dialect::Mysql, usize::MAX);
            let mut out = String::with_capacity(text.len());
            let mut last = 0;
            for (i, t) in toks.iter().enumerate() {
                // `VARCHAR(64) BINARY`: the attribute follows a type, never starts an element.
                let after_type = i > 0 && !toks[i - 1].is_punct(',') && !toks[i - 1].is_punct('(');
                if after_type && IGNORABLE_ATTRIBUTES.iter().any(|w| t.is_word(w)) {
                    out.push_str(&text[last..t.start]);
                    last = t.end;
                }
            }
            out.push_str(&text[last..]);
            sql_parse_once(d, &out)
        }
        other => other,
    }
}

fn sql_parse_once(d: &dyn sqlparser::dialect::Dialect, text: &str) -> Result<Statement, SqlError> {
    let mut p = Parser::new(d)
        .with_recursion_limit(RECURSION_LIMIT)
        .try_with_sql(text)?;
    let stmt = p.parse_statement()?;
    loop {
        let t = p.next_token();
        match t.token {
            SqlToken::EOF => return Ok(stmt),
            SqlToken::SemiColon => continue,
            other => {
                return Err(SqlError::Trailing {
                    token: other.to_string(),
                    line: t.span.start.line,
                    column: t.span.start.column,
                })
            }
        }
    }
}

/// Rewrite MySQL string forms sqlparser rejects into plain `'…'` literals:
/// charset introducers (`_utf8mb4'x'` -> `'x'`) and double-quoted strings
/// (`COMMENT "x"`, a string unless the server runs with ANSI_QUOTES).
fn normalize_mysql_strings(text: &str, dialect: Dialect, toks: &[Token]) -> Option<String> {
    if dialect != Dialect::Mysql {
        return None;
    }
    let mut out = String::new();
    let mut last = 0;
    for t in toks {
        let Tok::Str(value) = &t.tok else { continue };
        match text.as_bytes()[t.start] {
            b'_' => {
                let quote = t.start + text[t.start..t.end].find('\'')?;
                out.push_str(&text[last..t.start]);
                last = quote;
            }
            b'"' => {
                out.push_str(&text[last..t.start]);
                out.push('\'');
                out.push_str(&value.replace('\\', "\\\\").replace('\'', "''"));
                out.push('\'');
                last = t.end;
            }
            _ => {}
        }
    }
    if last == 0 {
        return None;
    }
    out.push_str(&text[last..]);
    Some(out)
}

pub(super) fn col_spec(def: &ColumnDef, dialect: Dialect) -> ColSpec {
    let mut comment = None;
    let mut plain = def.clone();
    plain.options.retain(|o| {
        if let ColumnOption::Comment(c) = &o.option {
            comment = Some(c.clone());
            false
        } else {
            true
        }
    });
    ColSpec {
        name: ident(&def.name, dialect),
        data_type: def.data_type.to_string(),
        comment,
        definition: plain.to_string(),
    }
}

/// The original text of a column definition without its `COMMENT '…'`
/// clause and MySQL position (`FIRST`, `AFTER x`): sqlparser's Display does
/// not re-escape quotes, so `fix` restates definitions from the source text.
fn original_definition(text: &str, toks: &[Token]) -> String {
    let mut out = String::new();
    let mut last = toks.first().map_or(0, |t| t.start);
    let end = toks.last().map_or(last, |t| t.end);
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let base = toks[0].depth;
        let cut = if t.depth == base
            && t.is_word("COMMENT")
            && matches!(toks.get(i + 1).map(|n| &n.tok), Some(Tok::Str(_)))
        {
            Some(i + 2)
        } else if t.depth == base && t.is_word("FIRST") && i + 1 == toks.len() {
            Some(i + 1)
        } else if t.depth == base && t.is_word("AFTER") && i + 2 == toks.len() {
            Some(i + 2)
        } else {
            None
        };
        if let Some(next) = cut {
            out.push_str(text[last..t.start].trim_end());
            last = toks.get(next).map_or(end, |n| n.start);
            if last < end {
                out.push(' ');
            }
            i = next;
            continue;
        }
        i += 1;
    }
    out.push_str(&text[last..end]);
    out.trim().to_string()
}

/// Column definitions of a CREATE TABLE body, by position of their name
/// token: (folded name, original definition).
fn body_definitions(text: &str, toks: &[Token], dialect: Dialect) -> Vec<(String, String)> {
    const NOT_COLUMNS: &[&str] = &[
        "PRIMARY",
        "KEY",
        "INDEX",
        "UNIQUE",
        "CONSTRAINT",
        "FOREIGN",
        "CHECK",
        "FULLTEXT",
        "SPATIAL",
        "EXCLUDE",
        "LIKE",
        "PERIOD",
    ];
    let Some(open) = toks.iter().position(|t| t.depth == 0 && t.is_punct('(')) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut start = open + 1;
    let mut i = open + 1;
    while i < toks.len() {
        let t = &toks[i];
        let closes = t.depth == 0 && t.is_punct(')');
        if closes || (t.depth == 1 && t.is_punct(',')) {
            let el = &toks[start..i];
            if let Some(first) = el.first() {
                let name = match &first.tok {
                    Tok::Word(w) if !NOT_COLUMNS.iter().any(|k| w.eq_ignore_ascii_case(k)) => {
                        Some((w.clone(), false))
                    }
                    Tok::Quoted(q) => Some((q.clone(), true)),
                    _ => None,
                };
                if let Some(n) = name {
                    out.push((fold(&n, dialect), original_definition(text, el)));
                }
            }
            start = i + 1;
            if closes {
                break;
            }
        }
        i += 1;
    }
    out
}

/// Byte offset of sqlparser's "Line: L, Column: C" in `text`.
fn error_offset(text: &str, message: &str) -> Option<usize> {
    let l = message.find("Line: ")?;
    let rest = &message[l + 6..];
    let line: usize = rest[..rest.find(',')?].trim().parse().ok()?;
    let c = rest.find("Column: ")?;
    let col: usize = rest[c + 8..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()?;
    let line_start = if line <= 1 {
        0
    } else {
        memchr::memchr_iter(b'\n', text.as_bytes()).nth(line - 2)? + 1
    };
    let offset = text[line_start..]
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(text.len(), |(i, _)| line_start + i);
    Some(offset)
}

/// Words that end a column's type in a definition.
const TYPE_END: &[&str] = &[
    "NOT",
    "NULL",
    "DEFAULT",
    "CONSTRAINT",
    "PRIMARY",
    "UNIQUE",
    "REFERENCES",
    "CHECK",
    "GENERATED",
    "COLLATE",
    "COMMENT",
    "AUTO_INCREMENT",
    "ON",
    "AS",
    "CHARACTER",
    "CHARSET",
    "INVISIBLE",
    "VISIBLE",
    "STORAGE",
    "COMPRESSION",
    "IDENTITY",
    "UNSIGNED",
    "ZEROFILL",
    "KEY",
];

/// Columns and table comment of a CREATE TABLE read with the lexer alone:
/// used when sqlparser fails inside an expression (a CHECK, DEFAULT or
/// GENERATED clause), which cannot change names, types or comments.
fn lexer_columns(text: &str, toks: &[Token], dialect: Dialect) -> (Vec<ColSpec>, Option<String>) {
    let mut columns = Vec::new();
    let Some(open) = toks.iter().position(|t| t.depth == 0 && t.is_punct('(')) else {
        return (columns, None);
    };
    let close = toks[open + 1..]
        .iter()
        .position(|t| t.depth == 0 && t.is_punct(')'))
        .map_or(toks.len(), |p| open + 1 + p);
    let defs = body_definitions(text, &toks[open..], dialect);
    let mut start = open + 1;
    for i in open + 1..=close {
        if i == close || (toks[i].depth == 1 && toks[i].is_punct(',')) {
            let el = &toks[start..i];
            start = i + 1;
            let Some(first) = el.first() else { continue };
            let name = match &first.tok {
                Tok::Word(w) => fold(&(w.clone(), false), dialect),
                Tok::Quoted(q) => q.clone(),
                _ => continue,
            };
            let Some((_, definition)) = defs.iter().find(|(n, _)| *n == name) else {
                continue;
            };
            let type_end = el[1..]
                .iter()
                .position(|t| t.depth == 1 && TYPE_END.iter().any(|k| t.is_word(k)))
                .map_or(el.len(), |p| p + 1);
            let data_type = if type_end > 1 {
                text[el[1].start..el[type_end - 1].end].to_string()
            } else {
                String::new()
            };
            let comment = el.windows(2).find_map(|w| match (&w[0], &w[1].tok) {
                (c, Tok::Str(s)) if c.depth == 1 && c.is_word("COMMENT") => Some(s.clone()),
                _ => None,
            });
            columns.push(ColSpec {
                name,
                data_type,
                comment,
                definition: definition.clone(),
            });
        }
    }
    let after = &toks[close.min(toks.len())..];
    let comment = table_comment_option(
        after,
        &Name {
            schema: None,
            name: String::new(),
        },
    )
    .and_then(|ops| match ops.into_iter().next() {
        Some(Op::TableComment { comment, .. }) => comment,
        _ => None,
    });
    (columns, comment)
}

/// What the words between CREATE and TABLE say.
#[derive(Default)]
struct CreateFlags {
    or_replace: bool,
    temporary: bool,
    foreign: bool,
    materialized: bool,
}

/// The table a CREATE TABLE makes, as its head names it.
struct CreateTarget {
    name: Name,
    kind: TableKind,
    if_not_exists: bool,
}

fn parse_create(text: &str, dialect: Dialect, head: &[Token]) -> Parsed {
    let flags = match create_flags(text, dialect, head) {
        Ok(flags) => flags,
        Err(other) => return other,
    };
    let toks = lex(text, dialect, usize::MAX);
    if flags.temporary {
        return create_temporary(&toks, dialect);
    }
    let Some(table_kw) = toks.iter().position(|t| t.is_word("TABLE")) else {
        return Parsed::Irrelevant;
    };
    let mut j = table_kw + 1;
    let mut if_not_exists = false;
    if word_at(&toks, j, "IF") && word_at(&toks, j + 1, "NOT") && word_at(&toks, j + 2, "EXISTS") {
        if_not_exists = true;
        j += 3;
    }
    let Some((raw, after_name)) = read_name(&toks, j) else {
        return unparsed(None, "cannot read the table name");
    };
    let name = name_from_raw(&raw, dialect);
    // PARTITION OF parent: belongs to the parent, not audited on its own.
    if word_at(&toks, after_name, "PARTITION") && word_at(&toks, after_name + 1, "OF") {
        return match read_name(&toks, after_name + 2) {
            Some((p, _)) => Parsed::Ops(vec![Op::CreatePartition {
                name,
                parent: name_from_raw(&p, dialect),
            }]),
            None => unparsed(Some(name), "cannot read the parent of PARTITION OF"),
        };
    }
    if dialect == Dialect::Postgres && word_at(&toks, after_name, "OF") {
        return super::pg_kinds::create_table_of(&toks, name, if_not_exists, after_name + 1);
    }
    // LIKE forms.
    if let Some(like) = parse_like(text, &toks, after_name, dialect) {
        return Parsed::Ops(vec![Op::CreateTable {
            name,
            kind: TableKind::Table,
            columns: like.1,
            comment: None,
            if_not_exists,
            like: Some(like.0),
            as_select: None,
        }]);
    }
    let sql = create_table_sql(text, dialect, &toks, flags.foreign);
    let target = CreateTarget {
        name,
        kind: if flags.foreign {
            TableKind::Foreign
        } else {
            TableKind::Table
        },
        if_not_exists,
    };
    match sql_parse(&sql, dialect) {
        Ok(Statement::CreateTable(ct)) => {
            create_from_ast(text, &toks, after_name, &ct, target, dialect)
        }
        Ok(_) => unparsed(Some(target.name), "not read as CREATE TABLE"),
        Err(e) => create_by_lexer(&sql, dialect, e, target),
    }
}

/// Read the words between CREATE and TABLE; another kind of object (type,
/// routine, sequence, view or one pitag ignores) is parsed here, as `Err`.
fn create_flags(text: &str, dialect: Dialect, head: &[Token]) -> Result<CreateFlags, Parsed> {
    // CREATE [OR REPLACE] [GLOBAL|LOCAL] [TEMP|TEMPORARY] [UNLOGGED] [FOREIGN] TABLE
    let mut i = 1;
    let mut flags = CreateFlags::default();
    loop {
        match head.get(i).map(|t| &t.tok) {
            Some(Tok::Word(w)) => match w.to_ascii_uppercase().as_str() {
                "OR" | "REPLACE" => flags.or_replace = true,
                "GLOBAL" | "LOCAL" | "UNLOGGED" => {}
                "TEMP" | "TEMPORARY" => flags.temporary = true,
                "FOREIGN" => flags.foreign = true,
                "MATERIALIZED" => flags.materialized = true,
                "RECURSIVE" => {}
                // MySQL view options: ALGORITHM=…, DEFINER=…, SQL SECURITY …
                "ALGORITHM" | "DEFINER" | "SQL" | "SECURITY" | "INVOKER" => {}
                "TABLE" => return Ok(flags),
                "TYPE" if dialect == Dialect::Postgres => {
                    return Err(super::pg_kinds::parse_create_type(text))
                }
                "PROCEDURE" | "FUNCTION" if dialect == Dialect::Postgres => {
                    return Err(super::plpgsql::parse_create_procedure(text))
                }
                "SEQUENCE" if dialect == Dialect::Postgres => {
                    return Err(create_sequence(text, dialect))
                }
                "VIEW" => return Err(create_view(text, dialect, &flags)),
                _ => {
                    // CREATE … = … (MySQL DEFINER=`x`@`y`) or other object: keep scanning a few tokens for VIEW.
                    if head.iter().skip(i).any(|t| t.is_word("VIEW"))
                        && !head.iter().any(|t| t.is_word("TABLE"))
                    {
                        i += 1;
                        continue;
                    }
                    return Err(Parsed::Irrelevant);
                }
            },
            Some(Tok::Punct(_)) | Some(Tok::Quoted(_)) | Some(Tok::Str(_)) | Some(Tok::Number) => {
                if head.iter().skip(i).any(|t| t.is_word("VIEW")) {
                    i += 1;
                    continue;
                }
                return Err(Parsed::Irrelevant);
            }
            None => return Err(Parsed::Irrelevant),
        }
        i += 1;
    }
}

fn create_sequence(text: &str, dialect: Dialect) -> Parsed {
    let full = lex(text, dialect, 16);
    let Some(pos) = full.iter().position(|t| t.is_word("SEQUENCE")) else {
        return Parsed::Irrelevant;
    };
    let mut j = pos + 1;
    if word_at(&full, j, "IF") {
        j += 3;
    }
    match read_name(&full, j) {
        Some((n, _)) => Parsed::Ops(vec![Op::CreateSequence {
            name: name_from_raw(&n, dialect),
        }]),
        None => Parsed::Irrelevant,
    }
}

fn create_view(text: &str, dialect: Dialect, flags: &CreateFlags) -> Parsed {
    let full = lex(text, dialect, 64);
    let Some(pos) = full.iter().position(|t| t.is_word("VIEW")) else {
        return Parsed::Irrelevant;
    };
    let mut j = pos + 1;
    if word_at(&full, j, "IF") {
        j += 3;
    }
    match read_name(&full, j) {
        Some((n, _)) => Parsed::Ops(vec![Op::CreateView {
            name: name_from_raw(&n, dialect),
            materialized: flags.materialized,
            or_replace: flags.or_replace,
            // PostgreSQL catalogs list a plain view's columns too (`drift --include-views`).
            as_select: if flags.materialized || dialect == Dialect::Postgres {
                view_select(text, dialect)
            } else {
                None
            },
        }]),
        None => unparsed(None, "cannot read the view name"),
    }
}

/// Temporary tables vanish with the session: nothing to audit, but later
/// statements of the session may name them.
fn create_temporary(toks: &[Token], dialect: Dialect) -> Parsed {
    let Some(table_kw) = toks.iter().position(|t| t.is_word("TABLE")) else {
        return Parsed::Irrelevant;
    };
    let mut j = table_kw + 1;
    if word_at(toks, j, "IF") && word_at(toks, j + 1, "NOT") {
        j += 3;
    }
    match read_name(toks, j) {
        Some((raw, _)) => Parsed::Ops(vec![Op::CreateTemporary {
            name: name_from_raw(&raw, dialect),
        }]),
        None => Parsed::Irrelevant,
    }
}

/// The CREATE TABLE text rewritten into what sqlparser reads.
fn create_table_sql<'t>(
    text: &'t str,
    dialect: Dialect,
    toks: &[Token],
    foreign: bool,
) -> std::borrow::Cow<'t, str> {
    let mut sql: std::borrow::Cow<str> = text.into();
    if let Some(s) = normalize_mysql_strings(&sql, dialect, toks) {
        sql = s.into();
    }
    if foreign {
        // CREATE FOREIGN TABLE t (…) SERVER s OPTIONS (…): keep `CREATE TABLE t (…)`.
        let t = lex(&sql, dialect, usize::MAX);
        let server = t.iter().position(|t| t.depth == 0 && t.is_word("SERVER"));
        let foreign_kw = t.iter().position(|t| t.is_word("FOREIGN"));
        if let (Some(f), Some(s)) = (foreign_kw, server) {
            let (fs, fe, ss) = (t[f].start, t[f].end, t[s].start);
            sql = format!("{}{}", &sql[..fs], &sql[fe..ss]).into();
        }
    }
    if dialect == Dialect::Mysql {
        // sqlparser stops at MySQL's PARTITION BY: cut the partitioning clause off.
        let t = lex(&sql, dialect, usize::MAX);
        let body_end = t.iter().position(|t| t.depth == 0 && t.is_punct(')'));
        if let Some(b) = body_end {
            if let Some(p) = t[b..]
                .windows(2)
                .position(|w| w[0].depth == 0 && w[0].is_word("PARTITION") && w[1].is_word("BY"))
            {
                let cut = t[b + p].start;
                sql = sql[..cut].to_string().into();
            }
        }
    }
    if dialect == Dialect::Postgres {
        // WITH (…) storage parameters after the body and PARTITION BY are fine;
        // `WITH NO DATA` / `WITH DATA` of CREATE TABLE AS is not.
        let t = lex(&sql, dialect, usize::MAX);
        if let Some(w) = t.windows(3).position(|w| {
            w[0].depth == 0 && w[0].is_word("WITH") && (w[1].is_word("NO") || w[1].is_word("DATA"))
        }) {
            sql = sql[..t[w].start].to_string().into();
        }
    }
    sql
}

/// The operations of a CREATE TABLE sqlparser read; column definitions keep
/// their original text.
fn create_from_ast(
    text: &str,
    toks: &[Token],
    after_name: usize,
    ct: &sqlparser::ast::CreateTable,
    target: CreateTarget,
    dialect: Dialect,
) -> Parsed {
    let CreateTarget {
        name,
        mut kind,
        if_not_exists,
    } = target;
    let Some(name) = name_from_ast(&ct.name, dialect) else {
        return unparsed(Some(name), "cannot read the table name");
    };
    let mut columns: Vec<ColSpec> = ct.columns.iter().map(|c| col_spec(c, dialect)).collect();
    // A map, not a scan per column: 60,000-column tables exist (hostile.rs).
    let mut originals: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for (n, def) in body_definitions(text, &toks[after_name..], dialect) {
        originals.entry(n).or_insert(def);
    }
    for c in &mut columns {
        if let Some(def) = originals.get(&c.name) {
            c.definition = def.clone();
        }
    }
    let mut comment = ct.comment.as_ref().map(comment_text);
    if comment.is_none() {
        comment = table_option_comment(&ct.table_options);
    }
    let like = ct.like.as_ref().and_then(|l| {
        let l = match l {
            CreateTableLikeKind::Parenthesized(l) | CreateTableLikeKind::Plain(l) => l,
        };
        Some(Like {
            source: name_from_ast(&l.name, dialect)?,
            column_comments: dialect == Dialect::Mysql,
            table_comment: dialect == Dialect::Mysql,
        })
    });
    let as_select = ct.query.as_ref().map(|q| as_select(q, dialect));
    if ct.partition_by.is_some() || text_has_partition_by(toks) {
        kind = if kind == TableKind::Foreign {
            kind
        } else {
            TableKind::Partitioned
        };
    }
    let inherits = super::pg_kinds::inherits(toks, &name, dialect);
    let mut ops = vec![Op::CreateTable {
        name,
        kind,
        columns,
        comment,
        if_not_exists,
        like,
        as_select,
    }];
    ops.extend(inherits);
    Parsed::Ops(ops)
}

/// sqlparser refused the CREATE TABLE. An error inside an expression (CHECK,
/// DEFAULT, GENERATED …) cannot change names, types or comments: read those
/// with the lexer; any other error leaves the statement unparsed.
fn create_by_lexer(sql: &str, dialect: Dialect, e: SqlError, target: CreateTarget) -> Parsed {
    let CreateTarget {
        name,
        kind,
        if_not_exists,
    } = target;
    let t = lex(sql, dialect, usize::MAX);
    let e = e.to_string();
    let in_expression = error_offset(sql, &e)
        .and_then(|off| t.iter().find(|tok| tok.end > off))
        .is_some_and(|tok| tok.depth >= 2 || e.contains("found: VIRTUAL"));
    if !in_expression {
        return unparsed(Some(name), e);
    }
    let after_name = t
        .iter()
        .position(|x| x.is_word("TABLE"))
        .map_or(0, |p| p + 1);
    let (columns, comment) = lexer_columns(sql, &t[after_name..], dialect);
    if columns.is_empty() {
        return unparsed(Some(name), e);
    }
    let kind = if text_has_partition_by(&t) {
        TableKind::Partitioned
    } else {
        kind
    };
    Parsed::Ops(vec![Op::CreateTable {
        name,
        kind,
        columns,
        comment,
        if_not_exists,
        like: None,
        as_select: None,
    }])
}

fn text_has_partition_by(toks: &[Token]) -> bool {
    toks.windows(2)
        .any(|w| w[0].depth == 0 && w[0].is_word("PARTITION") && w[1].is_word("BY"))
}

fn comment_text(c: &CommentDef) -> String {
    match c {
        CommentDef::WithEq(s) | CommentDef::WithoutEq(s) => s.clone(),
    }
}

fn table_option_comment(opts: &sqlparser::ast::CreateTableOptions) -> Option<String> {
    use sqlparser::ast::CreateTableOptions as O;
    let list = match opts {
        O::None => return None,
        O::With(v) | O::Options(v) | O::Plain(v) | O::TableProperties(v) => v,
    };
    list.iter().find_map(|o| match o {
        SqlOption::Comment(c) => Some(comment_text(c)),
        _ => None,
    })
}

/// `(LIKE src INCLUDING …)` (PG) or `LIKE src` / `(LIKE src)` (MySQL). Returns
/// the LIKE and any extra columns (which are not read: PG allows them but they
/// are rare; a statement with them is handed to sqlparser instead).
fn parse_like(
    text: &str,
    toks: &[Token],
    at: usize,
    dialect: Dialect,
) -> Option<(Like, Vec<ColSpec>)> {
    let (start, paren) = if toks.get(at)?.is_punct('(') && word_at(toks, at + 1, "LIKE") {
        (at + 2, true)
    } else if word_at(toks, at, "LIKE") {
        (at + 1, false)
    } else {
        return None;
    };
    let (src, mut k) = read_name(toks, start)?;
    let mut comments = dialect == Dialect::Mysql;
    let mut extra = Vec::new();
    while k < toks.len() {
        let t = &toks[k];
        if paren && t.depth == 0 && t.is_punct(')') {
            break;
        }
        if paren && t.is_punct(',') && t.depth == 1 {
            // More column definitions after the LIKE: read them as a table body.
            let close = toks[k..]
                .iter()
                .position(|x| x.depth == 0 && x.is_punct(')'))
                .map(|p| k + p)?;
            let body = format!("CREATE TABLE _pitag_ ({})", &text[t.end..toks[close].start]);
            let Ok(Statement::CreateTable(ct)) = sql_parse(&body, dialect) else {
                return None;
            };
            extra = ct.columns.iter().map(|c| col_spec(c, dialect)).collect();
            break;
        }
        if t.is_word("INCLUDING")
            && (word_at(toks, k + 1, "COMMENTS") || word_at(toks, k + 1, "ALL"))
        {
            comments = true;
        }
        if t.is_word("EXCLUDING")
            && (word_at(toks, k + 1, "COMMENTS") || word_at(toks, k + 1, "ALL"))
        {
            comments = dialect == Dialect::Mysql;
        }
        k += 1;
    }
    Some((
        Like {
            source: name_from_raw(&src, dialect),
            column_comments: comments,
            table_comment: dialect == Dialect::Mysql,
        },
        extra,
    ))
}

/// The projection of `CREATE MATERIALIZED VIEW … AS SELECT …`, renamed by an
/// explicit column list; `None` when it cannot be read (the view then has no
/// known columns, as before).
fn view_select(text: &str, dialect: Dialect) -> Option<AsSelect> {
    // sqlparser does not read pg_dump's trailing `WITH [NO] DATA`.
    let toks = lex(text, dialect, usize::MAX);
    let n = toks.len();
    let cut = if n >= 3
        && toks[n - 1].is_word("DATA")
        && toks[n - 2].is_word("NO")
        && toks[n - 3].is_word("WITH")
    {
        toks[n - 3].start
    } else if n >= 2 && toks[n - 1].is_word("DATA") && toks[n - 2].is_word("WITH") {
        toks[n - 2].start
    } else {
        text.len()
    };
    let Ok(Statement::CreateView(cv)) = sql_parse(&text[..cut], dialect) else {
        return None;
    };
    let mut sel = as_select(&cv.query, dialect);
    for (item, col) in sel.items.iter_mut().zip(&cv.columns) {
        let renamed = ident(&col.name, dialect);
        match item {
            SelItem::Column { name, .. } | SelItem::Expr { name } => *name = renamed,
            SelItem::Star => break,
        }
    }
    Some(sel)
}

pub(super) fn as_select(q: &sqlparser::ast::Query, dialect: Dialect) -> AsSelect {
    let mut out = AsSelect {
        from: None,
        items: Vec::new(),
    };
    // `A UNION B`: the columns are named by the first branch (MariaDB copies
    // no comment through a set operation).
    fn first_select(e: &SetExpr) -> (Option<&sqlparser::ast::Select>, bool) {
        match e {
            SetExpr::Select(s) => (Some(s), false),
            SetExpr::SetOperation { left, .. } => (first_select(left).0, true),
            SetExpr::Query(q) => first_select(&q.body),
            _ => (None, false),
        }
    }
    let (Some(sel), set_operation) = first_select(q.body.as_ref()) else {
        return out;
    };
    if sel.from.len() == 1 && sel.from[0].joins.is_empty() {
        if let TableFactor::Table { name, .. } = &sel.from[0].relation {
            out.from = name_from_ast(name, dialect);
        }
    }
    for item in &sel.projection {
        let it = match item {
            SelectItem::UnnamedExpr(e) => match expr_column(e, dialect) {
                Some(c) => SelItem::Column {
                    source: c.clone(),
                    name: c,
                },
                None => SelItem::Expr {
                    name: e.to_string(),
                },
            },
            SelectItem::ExprWithAlias { expr, alias } => match expr_column(expr, dialect) {
                Some(c) => SelItem::Column {
                    source: c,
                    name: ident(alias, dialect),
                },
                None => SelItem::Expr {
                    name: ident(alias, dialect),
                },
            },
            SelectItem::Wildcard(_) | SelectItem::QualifiedWildcard(..) => SelItem::Star,
            other => SelItem::Expr {
                name: other.to_string(),
            },
        };
        out.items.push(match it {
            SelItem::Column { name, .. } if set_operation => SelItem::Expr { name },
            it => it,
        });
    }
    out
}

fn expr_column(e: &Expr, dialect: Dialect) -> Option<String> {
    match e {
        Expr::Identifier(i) => Some(ident(i, dialect)),
        Expr::CompoundIdentifier(v) => v.last().map(|i| ident(i, dialect)),
        _ => None,
    }
}

fn parse_drop(text: &str, dialect: Dialect) -> Parsed {
    let toks = lex(text, dialect, usize::MAX);
    // DROP [TEMPORARY] TABLE | DROP [MATERIALIZED] VIEW | DROP FOREIGN TABLE
    let mut i = 1;
    let temporary = word_at(&toks, 1, "TEMPORARY");
    while toks.get(i).is_some_and(|t| {
        t.is_word("TEMPORARY") || t.is_word("MATERIALIZED") || t.is_word("FOREIGN")
    }) {
        i += 1;
    }
    if !(word_at(&toks, i, "TABLE") || word_at(&toks, i, "VIEW")) {
        return Parsed::Irrelevant;
    }
    i += 1;
    let mut if_exists = false;
    if word_at(&toks, i, "IF") && word_at(&toks, i + 1, "EXISTS") {
        if_exists = true;
        i += 2;
    }
    let mut names = Vec::new();
    while let Some((n, next)) = read_name(&toks, i) {
        if n.parts.len() == 1
            && !n.parts[0].1
            && ["CASCADE", "RESTRICT"].contains(&n.parts[0].0.to_ascii_uppercase().as_str())
        {
            break;
        }
        names.push(name_from_raw(&n, dialect));
        i = next;
        if toks.get(i).is_some_and(|t| t.is_punct(',')) {
            i += 1;
        } else {
            break;
        }
    }
    if names.is_empty() {
        return unparsed(None, "cannot read the dropped table names");
    }
    Parsed::Ops(vec![Op::Drop {
        names,
        if_exists,
        temporary,
    }])
}

fn parse_rename(text: &str, dialect: Dialect) -> Parsed {
    let toks = lex(text, dialect, usize::MAX);
    let mut i = 2;
    let mut ops = Vec::new();
    while let Some((from, next)) = read_name(&toks, i) {
        if !word_at(&toks, next, "TO") {
            return unparsed(
                Some(name_from_raw(&from, dialect)),
                "expected TO in RENAME TABLE",
            );
        }
        let Some((to, next)) = read_name(&toks, next + 1) else {
            return unparsed(
                Some(name_from_raw(&from, dialect)),
                "cannot read the new table name",
            );
        };
        ops.push(Op::RenameTable {
            from: name_from_raw(&from, dialect),
            to: name_from_raw(&to, dialect),
        });
        i = next;
        if toks.get(i).is_some_and(|t| t.is_punct(',')) {
            i += 1;
        } else {
            break;
        }
    }
    if ops.is_empty() {
        return unparsed(None, "cannot read RENAME TABLE");
    }
    Parsed::Ops(ops)
}

fn parse_comment_on(text: &str, dialect: Dialect) -> Parsed {
    let toks = lex(text, dialect, usize::MAX);
    let mut i = 2;
    let mut object = String::new();
    while let Some(Tok::Word(w)) = toks.get(i).map(|t| &t.tok) {
        let w = w.to_ascii_uppercase();
        if matches!(
            w.as_str(),
            "TABLE" | "COLUMN" | "VIEW" | "MATERIALIZED" | "FOREIGN"
        ) {
            object.push_str(&w);
            object.push(' ');
            i += 1;
        } else {
            break;
        }
    }
    let object = object.trim_end();
    let is_column = object == "COLUMN";
    let is_table = matches!(
        object,
        "TABLE" | "VIEW" | "MATERIALIZED VIEW" | "FOREIGN TABLE"
    );
    if !is_column && !is_table {
        // Comments on indexes, functions, types, …: not audited.
        return Parsed::Irrelevant;
    }
    let Some((raw, next)) = read_name(&toks, i) else {
        return unparsed(None, "cannot read the commented object");
    };
    if !word_at(&toks, next, "IS") {
        return unparsed(None, "expected IS");
    }
    let comment = match toks.get(next + 1).map(|t| &t.tok) {
        Some(Tok::Str(s)) => {
            // Adjacent string constants concatenate ('a' 'b' across lines).
            let mut s = s.clone();
            let mut k = next + 2;
            while let Some(Tok::Str(more)) = toks.get(k).map(|t| &t.tok) {
                s.push_str(more);
                k += 1;
            }
            Some(s)
        }
        Some(Tok::Word(w)) if w.eq_ignore_ascii_case("NULL") => None,
        _ => return unparsed(None, "expected a string or NULL after IS"),
    };
    if is_column {
        let n = raw.parts.len();
        if n < 2 {
            return unparsed(None, "COMMENT ON COLUMN needs table.column");
        }
        let column = fold(&raw.parts[n - 1], dialect);
        let table = name_from_raw(
            &RawName {
                parts: raw.parts[..n - 1].to_vec(),
            },
            dialect,
        );
        Parsed::Ops(vec![Op::ColumnComment {
            table,
            column,
            comment,
        }])
    } else {
        Parsed::Ops(vec![Op::TableComment {
            table: name_from_raw(&raw, dialect),
            comment,
        }])
    }
}

fn parse_set(head: &[Token], text: &str, dialect: Dialect) -> Parsed {
    if dialect != Dialect::Postgres {
        return Parsed::Irrelevant;
    }
    let mut i = 1;
    if word_at(head, i, "SESSION") || word_at(head, i, "LOCAL") {
        i += 1;
    }
    if !word_at(head, i, "search_path") {
        return Parsed::Irrelevant;
    }
    let toks = lex(text, dialect, usize::MAX);
    let mut path = Vec::new();
    for t in &toks[i + 1..] {
        match &t.tok {
            Tok::Word(w) if w.eq_ignore_ascii_case("TO") => {}
            Tok::Word(w) if w.eq_ignore_ascii_case("DEFAULT") => path = vec!["public".to_string()],
            Tok::Word(w) => path.push(w.to_lowercase()),
            Tok::Quoted(q) => path.push(q.clone()),
            Tok::Str(s) => path.extend(
                s.split(',')
                    .map(|p| p.trim().trim_matches('"').to_string())
                    .filter(|p| !p.is_empty()),
            ),
            _ => {}
        }
    }
    Parsed::Ops(vec![Op::SearchPath(path)])
}

/// pg_dump: `SELECT pg_catalog.set_config('search_path', '', false);`
fn parse_set_config(text: &str, dialect: Dialect) -> Parsed {
    if dialect != Dialect::Postgres || !text.contains("set_config") {
        return Parsed::Irrelevant;
    }
    let toks = lex(text, dialect, 32);
    let strs: Vec<&String> = toks
        .iter()
        .filter_map(|t| match &t.tok {
            Tok::Str(s) => Some(s),
            _ => None,
        })
        .collect();
    if strs.len() >= 2 && strs[0] == "search_path" {
        let path = strs[1]
            .split(',')
            .map(|p| p.trim().trim_matches('"').to_string())
            .filter(|p| !p.is_empty())
            .collect();
        return Parsed::Ops(vec![Op::SearchPath(path)]);
    }
    Parsed::Irrelevant
}

pub(super) fn parse_alter_table(text: &str, dialect: Dialect) -> Parsed {
    let toks = lex(text, dialect, usize::MAX);
    let mut i = toks.iter().position(|t| t.is_word("TABLE")).unwrap_or(1) + 1;
    let mut if_exists = false;
    if word_at(&toks, i, "IF") && word_at(&toks, i + 1, "EXISTS") {
        if_exists = true;
        i += 2;
    }
    if word_at(&toks, i, "ONLY") {
        i += 1;
    }
    let Some((raw, mut k)) = read_name(&toks, i) else {
        return unparsed(None, "cannot read the table name");
    };
    let table = name_from_raw(&raw, dialect);
    if toks.get(k).is_some_and(|t| t.is_punct('*')) {
        k += 1;
    }
    // Split the operations at top-level commas.
    let mut ops = Vec::new();
    if if_exists {
        ops.push(Op::IfTableExists(table.clone()));
    }
    let mut start = k;
    let mut j = k;
    while j <= toks.len() {
        if j == toks.len() || (toks[j].depth == 0 && toks[j].is_punct(',')) {
            if j > start {
                match alter_op(text, &toks[start..j], &table, dialect) {
                    Ok(mut o) => ops.append(&mut o),
                    Err(reason) => return unparsed(Some(table), reason),
                }
            }
            start = j + 1;
        }
        j += 1;
    }
    if ops.len() == usize::from(if_exists) {
        ops.push(Op::Touch {
            table,
            statement: "ALTER TABLE",
        });
    }
    Parsed::Ops(ops)
}

/// Words after ADD / DROP that name something other than a column.
const NOT_COLUMN: &[&str] = &[
    "CONSTRAINT",
    "PRIMARY",
    "UNIQUE",
    "FOREIGN",
    "CHECK",
    "INDEX",
    "KEY",
    "FULLTEXT",
    "SPATIAL",
    "PARTITION",
    "EXCLUDE",
    "PERIOD",
    "DEFAULT",
    "GENERATED",
    "IDENTITY",
    "EXPRESSION",
    "SYSTEM",
    "TRIGGER",
    "RULE",
];

fn op_text<'a>(text: &'a str, toks: &[Token]) -> &'a str {
    &text[toks[0].start..toks[toks.len() - 1].end]
}

/// The operation's text without `count` tokens from token `at` (a MariaDB
/// `IF [NOT] EXISTS` guard sqlparser does not read).
fn without_tokens(text: &str, toks: &[Token], at: usize, count: usize) -> String {
    if count == 0 || at + count > toks.len() {
        return op_text(text, toks).to_string();
    }
    let end = toks[toks.len() - 1].end;
    let resume = toks.get(at + count).map_or(end, |t| t.start);
    format!(
        "{} {}",
        &text[toks[0].start..toks[at].start],
        &text[resume..end]
    )
}

/// Parse `ALTER TABLE _ <op>` with sqlparser and return its single operation.
fn sql_alter_op(op: &str, dialect: Dialect) -> Result<AlterTableOperation, SqlError> {
    let sql = format!("ALTER TABLE _pitag_ {op}");
    let toks = lex(&sql, dialect, usize::MAX);
    let sql = normalize_mysql_strings(&sql, dialect, &toks).unwrap_or(sql);
    match sql_parse(&sql, dialect)? {
        Statement::AlterTable(mut at) if at.operations.len() == 1 => Ok(at.operations.remove(0)),
        _ => Err(SqlError::Unread("not read as one ALTER TABLE operation")),
    }
}

/// One clause of an `ALTER TABLE`: its text and tokens, the table and dialect.
#[derive(Clone, Copy)]
struct AlterClause<'a> {
    text: &'a str,
    toks: &'a [Token],
    table: &'a Name,
    dialect: Dialect,
}

fn alter_op(
    text: &str,
    toks: &[Token],
    table: &Name,
    dialect: Dialect,
) -> Result<Vec<Op>, SqlError> {
    let clause = AlterClause {
        text,
        toks,
        table,
        dialect,
    };
    let w = |i: usize| clause.w(i);
    match w(0).as_str() {
        "ADD" => clause.add_column(),
        "DROP" => clause.drop_column(),
        "RENAME" => clause.rename(),
        "MODIFY" | "CHANGE" => clause.restate(),
        "ALTER" => clause.alter_column(),
        "COMMENT" => table_comment_option(toks, table)
            .ok_or(SqlError::Unread("cannot read the table comment")),
        "SET" if w(1) == "SCHEMA" => match toks.get(2).map(|t| &t.tok) {
            Some(Tok::Word(s)) => Ok(vec![Op::SetSchema {
                table: table.clone(),
                schema: fold(&(s.clone(), false), dialect),
            }]),
            Some(Tok::Quoted(s)) => Ok(vec![Op::SetSchema {
                table: table.clone(),
                schema: s.clone(),
            }]),
            _ => Err(SqlError::Unread("cannot read the new schema")),
        },
        "DETACH" if w(1) == "PARTITION" => match read_name(toks, 2) {
            Some((n, _)) => Ok(vec![Op::Pg(super::pg_kinds::PgOp::DetachPartition {
                parent: table.clone(),
                child: name_from_raw(&n, dialect),
            })]),
            None => Err(SqlError::Unread("cannot read the detached partition")),
        },
        "ATTACH" if w(1) == "PARTITION" => match read_name(toks, 2) {
            Some((n, _)) => Ok(vec![Op::AttachPartition {
                parent: table.clone(),
                child: name_from_raw(&n, dialect),
            }]),
            None => Err(SqlError::Unread("cannot read the attached partition")),
        },
        _ => clause.table_options(),
    }
}

impl AlterClause<'_> {
    /// The word at `i`, upper-cased; empty for anything else.
    fn w(&self, i: usize) -> String {
        match self.toks.get(i).map(|t| &t.tok) {
            Some(Tok::Word(w)) => w.to_ascii_uppercase(),
            _ => String::new(),
        }
    }

    /// A clause that changes nothing audited: the table is only named.
    fn touch(&self) -> Result<Vec<Op>, SqlError> {
        Ok(vec![Op::Touch {
            table: self.table.clone(),
            statement: "ALTER TABLE",
        }])
    }

    /// MySQL `ADD [COLUMN] (…)` and `ADD [COLUMN] [IF NOT EXISTS] c …`; other ADDs touch the table.
    fn add_column(&self) -> Result<Vec<Op>, SqlError> {
        let mut i = 1;
        if self.w(i) == "COLUMN" {
            i += 1;
        }
        if i == 1 && NOT_COLUMN.contains(&self.w(1).as_str()) {
            return self.touch();
        }
        if self.toks.get(i).is_some_and(|t| t.is_punct('(')) {
            // MySQL ADD [COLUMN] (a int, b int)
            let last = &self.toks[self.toks.len() - 1];
            if self.toks.len() < i + 2 || !last.is_punct(')') {
                return Err(SqlError::Unread("unbalanced parentheses in ADD (…)"));
            }
            let inner = &self.text[self.toks[i].end..last.start];
            let sql = format!("CREATE TABLE _pitag_ ({inner})");
            return match sql_parse(&sql, self.dialect)? {
                Statement::CreateTable(ct) => Ok(ct
                    .columns
                    .iter()
                    .map(|c| Op::AddColumn {
                        table: self.table.clone(),
                        column: col_spec(c, self.dialect),
                        if_not_exists: false,
                    })
                    .collect()),
                _ => Err(SqlError::Unread("cannot read the added columns")),
            };
        }
        // MariaDB's `ADD [COLUMN] IF NOT EXISTS` is not read by sqlparser's MySQL dialect.
        let guarded = self.w(i) == "IF" && self.w(i + 1) == "NOT" && self.w(i + 2) == "EXISTS";
        let op_sql = without_tokens(self.text, self.toks, i, if guarded { 3 } else { 0 });
        match sql_alter_op(&op_sql, self.dialect)? {
            AlterTableOperation::AddColumn {
                column_def,
                if_not_exists,
                ..
            } => {
                let mut column = col_spec(&column_def, self.dialect);
                let skip = if guarded { i + 3 } else { i };
                column.definition =
                    original_definition(self.text, &self.toks[skip.min(self.toks.len())..]);
                Ok(vec![Op::AddColumn {
                    table: self.table.clone(),
                    column,
                    if_not_exists: if_not_exists || guarded,
                }])
            }
            _ => self.touch(),
        }
    }

    /// `DROP [COLUMN] [IF EXISTS] c`; other DROPs touch the table.
    fn drop_column(&self) -> Result<Vec<Op>, SqlError> {
        let mut i = 1;
        if self.w(i) == "COLUMN" {
            i += 1;
        } else if NOT_COLUMN.contains(&self.w(1).as_str()) {
            return self.touch();
        }
        let mut if_exists = false;
        if self.w(i) == "IF" && self.w(i + 1) == "EXISTS" {
            if_exists = true;
            i += 2;
        }
        match read_name(self.toks, i) {
            Some((n, _)) => Ok(vec![Op::DropColumn {
                table: self.table.clone(),
                column: fold(
                    n.parts.last().expect("read_name yields a part"),
                    self.dialect,
                ),
                if_exists,
            }]),
            None => Err(SqlError::Unread("cannot read the dropped column")),
        }
    }

    /// `RENAME TO|AS t` (MySQL: `RENAME t`) and `RENAME [COLUMN] a TO b`.
    fn rename(&self) -> Result<Vec<Op>, SqlError> {
        let second = self.w(1);
        if second == "TO" || second == "AS" {
            return match read_name(self.toks, 2) {
                Some((n, _)) => Ok(vec![Op::RenameTable {
                    from: self.table.clone(),
                    to: name_from_raw(&n, self.dialect),
                }]),
                None => Err(SqlError::Unread("cannot read the new table name")),
            };
        }
        if matches!(second.as_str(), "INDEX" | "KEY" | "CONSTRAINT") {
            return self.touch();
        }
        // MySQL: `RENAME new_name` renames the table (TO and AS are optional;
        // a column rename needs COLUMN).
        if self.dialect == Dialect::Mysql && second != "COLUMN" {
            return match read_name(self.toks, 1) {
                Some((n, next)) if next == self.toks.len() => Ok(vec![Op::RenameTable {
                    from: self.table.clone(),
                    to: name_from_raw(&n, self.dialect),
                }]),
                _ => Err(SqlError::Unread("cannot read the new table name")),
            };
        }
        let mut i = if second == "COLUMN" { 2 } else { 1 };
        let if_exists = self.w(i) == "IF" && self.w(i + 1) == "EXISTS";
        if if_exists {
            i += 2;
        }
        let Some((from, next)) = read_name(self.toks, i) else {
            return Err(SqlError::Unread("cannot read the renamed column"));
        };
        if self.w(next) != "TO" {
            return Err(SqlError::Unread("expected TO"));
        }
        match read_name(self.toks, next + 1) {
            Some((to, _)) => Ok(vec![Op::RenameColumn {
                table: self.table.clone(),
                from: fold(&from.parts[0], self.dialect),
                to: fold(&to.parts[0], self.dialect),
                if_exists,
            }]),
            None => Err(SqlError::Unread("cannot read the new column name")),
        }
    }

    /// MySQL `MODIFY`/`CHANGE`: the column restated in full.
    fn restate(&self) -> Result<Vec<Op>, SqlError> {
        // The definition starts at the (new) column name: after MODIFY
        // [COLUMN], or after CHANGE [COLUMN] old.
        let after_kw = usize::from(self.w(1) == "COLUMN") + 1;
        // MariaDB `MODIFY|CHANGE [COLUMN] IF EXISTS`.
        let if_exists = self.w(after_kw) == "IF" && self.w(after_kw + 1) == "EXISTS";
        let name_at = after_kw + if if_exists { 2 } else { 0 };
        let op_sql = without_tokens(
            self.text,
            self.toks,
            after_kw,
            if if_exists { 2 } else { 0 },
        );
        let restate = |old: &sqlparser::ast::Ident,
                       name: sqlparser::ast::Ident,
                       data_type,
                       options: Vec<ColumnOption>,
                       at: usize| {
            let def = ColumnDef {
                name,
                data_type,
                options: options
                    .into_iter()
                    .map(|option| sqlparser::ast::ColumnOptionDef { name: None, option })
                    .collect(),
            };
            let mut column = col_spec(&def, self.dialect);
            column.definition = original_definition(self.text, &self.toks[at..]);
            Ok(vec![Op::Restate {
                table: self.table.clone(),
                old: ident(old, self.dialect),
                column,
                if_exists,
            }])
        };
        match sql_alter_op(&op_sql, self.dialect)? {
            AlterTableOperation::ModifyColumn {
                col_name,
                data_type,
                options,
                ..
            } => restate(&col_name, col_name.clone(), data_type, options, name_at),
            AlterTableOperation::ChangeColumn {
                old_name,
                new_name,
                data_type,
                options,
                ..
            } => restate(&old_name, new_name, data_type, options, name_at + 1),
            _ => Err(SqlError::Unread("not read as MODIFY/CHANGE")),
        }
    }

    /// `ALTER [COLUMN] c`: a new type (PG) or a MySQL attribute (default, visibility).
    fn alter_column(&self) -> Result<Vec<Op>, SqlError> {
        if matches!(self.w(1).as_str(), "INDEX" | "KEY" | "CHECK" | "CONSTRAINT") {
            return self.touch();
        }
        let i = if self.w(1) == "COLUMN" { 2 } else { 1 };
        let Some((col, next)) = read_name(self.toks, i) else {
            return self.touch();
        };
        let column = fold(&col.parts[0], self.dialect);
        if self.dialect == Dialect::Mysql {
            let attribute = match (self.w(next).as_str(), self.w(next + 1).as_str()) {
                ("SET", "DEFAULT") if next + 2 < self.toks.len() => Some(Op::ColumnDefault {
                    table: self.table.clone(),
                    column: column.clone(),
                    default: Some(
                        self.text[self.toks[next + 2].start..self.toks[self.toks.len() - 1].end]
                            .to_string(),
                    ),
                }),
                ("DROP", "DEFAULT") => Some(Op::ColumnDefault {
                    table: self.table.clone(),
                    column: column.clone(),
                    default: None,
                }),
                ("SET", v @ ("VISIBLE" | "INVISIBLE")) => Some(Op::ColumnVisibility {
                    table: self.table.clone(),
                    column: column.clone(),
                    invisible: v == "INVISIBLE",
                }),
                _ => None,
            };
            if let Some(op) = attribute {
                return Ok(vec![op]);
            }
        }
        let type_at = if self.w(next) == "TYPE" {
            Some(next + 1)
        } else if self.w(next) == "SET" && self.w(next + 1) == "DATA" && self.w(next + 2) == "TYPE"
        {
            Some(next + 3)
        } else {
            None
        };
        match type_at {
            Some(t) if t < self.toks.len() => {
                let end = self.toks[t..]
                    .iter()
                    .position(|x| x.depth == 0 && (x.is_word("USING") || x.is_word("COLLATE")))
                    .map_or(self.toks.len(), |p| t + p);
                let data_type = self.text[self.toks[t].start..self.toks[end - 1].end].to_string();
                Ok(vec![Op::AlterType {
                    table: self.table.clone(),
                    column,
                    data_type,
                }])
            }
            _ => self.touch(),
        }
    }

    /// Anything else: MySQL table options (charset, comment), else a touch.
    fn table_options(&self) -> Result<Vec<Op>, SqlError> {
        let mut ops = Vec::new();
        if self.dialect == Dialect::Mysql {
            if let Some(convert) = table_charset_option(self.toks) {
                ops.push(Op::TableCharset {
                    table: self.table.clone(),
                    convert,
                });
            }
        }
        // MySQL table options (`ENGINE=InnoDB COMMENT='…'`) may carry the table comment.
        if self.dialect == Dialect::Mysql
            && self
                .toks
                .iter()
                .any(|t| t.depth == 0 && t.is_word("COMMENT"))
        {
            let mut comment = table_comment_option(self.toks, self.table)
                .ok_or(SqlError::Unread("cannot read the table comment"))?;
            ops.append(&mut comment);
            return Ok(ops);
        }
        if ops.is_empty() {
            self.touch()
        } else {
            Ok(ops)
        }
    }
}

/// A character set change among MySQL table options: `Some(true)` for
/// `CONVERT TO CHARACTER SET|CHARSET`, `Some(false)` for a new table default
/// (`[DEFAULT] CHARACTER SET|CHARSET|COLLATE [=] x`), `None` for neither.
fn table_charset_option(toks: &[Token]) -> Option<bool> {
    let top = |i: usize, kw: &str| toks.get(i).is_some_and(|t| t.depth == 0 && t.is_word(kw));
    if top(0, "CONVERT") {
        return Some(true);
    }
    (0..toks.len())
        .any(|i| {
            // Not the value of another option (`COMMENT = 'charset'` is a string anyway).
            let after_eq = i > 0 && toks[i - 1].is_punct('=');
            !after_eq
                && (top(i, "CHARSET")
                    || top(i, "COLLATE")
                    || (top(i, "CHARACTER") && top(i + 1, "SET")))
        })
        .then_some(false)
}

/// `COMMENT [=] 'text'` among table options.
fn table_comment_option(toks: &[Token], table: &Name) -> Option<Vec<Op>> {
    let at = toks
        .iter()
        .position(|t| t.depth == 0 && t.is_word("COMMENT"))?;
    let mut i = at + 1;
    if toks.get(i).is_some_and(|t| t.is_punct('=')) {
        i += 1;
    }
    match toks.get(i).map(|t| &t.tok) {
        Some(Tok::Str(s)) => Some(vec![Op::TableComment {
            table: table.clone(),
            comment: Some(s.clone()),
        }]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(sql: &str, d: Dialect) -> Vec<Op> {
        match parse(sql, d) {
            Parsed::Ops(o) => o,
            other => panic!("{sql}: {other:?}"),
        }
    }

    fn n(name: &str) -> Name {
        Name {
            schema: None,
            name: name.into(),
        }
    }

    #[test]
    fn create_table_with_comments_mysql() {
        let o = ops(
            "CREATE TABLE `Users` (`id` int unsigned NOT NULL AUTO_INCREMENT, `email` varchar(255) NOT NULL COMMENT 'Login #PPI') ENGINE=InnoDB COMMENT='People #PPI'",
            Dialect::Mysql,
        );
        let Op::CreateTable {
            name,
            columns,
            comment,
            ..
        } = &o[0]
        else {
            panic!()
        };
        assert_eq!(name, &n("Users"));
        assert_eq!(columns[1].name, "email");
        assert_eq!(columns[1].comment.as_deref(), Some("Login #PPI"));
        assert_eq!(columns[1].definition, "`email` varchar(255) NOT NULL");
        assert_eq!(comment.as_deref(), Some("People #PPI"));
    }

    #[test]
    fn postgres_folds_unquoted_names() {
        let o = ops(
            "CREATE TABLE Public.\"Users\" (Email text)",
            Dialect::Postgres,
        );
        let Op::CreateTable { name, columns, .. } = &o[0] else {
            panic!()
        };
        assert_eq!(
            name,
            &Name {
                schema: Some("public".into()),
                name: "Users".into()
            }
        );
        assert_eq!(columns[0].name, "email");
    }

    #[test]
    fn mysql_fallbacks() {
        assert_eq!(
            ops("ALTER TABLE u COMMENT = 'x #PPI'", Dialect::Mysql),
            vec![Op::TableComment {
                table: n("u"),
                comment: Some("x #PPI".into())
            }]
        );
        assert_eq!(
            ops("ALTER TABLE u ENGINE=InnoDB COMMENT 'y'", Dialect::Mysql),
            vec![Op::TableComment {
                table: n("u"),
                comment: Some("y".into())
            }]
        );
        let o = ops("CREATE TABLE p (id int, c varchar(3) COMMENT _utf8mb4'x #PPI') PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (10))", Dialect::Mysql);
        let Op::CreateTable { columns, kind, .. } = &o[0] else {
            panic!()
        };
        assert_eq!(columns[1].comment.as_deref(), Some("x #PPI"));
        assert_eq!(*kind, TableKind::Partitioned);
    }

    #[test]
    fn definitions_keep_the_source_text() {
        let o = ops(
            "CREATE TABLE t (`note` varchar(20) NOT NULL DEFAULT 'it''s' COMMENT 'x #PPI' /* c */, ts timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, PRIMARY KEY (`note`))",
            Dialect::Mysql,
        );
        let Op::CreateTable { columns, .. } = &o[0] else {
            panic!()
        };
        // SQL comments are not part of a definition.
        assert_eq!(
            columns[0].definition,
            "`note` varchar(20) NOT NULL DEFAULT 'it''s'"
        );
        assert_eq!(
            columns[1].definition,
            "ts timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP"
        );
        let o = ops("ALTER TABLE t ADD COLUMN phone varchar(20) COMMENT 'p' AFTER email, MODIFY COLUMN a int unsigned NOT NULL FIRST, CHANGE b c text COMMENT 'c'", Dialect::Mysql);
        assert!(
            matches!(&o[0], Op::AddColumn { column, .. } if column.definition == "phone varchar(20)")
        );
        assert!(
            matches!(&o[1], Op::Restate { column, .. } if column.definition == "a int unsigned NOT NULL")
        );
        assert!(matches!(&o[2], Op::Restate { column, .. } if column.definition == "c text"));
    }

    #[test]
    fn mysql_binary_attribute_is_tolerated() {
        let o = ops(
            "ALTER TABLE t MODIFY COLUMN token VARCHAR(64) BINARY",
            Dialect::Mysql,
        );
        assert!(
            matches!(&o[0], Op::Restate { column, .. } if column.name == "token" && column.data_type == "VARCHAR(64)")
        );
    }

    #[test]
    fn modify_and_change_restate() {
        let o = ops(
            "ALTER TABLE u MODIFY email varchar(320) NOT NULL, CHANGE COLUMN a b int COMMENT 'c'",
            Dialect::Mysql,
        );
        assert!(
            matches!(&o[0], Op::Restate { old, column, .. } if old == "email" && column.comment.is_none())
        );
        assert!(
            matches!(&o[1], Op::Restate { old, column, .. } if old == "a" && column.name == "b" && column.comment.as_deref() == Some("c"))
        );
    }

    #[test]
    fn postgres_alter_fallbacks() {
        assert_eq!(
            ops(
                "ALTER TABLE ONLY p ATTACH PARTITION c FOR VALUES IN ('x')",
                Dialect::Postgres
            ),
            vec![Op::AttachPartition {
                parent: n("p"),
                child: n("c")
            }]
        );
        assert_eq!(
            ops("ALTER TABLE a SET SCHEMA s", Dialect::Postgres),
            vec![Op::SetSchema {
                table: n("a"),
                schema: "s".into()
            }]
        );
        assert_eq!(
            ops("ALTER TABLE a ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (SEQUENCE NAME x START WITH 1)", Dialect::Postgres),
            vec![Op::Touch { table: n("a"), statement: "ALTER TABLE" }]
        );
        // pg_dump names sequences in ALTER TABLE … OWNER TO: the replayer knows them.
        assert_eq!(
            parse(
                "CREATE SEQUENCE IF NOT EXISTS s.t_id_seq START WITH 1",
                Dialect::Postgres
            ),
            Parsed::Ops(vec![Op::CreateSequence {
                name: Name {
                    schema: Some("s".into()),
                    name: "t_id_seq".into()
                }
            }])
        );
        let o = ops("ALTER TABLE a ADD COLUMN x int, DROP COLUMN y, ALTER COLUMN z TYPE varchar(10) USING z::text, RENAME COLUMN q TO r", Dialect::Postgres);
        assert_eq!(o.len(), 4);
        assert!(matches!(&o[2], Op::AlterType { data_type, .. } if data_type == "varchar(10)"));
    }

    #[test]
    fn like_forms() {
        let o = ops("CREATE TABLE b (LIKE a INCLUDING ALL)", Dialect::Postgres);
        assert!(matches!(
            &o[0],
            Op::CreateTable {
                like: Some(Like {
                    column_comments: true,
                    table_comment: false,
                    ..
                }),
                ..
            }
        ));
        let o = ops(
            "CREATE TABLE b (LIKE a INCLUDING DEFAULTS)",
            Dialect::Postgres,
        );
        assert!(matches!(
            &o[0],
            Op::CreateTable {
                like: Some(Like {
                    column_comments: false,
                    ..
                }),
                ..
            }
        ));
        let o = ops("CREATE TABLE b LIKE a", Dialect::Mysql);
        assert!(matches!(
            &o[0],
            Op::CreateTable {
                like: Some(Like {
                    column_comments: true,
                    table_comment: true,
                    ..
                }),
                ..
            }
        ));
    }

    #[test]
    fn comment_on() {
        assert_eq!(
            ops("COMMENT ON COLUMN s.t.c IS 'a' 'b'", Dialect::Postgres),
            vec![Op::ColumnComment {
                table: Name {
                    schema: Some("s".into()),
                    name: "t".into()
                },
                column: "c".into(),
                comment: Some("ab".into())
            }]
        );
        assert_eq!(
            ops("COMMENT ON TABLE t IS NULL", Dialect::Postgres),
            vec![Op::TableComment {
                table: n("t"),
                comment: None
            }]
        );
        assert_eq!(
            parse("COMMENT ON INDEX i IS 'x'", Dialect::Postgres),
            Parsed::Irrelevant
        );
    }

    #[test]
    fn search_path_and_use() {
        assert_eq!(
            ops("SET search_path TO app, public", Dialect::Postgres),
            vec![Op::SearchPath(vec!["app".into(), "public".into()])]
        );
        assert_eq!(
            ops(
                "SELECT pg_catalog.set_config('search_path', '', false)",
                Dialect::Postgres
            ),
            vec![Op::SearchPath(vec![])]
        );
        assert_eq!(
            ops("USE shop", Dialect::Mysql),
            vec![Op::Use("shop".into())]
        );
    }

    #[test]
    fn expression_errors_fall_back_to_the_lexer() {
        let o = ops(
            "CREATE TABLE e (id bigint NOT NULL, reason text NOT NULL, email text COMMENT 'x', CONSTRAINT c CHECK ((length(TRIM(BOTH FROM reason)) >= 1)))",
            Dialect::Postgres,
        );
        let Op::CreateTable { columns, .. } = &o[0] else {
            panic!()
        };
        let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["id", "reason", "email"]);
        assert_eq!(columns[0].data_type, "bigint");
        assert_eq!(columns[2].comment.as_deref(), Some("x"));
        let o = ops("CREATE TABLE f (len numeric(4,2) GENERATED ALWAYS AS (round(l / 60.0, 2)) VIRTUAL, title text)", Dialect::Postgres);
        let Op::CreateTable { columns, .. } = &o[0] else {
            panic!()
        };
        assert_eq!(columns[0].data_type, "numeric(4,2)");
        assert_eq!(columns[1].name, "title");
    }

    #[test]
    fn broken_create_is_unparsed_not_skipped() {
        assert!(matches!(
            parse("CREATE TABLE t (a int DEFALT 1 2)", Dialect::Postgres),
            Parsed::Unparsed { table: Some(_), .. }
        ));
        let deep = format!(
            "CREATE TABLE t (a int DEFAULT {}1{})",
            "(".repeat(100_000),
            ")".repeat(100_000)
        );
        assert!(matches!(
            parse(&deep, Dialect::Postgres),
            Parsed::Unparsed { .. }
        ));
    }

    #[test]
    fn irrelevant_statements() {
        for s in [
            "INSERT INTO t VALUES (1)",
            "CREATE INDEX i ON t (a)",
            "GRANT ALL ON t TO x",
        ] {
            assert_eq!(parse(s, Dialect::Postgres), Parsed::Irrelevant, "{s}");
        }
        // A temporary table is known to the session (not audited).
        assert_eq!(
            parse("CREATE TEMP TABLE x (a int)", Dialect::Postgres),
            Parsed::Ops(vec![Op::CreateTemporary { name: n("x") }])
        );
        // A routine is kept for a later call, with nothing to replay in this body.
        assert_eq!(
            parse(
                "CREATE FUNCTION f() RETURNS int AS $$ select 1 $$ LANGUAGE sql",
                Dialect::Postgres
            ),
            Parsed::Procedural(super::super::plpgsql::Procedural::CreateProcedure {
                name: n("f"),
                body: Ok(Vec::new())
            })
        );
    }
}

//! PostgreSQL procedural DDL: `DO` blocks, procedures run by `CALL`, and
//! `EXECUTE` of strings known before the migration runs.
//!
//! A `DO` block runs once, so its DDL is replayed in order, each statement at
//! the line where it stands. Which statements run is decided as a fresh
//! database would decide it:
//! - `IF [NOT] EXISTS (SELECT … FROM information_schema.tables|columns,
//!   pg_tables, pg_class, pg_attribute … WHERE <name> = 'lit' …)` and
//!   `to_regclass('t') IS [NOT] NULL` are answered from the model;
//! - any other condition (a version check, a row count, …) takes its `THEN`
//!   branch (the guarded DDL), never the `ELSIF`/`ELSE` ones; `CASE` takes
//!   its first `WHEN`; a loop body runs once;
//! - a block with `EXCEPTION` handlers is undone when one of its statements
//!   would fail on the model (`ADD COLUMN` of an existing column, …), as the
//!   server rolls it back; handler DDL is not replayed (when the block fails
//!   on the model, the server runs a handler: its DDL is reported unparsed).
//!
//! `EXECUTE 'lit'`, `EXECUTE format('… %I …', 'lit')`, `||` of literals and
//! `quote_ident('lit')` (also through a variable assigned such a value) are
//! replayed; an `EXECUTE` whose text is not known and that may be DDL is a
//! `dynamic-ddl` notice. Function, procedure and trigger bodies are not run
//! by the migration and are not replayed, except a PL/pgSQL or SQL routine
//! created in the migrations that a later `CALL p()`, `SELECT f()` or
//! `PERFORM f()` runs: its DDL is replayed there (in the unit of the call),
//! located at the lines of the routine's body.

use super::lex::{lex, read_name, Tok, Token};
use super::parse::{self, Name, Op, Parsed};
use super::{statement_head, Replayer};
use crate::dialect::Dialect;
use crate::model::{Notice, NoticeKind, TableKey};
use std::collections::HashMap;

const PG: Dialect = Dialect::Postgres;

/// Nesting of blocks, IFs and loops read before giving up (never a stack overflow).
const MAX_NESTING: u32 = 100;

/// A PostgreSQL procedural statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Procedural {
    /// A `DO` block: run now.
    Block(Vec<Step>),
    /// `CREATE PROCEDURE`: run by a later `CALL`; `Err` when its body could not be read.
    CreateProcedure {
        name: Name,
        body: Result<Vec<Step>, BodyError>,
    },
    Call(Name),
}

/// One statement of a PL/pgSQL body; `line` counts lines below the first
/// line of the statement that holds the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Sql {
        line: u32,
        head: String,
        parsed: Parsed,
    },
    If {
        branches: Vec<(Cond, Vec<Step>)>,
        otherwise: Vec<Step>,
    },
    /// A block with `EXCEPTION` handlers: undone as a whole when a statement
    /// fails. Handler DDL is not replayed; when the model says the block
    /// fails, it is reported (the server would run it).
    Guarded {
        body: Vec<Step>,
        handlers: Vec<Step>,
    },
    /// An `EXECUTE` of a text not known statically that may be DDL.
    Dynamic {
        line: u32,
        table: Option<Name>,
        statement: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cond {
    /// `[NOT] EXISTS` of a table or column, answered from the model.
    Exists {
        negated: bool,
        probe: Probe,
    },
    /// `a AND b …` / `a OR b …` of conditions the model answers.
    All(Vec<Cond>),
    Any(Vec<Cond>),
    /// Anything else: the branch is taken.
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    /// `None`: any schema (an `information_schema` query without a schema filter).
    pub schema: Option<String>,
    /// Unqualified `to_regclass('t')`: resolved through `search_path`.
    pub search_path: bool,
    pub table: String,
    pub column: Option<String>,
}

/// Why a procedural body could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    #[error(
        "expected {expected} {line} line(s) below the statement's first line, found `{found}`"
    )]
    Expected {
        expected: &'static str,
        line: u32,
        found: String,
    },
    #[error("unterminated block (missing END)")]
    Unterminated,
    #[error("LANGUAGE {0} bodies are not read")]
    Language(String),
    #[error("blocks nested deeper than {MAX_NESTING} levels")]
    TooDeep,
}

/// A procedure a later `CALL` may run: where its `CREATE PROCEDURE` stands.
#[derive(Debug, Clone)]
struct StoredProcedure {
    file: String,
    line: u32,
    body: Result<Vec<Step>, BodyError>,
}

/// Procedures created so far, by key.
#[derive(Debug, Default)]
pub struct State {
    procedures: HashMap<TableKey, StoredProcedure>,
    /// Routines running now (a routine that calls itself is not followed).
    running: Vec<TableKey>,
}

/// Words that make an unreadable body worth reporting.
const DDL_WORDS: &[&str] = &["CREATE", "ALTER", "DROP", "COMMENT", "EXECUTE", "RENAME"];

fn may_hold_ddl(toks: &[Token]) -> bool {
    toks.iter().any(|t| DDL_WORDS.iter().any(|w| t.is_word(w)))
}

/// The body string of `DO` / `CREATE PROCEDURE … AS`: its text, the offset of
/// its first character in `text`, and the language named around it.
fn body_and_language(text: &str, toks: &[Token], from: usize) -> Option<(String, usize, String)> {
    let mut body = None;
    let mut language = "plpgsql".to_string();
    let mut i = from;
    while i < toks.len() {
        let t = &toks[i];
        if t.depth == 0 && t.is_word("LANGUAGE") {
            match toks.get(i + 1).map(|t| &t.tok) {
                Some(Tok::Word(w)) | Some(Tok::Quoted(w)) | Some(Tok::Str(w)) => {
                    language = w.to_ascii_lowercase();
                }
                _ => {}
            }
            i += 2;
            continue;
        }
        if let (Tok::Str(s), None) = (&t.tok, &body) {
            let raw = &text[t.start..t.end];
            let open = if raw.starts_with('$') {
                raw.strip_prefix('$')
                    .and_then(|r| r.find('$'))
                    .map_or(1, |p| p + 2)
            } else if raw.starts_with(['E', 'e']) {
                2
            } else {
                1
            };
            body = Some((s.clone(), t.start + open));
        }
        i += 1;
    }
    body.map(|(b, at)| (b, at, language))
}

/// Lines between the statement's first token and `offset`.
fn lines_to(text: &str, offset: usize) -> u32 {
    let lead = text.len() - text.trim_start().len();
    text.get(lead..offset)
        .map_or(0, |s| s.matches('\n').count() as u32)
}

/// `DO [LANGUAGE l] 'body' [LANGUAGE l]`.
pub fn parse_do(text: &str) -> Parsed {
    let toks = lex(text, PG, usize::MAX);
    let Some((body, at, language)) = body_and_language(text, &toks, 1) else {
        return Parsed::Irrelevant;
    };
    let base = lines_to(text, at);
    match read_body(&body, base, &language) {
        Ok(steps) => Parsed::Procedural(Procedural::Block(steps)),
        Err(reason) => {
            if may_hold_ddl(&lex(&body, PG, usize::MAX)) {
                Parsed::Unparsed {
                    table: None,
                    reason: format!("DO block not read: {reason}"),
                }
            } else {
                Parsed::Irrelevant
            }
        }
    }
}

/// `CREATE [OR REPLACE] PROCEDURE|FUNCTION name(…) … AS 'body'`: kept for a
/// later `CALL name()` / `SELECT name()` / `PERFORM name()`, never run here.
pub fn parse_create_procedure(text: &str) -> Parsed {
    let toks = lex(text, PG, usize::MAX);
    let Some(kw) = toks
        .iter()
        .position(|t| t.is_word("PROCEDURE") || t.is_word("FUNCTION"))
    else {
        return Parsed::Irrelevant;
    };
    let Some((raw, next)) = read_name(&toks, kw + 1) else {
        return Parsed::Irrelevant;
    };
    let name = parse::pg_name(&raw);
    let body = match body_and_language(text, &toks, next) {
        Some((body, at, language)) => read_body(&body, lines_to(text, at), &language),
        // SQL-standard `BEGIN ATOMIC … END` bodies cannot run DDL.
        None => Ok(Vec::new()),
    };
    Parsed::Procedural(Procedural::CreateProcedure { name, body })
}

/// `SELECT name(…)` (also `PERFORM name(…)` in a block): runs a function
/// the migrations may have created; anything else is not a call.
pub fn parse_select_call(text: &str) -> Parsed {
    let toks = lex(text, PG, usize::MAX);
    let Some((raw, next)) = read_name(&toks, 1) else {
        return Parsed::Irrelevant;
    };
    let whole_call = toks.get(next).is_some_and(|t| t.is_punct('('))
        && toks[next + 1..]
            .iter()
            .position(|t| t.depth == toks[next].depth && t.is_punct(')'))
            .is_some_and(|p| {
                let after = next + 2 + p;
                after == toks.len() || (after + 1 == toks.len() && toks[after].is_punct(';'))
            });
    if !whole_call {
        return Parsed::Irrelevant;
    }
    Parsed::Procedural(Procedural::Call(parse::pg_name(&raw)))
}

/// `CALL name(…)`.
pub fn parse_call(text: &str) -> Parsed {
    let toks = lex(text, PG, 16);
    match read_name(&toks, 1) {
        Some((raw, _)) => Parsed::Procedural(Procedural::Call(parse::pg_name(&raw))),
        None => Parsed::Irrelevant,
    }
}

fn read_body(body: &str, base: u32, language: &str) -> Result<Vec<Step>, BodyError> {
    if language == "sql" {
        // A LANGUAGE sql routine: its statements in order (DO blocks have no SQL language).
        let steps = crate::source::split::split(body, PG, 1)
            .statements
            .into_iter()
            .filter_map(|st| {
                let parsed = parse::parse(&st.text, PG);
                (parsed != Parsed::Irrelevant).then(|| Step::Sql {
                    line: base + st.line - 1,
                    head: statement_head(&st.text),
                    parsed,
                })
            })
            .collect();
        return Ok(steps);
    }
    if language != "plpgsql" {
        let toks = lex(body, PG, usize::MAX);
        return if may_hold_ddl(&toks) {
            Err(BodyError::Language(language.to_string()))
        } else {
            Ok(Vec::new())
        };
    }
    let toks = lex(body, PG, usize::MAX);
    let mut r = Reader {
        body,
        toks: &toks,
        i: 0,
        base,
        vars: HashMap::new(),
        nesting: 0,
    };
    let steps = r.block()?;
    r.skip_punct(';');
    if r.i < toks.len() {
        return Err(r.expected("the end of the body"));
    }
    Ok(steps)
}

struct Reader<'a> {
    body: &'a str,
    toks: &'a [Token],
    i: usize,
    base: u32,
    /// Variables assigned a text known statically (`v := 'ALTER …'`).
    vars: HashMap<String, String>,
    nesting: u32,
}

impl Reader<'_> {
    fn word(&self, at: usize) -> String {
        match self.toks.get(at).map(|t| &t.tok) {
            Some(Tok::Word(w)) => w.to_ascii_uppercase(),
            _ => String::new(),
        }
    }

    fn word_text(&self, at: usize) -> &str {
        self.toks
            .get(at)
            .map_or("end of block", |t| &self.body[t.start..t.end])
    }

    fn line(&self, at: usize) -> u32 {
        let offset = self.toks.get(at).map_or(self.body.len(), |t| t.start);
        self.base + self.body[..offset].matches('\n').count() as u32
    }

    fn expected(&self, expected: &'static str) -> BodyError {
        BodyError::Expected {
            expected,
            line: self.line(self.i),
            found: self.word_text(self.i).chars().take(40).collect(),
        }
    }

    fn expect(&mut self, kw: &'static str) -> Result<(), BodyError> {
        if self.word(self.i) == kw {
            self.i += 1;
            Ok(())
        } else {
            Err(self.expected(kw))
        }
    }

    fn skip_punct(&mut self, c: char) {
        if self.toks.get(self.i).is_some_and(|t| t.is_punct(c)) {
            self.i += 1;
        }
    }

    fn skip_label(&mut self) {
        let t = self.toks;
        let i = self.i;
        if t.get(i).is_some_and(|t| t.is_punct('<'))
            && t.get(i + 1).is_some_and(|t| t.is_punct('<'))
            && t.get(i + 3).is_some_and(|t| t.is_punct('>'))
            && t.get(i + 4).is_some_and(|t| t.is_punct('>'))
        {
            self.i += 5;
        }
    }

    /// Index of the `;` ending the simple statement at `i` (or the end).
    fn statement_end(&self, from: usize) -> usize {
        (from..self.toks.len())
            .find(|&k| self.toks[k].depth == 0 && self.toks[k].is_punct(';'))
            .unwrap_or(self.toks.len())
    }

    /// `[<<label>>] [DECLARE …] BEGIN … [EXCEPTION …] END [label]`.
    fn block(&mut self) -> Result<Vec<Step>, BodyError> {
        self.skip_label();
        if self.word(self.i) == "DECLARE" {
            self.i += 1;
            while self.i < self.toks.len() && self.word(self.i) != "BEGIN" {
                let end = self.statement_end(self.i);
                self.assignment(self.i, end);
                self.i = end + 1;
            }
        }
        self.expect("BEGIN")?;
        let body = self.statements()?;
        let guarded = self.word(self.i) == "EXCEPTION";
        let mut handlers = Vec::new();
        if guarded {
            self.i += 1;
            while self.word(self.i) == "WHEN" {
                self.i += 1;
                while self.i < self.toks.len() && self.word(self.i) != "THEN" {
                    self.i += 1;
                }
                self.expect("THEN")?;
                handlers.extend(self.statements()?);
            }
        }
        self.expect("END")?;
        if matches!(self.toks.get(self.i).map(|t| &t.tok), Some(Tok::Word(_)))
            && !self.toks[self.i].is_punct(';')
        {
            self.i += 1; // END label
        }
        Ok(if guarded {
            vec![Step::Guarded { body, handlers }]
        } else {
            body
        })
    }

    /// Statements up to a word that ends them (END, ELSE, ELSIF, WHEN, EXCEPTION).
    fn statements(&mut self) -> Result<Vec<Step>, BodyError> {
        self.nesting += 1;
        if self.nesting > MAX_NESTING {
            return Err(BodyError::TooDeep);
        }
        let steps = self.statement_list();
        self.nesting -= 1;
        steps
    }

    fn statement_list(&mut self) -> Result<Vec<Step>, BodyError> {
        let mut out = Vec::new();
        loop {
            self.skip_label();
            if self.i >= self.toks.len() {
                return Err(BodyError::Unterminated);
            }
            let w = self.word(self.i);
            match w.as_str() {
                "END" | "ELSE" | "ELSIF" | "ELSEIF" | "WHEN" | "EXCEPTION" => return Ok(out),
                "BEGIN" | "DECLARE" => {
                    out.extend(self.block()?);
                    self.end_statement()?;
                }
                "IF" => {
                    out.push(self.if_statement()?);
                }
                "CASE" => {
                    out.push(self.case_statement()?);
                }
                "LOOP" | "WHILE" | "FOR" | "FOREACH" => {
                    while self.i < self.toks.len()
                        && !(self.toks[self.i].depth == 0 && self.word(self.i) == "LOOP")
                    {
                        self.i += 1;
                    }
                    self.expect("LOOP")?;
                    // A loop body runs once in the model: its static DDL is what a guard protects.
                    out.extend(self.statements()?);
                    self.expect("END")?;
                    self.expect("LOOP")?;
                    self.end_statement_with_label()?;
                }
                _ => {
                    let start = self.i;
                    let end = self.statement_end(start);
                    if end > start {
                        if let Some(step) = self.simple(start, end) {
                            out.push(step);
                        }
                    }
                    self.i = end + 1;
                }
            }
        }
    }

    fn end_statement(&mut self) -> Result<(), BodyError> {
        if self.toks.get(self.i).is_some_and(|t| t.is_punct(';')) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.expected("`;`"))
        }
    }

    fn end_statement_with_label(&mut self) -> Result<(), BodyError> {
        if matches!(self.toks.get(self.i).map(|t| &t.tok), Some(Tok::Word(_))) {
            self.i += 1;
        }
        self.end_statement()
    }

    fn if_statement(&mut self) -> Result<Step, BodyError> {
        let mut branches = Vec::new();
        let mut otherwise = Vec::new();
        loop {
            self.i += 1; // IF / ELSIF / ELSEIF
            let start = self.i;
            while self.i < self.toks.len()
                && !(self.toks[self.i].depth == 0 && self.word(self.i) == "THEN")
            {
                self.i += 1;
            }
            let cond = condition(&self.toks[start..self.i]);
            self.expect("THEN")?;
            branches.push((cond, self.statements()?));
            match self.word(self.i).as_str() {
                "ELSIF" | "ELSEIF" => continue,
                "ELSE" => {
                    self.i += 1;
                    otherwise = self.statements()?;
                    break;
                }
                _ => break,
            }
        }
        self.expect("END")?;
        self.expect("IF")?;
        self.end_statement()?;
        Ok(Step::If {
            branches,
            otherwise,
        })
    }

    /// `CASE [expr] WHEN … THEN … [ELSE …] END CASE`: the first WHEN is taken.
    fn case_statement(&mut self) -> Result<Step, BodyError> {
        self.i += 1;
        while self.i < self.toks.len() && self.word(self.i) != "WHEN" {
            self.i += 1;
        }
        let mut branches = Vec::new();
        let mut otherwise = Vec::new();
        while self.word(self.i) == "WHEN" {
            while self.i < self.toks.len()
                && !(self.toks[self.i].depth == 0 && self.word(self.i) == "THEN")
            {
                self.i += 1;
            }
            self.expect("THEN")?;
            branches.push((Cond::Other, self.statements()?));
        }
        if self.word(self.i) == "ELSE" {
            self.i += 1;
            otherwise = self.statements()?;
        }
        self.expect("END")?;
        self.expect("CASE")?;
        self.end_statement()?;
        Ok(Step::If {
            branches,
            otherwise,
        })
    }

    /// `v := expr` / `v = expr` / `v type := expr` (DECLARE): remember known texts.
    fn assignment(&mut self, start: usize, end: usize) -> bool {
        let toks = &self.toks[start..end];
        let Some(Tok::Word(var)) = toks.first().map(|t| &t.tok) else {
            return false;
        };
        let at = toks
            .iter()
            .position(|t| t.depth == 0 && (t.is_punct('=') || t.is_word("DEFAULT")));
        let Some(at) = at else {
            return false;
        };
        let var = var.to_ascii_lowercase();
        match eval(self.body, &toks[at + 1..], &self.vars) {
            Some(v) => {
                self.vars.insert(var, v);
            }
            None => {
                self.vars.remove(&var);
            }
        }
        true
    }

    fn simple(&mut self, start: usize, end: usize) -> Option<Step> {
        let w = self.word(start);
        match w.as_str() {
            "EXECUTE" => self.execute(start, end),
            "PERFORM" => {
                let text = &self.body[self.toks[start].end..self.toks[end - 1].end];
                let parsed = parse_select_call(&format!("SELECT {text}"));
                (parsed != Parsed::Irrelevant).then(|| Step::Sql {
                    line: self.line(start),
                    head: statement_head(text),
                    parsed,
                })
            }
            // Not DDL: control flow, messages, queries into variables, data changes.
            "RAISE" | "RETURN" | "NULL" | "EXIT" | "CONTINUE" | "GET" | "ASSERT" | "OPEN"
            | "FETCH" | "CLOSE" | "MOVE" | "COMMIT" | "ROLLBACK" | "SELECT" | "WITH" | "INSERT"
            | "UPDATE" | "DELETE" | "MERGE" | "VALUES" => None,
            _ => {
                let second = self.toks.get(start + 1);
                let assigns = second.is_some_and(|t| t.is_punct(':') || t.is_punct('='))
                    || (second.is_some_and(|t| t.is_punct('.'))
                        && self.toks[start..end]
                            .windows(2)
                            .any(|w| w[0].is_punct(':') && w[1].is_punct('=')));
                if assigns {
                    self.assignment(start, end);
                    return None;
                }
                let text = &self.body[self.toks[start].start..self.toks[end - 1].end];
                let parsed = parse::parse(text, PG);
                if parsed == Parsed::Irrelevant {
                    return None;
                }
                Some(Step::Sql {
                    line: self.line(start),
                    head: statement_head(text),
                    parsed,
                })
            }
        }
    }

    /// `EXECUTE expr [INTO …] [USING …]`.
    fn execute(&mut self, start: usize, end: usize) -> Option<Step> {
        let expr_end = (start + 1..end)
            .find(|&k| {
                self.toks[k].depth == 0 && (self.word(k) == "INTO" || self.word(k) == "USING")
            })
            .unwrap_or(end);
        let expr = &self.toks[start + 1..expr_end];
        let line = self.line(start);
        let statement = statement_head(&self.body[self.toks[start].start..self.toks[end - 1].end]);
        if let Some(sql) = eval(self.body, expr, &self.vars) {
            let parsed = parse::parse(&sql, PG);
            return (parsed != Parsed::Irrelevant).then(|| Step::Sql {
                line,
                head: statement_head(&sql),
                parsed,
            });
        }
        // Unknown parts become a dummy name: what is left says whether it is DDL, and on what.
        let skeleton = skeleton(self.body, expr, &self.vars);
        let (is_ddl, table) = match skeleton.as_deref().map(|s| parse::parse(s, PG)) {
            Some(Parsed::Irrelevant) => (false, None),
            // Only the name of a constraint, index or owner is dynamic: no column or comment changes.
            Some(Parsed::Ops(ops))
                if ops
                    .iter()
                    .all(|o| matches!(o, Op::Touch { .. } | Op::IfTableExists(_)))
                    && !dynamic_alter_action(skeleton.as_deref().unwrap_or_default()) =>
            {
                (false, None)
            }
            // A plain view holds no data and is not audited.
            Some(Parsed::Ops(ops))
                if ops.iter().all(|o| {
                    matches!(
                        o,
                        Op::CreateView {
                            materialized: false,
                            ..
                        }
                    )
                }) =>
            {
                (false, None)
            }
            Some(Parsed::Ops(ops)) => (true, ops.iter().find_map(super::op_table).cloned()),
            Some(Parsed::Unparsed { table, .. }) => (true, table),
            _ => (true, None),
        };
        let table = table.filter(|t| t.name != DUMMY && t.schema.as_deref() != Some(DUMMY));
        is_ddl.then_some(Step::Dynamic {
            line,
            table,
            statement,
        })
    }
}

const DUMMY: &str = "pitag_dynamic";

/// Whether an `ALTER TABLE` skeleton has a dynamic part where an operation
/// starts: `'ALTER TABLE t ' || action`.
fn dynamic_alter_action(skeleton: &str) -> bool {
    let toks = lex(skeleton, PG, usize::MAX);
    let Some(mut i) = toks.iter().position(|t| t.is_word("TABLE")).map(|p| p + 1) else {
        return true;
    };
    for kw in ["IF", "EXISTS", "ONLY"] {
        if toks.get(i).is_some_and(|t| t.is_word(kw)) {
            i += 1;
        }
    }
    // Which table does not matter when the operations themselves change nothing audited.
    let Some((_, after)) = read_name(&toks, i) else {
        return true;
    };
    std::iter::once(after)
        .chain(
            (after..toks.len())
                .filter(|&k| toks[k].depth == 0 && toks[k].is_punct(','))
                .map(|k| k + 1),
        )
        .any(|k| toks.get(k).is_none_or(|t| t.is_word(DUMMY)))
}

/// Split `toks` at top-level `||`.
fn concat_parts(toks: &[Token]) -> Vec<&[Token]> {
    let Some(base) = toks.first().map(|t| t.depth) else {
        return Vec::new();
    };
    let mut parts = Vec::new();
    let mut start = 0;
    let mut k = 0;
    while k < toks.len() {
        if toks[k].depth == base
            && toks[k].is_punct('|')
            && toks.get(k + 1).is_some_and(|t| t.is_punct('|'))
        {
            parts.push(&toks[start..k]);
            start = k + 2;
            k += 2;
            continue;
        }
        k += 1;
    }
    parts.push(&toks[start..]);
    parts
}

/// Arguments of a call `f(a, b)` whose `(` is `toks[1]`; `None` unless the
/// call spans all of `toks`.
fn call_args(toks: &[Token]) -> Option<Vec<&[Token]>> {
    let open = toks.get(1)?;
    if !open.is_punct('(') || !toks.last()?.is_punct(')') || toks.last()?.depth != open.depth {
        return None;
    }
    let inner = &toks[2..toks.len() - 1];
    if inner.is_empty() {
        return Some(Vec::new());
    }
    Some(
        inner
            .split(|t| t.depth == open.depth + 1 && t.is_punct(','))
            .collect(),
    )
}

fn quote_ident(s: &str) -> String {
    let plain = s
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace('"', "\"\""))
    }
}

fn quote_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The value of a text expression known statically.
fn eval(body: &str, toks: &[Token], vars: &HashMap<String, String>) -> Option<String> {
    let parts = concat_parts(toks);
    let mut out = String::new();
    for p in parts {
        out.push_str(&eval_term(body, p, vars)?);
    }
    Some(out)
}

fn eval_term(body: &str, toks: &[Token], vars: &HashMap<String, String>) -> Option<String> {
    // Parentheses bound the recursion: give up on absurd nesting.
    if toks.first().is_some_and(|t| t.depth > 64) {
        return None;
    }
    match toks {
        [] => None,
        [t] => match &t.tok {
            Tok::Str(s) => Some(s.clone()),
            Tok::Word(w) => vars.get(&w.to_ascii_lowercase()).cloned(),
            _ => None,
        },
        // ('…') and '…'::text
        [open, inner @ .., close]
            if open.is_punct('(') && close.is_punct(')') && open.depth == close.depth =>
        {
            eval(body, inner, vars)
        }
        [t, c1, c2, ty] if c1.is_punct(':') && c2.is_punct(':') && ty.is_word("text") => {
            eval_term(body, std::slice::from_ref(t), vars)
        }
        _ => {
            let Tok::Word(f) = &toks[0].tok else {
                return None;
            };
            let args = call_args(toks)?;
            let val = |a: &[Token]| eval(body, a, vars);
            match f.to_ascii_lowercase().as_str() {
                "quote_ident" if args.len() == 1 => Some(quote_ident(&val(args[0])?)),
                "quote_literal" | "quote_nullable" if args.len() == 1 => {
                    Some(quote_literal(&val(args[0])?))
                }
                "format" if !args.is_empty() => {
                    let fmt = val(args[0])?;
                    let rest: Vec<Option<String>> = args[1..].iter().map(|a| val(a)).collect();
                    format(&fmt, &rest, false)
                }
                "concat" => args.iter().map(|a| val(a)).collect(),
                _ => None,
            }
        }
    }
}

/// PostgreSQL `format()`: `%I`, `%L`, `%s`, `%%`, `%n$…`. With `dummy`,
/// unknown arguments become a dummy identifier instead of failing.
fn format(fmt: &str, args: &[Option<String>], dummy: bool) -> Option<String> {
    let mut out = String::new();
    let mut next = 0;
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = String::new();
        while let Some(&d) = chars.peek() {
            chars.next();
            if d.is_ascii_alphabetic() || d == '%' {
                spec.push(d);
                break;
            }
            spec.push(d);
        }
        let kind = spec.chars().last()?;
        if kind == '%' {
            out.push('%');
            continue;
        }
        let index = match spec.split_once('$') {
            Some((n, _)) => n.parse::<usize>().ok()?.checked_sub(1)?,
            None => {
                next += 1;
                next - 1
            }
        };
        if spec.contains('$') {
            next = index + 1;
        }
        let arg = match args.get(index) {
            Some(Some(a)) => a.clone(),
            _ if dummy => {
                out.push_str(DUMMY);
                continue;
            }
            _ => return None,
        };
        match kind {
            'I' => out.push_str(&quote_ident(&arg)),
            'L' => out.push_str(&quote_literal(&arg)),
            's' => out.push_str(&arg),
            _ => return None,
        }
    }
    Some(out)
}

/// The text of an expression with every unknown part replaced by a dummy
/// identifier; `None` when no literal text is left to say what it does.
fn skeleton(body: &str, toks: &[Token], vars: &HashMap<String, String>) -> Option<String> {
    let mut out = String::new();
    let mut known = false;
    for p in concat_parts(toks) {
        if let Some(v) = eval_term(body, p, vars) {
            known = true;
            out.push_str(&v);
            continue;
        }
        let is_format = p.first().is_some_and(|t| t.is_word("format"));
        if let (true, Some(args)) = (is_format, call_args(p)) {
            if let Some(fmt) = args.first().and_then(|a| eval(body, a, vars)) {
                let rest: Vec<Option<String>> =
                    args[1..].iter().map(|a| eval(body, a, vars)).collect();
                if let Some(v) = format(&fmt, &rest, true) {
                    known = true;
                    out.push_str(&v);
                    continue;
                }
            }
        }
        out.push_str(DUMMY);
    }
    known.then_some(out)
}

/// Read an `IF` condition.
fn condition(toks: &[Token]) -> Cond {
    let Some(base) = toks.first().map(|t| t.depth) else {
        return Cond::Other;
    };
    for (kw, combine) in [
        ("AND", Cond::All as fn(Vec<Cond>) -> Cond),
        ("OR", Cond::Any as fn(Vec<Cond>) -> Cond),
    ] {
        let parts: Vec<&[Token]> = toks.split(|t| t.depth == base && t.is_word(kw)).collect();
        if parts.len() > 1 {
            let conds: Vec<Cond> = parts.into_iter().map(condition).collect();
            // Only a combination of answered conditions is answered (no precedence games).
            return if conds.iter().all(|c| matches!(c, Cond::Exists { .. })) {
                combine(conds)
            } else {
                Cond::Other
            };
        }
    }
    let (negated, rest) = if toks.first().is_some_and(|t| t.is_word("NOT")) {
        (true, &toks[1..])
    } else {
        (false, toks)
    };
    // [NOT] EXISTS (SELECT … FROM catalog WHERE …)
    if rest.first().is_some_and(|t| t.is_word("EXISTS"))
        && rest.get(1).is_some_and(|t| t.is_punct('('))
        && rest
            .last()
            .is_some_and(|t| t.is_punct(')') && t.depth == rest[1].depth)
    {
        return match catalog_probe(&rest[2..rest.len() - 1]) {
            Some(probe) => Cond::Exists { negated, probe },
            None => Cond::Other,
        };
    }
    // to_regclass('t') IS [NOT] NULL
    let toks = if toks.first().is_some_and(|t| t.is_word("pg_catalog"))
        && toks.get(1).is_some_and(|t| t.is_punct('.'))
    {
        &toks[2..]
    } else {
        toks
    };
    if !negated && toks.first().is_some_and(|t| t.is_word("to_regclass")) {
        let n = toks.len();
        let is_null = n >= 2 && toks[n - 1].is_word("NULL") && toks[n - 2].is_word("IS");
        let is_not_null = n >= 3
            && toks[n - 1].is_word("NULL")
            && toks[n - 2].is_word("NOT")
            && toks[n - 3].is_word("IS");
        if let (Some(Tok::Str(s)), true) = (toks.get(2).map(|t| &t.tok), is_null || is_not_null) {
            if let Some(name) = regclass_name(s) {
                return Cond::Exists {
                    negated: is_null,
                    probe: Probe {
                        search_path: name.schema.is_none(),
                        schema: name.schema,
                        table: name.name,
                        column: None,
                    },
                };
            }
        }
    }
    Cond::Other
}

fn regclass_name(s: &str) -> Option<Name> {
    let toks = lex(s, PG, 8);
    let (raw, next) = read_name(&toks, 0)?;
    (next == toks.len()).then(|| parse::pg_name(&raw))
}

/// Catalog relations that list tables (`false`) or columns (`true`).
fn catalog_kind(name: &str) -> Option<bool> {
    let last = name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase();
    match last.as_str() {
        "tables" | "pg_tables" | "pg_class" | "views" | "pg_views" | "pg_matviews" => Some(false),
        "columns" | "pg_attribute" => Some(true),
        _ => None,
    }
}

/// The table (and column) a catalog existence query asks about, when every
/// filter is an equality the model can answer.
fn catalog_probe(toks: &[Token]) -> Option<Probe> {
    if !toks.first()?.is_word("SELECT") {
        return None;
    }
    let base = toks[0].depth;
    let top = |t: &Token| t.depth == base;
    let from = toks.iter().position(|t| top(t) && t.is_word("FROM"))?;
    let where_at = toks.iter().position(|t| top(t) && t.is_word("WHERE"))?;
    let mut columns = None;
    for k in from + 1..where_at {
        let starts_relation = toks[k - 1].is_word("FROM")
            || toks[k - 1].is_word("JOIN")
            || (top(&toks[k - 1]) && toks[k - 1].is_punct(','));
        if !starts_relation {
            continue;
        }
        let (raw, _) = read_name(toks, k)?;
        let full: Vec<&str> = raw.parts.iter().map(|p| p.0.as_str()).collect();
        match catalog_kind(&full.join(".")) {
            Some(c) => columns = Some(columns.unwrap_or(false) || c),
            // pg_namespace joined for the schema name is fine; anything else is not answered.
            None if full
                .last()
                .is_some_and(|l| l.eq_ignore_ascii_case("pg_namespace")) => {}
            None => return None,
        }
    }
    let columns = columns?;
    let mut probe = Probe {
        schema: None,
        search_path: false,
        table: String::new(),
        column: None,
    };
    // WHERE a = 'x' AND b = 'y' …
    let conds = &toks[where_at + 1..];
    for c in conds.split(|t| top(t) && t.is_word("AND")) {
        let (lhs, rest) = read_name(c, 0)?;
        let field = raw_last(&lhs);
        if !c.get(rest).is_some_and(|t| t.is_punct('=')) {
            return None;
        }
        let value = match (c.get(rest + 1).map(|t| &t.tok), c.len()) {
            (Some(Tok::Str(s)), n) if n == rest + 2 => Value::Lit(s.clone()),
            // 'users'::regclass
            (Some(Tok::Str(s)), n)
                if n == rest + 5
                    && c[rest + 2].is_punct(':')
                    && c[rest + 3].is_punct(':')
                    && c[rest + 4].is_word("regclass") =>
            {
                Value::Regclass(regclass_name(s)?)
            }
            (Some(Tok::Word(_)), _)
                if c[rest + 1..].iter().any(|t| t.is_word("current_schema")) =>
            {
                Value::CurrentSchema
            }
            _ => {
                // A join condition between catalog columns (c.relnamespace = n.oid): no filter.
                let rhs_is_column = read_name(c, rest + 1).is_some_and(|(_, e)| e == c.len());
                if rhs_is_column {
                    continue;
                }
                return None;
            }
        };
        match (field.as_str(), value) {
            (
                "table_name" | "tablename" | "relname" | "viewname" | "matviewname",
                Value::Lit(s),
            ) => probe.table = s,
            ("column_name" | "attname", Value::Lit(s)) => probe.column = Some(s),
            ("table_schema" | "schemaname" | "nspname", Value::Lit(s)) => probe.schema = Some(s),
            ("table_schema" | "schemaname" | "nspname", Value::CurrentSchema) => {
                probe.search_path = true
            }
            ("attrelid", Value::Regclass(n)) => {
                probe.search_path = n.schema.is_none();
                probe.schema = n.schema;
                probe.table = n.name;
            }
            // Filters that do not narrow the answer for a live table.
            ("relkind" | "table_type" | "attisdropped", _) => {}
            _ => return None,
        }
    }
    if probe.table.is_empty() || (columns && probe.column.is_none()) {
        return None;
    }
    if !columns {
        probe.column = None;
    }
    Some(probe)
}

enum Value {
    Lit(String),
    Regclass(Name),
    CurrentSchema,
}

fn raw_last(raw: &super::lex::RawName) -> String {
    raw.parts
        .last()
        .map(|p| p.0.to_ascii_lowercase())
        .unwrap_or_default()
}

impl Replayer {
    pub(super) fn apply_procedural(&mut self, p: &Procedural, line: u32) {
        match p {
            Procedural::Block(steps) => {
                self.run_steps(steps, line, false);
            }
            Procedural::CreateProcedure { name, body } => {
                let (_, key) = self.create_key(name);
                let stored = StoredProcedure {
                    file: self.file.clone(),
                    line,
                    body: body.clone(),
                };
                self.procedural.procedures.insert(key, stored);
            }
            Procedural::Call(name) => {
                let keys: Vec<TableKey> = match &name.schema {
                    Some(s) => vec![TableKey::new(Some(s), &name.name, PG)],
                    None => self
                        .search_path
                        .iter()
                        .map(|s| TableKey::new(Some(s), &name.name, PG))
                        .collect(),
                };
                // A procedure the migrations did not create is not known to pitag.
                let Some((key, stored)) = keys.iter().find_map(|k| {
                    self.procedural
                        .procedures
                        .get(k)
                        .map(|p| (k.clone(), p.clone()))
                }) else {
                    return;
                };
                // Recursion (or a call cycle) would never end: each routine runs once per chain.
                if self.procedural.running.contains(&key) {
                    return;
                }
                self.procedural.running.push(key);
                let StoredProcedure {
                    file,
                    line: at,
                    body,
                } = stored;
                let call_file = std::mem::replace(&mut self.file, file);
                match body {
                    Ok(steps) => {
                        self.run_steps(&steps, at, false);
                    }
                    Err(reason) => self.schema.unparsed.push(crate::model::Unparsed {
                        origin: self.origin(at),
                        schema: None,
                        table: None,
                        head: format!("CREATE PROCEDURE {} (run by CALL)", name.name),
                        reason: reason.to_string(),
                    }),
                }
                self.file = call_file;
                self.procedural.running.pop();
            }
        }
    }

    /// Run steps; `false` when a statement of a guarded block would fail
    /// (the block's effects are then undone by the caller).
    fn run_steps(&mut self, steps: &[Step], base: u32, guarded: bool) -> bool {
        for step in steps {
            match step {
                Step::Sql { line, head, parsed } => {
                    if guarded && self.would_fail(parsed) {
                        return false;
                    }
                    self.apply_parsed(parsed, base + line, head);
                }
                Step::If {
                    branches,
                    otherwise,
                } => {
                    let taken = branches
                        .iter()
                        .find(|(c, _)| self.holds(c))
                        .map_or(otherwise, |(_, s)| s);
                    if !self.run_steps(taken, base, guarded) {
                        return false;
                    }
                }
                Step::Guarded { body, handlers } => {
                    let saved = self.save();
                    if !self.run_steps(body, base, true) {
                        self.restore(saved);
                        self.report_handlers(handlers, base);
                    }
                }
                Step::Dynamic {
                    line,
                    table,
                    statement,
                } => {
                    let schema = table.as_ref().and_then(|t| {
                        self.find_key(t)
                            .and_then(|k| self.schema.tables.get(&k))
                            .and_then(|t| t.schema.clone())
                            .or_else(|| t.schema.clone().or_else(|| self.default_schema()))
                    });
                    let message = match table {
                        Some(t) => format!(
                            "`{statement}` builds DDL on table `{}` at run time; pitag cannot tell which columns or comments it changes, so they are not audited",
                            t.name
                        ),
                        None => format!(
                            "`{statement}` runs a statement built at run time that may be DDL; pitag cannot tell which tables it changes, so they are not audited"
                        ),
                    };
                    self.schema.notices.push(Notice {
                        kind: NoticeKind::DynamicDdl,
                        origin: self.origin(base + line),
                        schema,
                        table: table.as_ref().map(|t| t.name.clone()),
                        message,
                    });
                }
            }
        }
        true
    }

    /// The block failed on the model, so the server runs a handler: its DDL
    /// is not replayed (which handler runs depends on the error), but reported.
    fn report_handlers(&mut self, handlers: &[Step], base: u32) {
        for step in handlers {
            match step {
                Step::Sql { line, head, .. }
                | Step::Dynamic {
                    line,
                    statement: head,
                    ..
                } => {
                    self.schema.unparsed.push(crate::model::Unparsed {
                        origin: self.origin(base + line),
                        schema: None,
                        table: None,
                        head: head.clone(),
                        reason: "DDL in an EXCEPTION handler is not replayed, and the block fails here (the server runs the handler)".into(),
                    });
                }
                Step::If {
                    branches,
                    otherwise,
                } => {
                    for (_, steps) in branches {
                        self.report_handlers(steps, base);
                    }
                    self.report_handlers(otherwise, base);
                }
                Step::Guarded { body, handlers } => {
                    self.report_handlers(body, base);
                    self.report_handlers(handlers, base);
                }
            }
        }
    }

    fn holds(&self, cond: &Cond) -> bool {
        let (negated, probe) = match cond {
            Cond::Exists { negated, probe } => (negated, probe),
            Cond::All(conds) => return conds.iter().all(|c| self.holds(c)),
            Cond::Any(conds) => return conds.iter().any(|c| self.holds(c)),
            Cond::Other => return true,
        };
        let tables: Vec<&crate::model::Table> = if probe.search_path {
            let name = Name {
                schema: None,
                name: probe.table.clone(),
            };
            self.find_key(&name)
                .and_then(|k| self.schema.tables.get(&k))
                .into_iter()
                .collect()
        } else {
            self.schema
                .tables
                .values()
                .filter(|t| {
                    t.name == probe.table
                        && probe
                            .schema
                            .as_ref()
                            .is_none_or(|s| t.schema.as_ref() == Some(s))
                })
                .collect()
        };
        let exists = tables.iter().any(|t| match &probe.column {
            Some(c) => t.columns.iter().any(|col| &col.name == c),
            None => true,
        });
        exists != *negated
    }

    /// Whether the server would refuse the statement on the model as it is.
    fn would_fail(&self, parsed: &Parsed) -> bool {
        let Parsed::Ops(ops) = parsed else {
            return false;
        };
        let column = |t: &Name, c: &str| {
            self.find_key(t)
                .and_then(|k| self.schema.tables.get(&k))
                .and_then(|t| t.column_index(c, PG))
        };
        let table_missing = |t: &Name| self.find_key(t).is_none();
        if let Some(Op::IfTableExists(t)) = ops.first() {
            if table_missing(t) {
                return false;
            }
        }
        ops.iter().any(|op| match op {
            Op::CreateTable {
                name,
                if_not_exists,
                ..
            } => !if_not_exists && self.find_key(name).is_some(),
            Op::CreateView {
                name, or_replace, ..
            } => !or_replace && self.find_key(name).is_some(),
            Op::Drop {
                names, if_exists, ..
            } => !if_exists && names.iter().any(table_missing),
            Op::RenameTable { from, to } => {
                let target = Name {
                    schema: to.schema.clone().or_else(|| from.schema.clone()),
                    name: to.name.clone(),
                };
                table_missing(from) || !table_missing(&target)
            }
            Op::AddColumn {
                table,
                column: c,
                if_not_exists,
            } => table_missing(table) || (!if_not_exists && column(table, &c.name).is_some()),
            Op::DropColumn {
                table,
                column: c,
                if_exists,
            } => table_missing(table) || (!if_exists && column(table, c).is_none()),
            Op::RenameColumn {
                table, from, to, ..
            } => {
                table_missing(table) || column(table, from).is_none() || column(table, to).is_some()
            }
            Op::AlterType {
                table, column: c, ..
            }
            | Op::ColumnComment {
                table, column: c, ..
            } => table_missing(table) || column(table, c).is_none(),
            Op::TableComment { table, .. }
            | Op::SetSchema { table, .. }
            | Op::Touch { table, .. } => table_missing(table),
            _ => false,
        })
    }

    fn save(&self) -> Saved {
        Saved {
            schema: self.schema.clone(),
            graveyard: self.graveyard.clone(),
            vacated: self.vacated.clone(),
            dropped_columns: self.dropped_columns.clone(),
            partitions: self.partitions.clone(),
            sequences: self.sequences.clone(),
        }
    }

    fn restore(&mut self, s: Saved) {
        // What was reported inside the block stays reported.
        let unparsed = std::mem::take(&mut self.schema.unparsed);
        let notices = std::mem::take(&mut self.schema.notices);
        self.schema = s.schema;
        self.schema.unparsed = unparsed;
        self.schema.notices = notices;
        self.graveyard = s.graveyard;
        self.vacated = s.vacated;
        self.dropped_columns = s.dropped_columns;
        self.partitions = s.partitions;
        self.sequences = s.sequences;
    }
}

/// The replay state a failed block restores.
struct Saved {
    schema: crate::model::Schema,
    graveyard: HashMap<TableKey, crate::model::Table>,
    vacated: HashMap<TableKey, crate::model::Table>,
    dropped_columns: HashMap<(TableKey, String), crate::model::Column>,
    partitions: HashMap<TableKey, TableKey>,
    sequences: std::collections::HashSet<TableKey>,
}

#[cfg(test)]
mod tests {
    use super::super::ParsedStatement;
    use super::*;
    use crate::model::{Origin, Schema};

    /// Replay statements of one file, each at its given line.
    fn replay(stmts: &[(u32, &str)]) -> Schema {
        let mut r = Replayer::new(PG);
        r.begin_file("m.sql");
        for (line, s) in stmts {
            r.apply(&ParsedStatement::new(s, *line, PG));
        }
        r.finish()
    }

    fn columns(s: &Schema, table: &str) -> Vec<String> {
        s.table(Some("public"), table)
            .unwrap_or_else(|| panic!("no table {table}"))
            .columns
            .iter()
            .map(|c| c.name.clone())
            .collect()
    }

    fn line_of(s: &Schema, table: &str, column: &str) -> u32 {
        let t = s.table(Some("public"), table).unwrap();
        let c = &t.columns[t.column_index(column, PG).unwrap()];
        match &c.origin {
            Origin::File { line, .. } => *line,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_issue_case_replays_the_do_block_at_its_own_lines() {
        let s = replay(&[
            (1, "CREATE TABLE users (id int)"),
            (
                2,
                "DO $$ BEGIN\n  ALTER TABLE users ADD COLUMN email text;\n  CREATE TABLE contacts (id int, phone text);\nEND $$",
            ),
        ]);
        assert_eq!(columns(&s, "users"), ["id", "email"]);
        assert_eq!(columns(&s, "contacts"), ["id", "phone"]);
        assert_eq!(line_of(&s, "users", "email"), 3);
        assert_eq!(line_of(&s, "contacts", "phone"), 4);
        assert!(s.unparsed.is_empty() && s.unknown_tables.is_empty());
    }

    #[test]
    fn any_dollar_tag_language_and_nested_blocks() {
        let s = replay(&[
            (1, "CREATE TABLE t (id int)"),
            (
                2,
                "DO LANGUAGE plpgsql $body$\nDECLARE n int := 0;\nBEGIN\n  <<inner>>\n  BEGIN\n    PERFORM 1;\n    RAISE NOTICE 'x; y';\n    ALTER TABLE t ADD COLUMN a text;\n  END inner;\n  FOR i IN 1..3 LOOP\n    n := n + 1;\n  END LOOP;\n  WHILE n > 0 LOOP\n    ALTER TABLE t ADD COLUMN IF NOT EXISTS b text;\n    n := n - 1;\n  END LOOP;\nEND\n$body$",
            ),
            (20, "DO 'BEGIN ALTER TABLE t ADD COLUMN c text; END' LANGUAGE plpgsql"),
        ]);
        assert_eq!(columns(&s, "t"), ["id", "a", "b", "c"]);
        assert_eq!(line_of(&s, "t", "a"), 9);
        assert_eq!(line_of(&s, "t", "b"), 15);
        assert_eq!(line_of(&s, "t", "c"), 20);
    }

    #[test]
    fn existence_guards_are_answered_by_the_model() {
        let guard = |table: &str, column: &str| {
            format!(
                "DO $$ BEGIN\nIF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = '{table}' AND column_name = '{column}') THEN\n  ALTER TABLE {table} ADD COLUMN {column} text;\n  COMMENT ON COLUMN {table}.{column} IS 'new';\nELSE\n  COMMENT ON COLUMN {table}.{column} IS 'old';\nEND IF;\nEND $$"
            )
        };
        let s = replay(&[
            (1, "CREATE TABLE t (id int, email text)"),
            (2, &guard("t", "email")),
            (10, &guard("t", "phone")),
        ]);
        let t = s.table(Some("public"), "t").unwrap();
        let comment = |c: &str| t.columns[t.column_index(c, PG).unwrap()].comment.clone();
        assert_eq!(comment("email").as_deref(), Some("old"));
        assert_eq!(comment("phone").as_deref(), Some("new"));
        assert_eq!(line_of(&s, "t", "phone"), 12);
    }

    #[test]
    fn table_guards_in_every_catalog_form() {
        let forms = [
            "NOT EXISTS (SELECT FROM pg_tables WHERE schemaname = 'public' AND tablename = 'x')",
            "NOT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'x')",
            "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 'x' AND n.nspname = 'public')",
            "to_regclass('public.x') IS NULL",
            "pg_catalog.to_regclass('x') IS NULL",
        ];
        for form in forms {
            let sql = format!(
                "DO $$ BEGIN IF {form} THEN CREATE TABLE x (secret text); ELSE ALTER TABLE x ADD COLUMN again text; END IF; END $$"
            );
            let fresh = replay(&[(1, &sql)]);
            assert_eq!(columns(&fresh, "x"), ["secret"], "{form}");
            let existing = replay(&[(1, "CREATE TABLE x (id int)"), (2, &sql)]);
            assert_eq!(columns(&existing, "x"), ["id", "again"], "{form}");
        }
    }

    #[test]
    fn other_conditions_take_the_then_branch() {
        let s = replay(&[
            (1, "CREATE TABLE t (id int)"),
            (
                2,
                "DO $$ BEGIN\nIF current_setting('server_version_num')::int >= 110000 THEN\n  ALTER TABLE t ADD COLUMN a text;\nELSIF true THEN\n  ALTER TABLE t ADD COLUMN b text;\nELSE\n  ALTER TABLE t ADD COLUMN c text;\nEND IF;\nCASE 1 WHEN 1 THEN ALTER TABLE t ADD COLUMN d text; ELSE ALTER TABLE t ADD COLUMN e text; END CASE;\nIF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN\n  CREATE TYPE mood AS ENUM ('a');\n  ALTER TABLE t ADD COLUMN f text;\nEND IF;\nEND $$",
            ),
        ]);
        assert_eq!(columns(&s, "t"), ["id", "a", "d", "f"]);
    }

    #[test]
    fn exception_blocks_undo_a_failing_body_and_report_handlers_that_run() {
        let s = replay(&[
            (1, "CREATE TABLE t (id int, email text)"),
            (
                2,
                "DO $$ BEGIN\n  BEGIN\n    ALTER TABLE t ADD COLUMN phone text;\n    ALTER TABLE t ADD COLUMN email text;\n  EXCEPTION WHEN duplicate_column THEN\n    ALTER TABLE t ADD COLUMN handled text;\n  END;\n  BEGIN\n    ALTER TABLE t ADD COLUMN fax text;\n  EXCEPTION WHEN duplicate_column OR duplicate_object THEN NULL;\n    WHEN others THEN RAISE;\n  END;\nEND $$",
            ),
        ]);
        // The first inner block fails at email: phone is rolled back with it,
        // and the handler the server then runs is reported, not replayed.
        assert_eq!(columns(&s, "t"), ["id", "email", "fax"]);
        assert!(s.notices.is_empty());
        let handler: Vec<Origin> = s.unparsed.iter().map(|u| u.origin.clone()).collect();
        assert_eq!(handler, [Origin::file("m.sql", 7)]);
    }

    #[test]
    fn execute_of_known_text_is_replayed() {
        let s = replay(&[
            (1, "CREATE TABLE t (id int)"),
            (
                2,
                "DO $$\nDECLARE stmt text := 'ALTER TABLE t ADD COLUMN d text';\nBEGIN\n  EXECUTE 'ALTER TABLE t ADD COLUMN a text';\n  EXECUTE format('ALTER TABLE %I ADD COLUMN %I text', 't', 'b');\n  EXECUTE 'ALTER TABLE ' || quote_ident('t') || ' ADD COLUMN c text';\n  EXECUTE stmt;\n  EXECUTE format('COMMENT ON COLUMN %I.%I IS %L', 't', 'a', 'It''s #PPI');\n  EXECUTE 'UPDATE t SET id = 1';\n  EXECUTE format('GRANT SELECT ON %I TO %I', 't', current_user);\nEND $$",
            ),
        ]);
        assert_eq!(columns(&s, "t"), ["id", "a", "b", "c", "d"]);
        assert_eq!(line_of(&s, "t", "b"), 6);
        let t = s.table(Some("public"), "t").unwrap();
        assert_eq!(
            t.columns[1].comment.as_deref(),
            Some("It's #PPI"),
            "%L quotes the literal"
        );
        assert!(s.notices.is_empty(), "{:?}", s.notices);
    }

    #[test]
    fn execute_of_unknown_text_is_a_dynamic_ddl_notice() {
        let s = replay(&[
            (1, "CREATE TABLE users (id int)"),
            (
                2,
                "DO $$ DECLARE t text; c text; BEGIN\n  FOR t IN SELECT tablename FROM pg_tables LOOP\n    EXECUTE format('ALTER TABLE %I ADD COLUMN phone text', t);\n  END LOOP;\n  SELECT 'x' INTO c;\n  EXECUTE 'ALTER TABLE users ADD COLUMN ' || c || ' text';\n  EXECUTE 'UPDATE ' || t || ' SET x = 1';\n  EXECUTE c;\nEND $$",
            ),
        ]);
        let got: Vec<(Option<&str>, String)> = s
            .notices
            .iter()
            .map(|n| {
                assert_eq!(n.kind, NoticeKind::DynamicDdl);
                let line = match &n.origin {
                    Origin::File { line, .. } => *line,
                    _ => 0,
                };
                (n.table.as_deref(), line.to_string())
            })
            .collect();
        assert_eq!(
            got,
            [
                (None, "4".to_string()),
                (Some("users"), "7".to_string()),
                (None, "9".to_string())
            ]
        );
        assert!(s.notices[1].message.contains("EXECUTE 'ALTER TABLE users"));

        // Dynamic names of constraints or owners, and plain views, change nothing audited;
        // a dynamic operation does.
        let s = replay(&[(
            1,
            "DO $$ DECLARE c text; v text; BEGIN\n  EXECUTE 'ALTER TABLE users DROP CONSTRAINT IF EXISTS ' || quote_ident(c);\n  EXECUTE format('ALTER TABLE users OWNER TO %I', c);\n  EXECUTE format('CREATE VIEW v AS %s', v);\n  EXECUTE 'ALTER TABLE users ' || c;\n  EXECUTE format('ALTER TABLE %s OWNER TO x', c);\nEND $$",
        )]);
        let lines: Vec<Origin> = s.notices.iter().map(|n| n.origin.clone()).collect();
        assert_eq!(lines, [Origin::file("m.sql", 5)]);
    }

    #[test]
    fn routines_are_not_run_unless_a_procedure_is_called() {
        let s = replay(&[
            (1, "CREATE TABLE t (id int)"),
            (
                2,
                "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN ALTER TABLE t ADD COLUMN from_function text; END $$",
            ),
            (
                3,
                "CREATE OR REPLACE FUNCTION trg() RETURNS trigger AS $$ BEGIN EXECUTE 'ALTER TABLE t ADD COLUMN x text'; RETURN NEW; END $$ LANGUAGE plpgsql",
            ),
            (
                4,
                "CREATE PROCEDURE add_phone()\nLANGUAGE plpgsql AS $$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 't' AND column_name = 'phone') THEN\n    ALTER TABLE t ADD COLUMN phone text;\n  END IF;\nEND $$",
            ),
        ]);
        assert_eq!(columns(&s, "t"), ["id"]);
        let mut r = Replayer::new(PG);
        r.begin_file("1.sql");
        r.apply(&ParsedStatement::new("CREATE TABLE t (id int)", 1, PG));
        r.apply(&ParsedStatement::new(
            "CREATE PROCEDURE add_phone()\nLANGUAGE plpgsql AS $$\nBEGIN\n  ALTER TABLE t ADD COLUMN phone text;\nEND $$",
            2,
            PG,
        ));
        r.begin_file("2.sql");
        r.apply(&ParsedStatement::new("CALL add_phone()", 1, PG));
        r.apply(&ParsedStatement::new("CALL public.add_phone()", 2, PG));
        r.apply(&ParsedStatement::new("CALL elsewhere()", 3, PG));
        let s = r.finish();
        assert_eq!(columns(&s, "t"), ["id", "phone"]);
        let t = s.table(Some("public"), "t").unwrap();
        // Located in the procedure body, replayed in the unit of the CALL.
        assert_eq!(t.columns[1].origin, Origin::file("1.sql", 5));
        assert_eq!(t.columns[1].history[0].unit, 1);
    }

    #[test]
    fn unreadable_blocks_with_ddl_are_unparsed_not_skipped() {
        let s = replay(&[
            (1, "DO $$ BEGIN ALTER TABLE t ADD COLUMN a text; $$"),
            (2, "DO $$ BEGIN PERFORM 1; $$"),
            (
                3,
                "DO $$ import plpy; plpy.execute('ALTER TABLE t ADD c int') $$ LANGUAGE plpython3u",
            ),
        ]);
        let lines: Vec<Origin> = s.unparsed.iter().map(|u| u.origin.clone()).collect();
        assert_eq!(lines, [Origin::file("m.sql", 1), Origin::file("m.sql", 3)]);
        assert!(s.tables.is_empty());
    }

    #[test]
    fn functions_run_by_select_or_perform_and_calls_inside_blocks() {
        let s = replay(&[
            (1, "CREATE TABLE t (id int)"),
            (
                2,
                "CREATE FUNCTION migrate() RETURNS void AS $$ BEGIN ALTER TABLE t ADD COLUMN a text; END $$ LANGUAGE plpgsql",
            ),
            (3, "SELECT migrate()"),
            (
                4,
                "CREATE PROCEDURE p() LANGUAGE plpgsql AS $$ BEGIN ALTER TABLE t ADD COLUMN b text; END $$",
            ),
            (
                5,
                "CREATE FUNCTION g() RETURNS void LANGUAGE plpgsql AS $$ BEGIN ALTER TABLE t ADD COLUMN c text; END $$",
            ),
            (6, "DO $$ BEGIN CALL p(); PERFORM g(); PERFORM count(*) FROM t; END $$"),
            (7, "SELECT pg_catalog.setval('s', 1, false)"),
            (8, "SELECT migrate() FROM t"),
            (
                9,
                "CREATE FUNCTION h() RETURNS void LANGUAGE sql AS $$\n  ALTER TABLE t ADD COLUMN d text;\n  COMMENT ON COLUMN t.d IS 'D #PPI';\n$$",
            ),
            (12, "SELECT h()"),
            (
                13,
                "CREATE FUNCTION loop1() RETURNS void LANGUAGE sql AS 'SELECT loop2()'",
            ),
            (
                14,
                "CREATE FUNCTION loop2() RETURNS void LANGUAGE plpgsql AS $$ BEGIN ALTER TABLE t ADD COLUMN e text; PERFORM loop1(); END $$",
            ),
            (15, "SELECT loop1()"),
        ]);
        assert_eq!(columns(&s, "t"), ["id", "a", "b", "c", "d", "e"]);
        assert_eq!(line_of(&s, "t", "d"), 10);
    }

    #[test]
    fn hostile_bodies_fail_closed_without_panicking() {
        let deep = format!(
            "DO $$ {} ALTER TABLE t ADD COLUMN x int; {} $$",
            "BEGIN ".repeat(5000),
            "END; ".repeat(5000)
        );
        let s = replay(&[
            (1, &deep),
            (2, "DO $$ BEGIN ;; ; END $$"),
            (3, "DO $$ $$"),
            (4, "DO $$ BEGIN EXECUTE ((((((((((((((((((((((((((((((('x'))))))))))))))))))))))))))))))); END $$"),
            (5, "DO $$ BEGIN IF THEN END IF; END $$"),
            (6, "DO $$ BEGIN CASE WHEN THEN END CASE; EXCEPTION WHEN THEN END $$"),
            (7, "DO"),
            (8, "CALL"),
            (9, "DO $$ DECLARE BEGIN EXECUTE format('%', 'a'); EXECUTE format('%9$I %I', 'a'); END $$"),
        ]);
        assert_eq!(s.unparsed.len(), 1, "{:?}", s.unparsed);
        assert_eq!(s.unparsed[0].origin, Origin::file("m.sql", 1));
        assert!(s.unparsed[0].reason.contains("nested deeper"));
    }

    #[test]
    fn format_follows_postgres() {
        let a = |v: &[&str]| v.iter().map(|s| Some(s.to_string())).collect::<Vec<_>>();
        assert_eq!(
            format("%I.%I %L %s %%", &a(&["Ab", "c d", "it's", "x"]), false).as_deref(),
            Some("\"Ab\".\"c d\" 'it''s' x %")
        );
        assert_eq!(
            format("%2$s %1$I", &a(&["t", "ALTER"]), false).as_deref(),
            Some("ALTER t")
        );
        assert_eq!(format("%I", &[None], false), None);
    }
}

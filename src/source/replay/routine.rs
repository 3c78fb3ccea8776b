//! MySQL/MariaDB DDL that runs through procedures and prepared statements.
//!
//! - `CREATE PROCEDURE p() BEGIN … END` defines a body; the DDL inside is
//!   replayed where a later `CALL p()` runs it (the idempotency pattern:
//!   `IF NOT EXISTS (SELECT … FROM information_schema.COLUMNS …) THEN ALTER
//!   TABLE … END IF;`, then `CALL p(); DROP PROCEDURE p;`). Guards on
//!   `information_schema.TABLES|COLUMNS` are evaluated against the model;
//!   other conditions take the guarded branch (what a fresh database does).
//!   Loop bodies run once; error handler bodies never run, and a handler
//!   (`DECLARE CONTINUE HANDLER FOR …`) makes a refused statement no failure.
//!   Functions, triggers and events are not run by a migration: their bodies
//!   are not replayed.
//! - `SET @v = 'literal'` (or `CONCAT` of literals and known variables),
//!   `PREPARE s FROM @v | 'literal'`, `EXECUTE s`: replayed when the text is
//!   known; otherwise a [`NoticeKind::DynamicDdl`] names the statement.

use super::lex::{lex, read_name, Tok, Token};
use super::parse::{self, Name, Parsed};
use super::{ParsedStatement, Replayer};
use crate::dialect::Dialect;
use crate::model::{Notice, NoticeKind};

/// A MySQL statement about routines, variables or prepared statements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MysqlOp {
    DefineProcedure {
        name: String,
        body: Vec<BodyItem>,
        /// A `DECLARE … HANDLER` catches errors: a refused statement is no failure.
        handles_errors: bool,
    },
    DropProcedure {
        name: String,
    },
    Call {
        name: String,
    },
    /// `SET @name = value` (`None`: not computable; `literals`: the strings in
    /// the expression, to say what it might run).
    SetVariable {
        name: String,
        value: Option<String>,
        literals: Vec<String>,
        /// A value computed from the model at replay time.
        computed: Option<Computed>,
    },
    Prepare {
        name: String,
        source: PrepareSource,
    },
    Execute {
        name: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrepareSource {
    Literal(String),
    Variable(String),
}

/// One statement of a procedure body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyItem {
    Statement {
        line: u32,
        parsed: Parsed,
        head: String,
    },
    /// `IF c THEN … [ELSEIF c THEN …] [ELSE …] END IF`.
    If {
        branches: Vec<(Condition, Vec<BodyItem>)>,
        otherwise: Vec<BodyItem>,
    },
}

/// The usual guard without a procedure:
/// `SET @n = (SELECT COUNT(*) FROM information_schema.COLUMNS WHERE …)`, then
/// `SET @sql = IF(@n > 0, 'SELECT 1', 'ALTER TABLE …')`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Computed {
    /// `1` when the probed table or column exists, else `0`.
    Count(Condition),
    /// `IF(@var <op> number, then, otherwise)`.
    Choice {
        var: String,
        op: String,
        number: i64,
        then: String,
        otherwise: String,
    },
}

/// An `IF` condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// `[NOT] EXISTS (SELECT … FROM information_schema.TABLES|COLUMNS WHERE
    /// TABLE_NAME = 't' [AND COLUMN_NAME = 'c'])`, or a `COUNT(*)` of the same
    /// compared with 0.
    Exists {
        negated: bool,
        table: Name,
        column: Option<String>,
    },
    /// Anything else: the guarded branch is taken.
    Unknown,
}

fn word(toks: &[Token], i: usize) -> String {
    match toks.get(i).map(|t| &t.tok) {
        Some(Tok::Word(w)) => w.to_ascii_uppercase(),
        _ => String::new(),
    }
}

/// `CREATE [DEFINER = …] PROCEDURE|FUNCTION|TRIGGER|EVENT`: which, if any.
pub fn routine_kind(head: &[Token]) -> Option<&'static str> {
    for t in head.iter().skip(1) {
        if let Tok::Word(w) = &t.tok {
            match w.to_ascii_uppercase().as_str() {
                "PROCEDURE" => return Some("PROCEDURE"),
                "FUNCTION" => return Some("FUNCTION"),
                "TRIGGER" => return Some("TRIGGER"),
                "EVENT" => return Some("EVENT"),
                "TABLE" | "VIEW" | "INDEX" | "DATABASE" | "SCHEMA" | "SEQUENCE" => return None,
                _ => {}
            }
        }
    }
    None
}

/// Parse `CREATE … PROCEDURE name (params) [characteristics] body`; body
/// lines are counted from the statement's first line (0).
pub fn parse_create_procedure(text: &str) -> Parsed {
    let first_line = 0;
    let toks = lex(text, Dialect::Mysql, usize::MAX);
    let Some(kw) = toks.iter().position(|t| t.is_word("PROCEDURE")) else {
        return Parsed::Irrelevant;
    };
    let mut i = kw + 1;
    if word(&toks, i) == "IF" {
        i += 3;
    }
    let Some((raw, mut i)) = read_name(&toks, i) else {
        return Parsed::Unparsed {
            table: None,
            reason: "cannot read the procedure name".into(),
        };
    };
    let name = raw
        .parts
        .last()
        .map(|p| p.0.to_ascii_lowercase())
        .unwrap_or_default();
    // Parameters.
    if toks.get(i).is_some_and(|t| t.is_punct('(')) {
        let depth = toks[i].depth;
        i += 1;
        while i < toks.len() && !(toks[i].is_punct(')') && toks[i].depth == depth) {
            i += 1;
        }
        i += 1;
    }
    // Characteristics.
    loop {
        match word(&toks, i).as_str() {
            "COMMENT" => i += 2,
            "LANGUAGE" | "SQL" | "CONTAINS" | "NO" | "READS" | "MODIFIES" => {
                i += 1;
                while matches!(
                    word(&toks, i).as_str(),
                    "SQL" | "DATA" | "SECURITY" | "DEFINER" | "INVOKER"
                ) {
                    i += 1;
                }
            }
            "NOT" | "DETERMINISTIC" => i += 1,
            _ => break,
        }
    }
    let mut body = Body {
        text,
        toks: &toks,
        first_line,
        handles_errors: false,
        depth: 0,
    };
    let (items, _) = body.list(i, &[]);
    Parsed::Ops(vec![parse::Op::Mysql(MysqlOp::DefineProcedure {
        name,
        body: items,
        handles_errors: body.handles_errors,
    })])
}

struct Body<'a> {
    text: &'a str,
    toks: &'a [Token],
    first_line: u32,
    handles_errors: bool,
    /// Nesting of compound statements (bounded: hostile input cannot
    /// overflow the stack).
    depth: u32,
}

/// Deeper compound statements are skipped whole.
const MAX_NESTING: u32 = 64;

impl Body<'_> {
    fn w(&self, i: usize) -> String {
        word(self.toks, i)
    }

    fn line_of(&self, i: usize) -> u32 {
        let at = self.toks.get(i).map_or(self.text.len(), |t| t.start);
        self.first_line + self.text[..at].matches('\n').count() as u32
    }

    /// Index of the next top-level `;` from `i` (or the end).
    fn semicolon(&self, i: usize) -> usize {
        let mut j = i;
        while j < self.toks.len() && !(self.toks[j].is_punct(';') && self.toks[j].depth == 0) {
            j += 1;
        }
        j
    }

    /// Statements from `i` until one of `stops` (a word) starts a statement.
    fn list(&mut self, mut i: usize, stops: &[&str]) -> (Vec<BodyItem>, usize) {
        let mut items = Vec::new();
        while i < self.toks.len() {
            if self.toks[i].is_punct(';') {
                i += 1;
                continue;
            }
            let w = self.w(i);
            if stops.contains(&w.as_str()) {
                break;
            }
            i = self.statement(i, &mut items);
        }
        (items, i)
    }

    /// Read one statement at `i` into `items`; returns where the next starts.
    fn statement(&mut self, i: usize, items: &mut Vec<BodyItem>) -> usize {
        if self.depth >= MAX_NESTING {
            // Skip to the end of the body.
            return self.toks.len();
        }
        self.depth += 1;
        let next = self.statement_inner(i, items);
        self.depth -= 1;
        next.max(i + 1)
    }

    fn statement_inner(&mut self, mut i: usize, items: &mut Vec<BodyItem>) -> usize {
        // `label:`
        if matches!(self.toks.get(i + 1).map(|t| &t.tok), Some(Tok::Punct(':')))
            && !matches!(self.toks.get(i + 2).map(|t| &t.tok), Some(Tok::Punct('=')))
        {
            i += 2;
        }
        match self.w(i).as_str() {
            "BEGIN" => {
                i += 1;
                if self.w(i) == "NOT" && self.w(i + 1) == "ATOMIC" {
                    i += 2;
                }
                let (mut inner, j) = self.list(i, &["END"]);
                items.append(&mut inner);
                self.semicolon(j + 1)
            }
            "IF" => {
                let mut branches = Vec::new();
                let mut otherwise = Vec::new();
                let mut j = i + 1;
                loop {
                    let then = (j..self.toks.len())
                        .find(|&k| self.toks[k].depth == 0 && self.toks[k].is_word("THEN"))
                        .unwrap_or(self.toks.len());
                    let cond = condition(self.text, &self.toks[j.min(then)..then]);
                    let (body, next) = self.list(then + 1, &["ELSEIF", "ELSE", "END"]);
                    branches.push((cond, body));
                    match self.w(next).as_str() {
                        "ELSEIF" => j = next + 1,
                        "ELSE" => {
                            let (body, next) = self.list(next + 1, &["END"]);
                            otherwise = body;
                            j = next;
                            break;
                        }
                        _ => {
                            j = next;
                            break;
                        }
                    }
                }
                items.push(BodyItem::If {
                    branches,
                    otherwise,
                });
                // END IF
                self.semicolon(j)
            }
            "WHILE" | "LOOP" | "REPEAT" | "FOR" => {
                let kw = self.w(i);
                let start = if kw == "LOOP" || kw == "REPEAT" {
                    i + 1
                } else {
                    (i..self.toks.len())
                        .find(|&k| self.toks[k].depth == 0 && self.toks[k].is_word("DO"))
                        .map_or(self.toks.len(), |k| k + 1)
                };
                // The body runs once here (its static DDL is what matters).
                let (mut inner, j) = self.list(start, &["END", "UNTIL"]);
                items.append(&mut inner);
                self.semicolon(j)
            }
            "DECLARE" => {
                let handler = (i..self.semicolon(i)).find(|&k| self.toks[k].is_word("HANDLER"));
                match handler {
                    Some(h) => {
                        self.handles_errors = true;
                        // DECLARE … HANDLER FOR cond[, cond] statement: the
                        // statement runs only on error; skip it whole.
                        let mut k = h + 1;
                        if self.w(k) == "FOR" {
                            k += 1;
                        }
                        loop {
                            match self.w(k).as_str() {
                                "SQLSTATE" => {
                                    k += 2;
                                    if self.w(k - 1) == "VALUE" {
                                        k += 1;
                                    }
                                }
                                "SQLWARNING" | "SQLEXCEPTION" => k += 1,
                                "NOT" => k += 2,
                                _ => k += 1,
                            }
                            if self.toks.get(k).is_some_and(|t| t.is_punct(',')) {
                                k += 1;
                            } else {
                                break;
                            }
                        }
                        let mut skipped = Vec::new();
                        self.statement(k, &mut skipped)
                    }
                    None => self.semicolon(i) + 1,
                }
            }
            "CASE" => {
                // CASE … WHEN … THEN list … [ELSE list] END CASE: every branch is
                // guarded by a condition pitag does not evaluate; take the first.
                let then = (i..self.toks.len())
                    .find(|&k| self.toks[k].depth == 0 && self.toks[k].is_word("THEN"))
                    .unwrap_or(self.toks.len());
                let (mut first, mut j) = self.list(then + 1, &["WHEN", "ELSE", "END"]);
                items.append(&mut first);
                while matches!(self.w(j).as_str(), "WHEN" | "ELSE") {
                    let then = if self.w(j) == "ELSE" {
                        j
                    } else {
                        (j..self.toks.len())
                            .find(|&k| self.toks[k].depth == 0 && self.toks[k].is_word("THEN"))
                            .unwrap_or(self.toks.len())
                    };
                    let (_, next) = self.list(then + 1, &["WHEN", "ELSE", "END"]);
                    j = next;
                }
                self.semicolon(j)
            }
            _ => {
                let end = self.semicolon(i);
                if i < self.toks.len() {
                    let last = end.min(self.toks.len()) - 1;
                    let text = &self.text[self.toks[i].start..self.toks[last.max(i)].end];
                    let st = ParsedStatement::new(text, self.line_of(i), Dialect::Mysql);
                    items.push(BodyItem::Statement {
                        line: st.line,
                        head: super::statement_head(text),
                        parsed: st.parsed,
                    });
                }
                end + 1
            }
        }
    }
}

/// Read an `IF` condition.
fn condition(text: &str, toks: &[Token]) -> Condition {
    let mut i = 0;
    let mut negated = false;
    if word(toks, i) == "NOT" {
        negated = true;
        i += 1;
    }
    let count_form = word(toks, i) != "EXISTS";
    if !count_form {
        i += 1;
    }
    let Some((table, column)) = schema_probe(&toks[i..]) else {
        return Condition::Unknown;
    };
    if count_form {
        // (SELECT COUNT(*) …) = 0 | < 1 means "does not exist"; > 0 | >= 1 | = 1 "exists".
        let close = toks
            .iter()
            .rposition(|t| t.is_punct(')') && t.depth == toks[0].depth)
            .unwrap_or(0);
        let rest: String = toks[close + 1..]
            .iter()
            .map(|t| match &t.tok {
                Tok::Punct(c) => c.to_string(),
                Tok::Number => "n".into(),
                _ => " ".into(),
            })
            .collect();
        let zero = toks[close + 1..]
            .last()
            .is_some_and(|t| text[t.start..t.end].trim_start_matches('0').is_empty());
        let absent = match rest.as_str() {
            "=n" if zero => true,
            "<n" => true,
            ">n" | ">=n" | "=n" => false,
            _ => return Condition::Unknown,
        };
        negated ^= absent;
    }
    Condition::Exists {
        negated,
        table,
        column,
    }
}

/// `SELECT … FROM information_schema.TABLES|COLUMNS WHERE TABLE_NAME = 't'
/// [AND COLUMN_NAME = 'c']`: the table and column it looks for.
fn schema_probe(toks: &[Token]) -> Option<(Name, Option<String>)> {
    let i = 0;
    // The subquery must read information_schema.TABLES or COLUMNS.
    let from = (i..toks.len()).find(|&k| toks[k].is_word("FROM"));
    let from = from?;
    let (raw, _) = read_name(toks, from + 1)?;
    let parts: Vec<String> = raw.parts.iter().map(|p| p.0.to_ascii_lowercase()).collect();
    let on_columns = match parts.as_slice() {
        [s, t] if s == "information_schema" && t == "columns" => true,
        [s, t] if s == "information_schema" && t == "tables" => false,
        _ => return None,
    };
    let value_of = |col: &str| -> Option<String> {
        (from..toks.len().saturating_sub(2)).find_map(|k| {
            let named = match &toks[k].tok {
                Tok::Word(w) | Tok::Quoted(w) => w.eq_ignore_ascii_case(col),
                _ => false,
            };
            if !named || !toks[k + 1].is_punct('=') {
                return None;
            }
            match &toks[k + 2].tok {
                Tok::Str(s) => Some(s.clone()),
                _ => None,
            }
        })
    };
    let table = value_of("table_name")?;
    let column = if on_columns {
        Some(value_of("column_name")?)
    } else {
        None
    };
    Some((
        Name {
            schema: None,
            name: table,
        },
        column,
    ))
}

/// `(SELECT COUNT(*) FROM information_schema… )` or `IF(@v > 0, 'a', 'b')`.
fn computed(text: &str, toks: &[Token]) -> Option<Computed> {
    match toks {
        [open, inner @ .., close]
            if open.is_punct('(')
                && close.is_punct(')')
                && inner.first().is_some_and(|t| t.is_word("SELECT"))
                && inner.iter().any(|t| t.is_word("COUNT")) =>
        {
            let (table, column) = schema_probe(inner)?;
            Some(Computed::Count(Condition::Exists {
                negated: false,
                table,
                column,
            }))
        }
        [f, open, args @ .., close]
            if f.is_word("IF") && open.is_punct('(') && close.is_punct(')') =>
        {
            let parts: Vec<&[Token]> = args
                .split(|t| t.is_punct(',') && t.depth == open.depth + 1)
                .collect();
            let [cond, then, otherwise] = parts.as_slice() else {
                return None;
            };
            let (var, op, number) = match cond {
                [at, v, rest @ ..] if at.is_punct('@') => {
                    let Tok::Word(v) = &v.tok else { return None };
                    let n = rest.last()?;
                    if n.tok != Tok::Number {
                        return None;
                    }
                    let op: String = rest[..rest.len() - 1]
                        .iter()
                        .map(|t| match &t.tok {
                            Tok::Punct(c) => Some(*c),
                            _ => None,
                        })
                        .collect::<Option<String>>()?;
                    let number = text[n.start..n.end].parse().ok()?;
                    (v.to_ascii_lowercase(), op, number)
                }
                _ => return None,
            };
            Some(Computed::Choice {
                var,
                op,
                number,
                then: literal_value(then)?,
                otherwise: literal_value(otherwise)?,
            })
        }
        _ => None,
    }
}

/// Parse `CALL`, `PREPARE`, `EXECUTE`, `SET @v = …`, `DROP PROCEDURE`.
pub fn parse_statement(text: &str, head: &[Token]) -> Option<Parsed> {
    let first = word(head, 0);
    let op = match first.as_str() {
        "CALL" => {
            let (raw, _) = read_name(head, 1)?;
            MysqlOp::Call {
                name: raw.parts.last()?.0.to_ascii_lowercase(),
            }
        }
        "DROP" if word(head, 1) == "PROCEDURE" => {
            let i = if word(head, 2) == "IF" { 4 } else { 2 };
            let (raw, _) = read_name(head, i)?;
            MysqlOp::DropProcedure {
                name: raw.parts.last()?.0.to_ascii_lowercase(),
            }
        }
        "EXECUTE" => MysqlOp::Execute {
            name: word(head, 1).to_ascii_lowercase(),
        },
        "PREPARE" => {
            let name = word(head, 1).to_ascii_lowercase();
            if word(head, 2) != "FROM" {
                return None;
            }
            let toks = lex(text, Dialect::Mysql, usize::MAX);
            let source = match (toks.get(3).map(|t| &t.tok), toks.get(4).map(|t| &t.tok)) {
                (Some(Tok::Str(s)), _) => PrepareSource::Literal(s.clone()),
                (Some(Tok::Punct('@')), Some(Tok::Word(v) | Tok::Quoted(v))) => {
                    PrepareSource::Variable(v.to_ascii_lowercase())
                }
                _ => PrepareSource::Variable(String::new()),
            };
            MysqlOp::Prepare { name, source }
        }
        "SET"
            if head.get(1).is_some_and(|t| t.is_punct('@'))
                && !head.get(2).is_some_and(|t| t.is_punct('@')) =>
        {
            let toks = lex(text, Dialect::Mysql, usize::MAX);
            let mut ops = Vec::new();
            for assignment in toks[1..].split(|t| t.is_punct(',') && t.depth == 0) {
                let [at, name, rest @ ..] = assignment else {
                    continue;
                };
                let (Tok::Punct('@'), Tok::Word(n) | Tok::Quoted(n)) = (&at.tok, &name.tok) else {
                    continue;
                };
                let value = match rest {
                    [eq, value @ ..] if eq.is_punct('=') => value,
                    [c, eq, value @ ..] if c.is_punct(':') && eq.is_punct('=') => value,
                    _ => continue,
                };
                ops.push(parse::Op::Mysql(MysqlOp::SetVariable {
                    name: n.to_ascii_lowercase(),
                    value: literal_value(value),
                    computed: computed(text, value),
                    literals: value
                        .iter()
                        .filter_map(|t| match &t.tok {
                            Tok::Str(s) => Some(s.clone()),
                            _ => None,
                        })
                        .collect(),
                }));
            }
            return (!ops.is_empty()).then_some(Parsed::Ops(ops));
        }
        _ => return None,
    };
    Some(Parsed::Ops(vec![parse::Op::Mysql(op)]))
}

/// A string literal, adjacent literals, or `CONCAT` of literals (variables
/// are resolved at replay time: `@v` inside is written as `\u{0}v\u{0}`).
fn literal_value(toks: &[Token]) -> Option<String> {
    match toks {
        [] => None,
        t if t.iter().all(|t| matches!(t.tok, Tok::Str(_))) => Some(
            t.iter()
                .map(|t| match &t.tok {
                    Tok::Str(s) => s.as_str(),
                    _ => "",
                })
                .collect(),
        ),
        [f, open, args @ .., close]
            if f.is_word("CONCAT") && open.is_punct('(') && close.is_punct(')') =>
        {
            let mut out = String::new();
            for arg in args.split(|t| t.is_punct(',') && t.depth == open.depth + 1) {
                match arg {
                    [t] => match &t.tok {
                        Tok::Str(s) => out.push_str(s),
                        _ => return None,
                    },
                    [at, v] if at.is_punct('@') => match &v.tok {
                        Tok::Word(n) | Tok::Quoted(n) => {
                            out.push('\u{0}');
                            out.push_str(&n.to_ascii_lowercase());
                            out.push('\u{0}');
                        }
                        _ => return None,
                    },
                    _ => return None,
                }
            }
            Some(out)
        }
        _ => None,
    }
}

/// A stored procedure.
#[derive(Debug, Clone)]
pub(super) struct Procedure {
    body: Vec<BodyItem>,
    handles_errors: bool,
    file: String,
    unit: u32,
    /// The line of the `CREATE PROCEDURE` (body lines count from it).
    line: u32,
}

/// How deep `CALL`s and `EXECUTE`s may nest (a procedure calling itself
/// stops here), and how many may run in one replay.
const MAX_CALL_DEPTH: u32 = 16;
const MAX_CALLS: u32 = 100_000;

impl Replayer {
    pub(super) fn apply_mysql(&mut self, op: &MysqlOp, line: u32) {
        match op {
            MysqlOp::DefineProcedure {
                name,
                body,
                handles_errors,
            } => {
                self.procedures.insert(
                    name.clone(),
                    Procedure {
                        body: body.clone(),
                        handles_errors: *handles_errors,
                        file: self.file.clone(),
                        unit: self.unit,
                        line,
                    },
                );
            }
            MysqlOp::DropProcedure { name } => {
                self.procedures.remove(name);
            }
            MysqlOp::Call { name } => {
                let Some(p) = self.procedures.get(name).cloned() else {
                    return;
                };
                if self.call_depth >= MAX_CALL_DEPTH || self.calls >= MAX_CALLS {
                    return;
                }
                self.calls += 1;
                self.call_depth += 1;
                let quiet = std::mem::replace(&mut self.quiet_refusals, p.handles_errors);
                // Findings point at the body, in the file that defined it.
                let (file, unit) = (self.file.clone(), self.unit);
                self.file = p.file.clone();
                self.unit = p.unit;
                self.run_body(&p.body, p.line);
                self.file = file;
                self.unit = unit;
                self.quiet_refusals = quiet;
                self.call_depth -= 1;
            }
            MysqlOp::SetVariable {
                name,
                value,
                literals,
                computed,
            } => {
                let value = match computed {
                    Some(c) => self.compute(c),
                    None => value.as_ref().and_then(|v| self.resolve(v)),
                };
                self.variables
                    .insert(name.clone(), (value, literals.clone()));
            }
            MysqlOp::Prepare { name, source } => {
                let text = match source {
                    PrepareSource::Literal(s) => (Some(s.clone()), vec![s.clone()]),
                    PrepareSource::Variable(v) => {
                        self.variables.get(v).cloned().unwrap_or((None, Vec::new()))
                    }
                };
                self.prepared.insert(name.clone(), text);
            }
            MysqlOp::Execute { name } => {
                let Some((text, literals)) = self.prepared.get(name).cloned() else {
                    return;
                };
                match text {
                    Some(sql) => {
                        if self.call_depth >= MAX_CALL_DEPTH || self.calls >= MAX_CALLS {
                            return;
                        }
                        self.calls += 1;
                        self.call_depth += 1;
                        let st = ParsedStatement::new(&sql, line, Dialect::Mysql);
                        self.apply(&st);
                        self.call_depth -= 1;
                    }
                    None => {
                        let ddl = literals.iter().find(|l| {
                            !matches!(parse::parse(l, Dialect::Mysql), Parsed::Irrelevant)
                        });
                        let hint = match ddl {
                            Some(l) => format!(" (it may run `{}`)", super::statement_head(l)),
                            None => String::new(),
                        };
                        let named = ddl.and_then(|l| match parse::parse(l, Dialect::Mysql) {
                            Parsed::Ops(ops) => ops.iter().find_map(super::op_table).cloned(),
                            Parsed::Unparsed { table, .. } => table,
                            Parsed::Irrelevant | Parsed::Procedural(_) => None,
                        });
                        let schema = named
                            .as_ref()
                            .and_then(|n| n.schema.clone().or_else(|| self.default_schema()));
                        self.schema.notices.push(Notice {
                            kind: NoticeKind::DynamicDdl,
                            origin: self.origin(line),
                            schema,
                            table: named.map(|n| n.name),
                            message: format!(
                                "`EXECUTE {name}` runs SQL built at run time that pitag cannot compute{hint}: tables it changes are not audited from here"
                            ),
                        });
                    }
                }
            }
        }
    }

    fn compute(&self, c: &Computed) -> Option<String> {
        match c {
            Computed::Count(cond) => {
                Some(if self.routine_holds(cond) { "1" } else { "0" }.to_string())
            }
            Computed::Choice {
                var,
                op,
                number,
                then,
                otherwise,
            } => {
                let v: i64 = self.variables.get(var)?.0.as_deref()?.parse().ok()?;
                let yes = match op.as_str() {
                    ">" => v > *number,
                    ">=" => v >= *number,
                    "<" => v < *number,
                    "<=" => v <= *number,
                    "=" => v == *number,
                    "!=" | "<>" => v != *number,
                    _ => return None,
                };
                self.resolve(if yes { then } else { otherwise })
            }
        }
    }

    /// `@v` references (see `literal_value`) replaced by known values.
    fn resolve(&self, v: &str) -> Option<String> {
        if !v.contains('\u{0}') {
            return Some(v.to_string());
        }
        let mut out = String::new();
        for (k, piece) in v.split('\u{0}').enumerate() {
            if k % 2 == 0 {
                out.push_str(piece);
            } else {
                out.push_str(self.variables.get(piece)?.0.as_deref()?);
            }
        }
        Some(out)
    }

    fn run_body(&mut self, body: &[BodyItem], base: u32) {
        for item in body {
            match item {
                BodyItem::Statement { line, parsed, head } => {
                    let st = ParsedStatement {
                        line: base + line,
                        head: head.clone(),
                        parsed: parsed.clone(),
                        other_versions: None,
                    };
                    self.apply(&st);
                }
                BodyItem::If {
                    branches,
                    otherwise,
                } => {
                    let taken = branches
                        .iter()
                        .find(|(c, _)| self.routine_holds(c))
                        .map_or(otherwise.as_slice(), |(_, b)| b.as_slice());
                    self.run_body(taken, base);
                }
            }
        }
    }

    fn routine_holds(&self, c: &Condition) -> bool {
        match c {
            Condition::Unknown => true,
            Condition::Exists {
                negated,
                table,
                column,
            } => {
                let exists = self.find_key(table).is_some_and(|k| match column {
                    None => true,
                    Some(c) => self.schema.tables[&k]
                        .column_index(c, self.schema.dialect)
                        .is_some(),
                });
                exists != *negated
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Schema;
    use crate::source::split::split;

    fn replay(sql: &str) -> Schema {
        let mut r = Replayer::new(Dialect::Mysql);
        r.begin_file("1.sql");
        for st in split(sql, Dialect::Mysql, 1).statements {
            r.apply(&ParsedStatement::new(&st.text, st.line, Dialect::Mysql));
        }
        r.finish()
    }

    fn columns(s: &Schema, t: &str) -> Vec<String> {
        s.table(None, t)
            .expect("table")
            .columns
            .iter()
            .map(|c| c.name.clone())
            .collect()
    }

    #[test]
    fn elseif_loops_handlers_and_lines() {
        let s = replay(
            "CREATE TABLE t (a int);\n\
             DELIMITER //\n\
             CREATE PROCEDURE p()\n\
             BEGIN\n\
               DECLARE CONTINUE HANDLER FOR 1060 BEGIN ALTER TABLE t ADD COLUMN never int; END;\n\
               IF EXISTS (SELECT 1 FROM information_schema.TABLES WHERE TABLE_NAME = 'nope') THEN\n\
                 ALTER TABLE t ADD COLUMN wrong int;\n\
               ELSEIF (SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_NAME = 't' AND COLUMN_NAME = 'a') > 0 THEN\n\
                 ALTER TABLE t ADD COLUMN a int;\n\
                 lbl: WHILE 1 = 0 DO ALTER TABLE t ADD COLUMN b int; END WHILE lbl;\n\
               ELSE\n\
                 ALTER TABLE t ADD COLUMN wrong2 int;\n\
               END IF;\n\
             END //\n\
             DELIMITER ;\n\
             CALL p();",
        );
        assert_eq!(columns(&s, "t"), ["a", "b"]);
        // The refused ADD of `a` is caught by the handler: no finding.
        assert!(s.notices.is_empty(), "{:?}", s.notices);
        let b = &s.table(None, "t").unwrap().columns[1];
        assert_eq!(b.origin, crate::model::Origin::file("1.sql", 10));
    }

    #[test]
    fn runaway_calls_and_executes_stop() {
        let s = replay(
            "CREATE TABLE t (a int);\n\
             DELIMITER //\n\
             CREATE PROCEDURE p() BEGIN CALL p(); CALL p(); CALL p(); CALL p(); END //\n\
             DELIMITER ;\n\
             CALL p();\n\
             PREPARE s FROM 'EXECUTE s';\nEXECUTE s;\nCALL missing();",
        );
        assert_eq!(columns(&s, "t"), ["a"]);
        let deep = format!(
            "CREATE PROCEDURE q() {}ALTER TABLE t ADD COLUMN z int;{}",
            "BEGIN ".repeat(10_000),
            " END".repeat(10_000)
        );
        assert!(matches!(
            parse::parse(&deep, Dialect::Mysql),
            Parsed::Ops(_)
        ));
    }

    #[test]
    fn token_soup_never_panics() {
        // Deterministic pseudo-random statements from the words this module
        // reads: whatever the order, replay ends and the base table survives.
        const WORDS: &[&str] = &[
            "CREATE",
            "PROCEDURE",
            "p",
            "(",
            ")",
            "BEGIN",
            "END",
            "IF",
            "NOT",
            "EXISTS",
            "THEN",
            "ELSEIF",
            "ELSE",
            "WHILE",
            "DO",
            "LOOP",
            "REPEAT",
            "UNTIL",
            "CASE",
            "WHEN",
            "DECLARE",
            "HANDLER",
            "FOR",
            "CALL",
            "PREPARE",
            "s",
            "FROM",
            "@v",
            "EXECUTE",
            "SET",
            "=",
            ":",
            ",",
            ";",
            "'ALTER TABLE t ADD COLUMN z int'",
            "CONCAT(",
            "IF(",
            "@n",
            ">",
            "0",
            "SELECT",
            "COUNT(*)",
            "information_schema.COLUMNS",
            "WHERE",
            "TABLE_NAME",
            "'t'",
            "ALTER",
            "TABLE",
            "t",
            "ADD",
            "COLUMN",
            "x",
            "int",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..300 {
            let mut sql = String::from("CREATE TABLE t (a int);\n");
            for _ in 0..(next() % 60) {
                sql.push_str(WORDS[(next() % WORDS.len() as u64) as usize]);
                sql.push(' ');
            }
            sql.push_str(";\nCALL p();\nEXECUTE s;");
            let s = replay(&sql);
            assert!(s.table(None, "t").is_some(), "{sql}");
        }
    }

    #[test]
    fn variables_and_prepared_statements() {
        let s = replay(
            "CREATE TABLE t (a int);\n\
             SET @col = 'b', @ty := 'int';\n\
             SET @sql = CONCAT('ALTER TABLE t ADD COLUMN ', @col, ' ', @ty);\n\
             PREPARE s FROM @sql;\nEXECUTE s;\n\
             SET @sql = CONCAT('ALTER TABLE t ADD COLUMN ', UUID(), ' int');\n\
             PREPARE s FROM @sql;\nEXECUTE s;",
        );
        assert_eq!(columns(&s, "t"), ["a", "b"]);
        assert_eq!(s.notices.len(), 1);
        assert_eq!(s.notices[0].kind, NoticeKind::DynamicDdl);
        assert_eq!(s.notices[0].table.as_deref(), Some("t"));
    }
}

//! MySQL/MariaDB `sql_mode`, as far as it changes how SQL text reads:
//! `NO_BACKSLASH_ESCAPES` (a backslash in a string is an ordinary character)
//! and `ANSI_QUOTES` (`"…"` is an identifier, not a string; also part of
//! `ANSI`, `ORACLE`, `POSTGRESQL`, `MSSQL`, `DB2`, `MAXDB`).
//!
//! The splitter follows the session's `SET [SESSION|LOCAL] sql_mode = …`,
//! `SET @@[session.]sql_mode = …` (mysqldump's `/*!40101 SET
//! @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='…' */` and its restore included) and
//! rewrites each statement into the default mode's spelling, so that the
//! parsers downstream read every statement as the server did.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::dialect::Dialect;
use crate::source::sql_lex::{significant, Kind, Lexer, Syntax};

/// The parts of `sql_mode` that change how text is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SqlMode {
    pub no_backslash_escapes: bool,
    pub ansi_quotes: bool,
}

impl SqlMode {
    /// Read a mode list (`'ANSI,NO_BACKSLASH_ESCAPES'`).
    pub fn from_list(list: &str) -> SqlMode {
        let mut m = SqlMode::default();
        for item in list.split(',') {
            match item.trim().to_ascii_uppercase().as_str() {
                "NO_BACKSLASH_ESCAPES" => m.no_backslash_escapes = true,
                "ANSI_QUOTES" | "ANSI" | "ORACLE" | "POSTGRESQL" | "MSSQL" | "DB2" | "MAXDB" => {
                    m.ansi_quotes = true
                }
                _ => {}
            }
        }
        m
    }

    fn union(self, o: SqlMode) -> SqlMode {
        SqlMode {
            no_backslash_escapes: self.no_backslash_escapes || o.no_backslash_escapes,
            ansi_quotes: self.ansi_quotes || o.ansi_quotes,
        }
    }
}

/// A token of a `SET` statement.
#[derive(Debug, Clone, PartialEq)]
enum T {
    /// Word, possibly with `@`, `@@` and dots (`@@session.sql_mode`), lower case.
    Word(String),
    Str(String),
    Punct(char),
}

/// The significant tokens of `text` read under `mode`; words glued with
/// `@` and `.` (`@@session.sql_mode` is one word), quoted identifiers as words.
fn tokens(text: &str, mode: SqlMode) -> Vec<T> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    // Where the word being read ends: an adjacent word part continues it.
    let mut word_end = None;
    for t in significant(text, Syntax::new(Dialect::Mysql).with_mode(mode)) {
        let c = b[t.start];
        let word_part = matches!(t.kind, Kind::Word | Kind::Number)
            || (t.kind == Kind::Punct && matches!(c, b'@' | b'.'));
        if word_part && word_end == Some(t.start) {
            if let Some(T::Word(w)) = out.last_mut() {
                w.push_str(&t.text(text).to_ascii_lowercase());
                word_end = Some(t.end);
                continue;
            }
        }
        word_end = None;
        out.push(match t.kind {
            Kind::Word | Kind::Number => {
                word_end = Some(t.end);
                T::Word(t.text(text).to_ascii_lowercase())
            }
            Kind::Punct if c == b'@' => {
                word_end = Some(t.end);
                T::Word("@".to_string())
            }
            Kind::String { .. } | Kind::Dollar { .. } => T::Str(t.value(text).into_owned()),
            Kind::QuotedIdent { .. } => T::Word(t.value(text).to_ascii_lowercase()),
            _ => T::Punct(char::from(c)),
        });
    }
    out
}

/// Why a `SET sql_mode` could not be followed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SqlModeError {
    /// The value is computed (`(SELECT …)`, a function, an unknown variable).
    #[error("cannot tell the value of this `SET sql_mode`: strings after it are read in the previous mode")]
    UnknownValue,
}

/// The session's `sql_mode`, followed statement by statement.
#[derive(Debug, Clone, Default)]
pub struct SqlModeTracker {
    pub mode: SqlMode,
    /// User variables holding a saved mode (`@OLD_SQL_MODE=@@SQL_MODE`).
    saved: HashMap<String, SqlMode>,
}

const SESSION_MODE: &[&str] = &[
    "sql_mode",
    "@@sql_mode",
    "@@session.sql_mode",
    "@@local.sql_mode",
];

impl SqlModeTracker {
    /// Follow one statement (as written, under the current mode). `Err`
    /// names an assignment to `sql_mode` whose value cannot be known.
    pub fn follow(&mut self, text: &str) -> Result<(), SqlModeError> {
        let head = text.trim_start();
        let is_set = head
            .split(|c: char| c.is_ascii_whitespace())
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case("set"));
        if !is_set || !text.to_ascii_lowercase().contains("sql_mode") {
            return Ok(());
        }
        let toks = tokens(&head[3..], self.mode);
        let mut global = false;
        // Assignments end at top-level commas (not those inside CONCAT(…)).
        let mut depth = 0i32;
        let top_comma = |t: &T| {
            match t {
                T::Punct('(') => depth += 1,
                T::Punct(')') => depth -= 1,
                T::Punct(',') if depth == 0 => return true,
                _ => {}
            }
            false
        };
        let mut assignments: Vec<&[T]> = Vec::new();
        let mut from = 0;
        let mut is_top: Vec<bool> = toks.iter().map(top_comma).collect();
        is_top.push(true);
        for (k, top) in is_top.iter().enumerate() {
            if *top {
                assignments.push(&toks[from..k.min(toks.len())]);
                from = k + 1;
            }
        }
        for assignment in assignments {
            let mut a = assignment;
            match a.first() {
                Some(T::Word(w)) if w == "global" || w == "persist" => {
                    global = true;
                    a = &a[1..];
                }
                Some(T::Word(w)) if w == "session" || w == "local" => {
                    global = false;
                    a = &a[1..];
                }
                _ => {}
            }
            let Some(eq) = a.iter().position(|t| *t == T::Punct('=')) else {
                continue;
            };
            let (lhs, rhs) = (&a[..eq], &a[eq + 1..]);
            let rhs = match rhs.first() {
                // `:=`
                Some(T::Punct('=')) => &rhs[1..],
                _ => rhs,
            };
            let lhs_name = match lhs {
                [T::Word(w)] => w.as_str(),
                [T::Punct(':'), ..] => continue,
                _ => continue,
            };
            if lhs_name.starts_with("@@global.") {
                continue;
            }
            if lhs_name.starts_with('@') && !lhs_name.starts_with("@@") {
                // A user variable saving the mode.
                if let [T::Word(w)] = rhs {
                    if SESSION_MODE.contains(&w.as_str()) {
                        self.saved.insert(lhs_name.to_string(), self.mode);
                    }
                }
                continue;
            }
            if global || !SESSION_MODE.contains(&lhs_name) {
                continue;
            }
            self.mode = self.value(rhs).ok_or(SqlModeError::UnknownValue)?;
        }
        Ok(())
    }

    fn value(&self, rhs: &[T]) -> Option<SqlMode> {
        match rhs {
            [T::Str(s)] => Some(SqlMode::from_list(s)),
            [T::Word(w)] if w == "default" => Some(SqlMode::default()),
            [T::Word(w)] if w.starts_with('@') && !w.starts_with("@@") => {
                self.saved.get(w).copied()
            }
            [T::Word(w)] if SESSION_MODE.contains(&w.as_str()) => Some(self.mode),
            // CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES') and CONCAT of literals.
            [T::Word(f), T::Punct('('), args @ .., T::Punct(')')] if f == "concat" => {
                let mut m = SqlMode::default();
                let mut text = String::new();
                for a in args.split(|t| *t == T::Punct(',')) {
                    match a {
                        [T::Str(s)] => text.push_str(s),
                        [T::Word(w)] if SESSION_MODE.contains(&w.as_str()) => {
                            m = m.union(self.mode);
                            text.push(',');
                        }
                        _ => return None,
                    }
                }
                Some(m.union(SqlMode::from_list(&text)))
            }
            _ => None,
        }
    }
}

/// Rewrite `text`, written under `mode`, into the default mode's spelling:
/// backslashes in strings doubled (NO_BACKSLASH_ESCAPES), `"ident"` into
/// `` `ident` `` (ANSI_QUOTES). Comments are left alone.
pub fn to_default_mode(text: &str, mode: SqlMode) -> Cow<'_, str> {
    if mode == SqlMode::default() {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut last = 0;
    for t in Lexer::new(text, Syntax::new(Dialect::Mysql).with_mode(mode)) {
        match t.kind {
            // Only under ANSI_QUOTES: "a""b" -> `a"b`.
            Kind::QuotedIdent { quote: b'"' } => {
                out.push_str(&text[last..t.start]);
                out.push('`');
                out.push_str(&t.value(text).replace('`', "``"));
                out.push('`');
                last = t.end;
            }
            Kind::String { .. } if mode.no_backslash_escapes => {
                let body_end = if t.terminated { t.end - 1 } else { t.end };
                let body = &text[t.start + 1..body_end];
                if body.contains('\\') {
                    out.push_str(&text[last..t.start + 1]);
                    out.push_str(&body.replace('\\', "\\\\"));
                    last = body_end;
                }
            }
            _ => {}
        }
    }
    if last == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_session_assignments_and_dump_save_restore() {
        let mut t = SqlModeTracker::default();
        t.follow("SET sql_mode = 'NO_BACKSLASH_ESCAPES'").unwrap();
        assert!(t.mode.no_backslash_escapes);
        t.follow("SET GLOBAL sql_mode = ''").unwrap();
        assert!(
            t.mode.no_backslash_escapes,
            "GLOBAL does not change the session"
        );
        t.follow("SET @@session.sql_mode = DEFAULT").unwrap();
        assert_eq!(t.mode, SqlMode::default());
        t.follow("SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='ANSI'")
            .unwrap();
        assert!(t.mode.ansi_quotes);
        t.follow("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')")
            .unwrap();
        assert_eq!(
            t.mode,
            SqlMode {
                ansi_quotes: true,
                no_backslash_escapes: true
            }
        );
        t.follow("SET SQL_MODE=@OLD_SQL_MODE").unwrap();
        assert_eq!(t.mode, SqlMode::default());
        assert!(t.follow("SET sql_mode = (SELECT x FROM t)").is_err());
        t.follow("SET NAMES utf8mb4").unwrap();
        assert_eq!(
            t.follow("SET sql_mode = (SELECT x FROM t)"),
            Err(SqlModeError::UnknownValue)
        );
    }

    #[test]
    fn reads_set_statements_with_the_sql_lexer() {
        // Comments are not part of the value; `@@session.sql_mode` is one word.
        let mut t = SqlModeTracker::default();
        t.follow("SET /* c */ @@SESSION.sql_mode = 'ANSI' -- why\n")
            .unwrap();
        assert!(t.mode.ansi_quotes);
        assert_eq!(
            tokens("@@session.sql_mode=`X`, @a := \"b\"", SqlMode::default()),
            [
                T::Word("@@session.sql_mode".into()),
                T::Punct('='),
                T::Word("x".into()),
                T::Punct(','),
                T::Word("@a".into()),
                T::Punct(':'),
                T::Punct('='),
                T::Str("b".into()),
            ]
        );
    }

    #[test]
    fn rewrites_into_the_default_mode() {
        let nbe = SqlMode {
            no_backslash_escapes: true,
            ansi_quotes: false,
        };
        assert_eq!(
            to_default_mode(r"COMMENT 'C:\dir\' -- it's", nbe),
            r"COMMENT 'C:\\dir\\' -- it's"
        );
        let ansi = SqlMode {
            no_backslash_escapes: false,
            ansi_quotes: true,
        };
        assert_eq!(
            to_default_mode(r#"CREATE TABLE "my""t" ("a" int COMMENT 'x\'s')"#, ansi),
            r#"CREATE TABLE `my"t` (`a` int COMMENT 'x\'s')"#
        );
        assert!(matches!(to_default_mode("SELECT 1", nbe), Cow::Borrowed(_)));
    }
}

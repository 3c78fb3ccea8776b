//! Tokens for dispatching statements and reading names, strings and ALTER
//! TABLE operations without a full parse: a thin layer over the one SQL
//! lexer ([`crate::source::sql_lex`]).

use crate::dialect::Dialect;
use crate::source::sql_lex::{Kind, Lexer, Syntax};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    /// An unquoted word (identifier or keyword), as written.
    Word(String),
    /// A quoted identifier (`"x"`, `` `x` ``), unescaped.
    Quoted(String),
    /// A string literal, unescaped (`'x'`, `E'x'`, `$$x$$`, `_utf8mb4'x'`).
    Str(String),
    Number,
    /// Any other single character.
    Punct(char),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub tok: Tok,
    /// Byte offsets in the lexed text.
    pub start: usize,
    pub end: usize,
    /// Parenthesis depth at the token (the `(` itself is at the outer depth).
    pub depth: u32,
}

impl Token {
    pub fn is_word(&self, kw: &str) -> bool {
        matches!(&self.tok, Tok::Word(w) if w.eq_ignore_ascii_case(kw))
    }
    pub fn is_punct(&self, c: char) -> bool {
        self.tok == Tok::Punct(c)
    }
}

/// Lex `text`, stopping after `limit` tokens (to keep dispatch cheap):
/// the significant tokens of [`crate::source::sql_lex`], with values
/// unescaped, MySQL charset introducers (`_utf8mb4'x'`) joined to their
/// string, and parenthesis depth.
pub fn lex(text: &str, dialect: Dialect, limit: usize) -> Vec<Token> {
    let mysql = dialect == Dialect::Mysql;
    let mut out = Vec::new();
    let mut depth: u32 = 0;
    let mut toks = Lexer::new(text, Syntax::new(dialect));
    while out.len() < limit {
        let Some(t) = toks.next() else { break };
        let (tok, end) = match t.kind {
            _ if t.is_trivia() => continue,
            Kind::Word if mysql && text.as_bytes()[t.start] == b'_' => {
                // A string right after `_charset` is the introducer's.
                let at = toks.pos();
                match toks.next() {
                    Some(s) if matches!(s.kind, Kind::String { quote: b'\'', .. }) => {
                        (Tok::Str(s.value(text).into_owned()), s.end)
                    }
                    _ => {
                        toks.seek(at, t.line);
                        (Tok::Word(t.text(text).to_string()), t.end)
                    }
                }
            }
            Kind::Word => (Tok::Word(t.text(text).to_string()), t.end),
            Kind::String { .. } | Kind::Dollar { .. } => {
                (Tok::Str(t.value(text).into_owned()), t.end)
            }
            Kind::QuotedIdent { .. } => (Tok::Quoted(t.value(text).into_owned()), t.end),
            Kind::Number => (Tok::Number, t.end),
            _ => {
                let ch = char::from(text.as_bytes()[t.start]);
                if ch == ')' {
                    depth = depth.saturating_sub(1);
                }
                out.push(Token {
                    tok: Tok::Punct(ch),
                    start: t.start,
                    end: t.end,
                    depth,
                });
                if ch == '(' {
                    depth += 1;
                }
                continue;
            }
        };
        out.push(Token {
            tok,
            start: t.start,
            end,
            depth,
        });
    }
    out
}

/// A possibly qualified name read from tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawName {
    /// Parts, each with whether it was quoted.
    pub parts: Vec<(String, bool)>,
}

/// Read a dotted name at `toks[i..]`; returns it and the index after it.
pub fn read_name(toks: &[Token], mut i: usize) -> Option<(RawName, usize)> {
    let mut parts = Vec::new();
    loop {
        let t = toks.get(i)?;
        match &t.tok {
            Tok::Word(w) => parts.push((w.clone(), false)),
            Tok::Quoted(q) => parts.push((q.clone(), true)),
            _ => return None,
        }
        i += 1;
        if toks.get(i).is_some_and(|t| t.is_punct('.')) {
            i += 1;
            continue;
        }
        break;
    }
    Some((RawName { parts }, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexes_strings_and_names() {
        let t = lex(
            "COMMENT ON COLUMN \"Users\".email IS E'it\\'s #PPI'",
            Dialect::Postgres,
            100,
        );
        assert!(t[0].is_word("comment"));
        assert_eq!(t[3].tok, Tok::Quoted("Users".into()));
        assert_eq!(t.last().unwrap().tok, Tok::Str("it's #PPI".into()));
        let t = lex("x COMMENT _utf8mb4'a''b' -- c\n", Dialect::Mysql, 100);
        assert_eq!(t[2].tok, Tok::Str("a'b".into()));
        let t = lex("IS $x$ a ' b $x$", Dialect::Postgres, 100);
        assert_eq!(t[1].tok, Tok::Str(" a ' b ".into()));
    }

    #[test]
    fn reads_quotes_and_comments_as_the_splitter_does() {
        // Dollar tags take bytes >= 0x80; dollar quotes are PostgreSQL only.
        let t = lex("IS $é$ a ' b $é$", Dialect::Postgres, 100);
        assert_eq!(t[1].tok, Tok::Str(" a ' b ".into()));
        let t = lex("SET $a$ = 1", Dialect::Mysql, 100);
        assert!(t[1].is_punct('$'));
        // MySQL: `--` starts a comment only before whitespace.
        let t = lex("SELECT 1--1 -- c\n", Dialect::Mysql, 100);
        assert_eq!(t.len(), 5);
        assert!(t[2].is_punct('-') && t[3].is_punct('-'));
        assert_eq!(lex("SELECT 1--1", Dialect::Postgres, 100).len(), 2);
    }

    #[test]
    fn tracks_depth_and_names() {
        let t = lex(
            "ALTER TABLE s.\"T\" ADD a int, ADD CONSTRAINT c CHECK (a IN (1, 2))",
            Dialect::Postgres,
            100,
        );
        let (n, _) = read_name(&t, 2).unwrap();
        assert_eq!(
            n.parts,
            vec![("s".to_string(), false), ("T".to_string(), true)]
        );
        let commas: Vec<u32> = t
            .iter()
            .filter(|t| t.is_punct(','))
            .map(|t| t.depth)
            .collect();
        assert_eq!(commas, vec![0, 2]);
    }
}

//! A light lexer for dispatching statements and reading names, strings and
//! ALTER TABLE operations without a full parse.

use crate::dialect::Dialect;

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

/// Lex `text`, stopping after `limit` tokens (to keep dispatch cheap).
pub fn lex(text: &str, dialect: Dialect, limit: usize) -> Vec<Token> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut depth: u32 = 0;
    let mysql = dialect == Dialect::Mysql;
    while i < b.len() && out.len() < limit {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        // Comments.
        if c == b'-' && b.get(i + 1) == Some(&b'-') {
            i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |p| i + p + 1);
            continue;
        }
        if mysql && c == b'#' {
            i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |p| i + p + 1);
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let mut nest = 1;
            let mut j = i + 2;
            while j < b.len() && nest > 0 {
                if b[j] == b'*' && b.get(j + 1) == Some(&b'/') {
                    nest -= 1;
                    j += 2;
                } else if !mysql && b[j] == b'/' && b.get(j + 1) == Some(&b'*') {
                    nest += 1;
                    j += 2;
                } else {
                    j += 1;
                }
            }
            i = j;
            continue;
        }
        let start = i;
        // Strings, with optional E prefix or charset introducer.
        if c == b'\'' {
            let (s, end) = quoted(text, i, b'\'', mysql);
            out.push(Token {
                tok: Tok::Str(s),
                start,
                end,
                depth,
            });
            i = end;
            continue;
        }
        if (c == b'E' || c == b'e') && b.get(i + 1) == Some(&b'\'') && !mysql {
            let (s, end) = quoted(text, i + 1, b'\'', true);
            out.push(Token {
                tok: Tok::Str(s),
                start,
                end,
                depth,
            });
            i = end;
            continue;
        }
        if c == b'$' {
            if let Some(tag_end) = dollar_tag_end(b, i) {
                let tag = &text[i..tag_end];
                let body_start = tag_end;
                let (body, end) = match text[body_start..].find(tag) {
                    Some(p) => (
                        &text[body_start..body_start + p],
                        body_start + p + tag.len(),
                    ),
                    None => (&text[body_start..], b.len()),
                };
                out.push(Token {
                    tok: Tok::Str(body.to_string()),
                    start,
                    end,
                    depth,
                });
                i = end;
                continue;
            }
        }
        if c == b'"' {
            let (s, end) = quoted(text, i, b'"', mysql);
            out.push(Token {
                tok: if mysql { Tok::Str(s) } else { Tok::Quoted(s) },
                start,
                end,
                depth,
            });
            i = end;
            continue;
        }
        if c == b'`' {
            let (s, end) = quoted(text, i, b'`', false);
            out.push(Token {
                tok: Tok::Quoted(s),
                start,
                end,
                depth,
            });
            i = end;
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
            let mut j = i;
            while j < b.len()
                && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] == b'$' || b[j] >= 0x80)
            {
                j += 1;
            }
            // MySQL charset introducer: _utf8mb4'text'
            if mysql && c == b'_' && b.get(j) == Some(&b'\'') {
                let (s, end) = quoted(text, j, b'\'', true);
                out.push(Token {
                    tok: Tok::Str(s),
                    start,
                    end,
                    depth,
                });
                i = end;
                continue;
            }
            out.push(Token {
                tok: Tok::Word(text[i..j].to_string()),
                start,
                end: j,
                depth,
            });
            i = j;
            continue;
        }
        if c.is_ascii_digit() {
            let mut j = i;
            while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'.') {
                j += 1;
            }
            out.push(Token {
                tok: Tok::Number,
                start,
                end: j,
                depth,
            });
            i = j;
            continue;
        }
        // Any other character (multi-byte already handled as words).
        let ch = text[i..].chars().next().unwrap_or('?');
        let len = ch.len_utf8();
        if ch == ')' {
            depth = depth.saturating_sub(1);
        }
        out.push(Token {
            tok: Tok::Punct(ch),
            start,
            end: i + len,
            depth,
        });
        if ch == '(' {
            depth += 1;
        }
        i += len;
    }
    out
}

/// `$tag$` starting at `i`: returns the end of the opening tag.
fn dollar_tag_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
        if j == i + 1 && b[j].is_ascii_digit() {
            return None;
        }
        j += 1;
    }
    (b.get(j) == Some(&b'$')).then_some(j + 1)
}

/// Read a quoted token starting at `i` (the opening quote); doubled quotes
/// escape, and with `backslash` so do backslashes. Returns the unescaped text
/// and the offset after the closing quote.
fn quoted(text: &str, i: usize, q: u8, backslash: bool) -> (String, usize) {
    let b = text.as_bytes();
    let mut out = String::new();
    let mut j = i + 1;
    let mut run = j;
    while j < b.len() {
        let c = b[j];
        if c == q {
            out.push_str(&text[run..j]);
            if b.get(j + 1) == Some(&q) {
                out.push(q as char);
                j += 2;
                run = j;
                continue;
            }
            return (out, j + 1);
        }
        if backslash && c == b'\\' && j + 1 < b.len() {
            out.push_str(&text[run..j]);
            let n = b[j + 1];
            let ch_len = text[j + 1..].chars().next().map_or(1, char::len_utf8);
            match n {
                b'n' => out.push('\n'),
                b't' => out.push('\t'),
                b'r' => out.push('\r'),
                b'0' => out.push('\0'),
                b'Z' => out.push('\u{1a}'),
                _ => out.push_str(&text[j + 1..j + 1 + ch_len]),
            }
            j += 1 + ch_len;
            run = j;
            continue;
        }
        j += 1;
    }
    out.push_str(&text[run.min(b.len())..]);
    (out, b.len())
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

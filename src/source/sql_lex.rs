//! The one SQL lexer: what quotes, comments and dollar quotes are in each
//! dialect and MySQL `sql_mode`, as the statement splitter, the replay's
//! token reader ([`crate::source::replay::lex`]), the `sql_mode` follower,
//! placeholder substitution and `fix` read them.
//!
//! Two levels, one set of rules:
//! - scanning functions on bytes ([`Syntax::quote`], [`quoted_end`],
//!   [`Syntax::block_comment_end`], [`dollar_quote_end`], …) that the
//!   splitter calls from its hot loop (it skips uninteresting bytes with a
//!   table and must not pay for tokens it does not need);
//! - [`Lexer`], an iterator of [`Token`]s (kind, byte offsets, line) built on
//!   those functions, for everything else.
//!
//! The rules:
//! - whitespace: ASCII space, tab, CR, LF, VT, FF;
//! - `-- …` comments (MySQL: only when followed by whitespace, a control
//!   character or the end), MySQL `# …`, `/* … */` (nested in PostgreSQL);
//! - MySQL conditional comments `/*!NNNNN … */` and `/*M!NNNNNN … */`: with
//!   [`Syntax::conditional`] their content is SQL (a [`Kind::ConditionalOpen`]
//!   marker token, the content's tokens, a [`Kind::ConditionalClose`]);
//!   otherwise, and for the mariadb-dump sandbox line `/*M!999999\- … */`,
//!   a comment;
//! - `'…'` with doubled quotes, plus backslash escapes in MySQL (unless
//!   `NO_BACKSLASH_ESCAPES`) and in PostgreSQL `E'…'`; `"…"` an identifier in
//!   PostgreSQL and under MySQL `ANSI_QUOTES`, otherwise a MySQL string;
//!   MySQL backticks; PostgreSQL dollar quotes `$$…$$` / `$tag$…$tag$` (the
//!   tag: a letter, `_` or a byte >= 0x80, then those and digits; `$1` is a
//!   parameter, `${name}` a placeholder, `a$b$` part of a word);
//! - words (a letter, `_` or a byte >= 0x80, then those, digits and `$`),
//!   numbers (a digit, then letters, digits and dots), and any other byte as
//!   one punctuation token.
//!
//! Unterminated strings and comments run to the end of the text and are
//! reported by the token ([`Token::unterminated`]), never by a panic. Any
//! `&str` is safe: the lexer only cuts at ASCII bytes.

use std::borrow::Cow;

use crate::dialect::Dialect;
use crate::source::replay::mysql_version::Conditional;
use crate::source::replay::sql_mode::SqlMode;

/// How to read the text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Syntax {
    pub mysql: bool,
    /// MySQL `sql_mode` (only its reading-related parts).
    pub mode: SqlMode,
    /// MySQL conditional comments hold SQL (as the server and the splitter
    /// read them) instead of being comments.
    pub conditional: bool,
}

/// What a quote character opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quote {
    /// A string literal; `backslash`: `\` escapes the next byte.
    String { backslash: bool },
    /// A quoted identifier (doubled quotes only).
    Ident,
}

impl Quote {
    pub fn backslash(self) -> bool {
        matches!(self, Quote::String { backslash: true })
    }

    /// How a warning names it.
    pub fn what(self) -> &'static str {
        match self {
            Quote::String { .. } => "quoted string",
            Quote::Ident => "quoted identifier",
        }
    }
}

impl Syntax {
    pub fn new(dialect: Dialect) -> Syntax {
        Syntax {
            mysql: dialect == Dialect::Mysql,
            ..Syntax::default()
        }
    }

    pub fn with_mode(self, mode: SqlMode) -> Syntax {
        Syntax { mode, ..self }
    }

    pub fn with_conditional(self, conditional: bool) -> Syntax {
        Syntax {
            conditional,
            ..self
        }
    }

    /// What the quote byte `q` opens (`e_prefix`: it follows a standalone
    /// `E`), or `None` if it is no quote here.
    #[inline]
    pub fn quote(&self, q: u8, e_prefix: bool) -> Option<Quote> {
        let m = self.mode;
        match q {
            b'\'' if self.mysql => Some(Quote::String {
                backslash: !m.no_backslash_escapes,
            }),
            b'\'' => Some(Quote::String {
                backslash: e_prefix,
            }),
            b'"' if self.mysql && !m.ansi_quotes => Some(Quote::String {
                backslash: !m.no_backslash_escapes,
            }),
            b'"' => Some(Quote::Ident),
            b'`' if self.mysql => Some(Quote::Ident),
            _ => None,
        }
    }

    /// Whether the `'` at `i` follows a standalone `E` (PostgreSQL escape
    /// string); `start`: where the text being read begins.
    #[inline]
    pub fn e_prefix(&self, b: &[u8], i: usize, start: usize) -> bool {
        !self.mysql
            && i > start
            && matches!(b[i - 1], b'e' | b'E')
            && (i - 1 == start || !is_ident_cont(b[i - 2]))
    }

    /// Whether `--` at `i` starts a comment (MySQL wants whitespace or a
    /// control character after it).
    #[inline]
    pub fn dash_comment_at(&self, b: &[u8], i: usize) -> bool {
        b.get(i) == Some(&b'-')
            && b.get(i + 1) == Some(&b'-')
            && (!self.mysql || b.get(i + 2).is_none_or(|&c| c <= b' '))
    }

    /// Whether a line comment starts at `i` (`--`, MySQL `#`).
    #[inline]
    pub fn line_comment_at(&self, b: &[u8], i: usize) -> bool {
        (self.mysql && b.get(i) == Some(&b'#')) || self.dash_comment_at(b, i)
    }

    /// Offset just past the `*/` closing the block comment that opens at `i`
    /// (nested in PostgreSQL), or `None` if it never closes.
    pub fn block_comment_end(&self, b: &[u8], i: usize) -> Option<usize> {
        let from = (i + 2).min(b.len());
        if self.mysql {
            return memchr::memmem::find(&b[from..], b"*/").map(|k| from + k + 2);
        }
        let mut depth = 1usize;
        let mut j = from;
        while let Some(k) = memchr::memchr2(b'*', b'/', &b[j..]) {
            let k = j + k;
            if b[k] == b'*' && b.get(k + 1) == Some(&b'/') {
                depth -= 1;
                j = k + 2;
                if depth == 0 {
                    return Some(j);
                }
            } else if b[k] == b'/' && b.get(k + 1) == Some(&b'*') {
                depth += 1;
                j = k + 2;
            } else {
                j = k + 1;
            }
        }
        None
    }

    /// Whether a dollar quote may open at `i` (PostgreSQL, not inside a word:
    /// `a$b$` is an identifier).
    #[inline]
    pub fn dollar_may_open(&self, b: &[u8], i: usize, start: usize) -> bool {
        !self.mysql && (i <= start || !is_ident_cont(b[i - 1]))
    }
}

/// What a MySQL `/*` turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MysqlComment {
    /// `/*!…` or `/*M!…`: conditional SQL; the marker is this many bytes.
    Conditional(usize, Conditional),
    /// `/*M!999999\- enable the sandbox mode */` and the like: a comment.
    Sandbox,
    /// An ordinary comment.
    Plain,
}

/// Classify the `/*` at `i` as MySQL reads it.
pub fn mysql_comment(b: &[u8], i: usize) -> MysqlComment {
    let at = |k: usize| b.get(k).copied().unwrap_or(0);
    let mut j = i + 2;
    let mariadb_only = match (at(j), at(j + 1)) {
        (b'!', _) => {
            j += 1;
            false
        }
        (b'M', b'!') => {
            j += 2;
            true
        }
        _ => return MysqlComment::Plain,
    };
    let digits_at = j;
    let mut version: u32 = 0;
    while at(j).is_ascii_digit() {
        version = version
            .saturating_mul(10)
            .saturating_add(u32::from(at(j) - b'0'));
        j += 1;
    }
    let digits = j - digits_at;
    if at(j) == b'\\' {
        MysqlComment::Sandbox
    } else if mariadb_only {
        MysqlComment::Conditional(j - i, Conditional::Mariadb { version, digits })
    } else {
        MysqlComment::Conditional(j - i, Conditional::Any { version, digits })
    }
}

/// ASCII whitespace as SQL sees it.
#[inline]
pub fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Byte that may start a word (and a dollar-quote tag).
#[inline]
pub fn is_word_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 0x80
}

/// Byte that may continue a word (and so cannot precede a dollar quote or
/// an `E'` prefix).
#[inline]
pub fn is_ident_cont(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80
}

/// Byte that may continue a dollar-quote tag.
#[inline]
fn is_tag_cont(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// `$tag$` or `$$` opening at `i` (the `$`): the offset after it.
#[inline]
pub fn dollar_tag_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    if b.get(j).is_some_and(|&c| is_word_start(c)) {
        while b.get(j).is_some_and(|&c| is_tag_cont(c)) {
            j += 1;
        }
    }
    (b.get(j) == Some(&b'$')).then_some(j + 1)
}

/// The end of the dollar quote whose opening tag is `b[i..open_end]`, or
/// `None` if it never closes.
#[inline]
pub fn dollar_quote_end(b: &[u8], i: usize, open_end: usize) -> Option<usize> {
    let tag = &b[i..open_end];
    memchr::memmem::find(&b[open_end..], tag).map(|k| open_end + k + tag.len())
}

/// The end (after the closing quote) of the quoted text opening with `q` at
/// `i`, or `None` if it never closes. A doubled quote is one quote; with
/// `backslash`, a backslash escapes the next byte.
#[inline]
pub fn quoted_end(b: &[u8], i: usize, q: u8, backslash: bool) -> Option<usize> {
    let mut j = i + 1;
    loop {
        let found = if backslash {
            memchr::memchr2(q, b'\\', b.get(j..)?)
        } else {
            memchr::memchr(q, b.get(j..)?)
        };
        let k = j + found?;
        if b[k] != b'\\' && b.get(k + 1) != Some(&q) {
            return Some(k + 1);
        }
        j = k + 2;
        if j >= b.len() {
            return None;
        }
    }
}

/// Offset of the `\n` ending the line that holds `i` (or the end of text).
#[inline]
pub fn line_end(b: &[u8], i: usize) -> usize {
    let i = i.min(b.len());
    memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |k| i + k)
}

/// Newlines in `b`.
#[inline]
pub fn count_newlines(b: &[u8]) -> usize {
    // Auto-vectorises; far faster than calling memchr in a loop on dense lines.
    b.iter().filter(|&&c| c == b'\n').count()
}

/// The content of the quoted text `quoted` (from its opening quote `q`),
/// unescaped: doubled quotes are one, and with `backslash` `\n`, `\t`,
/// `\r`, `\0`, `\Z` are control characters and `\x` is `x`.
pub fn unquote(quoted: &str, q: u8, backslash: bool) -> String {
    let b = quoted.as_bytes();
    let mut out = String::new();
    let mut j = 1;
    let mut run = j;
    while j < b.len() {
        let c = b[j];
        if c == q {
            out.push_str(&quoted[run..j]);
            if b.get(j + 1) == Some(&q) {
                out.push(q as char);
                j += 2;
                run = j;
                continue;
            }
            return out;
        }
        if backslash && c == b'\\' && j + 1 < b.len() {
            out.push_str(&quoted[run..j]);
            let ch_len = quoted[j + 1..].chars().next().map_or(1, char::len_utf8);
            match b[j + 1] {
                b'n' => out.push('\n'),
                b't' => out.push('\t'),
                b'r' => out.push('\r'),
                b'0' => out.push('\0'),
                b'Z' => out.push('\u{1a}'),
                _ => out.push_str(&quoted[j + 1..j + 1 + ch_len]),
            }
            j += 1 + ch_len;
            run = j;
            continue;
        }
        j += 1;
    }
    out.push_str(&quoted[run.min(b.len())..]);
    out
}

/// Kinds of token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A run of whitespace.
    Space,
    /// `-- …` or MySQL `# …`, up to (not including) the newline.
    LineComment,
    /// `/* … */` (a MySQL conditional comment too unless [`Syntax::conditional`]).
    BlockComment,
    /// `/*!NNNNN` or `/*M!NNNNNN`: the content up to the next `*/` is SQL.
    /// (Kept small: which servers run it is [`Token::conditional`].)
    ConditionalOpen,
    /// The `*/` closing a conditional comment.
    ConditionalClose,
    /// A string literal opening with `quote` after `prefix` bytes (`E'…'`: 1).
    String {
        quote: u8,
        backslash: bool,
        prefix: u8,
    },
    /// `"…"` (PostgreSQL, MySQL `ANSI_QUOTES`) or `` `…` ``.
    QuotedIdent {
        quote: u8,
    },
    /// A dollar-quoted string; `tag`: the length of `$tag$`.
    Dollar {
        tag: usize,
    },
    Word,
    Number,
    /// Any other byte.
    Punct,
}

/// One token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    /// Byte offsets in the text.
    pub start: usize,
    pub end: usize,
    /// 1-based line of `start` (counted from the lexer's first line).
    pub line: u32,
    /// `false`: a string, identifier or comment that runs to the end of the text.
    pub terminated: bool,
}

impl Token {
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.start..self.end]
    }

    /// Whitespace or a comment.
    pub fn is_trivia(&self) -> bool {
        matches!(
            self.kind,
            Kind::Space | Kind::LineComment | Kind::BlockComment
        )
    }

    /// The byte of a punctuation token.
    pub fn punct(&self, src: &str) -> Option<u8> {
        (self.kind == Kind::Punct).then(|| src.as_bytes()[self.start])
    }

    /// The servers that run a conditional comment opened by this token.
    pub fn conditional(&self, src: &str) -> Option<Conditional> {
        match (self.kind, mysql_comment(src.as_bytes(), self.start)) {
            (Kind::ConditionalOpen, MysqlComment::Conditional(_, c)) => Some(c),
            _ => None,
        }
    }

    /// What never ends (`"quoted string"`, …), for a warning.
    pub fn unterminated(&self) -> Option<&'static str> {
        if self.terminated {
            return None;
        }
        Some(match self.kind {
            Kind::String { .. } => "quoted string",
            Kind::QuotedIdent { .. } => "quoted identifier",
            Kind::Dollar { .. } => "dollar-quoted string",
            Kind::ConditionalOpen => "conditional comment",
            _ => "block comment",
        })
    }

    /// The token's value: strings and quoted identifiers unescaped, a dollar
    /// quote's body, anything else as written.
    pub fn value<'a>(&self, src: &'a str) -> Cow<'a, str> {
        let text = self.text(src);
        match self.kind {
            Kind::String {
                quote,
                backslash,
                prefix,
            } => Cow::Owned(unquote(&text[usize::from(prefix)..], quote, backslash)),
            Kind::QuotedIdent { quote } => Cow::Owned(unquote(text, quote, false)),
            Kind::Dollar { tag } => {
                let close = if self.terminated { tag } else { 0 };
                let body_end = text.len().saturating_sub(close).max(tag.min(text.len()));
                Cow::Borrowed(&text[tag.min(text.len())..body_end])
            }
            _ => Cow::Borrowed(text),
        }
    }
}

/// An iterator of the tokens of a text, whitespace and comments included.
#[derive(Debug, Clone)]
pub struct Lexer<'a> {
    b: &'a [u8],
    pos: usize,
    line: u32,
    syntax: Syntax,
    /// Inside a MySQL conditional comment read as SQL.
    in_cond: bool,
}

impl<'a> Lexer<'a> {
    pub fn new(src: &'a str, syntax: Syntax) -> Lexer<'a> {
        Lexer {
            b: src.as_bytes(),
            pos: 0,
            line: 1,
            syntax,
            in_cond: false,
        }
    }

    /// Where the next token starts.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Continue at `pos` (an ASCII position or a char boundary), on `line`.
    pub fn seek(&mut self, pos: usize, line: u32) {
        self.pos = pos.min(self.b.len());
        self.line = line;
    }

    /// The kind, end and whether it ends, of the token at `i`.
    fn scan(&mut self, i: usize) -> (Kind, usize, bool) {
        let b = self.b;
        let n = b.len();
        let sx = self.syntax;
        let c = b[i];
        let next = b.get(i + 1).copied();
        // Words first (most tokens are), unless an `E'…'` string starts here.
        if is_word_start(c) && !(next == Some(b'\'') && sx.e_prefix(b, i + 1, 0)) {
            let mut j = i + 1;
            while j < n && is_ident_cont(b[j]) {
                j += 1;
            }
            return (Kind::Word, j, true);
        }
        if is_space(c) {
            let mut j = i + 1;
            while j < n && is_space(b[j]) {
                j += 1;
            }
            return (Kind::Space, j, true);
        }
        if sx.line_comment_at(b, i) {
            return (Kind::LineComment, line_end(b, i), true);
        }
        if c == b'/' && next == Some(b'*') {
            if sx.mysql && sx.conditional {
                if let MysqlComment::Conditional(len, _) = mysql_comment(b, i) {
                    self.in_cond = true;
                    // Reported unterminated when no `*/` follows at all.
                    let closes = memchr::memmem::find(&b[i + len..], b"*/").is_some();
                    return (Kind::ConditionalOpen, i + len, closes);
                }
            }
            return match sx.block_comment_end(b, i) {
                Some(end) => (Kind::BlockComment, end, true),
                None => (Kind::BlockComment, n, false),
            };
        }
        if c == b'*' && next == Some(b'/') && self.in_cond {
            self.in_cond = false;
            return (Kind::ConditionalClose, i + 2, true);
        }
        let e_string = next == Some(b'\'') && sx.e_prefix(b, i + 1, 0);
        let (q_at, prefix) = if e_string { (i + 1, 1u8) } else { (i, 0) };
        if let Some(quote) = sx.quote(b[q_at], e_string) {
            let q = b[q_at];
            let kind = match quote {
                Quote::String { backslash } => Kind::String {
                    quote: q,
                    backslash,
                    prefix,
                },
                Quote::Ident => Kind::QuotedIdent { quote: q },
            };
            return match quoted_end(b, q_at, q, quote.backslash()) {
                Some(end) => (kind, end, true),
                None => (kind, n, false),
            };
        }
        if c == b'$' && sx.dollar_may_open(b, i, 0) {
            if let Some(open_end) = dollar_tag_end(b, i) {
                let kind = Kind::Dollar { tag: open_end - i };
                return match dollar_quote_end(b, i, open_end) {
                    Some(end) => (kind, end, true),
                    None => (kind, n, false),
                };
            }
        }
        if c.is_ascii_digit() {
            let mut j = i + 1;
            while j < n && (b[j].is_ascii_alphanumeric() || b[j] == b'.') {
                j += 1;
            }
            return (Kind::Number, j, true);
        }
        // Bytes >= 0x80 start words: a punctuation token is one ASCII byte.
        (Kind::Punct, i + 1, true)
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let start = self.pos;
        if start >= self.b.len() {
            return None;
        }
        let (kind, end, terminated) = self.scan(start);
        let line = self.line;
        // Words, numbers, punctuation and line comments hold no newline.
        let multiline = matches!(
            kind,
            Kind::Space
                | Kind::BlockComment
                | Kind::String { .. }
                | Kind::QuotedIdent { .. }
                | Kind::Dollar { .. }
        );
        if multiline {
            let newlines = count_newlines(&self.b[start..end]);
            self.line = line.saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
        }
        self.pos = end;
        Some(Token {
            kind,
            start,
            end,
            line,
            terminated,
        })
    }
}

/// The tokens of `text` without whitespace and comments.
pub fn significant(text: &str, syntax: Syntax) -> impl Iterator<Item = Token> + '_ {
    Lexer::new(text, syntax).filter(|t| !t.is_trivia())
}

/// A small deterministic random generator for the scanners' fuzz tests.
#[cfg(test)]
pub(crate) fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PG: Dialect = Dialect::Postgres;
    const MY: Dialect = Dialect::Mysql;

    fn kinds(text: &str, syntax: Syntax) -> Vec<(Kind, &str)> {
        Lexer::new(text, syntax)
            .filter(|t| t.kind != Kind::Space)
            .map(|t| (t.kind, t.text(text)))
            .collect()
    }

    fn values(text: &str, syntax: Syntax) -> Vec<String> {
        significant(text, syntax)
            .map(|t| t.value(text).into_owned())
            .collect()
    }

    const fn s(quote: u8, backslash: bool, prefix: u8) -> Kind {
        Kind::String {
            quote,
            backslash,
            prefix,
        }
    }

    #[test]
    fn each_token_kind() {
        let text = "SELECT a1$, 12.5e3, 'x''y' -- c\n/* b */ \"Q\"\"q\" $t$ $ $t$ E'\\n' x;";
        let k = kinds(text, Syntax::new(PG));
        assert_eq!(
            k,
            [
                (Kind::Word, "SELECT"),
                (Kind::Word, "a1$"),
                (Kind::Punct, ","),
                (Kind::Number, "12.5e3"),
                (Kind::Punct, ","),
                (s(b'\'', false, 0), "'x''y'"),
                (Kind::LineComment, "-- c"),
                (Kind::BlockComment, "/* b */"),
                (Kind::QuotedIdent { quote: b'"' }, "\"Q\"\"q\""),
                (Kind::Dollar { tag: 3 }, "$t$ $ $t$"),
                (s(b'\'', true, 1), "E'\\n'"),
                (Kind::Word, "x"),
                (Kind::Punct, ";"),
            ]
        );
        assert_eq!(
            values(text, Syntax::new(PG)),
            ["SELECT", "a1$", ",", "12.5e3", ",", "x'y", "Q\"q", " $ ", "\n", "x", ";"]
        );
        // Every byte belongs to exactly one token.
        let all: String = Lexer::new(text, Syntax::new(PG))
            .map(|t| t.text(text))
            .collect();
        assert_eq!(all, text);
    }

    #[test]
    fn dialects_differ() {
        let text = "'a\\'b' \"c\\\"d\" `e``f` # h\n--x\n-- y\n/* 1 /* 2 */ 3 */";
        assert_eq!(
            kinds(text, Syntax::new(MY)),
            [
                (s(b'\'', true, 0), "'a\\'b'"),
                (s(b'"', true, 0), "\"c\\\"d\""),
                (Kind::QuotedIdent { quote: b'`' }, "`e``f`"),
                (Kind::LineComment, "# h"),
                // MySQL: `--` needs whitespace after it.
                (Kind::Punct, "-"),
                (Kind::Punct, "-"),
                (Kind::Word, "x"),
                (Kind::LineComment, "-- y"),
                // Block comments do not nest.
                (Kind::BlockComment, "/* 1 /* 2 */"),
                (Kind::Number, "3"),
                (Kind::Punct, "*"),
                (Kind::Punct, "/"),
            ]
        );
        assert_eq!(values(text, Syntax::new(MY))[..3], ["a'b", "c\"d", "e`f"]);
        // PostgreSQL: a backslash is an ordinary character in '…'.
        let pg = kinds("'a\\'b", Syntax::new(PG));
        assert_eq!(pg, [(s(b'\'', false, 0), "'a\\'"), (Kind::Word, "b")]);
        let pg = kinds("\"c\\\"d", Syntax::new(PG));
        assert_eq!(pg[0], (Kind::QuotedIdent { quote: b'"' }, "\"c\\\""));
        let text = &text[text.find('#').unwrap()..];
        let pg = kinds(text, Syntax::new(PG));
        assert_eq!(pg.last(), Some(&(Kind::BlockComment, "/* 1 /* 2 */ 3 */")));
        assert!(pg.contains(&(Kind::Punct, "#")));
        assert!(pg.contains(&(Kind::LineComment, "--x")));
        // Dollar quotes are PostgreSQL only.
        assert_eq!(kinds("$$a$$", Syntax::new(MY))[0], (Kind::Punct, "$"));
    }

    #[test]
    fn e_strings_only_after_a_standalone_e() {
        let k = kinds("e'\\'' somee'\\' (E'x')", Syntax::new(PG));
        assert_eq!(k[0], (s(b'\'', true, 1), "e'\\''"));
        assert_eq!(k[1], (Kind::Word, "somee"));
        assert_eq!(k[2], (s(b'\'', false, 0), "'\\'"));
        assert_eq!(k[4], (s(b'\'', true, 1), "E'x'"));
        // Not in MySQL.
        assert_eq!(kinds("E'x'", Syntax::new(MY))[0], (Kind::Word, "E"));
    }

    #[test]
    fn sql_mode_changes_quotes() {
        let nbe = SqlMode {
            no_backslash_escapes: true,
            ansi_quotes: false,
        };
        let ansi = SqlMode {
            no_backslash_escapes: false,
            ansi_quotes: true,
        };
        let text = "'a\\' \"b\\\"";
        assert_eq!(
            kinds(text, Syntax::new(MY).with_mode(nbe)),
            [
                (s(b'\'', false, 0), "'a\\'"),
                (s(b'"', false, 0), "\"b\\\""),
            ]
        );
        let k = kinds("\"a\\\" 'b\\''", Syntax::new(MY).with_mode(ansi));
        assert_eq!(k[0], (Kind::QuotedIdent { quote: b'"' }, "\"a\\\""));
        assert_eq!(k[1], (s(b'\'', true, 0), "'b\\''"));
    }

    #[test]
    fn dollar_tags_take_non_ascii_bytes() {
        let text = "$é$ x $é$ $_1$y$_1$ $1 ${p} a$b$ $$";
        let k = kinds(text, Syntax::new(PG));
        assert_eq!(k[0], (Kind::Dollar { tag: 4 }, "$é$ x $é$"));
        assert_eq!(k[1], (Kind::Dollar { tag: 4 }, "$_1$y$_1$"));
        assert_eq!(k[2], (Kind::Punct, "$"));
        assert_eq!(k[3], (Kind::Number, "1"));
        assert_eq!(k[4], (Kind::Punct, "$"));
        assert_eq!(k[5], (Kind::Punct, "{"));
        assert_eq!(k[8], (Kind::Word, "a$b$"));
        assert_eq!(k[9].0, Kind::Dollar { tag: 2 });
        assert!(
            !significant(text, Syntax::new(PG))
                .last()
                .unwrap()
                .terminated
        );
        assert_eq!(values("$é$ x $é$", Syntax::new(PG)), [" x "]);
        assert_eq!(dollar_tag_end(b"$\xc3\xa9$", 0), Some(4));
        assert_eq!(dollar_tag_end(b"$1$", 0), None);
    }

    #[test]
    fn conditional_comments_hold_sql_when_asked() {
        let text = "/*!40101 SET a=1 */ /*M!100100 b */ /*M!999999\\- sandbox */ /* c */";
        let sx = Syntax::new(MY).with_conditional(true);
        let k = kinds(text, sx);
        assert_eq!(k[0], (Kind::ConditionalOpen, "/*!40101"));
        let open = Lexer::new(text, sx).next().unwrap();
        assert_eq!(
            open.conditional(text),
            Some(Conditional::Any {
                version: 40101,
                digits: 5
            })
        );
        assert_eq!(k[1], (Kind::Word, "SET"));
        assert_eq!(k[5], (Kind::ConditionalClose, "*/"));
        assert_eq!(k[6], (Kind::ConditionalOpen, "/*M!100100"));
        assert_eq!(k[8], (Kind::ConditionalClose, "*/"));
        assert_eq!(k[9], (Kind::BlockComment, "/*M!999999\\- sandbox */"));
        assert_eq!(k[10], (Kind::BlockComment, "/* c */"));
        // Otherwise (and in PostgreSQL) a comment.
        assert_eq!(kinds(text, Syntax::new(MY))[0].0, Kind::BlockComment);
        assert_eq!(
            kinds(text, Syntax::new(PG).with_conditional(true))[0].0,
            Kind::BlockComment
        );
        let open = Lexer::new("/*!40101 SET a=1;", sx).next().unwrap();
        assert_eq!(open.unterminated(), Some("conditional comment"));
    }

    #[test]
    fn unterminated_constructs_are_reported() {
        let cases: &[(&str, Dialect, &str)] = &[
            ("x 'abc", PG, "quoted string"),
            ("x E'a\\'", PG, "quoted string"),
            ("x 'a\\", MY, "quoted string"),
            ("x \"abc", PG, "quoted identifier"),
            ("x `abc", MY, "quoted identifier"),
            ("x $b$ abc $c$", PG, "dollar-quoted string"),
            ("x /* a /* b */", PG, "block comment"),
            ("x /* a", MY, "block comment"),
        ];
        for &(text, d, what) in cases {
            let last = Lexer::new(text, Syntax::new(d)).last().unwrap();
            assert_eq!(last.unterminated(), Some(what), "{text:?}");
            assert_eq!(last.end, text.len(), "{text:?}");
            // The value is what there is.
            let _ = last.value(text);
        }
        assert_eq!(values("'ab''", Syntax::new(PG)), ["ab'"]);
        assert_eq!(values("$x$ab", Syntax::new(PG)), ["ab"]);
        assert_eq!(values("$x$", Syntax::new(PG)), [""]);
    }

    #[test]
    fn line_numbers() {
        let text = "a\n'b\nc' /* d\n\n */ e\r\n-- f\ng";
        let lines: Vec<(String, u32)> = significant(text, Syntax::new(PG))
            .map(|t| (t.text(text).to_string(), t.line))
            .collect();
        assert_eq!(
            lines,
            [
                ("a".to_string(), 1),
                ("'b\nc'".to_string(), 2),
                ("e".to_string(), 5),
                ("g".to_string(), 7)
            ]
        );
        let mut lx = Lexer::new(text, Syntax::new(PG));
        lx.seek(text.find('e').unwrap(), 5);
        assert_eq!(lx.find(|t| t.kind == Kind::Word).map(|t| t.line), Some(5));
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut next = xorshift(0x2545_F491_4F6C_DD1D);
        const ALPHABET: &[u8] = b"'\"`$-/*#!M\\\n\r\t Ee_a1{}.;\xc3\xa9\x00";
        for _ in 0..3000 {
            let len = (next() % 60) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| ALPHABET[(next() >> 8) as usize % ALPHABET.len()])
                .collect();
            let text = String::from_utf8_lossy(&bytes);
            for d in [PG, MY] {
                for cond in [false, true] {
                    let sx = Syntax::new(d).with_conditional(cond);
                    let mut at = 0;
                    for t in Lexer::new(&text, sx) {
                        assert_eq!(t.start, at, "{text:?}");
                        assert!(t.end > t.start && t.end <= text.len(), "{text:?}");
                        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                        let _ = t.value(&text);
                        at = t.end;
                    }
                    assert_eq!(at, text.len());
                }
            }
        }
    }
}

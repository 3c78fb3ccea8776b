//! Statement splitter: cuts SQL text into statements, each with the line its
//! first token is on and the `pitag:` directives written in the comments
//! right before it.
//!
//! The scanner works on bytes and only ever slices the input at ASCII
//! positions, so any `&str` (including lossily decoded garbage) is safe. It
//! knows what real dumps and migrations contain:
//!
//! - quotes: `'…'` (`''`; MySQL also `\'`), Postgres `E'…'`, `"…"`
//!   (identifier in Postgres, string with backslash escapes in MySQL), MySQL
//!   backticks, Postgres dollar quotes `$$…$$` / `$tag$…$tag$` (`$1` is a
//!   parameter, `${name}` a placeholder);
//! - comments: `-- …` (MySQL: only when followed by whitespace), MySQL `# …`,
//!   `/* … */` (nested in Postgres);
//! - MySQL conditional comments `/*!40101 … */` and MariaDB `/*M!100100 … */`,
//!   whose content is SQL (markers removed), and the mariadb-dump sandbox line
//!   `/*M!999999\- enable the sandbox mode */`, which is skipped;
//! - client commands between statements: `DELIMITER xx` lines (honoured in
//!   both dialects: no statement starts with that word, and MySQL files are
//!   sometimes sniffed as Postgres), psql meta-commands (`\restrict KEY`,
//!   `\connect db`, …), and the data lines that follow `COPY … FROM stdin;`
//!   or `\copy … from stdin` up to `\.`;
//! - like psql, a `;` inside parentheses or inside the `BEGIN [ATOMIC] … END`
//!   body of `CREATE [OR REPLACE] FUNCTION|PROCEDURE` does not end a Postgres
//!   statement (pg_dump writes such SQL-standard bodies); the MySQL client has
//!   no such rule.
//!
//! It never fails: an unterminated construct ends the text and is reported as a
//! [`SplitWarning`].

use std::borrow::Cow;

use crate::dialect::Dialect;
use crate::source::replay::mysql_version::MysqlServer;
use crate::source::replay::sql_mode::{to_default_mode, SqlModeTracker};
use crate::source::sql_lex::{
    count_newlines, dollar_quote_end, dollar_tag_end, is_ident_cont, is_space as is_ws, line_end,
    quoted_end, MysqlComment, Syntax,
};

/// One statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement<'a> {
    /// Statement text from its first token up to (not including) the delimiter, trimmed.
    /// Borrowed from the input unless something had to be rewritten (MySQL conditional
    /// comments `/*!40101 … */` unwrapped: their content kept as SQL, markers removed).
    pub text: Cow<'a, str>,
    /// 1-based line of the statement's first token, counted from `first_line` (see `split`).
    pub line: u32,
    /// `pitag:` directives in comments between the previous statement and this one,
    /// e.g. `-- pitag:ignore missing-column-tag -- reason` gives
    /// Directive { line, text: "ignore missing-column-tag -- reason" }.
    pub directives: Vec<Directive>,
    /// MySQL: the statement as servers that disagree with the target on one
    /// of its conditional comments would run it (`None`: no such comment).
    /// `text` may be empty when only those servers run anything.
    pub alternate: Option<Cow<'a, str>>,
}

/// How to read MySQL text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SplitOptions {
    /// The server whose conditional comments (`/*!NNNNN … */`) are run.
    pub server: MysqlServer,
}

/// A `pitag:` comment: its line and the text after `pitag:`, trimmed.
#[derive(Debug, Clone, PartialEq)]
pub struct Directive {
    pub line: u32,
    pub text: String,
}

/// Something the splitter had to guess about (unterminated string, …).
#[derive(Debug, Clone, PartialEq)]
pub struct SplitWarning {
    pub line: u32,
    pub message: String,
}

/// The statements of one text, in order, and what went wrong on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<'a> {
    pub statements: Vec<Statement<'a>>,
    pub warnings: Vec<SplitWarning>,
}

/// Split `text` into statements.
///
/// `first_line` is the 1-based line number of the first line of `text` in its file
/// (segments of a file start mid-file).
pub fn split(text: &str, dialect: Dialect, first_line: u32) -> Split<'_> {
    split_with(text, dialect, first_line, SplitOptions::default())
}

/// [`split`] for a given MySQL server.
pub fn split_with(
    text: &str,
    dialect: Dialect,
    first_line: u32,
    options: SplitOptions,
) -> Split<'_> {
    let mut s = Splitter::new(text, dialect, first_line);
    s.server = options.server;
    s.run()
}

struct Splitter<'a> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    mysql: bool,
    /// The current delimiter (`;` unless a `DELIMITER` line changed it).
    delim: Vec<u8>,
    /// Bytes that need a look inside a statement.
    interesting: [bool; 256],
    /// The same plus the bytes that start a word, for `CREATE FUNCTION`
    /// statements whose `BEGIN ATOMIC … END` bodies psql keeps whole.
    interesting_words: [bool; 256],
    /// Postgres with `;`: like psql, `;` inside parentheses or inside a
    /// `BEGIN … END` routine body does not end the statement.
    psql_nesting: bool,
    /// Inside a MySQL conditional comment (its content is SQL).
    in_cond: bool,
    cond_start: usize,
    /// The open conditional comment's marker ends here; other servers would
    /// skip its body (see `Statement::alternate`).
    cond_marker_end: usize,
    cond_dependent: bool,
    /// Marker byte ranges to cut out of the current statement.
    cuts: Vec<(usize, usize)>,
    /// The same for the statement as other servers run it.
    alt_cuts: Vec<(usize, usize)>,
    has_alternate: bool,
    server: MysqlServer,
    sql_mode: SqlModeTracker,
    first_line: u32,
    /// Line cursor: `line_pos` is on line `line_idx` (0-based, relative to `first_line`).
    line_pos: usize,
    line_idx: usize,
    pending: Vec<Directive>,
    out: Split<'a>,
}

impl<'a> Splitter<'a> {
    fn new(src: &'a str, dialect: Dialect, first_line: u32) -> Self {
        let mut s = Splitter {
            src,
            b: src.as_bytes(),
            pos: 0,
            mysql: dialect == Dialect::Mysql,
            delim: b";".to_vec(),
            interesting: [false; 256],
            interesting_words: [false; 256],
            psql_nesting: false,
            in_cond: false,
            cond_start: 0,
            cond_marker_end: 0,
            cond_dependent: false,
            cuts: Vec::new(),
            alt_cuts: Vec::new(),
            has_alternate: false,
            server: MysqlServer::default(),
            sql_mode: SqlModeTracker::default(),
            first_line: first_line.max(1),
            line_pos: 0,
            line_idx: 0,
            pending: Vec::new(),
            out: Split {
                statements: Vec::new(),
                warnings: Vec::new(),
            },
        };
        s.build_table();
        s
    }

    fn build_table(&mut self) {
        let mut t = [false; 256];
        for &c in b"'\"-/" {
            t[c as usize] = true;
        }
        if self.mysql {
            for &c in b"`#*" {
                t[c as usize] = true;
            }
        } else {
            t[b'$' as usize] = true;
        }
        self.psql_nesting = !self.mysql && self.delim == b";";
        if self.psql_nesting {
            t[b'(' as usize] = true;
            t[b')' as usize] = true;
        }
        t[self.delim[0] as usize] = true;
        self.interesting = t;
        for c in (b'a'..=b'z').chain(b'A'..=b'Z').chain([b'_']) {
            t[c as usize] = true;
        }
        self.interesting_words = t;
    }

    /// Line (absolute, 1-based) of byte offset `p`.
    fn line_at(&mut self, p: usize) -> u32 {
        let p = p.min(self.b.len());
        if p >= self.line_pos {
            self.line_idx += count_newlines(&self.b[self.line_pos..p]);
        } else {
            self.line_idx -= count_newlines(&self.b[p..self.line_pos]);
        }
        self.line_pos = p;
        let idx = u32::try_from(self.line_idx).unwrap_or(u32::MAX);
        self.first_line.saturating_add(idx)
    }

    fn warn(&mut self, at: usize, what: &str) {
        let line = self.line_at(at);
        self.out.warnings.push(SplitWarning {
            line,
            message: format!("unterminated {what} starting at line {line}"),
        });
    }

    #[inline]
    fn at(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(0)
    }

    /// Offset of the `\n` ending the line that holds `i` (or the end of text).
    fn eol(&self, i: usize) -> usize {
        line_end(self.b, i)
    }

    /// How the text reads here (MySQL: in the session's current `sql_mode`).
    fn syntax(&self) -> Syntax {
        Syntax {
            mysql: self.mysql,
            mode: self.sql_mode.mode,
            conditional: true,
        }
    }

    /// `s[a..b]`, moved to char boundaries if ever needed (they always are for
    /// the ASCII positions the scanner cuts at).
    fn slice(&self, a: usize, b: usize) -> &'a str {
        let src = self.src;
        let a = crate::dialect::floor_char_boundary(src, a);
        let b = crate::dialect::floor_char_boundary(src, b).max(a);
        &src[a..b]
    }

    fn run(mut self) -> Split<'a> {
        loop {
            self.skip_gap();
            if self.pos >= self.b.len() {
                break;
            }
            let start = self.pos;
            let line = self.line_at(start);
            self.cuts.clear();
            self.alt_cuts.clear();
            self.has_alternate = false;
            if self.in_cond {
                // A statement that starts inside a conditional comment.
                self.cond_start = start;
                self.cond_marker_end = start;
            }
            let (end, terminated) = self.scan_statement(start);
            self.pos = if terminated {
                end + self.delim.len()
            } else {
                self.b.len()
            };
            let mut text = self.build_text(start, end, &self.cuts);
            let mut alternate = self
                .has_alternate
                .then(|| self.build_text(start, end, &self.alt_cuts))
                .filter(|a| *a != text);
            if text.is_empty() && alternate.is_none() {
                continue;
            }
            if self.mysql {
                // Read in the session's sql_mode, handed on in the default one.
                let mode = self.sql_mode.mode;
                text = default_mode(text, mode);
                alternate = alternate.map(|a| default_mode(a, mode));
                if let Err(why) = self.sql_mode.follow(&text) {
                    self.out.warnings.push(SplitWarning {
                        line,
                        message: why.to_string(),
                    });
                }
            }
            let copy_in = terminated && !self.mysql && is_copy_from_stdin(&text);
            self.out.statements.push(Statement {
                text,
                line,
                directives: std::mem::take(&mut self.pending),
                alternate,
            });
            if copy_in {
                self.skip_copy_data();
            }
        }
        if self.in_cond {
            self.warn(self.cond_start, "conditional comment");
        }
        self.out
    }

    /// Skip what lies between statements: whitespace, comments (collecting
    /// directives), empty statements, client commands.
    fn skip_gap(&mut self) {
        let n = self.b.len();
        while self.pos < n {
            let i = self.pos;
            let c = self.b[i];
            if is_ws(c) {
                self.pos += 1;
                continue;
            }
            if c == self.delim[0] && self.b[i..].starts_with(&self.delim) {
                self.pos += self.delim.len();
                continue;
            }
            match c {
                b'-' if self.is_dash_comment(i) => {
                    let end = self.eol(i);
                    self.directive(i, i + 2, end);
                    self.pos = end;
                }
                b'#' if self.mysql => {
                    let end = self.eol(i);
                    self.directive(i, i + 1, end);
                    self.pos = end;
                }
                b'/' if self.at(i + 1) == b'*' => match self.mysql_comment(i) {
                    // Conditional SQL starts a statement (its body may not run).
                    MysqlComment::Conditional(..) => return,
                    MysqlComment::Sandbox | MysqlComment::Plain => match self.block_end(i) {
                        Some(end) => {
                            self.directive(i, i + 2, end - 2);
                            self.pos = end;
                        }
                        None => {
                            self.directive(i, i + 2, n);
                            self.warn(i, "block comment");
                            self.pos = n;
                        }
                    },
                },
                b'*' if self.in_cond && self.at(i + 1) == b'/' => {
                    self.in_cond = false;
                    self.pos = i + 2;
                }
                // psql meta-command (`\restrict KEY`, `\connect db`, …) or
                // mysql client command: the rest of the line; `\copy … from
                // stdin` is followed by data lines like `COPY`.
                b'\\' => {
                    let end = self.eol(i);
                    if !self.mysql && is_copy_from_stdin(self.slice(i + 1, end)) {
                        self.skip_copy_data();
                    } else {
                        self.pos = end;
                    }
                }
                b'd' | b'D' if self.is_delimiter_command(i) => self.delimiter_command(i),
                0xEF if self.b[i..].starts_with("\u{feff}".as_bytes()) => self.pos += 3,
                0x80.. => {
                    // Unicode whitespace (NBSP, …) is not a token either.
                    match self.src.get(i..).and_then(|s| s.chars().next()) {
                        Some(ch) if ch.is_whitespace() => self.pos += ch.len_utf8(),
                        _ => return,
                    }
                }
                _ => return,
            }
        }
    }

    /// `--` at `i` starts a comment.
    fn is_dash_comment(&self, i: usize) -> bool {
        self.syntax().dash_comment_at(self.b, i)
    }

    /// Classify the `/*` at `i`.
    fn mysql_comment(&self, i: usize) -> MysqlComment {
        if !self.mysql {
            return MysqlComment::Plain;
        }
        crate::source::sql_lex::mysql_comment(self.b, i)
    }

    /// Offset just past the `*/` closing the block comment that opens at `i`
    /// (nested in Postgres), or `None` if it never closes.
    fn block_end(&self, i: usize) -> Option<usize> {
        self.syntax().block_comment_end(self.b, i)
    }

    /// Record a directive if the comment body `b[from..to]` (opened at
    /// `start`) starts with `pitag:`.
    fn directive(&mut self, start: usize, from: usize, to: usize) {
        let body = &self.b[from..to.max(from)];
        let lead = body
            .iter()
            .take_while(|&&c| c == b' ' || c == b'\t')
            .count();
        let body = &body[lead..];
        if !body.starts_with(b"pitag:") {
            return;
        }
        let from = from + lead + b"pitag:".len();
        let text = self.slice(from, to.max(from)).trim().to_string();
        let line = self.line_at(start);
        self.pending.push(Directive { line, text });
    }

    fn is_delimiter_command(&self, i: usize) -> bool {
        let kw = b"delimiter";
        self.b.len() > i + kw.len()
            && self.b[i..i + kw.len()].eq_ignore_ascii_case(kw)
            && matches!(self.b[i + kw.len()], b' ' | b'\t')
    }

    /// `DELIMITER xx`: the first word after the keyword is the new delimiter;
    /// the rest of the line is ignored.
    fn delimiter_command(&mut self, i: usize) {
        let end = self.eol(i);
        let mut j = i + b"delimiter".len();
        while j < end && matches!(self.b[j], b' ' | b'\t') {
            j += 1;
        }
        let k = j + self.b[j..end].iter().take_while(|&&c| !is_ws(c)).count();
        if k > j {
            self.delim = self.b[j..k].to_vec();
            self.build_table();
        } else {
            let line = self.line_at(i);
            self.out.warnings.push(SplitWarning {
                line,
                message: format!("DELIMITER without a delimiter at line {line}; ignored"),
            });
        }
        self.pos = end;
    }

    /// Scan a statement from `start`: returns where it ends (the delimiter's
    /// offset, or the end of text) and whether a delimiter ended it.
    fn scan_statement(&mut self, start: usize) -> (usize, bool) {
        let b = self.b;
        let n = b.len();
        let mut i = start;
        // MySQL with `;`: migration tools (Flyway, golang-migrate sending the
        // whole file) keep a routine's BEGIN … END body whole, as the server
        // parses it; the mysql client needs DELIMITER for that.
        let routine = (self.psql_nesting && starts_create_routine(b, start))
            || (self.mysql && self.delim == b";" && starts_mysql_routine(b, start));
        let (mut parens, mut paren_start, mut begins, mut begin_start) = (0usize, 0, 0usize, 0);
        let end = loop {
            let table = if routine {
                &self.interesting_words
            } else {
                &self.interesting
            };
            match b[i..].iter().position(|&c| table[c as usize]) {
                Some(k) => i += k,
                None => break (n, false),
            }
            let c = b[i];
            if c == self.delim[0] && b[i..].starts_with(&self.delim) && (parens == 0 && begins == 0)
            {
                break (i, true);
            }
            let next = match c {
                b'(' if self.psql_nesting => {
                    if parens == 0 {
                        paren_start = i;
                    }
                    parens += 1;
                    Some(i + 1)
                }
                b')' if self.psql_nesting => {
                    parens = parens.saturating_sub(1);
                    Some(i + 1)
                }
                b'a'..=b'z' | b'A'..=b'Z' | b'_' if routine => {
                    // A word (or the rest of one); psqlscan.l's heuristic.
                    let mid = i > start && is_ident_cont(b[i - 1]);
                    let w = i;
                    while i < n && is_ident_cont(b[i]) {
                        i += 1;
                    }
                    let word = &b[w..i];
                    if !mid && parens == 0 {
                        if word.eq_ignore_ascii_case(b"begin") {
                            if begins == 0 {
                                begin_start = w;
                            }
                            begins += 1;
                        } else if word.eq_ignore_ascii_case(b"case") && begins > 0 {
                            begins += 1;
                        } else if word.eq_ignore_ascii_case(b"end")
                            && !(self.mysql && ends_uncounted_block(b, i))
                        {
                            begins = begins.saturating_sub(1);
                        }
                    }
                    Some(i)
                }
                b'\'' | b'"' | b'`' => {
                    let sx = self.syntax();
                    match sx.quote(c, sx.e_prefix(b, i, start)) {
                        Some(q) => self.skip_quoted(i, c, q.backslash(), q.what()),
                        None => Some(i + 1),
                    }
                }
                b'$' if !self.mysql => self.skip_dollar(i, start),
                b'-' if self.is_dash_comment(i) => Some(self.eol(i)),
                b'#' if self.mysql => Some(self.eol(i)),
                b'/' if self.at(i + 1) == b'*' => match self.mysql_comment(i) {
                    MysqlComment::Conditional(len, cond) => {
                        let dependent = self.server.depends_on_version(cond);
                        self.has_alternate |= dependent;
                        if self.server.runs(cond) {
                            self.in_cond = true;
                            self.cond_start = i;
                            self.cond_marker_end = i + len;
                            self.cond_dependent = dependent;
                            self.cuts.push((i, i + len));
                            Some(i + len)
                        } else {
                            // Not run here: a comment, whose body other servers run.
                            let end = self.block_end(i);
                            let close = end.unwrap_or(n);
                            self.cuts.push((i, close));
                            if dependent {
                                self.alt_cuts.push((i, i + len));
                                self.alt_cuts
                                    .push((close.saturating_sub(2).max(i + len), close));
                            } else {
                                self.alt_cuts.push((i, close));
                            }
                            if end.is_none() {
                                self.warn(i, "conditional comment");
                            }
                            end
                        }
                    }
                    MysqlComment::Sandbox | MysqlComment::Plain => {
                        let end = self.block_end(i);
                        if end.is_none() {
                            self.warn(i, "block comment");
                        }
                        end
                    }
                },
                b'*' if self.in_cond && self.at(i + 1) == b'/' => {
                    self.in_cond = false;
                    self.cuts.push((i, i + 2));
                    if self.cond_dependent {
                        self.alt_cuts.push((self.cond_start, i + 2));
                    } else {
                        self.alt_cuts.push((self.cond_start, self.cond_marker_end));
                        self.alt_cuts.push((i, i + 2));
                    }
                    Some(i + 2)
                }
                _ => Some(i + 1),
            };
            match next {
                Some(j) if j < n => i = j,
                _ => break (n, false),
            }
        };
        if !end.1 && parens > 0 {
            let line = self.line_at(paren_start);
            self.out.warnings.push(SplitWarning {
                line,
                message: format!(
                    "unclosed parenthesis starting at line {line}: the statement runs to the end of the text"
                ),
            });
        }
        if !end.1 && begins > 0 {
            let line = self.line_at(begin_start);
            self.out.warnings.push(SplitWarning {
                line,
                message: format!(
                    "unclosed BEGIN block starting at line {line}: the statement runs to the end of the text"
                ),
            });
        }
        end
    }

    /// Skip the quoted text opening at `i`; `None` (after a warning) if it
    /// never closes.
    fn skip_quoted(&mut self, i: usize, q: u8, backslash: bool, what: &str) -> Option<usize> {
        let end = quoted_end(self.b, i, q, backslash);
        if end.is_none() {
            self.warn(i, what);
        }
        end
    }

    /// Skip a Postgres dollar-quoted string opening at `i`, or just the `$` if
    /// it is not one (`$1`, `${name}`, `a$b`).
    fn skip_dollar(&mut self, i: usize, start: usize) -> Option<usize> {
        let b = self.b;
        let open_end = self
            .syntax()
            .dollar_may_open(b, i, start)
            .then(|| dollar_tag_end(b, i))
            .flatten();
        let Some(open_end) = open_end else {
            return Some(i + 1);
        };
        let end = dollar_quote_end(b, i, open_end);
        if end.is_none() {
            self.warn(i, "dollar-quoted string");
        }
        end
    }

    /// The trimmed text of `b[start..end]` without the conditional-comment
    /// markers in `self.cuts`.
    fn build_text(&self, start: usize, end: usize, cuts: &[(usize, usize)]) -> Cow<'a, str> {
        if cuts.is_empty() {
            return Cow::Borrowed(self.slice(start, end).trim());
        }
        let mut pieces: Vec<&'a str> = Vec::with_capacity(cuts.len() + 1);
        let mut from = start;
        for &(a, z) in cuts {
            let (a, z) = (a.clamp(from, end), z.clamp(from, end));
            pieces.push(self.slice(from, a));
            from = z;
        }
        pieces.push(self.slice(from, end));
        let mut solid = pieces.iter().filter(|p| !p.trim().is_empty());
        match (solid.next(), solid.next()) {
            (None, _) => Cow::Borrowed(""),
            (Some(only), None) => Cow::Borrowed(only.trim()),
            _ => {
                let mut s = String::with_capacity(end - start);
                for p in pieces {
                    // A removed marker separated tokens: keep them apart.
                    let glued = s.chars().next_back().is_some_and(|c| !c.is_whitespace())
                        && p.chars().next().is_some_and(|c| !c.is_whitespace());
                    if glued {
                        s.push(' ');
                    }
                    s.push_str(p);
                }
                let trimmed = s.trim();
                if trimmed.len() == s.len() {
                    Cow::Owned(s)
                } else {
                    Cow::Owned(trimmed.to_string())
                }
            }
        }
    }

    /// After `COPY … FROM stdin;`: skip the rest of that line and the data
    /// lines up to and including a line that is exactly `\.`.
    fn skip_copy_data(&mut self) {
        let b = self.b;
        let n = b.len();
        let copy_at = self.pos;
        let mut line_start = (self.eol(self.pos) + 1).min(n);
        loop {
            if line_start >= n {
                let line = self.line_at(copy_at);
                self.out.warnings.push(SplitWarning {
                    line,
                    message: format!(
                        "COPY data after line {line} has no terminating `\\.` line; skipped to the end"
                    ),
                });
                self.pos = n;
                return;
            }
            if b[line_start..].starts_with(b"\\.") {
                let rest = &b[line_start + 2..];
                if rest.is_empty() || rest[0] == b'\n' || rest.starts_with(b"\r\n") || rest == b"\r"
                {
                    self.pos = line_start + 2;
                    return;
                }
            }
            line_start = match memchr::memmem::find(&b[line_start..], b"\n\\.") {
                Some(k) => line_start + k + 1,
                None => n,
            };
        }
    }
}

/// `text` (read under `mode`) in the default mode's spelling.
fn default_mode<'a>(
    text: Cow<'a, str>,
    mode: crate::source::replay::sql_mode::SqlMode,
) -> Cow<'a, str> {
    match text {
        Cow::Borrowed(t) => to_default_mode(t, mode),
        Cow::Owned(t) => match to_default_mode(&t, mode) {
            Cow::Borrowed(_) => Cow::Owned(t),
            Cow::Owned(o) => Cow::Owned(o),
        },
    }
}

/// Whether the statement at `start` begins `CREATE [OR REPLACE] [DEFINER = …]
/// [AGGREGATE] PROCEDURE|FUNCTION|TRIGGER|EVENT` (MySQL).
fn starts_mysql_routine(b: &[u8], start: usize) -> bool {
    let head = &b[start..b.len().min(start + 300)];
    if head.len() < 6 || !head[..6].eq_ignore_ascii_case(b"create") {
        return false;
    }
    let mut words = head
        .split(|&c| !(c.is_ascii_alphanumeric() || c == b'_'))
        .filter(|w| !w.is_empty())
        .take(12);
    let is = |w: &[u8], list: &[&[u8]]| list.iter().any(|k| w.eq_ignore_ascii_case(k));
    for w in words.by_ref() {
        if is(w, &[b"procedure", b"function", b"trigger", b"event"]) {
            return true;
        }
        if is(
            w,
            &[b"table", b"view", b"index", b"database", b"schema", b"user"],
        ) {
            return false;
        }
    }
    false
}

/// MySQL `END IF`, `END LOOP`, `END WHILE`, `END REPEAT` (the word after the
/// `END` ending at `i`): they close blocks the BEGIN count does not open.
fn ends_uncounted_block(b: &[u8], i: usize) -> bool {
    let mut j = i;
    while j < b.len() && is_ws(b[j]) {
        j += 1;
    }
    let k = j + b[j..]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let next = &b[j..k];
    [&b"if"[..], b"loop", b"while", b"repeat"]
        .iter()
        .any(|w| next.eq_ignore_ascii_case(w))
}

/// Whether the statement at `start` begins `CREATE [OR REPLACE] FUNCTION` or
/// `… PROCEDURE` (psql then tracks `BEGIN … END` for SQL-standard bodies).
fn starts_create_routine(b: &[u8], start: usize) -> bool {
    let mut words = b[start..b.len().min(start + 200)]
        .split(|&c| !(c.is_ascii_alphanumeric() || c == b'_'))
        .filter(|w| !w.is_empty());
    let is = |w: Option<&[u8]>, kw: &[u8]| w.is_some_and(|w| w.eq_ignore_ascii_case(kw));
    if !is(words.next(), b"create") {
        return false;
    }
    let mut w = words.next();
    if is(w, b"or") {
        if !is(words.next(), b"replace") {
            return false;
        }
        w = words.next();
    }
    is(w, b"function") || is(w, b"procedure")
}

/// Whether a statement is `COPY … FROM STDIN` (psql then reads data lines).
fn is_copy_from_stdin(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() < 4 || !b[..4].eq_ignore_ascii_case(b"copy") || b.get(4).is_some_and(|&c| !is_ws(c))
    {
        return false;
    }
    // Words outside quotes; look for `FROM` directly followed by `STDIN`.
    let mut prev_from = false;
    let mut i = 4;
    while i < b.len() {
        let c = b[i];
        if c == b'\'' || c == b'"' {
            let close = memchr::memchr(c, &b[i + 1..]).map_or(b.len(), |k| i + 1 + k);
            i = close + 1;
            prev_from = false;
        } else if c.is_ascii_alphanumeric() || c == b'_' {
            let w = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            let word = &b[w..i];
            if prev_from && word.eq_ignore_ascii_case(b"stdin") {
                return true;
            }
            prev_from = word.eq_ignore_ascii_case(b"from");
        } else {
            if !is_ws(c) {
                prev_from = false;
            }
            i += 1;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pg(s: &str) -> Vec<String> {
        texts(&split(s, Dialect::Postgres, 1))
    }

    fn my(s: &str) -> Vec<String> {
        texts(&split(s, Dialect::Mysql, 1))
    }

    fn texts(sp: &Split<'_>) -> Vec<String> {
        sp.statements.iter().map(|s| s.text.to_string()).collect()
    }

    fn lines(sp: &Split<'_>) -> Vec<u32> {
        sp.statements.iter().map(|s| s.line).collect()
    }

    #[test]
    fn simple_statements_and_trailing_text() {
        assert_eq!(
            pg("CREATE TABLE a (id int);\nDROP TABLE b ;  SELECT 1"),
            ["CREATE TABLE a (id int)", "DROP TABLE b", "SELECT 1"]
        );
        assert!(pg("").is_empty());
        assert!(pg(" ;;\n ; -- only a comment\n/* and another */").is_empty());
    }

    #[test]
    fn single_quotes_postgres() {
        let sp = split(
            "COMMENT ON TABLE t IS 'it''s; fine';\nSELECT 'a\\';",
            Dialect::Postgres,
            1,
        );
        // In Postgres a backslash is an ordinary character in '…'.
        assert_eq!(
            texts(&sp),
            ["COMMENT ON TABLE t IS 'it''s; fine'", "SELECT 'a\\'"]
        );
        assert!(sp.warnings.is_empty());
    }

    #[test]
    fn single_quotes_mysql_backslash_and_doubled() {
        assert_eq!(
            my("INSERT INTO t VALUES ('it\\'s; ok', 'a''b;c', '\\\\');\nSELECT 2;"),
            [
                "INSERT INTO t VALUES ('it\\'s; ok', 'a''b;c', '\\\\')",
                "SELECT 2"
            ]
        );
    }

    #[test]
    fn postgres_e_strings() {
        assert_eq!(
            pg("SELECT E'it\\'s; x', e'\\\\';\nSELECT 'e\\';"),
            ["SELECT E'it\\'s; x', e'\\\\'", "SELECT 'e\\'"]
        );
        // `somee'…'` is not an E-string (identifier char before the E).
        assert_eq!(pg("SELECT somee'a\\';b'"), ["SELECT somee'a\\'", "b'"]);
    }

    #[test]
    fn double_quotes() {
        assert_eq!(
            pg("CREATE TABLE \"we\"\"ird;\" (\"a\\\" int);\nSELECT 1;"),
            ["CREATE TABLE \"we\"\"ird;\" (\"a\\\" int)", "SELECT 1"]
        );
        // MySQL: double quotes are strings with backslash escapes.
        assert_eq!(
            my("SELECT \"a\\\";b\", \"c\"\";d\";SELECT 2"),
            ["SELECT \"a\\\";b\", \"c\"\";d\"", "SELECT 2"]
        );
    }

    #[test]
    fn mysql_backticks() {
        assert_eq!(
            my("CREATE TABLE `a;``b` (`c'd` int) COMMENT 'x';\nSELECT 1"),
            ["CREATE TABLE `a;``b` (`c'd` int) COMMENT 'x'", "SELECT 1"]
        );
        // In Postgres a backtick is nothing special.
        assert_eq!(pg("SELECT `a;b`"), ["SELECT `a", "b`"]);
    }

    #[test]
    fn dollar_quotes_with_tags_and_nesting() {
        let sql = "CREATE FUNCTION f() RETURNS trigger AS $fn$\nBEGIN\n  EXECUTE $$SELECT 1; $x$ ;$$;\n  RETURN NEW;\nEND;\n$fn$ LANGUAGE plpgsql;\nDO $$ BEGIN PERFORM 1; END $$;\nSELECT 3;";
        let sp = split(sql, Dialect::Postgres, 1);
        assert_eq!(sp.statements.len(), 3, "{:#?}", sp.statements);
        assert!(sp.statements[0].text.starts_with("CREATE FUNCTION"));
        assert!(sp.statements[0].text.ends_with("$fn$ LANGUAGE plpgsql"));
        assert_eq!(sp.statements[1].text, "DO $$ BEGIN PERFORM 1; END $$");
        assert_eq!(lines(&sp), [1, 7, 8]);
        assert!(sp.warnings.is_empty());
    }

    #[test]
    fn dollar_params_placeholders_and_identifiers_are_not_quotes() {
        assert_eq!(
            pg("PREPARE p AS SELECT $1, $2;SELECT a$b$c;SELECT 1"),
            ["PREPARE p AS SELECT $1, $2", "SELECT a$b$c", "SELECT 1"]
        );
        assert_eq!(
            pg("CREATE TABLE ${schema}.t (id int);\nGRANT ALL ON ${schema}.t TO ${user};"),
            [
                "CREATE TABLE ${schema}.t (id int)",
                "GRANT ALL ON ${schema}.t TO ${user}"
            ]
        );
        assert_eq!(
            my("SELECT ${x};SELECT '$$'"),
            ["SELECT ${x}", "SELECT '$$'"]
        );
    }

    #[test]
    fn block_comments_nest_in_postgres_only() {
        let sql = "SELECT 1 /* a /* b; */ c; */;\nSELECT 2;";
        assert_eq!(pg(sql), ["SELECT 1 /* a /* b; */ c; */", "SELECT 2"]);
        // MySQL: the first `*/` closes the comment.
        assert_eq!(my(sql), ["SELECT 1 /* a /* b; */ c", "*/", "SELECT 2"]);
    }

    #[test]
    fn line_comments() {
        assert_eq!(
            pg("SELECT 1 -- not; the end\n, 2;SELECT 3--x;\n;"),
            ["SELECT 1 -- not; the end\n, 2", "SELECT 3--x;"]
        );
        // MySQL: `--` needs whitespace after it; `#` comments.
        assert_eq!(
            my("SELECT 1--1;\nSELECT 2 -- c;\n;# hash; comment\nSELECT 3 # x;\n;"),
            ["SELECT 1--1", "SELECT 2 -- c;", "SELECT 3 # x;"]
        );
        assert_eq!(pg("SELECT 1 # x;"), ["SELECT 1 # x"]);
        assert_eq!(my("SELECT 1 --\t;\n;--"), ["SELECT 1 --\t;"]);
    }

    #[test]
    fn mysql_conditional_comments_unwrapped() {
        let sql = "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n\
                   /*!40103 SET TIME_ZONE='+00:00' */;\n\
                   /*!*/;\n\
                   /*!50001 CREATE ALGORITHM=UNDEFINED */\n\
                   /*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */\n\
                   /*!50001 VIEW `v` AS select 1 AS `a` */;\n\
                   CREATE TABLE t (a int) /*!50100 PARTITION BY HASH (a) */;\n";
        let sp = split(sql, Dialect::Mysql, 1);
        assert_eq!(
            texts(&sp),
            [
                "SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT",
                "SET TIME_ZONE='+00:00'",
                "CREATE ALGORITHM=UNDEFINED \n DEFINER=`root`@`localhost` SQL SECURITY DEFINER \n VIEW `v` AS select 1 AS `a`",
                "CREATE TABLE t (a int)  PARTITION BY HASH (a)",
            ]
        );
        // A statement wholly inside one conditional comment stays borrowed.
        assert!(matches!(sp.statements[0].text, Cow::Borrowed(_)));
        assert!(matches!(sp.statements[2].text, Cow::Owned(_)));
        assert_eq!(lines(&sp), [1, 2, 4, 7]);
        assert!(sp.warnings.is_empty());
        // `;` inside the content splits; glued markers keep tokens apart.
        assert_eq!(
            my("/*!40101 SET a=1; SET b=2 */;/*!50003 CREATE*//*!50017 DEFINER=x*/ TRIGGER tr"),
            ["SET a=1", "SET b=2", "CREATE DEFINER=x TRIGGER tr"]
        );
        // A `*/` inside a string in the conditional content is not the end.
        assert_eq!(my("/*!40101 SET a='*/;' */;"), ["SET a='*/;'"]);
        // Postgres: just a comment.
        assert_eq!(pg("/*!40101 SET a=1 */;SELECT 1"), ["SELECT 1"]);
    }

    #[test]
    fn mysql_routine_bodies_stay_whole_without_delimiter() {
        // As Flyway and golang-migrate (the server) read them.
        let sql = "CREATE TABLE event (begin int, end int);\n\
                   CREATE DEFINER=`a`@`%` PROCEDURE p()\nBEGIN\n\
                   IF NOT EXISTS (SELECT 1) THEN ALTER TABLE t ADD c int; END IF;\n\
                   lbl: LOOP LEAVE lbl; END LOOP lbl;\n\
                   SET @x = CASE WHEN 1 THEN 'a' ELSE 'b' END;\nEND;\nCALL p();";
        assert_eq!(my(sql).len(), 3, "{:?}", my(sql));
        assert!(my(sql)[1].ends_with("END"));
    }

    #[test]
    fn sql_mode_changes_where_strings_end() {
        // Without the mode, `'C:\dir\'` never ends and swallows the next table.
        let sql = "SET sql_mode = 'NO_BACKSLASH_ESCAPES';\n\
                   CREATE TABLE a (p text COMMENT 'C:\\dir\\');\n\
                   CREATE TABLE b (id int);\n\
                   SET SESSION sql_mode = 'ANSI';\n\
                   CREATE TABLE \"C\" (\"x\" int COMMENT 'it\\'s');\n\
                   SET @@sql_mode = DEFAULT;\n\
                   CREATE TABLE d (x int COMMENT \"a \\\"b\\\"\");";
        let sp = split(sql, Dialect::Mysql, 1);
        assert!(sp.warnings.is_empty(), "{:?}", sp.warnings);
        assert_eq!(
            texts(&sp),
            [
                "SET sql_mode = 'NO_BACKSLASH_ESCAPES'",
                // Handed on in the default mode's spelling.
                "CREATE TABLE a (p text COMMENT 'C:\\\\dir\\\\')",
                "CREATE TABLE b (id int)",
                "SET SESSION sql_mode = 'ANSI'",
                "CREATE TABLE `C` (`x` int COMMENT 'it\\'s')",
                "SET @@sql_mode = DEFAULT",
                "CREATE TABLE d (x int COMMENT \"a \\\"b\\\"\")",
            ]
        );
        assert_eq!(lines(&sp), [1, 2, 3, 4, 5, 6, 7]);
    }

    #[test]
    fn conditional_comments_run_for_the_target_server() {
        let sql = "/*!40101 SET NAMES utf8 */;\n\
                   ALTER TABLE t MODIFY e text /*!80000 COMMENT 'x' */;\n\
                   /*!99999 DROP TABLE t */;\n\
                   /*M!100100 ALTER TABLE t COMMENT 'm' */;";
        let mariadb = SplitOptions {
            server: MysqlServer::DEFAULT_MARIADB,
        };
        let sp = split_with(sql, Dialect::Mysql, 1, mariadb);
        assert_eq!(
            texts(&sp),
            [
                "SET NAMES utf8",
                "ALTER TABLE t MODIFY e text",
                "ALTER TABLE t COMMENT 'm'"
            ]
        );
        let alternates: Vec<Option<&str>> = sp
            .statements
            .iter()
            .map(|s| s.alternate.as_deref())
            .collect();
        assert_eq!(
            alternates,
            [
                None,
                Some("ALTER TABLE t MODIFY e text  COMMENT 'x'"),
                Some("")
            ]
        );
        let sp = split(sql, Dialect::Mysql, 1);
        assert_eq!(
            texts(&sp),
            [
                "SET NAMES utf8",
                "ALTER TABLE t MODIFY e text  COMMENT 'x'",
                ""
            ]
        );
        assert_eq!(
            sp.statements[2].alternate.as_deref(),
            Some("ALTER TABLE t COMMENT 'm'")
        );
    }

    #[test]
    fn mariadb_sandbox_line_skipped_and_versioned_comments_kept() {
        let sql = "/*M!999999\\- enable the sandbox mode */ \n-- MariaDB dump 10.19\n\
                   /*M!100616 SET @OLD_NOTE_VERBOSITY=@@NOTE_VERBOSITY, NOTE_VERBOSITY=0 */;\n\
                   CREATE TABLE `t` (`id` int);\n";
        let mariadb = SplitOptions {
            server: MysqlServer::DEFAULT_MARIADB,
        };
        let sp = split_with(sql, Dialect::Mysql, 1, mariadb);
        assert_eq!(
            texts(&sp),
            [
                "SET @OLD_NOTE_VERBOSITY=@@NOTE_VERBOSITY, NOTE_VERBOSITY=0",
                "CREATE TABLE `t` (`id` int)"
            ]
        );
        // MySQL skips `/*M!`: nothing runs there, the body is the alternate.
        let on_mysql = split(sql, Dialect::Mysql, 1);
        assert_eq!(texts(&on_mysql), ["", "CREATE TABLE `t` (`id` int)"]);
        assert_eq!(
            on_mysql.statements[0].alternate.as_deref(),
            Some("SET @OLD_NOTE_VERBOSITY=@@NOTE_VERBOSITY, NOTE_VERBOSITY=0")
        );
        assert_eq!(lines(&sp), [3, 4]);
        assert!(sp.warnings.is_empty());
    }

    #[test]
    fn delimiter_blocks() {
        let sql = "CREATE TABLE t (a int);\n\
                   DELIMITER ;;\n\
                   /*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN\n\
                   SET NEW.a = 1;\n\
                   SET NEW.a = NEW.a + 1;\n\
                   END */;;\n\
                   delimiter $$\n\
                   CREATE PROCEDURE p() BEGIN SELECT 1; SELECT '$$'; END$$\n\
                   CALL p()$$\n\
                   DELIMITER //\n\
                   CREATE FUNCTION f() RETURNS int RETURN 1//\n\
                   DELIMITER ;\n\
                   SELECT 2;\n";
        let sp = split(sql, Dialect::Mysql, 1);
        let t = texts(&sp);
        assert_eq!(t.len(), 6, "{t:#?}");
        assert_eq!(t[0], "CREATE TABLE t (a int)");
        assert!(
            t[1].starts_with("CREATE  DEFINER=`root`@`localhost`  TRIGGER tr"),
            "{}",
            t[1]
        );
        assert!(t[1].ends_with("SET NEW.a = NEW.a + 1;\nEND"), "{}", t[1]);
        assert_eq!(
            t[2],
            "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT '$$'; END"
        );
        assert_eq!(t[3], "CALL p()");
        assert_eq!(t[4], "CREATE FUNCTION f() RETURNS int RETURN 1");
        assert_eq!(t[5], "SELECT 2");
        assert_eq!(lines(&sp), [1, 3, 8, 9, 11, 13]);
        assert!(sp.warnings.is_empty());
    }

    #[test]
    fn delimiter_dollar_in_postgres_mode() {
        // A MySQL file mistaken for Postgres still splits where the client would.
        assert_eq!(
            pg("DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\nDELIMITER ;\nSELECT 2;"),
            ["CREATE PROCEDURE p() BEGIN SELECT 1; END", "SELECT 2"]
        );
    }

    #[test]
    fn copy_data_skipped() {
        let sql = "COPY public.users (id, name, bio) FROM stdin;\n\
                   1\tO'Brien\tsays \"hi\"; DROP TABLE x;\n\
                   2\t\\N\tback\\\\slash $$ /* -- \n\
                   \\.\n\
                   SELECT setval('s', 2);\n\
                   copy t from STDIN with (format csv);\n\
                   \\.\n\
                   COPY t TO stdout;\n\
                   SELECT 3;";
        let sp = split(sql, Dialect::Postgres, 1);
        assert_eq!(
            texts(&sp),
            [
                "COPY public.users (id, name, bio) FROM stdin",
                "SELECT setval('s', 2)",
                "copy t from STDIN with (format csv)",
                "COPY t TO stdout",
                "SELECT 3"
            ]
        );
        assert_eq!(lines(&sp), [1, 5, 6, 8, 9]);
        assert!(sp.warnings.is_empty());
        // CRLF data and unterminated data.
        let sp = split(
            "COPY t FROM stdin;\r\na;b\r\n\\.\r\nSELECT 1;",
            Dialect::Postgres,
            1,
        );
        assert_eq!(texts(&sp), ["COPY t FROM stdin", "SELECT 1"]);
        let sp = split("COPY t FROM stdin;\na\nb;\n", Dialect::Postgres, 1);
        assert_eq!(texts(&sp), ["COPY t FROM stdin"]);
        assert_eq!(sp.warnings.len(), 1);
    }

    #[test]
    fn postgres_semicolons_inside_parentheses_and_begin_atomic() {
        // psql does not end a statement at `;` inside parentheses …
        assert_eq!(
            pg("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));\nSELECT (1));SELECT 2;"),
            [
                "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))",
                "SELECT (1))",
                "SELECT 2"
            ]
        );
        // … nor inside the SQL-standard body of a function (pg_dump writes these).
        let sql = "CREATE FUNCTION public.f(a integer) RETURNS integer\n    LANGUAGE sql\n    BEGIN ATOMIC\n SELECT (a + 1);\n SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END;\nEND;\n\
                   create or replace procedure p() language sql begin atomic insert into t values (1); end;\n\
                   BEGIN;\nCREATE TABLE x (ends int, \"begin\" int);\nCOMMIT;\n\
                   CREATE FUNCTION g() RETURNS void AS $$ BEGIN PERFORM 1; END $$ LANGUAGE plpgsql;\nSELECT 1;";
        let sp = split(sql, Dialect::Postgres, 1);
        let t = texts(&sp);
        assert_eq!(t.len(), 7, "{t:#?}");
        assert!(t[0].ends_with("ELSE 0 END;\nEND"), "{}", t[0]);
        assert_eq!(t[1], "create or replace procedure p() language sql begin atomic insert into t values (1); end");
        assert_eq!(
            &t[2..5],
            [
                "BEGIN",
                "CREATE TABLE x (ends int, \"begin\" int)",
                "COMMIT"
            ]
        );
        assert_eq!(t[6], "SELECT 1");
        assert_eq!(lines(&sp), [1, 7, 8, 9, 10, 11, 12]);
        assert!(sp.warnings.is_empty());
        // MySQL's client splits at the delimiter whatever the parentheses.
        assert_eq!(my("SELECT (1;SELECT 2)"), ["SELECT (1", "SELECT 2)"]);
        // An unclosed parenthesis swallows the rest, with a warning.
        let sp = split(
            "SELECT 1;\nINSERT INTO t VALUES ((1);\nSELECT 2;",
            Dialect::Postgres,
            1,
        );
        assert_eq!(
            texts(&sp),
            ["SELECT 1", "INSERT INTO t VALUES ((1);\nSELECT 2;"]
        );
        assert_eq!(sp.warnings.len(), 1);
        assert_eq!(sp.warnings[0].line, 2);
    }

    #[test]
    fn psql_copy_meta_command_data_skipped() {
        let sql = "\\copy t (a) from stdin\nx;y\n\\.\nSELECT 1;\n\\copy t to 'f.csv'\nSELECT 2;";
        assert_eq!(pg(sql), ["SELECT 1", "SELECT 2"]);
    }

    #[test]
    fn psql_meta_commands_skipped() {
        let sql = "\\restrict AbCdEf123\n\nSET statement_timeout = 0;\n\\connect other\n  \\set ON_ERROR_STOP on\nCREATE TABLE a (id int);\n\\unrestrict AbCdEf123\n";
        let sp = split(sql, Dialect::Postgres, 1);
        assert_eq!(
            texts(&sp),
            ["SET statement_timeout = 0", "CREATE TABLE a (id int)"]
        );
        assert_eq!(lines(&sp), [3, 6]);
        // The statement on the very next line is not swallowed.
        assert_eq!(pg("\\restrict K\nCREATE SCHEMA s;"), ["CREATE SCHEMA s"]);
    }

    #[test]
    fn line_numbers_with_offset_and_multiline_strings() {
        let sql = "\n\n-- header\nCREATE TABLE a (\n  id int\n);\n\nCOMMENT ON TABLE a IS 'line one\nline two;\nline three';\n  /* c\n */ SELECT 1;";
        let sp = split(sql, Dialect::Postgres, 1);
        assert_eq!(lines(&sp), [4, 8, 12]);
        let sp = split(sql, Dialect::Postgres, 100);
        assert_eq!(lines(&sp), [103, 107, 111]);
        // 0 is not a line number; treated as 1.
        assert_eq!(lines(&split("\nSELECT 1", Dialect::Mysql, 0)), [2]);
    }

    #[test]
    fn directives_attach_to_the_next_statement() {
        let sql = "CREATE TABLE a (id int);\n\
                   -- pitag:ignore missing-column-tag -- reason here\n\
                   -- an ordinary comment\n\
                   /* pitag:ignore late-tag -- old */\n\
                   ALTER TABLE a ADD email text; -- pitag: not for this one\n\
                   --pitag:ignore lost-tag -- x\n\
                   SELECT 1 -- pitag:inside is not a directive\n;\n\
                   -- pitag:dangling\n";
        let sp = split(sql, Dialect::Postgres, 10);
        assert_eq!(sp.statements.len(), 3);
        assert!(sp.statements[0].directives.is_empty());
        assert_eq!(
            sp.statements[1].directives,
            [
                Directive {
                    line: 11,
                    text: "ignore missing-column-tag -- reason here".into()
                },
                Directive {
                    line: 13,
                    text: "ignore late-tag -- old".into()
                }
            ]
        );
        assert_eq!(
            sp.statements[2].directives,
            [
                Directive {
                    line: 14,
                    text: "not for this one".into()
                },
                Directive {
                    line: 15,
                    text: "ignore lost-tag -- x".into()
                }
            ]
        );
        // MySQL `#` comments carry directives too.
        let sp = split("# pitag:ignore late-tag -- r\nSELECT 1;", Dialect::Mysql, 1);
        assert_eq!(sp.statements[0].directives[0].text, "ignore late-tag -- r");
        // Directives before an empty statement wait for the next real one.
        let sp = split("-- pitag:x\n;\n/*!*/;\nSELECT 1;", Dialect::Mysql, 1);
        assert_eq!(sp.statements[0].directives[0].line, 1);
    }

    #[test]
    fn unterminated_constructs_warn() {
        let cases: &[(&str, Dialect, &str, u32)] = &[
            (
                "SELECT 1;\n\nSELECT 'abc;\n\n",
                Dialect::Postgres,
                "quoted string",
                3,
            ),
            (
                "SELECT 1;\nCREATE FUNCTION f() AS $body$\nBEGIN;\n",
                Dialect::Postgres,
                "dollar-quoted string",
                2,
            ),
            (
                "SELECT 1;\nSELECT \"abc",
                Dialect::Postgres,
                "quoted identifier",
                2,
            ),
            ("SELECT `abc", Dialect::Mysql, "quoted identifier", 1),
            (
                "SELECT 1 /* a /* b */",
                Dialect::Postgres,
                "block comment",
                1,
            ),
            ("SELECT 'a\\", Dialect::Mysql, "quoted string", 1),
            (
                "/*!40101 SET a=1;",
                Dialect::Mysql,
                "conditional comment",
                1,
            ),
        ];
        for &(sql, d, what, line) in cases {
            let sp = split(sql, d, 1);
            assert!(!sp.statements.is_empty(), "{sql:?}");
            assert_eq!(sp.warnings.len(), 1, "{sql:?}: {:?}", sp.warnings);
            assert_eq!(sp.warnings[0].line, line, "{sql:?}");
            assert_eq!(
                sp.warnings[0].message,
                format!("unterminated {what} starting at line {line}")
            );
        }
        let sp = split("SELECT 1;\nSELECT 'abc;\n", Dialect::Postgres, 1);
        assert_eq!(texts(&sp), ["SELECT 1", "SELECT 'abc;"]);
        // A comment-only tail: a warning, no statement.
        let sp = split("SELECT 1; /* never closed", Dialect::Postgres, 1);
        assert_eq!(texts(&sp), ["SELECT 1"]);
        assert_eq!(sp.warnings.len(), 1);
    }

    #[test]
    fn deep_nesting_and_odd_bytes() {
        let deep = "/*".repeat(100_000);
        let sp = split(&deep, Dialect::Postgres, 1);
        assert!(sp.statements.is_empty());
        assert_eq!(sp.warnings.len(), 1);
        let tail = format!("SELECT 1 {deep}");
        assert_eq!(split(&tail, Dialect::Mysql, 1).statements.len(), 1);
        let closed = format!("{}{}; SELECT 2;", "/*".repeat(50_000), "*/".repeat(50_000));
        assert_eq!(pg(&closed), ["SELECT 2"]);
        // NUL bytes, BOM, non-ASCII text and whitespace.
        assert_eq!(
            pg("\u{feff}SELECT '\0;';\u{a0}\u{3000}COMMENT ON TABLE t IS '用户; 表';é"),
            ["SELECT '\0;'", "COMMENT ON TABLE t IS '用户; 表'", "é"]
        );
        let long = "x".repeat(5_000_000);
        assert_eq!(split(&long, Dialect::Mysql, 1).statements.len(), 1);
    }

    #[test]
    fn fuzz_random_inputs_never_panic() {
        let mut next = crate::source::sql_lex::xorshift(0x9E37_79B9_7F4A_7C15);
        // Weighted towards the bytes the scanner cares about.
        const ALPHABET: &[u8] =
            b"'\"`$-/*#;\\\n\r\t !EeMm0123456789abc{}.DELIMITERCOPYFROMstdin\x00\xc3\xa9";
        for round in 0..4000 {
            let len = (next() % 200) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    let r = next();
                    if r % 4 == 0 {
                        (r >> 8) as u8
                    } else {
                        ALPHABET[(r >> 8) as usize % ALPHABET.len()]
                    }
                })
                .collect();
            let text = String::from_utf8_lossy(&bytes);
            let first = 1 + (round % 7) as u32;
            let last = first + text.matches('\n').count() as u32;
            for d in [Dialect::Postgres, Dialect::Mysql] {
                let sp = split(&text, d, first);
                for s in &sp.statements {
                    assert!(s.line >= first && s.line <= last, "{text:?} {d:?}: {s:?}");
                    assert!(!s.text.is_empty());
                    for dir in &s.directives {
                        assert!(dir.line >= first && dir.line <= last);
                    }
                }
                for w in &sp.warnings {
                    assert!(w.line >= first && w.line <= last, "{text:?} {d:?}: {w:?}");
                }
            }
        }
    }

    /// Rough check, independent of the splitter: anything left after removing
    /// comments and psql/client command lines?
    fn has_non_comment_text(text: &str, dialect: Dialect) -> bool {
        let mut s = String::new();
        let mut rest = text;
        while let Some(a) = rest.find("/*") {
            s.push_str(&rest[..a]);
            rest = rest[a..].find("*/").map_or("", |z| &rest[a + z + 2..]);
        }
        s.push_str(rest);
        s.lines().any(|l| {
            let l = l.trim().trim_matches(|c: char| c == ';' || c == '\u{feff}');
            !(l.is_empty()
                || l.starts_with("--")
                || l.starts_with('\\')
                || (dialect == Dialect::Mysql && l.starts_with('#')))
        })
    }

    #[test]
    fn corpora_split_without_losing_files() {
        let root = std::path::Path::new("/work/shared/corpora");
        if !root.is_dir() {
            println!("note: {} not found; corpus test skipped", root.display());
            return;
        }
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "sql") {
                let bytes = std::fs::read(entry.path()).unwrap();
                files.push((
                    entry.path().to_path_buf(),
                    String::from_utf8_lossy(&bytes).into_owned(),
                ));
            }
        }
        let started = std::time::Instant::now();
        let (mut total_bytes, mut total_statements, mut total_warnings) = (0usize, 0usize, 0usize);
        for (path, text) in &files {
            let p = path.to_string_lossy();
            // The corpora record the dialect in the path (MANIFEST.md); sniffing
            // the text is not reliable (backticks in Postgres comments).
            let dialect = if p.to_ascii_lowercase().contains("mysql") {
                Dialect::Mysql
            } else {
                Dialect::Postgres
            };
            let sp = split(text, dialect, 1);
            total_bytes += text.len();
            total_statements += sp.statements.len();
            total_warnings += sp.warnings.len();
            for w in &sp.warnings {
                println!("{p}:{}: {}", w.line, w.message);
            }
            if has_non_comment_text(text, dialect) {
                assert!(!sp.statements.is_empty(), "no statement found in {p}");
            }
        }
        let elapsed = started.elapsed();
        println!(
            "corpora: {} files, {total_bytes} bytes, {total_statements} statements, {total_warnings} warnings, split in {elapsed:?}",
            files.len()
        );
        assert!(!files.is_empty());
    }
}

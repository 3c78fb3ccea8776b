//! MySQL column definitions kept up to date by ALTERs that change one
//! attribute without restating the column (`ALTER [COLUMN] c SET DEFAULT x`,
//! `DROP DEFAULT`, `SET VISIBLE|INVISIBLE`), and the tests that decide when a
//! stored definition can no longer be trusted (`CONVERT TO CHARACTER SET`, a
//! new table character set).
//!
//! Definitions are the source text of the column (name first, `COMMENT`
//! removed), as [`super::parse`] stores them; `fix` restates them with
//! `MODIFY COLUMN`. Every function here edits that text exactly or gives up
//! (`None`): the caller then forgets the definition, and `fix` lists the
//! column as needing a human instead of restating something outdated.

use super::lex::{lex, Tok, Token};
use crate::dialect::Dialect;

/// Top-level word at `i`, upper-cased ("" for anything else).
fn word(toks: &[Token], base: u32, i: usize) -> String {
    match toks.get(i).map(|t| &t.tok) {
        Some(Tok::Word(w)) if toks[i].depth == base => w.to_ascii_uppercase(),
        _ => String::new(),
    }
}

/// Index just past the parenthesised group opening at `open`.
fn past_group(toks: &[Token], base: u32, open: usize) -> usize {
    let mut j = open + 1;
    while j < toks.len() && !(toks[j].depth == base && toks[j].is_punct(')')) {
        j += 1;
    }
    (j + 1).min(toks.len())
}

/// Index just past the default expression starting at `i`: a literal (with
/// a sign, an introducer `_utf8mb4'x'` or a prefix `b'1'`/`x'ff'`), a word
/// (`NULL`, `TRUE`, `CURRENT_TIMESTAMP`), a call (`CURRENT_TIMESTAMP(3)`,
/// `uuid()`) or a parenthesised expression. `None` when nothing is there.
fn past_expression(toks: &[Token], base: u32, i: usize) -> Option<usize> {
    let t = toks.get(i)?;
    if t.depth != base {
        return None;
    }
    match &t.tok {
        Tok::Punct('(') => Some(past_group(toks, base, i)),
        Tok::Punct('-' | '+') => past_expression(toks, base, i + 1),
        Tok::Str(_) | Tok::Number => Some(i + 1),
        Tok::Word(_) => {
            let next = toks.get(i + 1);
            match next.map(|n| &n.tok) {
                Some(Tok::Punct('(')) => Some(past_group(toks, base, i + 1)),
                // b'0101', x'ff', N'text': the prefix touches the string.
                Some(Tok::Str(_)) if next.is_some_and(|n| n.start == t.end) => Some(i + 2),
                _ => Some(i + 1),
            }
        }
        _ => None,
    }
}

/// Where a new attribute goes: before a trailing `CHECK`, `CONSTRAINT` or
/// `REFERENCES` clause, else at the end.
fn insertion_point(toks: &[Token], base: u32, definition: &str) -> usize {
    (1..toks.len())
        .find(|&i| {
            matches!(
                word(toks, base, i).as_str(),
                "CHECK" | "CONSTRAINT" | "REFERENCES"
            )
        })
        .map_or(definition.len(), |i| toks[i].start)
}

fn generated(toks: &[Token], base: u32) -> bool {
    (1..toks.len()).any(|i| {
        let w = word(toks, base, i);
        w == "GENERATED" || (w == "AS" && toks.get(i + 1).is_some_and(|t| t.is_punct('(')))
    })
}

/// Replace `start..end` of `text` with `with`, one space on each side.
fn splice(text: &str, start: usize, end: usize, with: &str) -> String {
    let head = text[..start].trim_end();
    let tail = text[end..].trim_start();
    let mut out = head.to_string();
    for part in [with, tail] {
        if part.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

/// The definition after `ALTER COLUMN c SET DEFAULT expr` (`Some(expr)`, as
/// written) or `DROP DEFAULT` (`None`). `None` when it cannot be done
/// exactly: a generated column (has no default), `SERIAL DEFAULT VALUE`, or
/// a `DEFAULT` whose expression cannot be delimited.
///
/// `DROP DEFAULT` leaves a nullable column with `DEFAULT NULL` (MariaDB shows
/// exactly that) and a `NOT NULL` column without a default: what the
/// definition without a `DEFAULT` clause restates to.
pub fn set_default(definition: &str, default: Option<&str>) -> Option<String> {
    let toks = lex(definition, Dialect::Mysql, usize::MAX);
    let base = toks.first()?.depth;
    if generated(&toks, base) {
        return None;
    }
    let mut found: Option<(usize, usize)> = None;
    for i in 1..toks.len() {
        if word(&toks, base, i) != "DEFAULT" {
            continue;
        }
        if word(&toks, base, i - 1) == "SERIAL" {
            return None;
        }
        if found.is_some() {
            // Two DEFAULT clauses: the server takes the last; do not guess.
            return None;
        }
        let end = past_expression(&toks, base, i + 1)?;
        found = Some((toks[i].start, toks[end - 1].end));
    }
    let clause = default.map(|d| format!("DEFAULT {}", d.trim()));
    Some(match (found, clause) {
        (Some((s, e)), Some(c)) => splice(definition, s, e, &c),
        (Some((s, e)), None) => splice(definition, s, e, ""),
        (None, Some(c)) => {
            let at = insertion_point(&toks, base, definition);
            splice(definition, at, at, &c)
        }
        (None, None) => definition.to_string(),
    })
}

/// The definition after `ALTER COLUMN c SET VISIBLE|INVISIBLE` (MySQL 8.0.23+).
pub fn set_visibility(definition: &str, invisible: bool) -> Option<String> {
    let toks = lex(definition, Dialect::Mysql, usize::MAX);
    let base = toks.first()?.depth;
    let mut out = definition.to_string();
    // Remove every VISIBLE/INVISIBLE word, last first so offsets hold.
    for i in (1..toks.len()).rev() {
        if matches!(word(&toks, base, i).as_str(), "VISIBLE" | "INVISIBLE") {
            out = splice(&out, toks[i].start, toks[i].end, "");
        }
    }
    if invisible {
        let toks = lex(&out, Dialect::Mysql, usize::MAX);
        let at = insertion_point(&toks, base, &out);
        out = splice(&out, at, at, "INVISIBLE");
    }
    Some(out)
}

/// Whether a definition names its own character set or collation (a new
/// table default does not reach it).
pub fn has_own_charset(definition: &str) -> bool {
    let toks = lex(definition, Dialect::Mysql, usize::MAX);
    let Some(base) = toks.first().map(|t| t.depth) else {
        return false;
    };
    (1..toks.len()).any(|i| {
        let w = word(&toks, base, i);
        w == "CHARSET" || w == "COLLATE" || (w == "CHARACTER" && word(&toks, base, i + 1) == "SET")
    })
}

/// Whether a column of this type (as sqlparser prints it) surely holds no
/// text, so a character set change cannot touch it. Unknown types count as
/// text.
pub fn is_non_character_type(data_type: &str) -> bool {
    const NON_CHARACTER: &[&str] = &[
        "TINYINT",
        "SMALLINT",
        "MEDIUMINT",
        "INT",
        "INTEGER",
        "BIGINT",
        "SERIAL",
        "DECIMAL",
        "DEC",
        "NUMERIC",
        "FIXED",
        "FLOAT",
        "DOUBLE",
        "REAL",
        "BIT",
        "BOOL",
        "BOOLEAN",
        "DATE",
        "DATETIME",
        "TIMESTAMP",
        "TIME",
        "YEAR",
        "BINARY",
        "VARBINARY",
        "TINYBLOB",
        "BLOB",
        "MEDIUMBLOB",
        "LONGBLOB",
        "GEOMETRY",
        "POINT",
        "LINESTRING",
        "POLYGON",
        "MULTIPOINT",
        "MULTILINESTRING",
        "MULTIPOLYGON",
        "GEOMETRYCOLLECTION",
        "UUID",
        "INET4",
        "INET6",
    ];
    let head: String = data_type
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect::<String>()
        .to_ascii_uppercase();
    // `DOUBLE PRECISION`, `INT UNSIGNED`: the first word decides.
    NON_CHARACTER.contains(&head.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_default_replaces_inserts_and_drops() {
        let d = "`email` varchar(20) NOT NULL DEFAULT 'a' CHECK (email <> '')";
        assert_eq!(
            set_default(d, Some("'it''s'")).as_deref(),
            Some("`email` varchar(20) NOT NULL DEFAULT 'it''s' CHECK (email <> '')")
        );
        assert_eq!(
            set_default(d, None).as_deref(),
            Some("`email` varchar(20) NOT NULL CHECK (email <> '')")
        );
        assert_eq!(
            set_default("n int NOT NULL", Some("-3")).as_deref(),
            Some("n int NOT NULL DEFAULT -3")
        );
        assert_eq!(
            set_default("n int DEFAULT (1 + 1) NOT NULL", Some("5")).as_deref(),
            Some("n int DEFAULT 5 NOT NULL")
        );
        assert_eq!(
            set_default(
                "ts timestamp(3) DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)",
                None
            )
            .as_deref(),
            Some("ts timestamp(3) ON UPDATE CURRENT_TIMESTAMP(3)")
        );
        assert_eq!(
            set_default("f bit(4) DEFAULT b'0101'", Some("b'1'")).as_deref(),
            Some("f bit(4) DEFAULT b'1'")
        );
        assert_eq!(
            set_default("a int REFERENCES o (id)", Some("NULL")).as_deref(),
            Some("a int DEFAULT NULL REFERENCES o (id)")
        );
        assert_eq!(set_default("a int", None).as_deref(), Some("a int"));
        // Not exactly possible: left to a human.
        assert_eq!(
            set_default("g int GENERATED ALWAYS AS (a + 1) VIRTUAL", Some("1")),
            None
        );
        assert_eq!(set_default("g int AS (a + 1)", None), None);
        assert_eq!(set_default("s int SERIAL DEFAULT VALUE", Some("1")), None);
    }

    #[test]
    fn visibility_is_set_and_cleared() {
        assert_eq!(
            set_visibility("c varchar(19) DEFAULT NULL", true).as_deref(),
            Some("c varchar(19) DEFAULT NULL INVISIBLE")
        );
        assert_eq!(
            set_visibility("c varchar(19) INVISIBLE DEFAULT NULL", false).as_deref(),
            Some("c varchar(19) DEFAULT NULL")
        );
        assert_eq!(
            set_visibility("c int CHECK (c > 0)", true).as_deref(),
            Some("c int INVISIBLE CHECK (c > 0)")
        );
        assert_eq!(
            set_visibility("c int VISIBLE", true).as_deref(),
            Some("c int INVISIBLE")
        );
    }

    #[test]
    fn charset_and_type_tests() {
        assert!(has_own_charset("a varchar(5) CHARACTER SET latin1"));
        assert!(has_own_charset("a text COLLATE utf8mb4_bin"));
        assert!(has_own_charset("a text CHARSET utf8"));
        assert!(!has_own_charset("a varchar(5) DEFAULT 'CHARSET'"));
        assert!(is_non_character_type("INT UNSIGNED"));
        assert!(is_non_character_type("DOUBLE PRECISION"));
        assert!(is_non_character_type("DATETIME(3)"));
        assert!(!is_non_character_type("VARCHAR(20)"));
        assert!(!is_non_character_type("ENUM('a', 'b')"));
        assert!(!is_non_character_type("JSON"));
        assert!(!is_non_character_type(""));
    }
}

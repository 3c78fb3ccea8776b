//! Quoting, escaping and MySQL column restatement for the repairing SQL.
//!
//! Everything here builds text by hand: sqlparser's Display does not
//! re-escape quotes inside string literals, so nothing is round-tripped
//! through it.

use crate::dialect::Dialect;
use crate::source::replay::lex::{lex, Tok};

/// PostgreSQL keywords that cannot stand unquoted as a name (the "reserved"
/// and "reserved (can be function or type)" entries of the keyword appendix).
const PG_RESERVED: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "binary",
    "both",
    "case",
    "cast",
    "check",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "false",
    "fetch",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "group",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "natural",
    "not",
    "notnull",
    "null",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "outer",
    "overlaps",
    "placing",
    "primary",
    "references",
    "returning",
    "right",
    "select",
    "session_user",
    "similar",
    "some",
    "symmetric",
    "system_user",
    "table",
    "tablesample",
    "then",
    "to",
    "trailing",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
];

/// A PostgreSQL identifier, double-quoted only when it must be: anything but
/// lower-case letters, digits, `_` and `$` (not first), or a reserved word.
pub fn pg_ident(name: &str) -> String {
    let plain = name
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b == b'_')
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'$')
        && !PG_RESERVED.contains(&name);
    if plain {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// A MySQL identifier in backticks (always: it costs nothing and no keyword
/// list can go stale).
pub fn my_ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// A string literal for the dialect. PostgreSQL (standard-conforming
/// strings, the default since 9.1): `'` doubled, backslashes literal. MySQL:
/// `\` and `'` escaped, and the control characters `mysqldump` escapes.
pub fn literal(text: &str, dialect: Dialect) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    match dialect {
        Dialect::Postgres => {
            for c in text.chars() {
                if c == '\'' {
                    out.push('\'');
                }
                out.push(c);
            }
        }
        Dialect::Mysql => {
            for c in text.chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    '\'' => out.push_str("''"),
                    '\0' => out.push_str("\\0"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\u{1a}' => out.push_str("\\Z"),
                    c => out.push(c),
                }
            }
        }
    }
    out.push('\'');
    out
}

/// `schema.table` (or `table`) quoted for the dialect.
pub fn table_name(schema: Option<&str>, table: &str, dialect: Dialect) -> String {
    let q = |s: &str| match dialect {
        Dialect::Postgres => pg_ident(s),
        Dialect::Mysql => my_ident(s),
    };
    match schema {
        Some(s) => format!("{}.{}", q(s), q(table)),
        None => q(table),
    }
}

/// A MySQL column definition ready to follow `MODIFY COLUMN name`, and the
/// clauses that must come after its `COMMENT` (MariaDB refuses `COMMENT` after
/// a column `CHECK`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restatement {
    pub definition: String,
    pub trailing: String,
}

/// Turn a replayed definition (`` `email` varchar(320) NOT NULL UNIQUE ``,
/// the source text minus its COMMENT) into what `MODIFY COLUMN` may restate
/// without changing anything else:
///
/// - the column name is dropped when `with_name` (replayed definitions start
///   with it; live ones do not);
/// - index clauses are dropped: `PRIMARY KEY`, `UNIQUE [KEY]`, `KEY` would
///   create a second index (or fail: "multiple primary key defined"), and the
///   original index already exists;
/// - `REFERENCES …` is dropped (MariaDB would create a second foreign key);
/// - `SERIAL` becomes `bigint unsigned NOT NULL AUTO_INCREMENT` and
///   `SERIAL DEFAULT VALUE` becomes `NOT NULL AUTO_INCREMENT` (their implied
///   `UNIQUE` index exists already);
/// - `[CONSTRAINT name] CHECK (…)` is kept but moved after the comment: a
///   MariaDB column check is part of the column and `MODIFY` without it would
///   drop it.
///
/// `None` when nothing but the name is left (no type: nothing to restate).
pub fn mysql_restatement(definition: &str, with_name: bool) -> Option<Restatement> {
    let toks = lex(definition, Dialect::Mysql, usize::MAX);
    let base = toks.first().map_or(0, |t| t.depth);
    let word = |i: usize| -> String {
        match toks.get(i).map(|t| &t.tok) {
            Some(Tok::Word(w)) if toks[i].depth == base => w.to_ascii_uppercase(),
            _ => String::new(),
        }
    };
    // Byte ranges of the definition to drop, and replacement text.
    let mut cuts: Vec<(usize, usize, &'static str)> = Vec::new();
    let mut trailing: Vec<&str> = Vec::new();
    let mut i = 0;
    if with_name {
        match toks.first().map(|t| &t.tok) {
            Some(Tok::Word(_) | Tok::Quoted(_) | Tok::Str(_)) => {
                cuts.push((toks[0].start, toks[0].end, ""));
                i = 1;
            }
            _ => return None,
        }
    }
    let type_at = i;
    let end_of = |from: usize, count: usize| -> usize { toks[from + count - 1].end };
    while i < toks.len() {
        let w = word(i);
        match w.as_str() {
            "SERIAL" if i == type_at => {
                cuts.push((
                    toks[i].start,
                    toks[i].end,
                    "bigint unsigned NOT NULL AUTO_INCREMENT",
                ));
                i += 1;
            }
            "SERIAL" if word(i + 1) == "DEFAULT" && word(i + 2) == "VALUE" => {
                cuts.push((toks[i].start, end_of(i, 3), "NOT NULL AUTO_INCREMENT"));
                i += 3;
            }
            "PRIMARY" if word(i + 1) == "KEY" => {
                cuts.push((toks[i].start, end_of(i, 2), ""));
                i += 2;
            }
            "UNIQUE" => {
                let n = if word(i + 1) == "KEY" { 2 } else { 1 };
                cuts.push((toks[i].start, end_of(i, n), ""));
                i += n;
            }
            "KEY" => {
                cuts.push((toks[i].start, toks[i].end, ""));
                i += 1;
            }
            "REFERENCES" => {
                let start = toks[i].start;
                let mut j = i + 1;
                // table name (possibly qualified), column list
                while j < toks.len()
                    && (toks[j].depth > base
                        || toks[j].is_punct('(')
                        || toks[j].is_punct(')')
                        || toks[j].is_punct('.')
                        || (j == i + 1 && !matches!(toks[j].tok, Tok::Punct(_))))
                {
                    j += 1;
                }
                loop {
                    match word(j).as_str() {
                        "MATCH" => j += 2,
                        "ON" if matches!(word(j + 1).as_str(), "DELETE" | "UPDATE") => {
                            j += 2;
                            match word(j).as_str() {
                                "SET" | "NO" => j += 2,
                                _ => j += 1,
                            }
                        }
                        _ => break,
                    }
                }
                let j = j.min(toks.len());
                cuts.push((start, toks[j - 1].end, ""));
                i = j;
            }
            "CONSTRAINT" | "CHECK" => {
                // [CONSTRAINT [name]] CHECK (expr)
                let start = i;
                let mut j = i;
                if w == "CONSTRAINT" {
                    j += 1;
                    if word(j) != "CHECK" {
                        j += 1;
                    }
                }
                if word(j) != "CHECK" {
                    return None;
                }
                j += 1;
                if !toks.get(j).is_some_and(|t| t.is_punct('(')) {
                    return None;
                }
                j += 1;
                while j < toks.len() && !(toks[j].depth == base && toks[j].is_punct(')')) {
                    j += 1;
                }
                let j = (j + 1).min(toks.len());
                let (s, e) = (toks[start].start, toks[j - 1].end);
                trailing.push(&definition[s..e]);
                cuts.push((s, e, ""));
                i = j;
            }
            _ => i += 1,
        }
    }
    let first = toks.get(type_at)?;
    let last = toks.last()?;
    let mut out = String::new();
    let mut pos = first.start;
    cuts.sort_by_key(|c| c.0);
    for (s, e, with) in cuts {
        if e <= pos {
            if !with.is_empty() {
                push_part(&mut out, with);
            }
            continue;
        }
        push_part(&mut out, &definition[pos.max(first.start)..s.max(pos)]);
        push_part(&mut out, with);
        pos = e;
    }
    if pos < last.end {
        push_part(&mut out, &definition[pos..last.end]);
    }
    let definition = out.trim().to_string();
    if definition.is_empty() {
        return None;
    }
    Some(Restatement {
        definition,
        trailing: trailing.join(" "),
    })
}

/// Append a piece of definition text, one space between pieces.
fn push_part(out: &mut String, part: &str) {
    let part = part.trim();
    if part.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(part);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pg_identifiers_are_quoted_only_when_needed() {
        assert_eq!(pg_ident("users"), "users");
        assert_eq!(pg_ident("email_2"), "email_2");
        assert_eq!(pg_ident("firstName"), "\"firstName\"");
        assert_eq!(pg_ident("user"), "\"user\"");
        assert_eq!(pg_ident("order"), "\"order\"");
        assert_eq!(pg_ident("2fa"), "\"2fa\"");
        assert_eq!(pg_ident("a\"b"), "\"a\"\"b\"");
        assert_eq!(pg_ident("name"), "name");
    }

    #[test]
    fn literals_escape_per_dialect() {
        assert_eq!(literal("it's", Dialect::Postgres), "'it''s'");
        assert_eq!(literal(r"C:\tmp", Dialect::Postgres), r"'C:\tmp'");
        assert_eq!(literal("it's", Dialect::Mysql), "'it''s'");
        assert_eq!(literal(r"C:\tmp", Dialect::Mysql), r"'C:\\tmp'");
        assert_eq!(literal("a\nb", Dialect::Mysql), r"'a\nb'");
        assert_eq!(my_ident("we`ird"), "`we``ird`");
    }

    fn r(def: &str) -> (String, String) {
        let r = mysql_restatement(def, true).unwrap();
        (r.definition, r.trailing)
    }

    #[test]
    fn restatements_drop_the_name_and_index_clauses() {
        assert_eq!(
            r("`email` varchar(320) NOT NULL UNIQUE KEY").0,
            "varchar(320) NOT NULL"
        );
        assert_eq!(
            r("id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY").0,
            "int unsigned NOT NULL AUTO_INCREMENT"
        );
        assert_eq!(
            r("owner int REFERENCES users (id) ON DELETE SET NULL ON UPDATE CASCADE DEFAULT NULL")
                .0,
            "int DEFAULT NULL"
        );
        assert_eq!(
            r("ts timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP").0,
            "timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP"
        );
        assert_eq!(r("s serial").0, "bigint unsigned NOT NULL AUTO_INCREMENT");
        assert_eq!(
            r("n int SERIAL DEFAULT VALUE").0,
            "int NOT NULL AUTO_INCREMENT"
        );
        assert_eq!(
            r("code char(2) DEFAULT 'it''s' CHECK (code <> '') COLLATE utf8mb4_bin"),
            (
                "char(2) DEFAULT 'it''s' COLLATE utf8mb4_bin".to_string(),
                "CHECK (code <> '')".to_string()
            )
        );
        assert_eq!(
            r("full_name varchar(200) GENERATED ALWAYS AS (concat(a, ' ', b)) VIRTUAL INVISIBLE").0,
            "varchar(200) GENERATED ALWAYS AS (concat(a, ' ', b)) VIRTUAL INVISIBLE"
        );
        assert!(mysql_restatement("`email`", true).is_none());
        assert_eq!(
            mysql_restatement("date NOT NULL", false)
                .unwrap()
                .definition,
            "date NOT NULL"
        );
    }
}

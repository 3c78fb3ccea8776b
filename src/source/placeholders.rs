//! Template placeholders in migration files: Flyway and Liquibase `${name}`
//! (Flyway's built-ins such as `${flyway:defaultSchema}` too) and Go-style
//! templates `{{ .Name }}`, substituted before a file is split and parsed.
//!
//! Where a `${…}` or `{{…}}` is a placeholder:
//! - a name given a value (`[placeholders]` in pitag.toml, `--placeholder`)
//!   is replaced everywhere, string literals included, as the tools do;
//! - in Flyway and Liquibase files (their tools replace `${name}` in the
//!   whole text) every `${name}` outside comments is one;
//! - in any other file only what stands in SQL code is one: `${…}` inside a
//!   string literal or quoted identifier (`COMMENT 'Phone #${PPI}'`,
//!   `'like ${host}:${port}'`) is text and stays exactly as written.
//!
//! A placeholder without a value becomes a sentinel identifier
//! ([`SENTINEL_PREFIX`]`<n>`), so the loader can tell which statements it
//! would shape and report it once per file instead of as parse errors.

use crate::dialect::Dialect;
use crate::source::sql_lex::{Kind, Lexer, Syntax as SqlSyntax};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Start of the identifier that stands in for a placeholder without a value.
pub const SENTINEL_PREFIX: &str = "pitag_unresolved_";

/// How the file's tool treats `${name}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Flyway, Liquibase: replaced in the whole text, literals included.
    Tool,
    /// Any other file: a placeholder only in SQL code (or when configured).
    Plain,
}

/// A placeholder that has no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// As written: `${schema}`, `{{ .Schema }}`.
    pub written: String,
    /// The `[placeholders]` key that gives it a value.
    pub key: String,
    /// 1-based line of its first occurrence.
    pub line: u32,
}

impl Unresolved {
    /// The identifier that replaced the `index`-th unresolved placeholder.
    pub fn sentinel(index: usize) -> String {
        format!("{SENTINEL_PREFIX}{index}")
    }
}

/// The text to split and parse, and what could not be substituted.
#[derive(Debug)]
pub struct Substituted<'a> {
    pub text: Cow<'a, str>,
    /// Distinct by key, in order of first occurrence; the n-th one's
    /// occurrences read [`Unresolved::sentinel`]`(n)`.
    pub unresolved: Vec<Unresolved>,
    /// Built-ins without a value that were read by their tool's default
    /// (`${flyway:defaultSchema}.t` as the unqualified `t`), as written.
    pub assumed: Vec<String>,
}

/// Which sentinels (by index) a statement's text contains.
pub fn sentinels_in(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(p) = rest.find(SENTINEL_PREFIX) {
        rest = &rest[p + SENTINEL_PREFIX.len()..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if let Ok(n) = rest[..digits].parse::<usize>() {
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Region {
    Code,
    /// A string literal or quoted identifier.
    Literal,
    Comment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    /// `${name}`
    Dollar,
    /// `{{ … }}`
    Braces,
}

/// A placeholder at the start of `s`: its syntax, length and key.
fn placeholder_at(s: &str) -> Option<(Syntax, usize, String)> {
    if let Some(rest) = s.strip_prefix("${") {
        let end = rest.find('}')?;
        let name = &rest[..end];
        let valid = !name.trim().is_empty()
            && name.len() <= 100
            && !name.contains(['{', '$', '\n', '\r', '\'', '"']);
        return valid.then(|| (Syntax::Dollar, end + 3, name.trim().to_string()));
    }
    let rest = s.strip_prefix("{{")?;
    let end = rest.find("}}")?;
    let inner = &rest[..end];
    let valid =
        !inner.trim().is_empty() && inner.len() <= 200 && !inner.contains(['{', '}', '\n', '\r']);
    let key = inner.trim();
    let key = key.strip_prefix('.').unwrap_or(key);
    valid.then(|| (Syntax::Braces, end + 4, key.to_string()))
}

/// Flyway's built-in placeholders whose value, when none is configured, is
/// Flyway's own default. `defaultSchema` is the schema Flyway sets as the
/// connection's current one, where unqualified names resolve: a qualifier
/// made of it reads as no qualifier.
fn tool_default(key: &str, file_name: &str) -> Option<String> {
    match key {
        "flyway:filename" => Some(file_name.to_string()),
        "flyway:table" => Some("flyway_schema_history".to_string()),
        _ => None,
    }
}

fn is_default_schema(key: &str) -> bool {
    key == "flyway:defaultSchema" || key == "database.defaultSchemaName"
}

/// Substitute the placeholders of one file's text (see the module doc).
pub fn substitute<'a>(
    text: &'a str,
    dialect: Dialect,
    scope: Scope,
    values: &BTreeMap<String, String>,
    file_name: &str,
) -> Substituted<'a> {
    let mut result = Substituted {
        text: Cow::Borrowed(text),
        unresolved: Vec::new(),
        assumed: Vec::new(),
    };
    if !text.contains("${") && !text.contains("{{") {
        return result;
    }
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 64);
    let mut copied = 0;
    // MySQL runs `/*! … */` and `/*M! … */`: their body is code.
    let mut lexer = Lexer::new(text, SqlSyntax::new(dialect).with_conditional(true));
    while let Some(t) = lexer.next() {
        let region = match t.kind {
            Kind::String { .. } | Kind::QuotedIdent { .. } | Kind::Dollar { .. } => Region::Literal,
            Kind::LineComment | Kind::BlockComment => Region::Comment,
            _ => Region::Code,
        };
        let mut p = t.start;
        // Code after a placeholder: where to read on.
        let mut resume = None;
        while let Some(k) = memchr::memchr2(b'$', b'{', &b[p..t.end]) {
            let i = p + k;
            p = i + 1;
            let Some((syntax, len, key)) = placeholder_at(&text[i..]) else {
                continue;
            };
            // In a literal or comment a placeholder lies inside it; in code
            // it may span tokens (`${a}`: `$`, `{`, `a`, `}`).
            if region != Region::Code && i + len > t.end {
                continue;
            }
            let written = &text[i..i + len];
            let replacement: Option<String> = if let Some(v) = values.get(&key) {
                Some(v.clone())
            } else if scope == Scope::Tool && syntax == Syntax::Dollar {
                if region == Region::Code
                    && is_default_schema(&key)
                    && b.get(i + len) == Some(&b'.')
                {
                    // `${flyway:defaultSchema}.t` is `t` resolved in the default schema.
                    if !result.assumed.iter().any(|a| a == written) {
                        result.assumed.push(written.to_string());
                    }
                    out.push_str(&text[copied..i]);
                    copied = i + len + 1;
                    resume = Some(copied);
                    break;
                }
                match tool_default(&key, file_name) {
                    Some(v) => Some(v),
                    None if region == Region::Comment => None,
                    None => Some(unresolved(&mut result, written, &key, text, i)),
                }
            } else if region == Region::Code {
                Some(unresolved(&mut result, written, &key, text, i))
            } else {
                None
            };
            if let Some(r) = replacement {
                out.push_str(&text[copied..i]);
                out.push_str(&r);
                copied = i + len;
                p = copied;
                if region == Region::Code {
                    resume = Some(copied);
                    break;
                }
            }
        }
        if let Some(at) = resume {
            lexer.seek(at, t.line);
        }
    }
    if copied > 0 {
        out.push_str(&text[copied..]);
        result.text = Cow::Owned(out);
    }
    result
}

fn unresolved(result: &mut Substituted, written: &str, key: &str, text: &str, at: usize) -> String {
    let index = match result.unresolved.iter().position(|u| u.key == key) {
        Some(n) => n,
        None => {
            let line = text[..at].matches('\n').count() as u32 + 1;
            result.unresolved.push(Unresolved {
                written: written.to_string(),
                key: key.to_string(),
                line,
            });
            result.unresolved.len() - 1
        }
    };
    Unresolved::sentinel(index)
}

/// `key` as a TOML key (quoted unless it is a bare key).
pub fn toml_key(key: &str) -> String {
    if !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        key.to_string()
    } else {
        format!("\"{}\"", key.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn run(text: &str, scope: Scope, pairs: &[(&str, &str)]) -> (String, Vec<String>) {
        let s = substitute(text, Dialect::Postgres, scope, &values(pairs), "V1__x.sql");
        (
            s.text.into_owned(),
            s.unresolved.into_iter().map(|u| u.written).collect(),
        )
    }

    #[test]
    fn plain_files_keep_placeholder_text_in_literals_and_comments() {
        let text = "COMMENT ON COLUMN t.phone IS 'Phone #${PPI}';\n\
                    SELECT 'like ${host}:${port}', \"${id}\" -- ${x}\n/* {{ .Y }} */;";
        let (out, unresolved) = run(text, Scope::Plain, &[]);
        assert_eq!(out, text);
        assert!(unresolved.is_empty());
        // MySQL: backslash escapes, `#` comments, backticks.
        let my = "COMMENT 'it\\'s ${a}' # ${b}\n`${c}`";
        let s = substitute(my, Dialect::Mysql, Scope::Plain, &values(&[]), "x.sql");
        assert_eq!(s.text, my);
        assert!(s.unresolved.is_empty());
    }

    #[test]
    fn code_placeholders_without_value_become_sentinels_once_per_key() {
        let text = "CREATE TABLE ${schema}.users (id int);\nALTER TABLE ${schema}.users ADD c {{ .Type }};\nCREATE TABLE t_${schema} ();";
        let s = substitute(text, Dialect::Postgres, Scope::Plain, &values(&[]), "x.sql");
        assert_eq!(
            s.text,
            "CREATE TABLE pitag_unresolved_0.users (id int);\nALTER TABLE pitag_unresolved_0.users ADD c pitag_unresolved_1;\nCREATE TABLE t_pitag_unresolved_0 ();"
        );
        assert_eq!(s.unresolved[0].key, "schema");
        assert_eq!(s.unresolved[0].line, 1);
        assert_eq!(s.unresolved[1].key, "Type");
        assert_eq!(s.unresolved[1].written, "{{ .Type }}");
        assert_eq!(s.unresolved[1].line, 2);
        assert_eq!(sentinels_in(&s.text), [0, 1]);
    }

    #[test]
    fn configured_values_apply_everywhere() {
        let (out, unresolved) = run(
            "CREATE TABLE ${schema}.t (c text); COMMENT ON TABLE ${schema}.t IS 'in ${schema} {{ .Env }}';",
            Scope::Plain,
            &[("schema", "app"), ("Env", "prod")],
        );
        assert_eq!(
            out,
            "CREATE TABLE app.t (c text); COMMENT ON TABLE app.t IS 'in app prod';"
        );
        assert!(unresolved.is_empty());
        // A PostgreSQL array literal is not a template.
        let (out, _) = run("SELECT '{{1,2},{3,4}}'", Scope::Plain, &[("1,2", "x")]);
        assert_eq!(out, "SELECT '{{1,2},{3,4}}'");
    }

    #[test]
    fn flyway_files_replace_in_literals_and_know_builtins() {
        let (out, unresolved) = run(
            "COMMENT ON TABLE t IS 'Phone #${PPI}'; -- ${note}\nCREATE TABLE ${flyway:defaultSchema}.u (id int); INSERT INTO log VALUES ('${flyway:filename}', '${flyway:table}', $$${x}$$);",
            Scope::Tool,
            &[],
        );
        assert_eq!(
            out,
            "COMMENT ON TABLE t IS 'Phone #pitag_unresolved_0'; -- ${note}\nCREATE TABLE u (id int); INSERT INTO log VALUES ('V1__x.sql', 'flyway_schema_history', $$pitag_unresolved_1$$);"
        );
        assert_eq!(unresolved, ["${PPI}", "${x}"]);
        let s = substitute(
            "GRANT USAGE ON SCHEMA ${flyway:defaultSchema} TO x; CREATE TABLE ${flyway:defaultSchema}.a (i int);",
            Dialect::Postgres,
            Scope::Tool,
            &values(&[]),
            "f.sql",
        );
        assert_eq!(s.unresolved[0].key, "flyway:defaultSchema");
        assert_eq!(s.assumed, ["${flyway:defaultSchema}"]);
    }

    #[test]
    fn multibyte_text_around_escapes_and_placeholders() {
        for text in [
            "SELECT 'a\\é${x}', 'ü' || ${y} -- ñ ${z}\n/* 日本 */ ${w}",
            "COMMENT 'x\\€' ${a} `é${b}` \"ö${c}\"",
            "'\\",
            "${é}",
            "{{ é }}",
        ] {
            for dialect in [Dialect::Postgres, Dialect::Mysql] {
                for scope in [Scope::Plain, Scope::Tool] {
                    let s = substitute(text, dialect, scope, &values(&[]), "f.sql");
                    assert!(s.text.len() >= text.len() / 2, "{text}");
                }
            }
        }
        let s = substitute(
            "SELECT 'a\\é${x}', 'ü' || ${y}",
            Dialect::Mysql,
            Scope::Plain,
            &values(&[]),
            "f.sql",
        );
        assert_eq!(s.unresolved.len(), 1);
        assert_eq!(s.unresolved[0].key, "y");
    }

    #[test]
    fn not_placeholders() {
        for text in [
            "SELECT $1, $$a${$$, a$b FROM t",
            "SELECT '${' || x",
            "cost ${",
            "SELECT ${}",
            "DO $tag$ BEGIN END $tag$",
        ] {
            let (out, unresolved) = run(text, Scope::Plain, &[]);
            assert_eq!(out, text);
            assert!(unresolved.is_empty(), "{text}");
        }
        assert_eq!(toml_key("schema"), "schema");
        assert_eq!(toml_key("flyway:defaultSchema"), "\"flyway:defaultSchema\"");
    }
}

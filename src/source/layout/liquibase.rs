//! Liquibase formatted SQL: files that start with `--liquibase formatted
//! sql`, replayed in natural path order (with the raw SQL files beside
//! them), each cut into its changesets (`splitStatements:false` keeps one
//! whole, `dbms:` may leave one out, `--ignoreLines` skips lines).

use super::lines::{lines_from, push_seg, syntax};
use super::name::Naming;
use super::plain::build_plain;
use super::walk::count;
use super::{Build, Evidence, Layout, MigrationFile, Segment, Tool};
use crate::error::SourceError;

pub(super) const TOOL: Tool = Tool {
    layout: Layout::Liquibase,
    name: "liquibase",
    // Its files and the raw SQL files beside them, when there is one.
    votes: |entries| {
        let headed = entries.iter().filter(|e| e.peek.liquibase).count();
        if headed == 0 {
            0
        } else {
            headed + count(entries, |e| e.naming == Naming::Other)
        }
    },
    evidence: Evidence::EveryFile {
        what: "Liquibase formatted SQL (`--liquibase formatted sql`)",
        guess: false,
    },
    build: Build::Own(build_plain),
    segments: liquibase_segments,
};

/// Why a `--changeset` line is not one Liquibase accepts.
#[derive(Debug, thiserror::Error)]
enum ChangesetError {
    #[error("`--changeset` needs `author:id`")]
    NoAuthorId,
}

/// `--liquibase formatted sql`, the first line of every Liquibase file.
pub(super) fn is_liquibase_header(line: &str) -> bool {
    let Some(rest) = line.trim().strip_prefix("--") else {
        return false;
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    words.len() == 3
        && words[0].eq_ignore_ascii_case("liquibase")
        && words[1].eq_ignore_ascii_case("formatted")
        && words[2].eq_ignore_ascii_case("sql")
}

struct Changeset {
    split: bool,
    applies: bool,
}

/// Parse `--changeset author:id attr:value …`; `None` when the line is not a
/// changeset line, `Some(Err)` when it is one without `author:id`.
fn liquibase_changeset(line: &str) -> Option<Result<Changeset, ChangesetError>> {
    let rest = line.trim().strip_prefix("--")?.trim_start();
    let head = rest.get(..9)?;
    if !head.eq_ignore_ascii_case("changeset") {
        return None;
    }
    let rest = &rest[9..];
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    // author (possibly quoted) : id
    let after_author = if let Some(q) = rest.strip_prefix('"') {
        q.find('"').map(|i| &q[i + 1..])
    } else {
        rest.find(':').map(|i| &rest[i..])
    };
    let Some(after_author) = after_author.and_then(|s| s.strip_prefix(':')) else {
        return Some(Err(ChangesetError::NoAuthorId));
    };
    let mut attrs = after_author.split_whitespace();
    if attrs.next().is_none() {
        return Some(Err(ChangesetError::NoAuthorId));
    }
    let mut cs = Changeset {
        split: true,
        applies: true,
    };
    for a in attrs {
        let Some((k, v)) = a.split_once(':') else {
            continue;
        };
        if k.eq_ignore_ascii_case("splitStatements") {
            cs.split = !v.eq_ignore_ascii_case("false");
        } else if k.eq_ignore_ascii_case("dbms") {
            cs.applies = dbms_matches(v, &["postgresql", "postgres"])
                || dbms_matches(v, &["mysql", "mariadb"]);
        }
    }
    Some(Ok(cs))
}

/// Liquibase `dbms:` semantics: `all`/`none`, a list of names, `!name` exclusions.
fn dbms_matches(list: &str, names: &[&str]) -> bool {
    let items: Vec<String> = list
        .split(',')
        .map(|s| {
            s.trim()
                .trim_matches(|c| c == '"' || c == '\'')
                .to_ascii_lowercase()
        })
        .filter(|s| !s.is_empty())
        .collect();
    if items.is_empty() || items.iter().any(|i| i == "all") {
        return true;
    }
    if items.iter().any(|i| i == "none") {
        return false;
    }
    let hit = |i: &str| names.contains(&i);
    if items.iter().any(|i| i.strip_prefix('!').is_some_and(hit)) {
        return false;
    }
    let positives: Vec<&String> = items.iter().filter(|i| !i.starts_with('!')).collect();
    positives.is_empty() || positives.iter().any(|i| hit(i))
}

fn liquibase_segments<'a>(
    file: &MigrationFile,
    text: &'a str,
    bom: usize,
) -> Result<Vec<Segment<'a>>, SourceError> {
    let mut segs = Vec::new();
    let mut header = false;
    let mut current: Option<Changeset> = None;
    // Start of the current piece of the current changeset.
    let mut piece: Option<(usize, u32)> = None;
    let mut ignore_block: Option<u32> = None;
    let mut ignore_n = 0u32;
    let flush = |segs: &mut Vec<Segment<'a>>,
                 cur: &Option<Changeset>,
                 piece: &mut Option<(usize, u32)>,
                 end: usize| {
        if let (Some(cs), Some((s, ln))) = (cur, piece.take()) {
            if cs.applies {
                push_seg(segs, text, s, end, ln, cs.split);
            }
        }
    };
    for l in lines_from(text, bom) {
        if !header {
            if l.text.trim().is_empty() {
                continue;
            }
            if !is_liquibase_header(l.text) {
                return Err(syntax(
                    file,
                    l.no,
                    "missing `--liquibase formatted sql` header",
                ));
            }
            header = true;
            continue;
        }
        if ignore_n > 0 {
            ignore_n -= 1;
            if ignore_n == 0 && current.is_some() {
                piece = Some((l.next, l.no + 1));
            }
            continue;
        }
        if ignore_block.is_some() {
            if liquibase_ignore(l.text) == Some(IgnoreLines::End) {
                ignore_block = None;
                if current.is_some() {
                    piece = Some((l.next, l.no + 1));
                }
            }
            continue;
        }
        if let Some(cs) = liquibase_changeset(l.text) {
            flush(&mut segs, &current, &mut piece, l.start);
            let cs = cs.map_err(|e| syntax(file, l.no, e.to_string()))?;
            current = Some(cs);
            piece = Some((l.next, l.no + 1));
            continue;
        }
        match liquibase_ignore(l.text) {
            Some(IgnoreLines::Start) => {
                flush(&mut segs, &current, &mut piece, l.start);
                ignore_block = Some(l.no);
            }
            Some(IgnoreLines::Count(n)) if n > 0 => {
                flush(&mut segs, &current, &mut piece, l.start);
                ignore_n = n;
            }
            _ => {}
        }
    }
    if !header {
        return Ok(segs);
    }
    if let Some(at) = ignore_block {
        return Err(syntax(
            file,
            at,
            "`--ignoreLines:start` without `--ignoreLines:end`",
        ));
    }
    flush(&mut segs, &current, &mut piece, text.len());
    Ok(segs)
}

#[derive(Debug, PartialEq, Eq)]
enum IgnoreLines {
    Start,
    End,
    Count(u32),
}

fn liquibase_ignore(line: &str) -> Option<IgnoreLines> {
    let rest = line.trim().strip_prefix("--")?.trim_start();
    let head = rest.get(..12)?;
    if !head.eq_ignore_ascii_case("ignoreLines:") {
        return None;
    }
    let v = rest[12..].trim();
    if v.eq_ignore_ascii_case("start") {
        Some(IgnoreLines::Start)
    } else if v.eq_ignore_ascii_case("end") {
        Some(IgnoreLines::End)
    } else {
        v.parse().ok().map(IgnoreLines::Count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::layout::testutil::*;

    #[test]
    fn liquibase_changesets_first_line_split_and_dbms() {
        let text = "\n--  Liquibase Formatted SQL\n\
                    -- ignored preamble\n\
                    --changeset alice:1\n\
                    create table a(id int);\n\
                    --rollback drop table a;\n\
                    --changeset bob:2 splitStatements:false runOnChange:true\n\
                    create function f() returns int as $$ begin return 1; end $$ language plpgsql;\n\
                    --changeset carol:3 dbms:h2,oracle\n\
                    create table h2_only(id int);\n\
                    --changeset dave:4 dbms:!h2\n\
                    create table b(id int);\n\
                    --changeset erin:5 dbms:mariadb\n\
                    create table c(id int);\n";
        let f = mf(Layout::Liquibase);
        let s = segments(&f, text).unwrap();
        let got: Vec<(u32, bool, &str)> =
            s.iter().map(|x| (x.first_line, x.split, x.text)).collect();
        assert_eq!(
            got,
            [
                (5, true, "create table a(id int);\n--rollback drop table a;\n"),
                (8, false, "create function f() returns int as $$ begin return 1; end $$ language plpgsql;\n"),
                (12, true, "create table b(id int);\n"),
                (14, true, "create table c(id int);\n"),
            ]
        );
        let err = segments(
            &f,
            "--liquibase formatted sql\n--changeset nobody\nselect 1;\n",
        )
        .unwrap_err();
        assert!(matches!(err, SourceError::Syntax { line: 2, .. }), "{err}");
        let s = segments(
            &f,
            "--liquibase formatted sql\n--changeset a:1\nselect 1;\n--ignoreLines:start\nbad;\n--ignoreLines:end\nselect 2;\n",
        )
        .unwrap();
        assert_eq!(
            s.iter().map(|x| (x.first_line, x.text)).collect::<Vec<_>>(),
            [(3, "select 1;\n"), (7, "select 2;\n")]
        );
        assert!(dbms_matches("postgresql", &["postgresql"]));
        assert!(!dbms_matches("none", &["postgresql"]));
        assert!(dbms_matches("all", &["mysql"]));
        assert!(!dbms_matches("!mysql", &["mysql"]));
    }

    #[test]
    fn liquibase_folder_in_natural_path_order_with_raw_sql_files() {
        let lb = "--liquibase formatted sql\n--changeset a:1\nselect 1;\n";
        let (_t, d) = discover_files(&[
            ("10_ten.sql", lb),
            ("9_nine.sql", lb),
            (
                "sub/2.sql",
                "create function f() returns int as $$ select 1 $$ language sql;",
            ),
            ("sub/10.sql", lb),
        ]);
        assert_eq!(names(&d), ["9_nine.sql", "10_ten.sql", "2.sql", "10.sql"]);
        let layouts: Vec<Layout> = d.files.iter().map(|f| f.layout).collect();
        assert_eq!(
            layouts,
            [
                Layout::Liquibase,
                Layout::Liquibase,
                Layout::Plain,
                Layout::Liquibase
            ]
        );
    }

    #[test]
    fn corpus_liquibase_sets() {
        for rel in ["edp-ddm-citus/platform-db/changesets", "nldi-db/liquibase"] {
            let Some(p) = corpus(rel) else { continue };
            let d = one(&p);
            assert!(d.files.iter().any(|f| f.layout == Layout::Liquibase));
            assert!(d.skipped.is_empty(), "{:?}", d.skipped);
            let mut segs = 0;
            for f in &d.files {
                let text = fs::read_to_string(&f.path).unwrap();
                segs += segments(f, &text).unwrap_or_else(|e| panic!("{e}")).len();
            }
            assert!(segs > d.files.len(), "{rel}: {segs} segments");
        }
    }
}

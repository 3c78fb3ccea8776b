//! goose: `<version>_<name>.sql` files with a `-- +goose Up` section (the
//! `Down` section is never replayed), in version order;
//! `StatementBegin` / `StatementEnd` blocks are one statement each.

use super::lines::{lines_from, push_seg, syntax};
use super::name::Naming;
use super::versioned::Rules;
use super::walk::{count, Annot};
use super::{Build, Evidence, Layout, MigrationFile, Segment, Tool};
use crate::error::SourceError;

pub(super) const TOOL: Tool = Tool {
    layout: Layout::Goose,
    name: "goose",
    votes: |entries| {
        count(entries, |e| {
            matches!(e.naming, Naming::Numbered { .. }) && e.annot() == Annot::Goose
        })
    },
    evidence: Evidence::Named("named <version>_<name>.sql with `-- +goose Up`"),
    build: Build::Versioned(Rules {
        take: |e| match &e.naming {
            Naming::Numbered { ver } if e.annot() == Annot::Goose => Ok((ver.clone(), None)),
            Naming::Numbered { .. } => Err(Some(
                "goose-named migration without a `-- +goose Up` annotation",
            )),
            _ => Err(None),
        },
        ..Rules::BY_NUMBER
    }),
    segments: goose_segments,
};

/// `-- +goose Up` → `Some("up")`, `-- +goose StatementBegin` →
/// `Some("statementbegin")`, `-- +goose NO TRANSACTION` → `Some("notransaction")`.
pub(super) fn goose_command(line: &str) -> Option<String> {
    let rest = line.trim().strip_prefix("--")?.trim_start();
    let head = rest.get(..6)?;
    if !head.eq_ignore_ascii_case("+goose") {
        return None;
    }
    let cmd: String = rest[6..]
        .split_whitespace()
        .collect::<String>()
        .to_ascii_lowercase();
    Some(cmd)
}

/// `Err` when a `StatementBegin` block (its body's offset and first line) is
/// still open.
fn block_closed(file: &MigrationFile, block: Option<(usize, u32)>) -> Result<(), SourceError> {
    match block {
        Some((_, body_line)) => Err(syntax(
            file,
            body_line - 1,
            "`-- +goose StatementBegin` without a matching `-- +goose StatementEnd`",
        )),
        None => Ok(()),
    }
}

/// The `Up` section: split regions and single-statement blocks.
fn goose_segments<'a>(
    file: &MigrationFile,
    text: &'a str,
    bom: usize,
) -> Result<Vec<Segment<'a>>, SourceError> {
    #[derive(PartialEq)]
    enum St {
        Before,
        Up,
        Down,
    }
    let mut st = St::Before;
    let mut segs = Vec::new();
    // Start (offset, line) of the current split region / statement block.
    let mut region: Option<(usize, u32)> = None;
    let mut block: Option<(usize, u32)> = None;
    let mut up_line = 0;
    for l in lines_from(text, bom) {
        let Some(cmd) = goose_command(l.text) else {
            continue;
        };
        match cmd.as_str() {
            "up" => {
                if st != St::Before {
                    return Err(syntax(
                        file,
                        l.no,
                        "a second `-- +goose Up` annotation (after line ".to_string()
                            + &up_line.to_string()
                            + ")",
                    ));
                }
                st = St::Up;
                up_line = l.no;
                region = Some((l.next, l.no + 1));
            }
            "down" => {
                block_closed(file, block)?;
                if st == St::Up {
                    if let Some((s, ln)) = region.take() {
                        push_seg(&mut segs, text, s, l.start, ln, true);
                    }
                }
                st = St::Down;
            }
            "statementbegin" if st == St::Up => {
                if let Some((_, bl)) = block.map(|(o, l)| (o, l - 1)) {
                    return Err(syntax(
                        file,
                        l.no,
                        format!("`-- +goose StatementBegin` inside the block opened at line {bl}"),
                    ));
                }
                if let Some((s, ln)) = region.take() {
                    push_seg(&mut segs, text, s, l.start, ln, true);
                }
                block = Some((l.next, l.no + 1));
            }
            "statementend" if st == St::Up => {
                let Some((s, ln)) = block.take() else {
                    return Err(syntax(
                        file,
                        l.no,
                        "`-- +goose StatementEnd` without a `-- +goose StatementBegin`",
                    ));
                };
                push_seg(&mut segs, text, s, l.start, ln, false);
                region = Some((l.next, l.no + 1));
            }
            _ => {}
        }
    }
    if st == St::Before {
        return Err(syntax(
            file,
            1,
            "no `-- +goose Up` annotation: goose would not apply this file",
        ));
    }
    block_closed(file, block)?;
    if st == St::Up {
        if let Some((s, ln)) = region {
            push_seg(&mut segs, text, s, text.len(), ln, true);
        }
    }
    Ok(segs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::layout::testutil::*;

    #[test]
    fn goose_detection_ordering_and_unannotated_file() {
        let body = "-- +goose Up\ncreate table a(id int);\n-- +goose Down\ndrop table a;\n";
        let (_t, d) = discover_files(&[
            ("00010_ten.sql", body),
            ("00002_two.sql", body),
            ("00003_three.sql", "create table b(id int);\n"),
        ]);
        assert_eq!(names(&d), ["00002_two.sql", "00010_ten.sql"]);
        assert!(d.files.iter().all(|f| f.layout == Layout::Goose));
        assert_eq!(skipped_names(&d), ["00003_three.sql"]);
        assert!(d.skipped[0].reason.contains("+goose Up"));
    }

    #[test]
    fn goose_segments_keep_only_up_and_blocks_are_single_statements() {
        let text = "-- header comment\n\
                    -- +goose Up\n\
                    -- +goose NO TRANSACTION\n\
                    create table a(id int);\n\
                    -- +goose StatementBegin\n\
                    create function f() returns int as $$ select 1; $$ language sql;\n\
                    -- +goose StatementEnd\n\
                    comment on table a is 'x #PPI';\n\
                    -- +goose Down\n\
                    drop table a;\n";
        let f = mf(Layout::Goose);
        let s = segments(&f, text).unwrap();
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].first_line, 3);
        assert!(s[0].text.contains("create table a") && s[0].split);
        assert_eq!(s[1].first_line, 6);
        assert_eq!(
            s[1].text,
            "create function f() returns int as $$ select 1; $$ language sql;\n"
        );
        assert!(!s[1].split);
        assert_eq!(s[2].first_line, 8);
        assert_eq!(s[2].text, "comment on table a is 'x #PPI';\n");
        assert!(s.iter().all(|x| !x.text.contains("drop table")));
    }

    #[test]
    fn goose_grammar_errors_name_file_and_line() {
        let f = mf(Layout::Goose);
        let err = segments(&f, "-- +goose Up\n-- +goose StatementBegin\nselect 1;\n").unwrap_err();
        assert!(
            matches!(err, SourceError::Syntax { line: 2, ref file, .. } if file == "db/m.sql"),
            "{err}"
        );
        let err = segments(&f, "create table a(id int);\n").unwrap_err();
        assert!(matches!(err, SourceError::Syntax { line: 1, .. }));
        let err = segments(&f, "-- +goose Up\n-- +goose StatementEnd\n").unwrap_err();
        assert!(matches!(err, SourceError::Syntax { line: 2, .. }));
    }
}

//! dbmate: `<version>_<name>.sql` files with a `-- migrate:up` block (the
//! `-- migrate:down` block is never replayed), in file-name order.

use super::lines::{lines_from, push_seg, syntax};
use super::name::Naming;
use super::order::natural_path_cmp;
use super::versioned::{self, Rules};
use super::walk::{count, Annot};
use super::{Build, Evidence, Layout, MigrationFile, Segment, Tool};
use crate::error::SourceError;

pub(super) const TOOL: Tool = Tool {
    layout: Layout::Dbmate,
    name: "dbmate",
    votes: |entries| {
        count(entries, |e| {
            matches!(e.naming, Naming::Numbered { .. }) && e.annot() == Annot::Dbmate
        })
    },
    evidence: Evidence::Named("named <version>_<name>.sql with `-- migrate:up`"),
    build: Build::Versioned(Rules {
        take: |e| match &e.naming {
            Naming::Numbered { ver } if e.annot() == Annot::Dbmate => Ok((ver.clone(), None)),
            Naming::Numbered { .. } => Err(Some(
                "dbmate-named migration without a `-- migrate:up` section",
            )),
            _ => Err(None),
        },
        // dbmate applies files in file-name order.
        order: |a, b| {
            a.e.name()
                .cmp(b.e.name())
                .then_with(|| natural_path_cmp(&a.e.rel, &b.e.rel))
        },
        same_version: Some(versioned::same_text),
        ..Rules::BY_NUMBER
    }),
    segments: dbmate_segments,
};

/// `-- migrate:up [options]` → `Some(true)`, `-- migrate:down` → `Some(false)`
/// (dbmate: at the start of the line, `--`, optional spaces).
pub(super) fn dbmate_directive(line: &str) -> Option<bool> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let rest = line.strip_prefix("--")?.trim_start();
    let (up, tail) = if let Some(t) = rest.strip_prefix("migrate:up") {
        (true, t)
    } else if let Some(t) = rest.strip_prefix("migrate:down") {
        (false, t)
    } else {
        return None;
    };
    (tail.is_empty() || tail.starts_with(char::is_whitespace)).then_some(up)
}

/// The `-- migrate:up` block, up to a `-- migrate:down` after it.
fn dbmate_segments<'a>(
    file: &MigrationFile,
    text: &'a str,
    bom: usize,
) -> Result<Vec<Segment<'a>>, SourceError> {
    let mut up: Option<(usize, u32)> = None;
    let mut down_after_up: Option<usize> = None;
    let mut seen_directive = false;
    for l in lines_from(text, bom) {
        match dbmate_directive(l.text) {
            Some(true) => {
                if up.is_some() {
                    return Err(syntax(file, l.no, "a second `-- migrate:up` directive"));
                }
                seen_directive = true;
                up = Some((l.next, l.no + 1));
            }
            Some(false) => {
                seen_directive = true;
                if up.is_some() && down_after_up.is_none() {
                    down_after_up = Some(l.start);
                }
            }
            None => {
                let t = l.text.trim();
                if !seen_directive && !t.is_empty() && !t.starts_with("--") {
                    return Err(syntax(
                        file,
                        l.no,
                        "SQL before `-- migrate:up`: dbmate does not run statements outside the up/down blocks",
                    ));
                }
            }
        }
    }
    let Some((start, first_line)) = up else {
        return Err(syntax(
            file,
            1,
            "no `-- migrate:up` directive: dbmate requires an up block",
        ));
    };
    let end = down_after_up.unwrap_or(text.len()).max(start);
    let mut segs = Vec::new();
    push_seg(&mut segs, text, start, end, first_line, true);
    Ok(segs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::layout::testutil::*;

    #[test]
    fn dbmate_sections_and_order() {
        let body = "-- migrate:up\nselect 1;\n-- migrate:down\nselect 2;\n";
        let (_t, d) = discover_files(&[
            ("20220102000000_b.sql", body),
            ("20220101000000_a.sql", body),
            ("20220103000000_c.sql", "select 3;\n"),
        ]);
        assert_eq!(names(&d), ["20220101000000_a.sql", "20220102000000_b.sql"]);
        assert_eq!(d.files[0].layout, Layout::Dbmate);
        assert_eq!(skipped_names(&d), ["20220103000000_c.sql"]);

        let f = mf(Layout::Dbmate);
        let text = "-- a comment\n\n-- migrate:up transaction:false\ncreate table a(id int);\n\ncomment on table a is '#PPI';\n-- migrate:down\ndrop table a;\n";
        let s = segments(&f, text).unwrap();
        assert_eq!(
            s,
            [Segment {
                text: "create table a(id int);\n\ncomment on table a is '#PPI';\n",
                first_line: 4,
                split: true
            }]
        );
        // down before up: the up block runs to the end of the file
        let s = segments(
            &f,
            "-- migrate:down\ndrop table a;\n-- migrate:up\ncreate table a(id int);\n",
        )
        .unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].first_line, 4);
        assert!(matches!(
            segments(&f, "select 1;\n").unwrap_err(),
            SourceError::Syntax { line: 1, .. }
        ));
        assert!(matches!(
            segments(&f, "-- ok\nselect 1;\n-- migrate:up\nselect 2;\n").unwrap_err(),
            SourceError::Syntax { line: 2, .. }
        ));
        // `-- migrate:upgrade` is not the directive
        assert_eq!(dbmate_directive("-- migrate:upgrade"), None);
        assert_eq!(dbmate_directive("--migrate:up"), Some(true));
    }

    #[test]
    fn corpus_supabase_dbmate_up_sections_only() {
        let Some(p) = corpus("supabase-postgres/migrations/db") else {
            return;
        };
        let d = discover(&[p.join("init-scripts"), p.join("migrations")]).unwrap();
        assert!(d.files[0]
            .display
            .ends_with("init-scripts/00000000000000-initial-schema.sql"));
        assert!(d.files[4]
            .display
            .ends_with("migrations/10000000000000_demote-postgres.sql"));
        assert!(
            d.files.iter().all(|f| f.layout == Layout::Dbmate),
            "{:?}",
            d.files.iter().map(|f| f.layout).collect::<Vec<_>>()
        );
        for f in &d.files {
            let text = fs::read_to_string(&f.path).unwrap();
            for s in segments(f, &text).unwrap() {
                assert!(!s.text.contains("migrate:down"), "{}", f.display);
            }
        }
        // the parent folder: dbmate, with the dash-named init scripts skipped
        let whole = one(&p);
        assert!(whole.files.iter().all(|f| f.layout == Layout::Dbmate));
        assert!(whole
            .skipped
            .iter()
            .any(|s| s.display.contains("init-scripts/")));
    }
}

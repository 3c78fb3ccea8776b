//! Cutting a migration file line by line, for the tools whose files have
//! sections (goose, dbmate, Liquibase), and the whole-file default.

use super::{MigrationFile, Segment};
use crate::error::SourceError;

/// The whole text after the BOM as one segment, none for a blank file: what
/// tools without sections run.
pub(super) fn whole_file<'a>(
    _file: &MigrationFile,
    text: &'a str,
    bom: usize,
) -> Result<Vec<Segment<'a>>, SourceError> {
    let body = &text[bom..];
    if body.trim().is_empty() {
        Ok(Vec::new())
    } else {
        Ok(vec![Segment {
            text: body,
            first_line: 1,
            split: true,
        }])
    }
}

/// A line of `text`: its number, where it starts, where its content ends
/// (before `\r\n` / `\n`) and where the next line starts.
pub(super) struct Line<'a> {
    pub(super) no: u32,
    pub(super) start: usize,
    pub(super) next: usize,
    pub(super) text: &'a str,
}

/// The lines of `text` from byte `from` on, numbered from 1.
pub(super) fn lines_from(text: &str, from: usize) -> impl Iterator<Item = Line<'_>> {
    let mut pos = from;
    let mut no = 0u32;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let start = pos;
        let end = memchr::memchr(b'\n', &text.as_bytes()[start..])
            .map(|i| start + i)
            .unwrap_or(text.len());
        pos = if end < text.len() { end + 1 } else { end };
        no += 1;
        let content = &text[start..end];
        Some(Line {
            no,
            start,
            next: pos,
            text: content.strip_suffix('\r').unwrap_or(content),
        })
    })
}

/// A grammar error of a tool's file, at a 1-based line.
pub(super) fn syntax(file: &MigrationFile, line: u32, message: impl Into<String>) -> SourceError {
    SourceError::Syntax {
        file: file.display.clone(),
        line,
        message: message.into(),
    }
}

/// Add `text[start..end]` as a segment unless it is blank.
pub(super) fn push_seg<'a>(
    out: &mut Vec<Segment<'a>>,
    text: &'a str,
    start: usize,
    end: usize,
    first_line: u32,
    split: bool,
) {
    let t = &text[start..end];
    if !t.trim().is_empty() {
        out.push(Segment {
            text: t,
            first_line,
            split,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::segments;
    use super::super::testutil::*;
    use super::*;
    use crate::source::layout::Layout;

    #[test]
    fn whole_file_layouts_give_one_segment_without_bom() {
        let f = mf(Layout::Flyway);
        let s = segments(&f, "\u{feff}create table a(id int);\n").unwrap();
        assert_eq!(
            s,
            [Segment {
                text: "create table a(id int);\n",
                first_line: 1,
                split: true
            }]
        );
        assert!(segments(&f, "  \n").unwrap().is_empty());
    }
}

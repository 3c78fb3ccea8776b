//! The repaired comment of one object: the existing text kept, malformed
//! tags rewritten, misplaced tags moved after the text, missing tags appended.

use crate::tags::{append_tags, parse, Tag, TagSet};

/// What to repair in one comment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Wanted {
    /// Tags the comment must carry (missing, lost, expected by the table).
    pub add: TagSet,
    /// Rewrite near-miss tags (`#ppi` → `#PPI`).
    pub malformed: bool,
    /// Move tags that stand before other text to the end.
    pub misplaced: bool,
}

fn follow_ok(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => c.is_whitespace() || matches!(c, ',' | ';' | '.' | ')'),
    }
}

/// Byte ranges of the valid tags in `text`, by the contract's grammar.
fn valid_spans(text: &str) -> Vec<(usize, usize, Tag)> {
    let mut out = Vec::new();
    for tag in Tag::ALL {
        for (at, m) in text.match_indices(tag.as_str()) {
            let before_ok = text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| c.is_ascii_whitespace());
            let end = at + m.len();
            if before_ok && follow_ok(text[end..].chars().next()) {
                out.push((at, end, tag));
            }
        }
    }
    out.sort_by_key(|s| s.0);
    out
}

/// Replace byte ranges with texts; pieces meet with one space (whitespace
/// around a removed span collapses).
fn splice(text: &str, mut edits: Vec<(usize, usize, String)>) -> String {
    edits.sort_by_key(|e| e.0);
    let mut out = String::new();
    let mut pos = 0;
    for (s, e, with) in edits {
        if s < pos {
            continue;
        }
        out.push_str(&text[pos..s]);
        if with.is_empty() {
            // Drop the span and the whitespace before it; keep what follows.
            let trimmed = out.trim_end().len();
            out.truncate(trimmed);
            let rest = &text[e..];
            let skip = rest.len() - rest.trim_start().len();
            let next = text[e + skip..].chars().next();
            if !out.is_empty() && next.is_some_and(|c| !matches!(c, ',' | ';' | '.' | ')')) {
                out.push(' ');
            }
            pos = e + skip;
        } else {
            if !out.is_empty() && !out.ends_with(char::is_whitespace) {
                out.push(' ');
            }
            out.push_str(&with);
            if !follow_ok(text[e..].chars().next()) {
                out.push(' ');
            }
            pos = e;
        }
    }
    out.push_str(&text[pos..]);
    out
}

/// The repaired comment, or `None` when nothing changes.
pub fn repair(comment: Option<&str>, wanted: Wanted) -> Option<String> {
    let original = comment.unwrap_or("");
    let mut text = original.to_string();
    let mut add = wanted.add;
    if wanted.malformed {
        let parsed = parse(&text);
        let mut present = parsed.tags;
        let mut edits = Vec::new();
        for m in &parsed.malformed {
            let with = if present.contains(m.meant) {
                String::new()
            } else {
                present.insert(m.meant);
                m.meant.as_str().to_string()
            };
            edits.push((m.offset, m.offset + m.text.len(), with));
        }
        text = splice(&text, edits);
    }
    let was_misplaced = !parse(original).misplaced.is_empty();
    let now = parse(&text);
    // Move tags after the text when asked, or when rewriting a near miss in
    // place put a tag before the text (the repair must not create a finding).
    if !now.misplaced.is_empty() && (wanted.misplaced || !was_misplaced) {
        let spans = valid_spans(&text);
        for (_, _, tag) in &spans {
            add.insert(*tag);
        }
        text = splice(
            &text,
            spans
                .into_iter()
                .map(|(s, e, _)| (s, e, String::new()))
                .collect(),
        );
    }
    let repaired = append_tags(Some(&text), add);
    if repaired == original {
        None
    } else {
        Some(repaired)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(add: &[Tag], malformed: bool, misplaced: bool) -> Wanted {
        let mut s = TagSet::EMPTY;
        for t in add {
            s.insert(*t);
        }
        Wanted {
            add: s,
            malformed,
            misplaced,
        }
    }

    #[test]
    fn appends_after_the_text() {
        assert_eq!(
            repair(Some("Primary login e-mail"), w(&[Tag::Ppi], false, false)).as_deref(),
            Some("Primary login e-mail #PPI")
        );
        assert_eq!(
            repair(None, w(&[Tag::Ppi, Tag::Geo], false, false)).as_deref(),
            Some("#PPI #GEO")
        );
        assert_eq!(repair(Some("x #PPI"), w(&[Tag::Ppi], false, false)), None);
        assert_eq!(
            repair(
                Some("Bob's \"quoted\" \\ path"),
                w(&[Tag::Ppi], false, false)
            )
            .as_deref(),
            Some("Bob's \"quoted\" \\ path #PPI")
        );
    }

    #[test]
    fn rewrites_malformed_tags_in_place() {
        assert_eq!(
            repair(Some("Postal code #ppi"), w(&[], true, false)).as_deref(),
            Some("Postal code #PPI")
        );
        assert_eq!(
            repair(Some("Card #PII, masked"), w(&[], true, false)).as_deref(),
            Some("Card, masked #PPI")
        );
        assert_eq!(
            repair(Some("mail#PPI"), w(&[], true, false)).as_deref(),
            Some("mail #PPI")
        );
        assert_eq!(
            repair(Some("x #PPI #ppi"), w(&[], true, false)).as_deref(),
            Some("x #PPI")
        );
        assert_eq!(
            repair(Some("#ppi Postal code"), w(&[], true, false)).as_deref(),
            Some("Postal code #PPI")
        );
    }

    #[test]
    fn moves_misplaced_tags() {
        assert_eq!(
            repair(Some("#PPI Street and number"), w(&[], false, true)).as_deref(),
            Some("Street and number #PPI")
        );
        assert_eq!(
            repair(Some("Where #GEO it is"), w(&[Tag::Ppi], false, true)).as_deref(),
            Some("Where it is #PPI #GEO")
        );
        // Not asked to move: the text stays as it is, the tag is appended.
        assert_eq!(
            repair(Some("#GEO where"), w(&[Tag::Ppi], false, false)).as_deref(),
            Some("#GEO where #PPI")
        );
    }

    #[test]
    fn repaired_comments_parse_clean() {
        for c in [
            "#ppi",
            "# PPI x",
            "a #Geo, b #PII.",
            "#PPI #GEO text",
            "x(#ppi)",
        ] {
            let r = repair(Some(c), w(&[], true, true)).unwrap_or(c.to_string());
            let p = parse(&r);
            assert!(
                p.malformed.is_empty() && p.misplaced.is_empty(),
                "{c} -> {r}"
            );
        }
    }
}

//! The tag grammar of the contract.
//!
//! A tag is `#PPI` or `#GEO`, exactly, upper case, preceded by start-of-text or
//! whitespace and followed by end-of-text, whitespace or one of `,;.)`.
//! Near misses (wrong case, inner space, common confusions, glued suffix or
//! prefix) are *malformed*; a valid tag followed by other comment text is
//! *misplaced*.

use serde::Serialize;
use std::fmt;

/// One privacy tag.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
pub enum Tag {
    #[serde(rename = "#PPI")]
    Ppi,
    #[serde(rename = "#GEO")]
    Geo,
}

impl Tag {
    pub const ALL: [Tag; 2] = [Tag::Ppi, Tag::Geo];

    pub fn as_str(self) -> &'static str {
        match self {
            Tag::Ppi => "#PPI",
            Tag::Geo => "#GEO",
        }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of tags (there are only two, so two booleans).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TagSet {
    pub ppi: bool,
    pub geo: bool,
}

impl Serialize for TagSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl TagSet {
    pub const EMPTY: TagSet = TagSet {
        ppi: false,
        geo: false,
    };

    pub fn of(tag: Tag) -> TagSet {
        let mut s = TagSet::EMPTY;
        s.insert(tag);
        s
    }
    pub fn insert(&mut self, tag: Tag) {
        match tag {
            Tag::Ppi => self.ppi = true,
            Tag::Geo => self.geo = true,
        }
    }
    pub fn contains(self, tag: Tag) -> bool {
        match tag {
            Tag::Ppi => self.ppi,
            Tag::Geo => self.geo,
        }
    }
    pub fn is_empty(self) -> bool {
        !self.ppi && !self.geo
    }
    pub fn union(self, other: TagSet) -> TagSet {
        TagSet {
            ppi: self.ppi || other.ppi,
            geo: self.geo || other.geo,
        }
    }
    /// Tags in `self` that `other` lacks.
    pub fn minus(self, other: TagSet) -> TagSet {
        TagSet {
            ppi: self.ppi && !other.ppi,
            geo: self.geo && !other.geo,
        }
    }
    pub fn iter(self) -> impl Iterator<Item = Tag> {
        Tag::ALL.into_iter().filter(move |t| self.contains(*t))
    }
    pub fn to_vec(self) -> Vec<Tag> {
        self.iter().collect()
    }
    /// `#PPI #GEO` style rendering.
    pub fn render(self) -> String {
        self.iter().map(Tag::as_str).collect::<Vec<_>>().join(" ")
    }
}

/// A near-miss tag found in a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MalformedTag {
    /// The text as written (`#ppi`, `# PPI`, `#PPIs`).
    pub text: String,
    /// Byte offset in the comment.
    pub offset: usize,
    /// The tag the author most likely meant.
    pub meant: Tag,
    /// Why it is not a tag.
    pub reason: &'static str,
}

/// Everything the grammar says about one comment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedComment {
    pub tags: TagSet,
    pub malformed: Vec<MalformedTag>,
    /// Valid tags that stand before other comment text.
    pub misplaced: TagSet,
}

/// Parse a comment. `None` means no comment at all.
pub fn parse_comment(comment: Option<&str>) -> ParsedComment {
    match comment {
        Some(c) => parse(c),
        None => ParsedComment::default(),
    }
}

fn is_follow_ok(b: Option<u8>) -> bool {
    match b {
        None => true,
        Some(c) => c.is_ascii_whitespace() || matches!(c, b',' | b';' | b'.' | b')'),
    }
}

/// Confusions that people type for `#PPI` / `#GEO` (compared upper-cased).
const CONFUSIONS: &[(&str, Tag)] = &[
    ("PII", Tag::Ppi),
    ("PPL", Tag::Ppi),
    ("PP1", Tag::Ppi),
    ("PPII", Tag::Ppi),
    ("PPPI", Tag::Ppi),
    ("PI", Tag::Ppi),
    ("PIP", Tag::Ppi),
    ("IPP", Tag::Ppi),
    ("GPS", Tag::Geo),
    ("GE0", Tag::Geo),
    ("GOE", Tag::Geo),
    ("GEOLOC", Tag::Geo),
];

/// Parse one comment text.
pub fn parse(comment: &str) -> ParsedComment {
    let bytes = comment.as_bytes();
    let mut out = ParsedComment::default();
    // (start, end, Some(tag) if valid) for every tag-like token, in order.
    let mut spans: Vec<(usize, usize, Option<Tag>)> = Vec::new();
    for hash in memchr::memchr_iter(b'#', bytes) {
        // Skip a `#` that is part of an earlier span (e.g. `##PPI`).
        if spans.last().is_some_and(|s| hash < s.1) {
            continue;
        }
        let mut word_start = hash + 1;
        while word_start < bytes.len() && bytes[word_start] == b' ' {
            word_start += 1;
        }
        let inner_space = word_start > hash + 1;
        let mut word_end = word_start;
        while word_end < bytes.len() && bytes[word_end].is_ascii_alphanumeric() {
            word_end += 1;
        }
        if word_end == word_start {
            continue;
        }
        let word = &comment[word_start..word_end];
        let upper = word.to_ascii_uppercase();
        let preceded_ok = hash == 0 || bytes[hash - 1].is_ascii_whitespace();
        let followed_ok = is_follow_ok(bytes.get(word_end).copied());
        let exact = match word {
            "PPI" => Some(Tag::Ppi),
            "GEO" => Some(Tag::Geo),
            _ => None,
        };
        let mut push_malformed = |meant: Tag, reason: &'static str| {
            out.malformed.push(MalformedTag {
                text: comment[hash..word_end].to_string(),
                offset: hash,
                meant,
                reason,
            });
        };
        if let (Some(tag), false) = (exact, inner_space) {
            if preceded_ok && followed_ok {
                out.tags.insert(tag);
                spans.push((hash, word_end, Some(tag)));
            } else if !followed_ok {
                push_malformed(tag, "text is glued to the end of the tag");
                spans.push((hash, word_end, None));
            } else {
                push_malformed(tag, "a tag must be preceded by whitespace");
                spans.push((hash, word_end, None));
            }
            continue;
        }
        let meant = match upper.as_str() {
            "PPI" => Some((
                Tag::Ppi,
                if inner_space {
                    "space inside the tag"
                } else {
                    "tags are upper case"
                },
            )),
            "GEO" => Some((
                Tag::Geo,
                if inner_space {
                    "space inside the tag"
                } else {
                    "tags are upper case"
                },
            )),
            u => CONFUSIONS
                .iter()
                .find(|(c, _)| *c == u)
                .map(|(_, t)| (*t, "a common confusion, not a tag"))
                .or_else(|| {
                    if inner_space {
                        None
                    } else if u.starts_with("PPI") && u.len() <= 6 {
                        Some((Tag::Ppi, "text is glued to the end of the tag"))
                    } else if u.starts_with("GEO") && u.len() <= 6 {
                        Some((Tag::Geo, "text is glued to the end of the tag"))
                    } else {
                        None
                    }
                }),
        };
        if let Some((tag, reason)) = meant {
            push_malformed(tag, reason);
            spans.push((hash, word_end, None));
        }
    }
    // Misplaced: a valid tag after which real text (not tags, not punctuation) follows.
    for (i, &(_, end, tag)) in spans.iter().enumerate() {
        let Some(tag) = tag else { continue };
        let mut cursor = end;
        let mut text_after = false;
        for &(s, e, _) in &spans[i + 1..] {
            if comment[cursor..s].chars().any(char::is_alphanumeric) {
                text_after = true;
                break;
            }
            cursor = e;
        }
        if !text_after && comment[cursor..].chars().any(char::is_alphanumeric) {
            text_after = true;
        }
        if text_after {
            out.misplaced.insert(tag);
        }
    }
    out
}

/// Append tags to a comment, after its text, keeping the text as it is.
pub fn append_tags(comment: Option<&str>, tags: TagSet) -> String {
    let base = comment.unwrap_or("").trim_end();
    let present = parse(base).tags;
    let missing = tags.minus(present);
    if missing.is_empty() {
        return base.to_string();
    }
    if base.is_empty() {
        missing.render()
    } else {
        format!("{base} {}", missing.render())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(c: &str) -> TagSet {
        parse(c).tags
    }

    #[test]
    fn valid_tags() {
        assert_eq!(tags("#PPI"), TagSet::of(Tag::Ppi));
        assert_eq!(tags("Login e-mail #PPI"), TagSet::of(Tag::Ppi));
        assert_eq!(
            tags("where #PPI, #GEO."),
            TagSet {
                ppi: true,
                geo: true
            }
        );
        assert_eq!(tags("(see x #GEO)"), TagSet::of(Tag::Geo));
        assert_eq!(tags("a\t#GEO;"), TagSet::of(Tag::Geo));
    }

    #[test]
    fn malformed_tags() {
        for (c, meant) in [
            ("#ppi", Tag::Ppi),
            ("x #Geo", Tag::Geo),
            ("# PPI", Tag::Ppi),
            ("#PII", Tag::Ppi),
            ("#GPS", Tag::Geo),
            ("#PPl", Tag::Ppi),
            ("#PPIs", Tag::Ppi),
            ("mail#PPI", Tag::Ppi),
        ] {
            let p = parse(c);
            assert!(p.tags.is_empty(), "{c} must not count as a tag");
            assert_eq!(p.malformed.len(), 1, "{c}");
            assert_eq!(p.malformed[0].meant, meant, "{c}");
        }
    }

    #[test]
    fn unrelated_hashes_are_ignored() {
        let p = parse("issue #123 and C# code, #hashtag");
        assert!(p.tags.is_empty());
        assert!(p.malformed.is_empty());
    }

    #[test]
    fn misplaced_tags() {
        assert!(parse("#PPI Login e-mail").misplaced.contains(Tag::Ppi));
        assert!(parse("Login #PPI e-mail").misplaced.contains(Tag::Ppi));
        assert!(parse("Login e-mail #PPI #GEO").misplaced.is_empty());
        assert!(parse("#PPI #GEO").misplaced.is_empty());
        assert!(parse("#PPI #ppi").misplaced.is_empty());
    }

    #[test]
    fn append_keeps_text() {
        assert_eq!(
            append_tags(Some("Primary e-mail"), TagSet::of(Tag::Ppi)),
            "Primary e-mail #PPI"
        );
        assert_eq!(append_tags(None, TagSet::of(Tag::Geo)), "#GEO");
        assert_eq!(append_tags(Some("x #PPI"), TagSet::of(Tag::Ppi)), "x #PPI");
    }
}

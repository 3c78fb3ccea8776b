//! The tools that run one file per version (golang-migrate, sqlx, goose,
//! dbmate, popx, folder-per-migration): each gives its [`Rules`], and
//! [`build`] orders the folder's files by them and skips the misfits and
//! the repeated versions.

use super::walk::{new_file, set_dialect, skip_entry, Entry};
use super::{Discovery, Layout};
use std::cmp::Ordering;

/// A file a tool runs, with its version and tag.
pub(super) struct Found {
    pub(super) e: Entry,
    pub(super) ver: String,
    /// popx dialect suffix (None: all dialects) / folder name.
    pub(super) tag: Option<String>,
}

/// A file's version and tag, or why the tool does not run it (`None`: its
/// name does not fit the layout).
pub(super) type Taken = Result<(String, Option<String>), Option<&'static str>>;

/// What a one-file-per-version tool decides.
pub(super) struct Rules {
    /// The version and tag of a file the tool runs, or why not.
    pub(super) take: fn(&Entry) -> Taken,
    /// The order the tool applies its files in.
    pub(super) order: fn(&Found, &Found) -> Ordering,
    /// When two versions are the same one (the second file is skipped);
    /// `None` when a version may have several files.
    pub(super) same_version: Option<fn(&str, &str) -> bool>,
    /// The tag names the file's dialect (popx suffixes).
    pub(super) tag_is_dialect: bool,
}

/// Order `entries` by `rules` into `out.files`; the others into `out.skipped`.
pub(super) fn build(layout: Layout, rules: &Rules, entries: Vec<Entry>, out: &mut Discovery) {
    let mut found: Vec<Found> = Vec::new();
    for e in entries {
        let taken = if e.peek.liquibase {
            Err(Some(
                "Liquibase formatted SQL file in a non-Liquibase folder",
            ))
        } else {
            (rules.take)(&e)
        };
        match taken {
            Ok((ver, tag)) => found.push(Found { e, ver, tag }),
            Err(None) => {
                let reason = format!("does not fit the {} layout of this folder", layout.name());
                skip_entry(out, &e, reason)
            }
            Err(Some(r)) => skip_entry(out, &e, r),
        }
    }
    found.sort_by(rules.order);
    let mut last: Option<(String, String)> = None;
    for c in found {
        if let Some(same) = rules.same_version {
            if let Some((v, d)) = &last {
                if same(v, &c.ver) {
                    let reason =
                        format!("duplicate {} version {} (also {d})", layout.name(), c.ver);
                    skip_entry(out, &c.e, reason);
                    continue;
                }
            }
            last = Some((c.ver.clone(), c.e.display.clone()));
        }
        let mut f = new_file(&c.e, layout, Some(c.ver));
        if rules.tag_is_dialect {
            if let Some(s) = &c.tag {
                set_dialect(&mut f, s);
            }
        }
        out.files.push(f);
    }
}

impl Rules {
    /// Versions compared as numbers and unique, a file each: golang-migrate,
    /// sqlx, goose (`take` is the tool's own).
    pub(super) const BY_NUMBER: Rules = Rules {
        take: |_| Err(None),
        order: by_number,
        same_version: Some(same_number),
        tag_is_dialect: false,
    };
}

/// Versions compared as numbers, then paths.
fn by_number(a: &Found, b: &Found) -> Ordering {
    super::order::cmp_digits(&a.ver, &b.ver)
        .then_with(|| super::order::natural_path_cmp(&a.e.rel, &b.e.rel))
}

/// The same number (`0003` is `3`).
fn same_number(a: &str, b: &str) -> bool {
    super::order::cmp_digits(a, b) == Ordering::Equal
}

/// The same text.
pub(super) fn same_text(a: &str, b: &str) -> bool {
    a == b
}

//! `--inventory FILE`: the databases of a fleet.
//!
//! ```toml
//! [[database]]
//! name = "billing-eu"
//! url_env = "BILLING_EU_URL"      # or: url = "postgres://…" (avoid passwords in files)
//! tags = ["prod", "eu"]
//! ```
//!
//! A [`Selection`] narrows the fleet before any URL is resolved (a skipped
//! entry's `url_env` need not be set): by tags, then to one [`Shard`].

use crate::error::ConfigError;
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    database: Vec<toml::Spanned<RawEntry>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    name: String,
    url: Option<String>,
    url_env: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
}

/// One database of the fleet, its URL resolved.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub url: String,
    pub tags: Vec<String>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Which entries of an inventory to audit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Keep only entries carrying ANY of these tags (none given: keep all).
    pub only_tags: Vec<String>,
    /// Drop entries carrying any of these tags.
    pub skip_tags: Vec<String>,
    /// Keep only this share of what the tags selected.
    pub shard: Option<Shard>,
}

impl Selection {
    /// Whether an entry with these tags passes `only_tags` and `skip_tags`.
    pub fn keeps(&self, tags: &[String]) -> bool {
        let has = |wanted: &[String]| tags.iter().any(|t| wanted.contains(t));
        (self.only_tags.is_empty() || has(&self.only_tags)) && !has(&self.skip_tags)
    }

    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.only_tags.is_empty() {
            parts.push(format!("--only-tag {}", self.only_tags.join(", ")));
        }
        if !self.skip_tags.is_empty() {
            parts.push(format!("--skip-tag {}", self.skip_tags.join(", ")));
        }
        parts.join("; ")
    }
}

/// Share `index` (1-based) of `count`: a stable partition of a fleet by
/// database name, so `count` runners each audit a share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: u32,
    count: u32,
}

impl Shard {
    /// `None` unless 1 <= index <= count.
    pub fn new(index: u32, count: u32) -> Option<Shard> {
        (1..=count)
            .contains(&index)
            .then_some(Shard { index, count })
    }

    pub fn index(&self) -> u32 {
        self.index
    }

    pub fn count(&self) -> u32 {
        self.count
    }

    /// The shard (1-based) a database name belongs to among `count`:
    /// FNV-1a 64 of the name's UTF-8 bytes, modulo `count`, plus one. A
    /// fixed hash, not Rust's randomized one, so every runner, platform
    /// and pitag version agrees, whatever the order of the file.
    pub fn of(name: &str, count: u32) -> u32 {
        (fnv1a64(name.as_bytes()) % u64::from(count.max(1))) as u32 + 1
    }

    pub fn holds(&self, name: &str) -> bool {
        Shard::of(name, self.count) == self.index
    }
}

/// FNV-1a, 64 bits (offset basis 0xcbf29ce484222325, prime 0x100000001b3).
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Read and resolve an inventory; `env` looks up environment variables.
pub fn load(path: &Path, env: impl Fn(&str) -> Option<String>) -> Result<Vec<Entry>, ConfigError> {
    load_selected(path, env, &Selection::default())
}

/// Read an inventory and resolve the entries `select` keeps. A tag
/// selection that keeps nothing is an error (a typo must not pass as an
/// audit of nothing); an empty shard is not (see [`Shard`]).
pub fn load_selected(
    path: &Path,
    env: impl Fn(&str) -> Option<String>,
    select: &Selection,
) -> Result<Vec<Entry>, ConfigError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        file: file.clone(),
        location: None,
        message: format!("cannot read: {e}"),
    })?;
    let raw: Raw = toml::from_str(&text).map_err(|e| ConfigError {
        file: file.clone(),
        location: e.span().map(|s| (line_of(&text, s.start), 1)),
        message: e.message().trim().to_string(),
    })?;
    if raw.database.is_empty() {
        return Err(ConfigError {
            file,
            location: None,
            message: "no [[database]] entries".into(),
        });
    }
    let tagged: Vec<_> = raw
        .database
        .into_iter()
        .filter(|e| select.keeps(&e.get_ref().tags))
        .collect();
    if tagged.is_empty() {
        return Err(ConfigError {
            file,
            location: None,
            message: format!("no database left after {}", select.describe()),
        });
    }
    let mut out = Vec::new();
    for spanned in tagged {
        if let Some(shard) = select.shard {
            if !shard.holds(&spanned.get_ref().name) {
                continue;
            }
        }
        let line = line_of(&text, spanned.span().start);
        let e = spanned.into_inner();
        let err = |message: String| ConfigError {
            file: file.clone(),
            location: Some((line, 1)),
            message,
        };
        let url = match (&e.url, &e.url_env) {
            (Some(u), None) => u.clone(),
            (None, Some(var)) => env(var).filter(|v| !v.is_empty()).ok_or_else(|| {
                err(format!(
                    "database `{}`: environment variable {var} is not set",
                    e.name
                ))
            })?,
            _ => {
                return Err(err(format!(
                    "database `{}`: give exactly one of `url` and `url_env`",
                    e.name
                )))
            }
        };
        out.push(Entry {
            name: e.name,
            url,
            tags: e.tags,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_urls_and_names_lines() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("fleet.toml");
        std::fs::write(
            &p,
            "[[database]]\nname = \"a\"\nurl = \"postgres://u@h/a\"\n\n[[database]]\nname = \"b\"\nurl_env = \"B_URL\"\ntags = [\"prod\"]\n",
        )
        .unwrap();
        let got = load(&p, |v| (v == "B_URL").then(|| "mysql://u@h/b".to_string())).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].url, "mysql://u@h/b");
        assert_eq!(got[1].tags, ["prod"]);
        let e = load(&p, |_| None).unwrap_err();
        assert_eq!(e.location.unwrap().0, 5);
        assert!(e.message.contains("B_URL"));
        std::fs::write(&p, "[[database]]\nname = \"a\"\nurll = \"x\"\n").unwrap();
        let e = load(&p, |_| None).unwrap_err();
        assert_eq!(e.location.unwrap().0, 3);
    }

    fn fleet_file(dir: &Path) -> std::path::PathBuf {
        let p = dir.join("fleet.toml");
        let mut text = String::new();
        for (name, tags) in [
            ("billing-eu", "\"prod\", \"eu\""),
            ("billing-us", "\"prod\", \"us\""),
            ("crm", "\"prod\", \"staging\""),
            ("scratch", "\"staging\""),
            ("analytics", ""),
        ] {
            // Only `billing-eu` names its URL by variable: unset, it fails only when selected.
            let url = if name == "billing-eu" {
                "url_env = \"BILLING_EU_URL\"".to_string()
            } else {
                format!("url = \"postgres://u@h/{name}\"")
            };
            text.push_str(&format!(
                "[[database]]\nname = \"{name}\"\n{url}\ntags = [{tags}]\n\n"
            ));
        }
        std::fs::write(&p, text).unwrap();
        p
    }

    fn names(path: &Path, select: &Selection) -> Result<Vec<String>, ConfigError> {
        let env = |v: &str| (v == "BILLING_EU_URL").then(|| "postgres://u@h/eu".to_string());
        Ok(load_selected(path, env, select)?
            .into_iter()
            .map(|e| e.name)
            .collect())
    }

    fn tags(only: &[&str], skip: &[&str]) -> Selection {
        Selection {
            only_tags: only.iter().map(|t| t.to_string()).collect(),
            skip_tags: skip.iter().map(|t| t.to_string()).collect(),
            shard: None,
        }
    }

    #[test]
    fn tags_select_any_of_only_and_drop_any_of_skip() {
        let dir = tempfile::tempdir().unwrap();
        let p = fleet_file(dir.path());
        assert_eq!(names(&p, &tags(&[], &[])).unwrap().len(), 5);
        assert_eq!(
            names(&p, &tags(&["eu", "us"], &[])).unwrap(),
            ["billing-eu", "billing-us"]
        );
        assert_eq!(
            names(&p, &tags(&["prod"], &["staging"])).unwrap(),
            ["billing-eu", "billing-us"]
        );
        assert_eq!(
            names(&p, &tags(&[], &["prod", "staging"])).unwrap(),
            ["analytics"]
        );
        // A skipped entry's url_env is never looked up.
        let got = load_selected(&p, |_| None, &tags(&["us"], &[])).unwrap();
        assert_eq!(got[0].url, "postgres://u@h/billing-us");
        let e = names(&p, &tags(&["prod"], &["prod"])).unwrap_err();
        assert!(e.file.ends_with("fleet.toml"), "{e:?}");
        assert_eq!(
            e.message,
            "no database left after --only-tag prod; --skip-tag prod"
        );
    }

    #[test]
    fn shards_split_the_selection_and_may_be_empty() {
        let dir = tempfile::tempdir().unwrap();
        let p = fleet_file(dir.path());
        let mut all = Vec::new();
        for k in 1..=3 {
            let select = Selection {
                shard: Shard::new(k, 3),
                ..tags(&["prod"], &[])
            };
            all.extend(names(&p, &select).unwrap());
        }
        all.sort();
        assert_eq!(all, ["billing-eu", "billing-us", "crm"]);
        // More shards than databases: some shares are empty, which is not an error.
        let empty = (1..=7)
            .filter(|&k| {
                let select = Selection {
                    shard: Shard::new(k, 7),
                    ..tags(&["us"], &[])
                };
                names(&p, &select).unwrap().is_empty()
            })
            .count();
        assert_eq!(empty, 6);
    }

    #[test]
    fn shard_bounds() {
        assert!(Shard::new(0, 3).is_none());
        assert!(Shard::new(4, 3).is_none());
        assert!(Shard::new(1, 0).is_none());
        assert_eq!(
            Shard::new(3, 3).map(|s| (s.index(), s.count())),
            Some((3, 3))
        );
    }

    #[test]
    fn fnv1a64_matches_the_published_vectors() {
        // From the FNV reference test suite (isthe.com/chongo/tech/comp/fnv).
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    /// The assignment is part of the interface: runners of different
    /// versions or platforms must agree. This snapshot must never change.
    #[test]
    fn shard_assignment_is_stable() {
        let names = [
            "billing-eu",
            "billing-us",
            "crm",
            "scratch",
            "analytics",
            "orders",
            "users",
            "payments-prod-01",
            "payments-prod-02",
            "ledger",
        ];
        let table: String = names
            .iter()
            .map(|n| {
                let shards: Vec<String> = (1..=7).map(|c| Shard::of(n, c).to_string()).collect();
                format!("{n}: {}\n", shards.join(" "))
            })
            .collect();
        insta::assert_snapshot!(table);
    }

    #[test]
    fn every_name_lands_in_exactly_one_shard() {
        let names: Vec<String> = (0..500).map(|i| format!("db-{i}")).collect();
        for count in 1..=7 {
            let mut seen = std::collections::BTreeMap::new();
            for k in 1..=count {
                let shard = Shard::new(k, count).unwrap();
                for n in names.iter().filter(|n| shard.holds(n)) {
                    assert!(
                        seen.insert(n.clone(), k).is_none(),
                        "{n} in two shards of {count}"
                    );
                }
            }
            assert_eq!(seen.len(), names.len(), "union of {count} shards");
            // Not required, but a hash that left a share empty here would be suspect.
            for k in 1..=count {
                assert!(seen.values().any(|&v| v == k), "shard {k}/{count} empty");
            }
        }
    }
}

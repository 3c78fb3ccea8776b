//! `--inventory FILE`: the databases of a fleet.
//!
//! ```toml
//! [[database]]
//! name = "billing-eu"
//! url_env = "BILLING_EU_URL"      # or: url = "postgres://…" (avoid passwords in files)
//! tags = ["prod", "eu"]
//! ```

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

/// Read and resolve an inventory; `env` looks up environment variables.
pub fn load(path: &Path, env: impl Fn(&str) -> Option<String>) -> Result<Vec<Entry>, ConfigError> {
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
    let mut out = Vec::new();
    for spanned in raw.database {
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
    if out.is_empty() {
        return Err(ConfigError {
            file,
            location: None,
            message: "no [[database]] entries".into(),
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
}

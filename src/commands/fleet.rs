//! The databases `pitag db` audits and how they are read: one on this
//! thread, several concurrently on a small runtime.

use anyhow::{bail, Context as _, Result};
use pitag::inventory::Selection;
use pitag::source::live::{self, LiveError, LiveOptions, LiveSchema};
use std::path::Path;

/// A database to read: its label (inventory name, or the URL without its
/// password) and its URL.
pub type Target = (String, String);

/// The targets: the inventory's entries that `select` keeps, then every
/// `--url`, else `$DATABASE_URL`. An inventory shard may be empty: then the
/// list is too (the caller audits nothing and says so).
pub fn targets(
    inventory: Option<&Path>,
    select: &Selection,
    urls: &[String],
) -> Result<Vec<Target>> {
    let mut targets: Vec<Target> = Vec::new();
    if let Some(inv) = inventory {
        let entries = pitag::inventory::load_selected(inv, |v| std::env::var(v).ok(), select)?;
        if entries.is_empty() {
            return Ok(targets);
        }
        for e in entries {
            targets.push((e.name, e.url));
        }
    }
    for url in urls {
        targets.push((live::redact_url(url), url.clone()));
    }
    if targets.is_empty() {
        match std::env::var("DATABASE_URL") {
            Ok(url) if !url.is_empty() => targets.push((live::redact_url(&url), url)),
            _ => bail!(
                "no database to audit: pass --url URL or --inventory FILE, or set DATABASE_URL"
            ),
        }
    }
    Ok(targets)
}

/// Read every target's catalog, at most `jobs` at a time; results in the
/// targets' order, each with its label. One failure does not stop the others.
pub fn read(
    targets: &[Target],
    opts: &LiveOptions,
    jobs: usize,
) -> Result<Vec<(String, Result<LiveSchema, LiveError>)>> {
    if targets.is_empty() {
        return Ok(Vec::new());
    }
    if let [(label, url)] = targets {
        return Ok(vec![(
            label.clone(),
            live::read_catalog_blocking(url, opts),
        )]);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    Ok(runtime.block_on(live::read_fleet(targets.to_vec(), opts, jobs)))
}

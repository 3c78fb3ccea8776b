//! The databases `pitag db` and `pitag inventory` read, and how: one on this
//! thread, several concurrently on a small runtime.

use anyhow::{bail, Context as _, Result};
use pitag::inventory::Selection;
use pitag::report::FailedDatabase;
use pitag::source::live::{self, LiveError, LiveOptions, LiveSchema};
use std::io::IsTerminal as _;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A database to read: its label (inventory name, or the URL without its
/// password) and its URL.
pub type Target = (String, String);

/// The targets: the inventory's entries that `select` keeps, then every
/// `--url`, else `$DATABASE_URL`. An inventory shard may be empty: then the
/// list is too (the caller audits nothing and says so).
fn targets(inventory: Option<&Path>, select: &Selection, urls: &[String]) -> Result<Vec<Target>> {
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

/// The targets of a `db` or `inventory` run (see [`targets`]) read with
/// `opts` (see [`read`]), each result with its target. A shard that holds
/// no database says so (`nothing to {doing}`): a matrix of N runners must
/// not fail because one share is empty.
pub fn read_selected(
    inventory: Option<&Path>,
    select: &Selection,
    urls: &[String],
    opts: &LiveOptions,
    jobs: u16,
    quiet: bool,
    doing: &str,
) -> Result<Vec<(Target, Result<LiveSchema, LiveError>)>> {
    let targets = targets(inventory, select, urls)?;
    if let (Some(shard), true) = (select.shard, targets.is_empty()) {
        super::note(
            quiet,
            &format!(
                "shard {}/{} holds no database of the selection: nothing to {doing}",
                shard.index(),
                shard.count()
            ),
        );
    }
    let results = read(&targets, opts, usize::from(jobs), quiet)?;
    // `read` keeps the targets' order: each result pairs with its target.
    Ok(targets
        .into_iter()
        .zip(results)
        .map(|(target, (_, result))| (target, result))
        .collect())
}

/// A database that could not be read, named on stderr and recorded for
/// the report (`source.failed`).
pub fn failure((label, url): Target, error: &LiveError) -> FailedDatabase {
    // The password never reaches this message: errors are built from redacted URLs.
    eprintln!("pitag: error: {label}: {error}");
    FailedDatabase {
        database: live::redact_url(&url),
        error: error.to_string(),
        name: label,
    }
}

/// Read every target's catalog, at most `jobs` at a time; results in the
/// targets' order, each with its label. One failure does not stop the others.
/// A fleet shows progress on stderr when [`show_progress`] says so.
fn read(
    targets: &[Target],
    opts: &LiveOptions,
    jobs: usize,
    quiet: bool,
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
    let bar = show_progress(std::io::stderr().is_terminal(), quiet, targets.len())
        .then(|| progress_bar(targets.len()));
    let on_done: Arc<dyn Fn(bool) + Send + Sync> = match &bar {
        Some(bar) => {
            let bar = bar.clone();
            let state = Mutex::new(Progress::new(targets.len()));
            Arc::new(move |ok| {
                // A poisoned lock only means a sibling task panicked;
                // progress is cosmetic, so keep counting.
                let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
                state.record(ok);
                bar.set_message(state.counts());
            })
        }
        None => Arc::new(|_| {}),
    };
    let results = runtime.block_on(live::read_fleet_observed(
        targets.to_vec(),
        opts,
        jobs,
        on_done,
    ));
    if let Some(bar) = bar {
        // Gone before the report or summary is written: nothing interleaves.
        bar.finish_and_clear();
    }
    Ok(results)
}

/// Whether a run shows progress: only for a fleet (two databases or more),
/// only on a terminal, never with `--quiet`. Stdout is never used, so
/// machine formats there are untouched.
pub fn show_progress(stderr_is_tty: bool, quiet: bool, databases: usize) -> bool {
    stderr_is_tty && !quiet && databases >= 2
}

/// A spinner on stderr whose message is a [`Progress`] line.
fn progress_bar(total: usize) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    bar.set_style(
        // The elapsed time is drawn on every tick, the counts when a database finishes.
        indicatif::ProgressStyle::with_template("{spinner} {msg}, {since} elapsed")
            .map(|style| {
                style.with_key(
                    "since",
                    |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = w.write_str(&elapsed_text(state.elapsed()));
                    },
                )
            })
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    bar.set_message(Progress::new(total).counts());
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// What the progress line counts: databases finished out of all, and how
/// many of those failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    done: usize,
    total: usize,
    failures: usize,
}

impl Progress {
    pub fn new(total: usize) -> Self {
        Progress {
            done: 0,
            total,
            failures: 0,
        }
    }

    /// One database finished, read (`ok`) or not.
    pub fn record(&mut self, ok: bool) {
        self.done += 1;
        if !ok {
            self.failures += 1;
        }
    }

    /// `databases 3/10, 1 failed`.
    pub fn counts(&self) -> String {
        format!(
            "databases {}/{}, {} failed",
            self.done, self.total, self.failures
        )
    }
}

/// `4s`, `1m04s`.
fn elapsed_text(elapsed: Duration) -> String {
    let secs = elapsed.as_secs();
    if secs >= 60 {
        format!("{}m{:02}s", secs / 60, secs % 60)
    } else {
        format!("{secs}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_only_for_a_fleet_on_a_terminal_without_quiet() {
        assert!(show_progress(true, false, 2));
        assert!(show_progress(true, false, 40));
        assert!(!show_progress(false, false, 40), "never on a non-TTY");
        assert!(!show_progress(true, true, 40), "never with --quiet");
        assert!(!show_progress(true, false, 1), "one database is no fleet");
        assert!(!show_progress(true, false, 0));
    }

    #[test]
    fn progress_counts_done_and_failures_and_shows_elapsed_time() {
        let mut p = Progress::new(3);
        assert_eq!(p.counts(), "databases 0/3, 0 failed");
        p.record(true);
        p.record(false);
        assert_eq!(p.counts(), "databases 2/3, 1 failed");
        p.record(true);
        assert_eq!(p.counts(), "databases 3/3, 1 failed");
        assert_eq!(elapsed_text(Duration::ZERO), "0s");
        assert_eq!(elapsed_text(Duration::from_millis(4_900)), "4s");
        assert_eq!(elapsed_text(Duration::from_secs(64)), "1m04s");
    }
}

//! `pitag diff --base REF`: only the findings a branch introduces.

use super::{finish_run, load, outputs, paths_shown, settings, Covered, ReadAs};
use crate::cli::DiffArgs;
use anyhow::{Context as _, Result};
use pitag::audit;
use pitag::error::SourceError;
use pitag::finding::Finding;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(args: DiffArgs, m: &clap::ArgMatches) -> Result<ExitCode> {
    let common = &args.common;
    let pairs = outputs(common, m)?;
    let config = super::config(common.input.config.as_deref(), &args.placeholders)?;
    let paths = config.migration_paths(&args.paths);
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    let base = pitag::diff::materialize(&cwd, &args.base, &paths)?;
    let read = ReadAs::new(&config, common.input.dialect, common.server_version);
    let head = load(&paths, read, &config, common.quiet.quiet)?;
    let settings = settings(common, &config)?;
    let head_findings = audit::audit(&head.schema, &settings);
    // The base is replayed with the head's dialect, without notes and
    // without suppressions of its own.
    let base_paths: Vec<PathBuf> = base.paths.iter().flatten().cloned().collect();
    let base_findings = if base_paths.is_empty() {
        Vec::new()
    } else {
        let read = ReadAs {
            dialect: Some(head.dialect),
            ..read
        };
        match load(&base_paths, read, &config, true) {
            Ok(loaded) => audit::audit(&loaded.schema, &settings),
            Err(SourceError::NoMigrations(_)) => Vec::new(),
            Err(e) => {
                return Err(anyhow::Error::new(e).context(format!(
                    "replaying {} at {}",
                    paths_shown(&paths),
                    args.base
                )))
            }
        }
    };
    let mut findings = pitag::diff::introduced(&base_findings, head_findings);
    findings.extend(audit::finish(base.edited(&args.base), &[], &settings));
    Finding::sort(&mut findings);
    finish_run(
        Covered::migrations("diff", &head, &paths),
        findings,
        common,
        &config,
        &pairs,
    )
}

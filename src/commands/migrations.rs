//! `pitag migrations`: audit migration folders, SQL files and dumps;
//! `--list` prints the files in replay order instead.

use super::{finish_run, load, note, outputs, paths_shown, settings, Covered, ReadAs};
use crate::cli::MigrationsArgs;
use anyhow::{bail, Result};
use pitag::audit;
use pitag::config::Config;
use pitag::source;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(args: MigrationsArgs, m: &clap::ArgMatches) -> Result<ExitCode> {
    let common = &args.common;
    let pairs = outputs(common, m)?;
    let config = super::config(common.input.config.as_deref(), &args.placeholders)?;
    let paths = config.migration_paths(&args.paths);
    if args.list {
        return list(&paths, &args, &config);
    }
    let read = ReadAs::new(&config, common.input.dialect, common.server_version);
    let loaded = load(&paths, read, &config, common.quiet.quiet)?;
    let settings = settings(common, &config)?;
    let findings = audit::audit(&loaded.schema, &settings);
    finish_run(
        Covered::migrations("migrations", &loaded, &paths),
        findings,
        common,
        &config,
        &pairs,
    )
}

/// `migrations --list`: the files in replay order on stdout, what was
/// understood on stderr.
fn list(paths: &[PathBuf], args: &MigrationsArgs, config: &Config) -> Result<ExitCode> {
    let quiet = args.common.quiet.quiet;
    let dialect = ReadAs::new(config, args.common.input.dialect, None).dialect;
    let plan = source::load::read(source::load::discover(paths)?, dialect)?;
    for n in &plan.summary() {
        note(quiet, n);
    }
    if let Some(msg) = plan.dialect_note() {
        note(quiet, &msg);
    }
    let files = &plan.discovery.files;
    if files.is_empty() {
        bail!(
            "no migrations found in {} for dialect {}",
            paths_shown(paths),
            plan.dialect
        );
    }
    let width = files
        .iter()
        .map(|f| f.version.as_deref().map_or(1, str::len))
        .max()
        .unwrap_or(1);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for f in files {
        writeln!(
            out,
            "{:<width$}  {}",
            f.version.as_deref().unwrap_or("-"),
            f.display
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

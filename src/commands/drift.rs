//! `pitag drift`: tags that differ between the migrations and a live database.

use super::{finish_run, load, note, outputs, paths_shown, settings, Covered, ReadAs};
use crate::cli::DriftArgs;
use anyhow::{bail, Result};
use pitag::audit;
use pitag::dialect::Dialect;
use pitag::drift::{self, DriftOptions};
use pitag::source::live;
use std::process::ExitCode;

pub fn run(args: DriftArgs, m: &clap::ArgMatches) -> Result<ExitCode> {
    let common = &args.common;
    let quiet = common.quiet.quiet;
    let pairs = outputs(common, m)?;
    let config = super::config(common.input.config.as_deref(), &args.placeholders)?;
    let mut settings = settings(common, &config)?;
    let url = match args.url.clone().filter(|u| !u.is_empty()) {
        Some(u) => u,
        None => match std::env::var("DATABASE_URL") {
            Ok(url) if !url.is_empty() => url,
            _ => bail!("no database to compare with: pass --url URL or set DATABASE_URL"),
        },
    };
    let label = live::redact_url(&url);
    // The URL decides the dialect of the migrations unless one is given.
    let read = ReadAs::new(&config, common.input.dialect, common.server_version);
    let dialect = match (read.dialect, Dialect::from_url(&url)) {
        (Some(d), Some(u)) if d != u => {
            bail!("--dialect {d} does not match the database URL ({label}), which is {u}")
        }
        (d, u) => d.or(u),
    };
    let paths = config.migration_paths(&args.paths);
    let loaded = load(&paths, ReadAs { dialect, ..read }, &config, quiet)?;
    let opts = args.scope.live_options(&args.connect);
    let live = match live::read_catalog_blocking(&url, &opts) {
        Ok(l) => l,
        Err(e) => {
            // The password never reaches this message: errors are built from redacted URLs.
            eprintln!("pitag: error: {label}: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    note(
        quiet,
        &format!(
            "{}: {} tables visible ({})",
            live.database, live.tables_visible, live.server_version
        ),
    );
    if live.schema.dialect != loaded.dialect {
        bail!(
            "the migrations were read as {} but {} is a {} database; pass --dialect {}",
            loaded.dialect,
            live.database,
            live.schema.dialect,
            live.schema.dialect
        );
    }
    let drift_opts = DriftOptions {
        search_path: args.search_path.clone(),
        default_database: drift::default_database(&url, &live.schema)?,
        schemas: args.scope.schemas.clone(),
        exclude_schemas: args.scope.exclude_schemas.clone(),
        include_views: args.scope.include_views,
        roots: paths.iter().map(|p| p.display().to_string()).collect(),
    };
    let comparison = drift::compare(&loaded.schema, &live.schema, &drift_opts);
    let mut findings = comparison.findings;
    pitag::rules::pass::check_drift_migrations(&loaded.schema, &mut findings);
    let (ignores, allow, any_rule) =
        drift::scoped_suppressions(&loaded.schema.ignores, &settings.allow);
    settings.allow = allow;
    let mut findings = audit::finish(findings, &ignores, &settings);
    drift::drop_foreign_unused(&mut findings, &settings.config_file, &any_rule);
    let mut shown = paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>();
    shown.push(live.database.clone());
    finish_run(
        Covered {
            kind: "drift",
            dialect: loaded.dialect,
            paths: shown,
            tables: comparison.tables,
            failed: None,
            nothing: loaded
                .nothing_audited()
                .map(|why| format!("nothing to compare in {}: {why}", paths_shown(&paths))),
        },
        findings,
        common,
        &config,
        &pairs,
    )
}

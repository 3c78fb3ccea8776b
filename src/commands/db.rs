//! `pitag db`: audit live databases, one or a fleet.

use super::{finish_run, note, outputs, settings, Covered};
use crate::cli::DbArgs;
use anyhow::Result;
use pitag::audit;
use pitag::config::Config;
use pitag::dialect::Dialect;
use pitag::finding::Finding;
use pitag::inventory::Selection;
use pitag::report::fleet::FleetRow;
use std::process::ExitCode;

pub fn run(args: DbArgs, m: &clap::ArgMatches) -> Result<ExitCode> {
    let common = &args.common;
    let quiet = common.quiet.quiet;
    let pairs = outputs(common, m)?;
    let config = Config::resolve(common.input.config.as_deref())?;
    let settings = settings(common, &config)?;
    let select = Selection {
        only_tags: args.only_tags.clone(),
        skip_tags: args.skip_tags.clone(),
        shard: args.shard,
    };
    let mut opts = args.scope.live_options(&args.connect);
    opts.sample = args.sample.unwrap_or(0);
    let results = super::fleet::read_selected(
        args.inventory.as_deref(),
        &select,
        &args.urls,
        &opts,
        args.jobs,
        quiet,
        "audit",
    )?;
    let databases = results.len();
    let fleet = databases > 1;
    let mut findings = Vec::new();
    let mut covered = Covered {
        kind: "database",
        dialect: Dialect::Postgres,
        paths: Vec::new(),
        tables: Vec::new(),
        failed: Some(Vec::new()),
        nothing: None,
    };
    let mut failures = Vec::new();
    let mut rows = Vec::new();
    for (target, result) in results {
        match result {
            Ok(schema) => {
                let (found, from_values) =
                    pitag::sample::audit(&schema.schema, &settings, &schema.samples);
                if opts.sample > 0 {
                    let what = pitag::sample::summary(&schema.samples, opts.sample, from_values);
                    note(quiet || fleet, &format!("{}: {what}", schema.database));
                }
                if covered.paths.is_empty() {
                    covered.dialect = schema.schema.dialect;
                }
                let tables = audit::audited_tables(&schema.schema);
                let columns: usize = tables.iter().map(|t| t.columns).sum();
                rows.push(FleetRow {
                    label: target.0,
                    counts: Some((tables.len(), columns, found.len())),
                });
                note(
                    quiet || fleet,
                    &format!(
                        "{}: {} tables visible ({}), {} audited",
                        schema.database,
                        schema.tables_visible,
                        schema.server_version,
                        tables.len()
                    ),
                );
                covered.paths.push(schema.database.clone());
                covered.tables.extend(tables);
                findings.extend(found);
            }
            Err(e) => {
                let label = target.0.clone();
                failures.push(super::fleet::failure(target, &e));
                rows.push(FleetRow {
                    label,
                    counts: None,
                });
            }
        }
    }
    let failed = failures.len();
    if fleet && !quiet {
        pitag::report::fleet::write(&rows, &mut std::io::stderr().lock())?;
    }
    // An inventory run writes its report even when its one database failed:
    // a shard's report must say so, or a merge of the shards would pass.
    if !fleet && args.inventory.is_none() && failed > 0 {
        return Ok(ExitCode::from(2));
    }
    covered.failed = Some(failures);
    Finding::sort(&mut findings);
    let code = finish_run(covered, findings, common, &config, &pairs)?;
    if failed > 0 {
        eprintln!("pitag: {failed} of {databases} databases could not be audited");
        return Ok(ExitCode::from(2));
    }
    Ok(code)
}

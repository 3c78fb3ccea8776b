//! `pitag merge`: JSON reports of shards or regions merged into one report;
//! JSON inventories (`inventory --format json`) into one inventory.

use super::{exit_code, note, pair_outputs, write_reports};
use crate::cli::MergeArgs;
use anyhow::{bail, Result};
use pitag::report::merge;
use pitag::report::Format;
use std::process::ExitCode;

pub fn run(args: MergeArgs, m: &clap::ArgMatches) -> Result<ExitCode> {
    if super::inventory::all_inventories(&args.reports)? {
        return super::inventory::merge(&args, m);
    }
    if args.fail_under.is_some() {
        bail!("--fail-under judges the coverage of inventories; audit reports take --fail-on");
    }
    let formats = args
        .formats
        .iter()
        .map(|f| match f.report {
            Some(r) => Ok(r),
            None => bail!(
                "format `{}` is for inventories; audit reports merge into table, json, sarif, github, gitlab, junit or markdown",
                f.inventory.map(|i| i.to_string()).unwrap_or_default()
            ),
        })
        .collect::<Result<Vec<Format>>>()?;
    let pairs = pair_outputs(&formats, &args.outputs, m)?;
    let parts = args
        .reports
        .iter()
        .map(|p| merge::read(p))
        .collect::<Result<Vec<_>, _>>()?;
    let failures = merge::failures(&parts);
    let report = merge::merge(parts)?;
    note(
        args.quiet.quiet,
        &format!(
            "merged {} reports: {} findings",
            args.reports.len(),
            report.findings.len()
        ),
    );
    write_reports(&report, &pairs)?;
    if !failures.is_empty() {
        // As the shard's own run exited 2, so does the merge: a fleet with a
        // database nobody read was not audited.
        for (file, f) in &failures {
            eprintln!(
                "pitag: error: {}: {} could not be audited: {}",
                file.display(),
                f.name,
                f.error
            );
        }
        eprintln!(
            "pitag: {} databases in the merged reports could not be audited",
            failures.len()
        );
        return Ok(ExitCode::from(2));
    }
    Ok(exit_code(
        &report.findings,
        args.fail_on.unwrap_or_default(),
    ))
}

//! `pitag inventory`: where personal data is stored and how much of it is
//! tagged, from migrations or live databases (one, or a fleet); and the
//! inventory side of `pitag merge`.

use super::{load, note, pair_outputs_as, paths_shown, ReadAs};
use crate::cli::{InventoryArgs, MergeArgs};
use anyhow::{bail, Context as _, Result};
use pitag::audit::{self, AuditSettings};
use pitag::config::Config;
use pitag::dialect::Dialect;
use pitag::inventory::Selection;
use pitag::pi_inventory::{inventory_of, Inventory};
use pitag::report::pi_inventory::{self as formats, merge as inv_merge, InventoryFormat};
use pitag::report::SourceInfo;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// What a run produced: the inventory, and why it is incomplete (exit 2).
struct Outcome {
    inventory: Inventory,
    /// Migrations that created no table: the inventory is written, the run exits 2.
    nothing: Option<String>,
    /// How many databases could not be read (recorded in `source.failed`).
    failed: usize,
}

pub fn run(args: InventoryArgs, m: &clap::ArgMatches) -> Result<ExitCode> {
    let quiet = args.quiet.quiet;
    let pairs = pair_outputs_as(&args.formats, &args.outputs, m, InventoryFormat::Markdown)?;
    let config = super::config(args.input.config.as_deref(), &args.placeholders)?;
    let settings = AuditSettings::from_config(&config, args.confidence.min_confidence)?;
    let live = !args.urls.is_empty() || args.inventory.is_some();
    let outcome = if live {
        match from_databases(&args, &settings)? {
            Some(o) => o,
            // One database that could not be read: nothing to write.
            None => return Ok(ExitCode::from(2)),
        }
    } else {
        from_files(&args, &config, &settings)?
    };
    let inv = &outcome.inventory;
    let total = inv.total();
    note(
        quiet,
        &format!(
            "inventory: {} PI columns in {} tables of {} database{}, {} tagged, {} missing",
            total.found,
            inv.tables(),
            inv.databases().len(),
            if inv.databases().len() == 1 { "" } else { "s" },
            total.tagged,
            total.missing
        ),
    );
    write_all(inv, &pairs)?;
    finish(inv, outcome.nothing, outcome.failed, args.fail_under)
}

/// The exit code: 2 when the inventory is incomplete, else 1 when a
/// database's coverage is below `fail_under`, else 0.
fn finish(
    inv: &Inventory,
    nothing: Option<String>,
    failed: usize,
    fail_under: Option<f64>,
) -> Result<ExitCode> {
    if let Some(why) = nothing {
        eprintln!("pitag: error: {why}");
        return Ok(ExitCode::from(2));
    }
    if failed > 0 {
        eprintln!(
            "pitag: {failed} of {} databases could not be inventoried",
            inv.databases().len() + failed
        );
        return Ok(ExitCode::from(2));
    }
    Ok(coverage_gate(inv, fail_under))
}

/// 1 when a database's coverage is below `fail_under` (each named on
/// stderr), else 0.
fn coverage_gate(inv: &Inventory, fail_under: Option<f64>) -> ExitCode {
    let Some(limit) = fail_under else {
        return ExitCode::SUCCESS;
    };
    let below = inv.databases_below(limit);
    for r in &below {
        eprintln!(
            "pitag: {}: coverage {} ({} of {} PI columns tagged) is below --fail-under {limit}%",
            r.key,
            formats::percent_text(r.coverage.percent()),
            r.coverage.tagged,
            r.coverage.found
        );
    }
    if below.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn from_files(args: &InventoryArgs, config: &Config, settings: &AuditSettings) -> Result<Outcome> {
    let paths = config.migration_paths(&args.paths);
    let read = ReadAs::new(config, args.input.dialect, args.server_version);
    let loaded = load(&paths, read, config, args.quiet.quiet)?;
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let label = Inventory::files_label(&shown);
    let classes = audit::classify_columns(&loaded.schema, &settings.classifier);
    let items = inventory_of(&label, &loaded.schema, &classes, settings);
    Ok(Outcome {
        inventory: Inventory::new(
            SourceInfo {
                kind: "migrations".into(),
                dialect: loaded.dialect,
                paths: shown,
                failed: None,
            },
            items,
        ),
        nothing: loaded
            .nothing_audited()
            .map(|why| format!("nothing to inventory in {}: {why}", paths_shown(&paths))),
        failed: 0,
    })
}

/// `None` when the one database given could not be read (its error is on stderr).
fn from_databases(args: &InventoryArgs, settings: &AuditSettings) -> Result<Option<Outcome>> {
    let quiet = args.quiet.quiet;
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
        "inventory",
    )?;
    let fleet = results.len() > 1;
    let mut source = SourceInfo {
        kind: "database".into(),
        dialect: Dialect::Postgres,
        paths: Vec::new(),
        failed: None,
    };
    let mut items = Vec::new();
    let mut failed = Vec::new();
    for (target, result) in results {
        match result {
            Ok(live) => {
                let (classes, changed) =
                    pitag::sample::classify(&live.schema, settings, &live.samples);
                if opts.sample > 0 {
                    let what = pitag::sample::summary(&live.samples, opts.sample, changed);
                    note(quiet || fleet, &format!("{}: {what}", live.database));
                }
                note(
                    quiet || fleet,
                    &format!(
                        "{}: {} tables visible ({})",
                        live.database, live.tables_visible, live.server_version
                    ),
                );
                if source.paths.is_empty() {
                    source.dialect = live.schema.dialect;
                }
                items.extend(inventory_of(
                    &live.database,
                    &live.schema,
                    &classes,
                    settings,
                ));
                source.paths.push(live.database);
            }
            Err(e) => failed.push(super::fleet::failure(target, &e)),
        }
    }
    // An `--inventory` run writes its inventory even when its one database
    // failed: a shard's inventory must say so, or a merge of the shards would pass.
    if !fleet && args.inventory.is_none() && !failed.is_empty() {
        return Ok(None);
    }
    let count = failed.len();
    source.failed = Some(failed);
    Ok(Some(Outcome {
        inventory: Inventory::new(source, items),
        nothing: None,
        failed: count,
    }))
}

/// Write the inventory in every requested format.
fn write_all(inv: &Inventory, pairs: &[(InventoryFormat, Option<PathBuf>)]) -> Result<()> {
    for (format, path) in pairs {
        match path {
            Some(p) => {
                let mut buf = Vec::new();
                formats::write(*format, inv, &mut buf)?;
                std::fs::write(p, buf).with_context(|| format!("cannot write {}", p.display()))?;
            }
            None => {
                let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
                formats::write(*format, inv, &mut out)?;
                out.flush()?;
            }
        }
    }
    Ok(())
}

/// Whether `pitag merge` is given inventories: all of them are (true), none
/// is (false: audit reports, or files the audit merge will reject with
/// their own message), or some are (an error).
pub fn all_inventories(paths: &[PathBuf]) -> Result<bool> {
    let mut inventories = Vec::new();
    let mut reports = Vec::new();
    for p in paths {
        let doc = std::fs::read_to_string(p)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
        match doc {
            Some(d) if inv_merge::is_inventory(&d) => inventories.push(p),
            _ => reports.push(p),
        }
    }
    match (inventories.first(), reports.first()) {
        (Some(_), None) => Ok(true),
        (None, _) => Ok(false),
        (Some(i), Some(r)) => bail!(
            "{} is an inventory and {} is not: inventories merge only with inventories",
            i.display(),
            r.display()
        ),
    }
}

/// `pitag merge INVENTORY.json...`: one inventory in the inventory formats;
/// exit 2 when a part's run could not read a database.
pub fn merge(args: &MergeArgs, m: &clap::ArgMatches) -> Result<ExitCode> {
    if args.fail_on.is_some() {
        bail!("--fail-on judges the findings of audit reports; inventories take --fail-under");
    }
    let chosen = args
        .formats
        .iter()
        .map(|f| match f.inventory {
            Some(i) => Ok(i),
            None => bail!(
                "format `{}` is for audit reports; inventories merge into csv, json, markdown or html",
                f.report.map(|r| r.to_string()).unwrap_or_default()
            ),
        })
        .collect::<Result<Vec<InventoryFormat>>>()?;
    let pairs = pair_outputs_as(&chosen, &args.outputs, m, InventoryFormat::Markdown)?;
    let parts = args
        .reports
        .iter()
        .map(|p| inv_merge::read(p))
        .collect::<Result<Vec<_>, _>>()?;
    let inv = inv_merge::merge(parts)?;
    let failed = inv.source.failed.as_deref().unwrap_or_default();
    note(
        args.quiet.quiet,
        &format!(
            "merged {} inventories: {} databases, {} PI columns",
            args.reports.len(),
            inv.databases().len(),
            inv.total().found
        ),
    );
    write_all(&inv, &pairs)?;
    for f in failed {
        eprintln!(
            "pitag: error: {} ({}) could not be inventoried: {}",
            f.name, f.database, f.error
        );
    }
    if !failed.is_empty() {
        eprintln!(
            "pitag: the merged runs could not inventory {} databases",
            failed.len()
        );
        return Ok(ExitCode::from(2));
    }
    Ok(coverage_gate(&inv, args.fail_under))
}

//! One module per subcommand, each with `run(args, …) -> Result<ExitCode>`,
//! and what they share: the "load, then print notes" step, `--format`/
//! `--output` pairing, writing reports, the baseline, the exit code.

pub mod classify;
pub mod db;
pub mod diff;
pub mod docs;
pub mod drift;
pub mod fix;
pub mod fleet;
pub mod inventory;
pub mod merge;
pub mod migrations;
pub mod rules;
pub mod shell;

use crate::cli::Common;
use anyhow::{bail, Context as _, Result};
use pitag::audit::{self, AuditSettings};
use pitag::config::Config;
use pitag::dialect::{Dialect, DialectArg};
use pitag::error::SourceError;
use pitag::finding::{FailOn, Finding};
use pitag::report::{self, AuditedTable, FailedDatabase, Format, Report, SourceInfo, Style};
use pitag::source::replay::mysql_version::MysqlServer;
use pitag::source::{self, LoadOptions, Loaded};
use pitag::suppress::Baseline;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// A line on stderr, unless `--quiet`.
pub fn note(quiet: bool, msg: &str) {
    if !quiet {
        eprintln!("pitag: {msg}");
    }
}

/// The configuration, with `--placeholder` values over its own.
pub fn config(
    explicit: Option<&std::path::Path>,
    placeholders: &crate::cli::PlaceholderArgs,
) -> Result<Config> {
    let mut config = Config::resolve(explicit)?;
    config.placeholders = placeholders.merged(&config.placeholders);
    Ok(config)
}

/// How to read the migrations: the dialect and MySQL server decided from
/// the command line and the configuration.
#[derive(Debug, Clone, Copy)]
pub struct ReadAs {
    pub dialect: Option<Dialect>,
    pub server: Option<MysqlServer>,
}

impl ReadAs {
    pub fn new(config: &Config, dialect: Option<DialectArg>, server: Option<MysqlServer>) -> Self {
        let (dialect, server) = config.dialect_and_server(dialect, server);
        ReadAs { dialect, server }
    }
}

/// Read and replay PATHs, printing the notes (what was understood, skipped
/// files, the inferred dialect) on stderr unless `quiet`.
pub fn load(
    paths: &[PathBuf],
    read: ReadAs,
    config: &Config,
    quiet: bool,
) -> Result<Loaded, SourceError> {
    let options = LoadOptions {
        dialect: read.dialect,
        placeholders: config.placeholders.clone(),
        mysql_server: read.server,
    };
    let loaded = source::load(paths, &options);
    for n in source::load::notes(&loaded) {
        note(quiet, n);
    }
    Ok(loaded?)
}

/// The audit settings of the auditing commands: config, `--min-confidence`,
/// `--baseline`.
pub fn settings(common: &Common, config: &Config) -> Result<AuditSettings> {
    let mut settings = AuditSettings::from_config(config, common.confidence.min_confidence)?;
    if let Some(b) = &common.baseline {
        let baseline = Baseline::load(b).map_err(anyhow::Error::msg)?;
        settings.baseline = Some((baseline, b.display().to_string()));
    }
    Ok(settings)
}

/// `--format`/`--output` pairs in command-line order: each output belongs to
/// the format before it.
pub fn outputs(common: &Common, m: &clap::ArgMatches) -> Result<Vec<(Format, Option<PathBuf>)>> {
    pair_outputs(&common.formats, &common.outputs, m)
}

/// [`outputs`] from the two lists (`merge` has no [`Common`]).
pub fn pair_outputs(
    formats: &[Format],
    outputs: &[PathBuf],
    m: &clap::ArgMatches,
) -> Result<Vec<(Format, Option<PathBuf>)>> {
    pair_outputs_as(formats, outputs, m, Format::Table)
}

/// [`pair_outputs`] for any format type (`inventory` has its own formats);
/// `default` when no `--format` is given.
pub fn pair_outputs_as<F: Copy>(
    formats: &[F],
    outputs: &[PathBuf],
    m: &clap::ArgMatches,
    default: F,
) -> Result<Vec<(F, Option<PathBuf>)>> {
    let fmt_idx: Vec<usize> = m
        .indices_of("formats")
        .map(|i| i.collect())
        .unwrap_or_default();
    let out_idx: Vec<usize> = m
        .indices_of("outputs")
        .map(|i| i.collect())
        .unwrap_or_default();
    let mut pairs: Vec<(F, Option<PathBuf>)> = formats.iter().map(|f| (*f, None)).collect();
    if pairs.is_empty() {
        pairs.push((default, None));
    }
    for (o, path) in out_idx.iter().zip(outputs) {
        let slot = fmt_idx.iter().rposition(|f| f < o).unwrap_or(0);
        if pairs[slot].1.is_some() {
            bail!(
                "--output {} follows a --format that already has an output",
                path.display()
            );
        }
        pairs[slot].1 = Some(path.clone());
    }
    let to_stdout = pairs.iter().filter(|(_, p)| p.is_none()).count();
    if to_stdout > 1 {
        bail!("only one --format can write to stdout; give the others an --output FILE");
    }
    Ok(pairs)
}

/// Write the report in every requested format (and GitHub's step summary).
pub fn write_reports(report: &Report, pairs: &[(Format, Option<PathBuf>)]) -> Result<()> {
    if pairs.iter().any(|(f, _)| *f == Format::Github) {
        // GitHub Actions shows this Markdown on the run's summary page.
        if let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|v| !v.is_empty()) {
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&summary)
                .with_context(|| {
                    format!(
                        "cannot append to $GITHUB_STEP_SUMMARY ({})",
                        PathBuf::from(&summary).display()
                    )
                })?;
            report::github::write_step_summary(report, &mut file)?;
        }
    }
    for (format, path) in pairs {
        match path {
            Some(p) => {
                let mut buf = Vec::new();
                report::write(*format, report, Style::default(), &mut buf)?;
                std::fs::write(p, buf).with_context(|| format!("cannot write {}", p.display()))?;
            }
            None => {
                let stdout = std::io::stdout();
                let color = *format == Format::Table
                    && stdout.is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
                // Stdout is line-buffered: one syscall per line without this.
                let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
                report::write(*format, report, Style { color }, &mut out)?;
                out.flush()?;
            }
        }
    }
    Ok(())
}

/// What an audit covered, for the report header.
pub struct Covered {
    pub kind: &'static str,
    pub dialect: Dialect,
    pub paths: Vec<String>,
    pub tables: Vec<AuditedTable>,
    /// `db`: the databases that could not be read (see `SourceInfo::failed`).
    pub failed: Option<Vec<FailedDatabase>>,
    /// Why the migrations gave nothing to audit (no table at all): the
    /// report is still written, for the findings that say why, but the run
    /// exits 2, since an audit of nothing must not pass.
    pub nothing: Option<String>,
}

impl Covered {
    /// An audit of migrations (`migrations`, `diff`).
    pub fn migrations(kind: &'static str, loaded: &Loaded, paths: &[PathBuf]) -> Covered {
        Covered {
            kind,
            dialect: loaded.dialect,
            paths: paths.iter().map(|p| p.display().to_string()).collect(),
            tables: audit::audited_tables(&loaded.schema),
            failed: None,
            nothing: loaded
                .nothing_audited()
                .map(|why| format!("nothing to audit in {}: {why}", paths_shown(paths))),
        }
    }
}

/// Baseline writing, reports and the exit code: shared by the auditing commands.
pub fn finish_run(
    covered: Covered,
    findings: Vec<Finding>,
    common: &Common,
    config: &Config,
    pairs: &[(Format, Option<PathBuf>)],
) -> Result<ExitCode> {
    let quiet = common.quiet.quiet;
    if let (Some(why), Some(_)) = (&covered.nothing, &common.write_baseline) {
        bail!("{why}; no baseline written");
    }
    if let Some(path) = &common.write_baseline {
        let baseline = Baseline::from_findings(&findings);
        let text = serde_json::to_string_pretty(&baseline)? + "\n";
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
        note(
            quiet,
            &format!(
                "baseline of {} findings written to {}",
                findings.len(),
                path.display()
            ),
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut tables = covered.tables;
    if common.no_group {
        // Without signatures, no table is like another: nothing groups.
        for t in &mut tables {
            t.signature = None;
        }
    }
    let report = Report {
        source: SourceInfo {
            kind: covered.kind.into(),
            dialect: covered.dialect,
            paths: covered.paths,
            failed: covered.failed,
        },
        tables,
        findings,
    };
    write_reports(&report, pairs)?;
    if let Some(why) = &covered.nothing {
        eprintln!("pitag: error: {why}");
        return Ok(ExitCode::from(2));
    }
    Ok(exit_code(
        &report.findings,
        common.fail_on.or(config.fail_on).unwrap_or_default(),
    ))
}

/// 1 when a finding is at or above `fail_on`, else 0.
pub fn exit_code(findings: &[Finding], fail_on: FailOn) -> ExitCode {
    if findings.iter().any(|f| fail_on.fails(f.severity)) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// PATHs for a message: comma-separated.
pub fn paths_shown(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

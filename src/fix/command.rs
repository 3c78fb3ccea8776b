//! The `pitag fix` command: load (migrations or a live catalog), audit,
//! plan, print the SQL on stdout, optionally write a migration, and sum up
//! on stderr what was fixed and what needs a human.

use super::write::{self, WriteError};
use super::{plan, render, Plan, FIXABLE};
use crate::audit::{self, AuditSettings};
use crate::config::Config;
use crate::dialect::Dialect;
use crate::error::{ConfigError, SourceError};
use crate::rules::Rule;
use crate::source::live::{self, LiveError, LiveOptions};
use crate::source::{self, load, LoadOptions};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct FixArgs {
    /// Migration folders, SQL files or dumps (as for `migrations`); with
    /// --write the new migration goes into the last one.
    pub paths: Vec<PathBuf>,
    /// Fix a live database instead: print the SQL that repairs it (never executed).
    #[arg(long, value_name = "URL", conflicts_with_all = ["paths", "write"])]
    pub url: Option<String>,
    /// Add the repairing migration to the (last) folder, in its layout and next version.
    #[arg(long)]
    pub write: bool,
    /// Only fix findings of this rule (name or code); repeatable. Default: every fixable rule.
    #[arg(long = "rule", value_name = "RULE", action = clap::ArgAction::Append, value_delimiter = ',')]
    pub rules: Vec<String>,
    /// Name part of the written migration's file name.
    #[arg(long, value_name = "NAME", default_value = "pitag_fix_tags", value_parser = parse_name)]
    pub name: String,
    /// Configuration file (default: pitag.toml in this folder or a parent).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// SQL dialect: postgres, mysql or mariadb (mariadb: MySQL syntax, with
    /// conditional comments run as MariaDB does).
    #[arg(long, value_parser = |s: &str| s.parse::<crate::dialect::DialectArg>())]
    pub dialect: Option<crate::dialect::DialectArg>,
    /// Only fix classifier findings at or above this confidence: low, medium or high.
    #[arg(long, value_name = "LEVEL", value_parser = |s: &str| s.parse::<crate::classify::Confidence>())]
    pub min_confidence: Option<crate::classify::Confidence>,
    #[command(flatten)]
    pub placeholders: crate::cli::PlaceholderArgs,
    #[command(flatten)]
    pub connect: crate::cli::ConnectArgs,
    /// Only schemas (databases, on MySQL) matching this glob (--url); repeatable.
    #[arg(long = "schema", value_name = "GLOB", action = clap::ArgAction::Append)]
    pub schemas: Vec<String>,
    /// Print nothing on stderr but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

fn parse_name(s: &str) -> Result<String, String> {
    if !s.is_empty() && s.len() <= 100 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        Ok(s.to_string())
    } else {
        Err("letters, digits and `_` only (at most 100)".into())
    }
}

/// Why `fix` could not run (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum FixError {
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Live(#[from] LiveError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("{0}")]
    Usage(String),
    /// The migrations created no table (the message says why).
    #[error("{0}")]
    NothingToAudit(String),
    #[error("cannot write to stdout: {0}")]
    Stdout(#[from] std::io::Error),
}

fn note(quiet: bool, msg: &str) {
    if !quiet {
        eprintln!("pitag: {msg}");
    }
}

fn selected_rules(names: &[String]) -> Result<Vec<Rule>, FixError> {
    if names.is_empty() {
        return Ok(FIXABLE.to_vec());
    }
    let mut out = Vec::new();
    for n in names {
        let Some(r) = Rule::lookup(n) else {
            return Err(FixError::Usage(format!(
                "unknown rule `{n}`; `pitag rules` lists them"
            )));
        };
        if !FIXABLE.contains(&r) {
            return Err(FixError::Usage(format!(
                "{} is not fixable by SQL; fixable: {}",
                r.name(),
                FIXABLE
                    .iter()
                    .map(|r| r.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        if !out.contains(&r) {
            out.push(r);
        }
    }
    Ok(out)
}

/// Run `pitag fix`. `Ok(())` means exit 0: SQL printed (and written), or
/// nothing to fix.
pub fn run(args: FixArgs) -> Result<(), FixError> {
    let rules = selected_rules(&args.rules)?;
    let mut config = Config::resolve(args.config.as_deref())?;
    config.placeholders = args.placeholders.merged(&config.placeholders);
    let settings = AuditSettings::from_config(&config, args.min_confidence)?;
    let quiet = args.quiet;
    let (schema, paths) = match &args.url {
        Some(url) => {
            let opts = LiveOptions {
                schemas: args.schemas.clone(),
                // The restated MariaDB definitions must keep column CHECKs.
                column_checks: true,
                ..args.connect.live_options()
            };
            let live = live::read_catalog_blocking(url, &opts)?;
            note(
                quiet,
                &format!(
                    "{}: {} tables read ({})",
                    live.database, live.tables_visible, live.server_version
                ),
            );
            (live.schema, Vec::new())
        }
        None => {
            let paths = config.migration_paths(&args.paths);
            let (dialect, server) = config.dialect_and_server(args.dialect, None);
            let options = LoadOptions {
                dialect,
                placeholders: config.placeholders.clone(),
                mysql_server: server,
            };
            let loaded = source::load(&paths, &options);
            for n in load::notes(&loaded) {
                note(quiet, n);
            }
            let loaded = loaded.map_err(SourceError::from)?;
            // As for `migrations`: fixing nothing must not pass.
            if let Some(why) = loaded.nothing_audited() {
                let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                return Err(FixError::NothingToAudit(format!(
                    "nothing to audit in {}: {why}",
                    shown.join(", ")
                )));
            }
            (loaded.schema, paths)
        }
    };
    let (findings, _) = audit::audit(&schema, &settings);
    let plan = plan(&schema, &findings, &rules);
    let (up, down) = render(&plan, false);
    let up_text = sql_text(&plan, &up);
    let down_text: String = down.iter().map(|s| format!("{s}\n")).collect();

    let mut written = Vec::new();
    if args.write && !plan.changes.is_empty() {
        let Some(folder) = paths.last() else {
            return Err(FixError::Usage("--write needs a migration folder".into()));
        };
        // Liquibase rollbacks: one `--rollback` line per statement.
        let (_, rollback) = render(&plan, true);
        let m = write::plan_migration(
            folder,
            schema.dialect,
            &args.name,
            &up_text,
            &down_text,
            &rollback,
        )?;
        write::write(&m)?;
        written = m
            .files
            .iter()
            .map(|(p, _)| p.display().to_string())
            .collect();
    }

    if !up.is_empty() {
        let mut out = std::io::stdout().lock();
        out.write_all(up_text.as_bytes())?;
        out.flush()?;
    }
    summary(&plan, &written, schema.dialect, quiet);
    Ok(())
}

/// The statements with a comment line naming what each repairs.
fn sql_text(plan: &Plan, up: &[String]) -> String {
    let mut out = String::new();
    match plan.dialect {
        Dialect::Postgres => {
            for (c, s) in plan.changes.iter().zip(up) {
                out.push_str(&format!(
                    "-- {}: {}\n{s}\n",
                    c.object(),
                    rule_list(&c.rules)
                ));
            }
        }
        Dialect::Mysql => {
            // One statement per table, in the order of the changes.
            let mut tables: Vec<(Option<&str>, &str, Vec<String>)> = Vec::new();
            for c in &plan.changes {
                let line = format!(
                    "{}: {}",
                    c.column
                        .as_deref()
                        .map_or("(table)".to_string(), str::to_string),
                    rule_list(&c.rules)
                );
                match tables
                    .iter_mut()
                    .find(|(s, t, _)| *s == c.schema.as_deref() && *t == c.table)
                {
                    Some(e) => e.2.push(line),
                    None => tables.push((c.schema.as_deref(), &c.table, vec![line])),
                }
            }
            tables.sort();
            for ((s, t, lines), stmt) in tables.into_iter().zip(up) {
                let name = s.map_or(t.to_string(), |s| format!("{s}.{t}"));
                out.push_str(&format!("-- {name}: {}\n{stmt}\n", lines.join("; ")));
            }
        }
    }
    out
}

fn rule_list(rules: &[Rule]) -> String {
    rules
        .iter()
        .map(|r| r.name())
        .collect::<Vec<_>>()
        .join(", ")
}

fn summary(plan: &Plan, written: &[String], dialect: Dialect, quiet: bool) {
    if quiet {
        return;
    }
    let objects = plan.changes.len();
    if objects == 0 {
        eprintln!("pitag: nothing to fix");
    } else {
        let statements = match dialect {
            Dialect::Postgres => objects,
            Dialect::Mysql => {
                let mut t: Vec<(&Option<String>, &String)> =
                    plan.changes.iter().map(|c| (&c.schema, &c.table)).collect();
                t.dedup();
                t.len()
            }
        };
        eprintln!(
            "pitag: fixed {} finding{} on {objects} object{} ({statements} statement{}):",
            plan.fixed,
            if plan.fixed == 1 { "" } else { "s" },
            if objects == 1 { "" } else { "s" },
            if statements == 1 { "" } else { "s" },
        );
        for c in &plan.changes {
            eprintln!("  {}  {}  → {:?}", c.object(), rule_list(&c.rules), c.after);
        }
    }
    for p in written {
        eprintln!("pitag: wrote {p}");
    }
    if !written.is_empty() {
        eprintln!(
            "pitag: tags added by a new migration are reported as late-tag warnings \
             (they belong in the migration that created the object)"
        );
    }
    if plan.not_selected > 0 {
        eprintln!(
            "pitag: {} finding{} of rules not selected by --rule left as they are",
            plan.not_selected,
            if plan.not_selected == 1 { "" } else { "s" }
        );
    }
    if !plan.human.is_empty() {
        eprintln!("pitag: needs a human ({}):", plan.human.len());
        for h in &plan.human {
            let at = h
                .location
                .as_ref()
                .map_or(String::new(), |l| format!(" ({l})"));
            eprintln!("  {}  {}{at}: {}", h.object, h.rule.name(), h.reason);
        }
    }
}

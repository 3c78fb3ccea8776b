//! `pitag fix`: load (migrations or a live catalog), audit, plan, print the
//! SQL on stdout, optionally write a migration, and sum up on stderr what
//! was fixed and what needs a human.

use super::{load, note, paths_shown, ReadAs};
use crate::cli::FixArgs;
use anyhow::{bail, Context as _, Result};
use pitag::audit::{self, AuditSettings};
use pitag::dialect::Dialect;
use pitag::fix::{annotated, plan, render, rule_names, write, Plan, FIXABLE};
use pitag::rules::Rule;
use pitag::source::live::{self, LiveOptions};
use std::io::Write;
use std::process::ExitCode;

/// The rules `--rule` selects (every fixable one by default).
fn selected_rules(names: &[String]) -> Result<Vec<Rule>> {
    if names.is_empty() {
        return Ok(FIXABLE.to_vec());
    }
    let mut out = Vec::new();
    for n in names {
        let r = super::rules::lookup(n)?;
        if !FIXABLE.contains(&r) {
            bail!(
                "{} is not fixable by SQL; fixable: {}",
                r.name(),
                FIXABLE
                    .iter()
                    .map(|r| r.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        if !out.contains(&r) {
            out.push(r);
        }
    }
    Ok(out)
}

/// Run `pitag fix`: exit 0 when the SQL is printed (and written), or when
/// there is nothing to fix.
pub fn run(args: FixArgs) -> Result<ExitCode> {
    let rules = selected_rules(&args.rules)?;
    let config = super::config(args.input.config.as_deref(), &args.placeholders)?;
    let settings = AuditSettings::from_config(&config, args.confidence.min_confidence)?;
    let quiet = args.quiet.quiet;
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
            let read = ReadAs::new(&config, args.input.dialect, None);
            let loaded = load(&paths, read, &config, quiet)?;
            // As for `migrations`: fixing nothing must not pass.
            if let Some(why) = loaded.nothing_audited() {
                bail!("nothing to audit in {}: {why}", paths_shown(&paths));
            }
            (loaded.schema, paths)
        }
    };
    let findings = audit::audit(&schema, &settings);
    let plan = plan(&schema, &findings, &rules);
    let (up, down) = render(&plan, false);
    let up_text = annotated(&plan, &up);
    let down_text: String = down.iter().map(|s| format!("{s}\n")).collect();

    let mut written = Vec::new();
    if args.write && !plan.changes.is_empty() {
        let Some(folder) = paths.last() else {
            bail!("--write needs a migration folder");
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
        out.write_all(up_text.as_bytes())
            .and_then(|()| out.flush())
            .context("cannot write to stdout")?;
    }
    if !quiet {
        summary(
            &plan,
            &written,
            schema.dialect,
            &mut std::io::stderr().lock(),
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// What was fixed, written and left for a human: the stderr summary.
fn summary(
    plan: &Plan,
    written: &[String],
    dialect: Dialect,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let objects = plan.changes.len();
    if objects == 0 {
        writeln!(out, "pitag: nothing to fix")?;
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
        writeln!(
            out,
            "pitag: fixed {} finding{} on {objects} object{} ({statements} statement{}):",
            plan.fixed,
            if plan.fixed == 1 { "" } else { "s" },
            if objects == 1 { "" } else { "s" },
            if statements == 1 { "" } else { "s" },
        )?;
        for c in &plan.changes {
            writeln!(
                out,
                "  {}  {}  → {:?}",
                c.object(),
                rule_names(&c.rules),
                c.after
            )?;
        }
    }
    for p in written {
        writeln!(out, "pitag: wrote {p}")?;
    }
    if !written.is_empty() {
        writeln!(
            out,
            "pitag: tags added by a new migration are reported as late-tag warnings \
             (they belong in the migration that created the object)"
        )?;
    }
    if plan.not_selected > 0 {
        writeln!(
            out,
            "pitag: {} finding{} of rules not selected by --rule left as they are",
            plan.not_selected,
            if plan.not_selected == 1 { "" } else { "s" }
        )?;
    }
    if !plan.human.is_empty() {
        writeln!(out, "pitag: needs a human ({}):", plan.human.len())?;
        for h in &plan.human {
            let at = h
                .location
                .as_ref()
                .map_or(String::new(), |l| format!(" ({l})"));
            writeln!(out, "  {}  {}{at}: {}", h.object, h.rule.name(), h.reason)?;
        }
    }
    Ok(())
}

// Parsing allocates many small strings; mimalloc is measurably faster than glibc malloc here (see README, Performance).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{bail, Context as _, Result};
use clap::{CommandFactory, FromArgMatches};
use pitag::audit::{self, AuditSettings};
use pitag::classify::Confidence;
use pitag::cli::{ClassifyArgs, Cli, Command, Common, DbArgs, DiffArgs, DriftArgs, MigrationsArgs};
use pitag::config::Config;
use pitag::dialect::Dialect;
use pitag::finding::{FailOn, Finding};
use pitag::report::AuditedTable;
use pitag::report::{self, Format, Report, SourceInfo, Style};
use pitag::rules::Rule;
use pitag::source::replay::mysql_version::MysqlServer;
use pitag::source::{self, live, LoadOptions, Loaded, Notes};
use pitag::suppress::Baseline;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    let sub = matches.subcommand().map(|(_, m)| m);
    match run(cli, sub) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("pitag: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli, sub: Option<&clap::ArgMatches>) -> Result<ExitCode> {
    match cli.command {
        Command::Rules => {
            let mut out = std::io::stdout().lock();
            for rule in Rule::all() {
                writeln!(
                    out,
                    "{}  {:<20} {:<8} {}",
                    rule.code(),
                    rule.name(),
                    rule.default_severity(),
                    rule.summary()
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { rule } => {
            let Some(r) = Rule::lookup(&rule) else {
                bail!("unknown rule `{rule}`; `pitag rules` lists them");
            };
            println!(
                "{} {} (default: {})\n\n{}",
                r.code(),
                r.name(),
                r.default_severity(),
                r.doc()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrations(args) => migrations(args, sub.expect("subcommand matches")),
        Command::Classify(args) => classify(args),
        Command::Diff(args) => diff(args, sub.expect("subcommand matches")),
        Command::Db(args) => db(args, sub.expect("subcommand matches")),
        Command::Drift(args) => drift(args, sub.expect("subcommand matches")),
        Command::Fix(args) => {
            pitag::fix::command::run(args)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "pitag", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn note(quiet: bool, msg: &str) {
    if !quiet {
        eprintln!("pitag: {msg}");
    }
}

/// `--format`/`--output` pairs in command-line order: each output belongs to
/// the format before it.
fn outputs(common: &Common, m: &clap::ArgMatches) -> Result<Vec<(Format, Option<PathBuf>)>> {
    let fmt_idx: Vec<usize> = m
        .indices_of("formats")
        .map(|i| i.collect())
        .unwrap_or_default();
    let out_idx: Vec<usize> = m
        .indices_of("outputs")
        .map(|i| i.collect())
        .unwrap_or_default();
    let mut pairs: Vec<(Format, Option<PathBuf>)> =
        common.formats.iter().map(|f| (*f, None)).collect();
    if pairs.is_empty() {
        pairs.push((Format::Table, None));
    }
    for (o, path) in out_idx.iter().zip(&common.outputs) {
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

fn write_reports(report: &Report, pairs: &[(Format, Option<PathBuf>)]) -> Result<()> {
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

fn print_notes(quiet: bool, notes: &Notes) {
    for n in notes {
        note(quiet, n);
    }
}

fn migrations(args: MigrationsArgs, m: &clap::ArgMatches) -> Result<ExitCode> {
    let common = &args.common;
    let pairs = outputs(common, m)?;
    let mut config = Config::resolve(common.config.as_deref())?;
    config.placeholders = args.placeholders.merged(&config.placeholders);
    let paths = config.migration_paths(&args.paths);
    if args.list {
        return list(&paths, common, &config);
    }
    let loaded = load(&paths, common, &config)?;
    let settings = settings(common, &config)?;
    let (findings, _) = audit::audit(&loaded.schema, &settings);
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
fn list(paths: &[PathBuf], common: &Common, config: &Config) -> Result<ExitCode> {
    let (dialect, _) = config.dialect_and_server(common.dialect, None);
    let plan = source::load::read(source::load::discover(paths)?, dialect)?;
    print_notes(common.quiet, &plan.summary());
    if let Some(why) = &plan.dialect_reason {
        note(
            common.quiet,
            &format!(
                "dialect {} inferred ({why}); pass --dialect to choose",
                plan.dialect
            ),
        );
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

/// Read and replay PATHs, printing notes (what was understood, skipped
/// files, the inferred dialect) on stderr.
fn load(paths: &[PathBuf], common: &Common, config: &Config) -> Result<Loaded> {
    let (dialect, server) = config.dialect_and_server(common.dialect, common.server_version);
    load_as(paths, dialect, server, config, common.quiet)
}

/// [`load`] for a dialect and MySQL server already decided.
fn load_as(
    paths: &[PathBuf],
    dialect: Option<Dialect>,
    server: Option<MysqlServer>,
    config: &Config,
    quiet: bool,
) -> Result<Loaded> {
    let options = LoadOptions {
        dialect,
        placeholders: config.placeholders.clone(),
        mysql_server: server,
    };
    let loaded = source::load(paths, &options);
    print_notes(quiet, source::load::notes(&loaded));
    Ok(loaded?)
}

fn settings(common: &Common, config: &Config) -> Result<AuditSettings> {
    let mut settings = AuditSettings::from_config(config, common.min_confidence)?;
    if let Some(b) = &common.baseline {
        let baseline = Baseline::load(b).map_err(anyhow::Error::msg)?;
        settings.baseline = Some((baseline, b.display().to_string()));
    }
    Ok(settings)
}

/// What an audit covered, for the report header.
struct Covered {
    kind: &'static str,
    dialect: Dialect,
    paths: Vec<String>,
    tables: Vec<AuditedTable>,
    /// Why the migrations gave nothing to audit (no table at all): the
    /// report is still written, for the findings that say why, but the run
    /// exits 2, since an audit of nothing must not pass.
    nothing: Option<String>,
}

impl Covered {
    fn migrations(kind: &'static str, loaded: &Loaded, paths: &[PathBuf]) -> Covered {
        Covered {
            kind,
            dialect: loaded.dialect,
            paths: paths.iter().map(|p| p.display().to_string()).collect(),
            tables: audit::audited_tables(&loaded.schema),
            nothing: loaded
                .nothing_audited()
                .map(|why| format!("nothing to audit in {}: {why}", paths_shown(paths))),
        }
    }
}

/// Baseline writing, reports and the exit code: shared by the auditing commands.
fn finish_run(
    covered: Covered,
    findings: Vec<Finding>,
    common: &Common,
    config: &Config,
    pairs: &[(Format, Option<PathBuf>)],
) -> Result<ExitCode> {
    if let (Some(why), Some(_)) = (&covered.nothing, &common.write_baseline) {
        bail!("{why}; no baseline written");
    }
    if let Some(path) = &common.write_baseline {
        let baseline = Baseline::from_findings(&findings);
        let text = serde_json::to_string_pretty(&baseline)? + "\n";
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
        note(
            common.quiet,
            &format!(
                "baseline of {} findings written to {}",
                findings.len(),
                path.display()
            ),
        );
        return Ok(ExitCode::SUCCESS);
    }
    let report = Report {
        source: SourceInfo {
            kind: covered.kind.into(),
            dialect: covered.dialect,
            paths: covered.paths,
        },
        tables: covered.tables,
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

fn db(args: DbArgs, m: &clap::ArgMatches) -> Result<ExitCode> {
    let common = &args.common;
    let pairs = outputs(common, m)?;
    let config = Config::resolve(common.config.as_deref())?;
    let settings = settings(common, &config)?;
    let mut targets: Vec<(String, String)> = Vec::new();
    if let Some(inv) = &args.inventory {
        for e in pitag::inventory::load(inv, |v| std::env::var(v).ok())? {
            targets.push((e.name, e.url));
        }
    }
    for url in &args.urls {
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
    let mut opts = args.scope.live_options(&args.connect);
    opts.sample = args.sample.unwrap_or(0);
    let fleet = targets.len() > 1;
    let results = if fleet {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .context("cannot start the async runtime")?;
        runtime.block_on(live::read_fleet(
            targets.clone(),
            &opts,
            usize::from(args.jobs),
        ))
    } else {
        let (label, url) = &targets[0];
        vec![(label.clone(), live::read_catalog_blocking(url, &opts))]
    };
    let mut findings = Vec::new();
    let mut covered = Covered {
        kind: "database",
        dialect: Dialect::Postgres,
        paths: Vec::new(),
        tables: Vec::new(),
        nothing: None,
    };
    let mut failed = Vec::new();
    let mut summary = comfy_table::Table::new();
    summary
        .load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_header(vec!["database", "tables", "columns", "findings", "status"]);
    for (i, (label, result)) in results.into_iter().enumerate() {
        match result {
            Ok(schema) => {
                let (found, _, from_values) =
                    pitag::sample::audit(&schema.schema, &settings, &schema.samples);
                if opts.sample > 0 {
                    let what = pitag::sample::summary(&schema.samples, opts.sample, from_values);
                    note(
                        common.quiet || fleet,
                        &format!("{}: {what}", schema.database),
                    );
                }
                if covered.paths.is_empty() {
                    covered.dialect = schema.schema.dialect;
                }
                let tables = audit::audited_tables(&schema.schema);
                let columns: usize = tables.iter().map(|t| t.columns).sum();
                summary.add_row(vec![
                    label.clone(),
                    tables.len().to_string(),
                    columns.to_string(),
                    found.len().to_string(),
                    "ok".into(),
                ]);
                note(
                    common.quiet || fleet,
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
                // The password never reaches this message: errors are built from redacted URLs.
                eprintln!("pitag: error: {label}: {e}");
                summary.add_row(vec![
                    label.clone(),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    "failed".into(),
                ]);
                failed.push(i);
            }
        }
    }
    if fleet && !common.quiet {
        eprintln!("{summary}");
    }
    if !fleet && !failed.is_empty() {
        return Ok(ExitCode::from(2));
    }
    Finding::sort(&mut findings);
    let code = finish_run(covered, findings, common, &config, &pairs)?;
    if !failed.is_empty() {
        eprintln!(
            "pitag: {} of {} databases could not be audited",
            failed.len(),
            targets.len()
        );
        return Ok(ExitCode::from(2));
    }
    Ok(code)
}

fn diff(args: DiffArgs, m: &clap::ArgMatches) -> Result<ExitCode> {
    let common = &args.common;
    let pairs = outputs(common, m)?;
    let mut config = Config::resolve(common.config.as_deref())?;
    config.placeholders = args.placeholders.merged(&config.placeholders);
    let paths = config.migration_paths(&args.paths);
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    let base = pitag::diff::materialize(&cwd, &args.base, &paths)?;
    let head = load(&paths, common, &config)?;
    let settings = settings(common, &config)?;
    let (head_findings, _) = audit::audit(&head.schema, &settings);
    // The base is replayed with the head's dialect and without suppressions of its own.
    let base_paths: Vec<PathBuf> = base.paths.iter().flatten().cloned().collect();
    let base_findings = if base_paths.is_empty() {
        Vec::new()
    } else {
        let options = LoadOptions {
            dialect: Some(head.dialect),
            placeholders: config.placeholders.clone(),
            mysql_server: config
                .dialect_and_server(common.dialect, common.server_version)
                .1,
        };
        match source::load(&base_paths, &options) {
            Ok(loaded) => audit::audit(&loaded.schema, &settings).0,
            Err(source::Stopped {
                error: pitag::error::SourceError::NoMigrations(_),
                ..
            }) => Vec::new(),
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

fn drift(args: DriftArgs, m: &clap::ArgMatches) -> Result<ExitCode> {
    use pitag::drift::{self, DriftOptions};
    let common = &args.common;
    let pairs = outputs(common, m)?;
    let mut config = Config::resolve(common.config.as_deref())?;
    config.placeholders = args.placeholders.merged(&config.placeholders);
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
    let (chosen, server) = config.dialect_and_server(common.dialect, common.server_version);
    let dialect = match (chosen, drift::url_dialect(&url)) {
        (Some(d), Some(u)) if d != u => {
            bail!("--dialect {d} does not match the database URL ({label}), which is {u}")
        }
        (d, u) => d.or(u),
    };
    let paths = config.migration_paths(&args.paths);
    let loaded = load_as(&paths, dialect, server, &config, common.quiet)?;
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
        common.quiet,
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
        default_database: drift::default_database(&url, &live.schema)
            .map_err(anyhow::Error::msg)?,
        schemas: args.scope.schemas.clone(),
        exclude_schemas: args.scope.exclude_schemas.clone(),
        include_views: args.scope.include_views,
        roots: paths.iter().map(|p| p.display().to_string()).collect(),
    };
    let comparison = drift::compare(&loaded.schema, &live.schema, &drift_opts);
    let mut findings = comparison.findings;
    // Statements pitag could not read make the migration side incomplete: say so.
    let no_classes = pitag::rules::Classifications::new();
    let ctx = pitag::rules::Context {
        schema: &loaded.schema,
        classes: &no_classes,
        min_confidence: settings.min_confidence,
    };
    pitag::rules::unparsed_statement::check(&ctx, &mut findings);
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

fn paths_shown(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn exit_code(findings: &[Finding], fail_on: FailOn) -> ExitCode {
    if findings.iter().any(|f| fail_on.fails(f.severity)) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn classify(args: ClassifyArgs) -> Result<ExitCode> {
    let mut config = Config::resolve(args.config.as_deref())?;
    config.placeholders = args.placeholders.merged(&config.placeholders);
    let paths = config.migration_paths(&args.paths);
    let (dialect, server) = config.dialect_and_server(args.dialect, None);
    let loaded = load_as(&paths, dialect, server, &config, false)?;
    if let Some(why) = loaded.nothing_audited() {
        bail!("nothing to classify in {}: {why}", paths_shown(&paths));
    }
    let settings = AuditSettings::from_config(&config, args.min_confidence)?;
    let classes = audit::classify(&loaded.schema, &settings.classifier);
    let min = args
        .min_confidence
        .or(config.min_confidence)
        .unwrap_or(Confidence::Medium);
    let mut rows = Vec::new();
    for (key, table) in &loaded.schema.tables {
        let Some(cs) = classes.get(key) else { continue };
        for (col, class) in table.columns.iter().zip(cs) {
            let shown = match class {
                Some(c) => args.all || c.confidence >= min,
                None => args.all,
            };
            if shown {
                rows.push((table, col, class.as_ref()));
            }
        }
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.format == "json" {
        let items: Vec<serde_json::Value> = rows
            .iter()
            .map(|(t, c, class)| {
                serde_json::json!({
                    "schema": t.schema, "table": t.name, "column": c.name, "type": c.data_type,
                    "category": class.map(|k| k.category.as_str()),
                    "expected_tag": class.and_then(|k| k.category.tag()).map(|t| t.as_str()),
                    "confidence": class.map(|k| k.confidence.as_str()),
                    "evidence": class.map(|k| k.evidence.as_str()),
                    "tags": c.tags().to_vec().iter().map(|t| t.as_str()).collect::<Vec<_>>(),
                })
            })
            .collect();
        serde_json::to_writer_pretty(
            &mut out,
            &serde_json::json!({"version": 1, "columns": items}),
        )?;
        writeln!(out)?;
    } else {
        use comfy_table::{ColumnConstraint, Width};
        let mut t = comfy_table::Table::new();
        // 80 columns like the findings table. Two columns, so that names get
        // room: the type under the column's name, the evidence under the
        // category; names break only after a dot, and the evidence (prose
        // quoting names) has half the width to wrap at spaces.
        t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
            .set_width(80)
            .set_header(vec!["column / type", "category (confidence) / evidence"]);
        let cells: Vec<(String, String)> = rows
            .iter()
            .map(|(table, col, class)| {
                let name = report::table::wrap_after(
                    &format!("{}.{}", table.qualified_name(), col.name),
                    '.',
                    36,
                );
                let class = class.map_or("-".into(), |k| {
                    let tag = k
                        .category
                        .tag()
                        .map_or(String::new(), |t| format!(" {}", t.as_str()));
                    format!("{}{tag} ({})\n{}", k.category, k.confidence, k.evidence)
                });
                (format!("{name}\n{}", col.data_type), class)
            })
            .collect();
        let name_width = cells
            .iter()
            .flat_map(|c| c.0.lines().map(|l| l.chars().count()))
            .max()
            .unwrap_or(1)
            .clamp(13, 40) as u16;
        t.set_constraints(vec![ColumnConstraint::Absolute(Width::Fixed(
            name_width + 2,
        ))]);
        for (name, class) in cells {
            t.add_row(vec![name, class]);
        }
        writeln!(out, "{t}")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

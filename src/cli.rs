//! Command-line interface: every clap type of pitag (binary crate only; the
//! library knows nothing of clap). Options repeated across commands are
//! declared once, in the flattened groups at the end.

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use pitag::classify::Confidence;
use pitag::dialect::DialectArg;
use pitag::finding::FailOn;
use pitag::inventory::Shard;
use pitag::report::pi_inventory::InventoryFormat;
use pitag::report::Format;
use pitag::source::live::LiveOptions;
use pitag::source::replay::mysql_version::MysqlServer;
use std::path::PathBuf;
use std::str::FromStr;

#[derive(Debug, Parser)]
#[command(
    name = "pitag",
    version,
    about = "Audits #PPI / #GEO privacy tags in SQL schema comments",
    long_about = long_about()
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// pitag's exit codes: `pitag --help` and docs/cli.md print them.
pub const EXIT_CODES: [(u8, &str); 3] = [
    (0, "nothing at or above --fail-on"),
    (1, "findings at or above --fail-on"),
    (2, "the audit could not run or finish"),
];

fn long_about() -> String {
    let codes: Vec<String> = EXIT_CODES
        .iter()
        .map(|(code, meaning)| format!("{code} {meaning}"))
        .collect();
    format!(
        "Audits #PPI / #GEO privacy tags in SQL schema comments: migration folders, \
schema dumps and live databases.\n\nExit codes: {}.",
        codes.join(", ")
    )
}

/// The command line `main` parses: [`Cli`] plus the hidden `docs` command.
/// `docs` is added here, not to [`Command`], because completion scripts list
/// hidden subcommands too, and `completions`/`man` must not change.
pub fn command() -> clap::Command {
    Cli::command().subcommand(DocsArgs::augment_args(
        clap::Command::new("docs").hide(true),
    ))
}

/// Print a generated reference: docs/rules.md or docs/cli.md.
#[derive(Debug, Args)]
pub struct DocsArgs {
    /// Which reference to print.
    #[arg(value_enum)]
    pub topic: DocsTopic,
}

/// `pitag docs`'s topics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocsTopic {
    /// docs/rules.md: every rule from the registry, with its documentation.
    Rules,
    /// docs/cli.md: every command's help, as clap renders it.
    Cli,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit migration folders, SQL files and schema dumps.
    Migrations(MigrationsArgs),
    /// Audit live databases (PostgreSQL, MySQL, MariaDB): one, or a fleet.
    Db(DbArgs),
    /// Only what a branch changes relative to a git ref.
    Diff(DiffArgs),
    /// Tags that differ between the migrations and a live database.
    Drift(DriftArgs),
    /// Where personal data is stored and how much of it is tagged: one row
    /// per PI table and column, coverage per database, schema and category.
    Inventory(InventoryArgs),
    /// Merge JSON reports or inventories (shards, regions) into one, in any format.
    Merge(MergeArgs),
    /// Print (or --write as a new migration) the SQL that repairs fixable findings.
    Fix(FixArgs),
    /// List every rule: code, name, default severity, summary.
    Rules,
    /// Show a rule's documentation (code or name accepted).
    Explain {
        /// `PT003` or `lost-tag`.
        rule: String,
    },
    /// Show how every column is classified, and why.
    Classify(ClassifyArgs),
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
}

/// Options every auditing command takes.
#[derive(Debug, Args, Clone)]
pub struct Common {
    /// Output format; repeat to write several reports in one run (each
    /// `--output` applies to the `--format` before it).
    #[arg(long = "format", value_name = "FORMAT", value_parser = parse_format, action = clap::ArgAction::Append)]
    pub formats: Vec<Format>,
    /// Write the report to FILE instead of stdout.
    #[arg(long = "output", short = 'o', value_name = "FILE", action = clap::ArgAction::Append)]
    pub outputs: Vec<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
    /// MySQL/MariaDB server the migrations run on (`mariadb-10.11`, `8.0.36`):
    /// which `/*!NNNNN … */` comments run; overrides `[mysql] server_version`.
    #[arg(long, value_name = "VERSION", value_parser = MysqlServer::from_str)]
    pub server_version: Option<MysqlServer>,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_name = "LEVEL", value_parser = |s: &str| s.parse::<FailOn>())]
    pub fail_on: Option<FailOn>,
    #[command(flatten)]
    pub confidence: ConfidenceArg,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in FILE and exit 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// List every table in the table and markdown reports: by default,
    /// identical tables of several schemas (a schema per tenant) with the
    /// same findings are shown once, with the count of schemas.
    #[arg(long)]
    pub no_group: bool,
    #[command(flatten)]
    pub quiet: QuietArg,
}

/// `--format`'s values, with the list of them in the error.
fn parse_format(s: &str) -> Result<Format, BadValue> {
    Format::from_str(s).map_err(|_| {
        BadValue(format!(
            "unknown format `{s}` (expected table, json, sarif, github, gitlab, junit or markdown)"
        ))
    })
}

/// A value clap rejects; the message says what was expected.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadValue(String);

#[derive(Debug, Args)]
pub struct MigrationsArgs {
    /// Migration folders, SQL files or dumps, replayed in the order given
    /// (default: `paths` from pitag.toml, else ./migrations).
    pub paths: Vec<PathBuf>,
    /// Print the files in replay order (version, path), one a line, and exit:
    /// compare it with what your migration tool applies.
    #[arg(long)]
    pub list: bool,
    #[command(flatten)]
    pub placeholders: PlaceholderArgs,
    #[command(flatten)]
    pub common: Common,
}

/// Template placeholder values given on the command line.
#[derive(Debug, Clone, Default, Args)]
pub struct PlaceholderArgs {
    /// Value of a template placeholder (`${NAME}`, `{{ .NAME }}`) in the
    /// migrations; repeatable; wins over [placeholders] in pitag.toml.
    #[arg(long = "placeholder", value_name = "NAME=VALUE", value_parser = parse_placeholder, action = clap::ArgAction::Append)]
    pub values: Vec<(String, String)>,
}

impl PlaceholderArgs {
    /// The values in effect: the config's, overridden by these.
    pub fn merged(
        &self,
        config: &std::collections::BTreeMap<String, String>,
    ) -> std::collections::BTreeMap<String, String> {
        let mut out = config.clone();
        out.extend(self.values.iter().cloned());
        out
    }
}

fn parse_shard(s: &str) -> Result<Shard, BadValue> {
    shard_from(s, std::env::var("JOB_COMPLETION_INDEX").ok().as_deref())
}

/// `--shard K/N` or `auto/N`; `job_index` is $JOB_COMPLETION_INDEX (0-based).
fn shard_from(s: &str, job_index: Option<&str>) -> Result<Shard, BadValue> {
    let bad = |why: &str| {
        BadValue(format!(
            "`{s}`: {why} (expected K/N with 1 <= K <= N, or auto/N)"
        ))
    };
    let (k, n) = s.split_once('/').ok_or_else(|| bad("no `/`"))?;
    let n: u32 = n
        .trim()
        .parse()
        .map_err(|_| bad("N is not a positive number"))?;
    let k: u32 = if k.trim() == "auto" {
        let index = job_index.ok_or_else(|| bad("auto needs $JOB_COMPLETION_INDEX"))?;
        let index: u32 = index
            .trim()
            .parse()
            .map_err(|_| bad("$JOB_COMPLETION_INDEX is not a number"))?;
        index
            .checked_add(1)
            .ok_or_else(|| bad("$JOB_COMPLETION_INDEX is too large"))?
    } else {
        k.trim()
            .parse()
            .map_err(|_| bad("K is not a positive number"))?
    };
    Shard::new(k, n).ok_or_else(|| bad("K must be between 1 and N"))
}

fn parse_placeholder(s: &str) -> Result<(String, String), BadValue> {
    match s.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_string(), value.to_string()))
        }
        _ => Err(BadValue(format!(
            "`{s}`: expected NAME=VALUE (for example `--placeholder schema=public`)"
        ))),
    }
}

#[derive(Debug, Args)]
pub struct DbArgs {
    /// Database URL (postgres://, postgresql://, mysql://, mariadb://); repeat
    /// for several. Default: $DATABASE_URL.
    #[arg(long = "url", value_name = "URL", action = clap::ArgAction::Append)]
    pub urls: Vec<String>,
    /// A TOML inventory of databases to audit concurrently (`[[database]]`
    /// entries with `name`, `url` or `url_env`, optional `tags`).
    #[arg(long, value_name = "FILE")]
    pub inventory: Option<PathBuf>,
    /// Audit only the inventory's databases carrying any of these tags
    /// (repeatable).
    #[arg(long = "only-tag", value_name = "TAG", requires = "inventory", action = clap::ArgAction::Append)]
    pub only_tags: Vec<String>,
    /// Skip the inventory's databases carrying this tag (repeatable;
    /// combines with --only-tag).
    #[arg(long = "skip-tag", value_name = "TAG", requires = "inventory", action = clap::ArgAction::Append)]
    pub skip_tags: Vec<String>,
    /// Audit share K of N of the selected inventory (1 <= K <= N), split
    /// by a stable hash of the database name (FNV-1a 64); `auto/N` takes
    /// K from $JOB_COMPLETION_INDEX + 1 (Kubernetes indexed Jobs). An
    /// empty share audits nothing and exits 0.
    #[arg(long, value_name = "K/N", value_parser = parse_shard, requires = "inventory", conflicts_with = "urls")]
    pub shard: Option<Shard>,
    /// How many databases to audit at once.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: u16,
    /// Also read up to N values of each untagged text or decimal column
    /// and check what they look like (e-mail, phone, card, IBAN, national
    /// id, coordinates). Needs SELECT on the tables; values are never shown.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub sample: Option<u32>,
    #[command(flatten)]
    pub connect: ConnectArgs,
    #[command(flatten)]
    pub scope: ScopeArgs,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The git ref to compare with (a branch, tag or commit; fetch it first in shallow CI checkouts).
    #[arg(long, value_name = "REF")]
    pub base: String,
    /// Migration folders, SQL files or dumps (as for `migrations`).
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub placeholders: PlaceholderArgs,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct DriftArgs {
    /// The live database (postgres://, postgresql://, mysql://, mariadb://).
    /// Default: $DATABASE_URL. On MySQL, name the database the migrations ran in.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Migration folders, SQL files or dumps (as for `migrations`).
    pub paths: Vec<PathBuf>,
    /// PostgreSQL: schemas in which the migrations' unqualified tables were
    /// created, in search_path order (comma-separated; default: public).
    #[arg(long, value_name = "SCHEMAS", value_delimiter = ',')]
    pub search_path: Vec<String>,
    #[command(flatten)]
    pub placeholders: PlaceholderArgs,
    #[command(flatten)]
    pub scope: ScopeArgs,
    #[command(flatten)]
    pub connect: ConnectArgs,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// Migration folders, SQL files or dumps (as for `migrations`).
    pub paths: Vec<PathBuf>,
    /// Output format: table or json.
    #[arg(long, value_enum, default_value_t = ClassifyFormat::Table)]
    pub format: ClassifyFormat,
    /// Show every column, including those classified as not PI.
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub placeholders: PlaceholderArgs,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub confidence: ConfidenceArg,
}

/// `classify --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClassifyFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
#[command(mut_arg("min_confidence", |a| a.help(
    "Only fix classifier findings at or above this confidence: low, medium or high"
)))]
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
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub confidence: ConfidenceArg,
    #[command(flatten)]
    pub placeholders: PlaceholderArgs,
    #[command(flatten)]
    pub connect: ConnectArgs,
    /// Only schemas (databases, on MySQL) matching this glob (--url); repeatable.
    #[arg(long = "schema", value_name = "GLOB", action = clap::ArgAction::Append)]
    pub schemas: Vec<String>,
    #[command(flatten)]
    pub quiet: QuietArg,
}

/// `fix --name`: a file-name part.
fn parse_name(s: &str) -> Result<String, BadValue> {
    if !s.is_empty() && s.len() <= 100 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        Ok(s.to_string())
    } else {
        Err(BadValue(
            "letters, digits and `_` only (at most 100)".into(),
        ))
    }
}

/// Where the configuration is and how to read the SQL: every command that
/// reads migrations.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Configuration file (default: pitag.toml in this folder or a parent).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// SQL dialect: postgres, mysql or mariadb (mariadb: MySQL syntax, with
    /// conditional comments run as MariaDB does).
    #[arg(long, value_parser = |s: &str| s.parse::<DialectArg>())]
    pub dialect: Option<DialectArg>,
}

/// `--min-confidence`.
#[derive(Debug, Clone, Args)]
pub struct ConfidenceArg {
    /// Lowest classifier confidence that is reported: low, medium or high.
    #[arg(long, value_name = "LEVEL", value_parser = |s: &str| s.parse::<Confidence>())]
    pub min_confidence: Option<Confidence>,
}

/// `--quiet`.
#[derive(Debug, Clone, Args)]
pub struct QuietArg {
    /// Print nothing on stderr but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// How to reach a live database (`db`, `drift`, `fix --url`).
#[derive(Debug, Clone, Args)]
pub struct ConnectArgs {
    /// Seconds to wait for a connection.
    #[arg(long, default_value_t = 10, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub connect_timeout: u64,
    /// Seconds a catalog query may run.
    #[arg(long, default_value_t = 60, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=86400))]
    pub statement_timeout: u64,
}

impl ConnectArgs {
    /// Catalog-reading options with these timeouts, everything else default.
    pub fn live_options(&self) -> LiveOptions {
        LiveOptions {
            connect_timeout: std::time::Duration::from_secs(self.connect_timeout),
            statement_timeout: std::time::Duration::from_secs(self.statement_timeout),
            ..Default::default()
        }
    }
}

/// Which part of a live catalog to read (`db`, `drift`; drift applies it to
/// the migrations too).
#[derive(Debug, Clone, Args)]
pub struct ScopeArgs {
    /// Only schemas (databases, on MySQL) matching this glob; repeatable.
    #[arg(long = "schema", value_name = "GLOB", action = clap::ArgAction::Append)]
    pub schemas: Vec<String>,
    /// Leave out schemas matching this glob; repeatable.
    #[arg(long = "exclude-schema", value_name = "GLOB", action = clap::ArgAction::Append)]
    pub exclude_schemas: Vec<String>,
    /// Read views too (they hold no data of their own, so they are skipped by default).
    #[arg(long)]
    pub include_views: bool,
}

impl ScopeArgs {
    pub fn live_options(&self, connect: &ConnectArgs) -> LiveOptions {
        LiveOptions {
            schemas: self.schemas.clone(),
            exclude_schemas: self.exclude_schemas.clone(),
            include_views: self.include_views,
            ..connect.live_options()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
        command().debug_assert();
    }

    #[test]
    fn docs_is_hidden_and_outside_completions() {
        let docs = command();
        let docs = docs.find_subcommand("docs").expect("docs command");
        assert!(docs.is_hide_set());
        // `completions` and `man` are built from `Cli`: they must not name it.
        assert!(Cli::command().find_subcommand("docs").is_none());
        let mut script = Vec::new();
        clap_complete::generate(
            clap_complete::Shell::Bash,
            &mut Cli::command(),
            "pitag",
            &mut script,
        );
        assert!(!String::from_utf8_lossy(&script).contains("docs"));
    }

    #[test]
    fn shared_groups_parse_the_same_everywhere() {
        let cli = Cli::try_parse_from([
            "pitag",
            "classify",
            "--format",
            "json",
            "--dialect",
            "mariadb",
            "--min-confidence",
            "low",
        ])
        .unwrap();
        let Command::Classify(args) = cli.command else {
            panic!("classify expected");
        };
        assert_eq!(args.format, ClassifyFormat::Json);
        assert_eq!(args.confidence.min_confidence, Some(Confidence::Low));
        assert!(args.input.dialect.is_some());
        for bad in [
            &["pitag", "classify", "--format", "sarif"][..],
            &["pitag", "fix", "--name", "a-b"],
            &["pitag", "migrations", "--format", "yaml"],
            &["pitag", "migrations", "--placeholder", "=x"],
        ] {
            let e = Cli::try_parse_from(bad).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{bad:?}");
        }
    }
}

/// `pitag merge`'s options.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// JSON reports (`--format json`) of migrations, db, diff or drift, or
    /// JSON inventories (`inventory --format json`); not both at once.
    #[arg(value_name = "REPORT.json", required = true)]
    pub reports: Vec<PathBuf>,
    /// Output format (an inventory's formats for inventories: csv, json,
    /// markdown, html); repeat to write several reports in one run (each
    /// `--output` applies to the `--format` before it).
    #[arg(long = "format", value_name = "FORMAT", value_parser = parse_merge_format, action = clap::ArgAction::Append)]
    pub formats: Vec<MergeFormat>,
    /// Write the report to FILE instead of stdout.
    #[arg(long = "output", short = 'o', value_name = "FILE", action = clap::ArgAction::Append)]
    pub outputs: Vec<PathBuf>,
    /// Lowest severity that makes the exit code 1 (audit reports).
    #[arg(long, value_name = "LEVEL", value_parser = |s: &str| s.parse::<FailOn>())]
    pub fail_on: Option<FailOn>,
    /// Exit 1 when a database's coverage in the merged inventory is below
    /// PERCENT (inventories; as for `inventory --fail-under`).
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    pub fail_under: Option<f64>,
    #[command(flatten)]
    pub quiet: QuietArg,
}

/// `merge --format`: a report format or an inventory format (`json` and
/// `markdown` are both); which applies depends on what is merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergeFormat {
    pub report: Option<Format>,
    pub inventory: Option<InventoryFormat>,
}

fn parse_merge_format(s: &str) -> Result<MergeFormat, BadValue> {
    let f = MergeFormat {
        report: Format::from_str(s).ok(),
        inventory: InventoryFormat::from_str(s).ok(),
    };
    if f.report.is_none() && f.inventory.is_none() {
        return Err(BadValue(format!(
            "unknown format `{s}` (expected table, json, sarif, github, gitlab, junit or markdown; \
             for inventories csv, json, markdown or html)"
        )));
    }
    Ok(f)
}

/// `pitag inventory`'s options.
#[derive(Debug, Args)]
pub struct InventoryArgs {
    /// Migration folders, SQL files or dumps (as for `migrations`; default:
    /// `paths` from pitag.toml, else ./migrations, unless --url or --inventory).
    #[arg(conflicts_with_all = ["urls", "inventory"])]
    pub paths: Vec<PathBuf>,
    /// Database URL (postgres://, postgresql://, mysql://, mariadb://); repeat
    /// for several.
    #[arg(long = "url", value_name = "URL", action = clap::ArgAction::Append)]
    pub urls: Vec<String>,
    /// A TOML inventory of databases (as for `db --inventory`).
    #[arg(long, value_name = "FILE")]
    pub inventory: Option<PathBuf>,
    /// Only the fleet inventory's databases carrying any of these tags (repeatable).
    #[arg(long = "only-tag", value_name = "TAG", requires = "inventory", action = clap::ArgAction::Append)]
    pub only_tags: Vec<String>,
    /// Skip the fleet inventory's databases carrying this tag (repeatable).
    #[arg(long = "skip-tag", value_name = "TAG", requires = "inventory", action = clap::ArgAction::Append)]
    pub skip_tags: Vec<String>,
    /// Share K of N of the selected databases (as for `db --shard`); merge
    /// the shares' JSON inventories with `pitag merge`.
    #[arg(long, value_name = "K/N", value_parser = parse_shard, requires = "inventory", conflicts_with = "urls")]
    pub shard: Option<Shard>,
    /// How many databases to read at once.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: u16,
    /// Also read up to N values of each untagged text or decimal column
    /// (as for `db --sample`): columns whose values are PI are listed.
    /// Values are never shown.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100_000), conflicts_with = "paths")]
    pub sample: Option<u32>,
    /// Inventory format: csv, json, markdown or html (default: markdown);
    /// repeat to write several (each `--output` applies to the `--format` before it).
    #[arg(long = "format", value_name = "FORMAT", value_parser = parse_inventory_format, action = clap::ArgAction::Append)]
    pub formats: Vec<InventoryFormat>,
    /// Write the inventory to FILE instead of stdout.
    #[arg(long = "output", short = 'o', value_name = "FILE", action = clap::ArgAction::Append)]
    pub outputs: Vec<PathBuf>,
    /// Exit 1 when a database's coverage (tagged PI columns / PI columns,
    /// in percent) is below PERCENT; a database without PI columns never is.
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    pub fail_under: Option<f64>,
    #[command(flatten)]
    pub input: InputArgs,
    /// MySQL/MariaDB server the migrations run on (as for `migrations`).
    #[arg(long, value_name = "VERSION", value_parser = MysqlServer::from_str)]
    pub server_version: Option<MysqlServer>,
    #[command(flatten)]
    pub confidence: ConfidenceArg,
    #[command(flatten)]
    pub placeholders: PlaceholderArgs,
    #[command(flatten)]
    pub connect: ConnectArgs,
    #[command(flatten)]
    pub scope: ScopeArgs,
    #[command(flatten)]
    pub quiet: QuietArg,
}

fn parse_inventory_format(s: &str) -> Result<InventoryFormat, BadValue> {
    InventoryFormat::from_str(s).map_err(|_| {
        BadValue(format!(
            "unknown format `{s}` (expected csv, json, markdown or html)"
        ))
    })
}

fn parse_percent(s: &str) -> Result<f64, BadValue> {
    match s.trim().trim_end_matches('%').parse::<f64>() {
        Ok(p) if (0.0..=100.0).contains(&p) => Ok(p),
        _ => Err(BadValue(format!(
            "`{s}`: expected a percentage from 0 to 100"
        ))),
    }
}

//! Command-line interface (clap derive).

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "pitag",
    version,
    about = "Audits #PPI / #GEO privacy tags in SQL schema comments",
    long_about = "Audits #PPI / #GEO privacy tags in SQL schema comments: migration folders, \
schema dumps and live databases.\n\nExit codes: 0 nothing at or above --fail-on, \
1 findings at or above --fail-on, 2 the audit could not run or finish."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
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
    /// Print (or --write as a new migration) the SQL that repairs fixable findings.
    Fix(crate::fix::command::FixArgs),
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
    #[arg(long = "format", value_name = "FORMAT", value_parser = crate::report::Format::parse_arg, action = clap::ArgAction::Append)]
    pub formats: Vec<crate::report::Format>,
    /// Write the report to FILE instead of stdout.
    #[arg(long = "output", short = 'o', value_name = "FILE", action = clap::ArgAction::Append)]
    pub outputs: Vec<PathBuf>,
    /// Configuration file (default: pitag.toml in this folder or a parent).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// SQL dialect: postgres, mysql or mariadb (mariadb: MySQL syntax, with
    /// conditional comments run as MariaDB does).
    #[arg(long, value_parser = |s: &str| s.parse::<crate::dialect::DialectArg>())]
    pub dialect: Option<crate::dialect::DialectArg>,
    /// MySQL/MariaDB server the migrations run on (`mariadb-10.11`, `8.0.36`):
    /// which `/*!NNNNN … */` comments run; overrides `[mysql] server_version`.
    #[arg(long, value_name = "VERSION", value_parser = |s: &str| s.parse::<crate::source::replay::mysql_version::MysqlServer>())]
    pub server_version: Option<crate::source::replay::mysql_version::MysqlServer>,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_name = "LEVEL", value_parser = |s: &str| s.parse::<crate::finding::FailOn>())]
    pub fail_on: Option<crate::finding::FailOn>,
    /// Lowest classifier confidence that is reported: low, medium or high.
    #[arg(long, value_name = "LEVEL", value_parser = |s: &str| s.parse::<crate::classify::Confidence>())]
    pub min_confidence: Option<crate::classify::Confidence>,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in FILE and exit 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Print nothing on stderr but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

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

fn parse_placeholder(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_string(), value.to_string()))
        }
        _ => Err(format!(
            "`{s}`: expected NAME=VALUE (for example `--placeholder schema=public`)"
        )),
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
    #[arg(long, default_value = "table", value_parser = ["table", "json"])]
    pub format: String,
    /// Show every column, including those classified as not PI.
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub placeholders: PlaceholderArgs,
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[arg(long, value_parser = |s: &str| s.parse::<crate::dialect::DialectArg>())]
    pub dialect: Option<crate::dialect::DialectArg>,
    #[arg(long, value_name = "LEVEL", value_parser = |s: &str| s.parse::<crate::classify::Confidence>())]
    pub min_confidence: Option<crate::classify::Confidence>,
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
    pub fn live_options(&self) -> crate::source::live::LiveOptions {
        crate::source::live::LiveOptions {
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
    pub fn live_options(&self, connect: &ConnectArgs) -> crate::source::live::LiveOptions {
        crate::source::live::LiveOptions {
            schemas: self.schemas.clone(),
            exclude_schemas: self.exclude_schemas.clone(),
            include_views: self.include_views,
            ..connect.live_options()
        }
    }
}
